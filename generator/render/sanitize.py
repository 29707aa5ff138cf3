"""Sanitise rendered article HTML with an allowlist (nh3, the Rust ammonia sanitiser).

Editors may write raw HTML in Markdown; whatever they write passes through nh3 before it reaches a
page. HTML the generator itself makes and trusts (figures, MathML) is swapped out for an opaque
placeholder before sanitising and swapped back afterwards, so the allowlist can stay strict.
"""

from __future__ import annotations

import re
import secrets
from functools import lru_cache

import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "details", "dfn", "div", "dl",
    "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li",
    "mark", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
_COMMON = {"id", "class", "title", "lang", "dir", "role", "aria-label", "aria-describedby", "aria-hidden"}
ALLOWED_ATTRIBUTES = {
    "*": _COMMON,
    "a": {"href", "hreflang", "data-slug", "data-keys", "data-footnote-ref", "data-footnote-backref"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "style"},
    "th": {"colspan", "rowspan", "scope", "style"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Table alignment is the only inline style markdown-it writes; nothing else survives.
ALLOWED_STYLE = {"text-align"}


# One secret per process (forked render workers share it): content cannot know it, so cannot forge a
# placeholder, and the pattern that finds placeholders is compiled once, not once per page.
_NONCE = secrets.token_hex(8)
_PLACEHOLDER = re.compile(f"\u2060pw-{_NONCE}-(\\d+)\u2060")


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """nh3 with our allowlist, built once."""
    return nh3.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,  # no target=_blank survives, so rel=noopener has nothing to guard
        strip_comments=True,
        filter_style_properties=ALLOWED_STYLE,
    )


class Sanitizer:
    """Holds trusted fragments for one page render; `clean` sanitises everything else."""

    def __init__(self) -> None:
        self._trusted: list[str] = []

    def trust(self, html: str) -> str:
        """Return a placeholder that `clean` turns back into `html` untouched."""
        self._trusted.append(html)
        return f"\u2060pw-{_NONCE}-{len(self._trusted) - 1}\u2060"

    def clean(self, html: str) -> str:
        cleaned = _cleaner().clean(html)
        if not self._trusted:  # no placeholder was handed out, so none can be in the text
            return cleaned
        return _PLACEHOLDER.sub(lambda match: self._trusted[int(match.group(1))], cleaned)
