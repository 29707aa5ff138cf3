"""Page fingerprints: a page is rendered again exactly when something it read has changed.

An article page reads the rest of the wiki only through the recording accessor of generator/render/reads.py:
rendering it gathers (renderer.py `Renderer.gather`) every list, backlink, local-graph edge, link target and
title it shows, and the accessor logs each read with a hash of its value. A page's fingerprint is a digest of
its own source (`body_key`), the whole-site key (templates, generator version, site.yaml, the bibliography, the
build date) and that log (`page_fingerprint`). Nothing here knows what a page shows: a new page feature that
reads a neighbour's field through the accessor is in the log, and so in the fingerprint.

After an edit, a page is fingerprinted again when its own source changed, or when a read in its log now returns
something else. Every read has a subject, the article it is about, and its value depends only on articles at
most one edge from that subject (reads.py). So only the reads whose subject is a changed article or one edge
from it (in the graph before or after the change, `near_changes`) are asked again, on the pages that read
something about those subjects (in serve, found through an index from subject to pages, `ReadsIndex`). Name resolution is asked
again only when which article a name resolves to changed (`names_key`); then the articles whose out-edges
changed (`own_signature`) count as changed too.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, field

from generator.content.schema import Article
from generator.incremental.cache import digest
from generator.link import WikiGraph
from generator.markdown.dialect import ParsedBody
from generator.render.reads import subject


def page_fingerprint(global_key: str, body_key: str, log: dict[tuple, str]) -> str:
    """An article page's fingerprint: its source, the whole-site key and what it read (key → value hash)."""
    return digest(global_key, body_key, repr(sorted(log.items())))


def reads_by_subject(log: dict[tuple, str]) -> "SubjectReads":
    """A page's log grouped by the subject of each read."""
    grouped: dict[str, list] = {}
    for key, value in log.items():
        grouped.setdefault(subject(key), []).append((key, value))
    return SubjectReads(tuple(grouped), {name: tuple(reads) for name, reads in grouped.items()})


class SubjectReads:
    """A page's reads by subject: `for name in reads` gives the subjects, `reads[name]` that subject's
    ((read key, value hash), …). Pickled, the reads stay one packed string until a subject's are asked for:
    a build loads every page's entry from the last one but asks again only about the subjects near an
    edit, and unpickling the reads themselves (some sixty small tuples a page) was most of loading them."""

    __slots__ = ("subjects", "_grouped", "_packed")

    def __init__(self, subjects: tuple[str, ...], grouped: dict | None = None, packed: bytes | None = None):
        self.subjects, self._grouped, self._packed = subjects, grouped, packed

    def __iter__(self):
        return iter(self.subjects)

    def __getitem__(self, name: str) -> tuple[tuple[tuple, str], ...]:
        if self._grouped is None:
            self._grouped = pickle.loads(self._packed)
        return self._grouped[name]

    def __reduce__(self):
        if self._packed is None:
            self._packed = pickle.dumps(self._grouped, protocol=pickle.HIGHEST_PROTOCOL)
        return SubjectReads, (self.subjects, None, self._packed)


def own_signature(wiki: WikiGraph, article: Article, parsed: ParsedBody, body_key: str) -> str:
    """An article's source with what its links resolve to and its out-edges in order with their contexts: all
    it contributes to other articles' reads. It changes without the source when a name moves to another article."""
    slug = article.slug
    targets = [(link.target, wiki.resolve(link.target)) for link in parsed.links]
    edges = [(other, key, tuple(data.get("contexts", ()))) for other, keyed in wiki.graph._succ[slug].items()
             for key, data in keyed.items()]
    return digest(body_key, repr(edges), repr(targets))


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
    """A hash of which article every slug and alias resolves to. A graph's names table is never changed once
    made (link.py), so its key is kept while the same table is in use (serve's saved-articles builds)."""
    if _NAMES_KEY[0] is not wiki.names:
        _NAMES_KEY[:] = [wiki.names, digest(repr(sorted(wiki.names.items())))]
    return _NAMES_KEY[1]


_NAMES_KEY: list = [None, ""]


def article_neighbours(wiki: WikiGraph, slug: str) -> frozenset[str]:
    """The articles one edge away from `slug`, in either direction (reference nodes show no article's data)."""
    articles = wiki.articles
    around = {other for other in wiki.graph._succ[slug] if other in articles}
    around.update(other for other in wiki.graph._pred[slug] if other in articles)
    around.discard(slug)
    return frozenset(around)


def near_changes(changed: set[str], neighbours_now, neighbours_before: dict[str, frozenset[str]]) -> set[str]:
    """The changed articles and those one edge from one, in the graph now or in the last build's: the subjects
    whose reads may return something else."""
    near, nothing = set(changed), frozenset()
    for slug in changed:
        near |= neighbours_now(slug)
        near |= neighbours_before.get(slug, nothing)
    return near


class ReadsIndex:
    """Subject → the pages whose last render read something about it, for the entries it was last brought up
    to date with. Serve keeps one (`keep_reads_index`): each of its builds only redoes the pages whose entries
    are not the ones it saw. A command-line build, which asks once, looks through the entries instead: making
    the index costs more than one look."""

    def __init__(self) -> None:
        self.entries: dict[str, Fingerprinted] = {}
        self.pages: dict[str, set[str]] = {}

    def of(self, entries: dict[str, "Fingerprinted"]) -> dict[str, set[str]]:
        """The index of `entries` (slug → entry)."""
        for slug in self.entries.keys() - entries.keys():
            self._drop(slug)
        for slug, entry in entries.items():
            if self.entries.get(slug) is not entry:
                self._drop(slug)
                self.entries[slug] = entry
                for name in entry.reads:
                    self.pages.setdefault(name, set()).add(slug)
        return self.pages

    def _drop(self, slug: str) -> None:
        entry = self.entries.pop(slug, None)
        if entry is not None:
            for name in entry.reads:
                self.pages[name].discard(slug)


_READS_INDEX: list[ReadsIndex] = []  # serve's, once it asks for one


def keep_reads_index() -> None:
    """From now on, this process keeps an index of the pages' reads between builds (for serve)."""
    if not _READS_INDEX:
        _READS_INDEX.append(ReadsIndex())


def _pages_reading(subjects: set[str], previous: dict[str, "Fingerprinted"]) -> dict[str, list[str]]:
    pages: dict[str, list[str]] = {}
    for slug, entry in previous.items():
        for name in subjects.intersection(entry.reads.subjects):
            pages.setdefault(name, []).append(slug)
    return pages


def stale_pages(subjects: set[str], previous: dict[str, "Fingerprinted"], recall) -> set[str]:
    """The pages of `previous` that read something about one of `subjects` whose value is not the one they
    read (`recall(key)`: the value hash of that read now)."""
    index = _READS_INDEX[0].of(previous) if _READS_INDEX else _pages_reading(subjects, previous)
    stale = set()
    for name in subjects:
        for slug in index.get(name, ()):
            if slug not in stale and any(recall(key) != value for key, value in previous[slug].reads[name]):
                stale.add(slug)
    return stale


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
    # subject → ((read key, value hash), …): what the page read (reads.py). Not compared: `page` is a digest of it.
    reads: SubjectReads = field(default_factory=lambda: SubjectReads((), {}), compare=False)

    def __hash__(self) -> int:  # equal entries have the same slug and page; hashing every field cost more per build
        return hash((self.slug, self.page))
