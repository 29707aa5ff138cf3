"""Threshold crossings: which instruments' thresholds a model's compute crosses, and which it would.

For a model's training compute and an inference budget (OOM of inference scale-up), each threshold is
crossed by *training* when training compute passes the threshold value under the instrument's comparator
("greater than", or "at least"), and by *effective* compute when Ord's effective compute does [ord2025reshapes].
Thresholds that cannot apply (a cluster's OP/s rate; a data condition the model does not meet) are
reported as not applicable, and thresholds of revoked instruments as historical, never silently dropped.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from generator.threshold.formulas import DEFAULT_RATE, effective_oom
from generator.threshold.rules import ThresholdRule


@dataclass(frozen=True)
class Crossing:
    """One threshold judged against one model's compute.

    ``crossed_by_training`` and ``crossed_by_effective`` are None when the threshold does not apply.
    """

    rule: ThresholdRule
    applies: bool
    crossed_by_training: bool | None
    crossed_by_effective: bool | None
    note: str

    @property
    def historical(self) -> bool:
        return self.rule.historical

    def as_dict(self) -> dict:
        rule = self.rule
        return {
            "instrument": rule.instrument_slug,
            "instrument_title": rule.instrument_title,
            "threshold": rule.threshold_id,
            "provision": rule.provision,
            "quantity": rule.quantity,
            "value": rule.value,
            "comparator": rule.comparator,
            "unit": rule.unit,
            "status": rule.status,
            "status_date": rule.status_date.isoformat() if rule.status_date else None,
            "historical": rule.historical,
            "applies": self.applies,
            "crossed_by_training": self.crossed_by_training,
            "crossed_by_effective": self.crossed_by_effective,
            "note": self.note,
        }


def _status_note(rule: ThresholdRule) -> str:
    if not rule.historical:
        return ""
    when = f" on {rule.status_date.isoformat()}" if rule.status_date else ""
    return f"historical: the instrument was {rule.status}{when}"


def _not_applicable_reason(rule: ThresholdRule, data_conditions: Iterable[str]) -> str | None:
    if rule.quantity == "compute_cluster_rate":
        return "a computing cluster's capacity (operations per second), not a model's compute"
    if rule.quantity not in ("training_compute", "effective_compute"):
        return f"quantity '{rule.quantity}' is not compared with a model's training compute"
    if not rule.counts_operations:
        return f"unit '{rule.unit}' is not a count of operations"
    if not rule.applies_to(data_conditions):
        return f"applies only to models trained primarily on {rule.data_condition}"
    return None


def judge(
    rule: ThresholdRule,
    training_compute: float,
    inference_scaleup_ooms: float = 0.0,
    rate: float = DEFAULT_RATE,
    data_conditions: Iterable[str] = (),
) -> Crossing:
    """Judge one threshold against a model's training compute (FLOP) and inference scale-up (OOM ≥ 0)."""
    if not (math.isfinite(inference_scaleup_ooms) and inference_scaleup_ooms >= 0):
        raise ValueError(f"inference scale-up must be 0 or more orders of magnitude (got {inference_scaleup_ooms!r})")
    notes = [_status_note(rule)]
    reason = _not_applicable_reason(rule, tuple(data_conditions))
    if reason is not None:
        notes.insert(0, f"not applicable: {reason}")
        return Crossing(rule, False, None, None, "; ".join(n for n in notes if n))
    by_training = rule.met_by(training_compute)
    # Effective compute is never below training compute for a scale-up ≥ 0, so a training crossing is
    # also an effective one; comparing in OOM only decides the rest (and avoids 10**x overflow). With no
    # scale-up effective compute *is* training compute: the rounding of log10 must not make it cross alone.
    scaled = rate * inference_scaleup_ooms > 0
    by_effective = by_training or (scaled and rule.met_by_oom(effective_oom(training_compute, inference_scaleup_ooms,
                                                                              rate)))
    return Crossing(rule, True, by_training, by_effective, "; ".join(n for n in notes if n))


def crossings(
    training_compute: float,
    rules: Iterable[ThresholdRule],
    inference_scaleup_ooms: float = 0.0,
    rate: float = DEFAULT_RATE,
    data_conditions: Iterable[str] = (),
) -> list[Crossing]:
    """Judge every threshold (sorted by instrument and threshold id) for one model."""
    conditions = tuple(data_conditions)
    return [
        judge(rule, training_compute, inference_scaleup_ooms, rate, conditions)
        for rule in sorted(rules, key=ThresholdRule.sort_key)
    ]


def smallest_crossing_scaleup(
    rule: ThresholdRule,
    training_compute: float,
    scaleups: Iterable[float],
    rate: float = DEFAULT_RATE,
    data_conditions: Iterable[str] = (),
) -> float | None:
    """The smallest of ``scaleups`` (OOM) at which effective compute crosses ``rule``; None if none does."""
    conditions = tuple(data_conditions)
    for scaleup in sorted(scaleups):
        if judge(rule, training_compute, scaleup, rate, conditions).crossed_by_effective:
            return scaleup
    return None
