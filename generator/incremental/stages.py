"""Load and parse, in parallel and cached: the first two stages for a large wiki.

Loading (YAML, validation) and parsing (markdown-it) are per file, so they run in forked processes
(generator/incremental/parallel.py) and their results are cached by a hash of the file's bytes (generator/incremental/cache.py).
The parse stage also *pre-renders* each body to HTML, leaving a placeholder for every token whose
HTML depends on the rest of the wiki (wiki links, citations, computed numbers: any token rendered by a
rule of ours rather than markdown-it's); at render time those tokens alone are rendered into the
placeholders. The result is byte for byte what rendering the tokens would give, without parsing twice
and without shipping token trees between processes. Pre-rendered bodies are stored in the cache in
packs of up to 32 articles a file (each body loadable alone) and loaded only for the pages being rendered.

The records produced are the same as `load.load_content` and `markdown.parse_body` produce, in the
same order, with the same problems.
"""

from __future__ import annotations

import dataclasses
import gc
import os
import pickle
import re
from collections import Counter
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.incremental.cache import BuildCache, digest, generator_version, write_atomic
from generator.content.schema import Article
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
from generator.markdown.dialect import ParsedBody, parse_body
from generator.incremental.parallel import MIN_ITEMS_PER_JOB, default_jobs, fork_map
from generator.problems import Problem, Problems

PRERENDERED = "pw_prerendered"
SLOT = re.compile("\x00(\\d+)\x00")  # markdown-it turns any NUL in the source into U+FFFD, so this is ours
OUR_RULE_MODULES = ("markdown_it", "mdit_py_plugins")  # rules from elsewhere may use render-time env


@contextmanager
def long_lived(first_stage: bool = False):
    """For a stage whose results live for the whole build. While it runs, only young objects are collected
    (reference cycles made and dropped along the way, as matplotlib makes for figures): the full collections
    walked every record made so far, again and again as they piled up (seconds at 10,000 articles). After it,
    its results are frozen, so that no later collection walks them, here or in the forked render processes
    (which then do not copy their pages either). Garbage is still freed as usual when its last reference goes.

    A previous build in this process (`serve`, the tests) may have frozen objects that are garbage by now: the
    first stage gives them back and collects before freezing, so nothing is kept for good."""
    if not gc.isenabled():
        yield
        return
    collect = first_stage and gc.get_freeze_count() > 0
    if collect:
        gc.unfreeze()
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1 << 30)  # forked workers inherit this too
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if collect:
            gc.collect()
        gc.freeze()


# --- load ------------------------------------------------------------------------------------------

@dataclass
class Loaded:
    """One article file's load outcome, enough to replay `load_content` exactly."""

    article: Article | None
    problems: list[Problem]
    failed_added: set[str]  # names added to `failed_names` while loading
    failed_removed: set[str]  # names taken out again once it validated
    unchecked: tuple[UncheckedBody, ...] = ()  # its body, if its front matter was refused


def _load_file(task: tuple[Path, str], shown: str | None = None, raw: bytes | None = None) -> Loaded:
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
        return shown, digest("unreadable", shown, kind), _load_file((path, kind), shown)  # which reports it
    return shown, digest(shown, kind, raw), _load_file((path, kind), shown, raw)


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
    return _load_file(task)


def _ticks_for_files(tick: Callable[[int], None], skip_first: bool) -> Callable[[int], None]:
    """Progress counts article files only: the bibliography task is not one."""
    pending = [skip_first]

    def count(done: int) -> None:
        if pending[0] and done:
            pending[0], done = False, done - 1
        if done:
            tick(done)
    return count


# --- parse and pre-render --------------------------------------------------------------------------

def deferred_types(md: MarkdownIt) -> set[str]:
    """Token types rendered by our own (or a plugin's) rules: their HTML may depend on the whole wiki."""
    return {name for name, rule in md.renderer.rules.items()
            if not getattr(getattr(rule, "__func__", rule), "__module__", "").startswith(OUR_RULE_MODULES)}


