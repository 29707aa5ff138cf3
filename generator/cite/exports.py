"""Machine-readable exports: BibTeX (pybtex's writer), RIS and CSL-JSON, for entries and articles."""

from __future__ import annotations

import codecs
import json
import re
from functools import cache

from pybtex.database import BibliographyData, Entry
from pybtex.database.output.bibtex import Writer

from generator.cite.bibliography import Bibliography
from generator.cite.item import Date, Item, item_from_entry
from generator.cite.names import Name

RIS_TYPES = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS", "article": "UNPB",
    "book": "BOOK", "chapter": "CHAP", "paper-conference": "CPAPER", "report": "RPRT", "thesis": "THES",
    "webpage": "ELEC", "post-weblog": "BLOG", "legislation": "STAT", "regulation": "GOVDOC", "bill": "BILL",
    "manuscript": "UNPB", "pamphlet": "PAMP", "document": "GEN",
}


def _selected(bib: Bibliography, keys: list[str] | None) -> list[str]:
    return list(bib.keys) if keys is None else [key for key in keys if key in bib]


# ---- BibTeX -----------------------------------------------------------------------------------
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file"})
LATEX_CODEC = "ulatex+UTF-8"  # what pybtex's writer encodes field values with (its encoding is UTF-8)


@cache
def _latex_special() -> frozenset[str]:
    """The ASCII characters latexcodec rewrites (#, %, &, _, ~); every other character it keeps as it is
    when the output encoding can hold it, and UTF-8 holds every character but a lone surrogate."""
    return frozenset(c for c in map(chr, range(128)) if codecs.encode(c, LATEX_CODEC) != c)


def latex_encode(text: str) -> str:
    """`codecs.encode(text, "ulatex+UTF-8")`, pybtex's `_encode`, without the character-by-character codec
    when it would change nothing (almost always: titles, dates, URLs)."""
    if _latex_special().isdisjoint(text):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return text
    return codecs.encode(text, LATEX_CODEC)


def bibtex_quote(value: str) -> str:
    """pybtex's `Writer.quote`: "value", or {value} when it holds a double quote; unmatched braces raise."""
    inner = value[1:-1] if len(value) > 1 and value[0] == "{" and value[-1] == "}" else value
    if "{" in inner or "}" in inner:  # else plainly balanced: no braces, or one pair around the rest
        _QUOTER.check_braces(value)
    return f'"{value}"' if '"' not in value else f"{{{value}}}"


def bibtex_field(name: str, value: str) -> str:
    """One field as pybtex's writer (and `_Writer`) writes it."""
    if name.lower() in VERBATIM_FIELDS:
        return f",\n    {name} = {bibtex_quote(value)}"
    return f",\n    {name} = {bibtex_quote(latex_encode(value))}"


class _Writer(Writer):
    """pybtex's writer, except that URLs and DOIs are verbatim (biblatex reads them so): no `bill\\_id`."""

    def _encode(self, text):
        return latex_encode(text) if self.encoding == "UTF-8" else super()._encode(text)

    def _write_field(self, stream, type, value):
        if type.lower() in VERBATIM_FIELDS:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)


_QUOTER = Writer(encoding="UTF-8")


def bibtex_string(data: BibliographyData) -> str:
    """pybtex's writer: corporate authors keep their braces because they are part of the name."""
    return _Writer().to_string(data)


def clean_entry(entry: Entry) -> Entry:
    """A copy without an undated 'year' (never year = {n.d.})."""
    fields = {name: value for name, value in entry.fields.items() if not _undated_year(name, value)}
    return Entry(entry.type, fields=fields, persons={role: list(people) for role, people in entry.persons.items()})


def _undated_year(name: str, value: str) -> bool:
    return name.lower() == "year" and not re.fullmatch(r"\d{4}", value.strip())


_NAME_WRITER = _Writer()


def bibtex_name(person) -> str:
    """One name as pybtex's writer writes it (corporate names keep their braces)."""
    return _NAME_WRITER._format_name(None, person)


