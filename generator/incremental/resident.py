"""The resident build behind `policywiki serve`: the incremental pipeline, kept alive between builds.

A command-line build pays, on every run, for what a long-lived process can keep: the interpreter and its
imports, the cache tables (unpickled at the start, pickled at the end), the compiled templates, and a fresh
site folder that is filled with links and swapped in. `ResidentBuild` keeps the tables in memory
(`MemoryCache`) and, once a site exists, updates site/ in place (`InPlaceTree`): each changed file is replaced
by a rename, so the server never sends half a file, and nothing else is touched. The steps that decide what to
make again are the incremental build's own (pipeline.check and pipeline.publish), so what serve makes is what
`policywiki build` makes, byte for byte (tested).

A build that fails on content errors writes nothing (check raises before publish). A build that fails while
writing (a generator bug) may have replaced some files: the manifest is dropped, so the next build makes every
file again instead of trusting it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any, Callable

from generator.build import Checked
from generator.commands.progress import Progress
from generator.incremental.cache import BuildCache, default_cache_dir, write_atomic
from generator.incremental.freshtree import MANIFEST, FreshTree, Manifest, file_stat, load_manifest
from generator.incremental.uptodate import INPUTS
from generator.problems import ContentError


class MemoryCache(BuildCache):
    """A BuildCache whose entries and tables stay in memory after their first load, with no pickling between
    builds. `flush` writes what changed to disk, for the command-line builds after serve stops.

    An entry saved by a forked worker (the search merge runs beside the whole-site pages) cannot reach this
    process's memory: it goes to disk, and this process's next load of it, seeing the file changed, reads it."""

    def __init__(self, root: Path):
        super().__init__(root)
        self._entries: dict[str, Any] = {}
        self._seen: dict[str, tuple[int, int, int] | None] = {}  # each entry's file as this process last read it
        self._tables: dict[str, dict] = {}
        self._changed: set[str] = set()
        self._changed_tables: set[str] = set()
        self._disk = BuildCache(root)
        self._owner = os.getpid()

    def load(self, name: str, expected_version: str | None = None) -> Any:
        on_disk = file_stat(self.path(name))
        if name not in self._entries or on_disk != self._seen.get(name):
            self._entries[name] = self._disk.load(name, expected_version)
            self._seen[name] = on_disk
            self._changed.discard(name)
        return self._entries[name]

    def save(self, name: str, value: Any) -> None:
        if os.getpid() != self._owner:  # a forked worker: see the class's docstring
            self._disk.save(name, value)
            return
        self._entries[name] = value
        self._changed.add(name)

    def forget(self, name: str) -> None:
        """Drop an entry, here and on disk: for records that serve's builds make untrue (the inputs of the
        last command-line build)."""
        self._entries[name] = None
        self._changed.discard(name)
        try:
            os.unlink(self.path(name))
        except OSError:
            pass
        self._seen[name] = None

    def load_table(self, name: str) -> dict:
        if name not in self._tables:
            self._tables[name] = self._disk.load_table(name)
        return dict(self._tables[name])  # callers build their new table from it

    def save_table(self, name: str, table: dict) -> None:
        self._tables[name] = table
        self._changed_tables.add(name)

    def flush(self) -> None:
        for name in sorted(self._changed):  # unless a forked worker saved a newer one since this process read it
            if self._entries[name] is not None and file_stat(self.path(name)) == self._seen.get(name):
                self._disk.save(name, self._entries[name])
                self._seen[name] = file_stat(self.path(name))
        for name in sorted(self._changed_tables):
            self._disk.save_table(name, self._tables[name])
        self._changed.clear()
        self._changed_tables.clear()


class InPlaceTree(FreshTree):
    """The FreshTree interface over site/ itself: the files of the last build are already in place (taken
    over without a system call), a new or changed file replaces the old one by a rename, and the files the
    build no longer makes are removed at the end."""

    def __init__(self, out_dir: Path, manifest: Manifest):
        super().__init__(out_dir, out_dir, manifest)
        self.prelinked = set(manifest.files)  # in place already; their folders too (`_parent` makes new ones)

    # Taking over is most of a small edit's build at 10,000 articles, so the two loops below do less than
    # FreshTree's: the files are in place already (no link to make, no stat to check), and the last manifest is
    # this process's own, in which a per-article group's files are exactly the files made from its fingerprint.
    # `linked` is left alone: this tree's manifest keeps the last one's entries for the files it takes over.

    def take_over(self, planned: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        files, made, left = self.previous.files, self.made, []
        for item in planned:
            entry = files.get(item[1])
            if entry is not None and entry[0] == item[2]:
                made[item[1]] = item[2]
            else:
                left.append(item)
        return left

    def take_over_groups(self, groups: list[tuple[str, str, int, str]]) -> list[tuple[str, str, int, str]]:
        made, per_article, kept, left = self.made, self.previous.per_article, self.per_article, []
        for item in groups:
            entry = per_article.get(item[0])
            if entry is None or entry[0] != item[1]:
                left.append(item)
            else:
                made.update(dict.fromkeys(entry[1], item[1]))
                kept[item[0]] = entry
        return left

    def write(self, relative: str, data: bytes, made_from: str) -> None:
        self.prelinked.discard(relative)  # from now on this file is this build's
        write_atomic(self._parent(relative), data)
        self.made[relative] = made_from
        self.written.add(relative)

    def manifest(self) -> Manifest:
        """The last manifest with this build's changes: files taken over keep their entries as they were."""
        files = dict(self.previous.files)
        for relative in files.keys() - self.made.keys():
            del files[relative]
        for relative in self.written:
            files[relative] = (self.made[relative], file_stat(self._root + relative))
        return Manifest(str(self.out_dir), files, self.site_groups, self.per_article, self.build)

    def put(self, relative: str, data: bytes) -> None:
        if relative in self.made:  # a later page for the same path wins: write over it
            self.made.pop(relative)
            self.linked.pop(relative, None)
            self.written.discard(relative)
        super().put(relative, data)


