"""Typographic quotes and apostrophes, as the reference processors print them.

BibTeX text has straight quotes (``"``, ``'``) and LaTeX's (``` `` ``` ``''`` ``` ` ``` ``'``); citeproc-js
prints “ ” ‘ ’ and turns an apostrophe into ’. A title inside quotation marks flips its own quotes to the
inner form: double inside single (British: Harvard, OSCOLA) and single inside double (APA, Chicago).
"""

from __future__ import annotations

import re

OPENS_AFTER = frozenset(" \t\n([{—–-/“‘\u00a0")
# ‘…’ as a quotation, not an apostrophe: the closing ’ is not followed by a letter ("the ‘AI’s’ ..." aside).
SINGLE_QUOTED = re.compile(r"‘((?:[^‘’]|’(?=\w))*)’(?!\w)")
DOUBLE_QUOTED = re.compile(r"“([^“”]*)”")


def smart_quotes(segments: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Straight and LaTeX quotes to typographic ones, across segment boundaries (a quote may open in one
    brace group and close in another)."""
    out = []
    previous = " "
    for text, protected in segments:
        chars = []
        for char in text.replace("``", "“").replace("''", "”"):
            if char == "`":
                char = "‘"
            elif char == "'":
                char = "‘" if previous in OPENS_AFTER else "’"
            elif char == '"':
                char = "“" if previous in OPENS_AFTER else "”"
            chars.append(char)
            previous = char
        out.append(("".join(chars), protected))
    return out


def inner_quotes(text: str, outer: str) -> str:
    """The quotes inside a title that the style puts in `outer` quotation marks (“ or ‘), flipped."""
    if outer == "“":
        return text.replace("“", "‘").replace("”", "’") if "“" in text else text
    return SINGLE_QUOTED.sub(r"“\1”", text) if "‘" in text else text
