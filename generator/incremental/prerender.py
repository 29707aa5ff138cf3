"""Pre-rendered bodies: a body rendered to HTML ahead of time, except what depends on the rest of the wiki.

The parse stage renders each body once, leaving a numbered placeholder for every token whose HTML depends on
other articles (wiki links, citations, computed numbers: any token rendered by a rule of ours rather than
markdown-it's). At render time only those tokens are rendered into the placeholders, which gives byte for byte
what rendering all the tokens would, without parsing twice or shipping token trees between processes.
"""

from __future__ import annotations

import dataclasses
import pickle
import re
from collections.abc import Callable, Sequence
from operator import attrgetter
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.incremental.cache import generator_version
from generator.markdown.dialect import ParsedBody

PRERENDERED = "pw_prerendered"
SLOT = re.compile("\x00(\\d+)\x00")  # markdown-it turns any NUL in the source into U+FFFD, so this is ours
OUR_RULE_MODULES = ("markdown_it", "mdit_py_plugins")  # rules from elsewhere may use render-time env


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

    def in_cache(self) -> "TokensInCache":
        return TokensInCache(self._path, self._where)


@dataclasses.dataclass(frozen=True)
class TokensInCache:
    """Where a body's pre-rendered tokens wait in the cache, without them: how a saved check keeps them
    (saved_check.py), since the cache holds them already."""

    path: str
    where: tuple[int, int]


def load_packed(path: Path | str, offset: int, length: int):
    """One body of a pack (see `_parse_pack`), or None if the pack is missing, cut short or of another version."""
    try:
        with open(path, "rb") as stream:
            stream.seek(offset)
            version, value = pickle.loads(stream.read(length))
    except Exception:  # noqa: BLE001
        return None
    return value if version == generator_version() else None
