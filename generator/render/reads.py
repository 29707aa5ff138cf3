"""What an article page reads of the rest of the wiki, recorded where it is read.

An article page shows its own source and, of everything else, only what it gets through a `Reads`: the
renderer's article code (renderer.py `gather`) has no other way to the wiki. Each call is a read: its key is
the call itself, `(method, *arguments)`, and the renderer's `ReadLog` keeps, for the page being gathered, each
key with a short hash of what the call returned. The incremental build (generator/incremental/fingerprint.py)
makes a page's fingerprint from its own source, the whole-site key and that log, and renders a page again
exactly when a read in its log would now return something else: a page feature that shows a neighbour's field
reads it here, so it is recorded without anyone keeping a list in step.

Every read is about one article, its *subject* (`subject`): the value of a read can change only when the
source of its subject, or of an article one edge away from it (in the graph before or after the change),
changes; name resolution (subject "") changes only when which article a name resolves to does. The incremental
build relies on this to look at only the reads near an edit. A new kind of read must keep to it: return what
its subject's own node and edges, and its direct neighbours' front matter, determine, and nothing further away
(a read of something two edges away is two reads, each about its own subject).

Within one build the wiki does not change, so each read is computed once (`memo`) and shared by every page.
"""

from __future__ import annotations

import hashlib

from generator.link import WikiGraph
from generator.render.graphview import local_graph

# What a page may show of another article's front matter.
FIELDS = ("title", "summary", "kind", "category")
NAMES = ""  # the subject of name resolution: the whole table of names


def subject(key: tuple) -> str:
    """The article a read is about (NAMES for a name's resolution)."""
    return NAMES if key[0] == "resolve" else key[1]


def value_hash(value) -> str:
    """A short stable hash of a read's result (its repr: strings, numbers, tuples, lists and dicts of them)."""
    return hashlib.blake2b(repr(value).encode("utf-8"), digest_size=8).hexdigest()


class Reads:
    """The recording accessor: every way an article page reads the wiki. `log`, when given, receives each
    read's key → value_hash; `memo` is shared by every Reads of one build (key → [value, hash or None])."""

    def __init__(self, wiki: WikiGraph, memo: dict | None = None, log: dict | None = None):
        self._wiki = wiki
        self._memo = {} if memo is None else memo
        self.log = log

    def _read(self, key: tuple, compute):
        held = self._memo.get(key)
        if held is None:
            held = self._memo[key] = [compute(), None]
        if self.log is not None:
            if held[1] is None:
                held[1] = value_hash(held[0])
            self.log[key] = held[1]
        return held[0]

    def recall(self, key: tuple) -> str:
        """The hash of what the read `key` returns now (not logged)."""
        log, self.log = self.log, None
        try:
            getattr(self, key[0])(*key[1:])
        finally:
            self.log = log
        held = self._memo[key]
        if held[1] is None:
            held[1] = value_hash(held[0])
        return held[1]

    # --- reads about one article ------------------------------------------------------------------

    def field(self, slug: str, name: str):
        """A front-matter field of an article as pages show it (None if there is no such article)."""
        key = ("field", slug, name)
        held = self._memo.get(key)  # the common case, inline: a page reads a few dozen fields
        if held is not None and self.log is None:
            return held[0]
        return self._read(key, lambda: self._field(slug, name))

    def _field(self, slug: str, name: str):
        article = self._wiki.articles.get(slug)
        if article is None:
            return None
        if name in ("title", "kind"):  # as readers see them (a title without its case braces)
            return getattr(article, name)
        return getattr(article.meta, name)

    def resolve(self, name: str) -> str | None:
        """The article a name (slug or alias) leads to, if any."""
        folded = name.strip().casefold()
        return self._read(("resolve", folded), lambda: self._wiki.names.get(folded))

    def used_by(self, slug: str) -> list[str]:
        return self._read(("used_by", slug), lambda: self._wiki.used_by(slug))

    def related(self, slug: str) -> list[str]:
        return self._read(("related", slug), lambda: self._wiki.related(slug))

    def uses(self, slug: str) -> list[str]:
        return self._read(("uses", slug), lambda: self._wiki.uses(slug))

    def discusses(self, slug: str) -> list[str]:
        return self._read(("discusses", slug), lambda: self._wiki.discusses(slug))

    def topics_for(self, slug: str) -> list[str]:
        return self._read(("topics_for", slug), lambda: self._wiki.topics_for(slug))

    def cites(self, slug: str) -> list[str]:
        return self._read(("cites", slug), lambda: self._wiki.cites(slug))

    def backlinks(self, slug: str) -> list[tuple[str, tuple[str, ...]]]:
        """(source, its sentences that link here) for each article that links to `slug`."""
        return self._read(("backlinks", slug),
                          lambda: [(b.source, tuple(b.contexts)) for b in self._wiki.backlinks(slug)])

    def local_graph(self, slug: str, page_path: str) -> dict | None:
        """The local graph's context (graphview.py): the article's neighbours, their titles and kinds, and the
        edges among them, all one edge from `slug`."""
        return self._read(("local_graph", slug, page_path), lambda: local_graph(self._wiki, slug, page_path))

    # --- what pages build from those reads -------------------------------------------------------------

    def title(self, name: str) -> str:
        """The title of the article a name leads to; the name itself when it leads nowhere."""
        slug = self.resolve(name)
        return self.field(slug, "title") if slug is not None else name
