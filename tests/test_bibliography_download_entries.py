"""The whole-bibliography references.bib is written entry by entry, exactly as pybtex's writer writes it."""

from __future__ import annotations

from pathlib import Path

from generator.cite import export_bibtex, load_bibliography, parse_bibliography
from generator.citations import entry_bibtex
from generator.problems import Problems

LEGAL = Path(__file__).parent / "golden" / "cite" / "legal.bib"
AWKWARD = r"""
@TechReport{Upper, author={{National Institute of Standards and Technology} and van der Berg, Jr., Jan},
  editor={Smith, A. B.}, title={50% of R\&D {"quoted"}}, year={n.d.}, url={https://x.org/a_b%20c}, doi={10.1/x_y}}
@misc{nodate, title={Untitled work}, YEAR={forthcoming}, note={A & B # C ~ D}}
@book{plain, author={Ada Lovelace}, title={Notes}, year={1843}, publisher={Taylor}}
"""


def whole_file(bib) -> str:
    return "\n".join(entry_bibtex(key, bib[key]) for key in bib.keys)


def test_entries_written_directly_match_pybtex_writer_for_the_legal_golden_bibliography() -> None:
    bib = load_bibliography(LEGAL, Problems())
    assert whole_file(bib) == export_bibtex(bib)


def test_entries_written_directly_match_pybtex_writer_for_escapes_names_and_undated_years() -> None:
    bib = parse_bibliography(AWKWARD, "awkward.bib", Problems())
    assert bib.keys == ["Upper", "nodate", "plain"]
    written = whole_file(bib)
    assert written == export_bibtex(bib)
    assert "n.d." not in written and "forthcoming" not in written
    assert "@techreport{Upper" in written
