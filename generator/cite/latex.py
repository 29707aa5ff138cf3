"""BibTeX field values to Unicode: LaTeX accents, quotes and inline math decoded, brace groups kept as
'protected' spans.

BibTeX semantics: a brace group at the top level protects its letters from case changes, except a
group that starts with a backslash (``{\\'e}``), which is a special character and is not protected.
Inline math (``$10^{26}$``) is decoded to Unicode and protected too (case never changes in math).
URLs, DOIs and eprints are verbatim in BibTeX and never pass through here (generator.cite.item).
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

from generator.cite.quotes import smart_quotes

Segment = tuple[str, bool]  # (text, protected)

COMMAND_BEFORE_ARGUMENT = re.compile(r"\\(?:[a-zA-Z]+|[^a-zA-Z\s])\s*$")
COMMANDS_WITH_TEXT = re.compile(r"\\(?:emph|textit|textbf|textsc|textrm|texttt|mbox|url|textup)\s*")
# Text latexcodec would return unchanged: no commands, ligatures (--, ``, ''), ties or comments.
# Most of a bibliography is such text, and decoding it is most of the cost of formatting.
PLAIN = re.compile(r"(?:[A-Za-z0-9 ,.:;()/?!]|-(?!-)|'(?!'))*")
QUOTE_CHARS = frozenset("'`\"")


@lru_cache(maxsize=65536)
def decode(latex: str) -> str:
    """LaTeX to Unicode text, braces removed."""
    return "".join(text for text, _ in _segments(latex))


def segments(latex: str) -> list[Segment]:
    return list(_segments(latex))


@lru_cache(maxsize=65536)
def _segments(latex: str) -> tuple[Segment, ...]:
    """Split a field into (text, protected) spans, decoding LaTeX in each."""
    raw: list[tuple[str, bool]] = []  # (LaTeX, protected); math spans are decoded at once
    if "{" not in latex and "$" not in latex:  # most fields: one plain span
        raw.append((latex, False))
        latex = ""
    depth = 0
    current = ""
    argument = False  # inside the braced argument of a command such as \c{c}: not a protected span
    math: str | None = None  # the text of an open $...$ at the top level
    for index, char in enumerate(latex):
        if char == "$" and (index == 0 or latex[index - 1] != "\\"):
            if math is not None:
                raw.append(("\0" + math, True))
                math = None
                continue
            if depth == 0 and "$" in latex[index + 1:]:
                if current:
                    raw.append((current, False))
                current, math = "", ""
                continue
        if math is not None:
            math += char
        elif char == "{":
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
    if math is not None:  # a lone $ is a dollar sign
        current += "$" + math
    if current:
        raw.append((current, False))
    decoded = [(math_unicode(text[1:]) if text.startswith("\0") else unicode(text), prot) for text, prot in raw if text]
    if any(QUOTE_CHARS.intersection(text) for text, _ in decoded):
        decoded = smart_quotes(decoded)
    return tuple(decoded)


@lru_cache(maxsize=65536)
def unicode(text: str) -> str:
    if PLAIN.fullmatch(text):
        return text
    text = COMMANDS_WITH_TEXT.sub("", text)
    if "$" in text:  # math inside a brace group: {$\\alpha$-tests}
        text = INLINE_MATH.sub(lambda match: math_unicode(match.group(1)), text)
    # latexcodec drops the spaces at either end of a fragment; keep them, they separate words.
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):] if text.strip() else ""
    try:
        decoded = lead + codecs.decode(text.strip(), "ulatex") + trail
    except Exception:  # latexcodec rejects very little; never let odd input crash a build
        decoded = text
    decoded = decoded.replace("\\$", "$")
    return decoded.replace("{", "").replace("}", "")


# ---- inline math --------------------------------------------------------------------------------
SUPERSCRIPTS = dict(zip("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ"))
SUBSCRIPTS = dict(zip("0123456789+-=()aeijknotx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₙₒₜₓ"))
MATH_COMMANDS = {"to": "→", "ldots": "…", "dots": "…", "cdots": "⋯", "log": "log", "le": "≤", "ge": "≥",
                 ",": "\u2009", ";": " ", "!": "", " ": " ", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_"}
FONT_COMMANDS = frozenset({"mathcal", "mathrm", "mathbf", "mathit", "mathsf", "text", "textrm", "operatorname"})
INLINE_MATH = re.compile(r"(?<!\\)\$([^$]+)\$")
FRACTION = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
MATH_TOKEN = re.compile(r"\\([A-Za-z]+|.)\s*|([\^_])\s*(\{[^{}]*\}|\\[A-Za-z]+|.)|[{}]|.", re.S)


@lru_cache(maxsize=4096)
def math_unicode(math: str) -> str:
    """`O(n^2)` -> 'O(n²)', `\\leq 10^{26}` -> '≤ 10²⁶', `\\alpha` -> 'α': what a reader of the page needs;
    a script that Unicode has no character for keeps its caret ('2^{k}' -> '2^k')."""
    out = []
    math = FRACTION.sub(r"\1/\2", math).replace("\\sqrt", "√")
    for match in MATH_TOKEN.finditer(math):
        command, script, argument = match.group(1), match.group(2), match.group(3)
        token = match.group()
        if command is not None:
            if command in FONT_COMMANDS:
                continue  # its argument follows as ordinary tokens
            out.append(MATH_COMMANDS.get(command) or _codec_symbol(command))
            if token[-1].isspace() and command.isalpha():
                out.append(" ")  # '\\leq 10' keeps its space: easier to read than the typeset '≤10'

        elif script:
            body = argument[1:-1] if argument.startswith("{") else argument
            body = math_unicode(body) if "\\" in body else body
            table = SUPERSCRIPTS if script == "^" else SUBSCRIPTS
            out.append("".join(table[c] for c in body) if body and all(c in table for c in body)
                       else f"{script}{body}")
        elif token not in "{}":
            out.append(token)
    return "".join(out)


def _codec_symbol(command: str) -> str:
    try:
        decoded = codecs.decode(f"$\\{command}$", "ulatex")
    except Exception:  # never let odd input crash a build
        return command
    return command if "$" in decoded or "\\" in decoded else decoded
