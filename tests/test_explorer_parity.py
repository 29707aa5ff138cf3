"""One source of truth: the script the explorer page ships (templates/static/explorer.js, run here under node)
computes every scenario exactly as the Python threshold core does (generator/outputs/explorer/scenario.py over
generator/threshold/), for thousands of random inputs and the edge cases: zero or missing inference, thresholds
with data conditions, exact equality at a threshold, dates on a status change, inputs out of range."""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import subprocess
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.outputs.explorer.data import load_explorer_data
from generator.outputs.explorer.scenario import compute_scenario, scenario_csv
from generator.problems import Problems
from generator.threshold.numbers import format_compute, format_oom, machine

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "templates" / "static" / "explorer.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")

# Runs the page's own file in one node process: the first line on stdin is the data document, each further
# line a case (inputs, or a number to format); each answer is one line of JSON.
RUNNER = """
const explorer = require(process.argv[1]);
const lines = require("readline").createInterface({ input: process.stdin });
let data = null;
lines.on("line", (line) => {
  const job = JSON.parse(line, (key, value) => value && value.nonfinite ? Number(value.nonfinite) : value);
  if (data === null) { data = job; return; }
  if (typeof job === "number") {
    process.stdout.write(JSON.stringify([explorer.formatCompute(job), explorer.formatOom(job), explorer.machine(job)]) + "\\n");
    return;
  }
  const outcome = explorer.computeScenario(data, job);
  process.stdout.write(JSON.stringify({ outcome, csv: explorer.scenarioCsv(data, outcome) }) + "\\n");
});
"""


