"""The pieces every computed figure shares: the value object, its parameters, CSV, labels, and what it leaves out.

A figure compares model estimates with thresholds as numbers. Labels quote each threshold in its instrument's own
unit and comparator ("> 10²⁵ computational operations"), and :func:`left_out` says which thresholds a figure does
not draw and why, so that no threshold disappears silently.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.threshold.data import ThresholdData
from generator.threshold.models import Basis, Model, suggest
from generator.threshold.numbers import format_compute, format_oom, parse_number
from generator.threshold.rules import ThresholdRule


class FigureError(ValueError):
    """A bad figure request; ``key`` names the parameter at fault (None for the figure name itself)."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Figure:
    id: str
    name: str
    title: str
    description: str  # alt text: what the figure shows, in words, with its numbers
    caption: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # formatted for the HTML data table
    csv: str  # machine values, one row per data point
    formula: str
    sources: tuple[str, ...]
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def csv_path(self) -> str:
        return f"/figures/{self.id}.csv"


@dataclass(frozen=True)
class FigureSpec:
    name: str
    defaults: Mapping[str, str]
    build: Callable[["Params", ThresholdData, str], Figure]


class Params:
    """A figure's parameters with defaults filled in, read through typed accessors that name the key."""

    def __init__(self, given: Mapping[str, str], defaults: Mapping[str, str], data: ThresholdData):
        self.values = {**defaults, **{k: v for k, v in given.items() if k not in ("id", "caption")}}
        self.data = data

    def number(self, key: str, *, low: float | None = None, high: float | None = None, positive: bool = False) -> float:
        try:
            value = parse_number(self.values[key])
        except ValueError as exc:
            raise FigureError(f"{key}: {exc}", key) from None
        if positive and value <= 0:
            raise FigureError(f"{key} must be greater than 0 (got {self.values[key]})", key)
        if (low is not None and value < low) or (high is not None and value > high):
            raise FigureError(f"{key} must be between {low:g} and {high:g} (got {self.values[key]})", key)
        return value

    def choice(self, key: str, options: Sequence[str]) -> str:
        value = self.values[key].strip()
        if value not in options:
            raise FigureError(f"{key} must be one of {', '.join(options)} (got '{value}')", key)
        return value

    def models(self, key: str = "models") -> list[Model]:
        text = self.values[key].strip()
        if text == "all":
            return list(self.data.models)
        chosen = []
        for model_id in (part.strip() for part in text.split(",") if part.strip()):
            model = self.data.model(model_id)
            if model is None:
                raise FigureError(f"{key}: unknown model '{model_id}'{suggest(model_id, self.data.model_ids)}", key)
            chosen.append(model)
        if not chosen:
            raise FigureError(f"{key}: name at least one model, or 'all'", key)
        return chosen

    def numbers(self, key: str) -> list[float]:
        parts = [part for part in self.values[key].split(",") if part.strip()]
        try:
            return [parse_number(part) for part in parts]
        except ValueError as exc:
            raise FigureError(f"{key}: {exc}", key) from None


def figure_id(name: str, given: Mapping[str, str], defaults: Mapping[str, str]) -> str:
    """The figure's id: as given, else its name when every parameter is a default, else name + short hash."""
    if given.get("id"):
        return given["id"].strip()
    changed = {k: v.strip() for k, v in given.items() if k not in ("id", "caption") and v.strip() != defaults.get(k)}
    if not changed:
        return name
    digest = hashlib.sha256(repr(sorted(changed.items())).encode()).hexdigest()[:8]
    return f"{name}-{digest}"


#: Significant digits a CSV keeps of a computed value: the model data has at most four, so six keep every
#: input exact and drop the float noise of the arithmetic (1.7577999999999971e+19 is 1.7578e+19).
CSV_DIGITS = 6


def csv_value(value: Any) -> str:
    """One CSV cell: booleans as `true`/`false`, whole numbers below 10^15 as integers (1000000, not
    1000000.0), other numbers to CSV_DIGITS significant digits (1.7578e+19, 19.245), None as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, f".{CSV_DIGITS}g")
    return str(value)


def csv_text(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_value(v) for v in row])
    return buffer.getvalue()


def bases(choice: str) -> list[Basis]:
    return ["sourced", "seed"] if choice == "both" else [choice]  # type: ignore[list-item]


def sources(*groups: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({key for group in groups for key in group if key}))


# --- labels -------------------------------------------------------------------------------------------

def superscript(exponent: float) -> str:
    table = str.maketrans("0123456789-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻·")
    return format_oom(exponent).translate(table)


def power_label(value: float) -> str:
    """10²⁵-style text for labels drawn inside the SVG (real text, no math renderer)."""
    text = format_compute(value)
    if "10^" not in text:
        return text
    head, exponent = text.rsplit("10^", 1)
    return f"{head}10{superscript(float(exponent))}"


def multiplier_label(scaleup: float) -> str:
    return "×1" if scaleup == 0 else f"×10{superscript(scaleup)}"


def rule_name(rule: ThresholdRule) -> str:
    """"EU AI Act, Art. 51(2)", with the status when the instrument is not in force."""
    return rule.label + ("" if rule.in_force else f" ({rule.status})")


def rule_figure(rule: ThresholdRule, *, drawn: bool = True) -> str:
    """The threshold as its instrument states it: "> 10²⁵ floating point operations" (``drawn``: superscripts
    for SVG text; else "10^25" for tables and descriptions)."""
    number = power_label(rule.value) if drawn else format_compute(rule.value)
    return " ".join(part for part in (rule.symbol, number, rule.unit) if part)


# --- what a figure leaves out --------------------------------------------------------------------------

def not_comparable_reason(rule: ThresholdRule) -> str | None:
    """Why a model's compute cannot be set against this threshold at all, or None when it can."""
    if rule.quantity == "compute_cluster_rate":
        return "a cluster's rate, not a count of a model's operations"
    if not rule.comparable_with_model_compute:
        return f"{rule.quantity.replace('_', ' ')} in '{rule.unit}', not a count of a model's training operations"
    return None


def left_out(rules: Sequence[ThresholdRule], shown: Sequence[ThresholdRule], *, in_force_only: bool = False
             ) -> list[tuple[ThresholdRule, str]]:
    """The thresholds in ``rules`` that are not in ``shown``, each with the reason a reader needs."""
    kept = {id(rule) for rule in shown}
    result = []
    for rule in rules:
        if id(rule) in kept:
            continue
        reason = not_comparable_reason(rule)
        if reason is None and rule.data_condition:
            reason = f"only for models trained primarily on {rule.data_condition}"
        if reason is None and in_force_only and not rule.in_force:
            reason = "not in force"
        result.append((rule, reason or "not requested"))
    return result


def left_out_text(omitted: Sequence[tuple[ThresholdRule, str]]) -> str:
    """"Not shown (not in force): EO 14110, Sec. 4.2(b)(i) (revoked), > 10²⁶ ...; .... Not shown (a cluster's
    rate, ...): ...", one sentence per reason, or "" when nothing is left out."""
    if not omitted:
        return ""
    groups: dict[str, list[str]] = {}
    for rule, reason in omitted:
        groups.setdefault(reason, []).append(f"{rule_name(rule)}, {rule_figure(rule)}")  # read in captions: 10²⁶
    return " ".join(f"Not shown ({reason}): {'; '.join(names)}." for reason, names in groups.items())
