"""The load stage for a large wiki: the plain loader of every file, run in forked workers and cached.

Loading (YAML, validation) is per file, so misses run in forked processes (parallel.py) and each file's
outcome is cached by a hash of its bytes (cache.py); a file whose stat is unchanged is not even read again.
Every file still goes through `content.load.load_article` and references.bib through `load_references`, so
each check of the plain loader holds here too. The corpus is the one `load.load_content` gives: same records,
same order, same problems.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.content.load import (
    Corpus,
    UncheckedBody,
    article_files_and_kinds,
    check_unique_names,
    display_path,
    load_article,
    load_references,
    load_site,
    names_in_raw,
    readable_models_file,
)
from generator.content.schema import Article
from generator.incremental.cache import BuildCache, digest
from generator.incremental.collector import long_lived
from generator.incremental.parallel import fork_map
from generator.problems import Problem, Problems


@dataclass
class Loaded:
    """One article file's load outcome, enough to replay `load_content` exactly."""

    article: Article | None
    problems: list[Problem]
    failed_added: set[str]  # names added to `failed_names` while loading
    failed_removed: set[str]  # names taken out again once it validated
    unchecked: tuple[UncheckedBody, ...] = ()  # its body, if its front matter was refused


def load_file(task: tuple[Path, str], shown: str | None = None, raw: bytes | None = None) -> Loaded:
    """One article file through the plain loader (also serve's, for a saved file: article_edits.py)."""
    path, kind = task
    problems, failed, unchecked = Problems(), set(), []
    article = load_article(path, kind, problems, failed, shown, raw, unchecked)
    if article is None:
        return Loaded(None, problems.items, failed, set(), tuple(unchecked))
    names = names_in_raw(path, article.positions.data)
    return Loaded(article, problems.items, names, names)


@dataclass
class _Unhashed:
    """The task of loading a file whose key is not known yet: on a cold build no cached record can match, so the
    worker hashes the bytes it reads for loading, instead of the parent reading every file once more to hash it."""

    path: Path
    kind: str


def _load_unhashed(task: _Unhashed) -> tuple[str, str, Loaded]:
    """(shown path, key, record): the key is `file_key`'s."""
    path, kind = task.path, task.kind
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError:
        return shown, digest("unreadable", shown, kind), load_file((path, kind), shown)  # which reports it
    return shown, digest(shown, kind, raw), load_file((path, kind), shown, raw)


def _signature(st: os.stat_result) -> tuple:
    return st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino


def file_key(path: Path, kind: str, stats: dict, previous: dict) -> str:
    """A hash of the file's bytes (and where it is shown), reusing the previous hash if stat says unchanged."""
    shown = display_path(path)
    try:
        st = path.stat()
    except OSError:
        return digest("unreadable", shown, kind)
    signature = _signature(st)
    old = previous.get(shown)
    if old is not None and old[0] == signature:
        key = old[1]
    else:
        try:
            key = digest(shown, kind, path.read_bytes())
        except OSError:
            key = digest("unreadable", shown, kind)
    stats[shown] = (signature, key)
    return key


def load_corpus(content_dir: Path, cache: BuildCache, jobs: int | None = None,
                tick: Callable[[int], None] | None = None) -> tuple[Corpus, dict[str, str]]:
    """`load.load_content`, with per-file results cached and misses loaded in parallel.

    Also returns each article's source key (slug → hash of its file), for the later stages' keys."""
    with long_lived(first_stage=True):
        return _load_corpus(content_dir, cache, jobs, tick)


