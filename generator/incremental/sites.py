"""Which folder an incremental build fills, and how it becomes site/.

- `fresh_site`: a new folder beside site/, swapped in when complete (generator/publish.py). After a small edit a
  child has filled it with hard links to the current site meanwhile (prelink.py).
- `standby_site`: after a small edit, the site of the build before the last one, kept beside site/ as
  `.site-standby`, brought up to date in place and exchanged with site/.

A fresh folder costs a link per file even when an edit changed a handful of pages (tens of thousands of system
calls at 10,000 articles), and as many again to delete the old site afterwards. So the old site is kept as the
standby instead, with its manifest and the inputs it was made from. The next small edit's build checks the
standby's files against that manifest (a stat each, by a child while the content is checked: `start_checking`),
rewrites the files that differ from this build's (those of the last two edits), and exchanges the two folders:
one rename where the system has renameat2's RENAME_EXCHANGE, else three, which a later build completes if the
process dies between them (publish.restore_parked).

The standby shares files with site/ as hard links. That is safe because no build ever writes through a file: a
changed file is replaced by a rename, a dropped one unlinked. site/ is never written while it is site/. A build
that fails or is killed while updating the standby leaves site/ whole and the standby without its record, which
the next build replaces.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.incremental.cache import BuildCache
from generator.incremental.freshtree import MANIFEST, FreshTree, Manifest, ManifestDifference, file_stat
from generator.incremental.prelink import Prelinked, fork_lister, small_edit
from generator.incremental.uptodate import INPUTS, InputRecord
from generator.publish import (fresh_folder, parked_path, remove_in_background, remove_leftovers, restore_parked,
                               swap_in)

# The standby's record: the record of inputs of the build that made it, which was site/'s entry (INPUTS) until
# site/ became the standby, renamed then; and its manifest, written as its difference from site/'s (a few
# entries: the files of the last two builds). The inputs entry goes last and is removed first, so the record
# is whole or missing.
STANDBY_MANIFEST = "standby-manifest.pickle"
STANDBY_INPUTS = "standby-inputs.pickle"


@dataclass
class Standby:
    manifest: Manifest  # of the files in the standby folder, as the build that made them for site/ recorded them
    inputs: InputRecord  # what that build read
    differing: set[str]  # the files whose manifest entry differs from site/'s (the others are one file in both)


def standby_folder(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}-standby"


def _same_build(manifest: Manifest | None, inputs: InputRecord | None, out_dir: Path) -> bool:
    """True if `manifest` and `inputs` are the records of one build of `out_dir`."""
    if not isinstance(manifest, Manifest) or not isinstance(inputs, InputRecord):
        return False
    return manifest.out_dir == str(out_dir) and bool(inputs.site_build) and inputs.site_build == manifest.build


def _forget_standby(cache: BuildCache) -> None:
    cache.save(STANDBY_INPUTS, None)  # from here on, the folder is not what its record says


def _keep_as_standby(cache: BuildCache, old_site: Manifest, new_site: Manifest) -> None:
    """site/'s records become the standby's, site/ (of `old_site`) having become the standby; `new_site` is
    the manifest of the site now in its place, which the build saves."""
    cache.save(STANDBY_MANIFEST, ManifestDifference.between(old_site, new_site))
    cache.save(MANIFEST, new_site)
    cache.rename(INPUTS, STANDBY_INPUTS)


def usable_standby(cache: BuildCache, out_dir: Path, inputs: InputRecord | None,
                   site: Manifest | None) -> Standby | None:
    """The standby, if there is one and this build's inputs differ from its by a small edit; `site` is the
    manifest of site/ (load_manifest)."""
    if not cache.enabled or inputs is None:
        return None
    out_dir = Path(out_dir).resolve()
    if not (out_dir.is_dir() and standby_folder(out_dir).is_dir()):
        return None
    standby_inputs = cache.load(STANDBY_INPUTS)
    if not (isinstance(standby_inputs, InputRecord) and small_edit(standby_inputs, inputs)):
        return None
    difference = cache.load(STANDBY_MANIFEST)
    manifest = difference.applied_to(site) if isinstance(difference, ManifestDifference) else None
    if not _same_build(manifest, standby_inputs, out_dir):
        return None
    return Standby(manifest, standby_inputs, set(difference.differing.files))


def start_checking(out_dir: Path, standby: Standby) -> Prelinked | None:
    """Fork the child that checks the standby's files against its manifest (`check_standby`)."""
    if not hasattr(os, "fork"):
        return None  # then the build fills a fresh folder
    out_dir = Path(out_dir).resolve()
    restore_parked(out_dir)
    remove_leftovers(out_dir)
    return fork_lister(standby_folder(out_dir), out_dir.name, check_standby, standby.manifest, keep_root=True)