def _tagged(value):
    """JSON has no NaN or infinity: send them tagged, and the runner turns them back into numbers."""
    if isinstance(value, float) and not math.isfinite(value):
        return {"nonfinite": str(value).replace("inf", "Infinity").replace("nan", "NaN")}
    if isinstance(value, dict):
        return {key: _tagged(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tagged(item) for item in value]
    return value


class NodeExplorer:
    """explorer.js under node, asked one case at a time over a pipe."""

    def __init__(self, data: dict):
        self.process = subprocess.Popen([NODE, "-e", RUNNER, str(SCRIPT)], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self._send(data)

    def _send(self, value) -> None:
        self.process.stdin.write(json.dumps(_tagged(value)) + "\n")
        self.process.stdin.flush()

    def ask(self, value):
        self._send(value)
        line = self.process.stdout.readline()
        assert line, "node stopped"
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=10)


def same(python, javascript, where="result") -> None:
    """Equal, floats to 1e-9 relative; None, booleans and strings exactly."""
    if isinstance(python, float) and not isinstance(javascript, bool) and isinstance(javascript, (int, float)):
        assert math.isclose(python, javascript, rel_tol=1e-9, abs_tol=0.0), f"{where}: {python!r} != {javascript!r}"
    elif isinstance(python, dict):
        assert isinstance(javascript, dict) and python.keys() == javascript.keys(), f"{where}: {python} != {javascript}"
        for key in python:
            same(python[key], javascript[key], f"{where}.{key}")
    elif isinstance(python, (list, tuple)):
        assert isinstance(javascript, list) and len(python) == len(javascript), f"{where}: {python} != {javascript}"
        for index, (a, b) in enumerate(zip(python, javascript)):
            same(a, b, f"{where}[{index}]")
    else:
        assert python == javascript and type(python) is type(javascript), f"{where}: {python!r} != {javascript!r}"


FIXTURE_INSTRUMENT = """---
title: {title}
kind: instrument
slug: {slug}
summary: A fixture instrument.
jurisdiction: XX
instrument_type: act
status: {status}
status_date: {status_date}
{history}published: 2026-01-01
thresholds:
{thresholds}---

Body.
"""
THRESHOLD = """  - id: {id}
    provision: "Art. {id}"
    quantity: {quantity}
    value: {value}
    unit: {unit}
    scope: fixture models
    effect: duties{condition}
"""


@pytest.fixture(scope="module")
def fixture_wiki(tmp_path_factory) -> dict:
    """A wiki whose thresholds cover every case the judgement distinguishes."""
    root = tmp_path_factory.mktemp("explorer-wiki")
    (root / "instruments").mkdir()
    (root / "data").mkdir()
    (root / "site.yaml").write_text("title: Fixture\nbase_url: https://example.org/\nlanguage: en\npublisher: Tests\n")
    thresholds = "".join([
        THRESHOLD.format(id="a1", quantity="training_compute", value="1e25", unit="FLOP", condition=""),
        THRESHOLD.format(id="a2", quantity="training_compute", value="1e23", unit="integer or floating-point operations",
                         condition="\n    data_condition: biological sequence data"),
        THRESHOLD.format(id="a3", quantity="compute_cluster_rate", value="1e20", unit="operations per second", condition=""),
        THRESHOLD.format(id="a4", quantity="effective_compute", value="3.5e26", unit="operations", condition=""),
        THRESHOLD.format(id="a5", quantity="training_compute", value="1e26", unit="GPU hours", condition=""),
    ])
    history = ("status_history:\n  - {date: 2024-03-01, status: enacted, source: src}\n"
               "  - {date: 2025-02-01, status: in force, source: src}\n  - {date: 2025-09-30, status: revoked, source: src}\n")
    (root / "instruments" / "alpha.md").write_text(FIXTURE_INSTRUMENT.format(
        title="Alpha Act", slug="alpha", status="revoked", status_date="2025-09-30", history=history, thresholds=thresholds))
    (root / "instruments" / "beta.md").write_text(FIXTURE_INSTRUMENT.format(
        title="Beta Rule", slug="beta", status="in force", status_date="2025-06-01", history="",
        thresholds=THRESHOLD.format(id="b1", quantity="training_compute", value="1e26", unit="operations", condition="")
        + THRESHOLD.format(id="b2", quantity="training_compute", value="1e26", unit="operations",
                           condition="\n    comparator: at least")))
    (root / "references.bib").write_text("@misc{src, title = {Source}, author = {A. Author}, year = {2025}}\n")
    (root / "data" / "models.yaml").write_text(
        "- id: bio\n  name: Bio model\n  data_conditions: [biological sequence data]\n  sourced:\n"
        "    training_compute: {value: 1e24, source: src, confidence: V}\n"
        "    parameters: {value: 1e10, source: src, confidence: V}\n"
        "    reasoning_tokens: {value: 0, source: src, confidence: D}\n"
        "- id: reasoner\n  name: Reasoner\n  sourced:\n"
        "    training_compute: {value: 1e25, source: src, confidence: V}\n"
        "    inference_per_token: {value: 7.4e10, source: src, confidence: V}\n"
        "    reasoning_tokens: {value: 32768, source: src, confidence: V}\n"
        "- id: secretive\n  name: Secretive\n  sourced:\n    training_compute: {value: 3e25, source: src, confidence: V2}\n")
    problems = Problems()
    data = load_explorer_data(root, problems, dt.date(2026, 6, 21))
    assert not problems.errors, problems.sorted()
    assert len(data["thresholds"]) == 7 and len(data["models"]) == 3
    data = json.loads(json.dumps(data))  # exactly what the page reads
    node = NodeExplorer(data)
    yield data, node
    node.close()


@pytest.fixture(scope="module")
def shipped_wiki():
    problems = Problems()
    data = json.loads(json.dumps(load_explorer_data(REPO / "content", problems, dt.date(2026, 6, 21))))
    node = NodeExplorer(data)
    yield data, node
    node.close()


THRESHOLD_VALUES = [1e23, 1e25, 1e26, 3.5e26, 1e20]
counts = st.one_of(st.none(), st.just(0.0), st.floats(1.0, 1e30), st.sampled_from(THRESHOLD_VALUES))
positive = st.one_of(st.floats(1e15, 1e30), st.sampled_from(THRESHOLD_VALUES), st.floats(1e-3, 1e3))
bad_number = st.sampled_from([-1.0, float("nan"), float("inf"), 1e51])
dates = st.one_of(st.none(), st.dates(dt.date(2023, 1, 1), dt.date(2027, 12, 31)).map(dt.date.isoformat),
                  st.sampled_from(["2024-03-01", "2025-02-01", "2025-09-30", "2025-06-01", "2024-02-29",
                                   "2025-02-30", "2025-1-01", "yesterday"]))


@st.composite
def scenario_inputs(draw, model_ids: list[str], conditions: list[str]) -> dict:
    inputs: dict = {}
    if draw(st.integers(0, 3)) == 0:
        inputs["model"] = draw(st.sampled_from(model_ids + ["no-such-model"]))
    training = draw(st.integers(0, 4))
    if training <= 2:
        inputs["tc"] = draw(positive)
    elif training == 3:
        inputs["params"], inputs["tokens"] = draw(st.floats(1e6, 1e13)), draw(st.floats(1e9, 1e14))
    inputs["per_token"] = draw(counts)
    inputs["query_tokens"] = draw(counts)
    inputs["samples"] = draw(st.one_of(st.none(), st.just(1.0), st.floats(1.0, 1e3), st.just(0.0)))
    inputs["ooms"] = draw(st.one_of(st.none(), st.just(0.0), st.floats(0, 12), st.sampled_from([1 / 0.7, 2.0, 30.0])))
    inputs["rate"] = draw(st.one_of(st.none(), st.sampled_from([0.5, 0.7, 1.0, 0.49, 1.01]), st.floats(0.5, 1.0)))
    inputs["deployments"] = draw(st.one_of(st.none(), st.just(0.0), st.floats(1, 1e14)))
    inputs["date"] = draw(dates)
    inputs["conditions"] = draw(st.one_of(st.none(), st.lists(st.sampled_from(conditions + ["Biological  Sequence data"]),
                                                               max_size=2)))
    if draw(st.integers(0, 9)) == 0:  # now and then one input a reader could not mean
        inputs[draw(st.sampled_from(["tc", "per_token", "samples", "ooms", "deployments"]))] = draw(bad_number)
    return inputs


def check(data: dict, node: NodeExplorer, inputs: dict) -> dict:
    """Python's outcome for ``inputs``, once the script's outcome and CSV have been found equal to it."""
    javascript = node.ask(inputs)
    outcome = compute_scenario(data, inputs)
    same(outcome, javascript["outcome"], f"inputs {inputs}")
    python_rows, javascript_rows = _rows(scenario_csv(data, outcome)), _rows(javascript["csv"])
    same(python_rows, javascript_rows, f"CSV for {inputs}")
    return outcome


def _rows(text: str) -> list[list]:
    """CSV cells, numbers as floats so that they compare to 1e-9 (pow may differ in the last bit)."""
    def cell(value: str):
        try:
            return float(value) if value not in ("", "True", "False") else value
        except ValueError:
            return value
    return [[cell(value) for value in row] for row in csv.reader(io.StringIO(text))]


SETTINGS = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(inputs=st.data())
def test_the_page_script_computes_every_scenario_as_the_core_does(fixture_wiki, inputs):
    data, node = fixture_wiki
    check(data, node, inputs.draw(scenario_inputs(["bio", "reasoner", "secretive"], data["conditions"])))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs=st.data())
