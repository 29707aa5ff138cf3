"""The bibliography loader: pybtex parses references.bib; every defect is a positioned problem, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cite import load_bibliography, parse_bibliography
from generator.problems import Problems

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def parse(text: str) -> tuple:
    problems = Problems()
    return parse_bibliography(text, "refs.bib", problems), [str(p) for p in problems.items]


def test_absent_file_is_an_empty_bibliography(tmp_path: Path) -> None:
    problems = Problems()
    bib = load_bibliography(tmp_path / "references.bib", problems)
    assert len(bib) == 0 and bib.keys == [] and not problems


def test_keys_come_in_file_order_and_support_membership() -> None:
    bib, problems = parse("@misc{b, title={B}}\n@book{a, title={A}, year={2001}}\n")
    assert bib.keys == ["b", "a"]
    assert "a" in bib and "zzz" not in bib and len(bib) == 2
    assert bib["a"].fields["year"] == "2001"
    assert problems == []


def test_entry_positions_are_recorded() -> None:
    bib, _ = parse("\n\n  @misc{late, title={L}}\n")
    assert bib.position("late") == (3, 3)


def test_duplicate_key_is_reported_at_the_second_entry_and_the_first_wins() -> None:
    bib, problems = parse("@misc{a, title={First}}\n@misc{a, title={Second}}\n")
    assert problems == ["refs.bib:2:1: duplicate key 'a' (first defined on line 1)"]
    assert bib["a"].fields["title"] == "First"


def test_syntax_error_is_positioned_and_parsing_continues() -> None:
    bib, problems = parse("@misc{a, title={A}}\n@misc{b, title={unclosed, year=2020}\n@misc{c, title={C}}\n")
    assert any(p.startswith("refs.bib:") and "syntax error" in p for p in problems)
    assert "a" in bib and "c" in bib


def test_duplicate_field_is_a_problem_on_its_entry() -> None:
    _, problems = parse("@misc{x, title={T}}\n@book{y, title={T}, title={U}}\n")
    assert problems == ["refs.bib:2:1: in 'y': entry with key y has a duplicate title field"]


def test_year_n_d_is_rejected_with_advice() -> None:
    _, problems = parse("@misc{x, title={T}, year={n.d.}}")
    assert problems == ["refs.bib:1:1: 'x': year must be four digits, not 'n.d.' (leave it out when the work has no date)"]


def test_missing_title_and_unsafe_url_are_problems() -> None:
    _, problems = parse("@misc{x, url={javascript:alert(1)}}")
    assert "refs.bib:1:1: 'x': missing title" in problems
    assert "refs.bib:1:1: 'x': url must start with http:// or https://" in problems


def test_percent_comment_lines_are_comments_even_when_they_mention_an_at_sign() -> None:
    bib, problems = parse("% use @online for web pages\n@misc{x, title={T}}\n")
    assert bib.keys == ["x"] and problems == []


def test_unknown_entry_type_is_a_warning_not_an_error() -> None:
    problems = Problems()
    parse_bibliography("@gadget{x, title={T}}", "refs.bib", problems)
    assert [p.severity for p in problems.items] == ["warning"]


def test_invalid_utf8_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "references.bib"
    path.write_bytes(b"@misc{x, title={caf\xe9}}")
    problems = Problems()
    assert len(load_bibliography(path, problems)) == 0
    assert [p.message for p in problems.items] == ["the bibliography is not valid UTF-8"]


def test_oracle_cases_parse_cleanly() -> None:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    problems = Problems()
    bib = load_bibliography(SHARED / "oracle" / "cases.bib", problems)
    assert len(bib) == 18 and not problems.errors
