"""`policywiki compute`: the seeds' examples from the command line, JSON output, and one-line usage errors."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]


def run_json(capsys, *argv: str) -> dict:
    assert main(["compute", *argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_coom_json_has_the_documented_keys_and_the_seed_result(capsys):
    payload = run_json(capsys, "coom", "--tc", "1e24", "--ic", "1e15")
    assert sorted(payload) == ["formula", "inputs", "note", "result", "unit"]
    assert payload["result"] == 39
    assert payload["inputs"] == {"tc": 1e24, "ic": 1e15}


def test_undefined_coom_prints_null_with_the_reason(capsys):
    payload = run_json(capsys, "coom", "--tc", "1e25", "--ic", "0")
    assert payload["result"] is None
    assert "no reasoning tokens" in payload["note"]


def test_effective_reproduces_ords_example(capsys):
    payload = run_json(capsys, "effective", "--tc", "1e24", "--inference-ooms", "4")
    assert payload["result"] == 26.8
    assert "26–28" in payload["note"]


def test_effective_takes_a_rate(capsys):
    assert run_json(capsys, "effective", "--tc", "10^24", "--inference-ooms", "4", "--rate", "0.5")["result"] == 26


def test_lifetime_without_deployments_gives_ords_crossover(capsys):
    simple = run_json(capsys, "lifetime", "--params", "1e12", "--tokens", "1e13", "--tokens-per-query", "1e3")
    kaplan = run_json(capsys, "lifetime", "--params", "1e12", "--tokens", "1e13", "--tokens-per-query", "1e3", "--form", "6nd")
    assert (simple["result"], simple["unit"]) == (1e10, "deployments")
    assert kaplan["result"] == 3e10


def test_lifetime_with_deployments_gives_total_and_split(capsys):
    payload = run_json(
        capsys, "lifetime", "--params", "1e12", "--tokens", "1e13", "--tokens-per-query", "1e3", "--deployments", "1e10"
    )
    assert payload["result"] == 2e25
    assert "50% of the total" in payload["note"]


def test_text_output_shows_formula_and_result(capsys):
    assert main(["compute", "coom", "--tc", "1e24", "--ic", "1e15"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "= 39"


@pytest.mark.parametrize(
    "argv, message",
    [
        (["coom", "--tc=-1e24", "--ic", "1e15"], "--tc must be greater than 0"),
        (["coom", "--tc", "lots", "--ic", "1e15"], "--tc: 'lots' is not a number"),
        (["coom", "--tc", "1e24", "--ic=-3"], "--ic must not be negative"),
        (["effective", "--tc", "1e24", "--inference-ooms", "4", "--rate", "2"], "rate must be greater than 0 and at most 1"),
        (["effective", "--tc", "1e24", "--inference-ooms=-1"], "--inference-ooms must not be negative"),
        (["lifetime", "--params", "0", "--tokens", "1", "--tokens-per-query", "1"], "--params must be greater than 0"),
        (["lifetime", "--params", "1", "--tokens", "1", "--tokens-per-query", "1", "--form", "x"], "--form must be"),
        (["crossings", "--model", "deepseek-r2"], "no model 'deepseek-r2'"),
        (["crossings", "--model", "deepseek-r1", "--samples", "0"], "--samples must be greater than 0"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, argv, message):
    if argv[0] == "crossings":
        argv = [*argv, "--content", str(REPO / "content")]
    assert main(["compute", *argv]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert message in err


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A minimal content folder: one in-force instrument, one revoked, and the shipped models."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "models.yaml").write_text((REPO / "content" / "data" / "models.yaml").read_text())
    (tmp_path / "instruments").mkdir()
    front = """\
        ---
        title: {title}
        kind: instrument
        summary: An instrument.
        published: 2026-01-01
        jurisdiction: X
        instrument_type: regulation
        status: {status}
        status_date: 2025-01-20
        thresholds:
          - id: {slug}-t
            provision: "Art. 1"
            quantity: training_compute
            value: {value}
            unit: FLOP
            scope: models
            effect: duties
        ---
        Body.
        """
    for slug, title, status, value in [("eu", "EU Act", "in force", "1e25"), ("eo", "Old Order", "revoked", "1e26")]:
        (tmp_path / "instruments" / f"{slug}.md").write_text(
            textwrap.dedent(front).format(title=title, status=status, value=value, slug=slug)
        )
    return tmp_path


def test_crossings_lists_every_threshold_with_both_verdicts(capsys, content):
    payload = run_json(capsys, "crossings", "--model", "deepseek-r1", "--inference-ooms", "4", "--content", str(content))
    rows = {row["threshold"]: row for row in payload["result"]}
    assert (rows["eu-t"]["crossed_by_training"], rows["eu-t"]["crossed_by_effective"]) == (False, True)
    assert rows["eo-t"]["historical"] is True
    assert payload["inputs"]["reasoning_tokens"] == 32768
    assert payload["unit"] == "FLOP"


def test_crossings_without_inference_scaleup_crosses_nothing_for_r1(capsys, content):
    payload = run_json(capsys, "crossings", "--model", "deepseek-r1", "--content", str(content))
    assert [row["crossed_by_effective"] for row in payload["result"]] == [False, False]


def test_crossings_reports_a_broken_instrument_as_positioned_problem(capsys, content):
    broken = content / "instruments" / "eu.md"
    broken.write_text(broken.read_text().replace("quantity: training_compute", "quantity: trainin_compute"))
    assert main(["compute", "crossings", "--model", "deepseek-r1", "--content", str(content)]) == 1
    assert "eu.md:13:15:" in capsys.readouterr().err


def test_crossings_text_states_each_threshold_with_its_own_comparator(capsys, content):
    eu = content / "instruments" / "eu.md"
    eu.write_text(eu.read_text().replace("    unit: FLOP\n", "    unit: FLOP\n    comparator: at least\n"))
    assert main(["compute", "crossings", "--model", "deepseek-r1", "--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "(≥ 10^25 FLOP)" in out and "(> 10^26 FLOP)" in out
