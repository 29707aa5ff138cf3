"""What the reader layout needs from an article's body: its contents (every h2 with its h3s) and its
tables, each in a box that scrolls sideways when the table is wider than the column, so that no cell ever
has to break a word to fit."""

from __future__ import annotations

import re

from generator.render.pages import Record

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def contents(headings) -> list[Record]:
    """The body's h2 headings in order, each with the h3 headings under it (an h3 before any h2 stands alone)."""
    entries: list[Record] = []
    for heading in headings:
        if heading.level == 3 and entries:
            entries[-1].children.append(Record(anchor=heading.anchor, text=heading.text))
        elif heading.level in (2, 3):
            entries.append(Record(anchor=heading.anchor, text=heading.text, children=[]))
    return entries


def scrolling_tables(html: str) -> str:
    """Wrap each body table in a focusable region (a box that scrolls must be reachable by keyboard)."""
    count = 0

    def wrap(match: re.Match) -> str:
        nonlocal count
        count += 1
        return (f'<div class="table-scroll" role="region" tabindex="0" aria-label="Table {count}">'
                f"<table>{match.group(1)}</table></div>")

    return _TABLE.sub(wrap, html)