def check_standby(folder: Path, manifest: Manifest, parent: int) -> set[str]:
    """The files of `folder` that still have the stat its manifest records (so the bytes it records); every
    other file is removed, and every folder left empty."""
    files, kept, count = manifest.files, set(), 0
    for current, _, names in os.walk(folder, topdown=False):
        relative_folder = os.path.relpath(current, folder)
        prefix = "" if relative_folder == os.curdir else relative_folder.replace(os.sep, "/") + "/"
        for name in names:
            count += 1
            if count % 1024 == 0 and os.getppid() != parent:
                raise SystemExit(1)  # the build is gone: stop
            relative = prefix + name
            entry = files.get(relative)
            if entry is not None and file_stat(os.path.join(current, name)) == entry[1]:
                kept.add(relative)
            else:
                os.unlink(os.path.join(current, name))
        if prefix:
            try:
                os.rmdir(current)  # only if empty
            except OSError:
                pass
    return kept


class StandbyTree(FreshTree):
    """The FreshTree interface over the standby folder. A file this build makes as the last one did comes from
    site/: the standby's own copy where it is the same file (a hard link to it: no system call), else a new
    link to site/'s, so that a file whose bytes did not change keeps its inode in site/ as in a fresh folder.
    Failing that, the standby's copy is kept if the build it came from made it from the same inputs. Only files
    that the check found as their manifest records them count (`prelinked`, the checked files)."""

    PRELINKED = "standby files checked"

    def __init__(self, folder: Path, out_dir: Path, standby: Standby, site: Manifest | None, checked: set[str]):
        super().__init__(folder, out_dir, standby.manifest, checked)
        self.site = site if site is not None and site.out_dir == str(out_dir) else Manifest()
        # A file the check found intact whose entry is not among `differing` is one file in both folders (the
        # same entry in both manifests: the same inode): most files, answered without another question.
        # (`differing` is against `site`, the manifest the standby's was applied to.)
        self._differing = standby.differing if self.site is site else set(standby.manifest.files)
        # file → what it was made from, where the last `reusable` asked about it found it in site/ (and not as the
        # standby's own copy): `link` links it from there.
        self._from_site: dict[str, str] = {}

    def reusable(self, relative: str, made_from: str) -> bool:
        if relative in self.prelinked and relative not in self._differing:  # one file in both folders
            return self.site.files[relative][0] == made_from
        here = self.previous.files.get(relative)
        here_ok = here is not None and here[0] == made_from and relative in self.prelinked
        there = self.site.files.get(relative)
        self._from_site.pop(relative, None)
        if there is not None and there[0] == made_from:
            if here_ok and here[1][0] == there[1][0]:  # the same inode, checked just now
                return True
            if file_stat(self._out + relative) == there[1]:
                self._from_site[relative] = made_from
                return True
        return here_ok

    def link(self, relative: str, made_from: str) -> None:
        if self._from_site.get(relative) == made_from:
            if relative in self.prelinked:
                os.unlink(self._root + relative)  # the standby's own copy, made from other inputs
                self.prelinked.discard(relative)
            os.link(self._out + relative, self._parent(relative))
            self.linked[relative] = self.site.files[relative][1]
        else:
            self.linked[relative] = self.previous.files[relative][1]
        self.made[relative] = made_from

    def sources(self) -> tuple[Manifest, ...]:
        return (self.site, self.previous)

    def made_before(self, relative: str) -> str:
        return self._from_site.get(relative) or self.previous.files[relative][0]


