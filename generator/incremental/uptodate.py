"""The no-op fast path: is site/ already the build of exactly these inputs? Decided without loading anything.

After every successful build the cache keeps a small record (`inputs.pickle`) of what the build was made
from: every file under content/ and templates/ (relative path, size, mtime_ns and a content hash), the
generator version, the build date, the options that affect the output (the three folders). The next
build compares first: it stats every input file and hashes one only when its size or mtime differs from
the record (a touched but unchanged file still counts as unchanged). Then it checks that every file of
site/ still has the inode, size and mtime the publish manifest recorded (nobody edited site/ by hand).
If all of that matches, the build returns at once: no records unpickled, no graph, no fingerprints.

A file modified within the filesystem's timestamp granularity of being recorded could keep the same size
and mtime; such "racy" entries (mtime within RACY_NS of the moment the build started) are always hashed.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.incremental.cache import BuildCache, generator_version
from generator.problems import Problem
from generator.incremental.freshtree import file_stat, load_manifest

INPUTS = "inputs.pickle"
RACY_NS = 2_000_000_000  # coarse filesystem clocks tick in milliseconds; two seconds is a wide margin


@dataclass
class InputFile:
    size: int
    mtime_ns: int
    sha: str
    racy: bool  # modified too close to the record to trust its stat: always hash
    # Where a symbolic link leads (None for a plain file): a file replaced by a link to the same bytes, or a link
    # turned to another target, is a change, since the loader refuses links that lead out of content/.
    link: str | None = None


@dataclass
class InputRecord:
    version: str
    build_date: str
    options: tuple[str, ...]
    files: dict[str, InputFile]  # "content/<relative>" or "templates/<relative>" → state
    warnings: list[Problem] = field(default_factory=list)
    articles: int = 0
    site_build: str = ""  # the `build` of the manifest of the site these inputs made (freshtree.py)


@dataclass
class UpToDate:
    """What `build` returns when site/ already is the build of these inputs: nothing was loaded or written."""

    warnings: list[Problem]
    articles: int
    timings: dict[str, float] = field(default_factory=lambda: {"up to date": 0.0, "pages rendered": 0})
    up_to_date: bool = True


@dataclass
class Stale:
    """What `quick_check` learnt when a build is needed: the date it checked against and the last record
    (its hashes save re-hashing unchanged files), so that `build` need not check again."""

    date: str
    previous: InputRecord | None


def _hash(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "blake2b").hexdigest()[:32]


def _walk(folders: dict[str, Path]) -> dict[str, tuple[os.stat_result, str | None]]:
    """Every file under each folder (following the walk into subfolders), as 'label/relative' → (stat, where it
    leads if it is a symbolic link or lies in a linked folder, else None)."""
    found: dict[str, tuple[os.stat_result, str | None]] = {}
    for label, root in folders.items():
        stack = [("", str(root), False)]  # (label-relative prefix, folder, linked): plain strings, no Path per file
        while stack:
            prefix, folder, linked_folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                try:
                    is_dir = entry.is_dir()
                except OSError:  # a symbolic link that loops: never readable, so never up to date (the
                    found[label + "/" + prefix + entry.name] = (entry.stat(follow_symlinks=False),  # build reports it)
                                                                os.path.realpath(entry.path))
                    continue
                if is_dir:
                    if entry.name != "__pycache__":
                        stack.append((prefix + entry.name + "/", entry.path, linked_folder or entry.is_symlink()))
                elif entry.is_file():
                    try:
                        st = entry.stat()
                    except OSError:
                        continue
                    linked = entry.is_symlink() or linked_folder
                    found[label + "/" + prefix + entry.name] = (st, os.path.realpath(entry.path) if linked else None)
    return found


def options_key(content_dir: Path, templates_dir: Path, out_dir: Path) -> tuple[str, ...]:
    return tuple(str(Path(p).resolve()) for p in (content_dir, templates_dir, out_dir))


def snapshot(content_dir: Path, templates_dir: Path, out_dir: Path, build_date: str,
             previous: InputRecord | None) -> InputRecord:
    """The record of the inputs as they are now (taken before the build reads them); hashes are reused
    from `previous` for files whose size and mtime have not changed."""
    started = time.time_ns()
    folders = {"content": Path(content_dir), "templates": Path(templates_dir)}
    files: dict[str, InputFile] = {}
    old = previous.files if previous is not None else {}
    for name, (st, link) in _walk(folders).items():
        before = old.get(name)
        if before is not None and not before.racy and (before.size, before.mtime_ns) == (st.st_size, st.st_mtime_ns):
            sha = before.sha
        else:
            try:
                sha = _hash(folders[name.split("/", 1)[0]] / name.split("/", 1)[1])
            except OSError:
                continue
        files[name] = InputFile(st.st_size, st.st_mtime_ns, sha, st.st_mtime_ns >= started - RACY_NS, link)
    return InputRecord(generator_version(), build_date, options_key(content_dir, templates_dir, out_dir), files)


def inputs_unchanged(record: InputRecord, content_dir: Path, templates_dir: Path, out_dir: Path,
                     build_date: str) -> bool:
    if (record.version, record.build_date) != (generator_version(), build_date):
        return False
    if record.options != options_key(content_dir, templates_dir, out_dir):
        return False
    folders = {"content": Path(content_dir), "templates": Path(templates_dir)}
    now = _walk(folders)
    if now.keys() != record.files.keys():
        return False
    for name, (st, link) in now.items():
        entry = record.files[name]
        if entry.size != st.st_size or entry.link != link:
            return False
        if entry.racy or entry.mtime_ns != st.st_mtime_ns:
            label, relative = name.split("/", 1)
            try:
                if _hash(folders[label] / relative) != entry.sha:
                    return False
            except OSError:
                return False
    return True


def site_intact(cache: BuildCache, out_dir: Path, record: InputRecord) -> bool:
    """site/ was made from `record`'s inputs, and every file the build put there still has the inode, size and
    mtime it had then."""
    manifest = load_manifest(cache)
    out_dir = Path(out_dir).resolve()
    if manifest is None or manifest.out_dir != str(out_dir) or not out_dir.is_dir():
        return False
    if not record.site_build or manifest.build != record.site_build:
        return False
    root = str(out_dir) + os.sep
    return all(file_stat(root + relative) == stat for relative, (_, stat) in manifest.files.items())


def load_record(cache: BuildCache) -> InputRecord | None:
    record = cache.load(INPUTS)
    return record if isinstance(record, InputRecord) else None


def up_to_date(cache: BuildCache, content_dir: Path, templates_dir: Path, out_dir: Path,
               build_date: str) -> tuple[UpToDate | None, InputRecord | None]:
    """(UpToDate, record) if nothing needs building; else (None, the previous record, for its hashes)."""
    if not cache.enabled:
        return None, None
    record = load_record(cache)
    if record is None:
        return None, None
    if inputs_unchanged(record, content_dir, templates_dir, out_dir, build_date) and site_intact(cache, out_dir, record):
        return UpToDate(list(record.warnings), record.articles), record
    return None, record


def quick_check(content_dir: Path, templates_dir: Path, out_dir: Path, cache_dir: Path | None = None
                ) -> UpToDate | Stale:
    """The no-op check for the command line, with only this module's light imports: `policywiki build`
    calls it before importing the pipeline, so an up-to-date site costs a stat of every input and no more."""
    from generator.builddate import build_date
    from generator.incremental.cache import default_cache_dir

    date = str(build_date())
    current, previous = up_to_date(BuildCache(cache_dir or default_cache_dir(out_dir)), content_dir, templates_dir,
                                   out_dir, date)
    return current if current is not None else Stale(date, previous)
