"""The rules the styles implement, on items the oracle does not have: names, casing, dates, pages, et al."""

from __future__ import annotations

import pytest

from generator.cite import CitationItem, format_intext, format_reference, parse_bibliography
from generator.cite.casing import sentence_case, title_case
from generator.cite.latex import decode, segments
from generator.cite.names import name_from_text
from generator.cite.styles.base import chicago_pages
from generator.problems import Problems


def bib_of(text: str):
    problems = Problems()
    bib = parse_bibliography(text, "t.bib", problems)
    assert not problems.errors, problems.items
    return bib


def authors(n: int) -> str:
    return " and ".join(f"Surname{i}, Given{i}" for i in range(1, n + 1))


# ---- names --------------------------------------------------------------------------------------
def test_particle_stays_with_the_surname() -> None:
    name = name_from_text("van den Driessche, George")
    assert (name.particle, name.family, name.surname) == ("van den", "Driessche", "van den Driessche")


def test_suffix_is_kept_apart_from_given_names() -> None:
    name = name_from_text("King, Jr., Martin Luther")
    assert name.inverted(name.initials()) == "King, M. L., Jr."
    assert name.natural() == "Martin Luther King, Jr."


def test_double_braced_author_is_corporate_and_printed_whole() -> None:
    name = name_from_text("{National Institute of Standards and Technology}")
    assert name.is_corporate and name.surname == "National Institute of Standards and Technology"


def test_hyphenated_given_names_keep_the_hyphen_in_initials() -> None:
    name = name_from_text("Sartre, Jean-Paul")
    assert name.initials() == "J.-P." and name.initials(dots=False) == "J-P"


def test_latex_accents_become_unicode() -> None:
    assert decode(r"R{\'e}") == "Ré"
    assert decode(r"Kaiser, {\L}ukasz") == "Kaiser, Łukasz"
    assert decode(r"Fran{\c{c}}ois") == "François"
    assert decode("2023--2024") == "2023–2024"


# ---- casing ---------------------------------------------------------------------------------------
def test_sentence_case_keeps_braced_words_acronyms_and_the_word_after_a_colon() -> None:
    title = segments("Scaling {LLM} Test-Time Compute: Why {Go} Matters for LLMs and OpenAI")
    assert sentence_case(title) == "Scaling LLM test-time compute: Why Go matters for LLMs and OpenAI"



@pytest.mark.parametrize(("title", "sentence"), [
    ("Best-of-N Sampling for Inference Compute", "Best-of-N sampling for inference compute"),
    ("Top-K and Top-P Decoding", "Top-K and top-P decoding"),
    ("Plan B for Compute Governance", "Plan B for compute governance"),
    ("Why X-Ray Scaling Is Part A", "Why X-ray scaling is part A"),
    ("Toward A Theory of Thresholds", "Toward a theory of thresholds"),
])
def test_sentence_case_keeps_a_capital_letter_standing_alone(title: str, sentence: str) -> None:
    """A single capital letter is a symbol or name (N, K, Plan B); only 'A' before a word is the article."""
    assert sentence_case(segments(title)) == sentence

def test_headline_case_lowers_stop_words_except_at_the_edges() -> None:
    assert title_case(segments("the Case for off-Policy Learning in the Wild")) == "The Case for Off-Policy Learning in the Wild"
    assert title_case(segments("Attention is All you Need")) == "Attention Is All You Need"
    assert title_case(segments("What Is It For")) == "What Is It For"


def test_headline_case_never_touches_protected_text() -> None:
    assert title_case(segments("{{laying down harmonised rules}}")) == "laying down harmonised rules"


# ---- pages and dates -------------------------------------------------------------------------------
@pytest.mark.parametrize(("pages", "expected"), [
    ("3-10", "3–10"), ("71-72", "71–72"), ("100-104", "100–104"), ("101-108", "101–8"), ("321-328", "321–28"),
    ("498-532", "498–532"), ("1087-1089", "1087–89"), ("5998-6008", "5998–6008"), ("354-359", "354–59"),
])
def test_chicago_abbreviates_page_ranges(pages: str, expected: str) -> None:
    assert chicago_pages(pages) == expected


def test_undated_work_says_n_d_once_and_never_n_d_dot_dot() -> None:
    bib = bib_of("@online{x, author={{Some Org}}, title={A Page}, url={https://x.org}, urldate={2026-01-02}}")
    for style in ("apa", "chicago", "harvard", "oscola"):
        formatted = format_reference(bib, "x", style)
        assert "n.d.." not in formatted.text and "<<" not in formatted.text
    assert format_reference(bib, "x", "chicago").text.startswith("Some Org. n.d. “A Page.”")
    assert format_reference(bib, "x", "harvard").text.startswith("Some Org (no date)")