def _rename_exchange(first: Path, second: Path) -> bool:
    """Exchange two folders in one rename (Linux renameat2, RENAME_EXCHANGE); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_cwd, exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange) == 0


def exchange(standby: Path, out_dir: Path) -> None:
    """`standby` becomes site/, and site/ the standby."""
    if _rename_exchange(standby, out_dir):
        return
    parked = parked_path(out_dir)
    out_dir.rename(parked)  # a build killed here or at the next line: the next build puts site/ back
    standby.rename(out_dir)
    parked.rename(standby)


class fresh_site:
    """`with fresh_site(out) as tree:` a FreshTree beside `out`, removed again if the block fails; `manifest`
    is the last build's (publish.load_manifest), the new one is saved in `cache`; `prelinked`, a fresh folder
    already filled with links to the current site (prelink.py), is taken over if there is one. With
    `last_inputs`, the record of the inputs site/ was made from, the old site is kept as the standby."""

    def __init__(self, out_dir: Path, cache: BuildCache | None, manifest=None, prelinked: Prelinked | None = None,
                 last_inputs: InputRecord | None = None):
        self.out_dir = Path(out_dir).resolve()
        self.cache = cache
        self.previous = manifest
        self.prelinked = prelinked
        self.last_inputs = last_inputs

    def __enter__(self) -> FreshTree:
        linked = self.prelinked.take() if self.prelinked is not None else None
        if linked is not None:  # any link the build does not reuse is replaced or dropped (FreshTree)
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            restore_parked(self.out_dir)
            remove_leftovers(self.out_dir)
            self.tree = FreshTree(self.prelinked.root, self.out_dir, self.previous, linked)
        else:
            self.tree = FreshTree(fresh_folder(self.out_dir), self.out_dir, self.previous)
        return self.tree

    def __exit__(self, kind, error, traceback) -> bool:
        if error is not None:
            shutil.rmtree(self.tree.root, ignore_errors=True)
            return False
        self.tree.drop_unclaimed()
        manifest = self.tree.manifest()
        keep = self.cache is not None and _same_build(self.previous, self.last_inputs, self.out_dir)
        if keep:
            _forget_standby(self.cache)  # the standby folder is about to be another one
        swap_in(self.tree.root, self.out_dir, keep_old=standby_folder(self.out_dir) if keep else None)
        if keep:
            _keep_as_standby(self.cache, self.previous, manifest)
        elif self.cache is not None:
            self.cache.save(MANIFEST, manifest)
        return False


class standby_site:
    """`with standby_site(out, cache, manifest, checking, standby=…, last_inputs=…) as tree:` the standby brought
    up to date and exchanged with site/ (see the module's docstring); a fresh folder if the check of the
    standby failed."""

    def __init__(self, out_dir: Path, cache: BuildCache, manifest: Manifest | None, checking: Prelinked | None,
                 standby: Standby, last_inputs: InputRecord | None):
        self.out_dir, self.cache, self.site_manifest = Path(out_dir).resolve(), cache, manifest
        self.checking, self.standby, self.last_inputs = checking, standby, last_inputs
        self.folder = standby_folder(self.out_dir)
        self.fallback: fresh_site | None = None

    def __enter__(self) -> FreshTree:
        checked = self.checking.take() if self.checking is not None else None
        if checked is None:
            self.fallback = fresh_site(self.out_dir, self.cache, self.site_manifest, None, self.last_inputs)
            return self.fallback.__enter__()
        _forget_standby(self.cache)
        self.tree = StandbyTree(self.folder, self.out_dir, self.standby, self.site_manifest, checked)
        return self.tree

    def __exit__(self, kind, error, traceback) -> bool:
        if self.fallback is not None:
            return self.fallback.__exit__(kind, error, traceback)
        if error is not None:
            return False  # site/ as it was; the standby without its record
        self.tree.drop_unclaimed()
        manifest = self.tree.manifest()
        exchange(self.folder, self.out_dir)
        if _same_build(self.site_manifest, self.last_inputs, self.out_dir):
            _keep_as_standby(self.cache, self.site_manifest, manifest)
        else:
            remove_in_background(self.folder, self.out_dir.name)
            self.cache.save(MANIFEST, manifest)
        return False
