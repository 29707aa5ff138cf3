"""Name disambiguation: works whose in-text forms would collide are told apart by more names before
"et al." and by initials or given names, as the official CSL styles ask and citeproc-js does, with
year suffixes only for what names cannot separate. Held to citeproc-js (tests/fixtures/cite-names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cite import CitationItem, format_intext, format_reference, load_bibliography, parse_bibliography
from generator.problems import Problems
from oracle_support import expected_output, fixture_bibliography, load_compare

FIXTURE = Path(__file__).parent / "fixtures" / "cite-names"
AUTHOR_DATE_STYLES = ("apa", "chicago", "harvard")


@pytest.fixture(scope="module")
def bib():
    return fixture_bibliography(FIXTURE)


def expected(style: str) -> dict:
    return expected_output(FIXTURE, style)


def cite(bib, key: str, style: str) -> str:
    return format_reference(bib, key, style).cite_text


@pytest.mark.parametrize("style", AUTHOR_DATE_STYLES)
@pytest.mark.parametrize("field", ["text", "rich", "cite_text", "cite_rich"])
def test_colliding_works_are_told_apart_as_the_reference_processor_does(bib, style: str, field: str) -> None:
    compare = load_compare()
    actual = {"entries": [format_reference(bib, key, style).as_dict(key) for key in bib.keys]}
    rows = compare.compare(expected(style), actual, field)
    assert {row["id"]: row["diff"] for row in rows if row["status"] not in ("exact", "ws")} == {}
    assert len(rows) == len(bib) == 15


def test_same_first_author_and_year_add_the_names_that_differ(bib) -> None:
    assert cite(bib, "silver2017mastering", "apa") == "(Silver, Schrittwieser, et al., 2017)"
    assert cite(bib, "silver2017chess", "apa") == "(Silver, Hubert, et al., 2017)"
    # As many names as it takes: the shorter list is then named in full.
    assert cite(bib, "brown2023short", "chicago") == "(Brown, Mann, and Ryder 2023)"
    assert cite(bib, "brown2023long", "chicago") == "(Brown, Mann, Ryder, et al. 2023)"


def test_identical_author_lists_keep_et_al_and_take_year_suffixes(bib) -> None:
    assert [cite(bib, key, "apa") for key in ("zhang2024first", "zhang2024second")] == \
        ["(Zhang et al., 2024a)", "(Zhang et al., 2024b)"]


def test_first_authors_sharing_a_family_name_get_initials_in_apa_even_in_different_years(bib) -> None:
    assert cite(bib, "taylor2019ann", "apa") == "(A. Taylor, 2019)"
    assert cite(bib, "taylor2021bob", "apa") == "(B. Taylor, 2021)"
    # Initials cannot tell Jane from John Smith; APA stops at initials, so the year decides.
    assert cite(bib, "smith2020jane", "apa") == "(J. Smith, 2020a)"
    assert cite(bib, "smith2020john", "apa") == "(J. Smith, 2020b)"


def test_chicago_spells_out_given_names_when_initials_are_not_enough(bib) -> None:
    assert cite(bib, "smith2020jane", "chicago") == "(Jane Smith 2020)"
    assert cite(bib, "smith2020anna", "chicago") == "(A. Smith 2020)"


def test_harvard_expands_only_names_in_colliding_citations_and_carries_them_into_the_list(bib) -> None:
    assert cite(bib, "taylor2019ann", "harvard") == "(Taylor, 2019)"
    assert cite(bib, "garcia2018other", "harvard") == "(García and K. Novak, 2018)"
    assert format_reference(bib, "smith2020john", "harvard").text.startswith("Smith, John (2020)")
    assert format_reference(bib, "silver2017chess", "harvard").html.startswith("Silver, D., Hubert, T., <i>et al.</i>")


def test_narrative_citations_use_the_same_names(bib) -> None:
    items = [CitationItem("silver2017chess", "p. 2")]
    assert format_intext(bib, items, "apa", narrative=True)[0] == "Silver, Hubert, et al. (2017, p. 2)"
    assert format_intext(bib, [CitationItem("brown2023short")], "apa", narrative=True)[0] == \
        "Brown, Mann, and Ryder (2023)"
    assert format_intext(bib, [CitationItem("smith2020anna")], "harvard", narrative=True)[0] == "A. Smith (2020)"


def test_footnotes_give_the_whole_reference_so_oscola_adds_nothing(bib) -> None:
    assert cite(bib, "silver2017mastering", "oscola").startswith("David Silver and others, ‘Mastering the Game")
    assert "2020a" not in format_reference(bib, "smith2020jane", "oscola").text


def test_the_result_does_not_depend_on_file_order() -> None:
    source = (FIXTURE / "items.bib").read_text(encoding="utf-8")
    header, *entries = source.split("\n@")
    forwards = parse_bibliography(source, "a.bib", Problems())
    backwards = parse_bibliography("\n@".join([header] + entries[::-1]), "b.bib", Problems())
    for style in AUTHOR_DATE_STYLES:
        for key in forwards.keys:
            assert format_reference(forwards, key, style) == format_reference(backwards, key, style)


def test_disambiguation_runs_once_per_bibliography_and_style(bib, monkeypatch) -> None:
    from generator.cite import api

    fresh = load_bibliography(FIXTURE / "items.bib", Problems())
    calls: list[str] = []
    real = api.cite_forms
    monkeypatch.setattr(api, "cite_forms", lambda style, items: calls.append(style.name) or real(style, items))
    for key in fresh.keys:
        for style in AUTHOR_DATE_STYLES:
            format_reference(fresh, key, style)
            format_intext(fresh, [CitationItem(key)], style)
    assert sorted(calls) == list(AUTHOR_DATE_STYLES)
