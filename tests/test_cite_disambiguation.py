"""Year suffixes: same authors, same year -> 2025a/2025b in the reference and the in-text form alike,
held to the reference processor (citeproc-js, every item registered as one document)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cite import CitationItem, format_intext, format_reference, parse_bibliography
from generator.cite.disambiguation import suffix_letters
from generator.problems import Problems
from oracle_support import expected_output, fixture_bibliography, load_compare

FIXTURE = Path(__file__).parent / "fixtures" / "cite-disambiguation"
AUTHOR_DATE_STYLES = ("apa", "chicago", "harvard")


@pytest.fixture(scope="module")
def bib():
    return fixture_bibliography(FIXTURE)


def expected(style: str) -> dict:
    return expected_output(FIXTURE, style)


@pytest.mark.parametrize("style", AUTHOR_DATE_STYLES)
@pytest.mark.parametrize("field", ["text", "rich", "cite_text", "cite_rich"])
def test_suffixed_references_and_citations_match_the_reference_processor(bib, style: str, field: str) -> None:
    compare = load_compare()
    actual = {"entries": [format_reference(bib, key, style).as_dict(key) for key in bib.keys]}
    rows = compare.compare(expected(style), actual, field)
    assert {row["id"]: row["diff"] for row in rows if row["status"] not in ("exact", "ws")} == {}
    assert len(rows) == len(bib) == 8


@pytest.mark.parametrize("style", AUTHOR_DATE_STYLES)
def test_sorting_by_reference_text_gives_the_reference_processors_order(bib, style: str) -> None:
    # The site sorts reference lists by their text; the suffixes must make that the style's order.
    ours = sorted(bib.keys, key=lambda key: format_reference(bib, key, style).text.casefold())
    theirs = [entry["id"] for entry in expected(style)["entries"]]
    suffixed = {"ord2025inference", "ord2025reshapes", "heim2024accounting", "heim2024training"}
    assert [k for k in ours if k in suffixed] == [k for k in theirs if k in suffixed]


def test_the_suffix_appears_in_every_in_text_form(bib) -> None:
    text, html = format_intext(bib, [CitationItem("ord2025reshapes", "p. 4"), CitationItem("ord2025inference")],
                               "apa")
    assert text == "(Ord, 2025b, p. 4; Ord, 2025a)"
    assert format_intext(bib, [CitationItem("ord2025reshapes")], "apa", narrative=True)[0] == "Ord (2025b)"
    assert format_intext(bib, [CitationItem("epoch-trends")], "chicago")[0] == "(Sevilla and Roldán, n.d.-b)"
    assert format_intext(bib, [CitationItem("epoch-trends")], "harvard")[0] == "(Sevilla and Roldán, no date b)"


def test_different_years_or_author_lists_get_no_suffix(bib) -> None:
    assert format_reference(bib, "ord2024scaling", "apa").cite_text == "(Ord, 2024)"
    assert format_reference(bib, "heim2024solo", "apa").cite_text == "(Heim, 2024)"


def test_note_styles_never_add_suffixes(bib) -> None:
    assert "2025a" not in format_reference(bib, "ord2025inference", "oscola").text
    assert "2025b" not in format_reference(bib, "ord2025reshapes", "oscola").cite_text


def test_suffixes_do_not_depend_on_file_order() -> None:
    source = (FIXTURE / "items.bib").read_text(encoding="utf-8")
    entries = source.split("\n@")
    reordered = "\n@".join([entries[0]] + list(reversed(entries[1:])))
    forwards = parse_bibliography(source, "a.bib", Problems())
    backwards = parse_bibliography(reordered, "b.bib", Problems())
    for style in AUTHOR_DATE_STYLES:
        for key in forwards.keys:
            assert format_reference(forwards, key, style).cite_text == format_reference(backwards, key, style).cite_text


def test_identical_titles_fall_back_to_file_order_deterministically() -> None:
    entry = "@misc{{{key}, author = {{Ord, Toby}}, title = {{Same Title}}, year = {{2025}}}}\n"
    bib = parse_bibliography(entry.format(key="second") + entry.format(key="first"), "t.bib", Problems())
    assert format_reference(bib, "second", "harvard").cite_text == "(Ord, 2025a)"
    assert format_reference(bib, "first", "harvard").cite_text == "(Ord, 2025b)"


def test_suffix_letters_continue_past_z() -> None:
    assert [suffix_letters(i) for i in (0, 1, 25, 26, 27)] == ["a", "b", "z", "aa", "ab"]
