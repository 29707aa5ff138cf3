"""Footnotes for one document in a note style (OSCOLA): numbering, and the form of each citation.

OSCOLA §1.3: a work's first citation is in full; a later one gives a short form with a cross-reference
to the note that has the full citation ('Snell and others (n 1) 12'); 'ibid' stands for the source of
the immediately preceding footnote when that note cited it alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.cite.api import CitationItem, style_for, styled_item
from generator.cite.bibliography import Bibliography
from generator.cite.rich import Rich
from generator.cite.styles.base import Cite


@dataclass(frozen=True)
class Note:
    """One footnote: its number, its text, and for a narrative citation the name shown in the text."""

    number: int
    text: str
    html: str
    keys: tuple[str, ...]
    lead_text: str = ""
    lead_html: str = ""


@dataclass
class NoteSequence:
    """The footnotes of one document, made in reading order by :meth:`cite`."""

    bib: Bibliography
    style: str
    notes: list[Note] = field(default_factory=list)
    first_note: dict[str, int] = field(default_factory=dict)  # key -> the note with its full citation
    _previous: tuple[CitationItem, ...] = ()

    def __post_init__(self) -> None:
        if not style_for(self.style).note_style:
            raise ValueError(f"'{self.style}' is not a note style")

    def cite(self, items: list[CitationItem], narrative: bool = False) -> Note:
        """Add the footnote for one in-text citation ([@a, p. 3; @b] or narrative @a) and return it."""
        style = style_for(self.style)
        number = len(self.notes) + 1
        out = Rich()
        for index, ci in enumerate(items):
            cite = Cite(styled_item(self.bib, ci.key, self.style), ci.locator, ci.prefix, ci.suffix)
            if index:
                out.add("; ")
            if cite.prefix:
                out.add(f"{cite.prefix} ")
            if index == 0 and len(self._previous) == 1 and self._previous[0].key == ci.key:
                out.add(style.ibid(cite, self._previous[0].locator, at_start=not cite.prefix))
            elif ci.key in self.first_note:
                out.add(style.short_citation(cite, self.first_note[ci.key]))
            else:
                out.add(style.full_citation(cite))
                self.first_note[ci.key] = number
            if cite.suffix:
                out.add(f" {cite.suffix}")
        out.end(".")
        lead = style.short_name(styled_item(self.bib, items[0].key, self.style)) if narrative else Rich()
        note = Note(number, out.plain(), out.html(), tuple(ci.key for ci in items), lead.plain(), lead.html())
        self.notes.append(note)
        self._previous = tuple(items)
        return note



def is_note_style(style: str) -> bool:
    """Whether in-text citations in `style` are footnotes (OSCOLA) rather than (Author Year)."""
    return style_for(style).note_style
