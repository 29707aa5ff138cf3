"""BibTeX exports (references.bib, `cite --style bibtex`) are written entry by entry, exactly as pybtex's writer
writes them."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import BibliographyData

from generator.cite import export_bibtex, load_bibliography, parse_bibliography
from generator.cite.exports import bibtex_string, clean_entry
from generator.problems import Problems

LEGAL = Path(__file__).parent / "golden" / "cite" / "legal.bib"
AWKWARD = r"""
@TechReport{Upper, author={{National Institute of Standards and Technology} and van der Berg, Jr., Jan},
  editor={Smith, A. B.}, title={50% of R\&D {"quoted"}}, year={n.d.}, url={https://x.org/a_b%20c}, doi={10.1/x_y}}
@misc{nodate, title={Untitled work}, YEAR={forthcoming}, note={A & B # C ~ D}}
@book{plain, author={Ada Lovelace}, title={Notes}, year={1843}, publisher={Taylor}}
"""


def pybtex_writer(bib) -> str:
    """The oracle: pybtex's own writer over the cleaned copies (no undated year)."""
    return bibtex_string(BibliographyData(entries={key: clean_entry(bib[key]) for key in bib.keys}))


def test_entries_written_directly_match_pybtex_writer_for_the_legal_golden_bibliography() -> None:
    bib = load_bibliography(LEGAL, Problems())
    assert export_bibtex(bib) == pybtex_writer(bib)


def test_entries_written_directly_match_pybtex_writer_for_escapes_names_and_undated_years() -> None:
    bib = parse_bibliography(AWKWARD, "awkward.bib", Problems())
    assert bib.keys == ["Upper", "nodate", "plain"]
    written = export_bibtex(bib)
    assert written == pybtex_writer(bib)
    assert "n.d." not in written and "forthcoming" not in written
    assert "@techreport{Upper" in written
