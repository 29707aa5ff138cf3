"""The one registry of citation styles and export formats. Adding a style is a row here and its own module in
generator/cite/styles/; the engine, `policywiki cite`, site.yaml's `citation_style` and every page's "How to cite"
block read this table. Light on purpose: the schema imports it without loading the engine."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CitationStyle:
    name: str  # as editors write it (site.yaml citation_style, `policywiki cite --style`)
    label: str  # as readers see it
    notes: bool  # cites in footnotes (OSCOLA) rather than (Author Year) in the text
    module: str  # generator.cite.styles.<module> ...
    class_name: str  # ... defines this Style subclass


STYLES: tuple[CitationStyle, ...] = (
    CitationStyle("apa", "APA 7", False, "apa", "APA"),
    CitationStyle("chicago", "Chicago 18 (author-date)", False, "chicago", "Chicago"),
    CitationStyle("harvard", "Harvard (Cite Them Right)", False, "harvard", "Harvard"),
    CitationStyle("oscola", "OSCOLA 4", True, "oscola", "OSCOLA"),
)
EXPORTS: tuple[tuple[str, str], ...] = (("bibtex", "BibTeX"), ("ris", "RIS"), ("csl-json", "CSL-JSON"))

BY_NAME: dict[str, CitationStyle] = {style.name: style for style in STYLES}
NAMES: tuple[str, ...] = tuple(style.name for style in STYLES)
LABELS: dict[str, str] = {**{style.name: style.label for style in STYLES}, **dict(EXPORTS)}
