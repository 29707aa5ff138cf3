"""Legal materials the four styles share a shape for: court cases, EU acts with an Official Journal issue,
US statutes (Pub. L. and Stat.) and UK Acts. Each style's module keeps its own older forms (EU acts cited
by their own number, executive orders, bills); this module answers for the rest, or returns None.

The BibTeX convention for each is in docs/citations.md. The forms: OSCOLA 4 §2.1 (UK Acts), §2.3 (cases,
neutral citations), §2.6.1 (EU, '[year] OJ L119/1'), §2.7 (foreign law as cited at home, no full stops);
APA 7 §11.4 (cases), §11.5 (statutes); Chicago 18 ch. 14 (Bluebook forms); Cite Them Right
(cases and Acts of Parliament, with the case name or Act in italics).
"""

from __future__ import annotations

import re

from generator.cite.item import Item
from generator.cite.rich import Rich


def kind(item: Item) -> str:
    """'case', 'eu-oj', 'us-statute', 'uk-act', or '' for the forms the styles format themselves."""
    if item.type == "legal_case":
        return "case"
    if item.type != "legislation":
        return ""
    if item.container.startswith("OJ") and item.issue:
        return "eu-oj"
    if item.volume and item.container and item.genre:
        return "us-statute"
    if uk_chapter(item) and re.search(r"\b\d{4}$", item.title):
        return "uk-act"
    return ""


def uk_chapter(item: Item) -> str:
    """'c. 50' (chapter of an Act of Parliament) from type={c} number={50}, or number={c 50}."""
    if item.genre.rstrip(".").lower() in ("c", "ch", "chapter") and item.number:
        return f"c. {item.number}"
    match = re.fullmatch(r"c\.?\s*(\d+)", item.number)
    return f"c. {match.group(1)}" if match else ""


def oj_series(item: Item) -> str:
    return item.oj_series or item.container.removeprefix("OJ").strip()


def undot(text: str) -> str:
    """OSCOLA: 'Pub. L. No.' -> 'Pub L No', 'U.S.' -> 'US', 'v.' -> 'v'."""
    text = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.)", r"\1", text)
    return re.sub(r"(?<=\w)\.(?=\s|,|\)|$)", "", text)


def case_citation(item: Item) -> str:
    """'[2019] UKSC 41, [2020] AC 373' or '347 U.S. 483': neutral citation, then the report."""
    report = " ".join(p for p in (item.volume, item.reporter, item.page.split("-")[0]) if p)
    return ", ".join(p for p in (item.number, report) if p)


def year_in_brackets(item: Item) -> bool:
    """A UK citation that starts with '[2019]' carries its year; a US one needs '(1954)' after it."""
    return case_citation(item).startswith("[")


def statute_parts(item: Item) -> list[str]:
    """'Pub. L. No. 117-167', '136 Stat. 1366'."""
    return [f"{item.genre} No. {item.number}", " ".join(p for p in (item.volume, item.container,
                                                                       item.page.split("-")[0]) if p)]


def year(item: Item) -> str:
    return str(item.issued.year) if item.issued else ""


def bluebook(item: Item, italic_case: bool) -> Rich | None:
    """APA 7 and Chicago 18 (both after the Bluebook), without the closing full stop."""
    form = kind(item)
    out = Rich()
    if form == "case":
        out.add(item.title, italic=italic_case)
        citation = case_citation(item)
        if year_in_brackets(item):
            return out.add(f" {citation}")
        court = f"{item.authority} " if item.authority and item.authority not in ("U.S.", "US", "SCOTUS") else ""
        return out.add(f", {citation} ({court}{year(item)})")
    if form == "eu-oj":
        return out.add(f"{item.title}, {year(item)} O.J. ({oj_series(item)} {item.issue}) {item.page.split('-')[0]}".rstrip())
    if form == "us-statute":
        return out.add(", ".join([item.title, *statute_parts(item)]) + f" ({year(item)})")
    if form == "uk-act":
        return out.add(f"{item.title}, {uk_chapter(item)} (UK)")
    return None


def oscola(item: Item, footnote: bool, pinpoint: str) -> Rich | None:
    """OSCOLA, without the link: case names italic in footnotes, roman in the list of cases (§1.7)."""
    form = kind(item)
    pin = f", {pinpoint}" if pinpoint else ""
    out = Rich()
    if form == "case":
        out.add(undot(item.title), italic=footnote)
        citation = undot(case_citation(item))
        if year_in_brackets(item):
            return out.add(f" {citation}{pin}")
        return out.add(f" {citation} ({year(item)}){pin}")
    if form == "eu-oj":
        return out.add(f"{item.title} [{year(item)}] OJ {oj_series(item)}{item.issue}/{item.page.split('-')[0]}{pin}")
    if form == "us-statute":
        return out.add(", ".join([item.title, *map(undot, statute_parts(item))]) + f" ({year(item)}){pin}")
    if form == "uk-act":
        return out.add(f"{item.title}{pin}")
    return None


def cite_them_right(item: Item) -> Rich | None:
    """Cite Them Right: the case or Act in italics, then its citation; ends with a full stop."""
    form = kind(item)
    out = Rich().italic(item.title)
    if form == "case":
        citation = case_citation(item)
        return out.add(f" {citation}." if year_in_brackets(item) else f" ({year(item)}) {citation}.")
    if form == "eu-oj":
        return out.add(f" ({year(item)}) OJ {oj_series(item)}{item.issue}, p. {item.page.split('-')[0]}.")
    if form == "us-statute":
        return out.add(f" ({year(item)}) " + ", ".join(statute_parts(item)) + ".")
    if form == "uk-act":
        return out.add(f", {uk_chapter(item)}.")
    return None


def intext_name(item: Item, italic_case: bool) -> Rich:
    """What an author-date citation names: the case (italic where the style wants) or the Act's short title."""
    name = item.title_short or item.title
    return Rich().add(name, italic=italic_case and item.type == "legal_case")


def intext_year(item: Item, year_text: str) -> str:
    """'' when the name already carries the year ('Online Safety Act 2023', '[2019] UKSC 41')."""
    return "" if kind(item) == "uk-act" else year_text


def apa_number(number: str, genre: str) -> str:
    """APA 7 groups an executive order's digits: 'Exec. Order No. 14,110' (§11.7)."""
    if "order" in genre.lower() and number.isdigit() and len(number) > 4:
        return f"{int(number):,}"
    return number
