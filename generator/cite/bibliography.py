"""Load ``references.bib`` with pybtex into a :class:`Bibliography`, turning every defect into a Problem.

pybtex raises (strict mode) or prints (lenient mode) on bad input; neither suits an editor who wants
every problem as ``path:line:col``. So we drive pybtex's low-level parser ourselves: it hands us one
entry at a time together with the offset where the entry starts, which gives each problem a position.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pybtex.errors
from pybtex.database import BibliographyData, Entry
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.scanner import PybtexSyntaxError

from generator.problems import Problems

# Entry types the styles know how to format; anything else is formatted as @misc, with a warning.
KNOWN_TYPES = frozenset(
    {
        "article", "book", "booklet", "inbook", "incollection", "inproceedings", "conference",
        "manual", "mastersthesis", "phdthesis", "thesis", "misc", "online", "electronic", "www",
        "techreport", "report", "unpublished", "proceedings", "legislation",
    }
)
# biber and every editor treat a line starting with % as a comment; pybtex does not, and would
# trip over an "@online" mentioned in one.
COMMENT_LINE = re.compile(r"^[ \t]*%.*$", re.M)
YEAR = re.compile(r"\d{4}")
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def line_col(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


@dataclass
class Bibliography:
    """The parsed bibliography: entries in file order, with where each one starts in the file."""

    data: BibliographyData = field(default_factory=BibliographyData)
    path: Path | None = None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Formatting results, keyed by (key, style): each entry is formatted once per style per process.
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def keys(self) -> list[str]:
        return list(self.data.entries.keys())

    def __contains__(self, key: object) -> bool:
        return key in self.data.entries

    def __len__(self) -> int:
        return len(self.data.entries)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys)

    def __getitem__(self, key: str) -> Entry:
        return self.data.entries[key]

    def get(self, key: str) -> Entry | None:
        return self.data.entries.get(key)

    def position(self, key: str) -> tuple[int, int]:
        return self.positions.get(key, (1, 1))


def load_bibliography(path: Path, problems: Problems) -> Bibliography:
    """Parse a BibTeX file; an absent file is an empty bibliography, a bad one a list of problems."""
    path = Path(path)
    if not path.exists():
        return Bibliography(path=path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line, column = line_col(exc.object.decode("utf-8", "replace"), exc.start)
        problems.add(path, line, column, "the bibliography is not valid UTF-8")
        return Bibliography(path=path)
    except OSError as exc:
        problems.add(path, 1, 1, f"cannot read the bibliography: {exc.strerror}")
        return Bibliography(path=path)
    return parse_bibliography(text, path, problems)


def parse_bibliography(text: str, path: Path | str, problems: Problems) -> Bibliography:
    """Parse BibTeX source text; see :func:`load_bibliography`."""
    parser = Parser()
    parser.unnamed_entry_counter = 1
    bib = Bibliography(data=parser.data, path=Path(path))

    def syntax_error(error: PybtexSyntaxError) -> None:
        offset = error.error_context_info[-1]
        line, column = line_col(text, min(offset, len(text)))
        problems.add(path, line, column, f"BibTeX {error.error_type}: {error.args[0]}")

    # Blank comments out with spaces so that offsets, hence positions, stay true.
    source = COMMENT_LINE.sub(lambda m: " " * len(m.group()), text)
    scanner = LowLevelParser(source, handle_error=syntax_error, macros=parser.macros, filename=str(path))
    # Where each line starts: an entry's position by bisection, not by counting newlines from the top of the
    # file for every entry (quadratic: a second at 2,000 entries).
    line_starts = [0] + [match.end() for match in re.finditer("\n", text)]
    for entry_type, body in scanner:
        start = scanner.command_start
        line = bisect.bisect_right(line_starts, start)
        column = start - line_starts[line - 1] + 1
        kind = entry_type.lower()
        if kind in ("string", "comment"):
            continue
        if kind == "preamble":
            parser.process_preamble(*body)
            continue
        key, fields = body
        if key in bib.data.entries:
            first_line, _ = bib.positions[key]
            problems.add(path, line, column, f"duplicate key '{key}' (first defined on line {first_line})")
            continue
        with pybtex.errors.capture() as captured:
            parser.process_entry(entry_type, key, fields)
        for error in captured:
            problems.add(path, line, column, f"in '{key}': {error}")
        if key in bib.data.entries:
            bib.positions[key] = (line, column)
            check_entry(key, bib.data.entries[key], path, line, column, problems)
    return bib


def check_entry(key: str, entry: Entry, path: Path | str, line: int, column: int, problems: Problems) -> None:
    """Field-level rules the styles rely on: a title, a real year or date, a known type."""
    fields = entry.fields
    if entry.type.lower() not in KNOWN_TYPES:
        problems.add(path, line, column, f"'{key}': unknown entry type @{entry.type}; it is formatted as @misc",
                     "warning")
    if not fields.get("title", "").strip():
        problems.add(path, line, column, f"'{key}': missing title")
    year = fields.get("year")
    if year is not None and not YEAR.fullmatch(year.strip()):
        problems.add(path, line, column,
                     f"'{key}': year must be four digits, not '{year}' (leave it out when the work has no date)")
    for name in ("date", "urldate"):
        value = fields.get(name)
        if value is not None and not ISO_DATE.fullmatch(value.strip()):
            problems.add(path, line, column, f"'{key}': {name} must be YYYY, YYYY-MM or YYYY-MM-DD, not '{value}'")
    for name in ("url",):
        value = fields.get(name, "").strip()
        if value and not re.match(r"https?://", value, re.I):
            problems.add(path, line, column, f"'{key}': {name} must start with http:// or https://")
