"""Machine-readable exports: BibTeX (pybtex's writer), RIS and CSL-JSON, for entries and articles."""

from __future__ import annotations

import codecs
import html
import json
import re
from functools import cache

from pybtex.database import Entry
from pybtex.database.output.bibtex import Writer

from generator.cite.bibliography import Bibliography
from generator.cite.casing import sentence_case_segments
from generator.cite.item import MONTHS, VERBATIM, Date, Item, item_from_entry, thesis_genre
from generator.cite.names import Name

# RIS types as Zotero's RIS translator writes them (a paper in proceedings is CONF, which Zotero, bibutils and
# EndNote's "Conference Proceedings" all read as a published conference paper; software COMP, a dataset DATA).
RIS_TYPES = {
    "article-journal": "JOUR", "article-magazine": "MGZN", "article-newspaper": "NEWS", "article": "UNPB",
    "book": "BOOK", "chapter": "CHAP", "paper-conference": "CONF", "report": "RPRT", "thesis": "THES",
    "webpage": "ELEC", "post-weblog": "BLOG", "legislation": "STAT", "regulation": "GOVDOC", "bill": "BILL",
    "legal_case": "CASE", "manuscript": "UNPB", "pamphlet": "PAMP", "software": "COMP", "dataset": "DATA",
    "document": "GEN",
}


def _selected(bib: Bibliography, keys: list[str] | None) -> list[str]:
    return list(bib.keys) if keys is None else [key for key in keys if key in bib]


# ---- BibTeX -----------------------------------------------------------------------------------
# A bibliography's fields are LaTeX already (pybtex keeps them as written): they are written back as they are,
# never escaped again (`R\&D` stays `R\&D`, not `R\\&D`). Only text that is not LaTeX (an article's front
# matter) is encoded, by `latex_encode`.
VERBATIM_FIELDS = VERBATIM  # url, doi, eprint, file: never LaTeX, in either direction
LATEX_CODEC = "ulatex+UTF-8"
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@cache
def _latex_special() -> frozenset[str]:
    """The ASCII characters latexcodec rewrites (#, %, &, _, ~, braces, ...)."""
    return frozenset(c for c in map(chr, range(128)) if codecs.encode(c, LATEX_CODEC) != c)


def latex_encode(text: str) -> str:
    """Plain text as LaTeX (`&` -> `\\&`), without the character-by-character codec when it would change
    nothing (almost always)."""
    if _latex_special().isdisjoint(text):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return text
    return codecs.encode(text, LATEX_CODEC)


def bibtex_quote(value: str) -> str:
    """{value}: braces are BibTeX's own delimiters and hold a double quote (`{\\"o}`) as well as anything."""
    depth = 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            break
    if depth:
        raise ValueError(f"unbalanced braces in {value[:40]!r}")
    return f"{{{value}}}"


def month_macro(value: str) -> str | None:
    """`month = aug` as biber and bibtex want it (a macro, not the string "August"), when the value is a month."""
    text = value.strip().lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return MONTH_MACROS[int(text) - 1]
    return text[:3] if text[:3] in MONTH_MACROS and MONTH_NAMES.get(text[:3], "").startswith(text) else None


MONTH_NAMES = {macro: name.lower() for macro, name in zip(MONTH_MACROS, MONTHS)}


def bibtex_field(name: str, value: str) -> str:
    """One field of plain text (not LaTeX yet), encoded; URLs, DOIs and eprints verbatim."""
    if name.lower() in VERBATIM_FIELDS:
        return f",\n    {name} = {bibtex_quote(value)}"
    return f",\n    {name} = {bibtex_quote(latex_encode(value))}"


def bibtex_raw_field(name: str, value: str) -> str:
    """One field of a .bib entry, written back as it was written (it is LaTeX already); months as macros."""
    if name.lower() == "month":
        macro = month_macro(value)
        if macro:
            return f",\n    {name} = {macro}"
    return f",\n    {name} = {bibtex_quote(value)}"


def _undated_year(name: str, value: str) -> bool:
    return name.lower() == "year" and not re.fullmatch(r"\d{4}", value.strip())


