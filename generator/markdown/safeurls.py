"""URLs from content may only be http(s), mailto or site paths: `javascript:`, `data:`, `vbscript:`, `file:`, ...
are refused as positioned errors, and taken out of the tokens so that nothing unsafe renders even if the page is.

markdown-it's own `validateLink` silently turns such links into plain text; we let it accept every link so
that we see them, name them to the editor, and neutralise them here. nh3 strips them again on the way out.
"""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
# URL-carrying attributes in raw HTML (nh3 removes them anyway; this is for telling the editor).
URL_ATTRIBUTE = re.compile(
    r"""\b(href|src|xlink:href|action|formaction|poster|background|data|srcset|cite)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""",
    re.IGNORECASE)


def unsafe_scheme(url: str, entities: bool = False) -> str | None:
    """The URL's scheme if it is not one we allow, read as a browser reads it: control characters and
    whitespace dropped, entities decoded when it comes from raw HTML (percent-escapes are not decoded there)."""
    decoded = html.unescape(url) if entities else url
    cleaned = re.sub(r"[\x00-\x20\x7f]+", "", decoded)
    match = SCHEME.match(cleaned)
    if match and match.group(1).lower() not in SAFE_SCHEMES:
        return match.group(1).lower()
    return None


class _Cursor:
    """Finds successive URLs of one block in the source, left to right, so each gets its own position."""

    def __init__(self, lines: list[str], block: Token) -> None:
        self.lines = lines
        self.first, self.last = block.map if block.map else (0, len(lines))
        self.line, self.column = self.first, 0

    def find(self, needles: list[str]) -> tuple[int, int]:
        for index in range(self.line, min(max(self.last, self.first + 1), len(self.lines))):
            lowered = self.lines[index].lower()
            start = self.column if index == self.line else 0
            hits = [found for needle in needles if needle and (found := lowered.find(needle.lower(), start)) >= 0]
            if hits:
                self.line, self.column = index, min(hits) + 1
                return index, min(hits) + 1
        return self.first, 1


def _report(problems, path: str, body_line: int, cursor: _Cursor, url: str, scheme: str, where: str) -> None:
    line, column = cursor.find([url, f"{scheme}:"])
    problems.add(path, body_line + line, column,
                 f"unsafe URL in {where}: '{scheme}:' is not allowed; use an http(s) or mailto URL, or a site path")


def check_urls(tokens: list[Token], lines: list[str], path: str, body_line: int, problems) -> None:
    """Report (when `problems` is given) and neutralise every unsafe URL in links, images and raw HTML."""
    for block in tokens:
        cursor = _Cursor(lines, block)
        if block.type == "html_block":
            _check_raw_html(block.content, cursor, path, body_line, problems)
        for child in block.children or []:
            if child.type in ("link_open", "image"):
                attribute = "href" if child.type == "link_open" else "src"
                url = str(child.attrGet(attribute) or "")
                scheme = unsafe_scheme(url)
                if scheme:
                    if problems is not None:
                        _report(problems, path, body_line, cursor, url, scheme,
                                "a link" if child.type == "link_open" else "an image")
                    child.attrs.pop(attribute, None)
            elif child.type == "html_inline":
                _check_raw_html(child.content, cursor, path, body_line, problems)


def _check_raw_html(source: str, cursor: _Cursor, path: str, body_line: int, problems) -> None:
    if problems is None:
        return  # raw HTML is sanitised on output in any case
    for match in URL_ATTRIBUTE.finditer(source):
        url = match.group(2).strip("\"'")
        for candidate in url.split(",") if match.group(1).lower() == "srcset" else [url]:
            scheme = unsafe_scheme(candidate.strip(), entities=True)
            if scheme:
                _report(problems, path, body_line, cursor, url, scheme, f"raw HTML ({match.group(1)}=)")
                break
