"""A scenario in the threshold explorer: a reader's inputs, judged against every threshold in the wiki.

This is the Python side of the explorer's one source of truth. It reads the same data document the build
writes for the page (``explorer/data.json``, see :mod:`generator.outputs.explorer.data`) and computes through the
threshold core (formulas, crossings), so ``policywiki compute scenario`` and the tests give the numbers the
core gives. ``templates/static/explorer.js`` computes the same result in the reader's browser; a test runs
both over thousands of random inputs and requires them to agree.

Inputs (every one optional but training compute):
    model        a model id: its sourced figures fill the inputs not given, its data conditions the conditions
    tc           training compute, FLOP; else 6·N·D from ``params`` and ``tokens`` [kaplan2020scaling]
    per_token, query_tokens, samples   inference per query = per-token compute × tokens × samples
    ooms         inference scale-up at deployment, orders of magnitude (effective compute)
    rate         Ord's trade-off rate r, 0.5–1.0 [ord2025reshapes]
    deployments  how many queries are answered over the model's life (lifetime compute)
    date         the day on which each instrument's status is read
    conditions   data conditions the model meets ("biological sequence data")
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from generator.threshold import formulas
from generator.threshold.crossings import judge
from generator.threshold.figures import _csv as figure_csv
from generator.threshold.rules import ThresholdRule

#: Inputs beyond these are outside any range where the formulas describe a real model (and would overflow).
MAX_COUNT = 1e50
MAX_OOMS = 30.0
NUMBER_FIELDS = ("tc", "params", "tokens", "per_token", "query_tokens", "samples", "ooms", "rate", "deployments")
#: The status before an instrument's first recorded status (status_history), and when none is recorded.
NOT_YET = "not yet enacted"
NOT_RECORDED = "not recorded"
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def status_on(instrument: dict[str, Any], date: str) -> str:
    """The instrument's status on ``date`` (ISO): the last history entry dated on or before it."""
    history = instrument.get("history") or []
    if history:
        current = NOT_YET
        for entry in history:  # oldest first
            if entry["date"] <= date:
                current = entry["status"]
        return current
    since = instrument.get("status_date")
    return instrument["status"] if since is None or since <= date else NOT_RECORDED


def standing(data: dict[str, Any], status: str) -> str:
    """What a status means for a reader: binding, not yet in force, no longer in force, voluntary, unknown."""
    return data["standings"].get(" ".join(status.split()).casefold(), "unknown")


def _rule(threshold: dict[str, Any], instrument: dict[str, Any]) -> ThresholdRule:
    return ThresholdRule(
        instrument_slug=instrument["slug"], instrument_title=instrument["title"], threshold_id=threshold["id"],
        provision=threshold["provision"], quantity=threshold["quantity"], value=threshold["value"],
        unit=threshold["unit"], scope=threshold["scope"], effect=threshold["effect"], status=instrument["status"],
        data_condition=threshold["data_condition"], comparator=threshold["comparator"],
    )


def not_applicable(rule: ThresholdRule, conditions: tuple[str, ...]) -> str | None:
    """Why a threshold cannot be compared with this model (a code the page words), or None."""
    if rule.quantity == "compute_cluster_rate":
        return "cluster_rate"
    if rule.quantity not in ("training_compute", "effective_compute"):
        return "quantity"
    if not rule.counts_operations:
        return "unit"
    if not rule.applies_to(conditions):
        return "data_condition"
    return None


def _number(inputs: dict[str, Any], name: str, errors: list[str]) -> float | None:
    value = inputs.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        errors.append(name)
        return None
    return float(value)