def _slot_rule(self, tokens, idx, options, env) -> str:
    slots = env["pw_slots"]
    slots.append(tokens[idx])
    return f"\x00{len(slots) - 1}\x00"


# A slot's token is kept as the tuple of its fields: a Token (a dataclass with slots) pickles and unpickles
# through Python-level __getstate__/__setstate__, ten times slower than the tuple and Token(*fields).
_TOKEN_FIELDS = attrgetter(*(f.name for f in dataclasses.fields(Token)))


def _render_prerendered(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    slots = [Token(*fields) for fields in meta["slots"]]
    return SLOT.sub(lambda m: self.rules[slots[int(m.group(1))].type](slots, int(m.group(1)), options, env),
                    meta["html"])


def enable_prerendered(md: MarkdownIt) -> MarkdownIt:
    """Let `md` render a pre-rendered body (one token holding HTML with placeholders)."""
    md.add_render_rule(PRERENDERED, _render_prerendered)
    return md


def prerendering_copy(make_md: Callable[[], MarkdownIt]) -> MarkdownIt:
    """A second parser whose wiki-dependent rules leave numbered placeholders instead of HTML."""
    md = make_md()
    for name in deferred_types(md):
        md.add_render_rule(name, _slot_rule)
    return md


def prerender(md_pre: MarkdownIt, parsed: ParsedBody) -> list[Token]:
    """Render `parsed` now, except the wiki-dependent tokens; returns the one token standing for the body."""
    env = parsed.env
    env["pw_slots"] = slots = []
    try:
        html = md_pre.renderer.render(parsed.tokens, md_pre.options, env)
    finally:
        del env["pw_slots"]
    return [_prerendered_token(html, [_TOKEN_FIELDS(slot) for slot in slots])]


def _prerendered_token(html: str, slots: list[tuple]) -> Token:
    token = Token(PRERENDERED, "", 0)
    token.meta = {"html": html, "slots": slots}
    return token


class CachedTokens(Sequence):
    """A body's token list, read from its pack in the cache on first use; re-made by `remake` if it is gone."""

    def __init__(self, path: Path | str, where: tuple[int, int], remake: Callable[[], list[Token]]):
        self._path, self._where, self._remake, self._tokens = path, where, remake, None

    def _load(self) -> list[Token]:
        if self._tokens is None:
            saved = load_packed(self._path, *self._where)
            self._tokens = [_prerendered_token(*saved)] if isinstance(saved, tuple) else self._remake()
        return self._tokens

    def __getitem__(self, index):
        return self._load()[index]

    def __len__(self) -> int:
        return len(self._load())

    def __iter__(self):
        return iter(self._load())

    def __reduce__(self):  # travels between processes as its contents
        return (list, (self._load(),))


def load_packed(path: Path | str, offset: int, length: int):
    """One body of a pack (see `_parse_pack`), or None if the pack is missing, cut short or of another version."""
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            version, value = pickle.loads(stream.read(length))
    except Exception:  # noqa: BLE001
        return None
    return value if version == generator_version() else None


@dataclass
class Parsed:
    """What the parent keeps of a parse: everything but the tokens (those wait in the cache)."""

    links: list
    citations: list
    headings: list
    env: dict
    problems: list[Problem] = field(default_factory=list)
    tokens: list[Token] | None = None  # only when there is no cache to keep them in
    # Where the pre-rendered body waits in the cache: (pack, offset, length, bodies the pack was written with).
    body: tuple[str, int, int, int] | None = None


# Set by `parse_articles` before forking; the children read them.
_PARSE: dict = {}

TRANSIENT_ENV = ("problems", "threshold_data")  # restored in the parent; never pickled per article


# Pre-rendered bodies are saved in packs of up to this many, one cache file each: creating a file costs about
# as much as parsing a short article, so one file per article was a tenth of the parse stage.
PACK_SIZE = 32


def _parse_one(task: tuple[Article, str]) -> tuple[Parsed, list[Token]]:
    article, _key = task
    problems = Problems()
    env = {**_PARSE["env"], "problems": problems}
    parsed = parse_body(_PARSE["md"], article.body, article.path, article.body_line, env)
    tokens = prerender(_PARSE["md_pre"], parsed)
    kept_env = {name: value for name, value in parsed.env.items() if name not in TRANSIENT_ENV}
    return Parsed(parsed.links, parsed.citations, parsed.headings, kept_env, problems.items), tokens


def _parse_pack(tasks: list[tuple[Article, str]]) -> list[bytes]:
    """`_parse_one` for each task; their pre-rendered bodies are saved together, in one pack file named after
    their keys, each body a pickle of its own (its version, HTML and slots) so that it loads alone.

    Each record comes back pickled (see `_record`): the parent unpickles it once, and saves these very bytes
    in its table, instead of unpickling it from the pipe and pickling it again for the table."""
    cache: BuildCache = _PARSE["cache"]
    results, pieces = [], []
    version = generator_version()
    # Parsing makes no reference cycles (tokens form trees, freed as soon as they are dropped), yet the hundreds
    # of tokens an article makes set off the collector's young passes again and again, finding nothing: 7% of
    # the parse. It is off while a pack is parsed; whatever a plugin leaves (a figure's cycles) waits one pack.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for task in tasks:
            result, tokens = _parse_one(task)
            if cache.enabled:
                saved = (tokens[0].meta["html"], tokens[0].meta["slots"])  # the token is made again on loading
                pieces.append(pickle.dumps((version, saved), protocol=pickle.HIGHEST_PROTOCOL))
            else:
                result.tokens = tokens
            results.append(result)
    finally:
        if collecting:
            gc.enable()
    if cache.enabled:
        name, offset = digest(*(key for _, key in tasks)), 0
        for result, piece in zip(results, pieces):
            result.body = (name, offset, len(piece), len(tasks))
            offset += len(piece)
        write_atomic(cache.body_file(name), b"".join(pieces))
    return [pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL) for result in results]


