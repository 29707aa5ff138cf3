"""What every citation style provides, and the helpers they share (name lists, pages, dates)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from generator.cite.casing import sentence_case, title_case
from generator.cite.item import Date, Item
from generator.cite.names import given_form
from generator.cite.quotes import inner_quotes
from generator.cite.registry import BY_NAME
from generator.cite.rich import Rich


@dataclass(frozen=True)
class Cite:
    """One item in an in-text citation, with its pinpoint and the editor's words around it."""

    item: Item
    locator: str | None = None
    prefix: str = ""
    suffix: str = ""


class Style(ABC):
    name: str = ""
    label: str = ""

    @property
    def note_style(self) -> bool:
        """Whether citations are footnotes (OSCOLA), not (Author Year): the registry says."""
        return BY_NAME[self.name].notes
    no_date = "n.d."  # what an undated work shows for its year
    no_date_suffix_joiner = "-"  # n.d.-a (Harvard: "no date a")
    # The style's <citation> options for telling works apart (see generator.cite.disambiguation).
    et_al_min = 3
    et_al_use_first = 1
    givenname_rule = "by-cite"

    @abstractmethod
    def bibliography(self, item: Item) -> Rich:
        """The reference-list entry."""

    @abstractmethod
    def citation(self, cites: list[Cite], narrative: bool = False) -> Rich:
        """An in-text citation (author-date styles) or a full footnote (note styles)."""

    def year(self, item: Item, date: Date | None = None) -> str:
        """The year as the reference and the in-text form print it, with its suffix: 2025a, n.d.-a."""
        date = date or item.issued
        if date:
            return f"{date.year}{item.year_suffix}"
        joiner = self.no_date_suffix_joiner if item.year_suffix else ""
        return f"{self.no_date}{joiner}{item.year_suffix}"

    def cited_date(self, item: Item) -> Date | None:
        """The date an author-date citation gives."""
        return item.issued

    def suffix_order(self, item: Item) -> tuple:
        """Order within a group of same-author, same-year items: the style's bibliography sort."""
        return (item.title.casefold(),)

    def first_citation(self, item: Item) -> Rich:
        """The item's first citation on its own: what a "How to cite" box shows."""
        return self.citation([Cite(item)])


# ---- names ------------------------------------------------------------------------------------
class AuthorDateStyle(Style):
    """(Author Year, locator) in brackets, or Author (Year, locator) in the sentence. Styles differ in what
    separates the author from the year and in how a locator is written; they override those two hooks."""

    @abstractmethod
    def cite_parts(self, item: Item) -> tuple[Rich, str]:
        """Who (author names or a short title) and the year, as the in-text form shows them."""

    def year_separator(self, year: str) -> str:
        return ", "

    def intext_locator(self, locator: str) -> str:
        return locator

    def citation(self, cites: list[Cite], narrative: bool = False) -> Rich:
        out = Rich()
        if not narrative:
            out.add("(")
        for index, cite in enumerate(cites):
            if index:
                out.add("; ")
            who, year = self.cite_parts(cite.item)
            locator = f", {self.intext_locator(cite.locator)}" if cite.locator else ""
            out.add(cite.prefix and f"{cite.prefix} ").add(who)
            if not year:  # the name carries its year ('Online Safety Act 2023')
                out.add(f" ({locator[2:]})" if narrative and locator else "" if narrative else locator)
            else:
                out.add(f" ({year}{locator})" if narrative else f"{self.year_separator(year)}{year}{locator}")
            out.add(cite.suffix and f", {cite.suffix}")
        if not narrative:
            out.add(")")
        return out


def series(parts: list[str], final: str, serial_comma: bool) -> str:
    """'a', 'a and b', 'a, b and c' (or 'a, b, and c' with the serial comma)."""
    if len(parts) <= 1:
        return "".join(parts)
    if len(parts) == 2:  # never 'A, and B': the serial comma separates three or more
        return f"{parts[0]} {final} {parts[1]}"
    return ", ".join(parts[:-1]) + ("," if serial_comma else "") + f" {final} {parts[-1]}"


def cited_names(style: Style, item: Item) -> tuple[list[str], bool]:
    """The authors an in-text citation names, as it prints them, and whether "et al." follows.

    The style's et-al rule, widened by name disambiguation (`item.cite_names`, `item.cite_givens`)."""
    authors = item.authors
    total = author_count(item)
    shown = item.cite_names or style.et_al_use_first
    if total < style.et_al_min or shown >= total:
        shown = total
    shown = min(shown, len(authors))
    givens = item.cite_givens or (0,) * len(authors)
    return [given_form(name, level) for name, level in zip(authors[:shown], givens)], shown < total


UNKNOWN_MANY = 1000  # `and others`: more authors than any et-al threshold


