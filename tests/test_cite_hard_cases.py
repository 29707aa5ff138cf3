"""A wider public test set than ../shared/oracle: tests/fixtures/cite-hard-cases/items.bib has items of every
hard class (verbatim URLs, LaTeX quotes and math, apostrophes and nested quotes, `and others`, editors,
translators, editions, article numbers, report numbers, howpublished, preprints and published papers with
arXiv copies, theses, press releases, corporate authors, and legal materials).

The bar is citeproc-js with the official styles (expected/, made from our own CSL-JSON export by
regenerate.sh): every entry and first citation must equal it in text, in-text form and italics, except where the
style guide says otherwise. Each such deviation is in deviations.json with its rule and the exact text the guide
gives, and is checked to be that text; the same rules are listed in docs/citations.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cite import export_csl_json, format_reference
from oracle_support import STYLE_FILES, expected_output, fixture_bibliography, load_compare

FOLDER = Path(__file__).parent / "fixtures" / "cite-hard-cases"
DEVIATIONS = json.loads((FOLDER / "deviations.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bib():
    return fixture_bibliography(FOLDER)


def test_expected_output_was_made_from_our_current_csl_json_export(bib) -> None:
    """If the export changes, regenerate.sh must be run again: the oracle's input is our export."""
    assert export_csl_json(bib) == (FOLDER / "items.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("style", sorted(STYLE_FILES))
@pytest.mark.parametrize("field", ["text", "cite_text", "rich", "cite_rich"])
def test_every_item_matches_citeproc_js_or_the_documented_style_guide_form(bib, style: str, field: str) -> None:
    compare = load_compare()
    actual = {"entries": [format_reference(bib, key, style).as_dict(key) for key in bib.keys]}
    rows = compare.compare(expected_output(FOLDER, style), actual, field)
    assert len(rows) == len(bib.keys) == 26
    undocumented = {}
    for row in rows:
        if row["status"] in ("exact", "ws"):
            continue
        deviation = DEVIATIONS[style].get(row["id"])
        if deviation is None:
            undocumented[row["id"]] = row["diff"]
        elif field in ("text", "cite_text"):
            assert row["actual"] == deviation[field], (row["id"], deviation["rule"])
    assert undocumented == {}


@pytest.mark.parametrize("style", sorted(STYLE_FILES))
def test_every_documented_deviation_is_still_needed(bib, style: str) -> None:
    """A deviation that citeproc-js no longer has (or that we no longer make) must leave the list."""
    compare = load_compare()
    actual = {"entries": [format_reference(bib, key, style).as_dict(key) for key in bib.keys]}
    differing = {row["id"] for field in ("text", "cite_text", "rich", "cite_rich")
                 for row in compare.compare(expected_output(FOLDER, style), actual, field)
                 if row["status"] not in ("exact", "ws")}
    assert set(DEVIATIONS[style]) <= differing


def test_urls_with_percent_escapes_and_tildes_are_printed_and_linked_verbatim(bib) -> None:
    url = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX%3A32024R1689&amp;qid=1~2"
    for style in STYLE_FILES:
        assert f'href="{url}"' in format_reference(bib, "eurlex2024celex", style).html
        assert "doi.org/10.5555/jmlr_2021~x" in format_reference(bib, "latexheavy2021", style).text


def test_latex_quotes_math_and_apostrophes_are_typographic(bib) -> None:
    apa = format_reference(bib, "latexheavy2021", "apa").text
    assert "“Scaling” laws for α-tests: Compute of 10²⁶ FLOP and Schrödinger’s models" in apa
    assert "‘“Scaling” laws" in format_reference(bib, "latexheavy2021", "harvard").text
    assert "“‘Scaling’ Laws" in format_reference(bib, "latexheavy2021", "chicago").text
    assert format_reference(bib, "nested2022", "chicago").text.startswith(
        "O’Neil, Cathy. 2022. “Why ‘Safe’ AI Isn’t the Same as ‘Aligned’ AI.”")


def test_and_others_is_et_al_in_every_style(bib) -> None:
    assert format_reference(bib, "others2025", "apa").text.startswith("Guo, D., Yang, D., et al. (2025).")
    assert format_reference(bib, "others2025", "chicago").cite_text == "(Guo et al. 2025)"
    assert format_reference(bib, "others2025", "harvard").text.startswith("Guo, D. et al. (2025)")
    assert format_reference(bib, "others2025", "oscola").cite_text.startswith("Daya Guo, Dejian Yang and others,")
    for style in STYLE_FILES:
        assert "Others" not in format_reference(bib, "others2025", style).text
