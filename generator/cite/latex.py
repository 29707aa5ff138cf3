"""BibTeX field values to Unicode: LaTeX accents decoded, brace groups kept as 'protected' spans.

BibTeX semantics: a brace group at the top level protects its letters from case changes, except a
group that starts with a backslash (``{\\'e}``), which is a special character and is not protected.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

Segment = tuple[str, bool]  # (text, protected)

COMMAND_BEFORE_ARGUMENT = re.compile(r"\\(?:[a-zA-Z]+|[^a-zA-Z\s])\s*$")
COMMANDS_WITH_TEXT = re.compile(r"\\(?:emph|textit|textbf|textsc|textrm|texttt|mbox|url|textup)\s*")
# Text latexcodec would return unchanged: no commands, ligatures (--, ``, ''), ties or comments.
# Most of a bibliography is such text, and decoding it is most of the cost of formatting.
PLAIN = re.compile(r"(?:[A-Za-z0-9 ,.:;()/?!]|-(?!-)|'(?!'))*")


def decode(latex: str) -> str:
    """LaTeX to Unicode text, braces removed."""
    return "".join(text for text, _ in segments(latex))


def segments(latex: str) -> list[Segment]:
    """Split a field into (text, protected) spans, decoding LaTeX in each."""
    raw: list[tuple[str, bool]] = []
    depth = 0
    current = ""
    argument = False  # inside the braced argument of a command such as \c{c}: not a protected span
    for char in latex:
        if char == "{":
            if depth == 0:
                argument = bool(COMMAND_BEFORE_ARGUMENT.search(current))
                if not argument:
                    if current:
                        raw.append((current, False))
                    current = ""
            if depth > 0 or argument:
                current += char
            depth += 1
        elif char == "}" and depth > 0:
            depth -= 1
            if depth == 0 and not argument:
                raw.append((current, not current.startswith("\\")))
                current = ""
            else:
                current += char
        else:
            current += char
    if current:
        raw.append((current, False))
    return [(unicode(text), prot) for text, prot in raw if text]


@lru_cache(maxsize=65536)
def unicode(text: str) -> str:
    if PLAIN.fullmatch(text):
        return text
    text = COMMANDS_WITH_TEXT.sub("", text)
    # latexcodec drops the spaces at either end of a fragment; keep them, they separate words.
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):] if text.strip() else ""
    try:
        decoded = lead + codecs.decode(text.strip(), "ulatex") + trail
    except Exception:  # latexcodec rejects very little; never let odd input crash a build
        decoded = text
    decoded = decoded.replace("\\$", "$")
    return decoded.replace("{", "").replace("}", "")