_NAME_WRITER = Writer(encoding="UTF-8")


def bibtex_name(person) -> str:
    """One name as written in BibTeX: pybtex's parts joined back, LaTeX kept, corporate braces kept."""
    return _NAME_WRITER._format_name(None, person)


# Classic BibTeX's own types (plain.bst and the styles made from it). biblatex reads every one of them: the
# thesis and report types through its own aliases, which keep the `type` written (biblatex.def, "Type Aliases").
CLASSIC_TYPES = frozenset({"article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings",
                           "manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished"})
# plain.bst sorts these by author *or* editor/organization; every other type needs an author or a `key`.
SORTED_WITHOUT_AUTHOR = {"book": ("editor",), "inbook": ("editor",), "proceedings": ("editor", "organization"),
                         "manual": ("organization",)}


def classic_type(kind: str, fields) -> str:
    """The entry type both bibtex and biber read without a warning. biblatex's @report and @thesis become their
    classic aliases; a type only biblatex knows (@online, @software, @legislation, @jurisdiction, ...) becomes
    @misc, the driver biblatex's standard styles print it with anyway (docs/citations.md: the choice)."""
    kind = kind.lower()
    if kind in CLASSIC_TYPES:
        return kind
    if kind == "report":
        return "techreport"
    if kind == "thesis" and fields.get("type", "").strip():
        return "mastersthesis" if thesis_genre(fields["type"].strip()) == "masters" else "phdthesis"
    return "misc"


def sort_key(kind: str, entry: Entry) -> str:
    """`key` for an entry plain.bst could not sort (no author, nor the editor or organization its type allows):
    the title, which is what biblatex sorts such an entry by (it reads `key` as `sortkey`). pybtex's fields and
    persons are case-insensitive."""
    persons, fields = entry.persons, entry.fields
    if persons.get("author") or "key" in fields or any(persons.get(role) or fields.get(role, "").strip()
                                                       for role in SORTED_WITHOUT_AUTHOR.get(kind, ())):
        return ""
    return fields.get("title", "").strip()


def entry_bibtex(key: str, entry: Entry) -> str:
    """One entry, its persons then its fields as written (an undated year dropped); `and others` stays. The type
    is the classic one (`classic_type`), and an entry plain.bst could not sort gets a `key`."""
    kind = classic_type(entry.type, entry.fields)
    persons = "".join(bibtex_raw_field(role, " and ".join([bibtex_name(person) for person in people]))
                      for role, people in entry.persons.items() if people)
    body = "".join(bibtex_raw_field(name, value) for name, value in entry.fields.items()
                   if not _undated_year(name, value))
    sort = sort_key(kind, entry)
    if sort:
        body += bibtex_raw_field("key", sort)
    return f"@{kind}{{{key}{persons}{body}\n}}\n"


def export_bibtex(bib: Bibliography, keys: list[str] | None = None) -> str:
    return "\n".join(entry_bibtex(key, bib[key]) for key in _selected(bib, keys))


# ---- CSL-JSON ---------------------------------------------------------------------------------
# Titles are sentence case with <span class="nocase"> around what the editor protected, as Zotero stores them:
# citeproc-js prints them as they are in APA and Harvard, and title-cases them for Chicago and OSCOLA.
# BibTeX's `and others` has no CSL-JSON marker: the names known are exported (docs/citations.md).
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


def csl_title(item: Item) -> str:
    if item.is_legal:
        return item.title  # an official title, which the CSL styles never re-case
    if all(protected for _, protected in item.title_segments):
        # protected whole (an instrument article's title, `{{...}}`): Chicago and OSCOLA would title-case it
        return f'<span class="nocase">{html.escape(item.title, quote=False)}</span>' if item.title else ""
    cased = sentence_case_segments(item.title_segments)
    return "".join(f'<span class="nocase">{html.escape(text, quote=False)}</span>' if protected
                   else html.escape(text, quote=False) for text, protected in cased)


