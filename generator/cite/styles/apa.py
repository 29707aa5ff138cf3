"""APA 7th edition (Publication Manual, ch. 9–11), matching citeproc-js with apa.csl where that is right.

Departures from the reference processor, each from the manual: a site name or publisher that is the
same as the author is not repeated (§9.24, §9.33); legal items follow ch. 11 (Bluebook forms).
"""

from __future__ import annotations

from dataclasses import replace

from generator.cite.item import Date, Item
from generator.cite.names import Name
from generator.cite.rich import Rich
from generator.cite.styles import legal
from generator.cite.styles.base import (
    Cite, Style, author_is, cited_names, edition_text, et_al, register, strip, full_date, legal_designation, legal_title_used,
    month_day, page_range, quoted, sentence_title,
)

# apa.csl's `date` macro: these types are dated (Year, Month Day), as APA 7 dates ephemeral and unpaginated works
# (press releases, memos, rules, policy papers, web pages: §§9.16, 10.x); books, reports and journals by year.
DATED_TO_THE_DAY = frozenset({"article-magazine", "article-newspaper", "broadcast", "collection", "document", "event",
                              "motion_picture", "pamphlet", "performance", "personal_communication", "post",
                              "post-weblog", "song", "speech", "webpage"})
YEAR_ONLY_SORT = frozenset({"article", "article-journal", "book", "chapter", "dataset", "manuscript", "report",
                            "thesis"})


def unpublished_paper(item: Item) -> bool:
    """A paper presented but not published in proceedings, or an interview: apa.csl dates it to the day."""
    published = item.editors or item.page or item.volume or item.issue
    return item.type in ("paper-conference", "interview") and not published


def author_list(names: list[Name], et_al: bool = False) -> str:
    formatted = [name.inverted(name.initials()) for name in names]
    if et_al:  # BibTeX's `and others`: the names known, then et al.
        return ", ".join(formatted[:19]) + ", et al."
    if len(formatted) > 20:  # first 19, an ellipsis, then the last author (§9.8)
        return ", ".join(formatted[:19]) + ", … " + formatted[-1]
    if len(formatted) == 1:
        return formatted[0]
    if len(formatted) == 2:
        return f"{formatted[0]}, & {formatted[1]}"
    return ", ".join(formatted[:-1]) + ", & " + formatted[-1]


def intext_authors(style: Style, item: Item, narrative: bool) -> Rich:
    names, truncated = cited_names(style, item)
    if truncated:
        return et_al(names)
    final = "and" if narrative else "&"
    if len(names) <= 2:
        return Rich().add(f" {final} ".join(names))
    return Rich().add(", ".join(names[:-1]) + f", {final} {names[-1]}")


