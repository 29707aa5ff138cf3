"""Page fingerprints: a page is re-rendered only when something it shows has changed.

An article page shows its own source (front matter and body, pre-rendered), and of its neighbours
only what the templates print: title, summary, kind and category, plus the contexts of backlinks and
the order of every list. Whole-site inputs (templates, generator version, site.yaml, the
bibliography, the build date) go into one global key shared by every page. Anything not named here
changes the generator version (its source) or a template, which changes every fingerprint.
"""

from __future__ import annotations

from generator.cache import digest
from generator.content import Article
from generator.graph import WikiGraph
from generator.markdown import WIKILINK, ParsedBody


def neighbour_view(wiki: WikiGraph, slug: str) -> tuple:
    """What a page can show of one other article."""
    article = wiki.articles.get(slug)
    if article is None:
        return (slug,)
    meta = article.meta
    return (slug, meta.title, meta.summary, meta.kind, meta.category)


def article_fingerprint(wiki: WikiGraph, article: Article, parsed: ParsedBody, body_key: str, global_key: str) -> str:
    slug = article.slug
    lists = (wiki.used_by(slug), wiki.related(slug), wiki.uses(slug), wiki.discusses(slug), wiki.topics_for(slug),
             wiki.cites(slug), wiki.neighbours(slug))
    backlinks = [(b.source, b.contexts) for b in wiki.backlinks(slug)]
    targets = [(link.target, wiki.resolve(link.target)) for link in parsed.links]
    shown = {s for group in lists for s in group} | {s for s, _ in backlinks} | {t for _, t in targets if t}
    # A backlink's context may name other articles ([[slug]]), shown by their titles.
    for _, contexts in backlinks:
        for context in contexts:
            shown |= {wiki.resolve(m.group(1)) or m.group(1) for m in WIKILINK.finditer(context)}
    neighbours = [neighbour_view(wiki, s) for s in sorted(shown)]
    # The local graph draws the relations among the page and its neighbours, too.
    around = wiki.graph.subgraph([slug, *lists[-1]])
    local_edges = sorted((u, v, key) for u, v, key in around.edges(keys=True))
    return digest(global_key, body_key, repr(lists), repr(backlinks), repr(targets), repr(neighbours), repr(local_edges))