def author_count(item: Item) -> int:
    """How many authors the work has, as far as the et-al rules care: `and others` means more than any rule
    would list, so "et al." follows the first name(s)."""
    return len(item.authors) + (UNKNOWN_MANY if item.authors_et_al else 0)


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st (the English ordinals of the CSL locales)."""
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


def edition_text(item: Item, label: str) -> str:
    """'4th ed.' / '4th edn': a numeric edition as an ordinal with the style's label; else as written."""
    if not item.edition:
        return ""
    number = item.edition_number
    if number is None:
        return item.edition
    return f"{ordinal(number)} {label}"


def quoted(text: str, outer: str = "“") -> str:
    """A title in the style's quotation marks, its own quotes flipped to the inner form."""
    closing = "”" if outer == "“" else "’"
    return f"{outer}{inner_quotes(text, outer)}{closing}"


def et_al(names: list[str], italic: bool = False) -> Rich:
    """'Zhang et al.', but 'Silver, Hubert, et al.' once more than one name is shown (CSL's contextual rule)."""
    return Rich().add(", ".join(names) + (", " if len(names) > 1 else " ")).add("et al.", italic=italic)


# ---- titles -----------------------------------------------------------------------------------
def sentence_title(item: Item) -> str:
    return sentence_case(item.title_segments)


def headline_title(item: Item) -> str:
    return title_case(item.title_segments)


# ---- pages and dates --------------------------------------------------------------------------
def page_range(pages: str) -> str:
    return pages.replace("-", "–")


def chicago_pages(pages: str) -> str:
    """Chicago's abbreviated ranges: 354–59, 101–8, 1087–89, 5998–6008 (CMOS 9.64)."""
    if "-" not in pages:
        return pages
    first, _, last = pages.partition("-")
    if not (first.isdigit() and last.isdigit()) or len(last) != len(first):
        return page_range(pages)
    start = int(first)
    if start < 100 or start % 100 == 0:
        return f"{first}–{last}"
    keep = 1 if start % 100 < 10 else 2
    # Drop leading digits that are unchanged, but keep at least `keep` digits.
    index = 0
    while index < len(first) - keep and first[index] == last[index]:
        index += 1
    return f"{first}–{last[index:]}"


def month_day(date: Date, day_first: bool) -> str:
    """'August 6' / '6 August' (only the parts the date has)."""
    if not date.month:
        return ""
    if not date.day:
        return date.month_name()
    return f"{date.day} {date.month_name()}" if day_first else f"{date.month_name()} {date.day}"


def full_date(date: Date, day_first: bool) -> str:
    """'August 6, 2024' / '6 August 2024'."""
    if not date.month:
        return str(date.year)
    if day_first:
        return f"{month_day(date, True)} {date.year}"
    return f"{month_day(date, False)}, {date.year}" if date.day else f"{date.month_name()} {date.year}"


def same_name(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def author_is(item: Item, name: str) -> bool:
    """True when the single (corporate) author is also the site or publisher `name`."""
    return len(item.authors) == 1 and bool(name) and same_name(item.authors[0].surname, name)


def legal_designation(item: Item, dots: bool = True) -> str:
    """'Exec. Order No. 14110' for an instrument, 'S.B. 1047' for a bill (OSCOLA: no full stops)."""
    if not item.number:
        return undot(item.genre, dots)
    if item.type == "regulation" and item.genre:
        text = f"{item.genre} No. {item.number}"
    elif item.genre and item.genre not in item.number:
        text = f"{item.genre} {item.number}"
    else:
        text = item.number
    return undot(text, dots)


def undot(text: str, dots: bool) -> str:
    """OSCOLA writes abbreviations without full stops: 'Fed. Reg.' -> 'Fed Reg', 'S.B.' -> 'SB'."""
    if dots:
        return text
    import re

    text = re.sub(r"\b([A-Z])\.(?=[A-Z]\.)", r"\1", text)
    return re.sub(r"(?<=\w)\.(?=\s|,|$)", "", text)


def legal_title_used(item: Item) -> bool:
    """Whether the instrument's designation already opens its title (EU acts do: 'Regulation (EU) 2024/1689 ...')."""
    return bool(item.number) and item.number in item.title


def register(item: Item) -> str:
    """'88 Fed. Reg. 75191': volume, register, first page."""
    return " ".join(part for part in (item.volume, item.container, item.page.split("-")[0]) if part)


def strip(rich: Rich) -> Rich:
    """Drop trailing spaces left by optional parts."""
    while rich.runs and not rich.runs[-1].text.strip():
        rich.runs.pop()
    if rich.runs:
        last = rich.runs[-1]
        rich.runs[-1] = type(last)(last.text.rstrip(), last.italic, last.href)
    return rich
