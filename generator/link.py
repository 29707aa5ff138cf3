"""Stage 2, link: the wiki as a NetworkX graph, and every derived view as a query on it, computed once.

Nodes are articles (by slug) and references (``ref:<key>``). Edges are typed by their key:
``related`` (concept–concept), ``uses`` (instrument → concept), ``discusses`` (topic → concept),
``links`` (a wiki link in a body) and ``cites`` (article → reference). Every wiki link, anchor and
citation key is resolved here; what does not resolve becomes a positioned problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx

from generator.content.schema import Article
from generator.kinds import BY_NAME
from generator.markdown.dialect import ParsedBody
from generator.problems import WARNING, Problems

EDGE_TYPES = ("related", "uses", "discusses", "links", "cites")
# Which front-matter list makes which edge, and what kind its targets must be.
LIST_EDGES = {"related": ("related", "concept"), "uses": ("uses", "concept"), "discusses": ("discusses", "concept")}


def article_noun(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def ref_node(key: str) -> str:
    return f"ref:{key}"


@dataclass
class Backlink:
    source: str  # slug
    contexts: list[str]


@dataclass
class WikiGraph:
    graph: nx.MultiDiGraph
    articles: dict[str, Article]
    names: dict[str, str]  # case-folded slug or alias -> slug; never changed once made (a new graph gets a new one)
    anchors: dict[str, set[str]] = field(default_factory=dict)
    failed_names: set[str] = field(default_factory=set)  # invalid articles: links to them are not re-reported
    fingerprint_memo: dict = field(default_factory=dict, repr=False, compare=False)  # the reads of one build (render/reads.py)
    # Views made from the articles' slugs and the typed edges alone (which articles the global picture draws,
    # graph.json's edges): they hold while no article is added or removed and no edge changes, which is what an
    # edit the resident build takes in place guarantees (generator/incremental/article_edits.py).
    edge_memo: dict = field(default_factory=dict, repr=False, compare=False)

    def is_failed(self, name: str) -> bool:
        return name.strip().casefold() in self.failed_names

    def resolve(self, name: str) -> str | None:
        return self.names.get(name.strip().casefold())

    def title(self, slug: str) -> str:
        article = self.articles.get(slug)
        return article.title if article else slug

    def _sources(self, slug: str, edge_type: str, kind: str | None = None) -> list[str]:
        found = {u for u, _, key in self.graph.in_edges(slug, keys=True) if key == edge_type and u in self.articles}
        if kind:
            found = {u for u in found if self.articles[u].kind == kind}
        return sorted(found, key=lambda s: (self.title(s).casefold(), s))

    def _targets(self, slug: str, edge_type: str) -> list[str]:
        return [v for _, v, key in self.graph.out_edges(slug, keys=True) if key == edge_type]

    def used_by(self, slug: str) -> list[str]:
        """Instruments that rely on this concept."""
        return self._sources(slug, "uses", "instrument")

    def related(self, slug: str) -> list[str]:
        """The concepts an article lists as related, then those that list it, without repeats."""
        listed = self._targets(slug, "related")
        reverse = [s for s in self._sources(slug, "related") if s not in listed and s != slug]
        return listed + reverse

    def uses(self, slug: str) -> list[str]:
        return self._targets(slug, "uses")

    def discusses(self, slug: str) -> list[str]:
        return self._targets(slug, "discusses")

    def topics_for(self, slug: str) -> list[str]:
        """Topic articles that discuss this article or link to it."""
        topics = set(self._sources(slug, "discusses", "topic")) | set(self._sources(slug, "links", "topic"))
        return sorted(topics - {slug}, key=lambda s: (self.title(s).casefold(), s))

    def cites(self, slug: str) -> list[str]:
        """Reference keys the article cites, in order of first citation."""
        return [v.removeprefix("ref:") for v in self._targets(slug, "cites")]

    def cited_by(self, key: str) -> list[str]:
        """The articles that cite the reference, by title."""
        return sorted(self.citing(key), key=lambda s: (self.title(s).casefold(), s))

    def citing(self, key: str) -> set[str]:
        """The articles that cite the reference. Which they are depends on the edges alone: kept."""
        citing = self.edge_memo.get("citing")
        if citing is None:
            citing = self.edge_memo["citing"] = self._citing()
        return citing.get(ref_node(key), set())

    def _citing(self) -> dict[str, set[str]]:
        """Reference node → the articles with a `cites` edge to it (NetworkX's adjacency dicts: a walk of
        every edge once, not a view per reference)."""
        citing: dict[str, set[str]] = {}
        for source, targets in self.graph._succ.items():
            if source in self.articles:
                for target, keyed in targets.items():
                    if "cites" in keyed:
                        citing.setdefault(target, set()).add(source)
        return citing

    def backlinks(self, slug: str) -> list[Backlink]:
        result = []
        for source in self._sources(slug, "links"):
            if source == slug:
                continue
            contexts = self.graph.edges[source, slug, "links"].get("contexts", [])
            result.append(Backlink(source, contexts))
        return result

    @cached_property
    def orphans(self) -> list[str]:
        """Articles no other article points to by any edge."""
        return sorted(
            slug for slug in self.articles
            if not any(u != slug and u in self.articles for u, _ in self.graph.in_edges(slug))
        )

    def neighbours(self, slug: str) -> list[str]:
        """Articles one edge away in either direction (for the local graph)."""
        around = set(self.graph.successors(slug)) | set(self.graph.predecessors(slug))
        return sorted(n for n in around if n in self.articles and n != slug)


def build_graph(articles: list[Article], parsed: dict[str, ParsedBody], bibliography, problems: Problems,
                failed_names: set[str] = frozenset()) -> WikiGraph:
    """Make the graph; every unresolved name, anchor or key becomes a problem at its position."""
    graph = nx.MultiDiGraph()
    by_slug = {a.slug: a for a in articles}
    names: dict[str, str] = {}
    for article in articles:
        names[article.slug.casefold()] = article.slug
        for alias in article.meta.aliases:
            names.setdefault(alias.casefold(), article.slug)
        graph.add_node(article.slug, kind=article.kind, title=article.title, summary=article.meta.summary)
    wiki = WikiGraph(graph, by_slug, names, failed_names=set(failed_names) - set(names))
    wiki.anchors = {slug: {h.anchor for h in body.headings} for slug, body in parsed.items()}

    for article in articles:
        add_article_edges(wiki, article, parsed.get(article.slug), bibliography, problems)
    return wiki


def add_article_edges(wiki: WikiGraph, article: Article, body: ParsedBody | None, bibliography,
                      problems: Problems) -> None:
    """The edges out of one article: its front-matter lists, reference keys, and its body's links and
    citations (serve redoes this for a saved article alone, generator/incremental/article_edits.py)."""
    _add_list_edges(wiki, article, problems)
    _add_reference_keys(wiki, article, bibliography, problems)
    if body is not None:
        _add_body_edges(wiki, article, body, bibliography, problems)


def _meta_value(article: Article, field_name: str):
    """A front-matter field, None where the article's kind has no such field (asking pydantic for a missing
    attribute raises and catches an error: slow on every article)."""
    meta = article.meta
    return getattr(meta, field_name) if field_name in type(meta).model_fields else None


def _add_list_edges(wiki: WikiGraph, article: Article, problems: Problems) -> None:
    for field_name in BY_NAME[article.kind].edges:
        edge_type, target_kind = LIST_EDGES[field_name]
        for index, name in enumerate(_meta_value(article, field_name) or []):
            target = wiki.resolve(name)
            if target is None:
                if not wiki.is_failed(name):
                    problems.add(article.path, *article.value_position_of(field_name, index),
                                 f"'{field_name}' names '{name}', but no article has that slug or alias")
            elif wiki.articles[target].kind != target_kind:
                problems.add(article.path, *article.value_position_of(field_name, index),
                             f"'{field_name}' must list {target_kind}s; '{name}' is {article_noun(wiki.articles[target].kind)}")
            elif target == article.slug:
                problems.add(article.path, *article.value_position_of(field_name, index),
                             f"'{field_name}' lists the article itself")
            else:
                _edge_data(wiki.graph, article.slug, target, edge_type)


def _add_reference_keys(wiki: WikiGraph, article: Article, bibliography, problems: Problems) -> None:
    for field_name in ("primary_source", "reference"):
        key = _meta_value(article, field_name)
        if key is None:
            continue
        if key not in bibliography:
            problems.add(article.path, *article.value_position_of(field_name),
                         f"'{field_name}': unknown citation key '{key}' (not in references.bib)")
        else:
            _add_cite(wiki, article.slug, key)
    for index, change in enumerate(_meta_value(article, "status_history") or []):
        if change.source not in bibliography:
            problems.add(article.path, *article.value_position_of("status_history", index, "source"),
                         f"'status_history.{index}.source': unknown citation key '{change.source}' "
                         "(not in references.bib)")
        else:
            _add_cite(wiki, article.slug, change.source)


def _add_cite(wiki: WikiGraph, slug: str, key: str) -> None:
    node = ref_node(key)
    if node not in wiki.graph._node:
        wiki.graph.add_node(node, kind="reference", key=key)
    _edge_data(wiki.graph, slug, node, "cites")


def _edge_data(graph: nx.MultiDiGraph, source: str, target: str, key: str) -> dict:
    """The data of the edge (source, target, key), added if missing, between two nodes already in `graph`:
    what `graph.add_edge` does, straight on NetworkX's adjacency dicts (the successor's and predecessor's
    entry are one key dict, as there), without its checks and cache clearing, which cost more than the
    edge itself for the 130,000 edges of a 10,000-article wiki."""
    keys = graph._succ[source].get(target)
    if keys is None:
        keys = graph._succ[source][target] = graph._pred[target][source] = {}
    data = keys.get(key)
    if data is None:
        data = keys[key] = {}
    return data


def _link_target(wiki: WikiGraph, path: str, link, problems: Problems) -> str | None:
    """The slug a wiki link leads to, or None (with its problem, unless it names an article that failed)."""
    target = wiki.resolve(link.target)
    if target is None:
        if not wiki.is_failed(link.target):
            problems.add(path, link.line, link.column, f"broken wiki link: no article '{link.target}'")
        return None
    if link.anchor is not None and link.anchor not in wiki.anchors.get(target, set()):
        problems.add(path, link.line, link.column, f"broken wiki link: '{target}' has no heading '#{link.anchor}'")
        return None
    return target


def _known_keys(path: str, citation, bibliography, problems: Problems) -> list[str]:
    """The keys of a citation that are in references.bib; each other one is a problem."""
    known = []
    for item in citation.items:
        if item["key"] in bibliography:
            known.append(item["key"])
        else:
            problems.add(path, citation.line, citation.column,
                         f"unknown citation key '@{item['key']}' (not in references.bib)")
    return known


def report_unchecked_bodies(wiki: WikiGraph, bodies: list[tuple[str, ParsedBody]], bibliography,
                            problems: Problems) -> None:
    """Broken links and unknown keys in the bodies of articles whose front matter was refused (path, body)."""
    for path, body in bodies:
        for link in body.links:
            _link_target(wiki, path, link, problems)
        for citation in body.citations:
            _known_keys(path, citation, bibliography, problems)


def _add_body_edges(wiki: WikiGraph, article: Article, body: ParsedBody, bibliography, problems: Problems) -> None:
    for link in body.links:
        target = _link_target(wiki, article.path, link, problems)
        if target is None or target == article.slug:
            continue
        contexts = _edge_data(wiki.graph, article.slug, target, "links").setdefault("contexts", [])
        if link.context not in contexts:  # raw; render turns it into display text
            contexts.append(link.context)
    for key in body.env.get("threshold_sources", []):  # sources of computed numbers and figures
        if key in bibliography:
            _add_cite(wiki, article.slug, key)
    for citation in body.citations:
        for key in _known_keys(article.path, citation, bibliography, problems):
            _add_cite(wiki, article.slug, key)


def report_orphans(wiki: WikiGraph, problems: Problems) -> None:
    """Orphans are a warning, not an error: a new article often has no links yet."""
    for slug in wiki.orphans:
        problems.add(wiki.articles[slug].path, 1, 1, "orphan: no other article links to this one", WARNING)
