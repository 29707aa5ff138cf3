"""Page fingerprints: a page is re-rendered only when something it shows has changed.

An article page shows its own source (front matter and body, pre-rendered) and, of the rest of the
wiki, only what hangs off its own node in the graph: its edges in both directions (with their types,
order and backlink contexts), what the templates print of each neighbour (title, summary, kind,
category), the edges among its neighbours (the local graph), and the articles its links and backlink
contexts name. Every list on the page (related, used by, topics, backlinks…) is a function of exactly
these. Whole-site inputs (templates, generator version, site.yaml, the bibliography, the build date)
go into one global key shared by every page; a change to the generator's code changes its version.
"""

from __future__ import annotations

from generator.cache import digest
from generator.content import Article
from generator.graph import WikiGraph
from generator.markdown import WIKILINK, ParsedBody


def neighbour_view(wiki: WikiGraph, slug: str) -> tuple:
    """What a page can show of one other article (or reference node)."""
    article = wiki.articles.get(slug)
    if article is None:
        return (slug,)
    meta = article.meta
    return (slug, meta.title, meta.summary, meta.kind, meta.category)


def _edges(adjacency) -> list[tuple]:
    """(neighbour, edge type, contexts) for one direction of a node's adjacency, in insertion order."""
    return [(other, key, tuple(data.get("contexts", ()))) for other, keyed in adjacency.items()
            for key, data in keyed.items()]


def article_fingerprint(wiki: WikiGraph, article: Article, parsed: ParsedBody, body_key: str, global_key: str) -> str:
    slug = article.slug
    # A node's view and out-edges are the same for each of the pages around it: made once per wiki (the graph is
    # complete before any page is fingerprinted). NetworkX's plain adjacency dicts: its views cost more.
    memo = wiki.fingerprint_memo
    views, out = memo.setdefault("views", {}), memo.setdefault("out", {})
    succ, pred, articles, resolve = wiki.graph._succ, wiki.graph._pred, wiki.articles, wiki.resolve
    outgoing = _edges(succ[slug])
    incoming = sorted(_edges(pred[slug]))
    around = {other for other, _, _ in outgoing}
    around.update(other for other, _, _ in incoming)
    shown = set(around)
    for _, _, contexts in incoming:  # a backlink's context may name other articles, shown by title
        for context in contexts:
            for match in WIKILINK.finditer(context):
                name = match.group(1)
                shown.add(resolve(name) or name)
    targets = [(link.target, resolve(link.target)) for link in parsed.links]
    shown.update(target for _, target in targets if target)
    local = {n for n in around if n in articles}
    local.add(slug)
    local_edges = []
    for n in local:
        pairs = out.get(n)
        if pairs is None:
            pairs = out[n] = [(other, key) for other, keyed in succ[n].items() for key in keyed]
        local_edges.extend((n, other, key) for other, key in pairs if other in local)
    local_edges.sort()
    shown_views = []
    for name in sorted(shown):
        view = views.get(name)
        if view is None:
            view = views[name] = repr(neighbour_view(wiki, name))
        shown_views.append(view)
    neighbours = "[" + ", ".join(shown_views) + "]"  # repr() of the list of views
    return digest(global_key, body_key, repr(outgoing), repr(incoming), repr(targets), neighbours,
                  repr(local_edges))