def test_the_page_script_agrees_over_the_shipped_wiki(shipped_wiki, inputs):
    data, node = shipped_wiki
    check(data, node, inputs.draw(scenario_inputs([m["id"] for m in data["models"]], data["conditions"])))


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=st.one_of(st.floats(0, 1e40), st.floats(0, 100), st.floats(0, 1),
                       st.sampled_from([0.0, 0.25, 26.25, 12.5, 999999.5, 9.96e24, 1e16, 0.125])))
def test_the_page_script_writes_numbers_as_the_wiki_does(fixture_wiki, value):
    """Powers of ten, OOM values and the CSVs' exact values, including the ties Python rounds to even."""
    _, node = fixture_wiki
    assert node.ask(value) == [format_compute(value), format_oom(value), machine(value)]


def test_the_edge_cases_agree_and_mean_what_the_instruments_say(fixture_wiki):
    fixture_data, node = fixture_wiki
    cases = [
        {"tc": 1e25},  # exactly at a "greater than" threshold: not crossed
        {"tc": 1e25, "ooms": 1e-9},  # a hair of scale-up crosses it by effective compute only
        {"tc": 1e24, "per_token": 1e9, "query_tokens": 0.0},  # zero inference: COOM undefined
        {"tc": 1e24},  # missing inference: COOM undefined, no lifetime
        {"model": "bio"},  # data condition met through the model
        {"model": "bio", "conditions": []},  # and explicitly not met
        {"tc": 1e25, "date": "2024-02-29"}, {"tc": 1e25, "date": "2024-03-01"}, {"tc": 1e25, "date": "2025-09-30"},
        {"tc": 0.0}, {"tc": 1e24, "rate": 0.3}, {"model": "secretive", "deployments": 1e9},
        {"tc": 1e26},  # exactly at 10^26: crosses the "at least" threshold, not the "greater than" one
        {"tc": 1e22, "ooms": 4 / 0.7 * 1.0, "rate": 0.7},  # effective compute near 10^26 by scale-up
    ]
    results = [check(fixture_data, node, case)["result"] for case in cases]
    rows = {row["threshold"]: row for row in results[0]["thresholds"]}
    assert (rows["a1"]["crossed_by_training"], rows["a1"]["crossed_by_effective"]) == (False, False)
    assert {r["threshold"]: r["crossed_by_effective"] for r in results[1]["thresholds"]}["a1"] is True
    assert results[2]["coom"] is None and results[2]["coom_undefined"] == "zero_inference"
    assert results[3]["coom_undefined"] == "no_inference" and results[3]["lifetime"] is None
    assert [r["not_applicable"] for r in results[4]["thresholds"] if r["threshold"] == "a2"] == [None]
    assert [r["not_applicable"] for r in results[5]["thresholds"] if r["threshold"] == "a2"] == ["data_condition"]
    assert [r["not_applicable"] for r in results[0]["thresholds"]] == [None, "data_condition", "cluster_rate", None,
                                                                       "unit", None, None]
    at_ten_to_26 = {r["threshold"]: r["crossed_by_training"] for r in results[12]["thresholds"]}
    assert (at_ten_to_26["b1"], at_ten_to_26["b2"]) == (False, True)
    alpha = [[r["status"] for r in result["thresholds"]][0] for result in results[6:9]]
    assert alpha == ["not yet enacted", "enacted", "revoked"]
    assert compute_scenario(fixture_data, cases[9])["errors"] == ["tc"]
    assert compute_scenario(fixture_data, cases[10])["errors"] == ["rate"]
    assert results[11]["lifetime"] is None and results[11]["lifetime_undefined"] == "no_inference"