def resolve_inputs(data: dict[str, Any], inputs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The inputs with the model's figures filled in and defaults applied; and the names of bad inputs."""
    errors: list[str] = []
    given = {name: _number(inputs, name, errors) for name in NUMBER_FIELDS}
    model = next((m for m in data["models"] if m["id"] == inputs.get("model")), None)
    if inputs.get("model") and model is None:
        errors.append("model")
    tc, source = given["tc"], "tc"
    if tc is None and given["params"] is not None and given["tokens"] is not None:
        tc, source = formulas.training_compute(given["params"], given["tokens"]), "6nd"
    if tc is None and model is not None and model["training_compute"] is not None:
        tc, source = model["training_compute"], "model"
    if tc is None or tc <= 0 or tc > MAX_COUNT:
        errors.append("tc")
    per_token = given["per_token"] if given["per_token"] is not None else (model or {}).get("inference_per_token")
    query_tokens = given["query_tokens"] if given["query_tokens"] is not None else (model or {}).get("reasoning_tokens")
    samples = 1.0 if given["samples"] is None else given["samples"]
    ooms = 0.0 if given["ooms"] is None else given["ooms"]
    rate = data["rate"]["default"] if given["rate"] is None else given["rate"]
    for name, value in (("params", given["params"]), ("tokens", given["tokens"]), ("per_token", per_token),
                        ("query_tokens", query_tokens), ("deployments", given["deployments"])):
        if value is not None and value > MAX_COUNT:
            errors.append(name)
    if not 0 < samples <= MAX_COUNT:
        errors.append("samples")
    if ooms > MAX_OOMS:
        errors.append("ooms")
    low, high = data["rate"]["band"]
    if not low <= rate <= high:
        errors.append("rate")
    date = inputs.get("date") or data["date"]
    try:
        date = dt.date.fromisoformat(date).isoformat() if ISO_DATE.fullmatch(date) else None
    except (TypeError, ValueError):
        date = None
    if date is None:
        errors.append("date")
    conditions = inputs.get("conditions")
    if conditions is None:
        conditions = model["data_conditions"] if model is not None else []
    resolved = {
        "model": model["id"] if model is not None else None, "tc": tc, "training_source": source,
        "per_token": per_token, "query_tokens": query_tokens, "samples": samples, "ooms": ooms, "rate": rate,
        "deployments": given["deployments"], "date": date, "conditions": sorted(set(conditions)),
    }
    return resolved, sorted(set(errors))


def compute_scenario(data: dict[str, Any], inputs: dict[str, Any]) -> dict[str, Any]:
    """The explorer's result for ``inputs`` over ``data``: ``{"inputs", "errors", "result"}`` (result None on errors)."""
    resolved, errors = resolve_inputs(data, inputs)
    if errors:
        return {"inputs": resolved, "errors": errors, "result": None}
    tc, ooms, rate = resolved["tc"], resolved["ooms"], resolved["rate"]
    ic = None
    if resolved["per_token"] is not None and resolved["query_tokens"] is not None:
        ic = formulas.inference_per_query(resolved["per_token"], resolved["query_tokens"], resolved["samples"])
    coom = formulas.coom(tc, ic) if ic is not None else None
    effective = formulas.effective_oom(tc, ooms, rate)
    band = formulas.effective_oom_band(tc, ooms)
    lifetime = None
    if resolved["deployments"] is not None and ic is not None:
        split = formulas.LifetimeCompute("6nd", tc, 0.0, resolved["deployments"] * ic)
        lifetime = {"training": split.training, "deployment": split.deployment, "total": split.total,
                    "deployment_share": split.deployment_share}
    result = {
        "training_compute": tc,
        "inference_per_query": ic,
        "coom": coom if isinstance(coom, float) else None,
        "coom_undefined": None if isinstance(coom, float) else ("no_inference" if ic is None else "zero_inference"),
        "effective_oom": effective,
        "effective_compute": 10 ** effective,
        "effective_band": list(band),
        "lifetime": lifetime,
        "lifetime_undefined": None if lifetime else ("no_deployments" if resolved["deployments"] is None else "no_inference"),
        "crossover_deployments": tc / ic if ic else None,
        "thresholds": _thresholds(data, resolved),
    }
    return {"inputs": resolved, "errors": [], "result": result}


def _thresholds(data: dict[str, Any], resolved: dict[str, Any]) -> list[dict[str, Any]]:
    instruments = {instrument["slug"]: instrument for instrument in data["instruments"]}
    conditions = tuple(resolved["conditions"])
    rows = []
    for threshold in data["thresholds"]:  # already in the core's order: instrument slug, threshold id
        instrument = instruments[threshold["instrument"]]
        rule = _rule(threshold, instrument)
        verdict = judge(rule, resolved["tc"], resolved["ooms"], resolved["rate"], conditions)
        status = status_on(instrument, resolved["date"])
        rows.append({
            "instrument": rule.instrument_slug, "threshold": rule.threshold_id, "applies": verdict.applies,
            "not_applicable": not_applicable(rule, conditions),
            "crossed_by_training": verdict.crossed_by_training, "crossed_by_effective": verdict.crossed_by_effective,
            "status": status, "standing": standing(data, status),
        })
    return rows


CSV_HEADER = (
    "instrument", "threshold", "provision", "threshold_value", "unit", "data_condition", "status_on_date", "standing",
    "applies", "crossed_by_training", "crossed_by_effective", "training_compute_flop", "inference_per_query_flop", "coom",
    "inference_scaleup_ooms", "rate", "effective_oom", "effective_compute_flop", "deployments", "lifetime_compute_flop",
    "deployment_share", "date",
)


def scenario_csv(data: dict[str, Any], outcome: dict[str, Any]) -> str:
    """The result as CSV, one row per threshold, in the figures' format (figure_parts.csv_value)."""
    result, inputs = outcome["result"], outcome["inputs"]
    rows = []
    for row, threshold in zip(result["thresholds"] if result else [], data["thresholds"]):
        lifetime = result["lifetime"] or {}
        rows.append((
            row["instrument"], row["threshold"], threshold["provision"], threshold["value"], threshold["unit"],
            threshold["data_condition"], row["status"], row["standing"], row["applies"], row["crossed_by_training"],
            row["crossed_by_effective"], result["training_compute"], result["inference_per_query"], result["coom"],
            inputs["ooms"], inputs["rate"], result["effective_oom"], result["effective_compute"], inputs["deployments"],
            lifetime.get("total"), lifetime.get("deployment_share"), inputs["date"],
        ))
    return figure_csv(CSV_HEADER, rows)
