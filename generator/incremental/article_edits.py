"""The check of a resident build after an editor saved some articles: only those files are loaded, parsed and
linked again, on top of the last good build's records, graph and warnings.

It takes only the edits whose effect it can bound by the edited articles themselves: each edited file is an
existing concept or topic article (instruments feed the threshold data every body may read), it loads and
parses without an error, keeps its slug, aliases and heading anchors (which other articles' links resolve
to), and keeps its edges: the same targets of the same types in the same order, so the graph changes only in
its own node's front-matter view and its edges' backlink contexts. Anything else (a new, renamed or deleted
article, references.bib, site.yaml, data/, any error) returns None, and the resident build runs the whole
incremental check instead, which reports every problem at once. Either way the result is the `Checked` a
full check would give (tested: same site, same warnings).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import networkx as nx

from generator.build import Checked
from generator.content.editorial import report_editorial
from generator.content.load import display_path
from generator.builddate import build_date
from generator.incremental.cache import BuildCache, digest
from generator.incremental.cached_load import load_file
from generator.incremental.cached_parse import parse_articles
from generator.kinds import BY_NAME
from generator.link import WikiGraph, add_article_edges, report_orphans
from generator.problems import WARNING, Problems

# Kinds whose articles no other article's parse reads (instruments make the threshold data).
EDITABLE_KINDS = ("concept", "topic")


def _article_slug(content_dir: Path, path: Path, previous: Checked) -> str | None:
    """The slug of the existing concept or topic article stored at `path`, or None."""
    try:
        relative = path.resolve().relative_to(content_dir.resolve())
    except ValueError:
        return None
    if len(relative.parts) != 2 or relative.suffix != ".md":
        return None
    article = previous.wiki.articles.get(relative.stem)
    if article is None or article.kind not in EDITABLE_KINDS or Path(article.path).name != relative.name:
        return None
    if BY_NAME[article.kind].folder != relative.parts[0]:
        return None
    return article.slug


def _names(article) -> set[str]:
    return {article.slug.casefold(), *(alias.casefold() for alias in article.meta.aliases)}


def _own_edges(wiki: WikiGraph, article, parsed, bibliography, problems: Problems) -> nx.MultiDiGraph | None:
    """The article's out-edges with their data, as build_graph makes them, in a graph of their own that holds
    the nodes its edges led to so far; None if it now has an edge to another node (its edges changed)."""
    scratch = WikiGraph(nx.MultiDiGraph(), wiki.articles, wiki.names, wiki.anchors, wiki.failed_names)
    scratch.graph.add_nodes_from([article.slug, *wiki.graph._succ[article.slug]])
    try:
        add_article_edges(scratch, article, parsed, bibliography, problems)
    except KeyError:  # an edge to a node not among them
        return None
    return scratch.graph


def _shape(graph: nx.MultiDiGraph, slug: str) -> list[tuple[str, str]]:
    return [(target, key) for target, keyed in graph._succ[slug].items() for key in keyed]


def check_edited(previous: Checked, edited: set[Path], make_md, markers) -> Checked | None:
    """The Checked of the content after the articles at `edited` were saved, or None if the whole check must run."""
    corpus = previous.corpus
    content_dir = Path(corpus.root)
    slugs = {}
    for path in edited:
        slug = _article_slug(content_dir, path, previous)
        if slug is None or not path.is_file():
            return None
        slugs[slug] = path
    if not slugs:
        return None
    wiki, env = previous.wiki, previous.env
    problems = Problems()
    loaded, source_keys = {}, {}
    for slug, path in slugs.items():
        old = wiki.articles[slug]
        shown = display_path(path)
        raw = path.read_bytes()
        result = load_file((path, old.kind), shown, raw)
        article = result.article
        if article is None or result.unchecked or any(p.severity != WARNING for p in result.problems):
            return None
        if article.slug != slug or _names(article) != _names(old):
            return None
        problems.items.extend(result.problems)
        loaded[slug] = article
        source_keys[slug] = digest(shown, old.kind, raw)  # cached_load.file_key's key
    parse_problems = Problems()
    parsed, body_keys = parse_articles(previous.md, make_md, list(loaded.values()), source_keys, env,
                                       parse_problems, BuildCache(None), markers, jobs=1)
    if parse_problems.errors:
        return None
    problems.items.extend(parse_problems.items)
    edges = {}
    for slug, article in loaded.items():
        if {h.anchor for h in parsed[slug].headings} != wiki.anchors.get(slug):
            return None
        link_problems = Problems()
        own = _own_edges(wiki, article, parsed[slug], corpus.bibliography, link_problems)
        if own is None or link_problems.items or _shape(own, slug) != _shape(wiki.graph, slug):
            return None
        edges[slug] = own
    report_editorial(list(loaded.values()), problems, corpus.site, build_date())

    # From here on nothing can fail: the last build's records are updated in place.
    graph = wiki.graph
    for slug, article in loaded.items():
        wiki.articles[slug] = article
        graph.nodes[slug].update(kind=article.kind, title=article.title, summary=article.meta.summary)
        for target, keyed in edges[slug]._succ[slug].items():
            for key, data in keyed.items():
                kept = graph._succ[slug][target][key]
                kept.clear()
                kept.update(data)
    wiki.fingerprint_memo.clear()  # not wiki.edge_memo: no edge and no article was added or removed
    articles = [wiki.articles[a.slug] for a in corpus.articles]
    shown_paths = {display_path(path) for path in slugs.values()}
    report_orphans(wiki, problems)  # no edge changed: the same orphans as the last build's
    warnings = [w for w in previous.warnings if w.path not in shown_paths]
    warnings += [p for p in problems.items if p.severity == WARNING and p.path in shown_paths]
    warnings = sorted(set(warnings))
    new_corpus = dataclasses.replace(corpus, articles=articles, problems=Problems(list(warnings)))
    return dataclasses.replace(previous, corpus=new_corpus, parsed={**previous.parsed, **parsed},
                               body_keys={**previous.body_keys, **body_keys}, warnings=warnings, timings={},
                               edited=frozenset(loaded))