def _load_corpus(content_dir: Path, cache: BuildCache, jobs: int | None,
                 tick: Callable[[int], None] | None) -> tuple[Corpus, dict[str, str]]:
    content_dir = Path(content_dir)
    problems = Problems()
    if not content_dir.is_dir():
        problems.add(display_path(content_dir), 1, 1, "content folder not found")
        return Corpus(content_dir, None, [], None, problems), {}
    site = load_site(content_dir, problems)
    files = article_files_and_kinds(content_dir, problems)

    previous_stats = cache.load("stats.pickle") or {}
    stats: dict = {}
    cached: dict[str, Loaded] = cache.load_table("load.pickle")
    if cached:
        keys: list[str | None] = [file_key(path, kind, stats, previous_stats) for path, kind in files]
    else:  # a cold build: every file is loaded, and hashed by the worker that reads it (None: not known yet)
        keys, signatures = [], {}
        for index, (path, kind) in enumerate(files):
            try:
                signatures[index] = _signature(path.stat())  # before the read, as in file_key
                keys.append(None)
            except OSError:
                keys.append(digest("unreadable", display_path(path), kind))
    missing = [index for index, key in enumerate(keys) if key not in cached]
    if tick:
        tick(len(files) - len(missing))
    # references.bib, when it must be parsed (seconds for thousands of entries), is one more task for the
    # workers, first in line, instead of waiting for them all to finish.
    bib_path = content_dir / "references.bib"
    bib_key, bibliography_found = _cached_bibliography(bib_path, cache)
    tasks = [files[i] if keys[i] is not None else _Unhashed(*files[i]) for i in missing]
    if bibliography_found is None:
        tasks.insert(0, _Bibliography(bib_path))
    results = fork_map(_load_task, tasks, jobs, tick and _ticks_for_files(tick, bibliography_found is None))
    if bibliography_found is None:
        bibliography_found = results.pop(0)
    for index, loaded in zip(missing, results):
        if keys[index] is None:
            shown, keys[index], loaded = loaded
            stats[shown] = (signatures[index], keys[index])
        cached[keys[index]] = loaded

    articles, failed_names, source_keys, unchecked = [], set(), {}, []
    for key in keys:
        loaded = cached[key]
        problems.items.extend(loaded.problems)
        unchecked.extend(loaded.unchecked)
        failed_names |= loaded.failed_added
        failed_names -= loaded.failed_removed
        if loaded.article is not None:
            articles.append(loaded.article)
            source_keys[id(loaded.article)] = key
    articles = sorted(check_unique_names(articles, problems), key=lambda a: a.slug)
    bibliography, bibliography_problems = bibliography_found
    problems.items.extend(bibliography_problems)
    if bib_key is not None and cache.enabled and not isinstance(bibliography_found, _CacheHit):
        bibliography.cache.clear()  # formatted entries depend on the style; keep the cache file small
        cache.save("bibliography.pickle", (bib_key, bibliography, bibliography_problems))
    if cache.enabled and (missing or len(cached) != len(set(keys))):  # rewrite only what changed
        cache.save_table("load.pickle", {key: cached[key] for key in keys})
    if cache.enabled and stats != previous_stats:
        cache.save("stats.pickle", stats)
    models_path = readable_models_file(content_dir, problems)
    corpus = Corpus(content_dir, site, articles, bibliography, problems, failed_names, models_path, unchecked)
    return corpus, {article.slug: source_keys[id(article)] for article in articles}


@dataclass
class _Bibliography:
    """The task of parsing references.bib."""

    path: Path


class _CacheHit(tuple):
    """(bibliography, problems) as the cache had them."""


def _cached_bibliography(path: Path, cache: BuildCache) -> tuple[str | None, tuple | None]:
    """The key of references.bib (cached by its bytes: pybtex is slow on thousands of entries) and, if the cache
    holds it, (bibliography, problems); None for the key when the file cannot be read (never cached).

    A symbolic link is never cached: where it leads is checked by `load_references` on every build, so that
    a link out of content/ is refused even when the bytes behind it are those of the last good build."""
    if path.is_symlink():
        return None, None
    try:
        key = digest(display_path(path), path.read_bytes())
    except OSError:
        return None, None
    hit = cache.load("bibliography.pickle")
    if hit is not None and hit[0] == key:
        return key, _CacheHit((hit[1], hit[2]))
    return key, None


def _load_task(task: tuple[Path, str] | _Unhashed | _Bibliography):
    if isinstance(task, _Bibliography):
        local = Problems()  # the plain loader's checks: links out of content/, binary files, encodings
        return load_references(task.path, local), local.items
    if isinstance(task, _Unhashed):
        return _load_unhashed(task)
    return load_file(task)


def _ticks_for_files(tick: Callable[[int], None], skip_first: bool) -> Callable[[int], None]:
    """Progress counts article files only: the bibliography task is not one."""
    pending = [skip_first]

    def count(done: int) -> None:
        if pending[0] and done:
            pending[0], done = False, done - 1
        if done:
            tick(done)
    return count
