"""`policywiki check` reports every content problem at once, as path:line:col, and never a traceback."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run_cli, run_main


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def check(capsys, content: Path) -> tuple[int, list[str]]:
    status, _, err = run_main(capsys, "check", "--content", str(content))
    return status, [line for line in err.splitlines() if re.match(r"^\S+:\d+:\d+: ", line)]


def errors_for(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if name in line and "warning:" not in line]


def test_a_valid_wiki_passes_check(capsys, small_wiki):
    status, lines = check(capsys, small_wiki)
    assert status == 0
    assert errors_for(lines, "") == []


def test_a_misspelt_field_is_reported_at_its_key_with_a_suggestion(capsys, small_wiki):
    path = small_wiki / "concepts" / "gamma-concept.md"
    write(path, path.read_text().replace("summary:", "sumary:"))
    status, lines = check(capsys, small_wiki)
    assert status == 1
    assert any(line.endswith("gamma-concept.md:4:1: unknown field 'sumary'; did you mean 'summary'?") for line in lines)
    assert any("gamma-concept.md:2:1: missing required field 'summary'" in line for line in lines)


def test_broken_yaml_is_reported_at_the_offending_line(capsys, small_wiki):
    path = small_wiki / "concepts" / "gamma-concept.md"
    write(path, path.read_text().replace("summary: A third", 'summary: "A third'))
    status, lines = check(capsys, small_wiki)
    assert status == 1
    [line] = errors_for(lines, "gamma-concept.md")
    assert re.search(r"gamma-concept\.md:(4|5|6):\d+: invalid YAML", line)


def test_a_tab_in_front_matter_is_explained(capsys, small_wiki):
    path = small_wiki / "concepts" / "gamma-concept.md"
    write(path, path.read_text().replace("kind: concept", "kind:\tconcept\n\ttitle: x"))
    _, lines = check(capsys, small_wiki)
    assert any("tab character" in line for line in errors_for(lines, "gamma-concept.md"))


def test_a_broken_wiki_link_is_reported_at_the_link(capsys, small_wiki):
    path = small_wiki / "concepts" / "gamma-concept.md"
    write(path, path.read_text().replace("before [[alpha-concept]]", "before [[alpha-concpet]]"))
    status, lines = check(capsys, small_wiki)
    assert status == 1
    assert "gamma-concept.md:9:26: broken wiki link: no article 'alpha-concpet'" in "\n".join(lines)


def test_a_link_to_a_missing_heading_is_an_error(capsys, small_wiki):
    path = small_wiki / "concepts" / "alpha-concept.md"
    write(path, path.read_text().replace("gamma-concept#history", "gamma-concept#future"))
    _, lines = check(capsys, small_wiki)
    assert any("alpha-concept.md:19:10: broken wiki link: 'gamma-concept' has no heading '#future'" in l for l in lines)


def test_an_unknown_citation_key_is_reported_where_it_is_cited(capsys, small_wiki):
    path = small_wiki / "concepts" / "beta-concept.md"
    write(path, path.read_text().replace("@warhol1975", "@warhol1976"))
    _, lines = check(capsys, small_wiki)
    assert any("beta-concept.md:8:47: unknown citation key '@warhol1976'" in line for line in lines)


def test_wrong_types_bad_slugs_and_bad_dates_are_each_reported(capsys, small_wiki):
    write(small_wiki / "concepts" / "delta.md", """---
title: [not, a, string]
kind: concept
summary: fine
related: [Not_A_Slug]
published: 2026-13-45
---
Body.
""")
    _, lines = check(capsys, small_wiki)
    mine = errors_for(lines, "delta.md")
    assert any(":2:8: 'title'" in line for line in mine)
    assert any(":5:11: 'related.0'" in line and "lower-case" in line for line in mine)
    assert any(":6:12: invalid YAML" in line or ":6:12: 'published'" in line for line in mine)


def test_duplicate_slugs_clash_even_by_case_or_through_an_alias(capsys, small_wiki):
    write(small_wiki / "topics" / "other.md", """---
title: Other
kind: topic
slug: other
aliases: [Beta-Concept]
summary: clashes with beta through an alias
published: 2026-01-01
---
""")
    _, lines = check(capsys, small_wiki)
    assert any("other.md:5:11: 'Beta-Concept' is already used by" in line for line in lines)


def test_a_duplicate_key_is_reported_at_its_second_occurrence(capsys, small_wiki):
    path = small_wiki / "concepts" / "gamma-concept.md"
    write(path, path.read_text().replace("published: 2026-01-12", "published: 2026-01-12\ntitle: Again"))
    _, lines = check(capsys, small_wiki)
    assert any("gamma-concept.md:6:1: duplicate key 'title' (first given on line 2)" in line for line in lines)


def test_unclosed_front_matter_and_invalid_utf8_are_reported_not_raised(capsys, small_wiki):
    write(small_wiki / "concepts" / "open.md", "---\ntitle: Never closed\n")
    (small_wiki / "concepts" / "latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    _, lines = check(capsys, small_wiki)
    assert any("open.md:1:1: front matter is never closed" in line for line in lines)
    assert any("latin1.md:2:11: invalid UTF-8 byte 0xe9" in line for line in lines)


def test_misspelt_field_broken_yaml_and_broken_link_give_three_positioned_errors_and_exit_1(small_wiki):
    """The acceptance case of the end-to-end issue, run as a real process."""
    alpha = small_wiki / "concepts" / "alpha-concept.md"
    write(alpha, alpha.read_text().replace("category:", "categroy:"))
    gamma = small_wiki / "concepts" / "gamma-concept.md"
    write(gamma, gamma.read_text().replace("summary: A third", "summary: [A third"))
    beta = small_wiki / "concepts" / "beta-concept.md"
    write(beta, beta.read_text().replace("[[alpha-concept]]", "[[alpha-concepts]]"))
    result = run_cli("check", "--content", str(small_wiki))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if re.match(r"^\S+:\d+:\d+: (?!warning)", line)]
    assert len(errors) == 3, result.stderr
    assert re.search(r"alpha-concept\.md:4:1: unknown field 'categroy'; did you mean 'category'\?", errors[0])
    assert re.search(r"beta-concept\.md:8:16: broken wiki link: no article 'alpha-concepts'", errors[1])
    assert re.search(r"gamma-concept\.md:\d+:\d+: invalid YAML", errors[2])