class APA(Style):
    name = "apa"
    givenname_rule = "primary-name-with-initials"

    # ---- reference list ---------------------------------------------------------------------
    def bibliography(self, item: Item) -> Rich:
        if item.is_legal:
            return self.legal(item)
        out = Rich()
        title = self.title(item)
        if item.authors:
            out.add(author_list(item.authors, item.authors_et_al))
            if item.authors_are_editors:
                out.add(" (Eds.)" if len(item.authors) > 1 or item.authors_et_al else " (Ed.)")
            out.end(".").add(" ")
            out.add(self.date(item)).add(" ").add(title)
        else:  # the title moves to the author position (§9.12)
            out.add(title).add(" ").add(self.date(item))
        out.add(" ")
        source = self.source(item)
        if source:
            out.add(source).add(" ")
        self.add_link(out, item)
        if item.original:  # §9.41: a republished or translated work
            strip(out).add(f" (Original work published {item.original.year})")
        return strip(out)

    def date(self, item: Item) -> str:
        issued = self.cited_date(item)
        year = self.year(item, issued)
        if issued and issued.month and (item.type in DATED_TO_THE_DAY or unpublished_paper(item)):
            return f"({year}, {month_day(issued, day_first=False)})."
        return f"({year})."

    def cited_date(self, item: Item) -> Date | None:
        return item.updated or item.issued  # a revised page is dated by its last update (§9.14)

    def suffix_order(self, item: Item) -> tuple:
        """apa.csl sorts a year's works by date as printed (the year alone for reports, articles and
        books; the full date for web pages, posts and news), then by title."""
        issued = self.cited_date(item)
        if not issued:
            printed = ""
        elif item.type in YEAR_ONLY_SORT or (item.type == "paper-conference" and not unpublished_paper(item)):
            printed = str(issued.year)
        else:
            printed = "-".join(f"{part:02d}" for part in issued.parts())
        return printed, sentence_title(item).casefold()

    def title(self, item: Item) -> Rich:
        text = sentence_title(item)
        out = Rich()
        if item.standalone:
            out.italic(text)
        else:
            out.add(text)
        # Translators, edition, report number and version share one parenthesis after the title (§9.39-9.41):
        # '(A. Goldhammer, Trans.; 2nd ed.)', '(Working Paper No. 123)', '(Version 2)'.
        described = []
        if item.translators:
            names = " & ".join(f"{t.initials()} {t.surname}" if t.given else t.surname for t in item.translators)
            described.append(f"{names}, Trans.")
        edition = edition_text(item, "ed.")
        if edition:
            described.append(edition)
        numbered = item.number and item.type in ("report", "article", "document", "pamphlet")
        genre_in_number = numbered and item.type == "report" and item.genre
        if numbered:
            described.append(f"{item.genre} No. {item.number}" if genre_in_number else item.number)
        if item.version:
            described.append(f"Version {item.version}")
        if described:
            out.add(f" ({'; '.join(described)})")
        if item.type == "thesis":
            kind = {"phd": "Doctoral dissertation", "masters": "Master’s thesis"}.get(item.genre, item.genre or "Thesis")
            out.add(f" [{', '.join(part for part in (kind, item.publisher) if part)}]")
        elif item.genre and not genre_in_number:
            out.add(f" [{item.genre}]")
        elif item.type == "software":  # §10.10
            out.add(" [Computer software]")
        return out.end(".")

    def source(self, item: Item) -> Rich:
        out = Rich()
        if item.type in ("article-journal", "article-magazine"):
            out.italic(item.container)
            if item.volume:
                out.add(", ").italic(item.volume)
                if item.issue:
                    out.add(f"({item.issue})")
            if item.page:
                out.add(f", {page_range(item.page)}")
            elif item.number:  # an article number (§9.27)
                out.add(f", Article {item.number}")
            return out.end(".")
        if item.type == "paper-conference" and not item.editors:  # proceedings published like a journal
            out.italic(item.container)
            if item.volume:
                out.add(", ").italic(item.volume)
            if item.page:
                out.add(f", {page_range(item.page)}")
            return out.end(".") if item.container else out
        if item.type in ("chapter", "paper-conference"):
            out.add("In ")
            if item.editors:
                eds = [f"{e.initials()} {e.surname}" if e.given else e.surname for e in item.editors]
                eds = eds[0] if len(eds) == 1 else ", ".join(eds[:-1]) + (", & " if len(eds) > 2 else " & ") + eds[-1]
                out.add(f"{eds} ({'Eds.' if len(item.editors) > 1 else 'Ed.'}), ")
            out.italic(item.container)
            if item.page:
                out.add(f" (pp. {page_range(item.page)})")
            out.end(".")
            if item.publisher:
                out.add(" ").add(item.publisher).end(".")
            return out
        if item.type in ("post-weblog", "article-newspaper"):
            return out.italic(item.container).end(".") if item.container else out
        if item.type == "webpage":
            site = item.container or item.publisher
            if site and not author_is(item, site):
                out.add(site).end(".")
            return out
        if item.type == "thesis":
            return out
        publisher = item.publisher
        if publisher and not author_is(item, publisher):
            out.add(publisher).end(".")
        elif item.howpublished:
            out.add(item.howpublished).end(".")
        return out

    def add_link(self, out: Rich, item: Item) -> None:
        link = item.link()
        if not link:
            return
        if not item.issued and item.accessed and not item.doi:
            out.add(f"Retrieved {full_date(item.accessed, day_first=False)}, from ")
        out.link(link)

    def legal(self, item: Item) -> Rich:
        """Ch. 11: statutes, EU acts, executive orders and bills in their legal-citation form."""
        out = Rich()
        shared = legal.bluebook(item, italic_case=False)  # §11.4 cases, §11.5 statutes: roman in the list
        if shared:
            out.add(shared).add(". ")
            self.add_link(out, item)
            return strip(out)
        if item.type == "regulation":
            item = replace(item, number=legal.apa_number(item.number, item.genre))
        year = f"({self.year(item)})" if item.issued else ""
        if item.type == "regulation":
            parts = [legal_designation(item), register(item)]
        elif item.type == "bill":
            parts = [item.title, legal_designation(item), " ".join(p for p in (item.authority, item.session) if p)]
        else:
            parts = [item.title, "" if legal_title_used(item) else legal_designation(item),
                     " ".join(p for p in (item.container, item.number) if p)]
        out.add(", ".join(p for p in parts if p))
        if year:
            out.add(f" {year}")
        out.add(". ")
        self.add_link(out, item)
        return strip(out)

    # ---- in-text ------------------------------------------------------------------------------
    def cite_parts(self, item: Item, narrative: bool) -> tuple[Rich, str]:
        year = self.year(item, self.cited_date(item))
        if item.original:  # (Freud, 1900/2010)
            year = f"{item.original.year}/{year}"
        if item.is_legal:
            if item.type == "regulation":
                item = replace(item, number=legal.apa_number(item.number, item.genre))
                return Rich().add(legal_designation(item)), year
            return legal.intext_name(item, italic_case=True), legal.intext_year(item, year)
        if item.authors:
            return intext_authors(self, item, narrative), year
        short = item.title_short or sentence_title(item)
        return (Rich().italic(short) if item.standalone else Rich().add(quoted(short))), year

    def citation(self, cites: list[Cite], narrative: bool = False) -> Rich:
        out = Rich()
        if narrative:
            for index, cite in enumerate(cites):
                if index:
                    out.add("; ")
                who, year = self.cite_parts(cite.item, True)
                out.add(cite.prefix and f"{cite.prefix} ").add(who)
                details = ", ".join(p for p in (year, cite.locator) if p)
                out.add(f" ({details})" if details else "").add(cite.suffix and f" {cite.suffix}")
            return out
        out.add("(")
        for index, cite in enumerate(cites):
            if index:
                out.add("; ")
            who, year = self.cite_parts(cite.item, False)
            out.add(cite.prefix and f"{cite.prefix} ").add(who).add(f", {year}" if year else "")
            out.add(f", {cite.locator}" if cite.locator else "").add(cite.suffix and f", {cite.suffix}")
        return out.add(")")

