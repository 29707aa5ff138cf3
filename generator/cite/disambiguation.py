"""Year suffixes (CSL's disambiguate-add-year-suffix): two works by the same authors in the same year
become 2025a and 2025b, in the reference list and in the text alike.

The wiki is one document, so the suffixes are computed once for the whole bibliography. Within a
group the letters follow the order the style sorts its reference list (its `suffix_order`), with
the position in the .bib file as the last tie-break, so they are stable from build to build.
"""

from __future__ import annotations

from collections import defaultdict
from string import ascii_lowercase

from generator.cite.item import Item
from generator.cite.styles.base import Style


def suffix_letters(index: int) -> str:
    """a … z, then aa, ab, … (as citeproc-js counts)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return letters


def year_suffixes(style: Style, items: list[Item]) -> dict[str, str]:
    """Item id -> suffix, for the items whose author list and year are shared with another item."""
    if style.note_style:  # note styles cite in full; nothing is ambiguous
        return {}
    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for position, item in enumerate(items):
        groups[style.disambiguation_key(item)].append((style.suffix_order(item), position, item.id))
    suffixes: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            for index, (_, _, key) in enumerate(sorted(members)):
                suffixes[key] = suffix_letters(index)
    return suffixes
