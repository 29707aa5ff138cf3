"""The fresh tree of an incremental build and its manifest: what a build may take over from the current site.

Pages whose fingerprint is unchanged are not rendered again: the fresh tree gets a hard link to the
file already in site/ (same inode, no bytes written). Everything else is written as a new file, never
through a link, so the old site/ is never modified. If the build fails or is killed, the fresh tree is
abandoned and site/ is exactly as it was (generator/publish.py swaps a complete one in).

The manifest (in the build cache) remembers, for each file of the current site/, the fingerprint or
content hash it was made from and its inode, size and mtime. A file whose stat no longer matches (an
editor or a tool changed site/ by hand) is never reused. Without a manifest, everything is written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from generator.incremental.cache import BuildCache, digest

MANIFEST = "manifest.pickle"


def file_stat(path: Path | str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass
class Manifest:
    out_dir: str = ""
    # site-relative file → (what made it: fingerprint or content hash, (inode, size, mtime_ns))
    files: dict[str, tuple[str, tuple[int, int, int]]] = field(default_factory=dict)
    # the whole-site files by group (generator/incremental/wholesite.py whole_site_keys) → (made from, the files)
    site_groups: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    # per-article side outputs: "<producer>:<slug>" → (fingerprint, the files it made)
    per_article: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    # Which build made this site: the record of that build's inputs names it too (uptodate.py), so a record and
    # a manifest of two different builds never pass for a site that is up to date.
    build: str = ""


class FreshTree:
    """The site being built, beside `out_dir`; knows what it may take over from the current site."""

    PRELINKED = "files linked ahead"  # what `build --profile` calls the files found in place when the build began

    def __init__(self, fresh: Path, out_dir: Path, manifest: Manifest | None, prelinked: set[str] = frozenset()):
        self.root = fresh
        self.out_dir = out_dir
        self.previous = manifest if manifest and manifest.out_dir == str(out_dir) and out_dir.is_dir() else Manifest()
        self.made: dict[str, str] = {}  # file → fingerprint or content hash, for the next manifest
        self.written: set[str] = set()  # files written anew (not linked)
        self.linked: dict[str, tuple[int, int, int]] = {}  # files linked from site/ → their (known) stat
        # Files linked into the fresh folder before this build knew which it would keep (generator/incremental/prelink.py),
        # each checked then against the manifest's stat; a link this build removes leaves the set.
        self.prelinked = set(prelinked)
        self._dirs: set[str] = set()  # folders made or found in the tree: a makedirs each, on the first file put in
        self.site_groups: dict[str, tuple[str, list[str]]] = {}  # filled by the build, as in the Manifest
        self.per_article: dict[str, tuple[str, list[str]]] = {}
        # Plain strings for the paths of every file: pathlib's joins cost more than the system calls.
        self._root, self._out = str(fresh) + os.sep, str(out_dir) + os.sep
        self.build = os.urandom(8).hex()  # the manifest's `build`

    def _parent(self, relative: str) -> str:
        """Where `relative` goes in the fresh tree, its folder made first if need be."""
        folder = os.path.dirname(relative)
        if folder not in self._dirs:
            os.makedirs(self._root + folder, exist_ok=True)
            self._dirs.add(folder)
        return self._root + relative

    def reusable(self, relative: str, made_from: str) -> bool:
        """True if site/<relative> was made from exactly `made_from` and nobody has touched it since."""
        entry = self.previous.files.get(relative)
        if entry is None or entry[0] != made_from:
            return False
        return relative in self.prelinked or file_stat(self._out + relative) == entry[1]

    def link(self, relative: str, made_from: str) -> None:
        """Take over site/<relative> (which `reusable` has checked): a hard link, so its inode, size and
        mtime, and thus its manifest entry, stay what they were."""
        if relative not in self.prelinked:
            os.link(self._out + relative, self._parent(relative))
        self.made[relative] = made_from
        self.linked[relative] = self.previous.files[relative][1]

    def write(self, relative: str, data: bytes, made_from: str) -> None:
        """A new file (new inode): never writes through a link into the old site."""
        if relative in self.prelinked:
            os.unlink(self._root + relative)  # the link to the old file goes; the old file stays as it was
            self.prelinked.discard(relative)
        with open(self._parent(relative), "xb") as stream:
            stream.write(data)
        self.made[relative] = made_from
        self.written.add(relative)

    def put(self, relative: str, data: bytes) -> None:
        """Link the old file if its bytes are the same, else write: for pages that are cheap to make."""
        made_from = digest(data)
        if relative in self.made:  # a later page for the same path wins, as it always has
            os.unlink(self._root + relative)
            self.prelinked.discard(relative)
            self.made.pop(relative)
            self.linked.pop(relative, None)
            self.written.discard(relative)
        if self.reusable(relative, made_from):
            self.link(relative, made_from)
        else:
            self.write(relative, data, made_from)

    def put_all(self, files: list[tuple[str, bytes | None]]) -> list[tuple[str, str, tuple[int, int, int] | None]]:
        """`put` each (relative, bytes), or, where the bytes are None (their maker knows it made the file of the
        current site again, and has checked it is `reusable`), take that file over. Returns, for each, what
        `put_elsewhere` records: a forked process puts the files it made, and the main process takes them into
        the manifest."""
        done = []
        for relative, data in files:
            if data is None:
                self.link(relative, self.made_before(relative))
            else:
                self.put(relative, data)
            done.append((relative, self.made[relative], self.linked.get(relative)))
        return done

    def put_elsewhere(self, relative: str, made_from: str, linked: tuple[int, int, int] | None) -> None:
        """Record a file that a forked process `put` into this tree: linked (with its stat) or written."""
        self.made[relative] = made_from
        if linked is None:
            self.linked.pop(relative, None)
            self.written.add(relative)
        else:
            self.written.discard(relative)
            self.linked[relative] = linked

    def take_over(self, planned: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
        """`link` each planned (slug, relative, made_from) that is `reusable`; returns the others, to be made."""
        left = []
        for item in planned:
            if self.reusable(item[1], item[2]):
                self.link(item[1], item[2])
            else:
                left.append(item)
        return left

    def sources(self) -> tuple[Manifest, ...]:
        """The manifests of the folders this tree may take files over from, in the order they are tried."""
        return (self.previous,)

    def made_before(self, relative: str) -> str:
        """What the file to take over at `relative` was made from (`reusable` has said it may be)."""
        return self.previous.files[relative][0]

    def take_over_groups(self, groups: list[tuple[str, str, int, str]]) -> list[tuple[str, str, int, str]]:
        """For each (group, fingerprint, producer index, slug) of per-article side outputs: link every file the
        producer made for that article if it was made from `fingerprint` and none of its files was touched
        since. Returns the groups that must be made again."""
        left = []
        for item in groups:
            for manifest in self.sources():
                entry = manifest.per_article.get(item[0])
                if entry is not None and entry[0] == item[1] and all(self.reusable(r, item[1]) for r in entry[1]):
                    for relative in entry[1]:
                        self.link(relative, item[1])
                    self.per_article[item[0]] = entry
                    break
            else:
                left.append(item)
        return left

    def written_elsewhere(self, relative: str, made_from: str) -> None:
        """Record a file that a forked worker wrote into this tree with `write`."""
        self.made[relative] = made_from
        self.written.add(relative)

    def group_written_elsewhere(self, group: str, fingerprint: str, files: list[str]) -> None:
        """Record the files a forked worker wrote for one article's per-article producer."""
        for relative in files:
            self.written_elsewhere(relative, fingerprint)
        self.per_article[group] = (fingerprint, files)

    def reuse_site_files(self, group: str, key: str) -> bool:
        """Link every file of one group of whole-site files of the previous build if that group was made from
        `key` and none of its files was touched since."""
        for manifest in self.sources():
            entry = manifest.site_groups.get(group)
            if entry is None or entry[0] != key:
                continue
            files = manifest.files
            if all(relative in files and self.reusable(relative, files[relative][0]) for relative in entry[1]):
                for relative in entry[1]:
                    self.link(relative, files[relative][0])
                self.site_groups[group] = entry
                return True
        return False

    def site_files_made(self, group: str, key: str, files: list[str]) -> None:
        """Record the files of one group of whole-site files, just made from `key`."""
        self.site_groups[group] = (key, sorted(set(files)))

    def drop_unclaimed(self) -> None:
        """Remove the prelinked files this build did not make (pages of deleted articles, files grown stale),
        and the folders left empty: the fresh tree holds what the build made and nothing else."""
        for relative in sorted(self.prelinked - self.made.keys(), reverse=True):
            os.unlink(self._root + relative)
            folder = os.path.dirname(relative)
            while folder:
                try:
                    os.rmdir(self._root + folder)
                except OSError:  # not empty: neither are its parents
                    break
                folder = os.path.dirname(folder)

    def manifest(self) -> Manifest:
        """The manifest of the finished tree, read from the fresh files (a rename keeps inode and mtime)."""
        linked = self.linked
        files = {relative: (made_from, linked.get(relative) or file_stat(self._root + relative))
                 for relative, made_from in self.made.items()}
        return Manifest(str(self.out_dir), files, self.site_groups, self.per_article, self.build)


