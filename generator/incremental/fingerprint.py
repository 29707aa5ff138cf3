"""Page fingerprints: a page is re-rendered only when something it shows has changed.

An article page shows its own source (front matter and body, pre-rendered) and, of the rest of the
wiki, only what hangs off its own node in the graph: its edges in both directions (with their types,
order and backlink contexts), what the templates print of each neighbour (title, summary, kind,
category), the edges among its neighbours (the local graph), and the articles its links and backlink
contexts name. Every list on the page (related, used by, topics, backlinks…) is a function of exactly
these. Whole-site inputs (templates, generator version, site.yaml, the bibliography, the build date)
go into one global key shared by every page; a change to the generator's code changes its version.

So a page's fingerprint is a function of the global key and of the *signatures* (`own_signature`: source,
view, out-edges with their contexts, link targets) of the articles at most two edges away from it, in
either direction: one edge for its neighbours' views, edges and contexts, two for the articles that a
backlink's context names. An incremental build therefore fingerprints again only the articles within two
edges of one whose signature changed (`affected`), in the graph before or after the change, and takes
the others' fingerprints from the last build. In a wiki that builds, a signature is a function of the
article's own source and of which article each name (slug or alias) resolves to: while no name moved
(`names_key`), the articles whose source changed are exactly those whose signature did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.incremental.cache import digest
from generator.content.schema import Article
from generator.link import WikiGraph
from generator.markdown.dialect import WIKILINK, ParsedBody


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


def own_signature(wiki: WikiGraph, article: Article, parsed: ParsedBody, body_key: str) -> str:
    """Everything of `article` that any page's fingerprint reads: its source (front matter and body), its
    view, its out-edges in order with their contexts, and what each of its links resolves to."""
    slug = article.slug
    targets = [(link.target, wiki.resolve(link.target)) for link in parsed.links]
    return digest(body_key, repr(neighbour_view(wiki, slug)), repr(_edges(wiki.graph._succ[slug])), repr(targets))


def site_signature(wiki: WikiGraph, article: Article, parsed: ParsedBody) -> str:
    """Everything of `article` that the whole-site pages (generator/outputs/producers.py PRODUCERS, and home, the
    kind indexes, /references/) can show: its front matter, its out-edges in order with their types (not
    their backlink contexts: no whole-site page quotes an article's text) and the figures it draws. Not its
    prose: an edit to body text alone leaves those pages as they were, and only the search index, which
    reads every page, is merged again."""
    edges = [(other, key) for other, keyed in wiki.graph._succ[article.slug].items() for key in keyed]
    meta = article.meta  # its fields as a plain dict: pydantic's own repr costs twice as much
    return digest(type(meta).__name__, repr(meta.__dict__), repr(edges), repr(parsed.env.get("figures_used", ())))


def names_key(wiki: WikiGraph) -> str:
    """A hash of which article every slug and alias resolves to."""
    return digest(repr(sorted(wiki.names.items())))


def article_neighbours(wiki: WikiGraph, slug: str) -> frozenset[str]:
    """The articles one edge away from `slug`, in either direction (reference nodes show no article's data)."""
    articles = wiki.articles
    around = {other for other in wiki.graph._succ[slug] if other in articles}
    around.update(other for other in wiki.graph._pred[slug] if other in articles)
    around.discard(slug)
    return frozenset(around)


def affected(changed: set[str], neighbours_now: Callable[[str], frozenset[str]],
             neighbours_before: dict[str, frozenset[str]]) -> set[str]:
    """The articles whose fingerprint may differ: the changed ones and those within two edges of one, in
    the graph now (`neighbours_now(slug)`, asked only of the articles the search reaches) or in the graph
    of the last build (a removed link or article changes its old neighbours)."""
    zone, frontier, nothing = set(changed), set(changed), frozenset()
    for _ in range(2):
        reached = set()
        for slug in frontier:
            reached |= neighbours_now(slug)
            reached |= neighbours_before.get(slug, nothing)
        frontier = reached - zone
        zone |= frontier
    return zone


@dataclass(frozen=True)
class Fingerprinted:
    """One article's fingerprints as the last build computed them, with what they were computed from."""

    slug: str
    global_key: str
    names_key: str
    body_key: str
    signature: str
    site_signature: str
    neighbours: frozenset[str]
    page: str
    groups: tuple  # (group, fingerprint, producer index, slug) per per-article side output
