"""`policywiki check [--format text|json] [--strict]`: errors and warnings, positioned, in both formats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_cli, run_main

LINE = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<column>\d+): (?P<warning>warning: )?(?P<message>.+)$")


def problem_lines(err: str) -> list[re.Match]:
    return [m for m in map(LINE.match, err.splitlines()) if m]


def make_clean(wiki: Path) -> None:
    """Give every small-wiki article a long enough summary and a primary source, so no warning but orphans remain."""
    for path in wiki.rglob("*.md"):
        text = path.read_text()
        text = re.sub(r"^summary: (.*)$", r"summary: \1 It is described here at proper length.", text, count=1,
                      flags=re.M)
        if "primary_source:" not in text and "reference:" not in text:
            text = text.replace("\npublished:", "\nprimary_source: warhol1975\npublished:", 1)
        path.write_text(text)


def test_editorial_warnings_are_positioned_at_the_field_and_do_not_fail_check(capsys, small_wiki):
    beta = small_wiki / "concepts" / "beta-concept.md"
    status, out, err = run_main(capsys, "check", "--content", str(small_wiki))
    assert status == 0
    warnings = {(Path(m["path"]).name, m["line"], m["column"], m["message"]) for m in problem_lines(err)}
    assert ("beta-concept.md", "4", "10", "summary is too short (46 characters; write at least 50: one full "
            "sentence saying what this is)") in warnings
    assert ("beta-concept.md", "2", "1", "missing primary source: add 'primary_source' with a key from "
            "references.bib") in warnings
    assert ("test-topic.md", "1", "1", "orphan: no other article links to this one") in warnings
    assert all(m["warning"] for m in problem_lines(err))
    assert re.search(r"policywiki: 5 articles, no errors, \d+ warnings", out)
    assert beta.exists()


def test_a_summary_that_runs_on_is_too_long(capsys, small_wiki):
    beta = small_wiki / "concepts" / "beta-concept.md"
    beta.write_text(re.sub(r"^summary: .*$", "summary: " + "A very long sentence indeed. " * 12, beta.read_text(),
                           flags=re.M))
    _, _, err = run_main(capsys, "check", "--content", str(small_wiki))
    assert re.search(r"beta-concept\.md:4:10: warning: summary is too long \(347 characters; at most 320", err)


def test_an_instrument_with_its_own_reference_needs_no_primary_source(capsys, small_wiki):
    act = small_wiki / "instruments" / "test-act.md"
    act.write_text(act.read_text().replace("\npublished:", "\nreference: warhol1975\npublished:"))
    _, _, err = run_main(capsys, "check", "--content", str(small_wiki))
    assert not [m for m in problem_lines(err) if "test-act" in m["path"] and "primary source" in m["message"]]


def test_strict_makes_warnings_fatal_and_says_so(capsys, small_wiki):
    status, _, err = run_main(capsys, "check", "--strict", "--content", str(small_wiki))
    assert status == 1
    assert "(--strict: warnings are fatal)" in err.splitlines()[-1]


def test_strict_passes_a_wiki_without_warnings(capsys, small_wiki):
    make_clean(small_wiki)
    topic = small_wiki / "topics" / "test-topic.md"  # the only orphan: give it an incoming link
    alpha = small_wiki / "concepts" / "alpha-concept.md"
    alpha.write_text(alpha.read_text() + "\nSee the [[test-topic]].\n")
    status, out, err = run_main(capsys, "check", "--strict", "--content", str(small_wiki))
    assert status == 0, err
    assert "no errors, 0 warnings" in out
    assert topic.exists()


def test_json_lists_every_problem_with_position_and_severity(capsys, small_wiki):
    beta = small_wiki / "concepts" / "beta-concept.md"
    beta.write_text(beta.read_text().replace("[[alpha-concept]]", "[[nowhere]]"))
    status, out, _ = run_main(capsys, "check", "--format", "json", "--content", str(small_wiki))
    assert status == 1
    report = json.loads(out)
    assert report["ok"] is False and report["errors"] == 1 and report["warnings"] >= 1
    [error] = [p for p in report["problems"] if p["severity"] == "error"]
    assert error == {"path": error["path"], "line": 8, "column": 16, "severity": "error",
                     "message": "broken wiki link: no article 'nowhere'"}
    assert error["path"].endswith("beta-concept.md")
    assert {p["severity"] for p in report["problems"]} == {"error", "warning"}


@pytest.mark.parametrize("strict, expected_status", [([], 0), (["--strict"], 1)])
def test_json_from_the_real_command_is_the_only_thing_on_stdout(small_wiki, strict, expected_status):
    result = run_cli("check", "--format", "json", *strict, "--content", str(small_wiki))
    assert result.returncode == expected_status
    report = json.loads(result.stdout)
    assert report["strict"] is bool(strict) and report["ok"] is (expected_status == 0)
    assert report["articles"] == 5
    assert "Traceback" not in result.stderr


def test_leftover_placeholders_from_new_are_warnings(capsys, small_wiki):
    run_main(capsys, "new", "instrument", "Unfinished Act", "--content", str(small_wiki))
    status, _, err = run_main(capsys, "check", "--content", str(small_wiki))
    assert status == 0
    mine = [m["message"] for m in problem_lines(err) if "unfinished-act" in m["path"]]
    assert "'jurisdiction' still holds the TODO placeholder from 'policywiki new'" in mine
    assert "'summary' still holds the TODO placeholder from 'policywiki new'" in mine
