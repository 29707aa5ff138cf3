"""Chicago Manual of Style, 18th edition, author-date (ch. 13), as chicago-author-date.csl renders it.

Legal items follow CMOS 14.170–14.180 (Bluebook forms), cited in text by short title and year.
"""

from __future__ import annotations

from generator.cite.item import Item
from generator.cite.names import Name
from generator.cite.rich import Rich
from generator.cite.styles import legal
from generator.cite.styles.base import (
    AuthorDateStyle, Style, chicago_pages, cited_names, edition_text, et_al, full_date, quoted, headline_title, legal_designation, legal_title_used, month_day,
    register, series, strip,
)


# chicago-author-date.csl's `source-date-issued-month-day`: works of these types (memos, rules, policy papers,
# datasets, software) keep their month and day in the entry, after the last element of the source (CMOS 18 ch. 13).
DATED_TO_THE_DAY = frozenset({"article", "broadcast", "collection", "dataset", "document", "event", "graphic",
                              "manuscript", "map", "patent", "performance", "personal_communication", "post",
                              "software", "song", "speech", "standard", "webpage"})


def author_list(names: list[Name], et_al: bool = False) -> str:
    """First author inverted, the rest natural; seven or more: the first three and 'et al.' (CMOS 13.76)."""
    # CMOS 18: no comma before Jr. in running order ('Martin Luther King Jr.')
    formatted = [names[0].inverted(names[0].given)] + [name.natural(suffix_comma=False) for name in names[1:]]
    if et_al:  # BibTeX's `and others`
        return ", ".join(formatted[:3]) + ", et al."
    if len(formatted) >= 7:
        return ", ".join(formatted[:3]) + ", et al."
    if len(formatted) == 2:
        return f"{formatted[0]}, and {formatted[1]}"
    return series(formatted, "and", serial_comma=True)


def intext_authors(style: Style, item: Item) -> Rich:
    names, truncated = cited_names(style, item)
    if truncated:
        return et_al(names)
    if len(names) <= 2:
        return Rich().add(" and ".join(names))
    return Rich().add(series(names, "and", serial_comma=True))


def strip_page_label(locator: str) -> str:
    """Chicago gives bare page numbers in citations: 'p. 12' -> '12'."""
    for label in ("pp. ", "p. "):
        if locator.startswith(label):
            return locator[len(label):]
    return locator


