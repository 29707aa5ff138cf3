"""The bridge from BibTeX to the styles: one pybtex Entry becomes an :class:`Item` (CSL's data model).

Every style, and the CSL-JSON and RIS exports, read Items, so the BibTeX conventions in the README
are interpreted in exactly one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Entry, Person

from generator.cite.latex import Segment, decode, segments
from generator.cite.names import Name, is_others, name_from_person

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_NUMBERS = {name.lower()[:3]: number for number, name in enumerate(MONTHS, 1)}

# Types whose title stands alone (italic in most styles) rather than inside a container.
STANDALONE = frozenset({"book", "report", "thesis", "article", "webpage", "document", "manuscript", "dataset",
                        "software"})
LEGAL = frozenset({"legislation", "regulation", "bill", "legal_case"})
# Fields BibTeX and biblatex treat as verbatim: never LaTeX-decoded (a % or ~ in a URL is the URL's).
VERBATIM = frozenset({"url", "doi", "eprint", "file"})
ORDINAL_WORDS = {word: str(number) for number, word in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split(), 1)}


@dataclass(frozen=True)
class Date:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> "Date | None":
        match = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", text or "")
        if not match:
            return None
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    def month_name(self) -> str:
        return MONTHS[self.month - 1] if self.month else ""

    def iso(self) -> str:
        return "-".join(f"{part:02d}" if index else f"{part:04d}" for index, part in enumerate(self.parts()))

    def parts(self) -> list[int]:
        out = [self.year]
        if self.month:
            out.append(self.month)
            if self.day:
                out.append(self.day)
        return out


@dataclass
class Item:
    id: str
    type: str  # a CSL type: article-journal, article, book, webpage, legislation, ...
    title_segments: list[Segment] = field(default_factory=list)
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    translators: list[Name] = field(default_factory=list)
    # BibTeX's "and others": the list goes on, and every style prints "et al." after the names it shows.
    authors_et_al: bool = False
    editors_et_al: bool = False
    # An edited book without an author is cited by its editors, in the author position, with (Ed.)/(eds).
    authors_are_editors: bool = False
    title_short: str = ""
    container: str = ""
    publisher: str = ""
    place: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    number: str = ""
    genre: str = ""
    edition: str = ""  # a number ("4") when the edition is numeric: each style makes its ordinal
    version: str = ""
    doi: str = ""
    url: str = ""
    issued: Date | None = None
    original: Date | None = None  # first publication of a translated or reissued work (origdate)
    updated: Date | None = None  # an article's last revision (its own citation only)
    accessed: Date | None = None
    authority: str = ""
    session: str = ""
    howpublished: str = ""
    archive: str = ""  # "arXiv" for an item with an eprint (a preprint, or a published paper's arXiv copy)
    eprint: str = ""
    # Court cases (biblatex @jurisdiction): the neutral citation or report ("[2019] UKSC 41", "347 U.S. 483").
    reporter: str = ""
    oj_series: str = ""  # the Official Journal's series (L, C) for an EU act with an issue number
    language: str = ""
    year_suffix: str = ""  # "a" in 2025a: set per style by generator.cite.disambiguation
    # How many authors the in-text form names before "et al." (0: the style's default) and how much of
    # each author's given name it shows (0 none, 1 initials, 2 in full): set per style, like year_suffix.
    cite_names: int = 0
    cite_givens: tuple[int, ...] = ()

    @property
    def title(self) -> str:
        return "".join(text for text, _ in self.title_segments)

    @property
    def is_legal(self) -> bool:
        return self.type in LEGAL

    @property
    def standalone(self) -> bool:
        return self.type in STANDALONE

    @property
    def edition_number(self) -> int | None:
        return int(self.edition) if self.edition.isdigit() else None

    def link(self) -> str:
        """The one link a reference shows: the DOI as a URL if there is one, else the URL."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url


def csl_type(entry: Entry) -> str:
    kind = entry.type.lower()
    fields = {k.lower(): v for k, v in entry.fields.items()}
    subtype = fields.get("entrysubtype", "").strip().lower()
    preprint = bool(fields.get("eprint"))
    if kind == "article":
        if subtype in ("newspaper", "magazine"):
            return f"article-{subtype}"
        if preprint and not (fields.get("journal") or fields.get("journaltitle")):
            return "article"
        return "article-journal"
    if kind in ("online", "electronic", "www"):
        return "post-weblog" if subtype == "blog" else "webpage"
    if kind == "legislation":
        return subtype if subtype in ("regulation", "bill") else "legislation"
    if kind in ("jurisdiction", "case"):
        return "legal_case"
    return {
        "book": "book", "proceedings": "book", "booklet": "pamphlet",
        "inbook": "chapter", "incollection": "chapter",
        "inproceedings": "paper-conference", "conference": "paper-conference",
        "techreport": "report", "report": "report", "manual": "report",
        "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
        "unpublished": "manuscript", "software": "software", "dataset": "dataset",
    }.get(kind, "article" if preprint else "document")


