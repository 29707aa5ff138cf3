"""OSCOLA, 4th edition: footnotes (an article's own citation, in-article citations) and bibliography.

The bibliography form inverts the first names to initials without full stops ('Silver D'); the
footnote form gives names as written ('David Silver'); both use 'and others' for more than three
authors. Legal items follow OSCOLA itself rather than the CSL style: EU legislation as
'Title [year] OJ series number' (§2.6.1), foreign instruments as their own jurisdiction cites them,
without full stops in abbreviations (§1.6.1, §2.7), with the official URL where there is one.
"""

from __future__ import annotations

from generator.cite.item import Item
from generator.cite.names import Name
from generator.cite.rich import Rich
from generator.cite.styles import legal
from generator.cite.styles.base import (
    Cite, Style, edition_text, full_date, headline_title, quoted, legal_designation, legal_title_used, register, series, undot,
)

MORE_THAN = 3  # more than three authors: the first, then 'and others' (§3.1.1)


def author_list(names: list[Name], footnote: bool, et_al: bool = False) -> str:
    formatted = [
        name.undotted() if footnote else (name.literal or " ".join(
            p for p in (name.surname, name.initials(dots=False), name.suffix.replace(".", "")) if p))
        for name in names
    ]
    if et_al and len(formatted) < MORE_THAN:  # `and others` after fewer names than the rule would show
        return ", ".join(formatted) + " and others"
    if len(formatted) > MORE_THAN or et_al:
        return f"{formatted[0]} and others"
    return series(formatted, "and", serial_comma=False)


def strip_page_label(locator: str) -> str:
    for label in ("pp. ", "p. ", "pp ", "p "):
        if locator.startswith(label):
            return locator[len(label):]
    return locator