class Chicago(AuthorDateStyle):
    name = "chicago"
    givenname_rule = "primary-name"

    def bibliography(self, item: Item) -> Rich:
        if item.is_legal:
            return self.legal(item)
        out = Rich()
        # "n.d." already ends with its full stop: never "n.d.."
        year = self.year(item)
        year = year if year.startswith(self.no_date) and not item.year_suffix else f"{year}."
        if item.original:  # a reissued or translated work: '(2013) 2014.'
            year = f"({item.original.year}) {year}"
        if item.authors:
            out.add(author_list(item.authors, item.authors_et_al))
            if item.authors_are_editors:
                out.add(", eds" if len(item.authors) > 1 or item.authors_et_al else ", ed")
            out.end(".").add(f" {year} ")
            out.add(self.title(item)).add(" ")
        else:
            out.add(self.title(item)).add(f" {year} ")
        out.add(self.source(item))
        link = item.link()
        if link:
            if item.updated:
                out.add(f" Last modified {full_date(item.updated, day_first=False)}.")
            elif not item.issued and item.accessed and not item.doi:
                out.add(f" Accessed {full_date(item.accessed, day_first=False)}.")
            out.add(" ").link(link).add(".")
        return strip(out)

    def suffix_order(self, item: Item) -> tuple:
        """chicago-author-date.csl sorts a year's works by title with its descriptions (a preprint's
        arXiv number follows its title)."""
        return headline_title(item).casefold(), item.number.casefold() if item.type == "article" else ""

    def title(self, item: Item) -> Rich:
        text = headline_title(item)
        if item.standalone and item.type not in ("webpage", "article", "thesis", "document"):
            out = Rich().italic(text).end(".")
        else:
            # Quoted titles carry their full stop inside the closing quotation mark.
            closing = "" if text.endswith(("?", "!", ".")) else "."
            out = Rich().add(quoted(text + closing))
        if item.translators:  # CMOS 18 ch. 13: 'Translated by Arthur Goldhammer.'
            out.add(" Translated by " + series([t.natural() for t in item.translators], "and", True) + ".")
        return out

    def source(self, item: Item) -> Rich:
        out = Rich()
        day = month_day(item.issued, day_first=False) if item.issued else ""
        if item.type in ("article-journal", "article-magazine"):
            out.italic(item.container)
            if item.volume:
                out.add(f" {item.volume}")
            if item.issue:
                out.add(f" ({item.issue})")
            elif day:  # no issue: the month (and day, if no volume) in its place
                month_only = item.volume and item.type == "article-journal"
                out.add(f" ({item.issued.month_name() if month_only else day})")
            if item.page:
                out.add(f": {chicago_pages(item.page)}")
            elif item.number:
                out.add(f": {item.number}")
            return out.end(".")
        if item.type in ("paper-conference", "chapter"):
            if item.type == "chapter" or item.editors:
                out.add("In ")
            out.italic(item.container)
            if item.editors:
                out.add(", edited by " + series([e.natural() for e in item.editors], "and", True))
            if item.volume and item.type == "paper-conference" and not item.editors:  # proceedings as a journal
                out.add(f" {item.volume}")
                if item.page:
                    out.add(f": {chicago_pages(item.page)}")
            elif item.page and item.type != "chapter":  # CMOS 18: a chapter's page range is optional
                out.add(f", {chicago_pages(item.page)}")
            out.end(".")
            if item.type == "chapter" and item.publisher:
                out.add(f" {item.publisher}.")
            return out
        if item.type == "article":  # a preprint: 'arXiv:2408.03314. Preprint, arXiv, August 6.'
            if item.number:
                out.add(f"{item.number}. ")
            out.add(", ".join(part for part in ("Preprint", item.publisher, day) if part)).add(".")
            return out
        if item.type in ("post-weblog", "article-newspaper", "webpage"):
            site = item.container or item.publisher
            if item.type == "webpage" and not item.issued:
                if item.genre:
                    out.add(f"{item.genre}. ")
                return out.add(site).end(".") if site else out
            if item.type == "webpage":
                if item.genre:  # a dated page's genre: 'Press release. European Commission, March 4.'
                    out.add(f"{item.genre}. ")
                out.add(site)
            else:
                out.italic(site)
            if day:
                out.add(f", {day}")
            return out.end(".") if site or day else out
        parts = []
        if item.type == "thesis":  # CMOS 18 ch. 13: '“Title.” PhD diss., University.'
            kind = {"phd": "PhD diss.", "masters": "Master’s thesis"}.get(item.genre, item.genre or "PhD diss.")
            return out.add(", ".join(p for p in (kind, item.publisher) if p)).end(".")
        units = [" ".join(part for part in (item.genre, item.number) if part), edition_text(item, "ed."),
                 f"Version {item.version}" if item.version else "", item.publisher or item.howpublished]
        units = [unit for unit in units if unit]
        if day and item.type in DATED_TO_THE_DAY:  # 'Policy paper, May 21.' (the last unit takes the date)
            units = [*units[:-1], f"{units[-1]}, {day}"] if units else [day]
        for unit in units:
            out.add(Rich().add(unit).end(".")).add(" ")
        return strip(out)

    def legal(self, item: Item) -> Rich:
        out = Rich()
        shared = legal.bluebook(item, italic_case=True)  # CMOS 18 ch. 14: case names in italics
        if shared:
            out.add(shared).add(".")
            if item.link():
                out.add(" ").link(item.link()).add(".")
            return out
        if item.type == "regulation":
            parts = [item.title, legal_designation(item), register(item)]
        elif item.type == "bill":
            parts = [item.title, legal_designation(item), " ".join(p for p in (item.authority, item.session) if p)]
        else:
            parts = [item.title, "" if legal_title_used(item) else legal_designation(item),
                     " ".join(p for p in (item.container, item.number) if p)]
        out.add(", ".join(p for p in parts if p))
        if item.issued:
            out.add(f" ({self.year(item)})")
        out.add(".")
        if item.link():
            out.add(" ").link(item.link()).add(".")
        return out

    def cite_parts(self, item: Item) -> tuple[Rich, str]:
        year = self.year(item)
        if item.original:  # CMOS 13.?: (Marx [1867] 1990)
            year = f"[{item.original.year}] {year}"
        if item.is_legal:
            return legal.intext_name(item, italic_case=True), legal.intext_year(item, year)
        if item.authors:
            return intext_authors(self, item), year
        short = item.title_short or headline_title(item)
        return (Rich().italic(short) if item.standalone else Rich().add(quoted(short))), year

    def year_separator(self, year: str) -> str:
        return ", " if year.startswith(self.no_date) else " "  # (Ord 2025), but (Policy Window, n.d.)

    def intext_locator(self, locator: str) -> str:
        return strip_page_label(locator)

