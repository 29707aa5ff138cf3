"""BibTeX exports (references.bib, `cite --style bibtex`) give back what the editor wrote: LaTeX that was
escaped stays escaped once, months are macros, `and others` stays, an undated year is dropped."""

from __future__ import annotations

from pathlib import Path

from pybtex.database import parse_string

from generator.cite import export_bibtex, load_bibliography, parse_bibliography
from generator.problems import Problems

LEGAL = Path(__file__).parent / "golden" / "cite" / "legal.bib"
AWKWARD = r"""
@TechReport{Upper, author={{National Institute of Standards and Technology} and van der Berg, Jr., Jan},
  editor={Smith, A. B. and others}, title={50\% of R\&D {"quoted"} for \$5}, year={n.d.},
  url={https://x.org/a_b%20c~d}, doi={10.1/x_y}}
@misc{nodate, title={Untitled work}, YEAR={forthcoming}, note={A \& B \# C}}
@book{plain, author={Ada Lovelace}, title={Notes}, year={1843}, month=aug, publisher={Taylor}}
@article{numeric, author={Doe, Jane}, title={T}, journal={J}, year={2020}, month={3}}
"""


def test_every_entry_of_a_bibliography_reparses_to_the_same_fields_and_names() -> None:
    for bib in (load_bibliography(LEGAL, Problems()), parse_bibliography(AWKWARD, "awkward.bib", Problems())):
        reparsed = parse_string(export_bibtex(bib), "bibtex")
        assert list(reparsed.entries) == bib.keys
        for key in bib.keys:
            expected = {k: v for k, v in bib[key].fields.items() if k.lower() != "year" or v.isdigit()}
            if key == "numeric":
                expected["month"] = "March"
            fields = dict(reparsed.entries[key].fields)
            assert fields.pop("key", bib[key].fields.get("title")) == bib[key].fields.get("title")  # sort key
            assert fields == expected
            for role, people in bib[key].persons.items():
                assert [str(p) for p in reparsed.entries[key].persons[role]] == [str(p) for p in people]


def test_latex_escapes_are_written_once_never_escaped_again() -> None:
    written = export_bibtex(parse_bibliography(AWKWARD, "awkward.bib", Problems()))
    assert r"title = {50\% of R\&D {" in written and r"for \$5}" in written
    assert r"note = {A \& B \# C}" in written
    assert "\\\\" not in written and "textbackslash" not in written


def test_urls_and_dois_are_verbatim() -> None:
    written = export_bibtex(parse_bibliography(AWKWARD, "awkward.bib", Problems()))
    assert "url = {https://x.org/a_b%20c~d}" in written and "doi = {10.1/x_y}" in written


def test_months_are_written_as_macros() -> None:
    written = export_bibtex(parse_bibliography(AWKWARD, "awkward.bib", Problems()))
    assert "month = aug" in written and "month = mar" in written and "August" not in written


def test_and_others_and_corporate_braces_survive() -> None:
    written = export_bibtex(parse_bibliography(AWKWARD, "awkward.bib", Problems()))
    assert "author = {{National Institute of Standards and Technology} and van der Berg, Jr., Jan}" in written
    assert "editor = {Smith, A. B. and others}" in written


def test_an_undated_year_is_never_written() -> None:
    written = export_bibtex(parse_bibliography(AWKWARD, "awkward.bib", Problems()))
    assert "n.d." not in written and "forthcoming" not in written
    assert "@techreport{Upper" in written