@dataclass
class ManifestDifference:
    """A manifest written as its difference from another one (`base`, named by its build): where the two
    share most files, as the standby and site/ do (sites.py), the difference is a few entries."""

    base: str
    differing: Manifest  # its entries that differ from the base's; its own site groups, build and folder
    files_not_kept: list[str]  # files of the base it does not have
    groups_not_kept: list[str]  # per-article groups of the base it does not have

    @classmethod
    def between(cls, manifest: Manifest, base: Manifest) -> ManifestDifference:
        files, groups = base.files, base.per_article
        return cls(base.build,
                   Manifest(manifest.out_dir, {relative: entry for relative, entry in manifest.files.items()
                                               if files.get(relative) != entry},
                            manifest.site_groups, {group: entry for group, entry in manifest.per_article.items()
                                                   if groups.get(group) != entry}, manifest.build),
                   [relative for relative in files if relative not in manifest.files],
                   [group for group in groups if group not in manifest.per_article])

    def applied_to(self, base: Manifest | None) -> Manifest | None:
        """The whole manifest, given its base (None if `base` is not the one it was written against)."""
        if base is None or base.build != self.base:
            return None
        files, groups = dict(base.files), dict(base.per_article)
        for relative in self.files_not_kept:
            files.pop(relative, None)
        for group in self.groups_not_kept:
            groups.pop(group, None)
        files.update(self.differing.files)
        groups.update(self.differing.per_article)
        return Manifest(self.differing.out_dir, files, self.differing.site_groups, groups, self.differing.build)


def load_manifest(cache: BuildCache) -> Manifest | None:
    manifest = cache.load(MANIFEST)
    return manifest if isinstance(manifest, Manifest) else None
