"""A tiny rich-text type for formatted references: runs of text that may be italic or a link.

Styles build references out of runs; the same runs render as plain text, as HTML and as pybtex rich
text, so the three forms can never disagree about wording or punctuation.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from pybtex.richtext import HRef, Tag, Text


@dataclass(slots=True, unsafe_hash=True)  # not frozen: a frozen dataclass is 3x slower to make, and
class Run:                                 # runs are made by the hundred per page; nothing changes one
    text: str
    italic: bool = False
    href: str | None = None


@dataclass
class Rich:
    runs: list[Run] = field(default_factory=list)

    # building ---------------------------------------------------------------------------------
    def add(self, text: str | "Rich", italic: bool = False, href: str | None = None) -> "Rich":
        if isinstance(text, Rich):
            self.runs += [Run(run.text, run.italic or italic, run.href or href) for run in text.runs]
        elif text:
            self.runs.append(Run(text, italic, href))
        return self

    def italic(self, text: str | "Rich") -> "Rich":
        return self.add(text, italic=True)

    def link(self, url: str, text: str | None = None) -> "Rich":
        return self.add(text or url, href=url)

    def end(self, mark: str = ".") -> "Rich":
        """Close a unit with punctuation, unless it already ends with a full stop, ? or !."""
        if self and not self.plain().rstrip().endswith((".", "?", "!")) :
            self.add(mark)
        return self

    # reading ----------------------------------------------------------------------------------
    def plain(self) -> str:
        return "".join(run.text for run in self.runs)

    def html(self) -> str:
        out = []
        for run in merge(self.runs):
            piece = html.escape(run.text, quote=False)
            if run.href:
                piece = f'<a href="{html.escape(run.href)}">{piece}</a>'
            if run.italic:
                piece = f"<i>{piece}</i>"
            out.append(piece)
        return "".join(out)

    def pybtex(self) -> Text:
        parts = []
        for run in merge(self.runs):
            part = Text(run.text)
            if run.href:
                part = HRef(run.href, part)
            if run.italic:
                part = Tag("em", part)
            parts.append(part)
        return Text(*parts)

    def __bool__(self) -> bool:
        return any(run.text for run in self.runs)


def merge(runs: list[Run]) -> list[Run]:
    """Join neighbouring runs with the same formatting, so HTML has one <i> per italic stretch."""
    merged: list[Run] = []
    for run in runs:
        if merged and merged[-1].italic == run.italic and merged[-1].href == run.href:
            merged[-1] = Run(merged[-1].text + run.text, run.italic, run.href)
        else:
            merged.append(run)
    return merged


def join(parts: list[Rich | str], separator: str) -> Rich:
    """Join non-empty parts with a separator."""
    out = Rich()
    first = True
    for part in parts:
        if not part:
            continue
        if not first:
            out.add(separator)
        out.add(part)
        first = False
    return out