def test_a_dated_memo_or_press_release_keeps_its_month_and_day_in_apa_and_chicago() -> None:
    """apa.csl and chicago-author-date.csl (APA 7 §9.16, CMOS 18 ch. 13): a dated @misc (rule, memo, press release)
    is '(Year, Month Day)' in APA and ends its source with ', Month Day' in Chicago; a report keeps the year alone."""
    bib = bib_of("@misc{memo, author={{Office of Policy}}, title={A Memo on Compute}, howpublished={Policy paper},"
                 " year={2024}, month=may, day={21}}\n"
                 "@misc{month, author={{Press Office}}, title={A Note}, year={2025}, month=jul}\n"
                 "@techreport{report, author={{Board of Audit}}, title={A Report}, institution={Board of Audit},"
                 " year={2024}, month=may, day={21}}")
    assert format_reference(bib, "memo", "apa").text == (
        "Office of Policy. (2024, May 21). A memo on compute. Policy paper.")
    assert format_reference(bib, "memo", "chicago").text == (
        "Office of Policy. 2024. “A Memo on Compute.” Policy paper, May 21.")
    assert format_reference(bib, "month", "apa").text == "Press Office. (2025, July). A note."
    assert format_reference(bib, "month", "chicago").text == "Press Office. 2025. “A Note.” July."
    assert format_reference(bib, "report", "apa").text.startswith("Board of Audit. (2024). A report.")
    assert format_reference(bib, "report", "chicago").text.startswith("Board of Audit. 2024. A Report.")


def test_harvard_marks_a_journal_article_without_volume_or_pages_as_a_preprint() -> None:
    bib = bib_of("@article{early, author={Doe, Jane}, title={Early Results}, journal={Journal of Things},"
                 " year={2024}}\n"
                 "@article{issued, author={Roe, John}, title={Late Results}, journal={Journal of Things}, volume={3},"
                 " year={2024}}")
    assert format_reference(bib, "early", "harvard").text == (
        "Doe, J. (2024) ‘Early results’, Journal of Things [Preprint].")
    assert "[Preprint]" not in format_reference(bib, "issued", "harvard").text


# ---- et al. thresholds -----------------------------------------------------------------------------
@pytest.mark.parametrize(("count", "apa", "chicago", "harvard"), [
    (2, "(Surname1 & Surname2, 2020)", "(Surname1 and Surname2 2020)", "(Surname1 and Surname2, 2020)"),
    (3, "(Surname1 et al., 2020)", "(Surname1 et al. 2020)", "(Surname1, Surname2 and Surname3, 2020)"),
    (4, "(Surname1 et al., 2020)", "(Surname1 et al. 2020)", "(Surname1 et al., 2020)"),
])
def test_in_text_et_al_thresholds(count: int, apa: str, chicago: str, harvard: str) -> None:
    bib = bib_of(f"@book{{b, author={{{authors(count)}}}, title={{T}}, publisher={{P}}, year={{2020}}}}")
    assert [format_reference(bib, "b", s).cite_text for s in ("apa", "chicago", "harvard")] == [apa, chicago, harvard]


def test_apa_lists_twenty_authors_then_ellipsis_and_the_last() -> None:
    bib = bib_of(f"@book{{b, author={{{authors(25)}}}, title={{T}}, publisher={{P}}, year={{2020}}}}")
    text = format_reference(bib, "b", "apa").text
    assert "Surname19, G., … Surname25, G. (2020)." in text and "Surname20" not in text


def test_chicago_lists_up_to_six_authors_and_three_then_et_al_for_seven() -> None:
    six = bib_of(f"@book{{b, author={{{authors(6)}}}, title={{T}}, publisher={{P}}, year={{2020}}}}")
    seven = bib_of(f"@book{{b, author={{{authors(7)}}}, title={{T}}, publisher={{P}}, year={{2020}}}}")
    assert "and Given6 Surname6. 2020." in format_reference(six, "b", "chicago").text
    assert format_reference(seven, "b", "chicago").text.startswith(
        "Surname1, Given1, Given2 Surname2, Given3 Surname3, et al. 2020.")