class in_place_site:
    """`with in_place_site(out, cache, manifest) as tree:` site/ updated in place (see the module's docstring)."""

    def __init__(self, out_dir: Path, cache: BuildCache, manifest: Manifest, prelinked=None):
        self.out_dir, self.cache, self.previous = Path(out_dir).resolve(), cache, manifest

    def __enter__(self) -> FreshTree:
        self.tree = InPlaceTree(self.out_dir, self.previous)
        return self.tree

    def __exit__(self, kind, error, traceback) -> bool:
        if error is not None:
            self.cache.save(MANIFEST, None)
            return False
        self.tree.drop_unclaimed()
        self.cache.save(MANIFEST, self.tree.manifest())
        return False


class ResidentBuild:
    """`build(content_dir, templates_dir, out_dir)` for serve: the same site as `policywiki build`, with the
    incremental state kept in this process between calls. `close()` saves it for later command-line builds."""

    def __init__(self, jobs: int | None = None):
        from generator.incremental.fingerprint import keep_reads_index

        keep_reads_index()
        self.jobs = jobs
        self.cache: MemoryCache | None = None
        self.published = False  # site/ is what this process's last build made: it may be updated in place
        self.last: Checked | None = None  # the last good build's check, its graph updated in place by the next
        self.edited: set[Path] | None = None  # files saved since then, when known (the watcher tells)
        # Told, while a build updates site/ in place, the files it has written for good before it makes the
        # whole-site pages (serve reloads the pages open at them at once: generator/serve.py).
        self.pages_ready: Callable[[list[str]], None] | None = None

    def note_changes(self, paths: set[Path]) -> None:
        """Files the watcher saw change: the next build may then check only those (article_edits.py)."""
        if self.edited is not None:
            self.edited |= {Path(path) for path in paths}

    def __call__(self, content_dir: Path, templates_dir: Path, out_dir: Path) -> Checked:
        from generator.incremental.pipeline import publish
        from generator.incremental.sites import fresh_site

        out_dir = Path(out_dir).resolve()
        if self.cache is None or self.cache.root != default_cache_dir(out_dir):
            # The first build, or the first after a failed one: from the disk cache, into a fresh folder, which
            # checks every file of site/ against its manifest before taking it over.
            self.cache = MemoryCache(default_cache_dir(out_dir))
            self.cache.forget(INPUTS)  # the command line's "nothing changed" record stops being true now
            self.published, self.last, self.edited = False, None, None
        # Until this build has succeeded there is no last good check (check_edited changes `last` in place);
        # files the watcher notes from now on are the next build's to read.
        last, edited = self.last, self.edited
        self.last, self.edited = None, set()
        try:
            checked, saved_only = self._check(Path(content_dir), last, edited)
        except ContentError:  # nothing was changed: the fix is checked against the last good build
            self.last, self.edited = last, None if edited is None else edited | self.edited
            raise
        # After a saved-articles check the pages to make are few: forking workers off this large process
        # would cost more than it saves (and a title edit's whole-site pages are a quarter of a second's work).
        jobs = 1 if saved_only else self.jobs
        try:
            publish(checked, Path(templates_dir), out_dir, self.cache, jobs, Progress.quiet(),
                    into=in_place_site if self.published else fresh_site,
                    pages_ready=self.pages_ready if self.published else None)
        except BaseException:
            self.cache = None  # some of its entries may be half updated
            raise
        self.published, self.last = True, checked
        return checked

    def _check(self, content_dir: Path, last: Checked | None, edited: set[Path] | None) -> tuple[Checked, bool]:
        """The check of the content, and whether only the saved articles were checked again."""
        from generator.incremental.article_edits import check_edited
        from generator.incremental.pipeline import check, make_md
        from generator.threshold.markdown_plugin import DIRECTIVE, EXPLORER_DIRECTIVE, ROLE_PREFIX

        if last is not None and edited and Path(last.corpus.root) == content_dir:
            started = time.perf_counter()
            checked = check_edited(last, edited, make_md, (ROLE_PREFIX, DIRECTIVE, EXPLORER_DIRECTIVE))
            if checked is not None:
                checked.timings["check edited articles"] = time.perf_counter() - started
                return checked, True
        return check(content_dir, self.cache, self.jobs), False

    def close(self) -> None:
        if self.cache is not None:
            self.cache.flush()