def _record(saved) -> Parsed | None:
    """A record as `_parse_pack` pickled it (and the parse table keeps it), or None if it is unreadable."""
    try:
        record = pickle.loads(saved)
    except Exception:  # noqa: BLE001 — a corrupt entry is a miss
        return None
    return record if isinstance(record, Parsed) else None


def _packs(tasks: list, jobs: int | None) -> tuple[list[list], int]:
    """`tasks` in contiguous packs of up to PACK_SIZE, and fork_map's `min_items` for them. When the parse runs
    in parallel, the packs are smaller if need be, so that there are enough of them to keep every core busy."""
    jobs = default_jobs() if jobs is None else jobs
    serial = MIN_ITEMS_PER_JOB * 2  # as fork_map: fewer tasks than this are done in this process
    size = PACK_SIZE if jobs <= 1 or len(tasks) < serial else max(1, min(PACK_SIZE, len(tasks) // (jobs * 8)))
    return [tasks[start:start + size] for start in range(0, len(tasks), size)], -(-serial // size)


def _ticks_for_packs(tick: Callable[[int], None], packs: list[list]) -> Callable[[int], None]:
    """fork_map ticks once per pack done (in order); the progress bar counts articles."""
    sizes = iter([len(pack) for pack in packs])

    def advance(done: int) -> None:
        tick(sum(next(sizes, 0) for _ in range(done)))
    return advance


def _stale(result: Parsed | None, cache: BuildCache, live: Counter, found: dict[str, bool]) -> bool:
    """A cached parse is not enough: its body must be in a pack that exists, and that is still more than half
    alive (otherwise its last articles are parsed again, into a new pack, and the old one is pruned)."""
    if result is None:
        return True
    if not cache.enabled:
        return False
    if result.body is None:
        return True
    name, _offset, _length, members = result.body
    if name not in found:
        found[name] = os.path.exists(cache.body_file(name))
    return not found[name] or live[name] * 2 <= members


def uses_env_value(article: Article, markers: Sequence[str]) -> bool:
    return any(marker in article.body for marker in markers)


def parse_articles(md: MarkdownIt, make_md: Callable[[], MarkdownIt], articles: list[Article],
                   source_keys: dict[str, str], env: dict, problems: Problems, cache: BuildCache,
                   threshold_markers: Sequence[str] = (), jobs: int | None = None,
                   tick: Callable[[int], None] | None = None) -> tuple[dict[str, ParsedBody], dict[str, str]]:
    """`parse_body` for every article, pre-rendered and cached; returns parsed bodies and their keys.

    `env` is the parse environment every article shares (minus `problems`). Its `threshold_data` is
    part of an article's key only where the body uses the threshold syntax (`threshold_markers`)."""
    with long_lived():
        return _parse_articles(md, make_md, articles, source_keys, env, problems, cache, threshold_markers, jobs, tick)


def _parse_articles(md: MarkdownIt, make_md: Callable[[], MarkdownIt], articles: list[Article],
                    source_keys: dict[str, str], env: dict, problems: Problems, cache: BuildCache,
                    threshold_markers: Sequence[str], jobs: int | None,
                    tick: Callable[[int], None] | None) -> tuple[dict[str, ParsedBody], dict[str, str]]:
    plain_env = {k: v for k, v in env.items() if k not in TRANSIENT_ENV}
    env_key = digest(generator_version(), repr(sorted(plain_env.items(), key=lambda item: item[0])))
    threshold_key = digest(repr(env.get("threshold_data")))
    keys = {}
    for article in articles:
        parts = [env_key, source_keys.get(article.slug) or digest(article.path, article.body)]
        if uses_env_value(article, threshold_markers):
            parts.append(threshold_key)
        keys[article.slug] = digest(*parts)

    cached: dict[str, bytes] = cache.load_table("parse.pickle")  # key → a pickled Parsed
    records: dict[str, Parsed] = {}
    for key in set(keys.values()):
        if key in cached and (record := _record(cached[key])) is not None:
            records[key] = record
    live = Counter(record.body[0] for record in records.values() if record.body is not None)
    found: dict[str, bool] = {}
    missing = [a for a in articles if _stale(records.get(keys[a.slug]), cache, live, found)]
    if tick:
        tick(len(articles) - len(missing))
    _PARSE.update(md=md, md_pre=prerendering_copy(make_md), env=env, cache=cache)
    try:
        packs, min_items = _packs([(a, keys[a.slug]) for a in missing], jobs)
        done = fork_map(_parse_pack, packs, jobs, tick and _ticks_for_packs(tick, packs), min_items)
        for pack, results in zip(packs, done):
            for (article, key), saved in zip(pack, results):
                cached[key], records[key] = saved, _record(saved)
    finally:
        _PARSE.clear()

    parsed: dict[str, ParsedBody] = {}
    transient = {k: v for k, v in env.items() if k in TRANSIENT_ENV}
    for article in articles:
        result = records[keys[article.slug]]
        problems.items.extend(result.problems)
        body_env = {**result.env, **transient, "problems": problems}
        if result.tokens is not None:
            tokens = result.tokens
        else:
            name, offset, length, _members = result.body
            tokens = CachedTokens(cache.body_file(name), (offset, length), _remaker(md, make_md, article, env))
        parsed[article.slug] = ParsedBody(tokens, body_env, result.links, result.citations, result.headings)
    if cache.enabled and (missing or len(cached) != len(set(keys.values()))):
        cache.save_table("parse.pickle", {keys[a.slug]: cached[keys[a.slug]] for a in articles})
        cache.prune_bodies({records[key].body[0] for key in keys.values()})  # packs of edited or deleted articles
    return parsed, keys


def _remaker(md: MarkdownIt, make_md: Callable[[], MarkdownIt], article: Article, env: dict):
    """Parse and pre-render one body again (its cached tokens vanished): same input, same output."""
    def remake() -> list[Token]:
        parsed = parse_body(md, article.body, article.path, article.body_line, {**env, "problems": Problems()})
        return prerender(prerendering_copy(make_md), parsed)
    return remake