def test_oscola_uses_and_others_beyond_three_authors() -> None:
    bib = bib_of(f"@book{{b, author={{{authors(4)}}}, title={{T}}, publisher={{P}}, year={{2020}}}}")
    assert format_reference(bib, "b", "oscola").text == "Surname1 G and others, T (P 2020)"
    assert format_reference(bib, "b", "oscola").cite_text == "Given1 Surname1 and others, T (P 2020)."


# ---- in-article citations ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def two():
    return bib_of("@book{a, author={Heim, Lennart and Koessler, Leonie}, title={A}, publisher={P}, year={2024}}\n"
                  "@book{b, author={Ord, Toby}, title={B}, publisher={P}, year={2025}}")


def test_parenthetical_citation_with_locator_and_several_keys(two) -> None:
    items = [CitationItem("a", "p. 12"), CitationItem("b")]
    assert format_intext(two, items, "apa", narrative=False)[0] == "(Heim & Koessler, 2024, p. 12; Ord, 2025)"
    assert format_intext(two, items, "chicago", narrative=False)[0] == "(Heim and Koessler 2024, 12; Ord 2025)"
    assert format_intext(two, items, "harvard", narrative=False)[0] == "(Heim and Koessler, 2024, p. 12; Ord, 2025)"


def test_narrative_citation_puts_the_year_in_brackets(two) -> None:
    assert format_intext(two, [CitationItem("a")], "apa", narrative=True)[0] == "Heim and Koessler (2024)"
    assert format_intext(two, [CitationItem("b", "p. 3")], "harvard", narrative=True)[0] == "Ord (2025, p. 3)"


def test_prefix_and_suffix_surround_the_item(two) -> None:
    text, _ = format_intext(two, [CitationItem("b", prefix="see", suffix="for a review")], "apa", False)
    assert text == "(see Ord, 2025, for a review)"


def test_oscola_in_text_is_a_footnote_with_a_pinpoint(two) -> None:
    text, _ = format_intext(two, [CitationItem("b", "p. 7")], "oscola", False)
    assert text == "Toby Ord, B (P 2025) 7."  # a book's pinpoint follows the brackets, no comma


def test_html_escapes_and_links(two) -> None:
    bib = bib_of("@online{x, author={{A \\& B}}, title={Q <b>}, organization={S}, url={https://x.org/?a=1&b=2}, "
                 "year={2020}}")
    html = format_reference(bib, "x", "apa").html
    assert "A &amp; B" in html and "Q &lt;b&gt;" in html
    assert '<a href="https://x.org/?a=1&amp;b=2">https://x.org/?a=1&amp;b=2</a>' in html


def test_each_entry_is_formatted_once_per_style(two) -> None:
    first = format_reference(two, "a", "apa")
    assert format_reference(two, "a", "apa") is first


def test_a_full_stop_inside_a_title_is_an_abbreviation_not_a_sentence_end() -> None:
    assert sentence_case(segments("Provisions on U.S. Investments")) == "Provisions on U.S. investments"


def test_a_full_stop_inside_a_braced_group_is_not_a_sentence_end() -> None:
    title = segments("Provisions Pertaining to {U.S.} Investments in Certain Technologies")
    assert sentence_case(title) == "Provisions pertaining to U.S. investments in certain technologies"
    assert sentence_case(segments("{U.S}. Investments Abroad")) == "U.S. investments abroad"


def test_a_full_stop_that_ends_a_sentence_capitalises_the_next_word() -> None:
    assert sentence_case(segments("Scaling Laws. A Review of the Evidence")) == "Scaling laws. A review of the evidence"
    assert sentence_case(segments("Why {AI}. Matters Now")) == "Why AI. Matters now"


def test_apa_and_harvard_keep_the_word_after_a_braced_abbreviation_lower_case() -> None:
    bib = bib_of("@misc{t, author={{U.S. Department of the Treasury}}, year={2024}, "
                 "title={Provisions Pertaining to {U.S.} Investments in Certain National Security Technologies}}")
    for style in ("apa", "harvard"):
        assert "Provisions pertaining to U.S. investments in certain national security technologies" in \
            format_reference(bib, "t", style).text


def test_oscola_cites_a_foreign_statute_as_at_home_without_full_stops() -> None:
    bib = bib_of("@legislation{ny, title={{Responsible AI Safety and Education Act}}, "
                 "journal={N.Y. Gen. Bus. Law art. 44-B}, year={2026}}")
    assert format_reference(bib, "ny", "oscola").text == \
        "Responsible AI Safety and Education Act, NY Gen Bus Law art 44-B (2026)"
