"""The bridge from BibTeX to the styles: one pybtex Entry becomes an :class:`Item` (CSL's data model).

Every style, and the CSL-JSON and RIS exports, read Items, so the BibTeX conventions in the README
are interpreted in exactly one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pybtex.database import Entry

from generator.cite.latex import Segment, decode, segments
from generator.cite.names import Name, name_from_person

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
MONTH_NUMBERS = {name.lower()[:3]: number for number, name in enumerate(MONTHS, 1)}

# Types whose title stands alone (italic in most styles) rather than inside a container.
STANDALONE = frozenset({"book", "report", "thesis", "article", "webpage", "document", "manuscript", "dataset"})
LEGAL = frozenset({"legislation", "regulation", "bill"})


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
    title_short: str = ""
    container: str = ""
    publisher: str = ""
    place: str = ""
    volume: str = ""
    issue: str = ""
    page: str = ""
    number: str = ""
    genre: str = ""
    edition: str = ""
    doi: str = ""
    url: str = ""
    issued: Date | None = None
    updated: Date | None = None  # an article's last revision (its own citation only)
    accessed: Date | None = None
    authority: str = ""
    session: str = ""
    howpublished: str = ""
    archive: str = ""  # "arXiv" for a preprint with an eprint
    eprint: str = ""
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
    return {
        "book": "book", "proceedings": "book", "booklet": "pamphlet",
        "inbook": "chapter", "incollection": "chapter",
        "inproceedings": "paper-conference", "conference": "paper-conference",
        "techreport": "report", "report": "report", "manual": "report",
        "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis",
        "unpublished": "manuscript",
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


def item_from_entry(key: str, entry: Entry) -> Item:
    fields = {name.lower(): value for name, value in entry.fields.items()}

    def get(*names: str) -> str:
        for name in names:
            if fields.get(name, "").strip():
                return decode(fields[name]).strip()
        return ""

    kind = csl_type(entry)
    archive = get("archiveprefix", "eprinttype")
    eprint = get("eprint")
    item = Item(
        id=key,
        type=kind,
        title_segments=segments(fields.get("title", "")),
        authors=[name_from_person(p) for p in entry.persons.get("author", [])],
        editors=[name_from_person(p) for p in entry.persons.get("editor", [])],
        title_short=get("shorttitle"),
        volume=get("volume"),
        page=get("pages").replace("–", "-").replace("--", "-"),
        genre=get("type"),
        edition=get("edition"),
        doi=re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", get("doi"), flags=re.I),
        url=get("url"),
        issued=entry_date(fields),
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
        item.genre = item.genre or ("PhD thesis" if entry.type.lower() == "phdthesis" else
                                    "Master's thesis" if entry.type.lower() == "mastersthesis" else "")
    elif item.is_legal:
        item.container = get("journal", "journaltitle")
        item.number = get("number")
        item.authority = get("institution")
        item.session = get("session")
    else:
        item.publisher = get("publisher", "organization", "institution")
        item.container = get("journal", "journaltitle")
        item.number = get("number")
    if eprint:
        prefix = archive or "arXiv"
        item.archive = prefix
        item.number = item.number or f"{prefix}:{eprint}"
        item.publisher = item.publisher or prefix
    return item
