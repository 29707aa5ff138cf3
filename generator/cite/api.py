"""The engine's public API: formatted references, in-text citations, and an article's own citation."""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.cite import registry
from generator.cite.bibliography import Bibliography
from generator.cite.disambiguation import CiteForm, cite_forms
from generator.cite.item import Item, item_from_entry
from generator.cite.rich import Rich
from generator.cite.styles import STYLE_CLASSES, Cite, Style, get_style

CITATION_STYLES = registry.NAMES
EXPORT_FORMATS = tuple(name for name, _label in registry.EXPORTS)
STYLES = CITATION_STYLES + EXPORT_FORMATS
STYLE_LABELS = registry.LABELS


@dataclass(frozen=True)
class Formatted:
    """A reference in one style: the list entry and the item's in-text (or footnote) form."""

    text: str
    html: str
    cite_text: str
    cite_html: str

    def as_dict(self, key: str) -> dict[str, str]:
        return {"id": key, "text": self.text, "html": self.html, "cite_text": self.cite_text,
                "cite_html": self.cite_html}


@dataclass(frozen=True)
class CitationItem:
    """One key in an in-article citation: ``[see @key, p. 12]`` is key, locator 'p. 12', prefix 'see'."""

    key: str
    locator: str | None = None
    prefix: str = ""
    suffix: str = ""


_styles: dict[str, Style] = {}


def style_for(name: str) -> Style:
    if name not in STYLE_CLASSES:
        raise ValueError(f"unknown citation style '{name}' (choose from {', '.join(CITATION_STYLES)})")
    if name not in _styles:
        _styles[name] = get_style(name)
    return _styles[name]


def item_for(bib: Bibliography, key: str) -> Item:
    cached = bib.cache.get((key, "item"))
    if cached is None:
        cached = bib.cache[(key, "item")] = item_from_entry(key, bib[key])
    return cached


def forms_for(bib: Bibliography, style: str) -> dict[str, CiteForm]:
    """How the whole bibliography is told apart in one style (names, initials, year suffixes),
    computed once per Bibliography: the wiki is one document."""
    cached = bib.cache.get(("cite-forms", style))
    if cached is None:
        items = [item_for(bib, key) for key in bib.keys]
        cached = bib.cache[("cite-forms", style)] = cite_forms(style_for(style), items)
    return cached


def styled_item(bib: Bibliography, key: str, style: str) -> Item:
    """The item as `style` cites it: with the names, initials or year suffix (2025a) that tell it
    apart from the rest of the bibliography."""
    cached = bib.cache.get(("styled", key, style))
    if cached is None:
        item = item_for(bib, key)
        form = forms_for(bib, style).get(key)
        cached = item if form is None else replace(item, year_suffix=form.year_suffix, cite_names=form.names,
                                                   cite_givens=form.givens)
        bib.cache[("styled", key, style)] = cached
    return cached


def formatted(style: Style, item: Item) -> Formatted:
    entry = style.bibliography(item)
    cite = style.first_citation(item)
    return Formatted(entry.plain(), entry.html(), cite.plain(), cite.html())


def format_reference(bib: Bibliography, key: str, style: str) -> Formatted:
    """One entry in one style; formatted once per (entry, style) for the life of the Bibliography."""
    cached = bib.cache.get((key, style))
    if cached is None:
        cached = bib.cache[(key, style)] = formatted(style_for(style), styled_item(bib, key, style))
    return cached


def format_all(bib: Bibliography, style: str) -> None:
    """Format every entry in `style` now. Call it before a build forks its workers: they inherit the
    cache, so no worker formats an entry again (the /references/ page needs every entry anyway)."""
    for key in bib.keys:
        format_reference(bib, key, style)


def format_intext(bib: Bibliography, items: list[CitationItem], style: str, narrative: bool = False) -> tuple[str, str]:
    """An in-article citation (``[@a; @b, p. 3]`` or narrative ``@a``) as (text, html); each distinct one
    formatted once for the life of the Bibliography (a work is cited the same way on many pages)."""
    memo = ("intext", style, bool(narrative), *items)
    cached = bib.cache.get(memo)
    if cached is None:
        cites = [Cite(styled_item(bib, ci.key, style), ci.locator, ci.prefix, ci.suffix) for ci in items]
        rich: Rich = style_for(style).citation(cites, narrative)
        cached = bib.cache[memo] = (rich.plain(), rich.html())
    return cached