def entry_bibtex(key: str, entry: Entry) -> str:
    """One entry exactly as pybtex's writer writes its `clean_entry` copy (persons, then the fields but an
    undated year), written directly, field by field: pybtex's writer re-scans every value for braces, which
    is most of a whole-bibliography export (tested equal to it)."""
    persons = "".join(bibtex_field(role, " and ".join([bibtex_name(person) for person in people]))
                      for role, people in entry.persons.items() if people)
    fields = "".join(bibtex_field(name, value) for name, value in entry.fields.items()
                     if not _undated_year(name, value))
    return f"@{entry.type}{{{key}{persons}{fields}\n}}\n"


def export_bibtex(bib: Bibliography, keys: list[str] | None = None) -> str:
    return "\n".join(entry_bibtex(key, bib[key]) for key in _selected(bib, keys))


# ---- CSL-JSON ---------------------------------------------------------------------------------
def csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    out = {"family": name.family, "given": name.given}
    if name.particle:
        out["non-dropping-particle"] = name.particle
    if name.suffix:
        out["suffix"] = name.suffix
    return {key: value for key, value in out.items() if value}


def csl_date(date: Date) -> dict:
    return {"date-parts": [date.parts()]}


def csl_item(item: Item) -> dict:
    """One CSL-JSON item (the schema citeproc-js, Zotero and Pandoc read)."""
    out: dict = {"id": item.id, "type": item.type, "title": item.title}
    if item.authors:
        out["author"] = [csl_name(n) for n in item.authors]
    if item.editors:
        out["editor"] = [csl_name(n) for n in item.editors]
    for key, value in (
        ("title-short", item.title_short), ("container-title", item.container), ("publisher", item.publisher),
        ("publisher-place", item.place), ("volume", item.volume), ("issue", item.issue),
        ("page", item.page), ("number", item.number), ("genre", item.genre), ("edition", item.edition),
        ("DOI", item.doi), ("URL", item.url), ("authority", item.authority), ("chapter-number", item.session),
        ("language", item.language),
    ):
        if value:
            out[key] = value
    if item.issued:
        out["issued"] = csl_date(item.issued)
    if item.accessed:
        out["accessed"] = csl_date(item.accessed)
    return out


def csl_json_string(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def export_csl_json(bib: Bibliography, keys: list[str] | None = None) -> str:
    return csl_json_string([csl_item(item_from_entry(key, bib[key])) for key in _selected(bib, keys)])


# ---- RIS ----------------------------------------------------------------------------------------
def ris_name(name: Name) -> str:
    if name.literal:
        return name.literal
    return name.inverted(name.given)


def ris_record(item: Item) -> str:
    lines = [("TY", RIS_TYPES.get(item.type, "GEN"))]
    lines += [("AU", ris_name(n)) for n in item.authors]
    lines += [("ED", ris_name(n)) for n in item.editors]
    lines.append(("TI", item.title))
    if item.title_short:
        lines.append(("ST", item.title_short))
    if item.container:
        lines.append(("T2", item.container))
    if item.issued:
        lines.append(("PY", str(item.issued.year)))
        month = f"{item.issued.month:02d}" if item.issued.month else ""
        day = f"{item.issued.day:02d}" if item.issued.day else ""
        lines.append(("DA", f"{item.issued.year}/{month}/{day}/"))
    first, _, last = item.page.partition("-")
    for tag, value in (("VL", item.volume), ("IS", item.issue), ("SP", first), ("EP", last),
                       ("PB", item.publisher), ("CY", item.place), ("M1", item.number), ("M3", item.genre),
                       ("ET", item.edition), ("LA", item.language), ("DO", item.doi), ("UR", item.url)):
        if value:
            lines.append((tag, value))
    if item.accessed:
        lines.append(("Y2", item.accessed.iso()))
    lines.append(("ID", item.id))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\n" for tag, value in lines)


def export_ris(bib: Bibliography, keys: list[str] | None = None) -> str:
    return "\n".join(ris_record(item_from_entry(key, bib[key])) for key in _selected(bib, keys))
