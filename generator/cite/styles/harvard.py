"""Harvard, Cite Them Right (12th edition), British English, as harvard-cite-them-right.csl renders it.

Cite Them Right has no rules for foreign or EU legislation beyond "cite as the jurisdiction does";
legal items give the official title in italics, the year, the designation and the official register,
then the URL and access date like any online source.
"""

from __future__ import annotations

from generator.cite.item import Item
from generator.cite.names import FULL
from generator.cite.rich import Rich
from generator.cite.styles import legal
from generator.cite.styles.base import (
    AuthorDateStyle, Style, cited_names, edition_text, et_al, full_date, quoted, legal_designation, legal_title_used, month_day, page_range, register, sentence_title,
    series, strip,
)

ET_AL_FROM = 4  # four or more authors: the first and "et al." (in the list and in the text)


def author_list(item: Item) -> Rich:
    """The reference list's authors. Its et-al rule is the citation's, so (as citeproc-js does) it
    names the authors the in-text form needed, and a given name the citation spelt out in full."""
    names = item.authors
    givens = item.cite_givens or (0,) * len(names)
    formatted = [name.inverted(name.given if level == FULL else name.initials(spaced=False))
                 for name, level in zip(names, givens)]
    if len(formatted) >= ET_AL_FROM or item.authors_et_al:
        return et_al(formatted[:max(item.cite_names, 1)], italic=True)
    return Rich().add(series(formatted, "and", serial_comma=False))


def intext_authors(style: Style, item: Item) -> Rich:
    names, truncated = cited_names(style, item)
    if truncated:
        return et_al(names, italic=True)
    return Rich().add(series(names, "and", serial_comma=False))


class Harvard(AuthorDateStyle):
    name = "harvard"
    no_date = "no date"
    no_date_suffix_joiner = " "  # (no date a)
    et_al_min = ET_AL_FROM

    def bibliography(self, item: Item) -> Rich:
        if item.is_legal:
            return self.legal(item)
        out = Rich()
        year = f"({self.year(item)})"
        title = self.title(item)
        if item.authors:
            out.add(author_list(item))
            if item.authors_are_editors:
                out.add(" (eds)" if len(item.authors) > 1 or item.authors_et_al else " (ed.)")
            out.add(f" {year} ").add(title)
        else:
            out.add(title).add(f" {year}")
        out.add(self.source(item))
        self.add_availability(out, item)
        return strip(out)

    def title(self, item: Item) -> Rich:
        text = sentence_title(item)
        italic = item.standalone and item.type not in ("article", "document", "software")
        out = Rich().italic(text) if italic else Rich().add(quoted(text, "‘"))
        edition = edition_text(item, "edn")
        if edition:
            out.add(f". {edition}")
        if item.translators:
            out.add(". Translated by " + series([f"{t.initials(spaced=False)} {t.surname}".strip()
                                                 for t in item.translators], "and", False))
        return out

    def source(self, item: Item) -> Rich:
        out = Rich()
        day = month_day(item.issued, day_first=True) if item.issued else ""
        if item.type in ("article-journal", "article-magazine"):
            out.add(", ").italic(item.container)
            if item.type == "article-journal" and not (item.volume or item.page):
                out.add(" [Preprint]")  # CTR: a journal article without volume or pages is not yet in an issue
            if item.volume:
                out.add(f", {item.volume}")
                if item.issue:
                    out.add(f"({item.issue})")
            if item.page:
                out.add(f", pp. {page_range(item.page)}")
            elif item.number:
                out.add(f", {item.number}")
            return out.add(".")
        if item.type in ("paper-conference", "chapter"):
            out.add(", ")
            if item.type == "chapter" or item.editors:
                out.add("in ")
            if item.editors:
                eds = series([e.inverted(e.initials(spaced=False)) for e in item.editors], "and", False)
                out.add(f"{eds} ({'eds' if len(item.editors) > 1 else 'ed.'}) ")
            out.italic(item.container)
            if item.place or item.publisher:
                out.end(".").add(" ").add(": ".join(p for p in (item.place, item.publisher) if p))
            if item.page:
                out.add(f", pp. {page_range(item.page)}")
            return out.end(".")
        if item.type in ("post-weblog", "article-newspaper"):
            out.add(", ").italic(item.container)
            if day:
                out.add(f", {day}")
            return out.add(".")
        if item.type == "webpage":
            site = item.container or item.publisher
            if site:
                out.add(", ").italic(site)
            return out.add(".")
        out.add(".")
        # A preprint's arXiv number is not printed: the DOI or URL identifies it.
        descriptor = "" if item.type == "article" else " ".join(p for p in (item.genre, item.number) if p)
        if item.type == "thesis":
            descriptor = {"phd": "PhD thesis", "masters": "Master’s thesis"}.get(item.genre, item.genre or "PhD thesis")
        if descriptor:
            out.add(f" {descriptor}.")
        publisher = ": ".join(part for part in (item.place, item.publisher) if part)
        if publisher:
            out.add(f" {publisher}.")
        elif item.howpublished:
            out.add(f" {item.howpublished}.")
        return out

    def add_availability(self, out: Rich, item: Item) -> None:
        link = item.link()
        if not link:
            return
        out.add(" Available at: ").link(link)
        if item.accessed:
            out.add(f" (Accessed: {full_date(item.accessed, day_first=True)}).")
        else:
            out.add(".")

    def legal(self, item: Item) -> Rich:
        shared = legal.cite_them_right(item)
        if shared:
            self.add_availability(shared, item)
            return shared
        out = Rich().italic(item.title)
        if item.issued:
            out.add(f" ({self.year(item)})")
        if item.type == "regulation":
            details = [legal_designation(item), register(item)]
        elif item.type == "bill":
            details = [legal_designation(item), " ".join(p for p in (item.authority, item.session) if p)]
        else:
            details = ["" if legal_title_used(item) else legal_designation(item),
                       " ".join(p for p in (item.container, item.number) if p)]
        details = [d for d in details if d]
        if details:
            out.add(" " + ", ".join(details))
        out.end(".")
        self.add_availability(out, item)
        return out

    def cite_parts(self, item: Item) -> tuple[Rich, str]:
        year = self.year(item)
        if item.is_legal:
            return Rich().italic(item.title_short or item.title), legal.intext_year(item, year)
        if item.authors:
            return intext_authors(self, item), year
        short = item.title_short or sentence_title(item)
        return (Rich().italic(short) if item.standalone else Rich().add(quoted(short, "‘"))), year

