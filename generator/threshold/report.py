"""A model's standing against every threshold, with the numbers behind it (for the CLI and figures)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from generator.threshold import calculations
from generator.threshold.calculations import Calculation
from generator.threshold.crossings import Crossing, crossings
from generator.threshold.formulas import DEFAULT_RATE
from generator.threshold.models import Basis, Model
from generator.threshold.rules import ThresholdRule

CROSSINGS_FORMULA = (
    "crossed by training: training compute > threshold; "
    "crossed by effective: log10(training compute) + r × inference OOMs > log10(threshold)"
)


@dataclass(frozen=True)
class ModelCrossings:
    model: Model
    basis: Basis
    training_compute: float
    coom: Calculation
    effective: Calculation
    crossings: list[Crossing]
    inputs: dict[str, Any]

    def as_json(self) -> dict[str, Any]:
        coom = self.coom.as_json()
        coom_text = f"COOM {coom['result']:.2f}" if coom["result"] is not None else f"COOM {coom['note']}"
        return {
            "formula": CROSSINGS_FORMULA,
            "inputs": self.inputs,
            "result": [crossing.as_dict() for crossing in self.crossings],
            "unit": "FLOP",
            "note": f"{self.model.name}, {self.basis} figures; effective OOM {self.effective.result:.2f}; {coom_text}",
        }


def model_crossings(
    model: Model,
    rules: Iterable[ThresholdRule],
    basis: Basis = "sourced",
    reasoning_tokens: float | None = None,
    samples: float = 1,
    inference_ooms: float = 0.0,
    rate: float = DEFAULT_RATE,
) -> ModelCrossings:
    """Judge every rule for ``model``; ValueError when the model lacks a figure the judgement needs."""
    coom = calculations.coom_for_model(model, basis, reasoning_tokens, samples)
    effective = calculations.effective_for_model(model, basis, inference_ooms, rate)
    tc = effective.inputs["tc"]
    return ModelCrossings(
        model=model,
        basis=basis,
        training_compute=tc,
        coom=coom,
        effective=effective,
        crossings=crossings(tc, rules, inference_ooms, rate, model.data_conditions),
        inputs={
            "model": model.id, "basis": basis, "training_compute": tc, "reasoning_tokens": coom.inputs["tokens"],
            "samples": samples, "inference_ooms": inference_ooms, "rate": rate,
        },
    )