class OSCOLA(Style):
    name = "oscola"

    def bibliography(self, item: Item) -> Rich:
        return self.reference(item, footnote=False)

    def reference(self, item: Item, footnote: bool, pinpoint: str = "") -> Rich:
        shared = legal.oscola(item, footnote, pinpoint) if item.is_legal else None
        if shared:
            out = shared
            self.add_link(out, item)
        elif item.is_legal:
            out = self.legal(item, pinpoint)
        else:
            out = Rich()
            if item.authors:
                out.add(author_list(item.authors, footnote, item.authors_et_al))
                if item.authors_are_editors:
                    out.add(" (eds)" if len(item.authors) > 1 or item.authors_et_al else " (ed)")
                out.add(", ")
            out.add(self.body(item, pinpoint))
        return out

    def title(self, item: Item) -> Rich:
        text = headline_title(item)
        return Rich().italic(text) if item.type == "book" else Rich().add(quoted(text, "‘"))

    def body(self, item: Item, pinpoint: str) -> Rich:
        out = self.title(item)
        year = str(item.issued.year) if item.issued else ""
        date = full_date(item.issued, day_first=True) if item.issued else ""
        pin = f", {pinpoint}" if pinpoint else ""
        if item.type in ("article-journal", "article-magazine"):
            first_page = item.page.split("-")[0] or item.number  # an article number stands for the page
            out.add(f" ({year}) {item.volume}" if item.volume else f" [{year}]")
            out.add(f" {item.container}")
            if first_page:
                out.add(f" {first_page}")
            out.add(pin)
        elif item.type == "article":
            out.add(f" ({', '.join(p for p in (item.publisher, date) if p)}){pin}")
        elif item.type in ("paper-conference", "chapter"):
            out.add(" ")
            if item.editors:
                eds = series([e.undotted() for e in item.editors], "and", False)
                out.add(f"in {eds} ({'eds' if len(item.editors) > 1 else 'ed'}), ")
            out.italic(item.container).add(f" ({' '.join(p for p in (item.publisher, year) if p)}){pin}")
        elif item.type == "book":  # a book's pinpoint follows the brackets without a comma (§3.2.1)
            edition = edition_text(item, "edn")
            translated = ", ".join(t.undotted() for t in item.translators)
            details = [f"{translated} tr" if translated else "", edition, " ".join(p for p in (item.publisher, year) if p)]
            out.add(f" ({', '.join(d for d in details if d)})")
            out.add(f" {pinpoint}" if pinpoint else "")
        elif item.type in ("webpage", "post-weblog"):
            site = item.container or item.publisher
            out.add(" (")
            if site:
                out.italic(site)
            if date:
                out.add(f", {date}" if site else date)
            out.add(f"){pin}")
        elif item.type in ("article-newspaper",):
            out.add(" ").italic(item.container).add(f" ({date}){pin}")
        elif item.type == "thesis":
            kind = {"phd": "DPhil thesis" if "oxford" in item.publisher.lower() else "PhD thesis",
                    "masters": "Master’s thesis"}.get(item.genre, item.genre or "PhD thesis")
            out.add(f" ({', '.join(p for p in (kind, ' '.join(p for p in (item.publisher, year) if p)) if p)}){pin}")
        else:
            source = undot(item.publisher or item.howpublished, False)  # §1.6.1: 'US Department', no full stops
            out.add(f" ({' '.join(p for p in (source, year) if p)})")
            descriptor = " ".join(p for p in (item.genre, item.number) if p)
            if descriptor:
                out.add(f" {descriptor}")
            out.add(pin)
        self.add_link(out, item)
        return out

    def add_link(self, out: Rich, item: Item) -> None:
        link = item.link()
        if link:
            out.add(" <").link(link).add(">")
            if item.accessed:
                out.add(f" accessed {full_date(item.accessed, day_first=True)}")

    def legal(self, item: Item, pinpoint: str) -> Rich:
        out = Rich()
        year = item.issued.year if item.issued else ""
        pin = f", {pinpoint}" if pinpoint else ""
        if item.type == "legislation" and item.container.startswith("OJ"):  # EU: Title [year] OJ L 2024/1689
            designation = "" if legal_title_used(item) else legal_designation(item, dots=False)
            out.add(", ".join(p for p in (item.title, designation) if p))
            out.add(f" [{year}] {undot(item.container, False)} {item.number}".rstrip() + pin)
        elif item.type == "legislation":  # a foreign statute as its jurisdiction cites it, without full stops
            code = undot(" ".join(p for p in (item.container, item.number) if p), False)
            out.add(", ".join(p for p in (item.title, code) if p)).add(f" ({year}){pin}" if year else pin)
        elif item.type == "regulation":
            out.add(", ".join(p for p in (legal_designation(item, dots=False), undot(register(item), False)) if p))
            out.add(f" ({year}){pin}")
        else:
            chamber = " ".join(p for p in (item.authority, item.session) if p)
            parts = [item.title, legal_designation(item, dots=False), undot(chamber, False)]
            out.add(", ".join(p for p in parts if p)).add(f" ({year}){pin}" if year else pin)
        self.add_link(out, item)
        return out

    # ---- subsequent citations (§1.3) -------------------------------------------------------------
    def full_citation(self, cite: Cite) -> Rich:
        """A work's first footnote citation, with its pinpoint, without the note's closing full stop."""
        return self.reference(cite.item, footnote=True, pinpoint=strip_page_label(cite.locator or ""))

    def short_name(self, item: Item) -> Rich:
        """How a later footnote (or running text) names a work: author surnames, else its short title."""
        if item.is_legal:
            if item.type == "legal_case":  # §2.3.5: a short form of the case name, in italics
                return Rich().italic(legal.undot(item.title_short or item.title))
            name = legal_designation(item, dots=False) if item.type == "regulation" else (item.title_short or item.title)
            return Rich().add(name)
        if item.authors:
            surnames = [name.surname for name in item.authors]
            return Rich().add(f"{surnames[0]} and others" if len(surnames) > MORE_THAN or item.authors_et_al
                              else series(surnames, "and", serial_comma=False))
        short = item.title_short or headline_title(item)
        return Rich().italic(short) if item.type == "book" else Rich().add(f"‘{short}’")

    def short_citation(self, cite: Cite, first_note: int) -> Rich:
        """'Snell and others (n 3) 12': the short name, a cross-reference to the full citation, the pinpoint."""
        pin = strip_page_label(cite.locator or "")
        return self.short_name(cite.item).add(f" (n {first_note})").add(f" {pin}" if pin else "")

    def ibid(self, cite: Cite, previous_locator: str | None, at_start: bool) -> Rich:
        """'Ibid' for the source of the footnote just before; with the new pinpoint if it changed."""
        pin = strip_page_label(cite.locator or "")
        same = not pin or pin == strip_page_label(previous_locator or "")
        return Rich().add("Ibid" if at_start else "ibid").add("" if same else f" {pin}")

    def citation(self, cites: list[Cite], narrative: bool = False) -> Rich:
        """Footnote text: each item's full citation, joined with semicolons (§1.3)."""
        out = Rich()
        for index, cite in enumerate(cites):
            if index:
                out.add("; ")
            if cite.prefix:
                out.add(f"{cite.prefix} ")
            out.add(self.full_citation(cite))
            if cite.suffix:
                out.add(f" {cite.suffix}")
        return out.end(".")
