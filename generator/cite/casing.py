"""Sentence case (APA, Harvard) and headline case (Chicago, OSCOLA) for titles written in title case.

Both work word by word on (text, protected) segments from :mod:`generator.cite.latex`: a protected
letter (one the editor braced) never changes. Only plainly capitalised words ("Compute") are lowered
by sentence case, so acronyms and mixed-case names ("LLMs", "OpenAI") survive even unbraced.
"""

from __future__ import annotations

import re
from functools import lru_cache

from generator.cite.latex import Segment

# Words headline style keeps lowercase unless first, last or after a colon (the CSL processors' list).
STOP_WORDS = frozenset(
    """a an the and but or nor for so yet as at by in of off on onto out per to up via with within without
    from into like near over than till until upon versus vs vs. v v. about above across after against
    along amid among around before behind below beneath beside between beyond down during except
    inside past since through throughout toward towards under underneath unlike unto et""".split()
)
WORD = re.compile(r"\S+")
SENTENCE_END = (":", "?", "!", "—")
# A word whose full stop is an abbreviation's, not a sentence's: "U.S.", "e.g.", an initial "J.".
ABBREVIATION = re.compile(r"(?:\w\.){2,}|\b\w\.")


def _chars(segments: tuple[Segment, ...]) -> tuple[list[str], list[bool]]:
    chars: list[str] = []
    mask: list[bool] = []
    for text, protected in segments:
        chars.extend(text)
        mask.extend([protected] * len(text))
    return chars, mask


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Hyphen-separated parts of the word text[start:end], as (start, end) spans."""
    spans, begin = [], start
    for i in range(start, end):
        if text[i] in "-–/":
            spans.append((begin, i))
            begin = i + 1
    spans.append((begin, end))
    return [(a, b) for a, b in spans if a < b]


def _letters(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim leading and trailing punctuation: the span of the part that is the word itself."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum() and text[end - 1] not in ".":
        end -= 1
    return start, end


def _starts_sentence(text: str, mask: list[bool], start: int) -> bool:
    before = text[:start].rstrip()
    if not before or before.endswith(SENTENCE_END):
        return True
    if not before.endswith("."):
        return False
    # A full stop inside a protected group ({U.S.}) or closing an abbreviation does not end a sentence.
    if mask[len(before) - 1]:
        return False
    last_word = before.split()[-1]
    return not ABBREVIATION.fullmatch(last_word.lstrip("([“‘\"'"))


def sentence_case(segments: list[Segment]) -> str:
    return _sentence_case(tuple(segments))


def sentence_case_segments(segments: list[Segment]) -> list[Segment]:
    """`sentence_case`, keeping the spans: what CSL-JSON stores, with its protected spans marked."""
    cased = _sentence_case(tuple(segments))
    out, start = [], 0
    for text, protected in segments:
        out.append((cased[start:start + len(text)], protected))
        start += len(text)
    return out


def title_case(segments: list[Segment]) -> str:
    return _title_case(tuple(segments))


# Cached: an article's title is cased for its reference, its citation and every style sharing a casing.
@lru_cache(maxsize=4096)
def _sentence_case(segments: tuple[Segment, ...]) -> str:
    chars, mask = _chars(segments)
    text = "".join(chars)
    for match in WORD.finditer(text):
        first_word = _starts_sentence(text, mask, match.start())
        for index, (a, b) in enumerate(_parts(text, match.start(), match.end())):
            a, b = _letters(text, a, b)
            if a >= b or any(mask[a:b]):
                continue
            word = text[a:b]
            if first_word and index == 0:
                chars[a] = chars[a].upper()
            elif word[0].isupper() and not any(c.isupper() for c in word[1:]) and not _letter_symbol(text, word, a, b):
                chars[a] = chars[a].lower()
    return "".join(chars)


def _letter_symbol(text: str, word: str, start: int, end: int) -> bool:
    """A capital letter standing alone is a name or symbol, never lowered: 'I', 'Best-of-N', 'Plan B', 'Top-K'.
    Only 'A' before another word is the article."""
    if len(word) != 1:
        return False
    if word != "A" or (start and text[start - 1] in "-–/") or (end < len(text) and text[end] in "-–/"):
        return True
    return not text[end:].strip()


@lru_cache(maxsize=4096)
def _title_case(segments: tuple[Segment, ...]) -> str:
    chars, mask = _chars(segments)
    text = "".join(chars)
    words = list(WORD.finditer(text))
    for number, match in enumerate(words):
        edge = number == 0 or number == len(words) - 1 or _starts_sentence(text, mask, match.start())
        parts = _parts(text, match.start(), match.end())
        for index, (a, b) in enumerate(parts):
            a, b = _letters(text, a, b)
            if a >= b or any(mask[a:b]):
                continue
            word = text[a:b]
            lower = word.lower()
            # The first element of a hyphenated compound is always capitalised (CMOS 8.161).
            keep_capital = index == 0 and (edge or len(parts) > 1)
            if lower in STOP_WORDS and not keep_capital and not any(c.isupper() for c in word[1:]):
                chars[a] = chars[a].lower()
            elif word[0].islower():
                chars[a] = chars[a].upper()
    return "".join(chars)