def entry_date(fields: dict[str, str]) -> Date | None:
    if fields.get("date"):
        return Date.parse(fields["date"])
    year = fields.get("year", "").strip()
    if not re.fullmatch(r"\d{4}", year):
        return None
    month_text = fields.get("month", "").strip().lower()
    month = int(month_text) if month_text.isdigit() else MONTH_NUMBERS.get(month_text[:3])
    day_text = fields.get("day", "").strip()
    day = int(day_text) if day_text.isdigit() and month else None
    return Date(int(year), month if month and 1 <= month <= 12 else None, day)


def people(entry: Entry, role: str, fields: dict[str, str]) -> tuple[list[Name], bool]:
    """The names in a role, and whether BibTeX's `and others` ended the list. pybtex parses only authors and
    editors as names; a `translator` field is split here the same way."""
    persons = entry.persons.get(role, [])
    if not persons and fields.get(role, "").strip():
        persons = [Person(part) for part in split_name_list(fields[role])]
    names = [name_from_person(p) for p in persons if not is_others(p)]
    return names, len(names) < len(persons)


def edition_of(text: str) -> str:
    """'4', '4th', 'Fourth' -> '4' (each style writes its own ordinal); 'Revised' stays as written."""
    if not text or text.isdigit():
        return text
    match = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?(?:\s+(?:ed\.?|edn\.?|edition))?", text.strip(), re.I)
    if match:
        return match.group(1)
    return ORDINAL_WORDS.get(text.strip().lower().removesuffix(" edition"), text.strip())


def item_from_entry(key: str, entry: Entry) -> Item:
    fields = {name.lower(): value for name, value in entry.fields.items()}

    def get(*names: str) -> str:
        for name in names:
            if fields.get(name, "").strip():
                return decode(fields[name]).strip()
        return ""

    def verbatim(name: str) -> str:
        return fields.get(name, "").strip()

    kind = csl_type(entry)
    archive = get("archiveprefix", "eprinttype")
    eprint = verbatim("eprint")
    authors, authors_et_al = people(entry, "author", fields)
    editors, editors_et_al = people(entry, "editor", fields)
    translators, _ = people(entry, "translator", fields)
    item = Item(
        id=key,
        type=kind,
        title_segments=segments(fields.get("title", "")),
        authors=authors,
        editors=editors,
        translators=translators,
        authors_et_al=authors_et_al,
        editors_et_al=editors_et_al,
        title_short=get("shorttitle"),
        volume=get("volume"),
        page=get("pages").replace("–", "-").replace("--", "-"),
        genre=get("type"),
        edition=edition_of(get("edition")),
        version=get("version"),
        doi=re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", verbatim("doi"), flags=re.I),
        url=verbatim("url"),
        issued=entry_date(fields),
        original=Date.parse(fields.get("origdate", "")) or Date.parse(fields.get("origyear", "")),
        accessed=Date.parse(fields.get("urldate", "")),
        place=get("address", "location"),
        howpublished=get("howpublished"),
        archive=archive,
        eprint=eprint,
        language=get("langid", "language"),
    )
    if kind in ("article-journal", "article-newspaper", "article-magazine"):
        item.container = get("journal", "journaltitle")
        item.issue = get("number", "issue")
        item.number = get("eid")  # an article number ("e0123"), printed where pages would be
    elif kind in ("paper-conference", "chapter"):
        item.container = get("booktitle")
        item.publisher = get("publisher", "organization")
    elif kind in ("webpage", "post-weblog"):
        item.container = get("organization", "journal", "journaltitle")
        item.publisher = get("publisher")
    elif kind == "report":
        item.publisher = get("institution", "publisher", "organization")
        item.number = get("number")
    elif kind == "thesis":
        item.publisher = get("school", "institution")
        item.genre = thesis_genre(item.genre or entry.type.lower())
    elif kind == "legal_case":
        item.authority = get("institution", "court")
        item.reporter = get("journal", "journaltitle", "reporter")
        item.number = get("number")
        item.container = item.reporter
    elif item.is_legal:
        item.container = get("journal", "journaltitle")
        item.number = get("number")
        item.issue = get("issue")
        item.oj_series = get("series")
        item.authority = get("institution")
        item.session = get("session")
    else:
        item.publisher = get("publisher", "organization", "institution")
        item.container = get("journal", "journaltitle")
        item.number = get("number")
    if eprint:
        item.archive = archive or "arXiv"
        if kind == "article":  # only a preprint is published by its archive; a journal paper keeps its own
            item.number = item.number or f"{item.archive}:{eprint}"
            item.publisher = item.publisher or item.archive
    if not item.authors and item.editors and kind not in ("chapter", "paper-conference"):
        item.authors, item.authors_et_al, item.authors_are_editors = item.editors, item.editors_et_al, True
        item.editors, item.editors_et_al = [], False
    return item


def thesis_genre(text: str) -> str:
    """A thesis's kind, normalised so each style can print its own form of it."""
    lowered = text.lower().replace(".", "").replace("'", "").replace("’", "")
    if lowered in ("phdthesis", "phd thesis", "phd", "doctoral thesis", "doctoral dissertation", "phd dissertation",
                   "dissertation"):
        return "phd"
    if lowered in ("mastersthesis", "masters thesis", "ma thesis", "msc thesis", "masters", "mathesis"):
        return "masters"
    return text
