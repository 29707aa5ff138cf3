"""The parse stage for a large wiki: every body parsed and pre-rendered once, in forked workers, and cached.

An article's parse is keyed by its file's hash and the shared parse environment, so only new or edited bodies
are parsed again. Pre-rendered bodies (prerender.py) wait in the cache, in packs of several articles a file
(creating a file costs about as much as parsing a short article), and are read only for the pages being
rendered. The parsed bodies, and their problems, are those `markdown.parse_body` gives.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.content.schema import Article
from generator.incremental.cache import BuildCache, digest, generator_version, write_atomic
from generator.incremental.collector import long_lived
from generator.incremental.parallel import MIN_ITEMS_PER_JOB, default_jobs, fork_map
from generator.incremental.prerender import CachedTokens, TokensInCache, prerender, prerendering_copy
from generator.markdown.dialect import ParsedBody, parse_body
from generator.problems import Problem, Problems


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


def tokens_as_references(parsed: dict[str, ParsedBody]) -> None:
    """For pickling a check: replace each body's tokens that wait in the cache by where they wait, and its
    links, citations and headings by their pickle, which the next build unpickles only for the bodies it
    asks about (`RecordsLater`)."""
    for slug, body in parsed.items():
        tokens = body.tokens.in_cache() if isinstance(body.tokens, CachedTokens) else body.tokens
        records = pickle.dumps((body.links, body.citations, body.headings), protocol=pickle.HIGHEST_PROTOCOL)
        parsed[slug] = RecordsLater(tokens, body.env, records)


_RECORDS = ("links", "citations", "headings")


class RecordsLater(ParsedBody):
    """A ParsedBody of a saved check, whose links, citations and headings stay pickled until first read. An
    edit's build reads those of the few articles it checks or renders; unpickling every article's was a
    quarter of loading the check."""

    def __init__(self, tokens, env: dict, records: bytes):  # noqa: D107 — not the dataclass's: no records yet
        self.tokens, self.env, self._records = tokens, env, records

    def __getattr__(self, name: str):
        records = self.__dict__.get("_records") if name in _RECORDS else None
        if records is None:
            raise AttributeError(name)
        self.links, self.citations, self.headings = pickle.loads(records)
        del self._records
        return getattr(self, name)


def tokens_from_references(parsed: dict[str, ParsedBody], articles: dict[str, Article], md: MarkdownIt,
                           make_md: Callable[[], MarkdownIt], env: dict) -> None:
    """Undo `tokens_as_references`: each body's tokens read from the cache on first use, or made again from
    its article if they are gone."""
    for slug, body in parsed.items():
        if isinstance(body.tokens, TokensInCache):
            body.tokens = CachedTokens(body.tokens.path, body.tokens.where, _remaker(md, make_md, articles[slug], env))


def _remaker(md: MarkdownIt, make_md: Callable[[], MarkdownIt], article: Article, env: dict):
    """Parse and pre-render one body again (its cached tokens vanished): same input, same output."""
    def remake() -> list[Token]:
        parsed = parse_body(md, article.body, article.path, article.body_line, {**env, "problems": Problems()})
        return prerender(prerendering_copy(make_md), parsed)
    return remake