def csl_item(item: Item) -> dict:
    """One CSL-JSON item (the schema citeproc-js, Zotero and Pandoc read)."""
    out: dict = {"id": item.id, "type": item.type, "title": csl_title(item)}
    if item.authors:
        out["editor" if item.authors_are_editors else "author"] = [csl_name(n) for n in item.authors]
    if item.editors:
        out["editor"] = [csl_name(n) for n in item.editors]
    if item.translators:
        out["translator"] = [csl_name(n) for n in item.translators]
    for key, value in (
        ("title-short", item.title_short), ("container-title", item.container),
        ("publisher", item.publisher or item.howpublished),
        ("publisher-place", item.place), ("volume", item.volume), ("issue", item.issue),
        ("page", item.page), ("number", item.number), ("genre", item.genre), ("edition", item.edition),
        ("version", item.version), ("DOI", item.doi), ("URL", item.url), ("authority", item.authority),
        ("chapter-number", item.session), ("language", item.language),
    ):
        if value:
            out[key] = value
    if item.type == "thesis" and item.genre in ("phd", "masters"):
        out["genre"] = {"phd": "PhD thesis", "masters": "Master’s thesis"}[item.genre]
    if item.issued:
        out["issued"] = csl_date(item.issued)
    if item.original:
        out["original-date"] = csl_date(item.original)
    if item.accessed:
        out["accessed"] = csl_date(item.accessed)
    if item.updated:  # CSL has no "modified" date: kept where a reader (and Zotero's import) sees it
        out["note"] = f"Last modified {item.updated.iso()}"
    return out


def csl_json_string(items: list[dict]) -> str:
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def export_csl_json(bib: Bibliography, keys: list[str] | None = None) -> str:
    return csl_json_string([csl_item(item_from_entry(key, bib[key])) for key in _selected(bib, keys)])


# ---- RIS ----------------------------------------------------------------------------------------
RIS_GENRES = {"phd": "PhD thesis", "masters": "Master’s thesis"}


def ris_name(name: Name) -> str:
    if name.literal:
        # Written exactly as it is: RIS has no mark for a corporate author, and no form of the name keeps its
        # text and reads as one organisation everywhere (Zotero splits at a comma, bibutils every name of two
        # or more words; docs/citations.md, "Corporate authors in RIS"). Zotero and rispy read it whole.
        return name.literal
    return name.inverted(name.given)


def ris_date(date: Date) -> str:
    """RIS's YYYY/MM/DD/ form (month and day empty when unknown)."""
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


def ris_record(item: Item) -> str:
    lines = [("TY", RIS_TYPES.get(item.type, "GEN"))]
    lines += [("ED" if item.authors_are_editors else "AU", ris_name(n)) for n in item.authors]
    lines += [("ED", ris_name(n)) for n in item.editors]
    lines += [("A4", ris_name(n)) for n in item.translators]
    lines.append(("TI", item.title))
    if item.title_short:
        lines.append(("ST", item.title_short))
    if item.container:
        lines.append(("T2", item.container))
    if item.issued:
        lines.append(("PY", str(item.issued.year)))
        lines.append(("DA", ris_date(item.issued)))
    first, _, last = item.page.partition("-")
    if not first and item.number and item.type == "article-journal":
        first = item.number  # an article number stands where the first page would
    for tag, value in (("VL", item.volume), ("IS", item.issue), ("SP", first), ("EP", last),
                       ("PB", item.publisher or item.howpublished), ("CY", item.place),
                       ("M1", "" if item.type == "article-journal" else item.number),
                       ("M3", RIS_GENRES.get(item.genre, item.genre)), ("ET", item.edition or item.version),
                       ("LA", item.language), ("DO", item.doi), ("UR", item.url)):
        if value:
            lines.append((tag, value))
    if item.original:
        lines.append(("OP", str(item.original.year)))
    if item.updated:
        lines.append(("N1", f"Last modified {ris_date(item.updated)}"))
    if item.accessed:
        lines.append(("Y2", ris_date(item.accessed)))
    lines.append(("ID", item.id))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {value}".rstrip() + "\n" for tag, value in lines)


def export_ris(bib: Bibliography, keys: list[str] | None = None) -> str:
    return "\n".join(ris_record(item_from_entry(key, bib[key])) for key in _selected(bib, keys))
