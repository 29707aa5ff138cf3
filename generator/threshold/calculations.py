"""Calculations: a formula applied to named inputs, with the result, its unit, a note and its sources.

The CLI (``policywiki compute``) and the Markdown role (``{compute}`...```) both go through these, so a
number in an article and the number the command prints are the same computation. Bad inputs raise
``ValueError`` with a message fit to show an editor or a user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from generator.threshold import formulas
from generator.threshold.formulas import DEFAULT_RATE, RATE_BAND, LifetimeForm, Undefined
from generator.threshold.models import Basis, Model, ModelFigures
from generator.threshold.numbers import format_compute, format_oom

Kind = Literal["oom", "compute", "count"]

COOM_FORMULA = "COOM = log10(TC) + log10(IC), IC = per-token compute × tokens × samples"
EFFECTIVE_FORMULA = "effective OOM = log10(training compute) + r × (OOM of inference scale-up)"
TRAINING_FORMULA = "training compute ≈ 6 · N · D"
PER_TOKEN_FORMULA = "inference compute per token ≈ 2 · N"
PER_QUERY_FORMULA = "inference compute per query = per-token compute × tokens × samples"
LIFETIME_FORMULAS = {
    "simple": "C ≈ N·D + C_post + d·N·I",
    "6nd": "C ≈ 6·N·D + C_post + 2·d·N·I",
}
CROSSOVER_FORMULAS = {
    "simple": "d* = (N·D + C_post) / (N·I)",
    "6nd": "d* = (6·N·D + C_post) / (2·N·I)",
}

COOM_SOURCES = ("ellismohr2025updating",)
EFFECTIVE_SOURCES = ("ord2025reshapes", "villalobos2023trading")
KAPLAN_SOURCES = ("kaplan2020scaling",)
LIFETIME_SOURCES = {"simple": ("ord2025reshapes",), "6nd": ("ord2025reshapes", "kaplan2020scaling")}


@dataclass(frozen=True)
class Calculation:
    formula: str
    inputs: dict[str, Any]
    result: float | Undefined
    unit: str
    kind: Kind
    note: str = ""
    sources: tuple[str, ...] = field(default=())

    @property
    def defined(self) -> bool:
        return not isinstance(self.result, Undefined)

    def as_json(self) -> dict[str, Any]:
        """The CLI's ``--json`` shape: result null when undefined, the reason in ``note``."""
        if isinstance(self.result, Undefined):
            note = "; ".join(part for part in (f"undefined: {self.result.reason}", self.note) if part)
            return {"formula": self.formula, "inputs": self.inputs, "result": None, "unit": self.unit, "note": note}
        return {"formula": self.formula, "inputs": self.inputs, "result": self.result, "unit": self.unit, "note": self.note}

    def text(self, digits: int | None = None) -> str:
        """The result as plain text (``39``, ``3.5 × 10^24``, ``undefined``)."""
        if isinstance(self.result, Undefined):
            return "undefined"
        if self.kind == "oom":
            return format_oom(self.result, 1 if digits is None else digits)
        return format_compute(self.result, 2 if digits is None else digits)


def _sources(*groups: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    return tuple(sorted({key for group in groups for key in group}))


def _need(value: float | None, what: str, figures: ModelFigures) -> float:
    if value is None:
        raise ValueError(f"model '{figures.model.id}' has no {what} on the '{figures.basis}' basis")
    return value


def _figures(model: Model, basis: Basis) -> ModelFigures:
    if model.estimates(basis) is None:
        raise ValueError(f"model '{model.id}' has no '{basis}' figures")
    return model.figures(basis)


def coom(tc: float, ic: float, sources: tuple[str, ...] = (), note: str = "") -> Calculation:
    result = formulas.coom(tc, ic)
    return Calculation(COOM_FORMULA, {"tc": tc, "ic": ic}, result, "OOM", "oom", note, _sources(COOM_SOURCES, sources))


def coom_for_model(model: Model, basis: Basis = "sourced", tokens: float | None = None, samples: float = 1) -> Calculation:
    figures = _figures(model, basis)
    tc = _need(figures.training_compute, "training compute", figures)
    per_token = _need(figures.inference_per_token, "inference compute per token", figures)
    tokens = _need(figures.reasoning_tokens, "reasoning-token count", figures) if tokens is None else tokens
    ic = formulas.inference_per_query(per_token, tokens, samples)
    calculation = coom(tc, ic, figures.sources, f"{model.name}, {basis} figures")
    return Calculation(
        calculation.formula,
        {"model": model.id, "basis": basis, "tc": tc, "per_token": per_token, "tokens": tokens, "samples": samples, "ic": ic},
        calculation.result, calculation.unit, calculation.kind, calculation.note, calculation.sources,
    )


def effective(tc: float, ooms: float, rate: float = DEFAULT_RATE, sources: tuple[str, ...] = (), label: str = "") -> Calculation:
    if not 0 < rate <= 1:
        raise ValueError(f"rate must be greater than 0 and at most 1 (got {rate:g})")
    if ooms < 0:
        raise ValueError(f"inference scale-up must be 0 or more orders of magnitude (got {ooms:g})")
    result = formulas.effective_oom(tc, ooms, rate)
    low, high = formulas.effective_oom_band(tc, ooms)
    band = f"band r = {RATE_BAND[0]:.1f}–{RATE_BAND[1]:.1f}: {format_oom(low)}–{format_oom(high)}"
    note = "; ".join(part for part in (label, band) if part)
    return Calculation(
        EFFECTIVE_FORMULA, {"tc": tc, "inference_ooms": ooms, "rate": rate}, result, "OOM", "oom", note,
        _sources(EFFECTIVE_SOURCES, sources),
    )


def effective_for_model(model: Model, basis: Basis = "sourced", ooms: float = 0.0, rate: float = DEFAULT_RATE) -> Calculation:
    figures = _figures(model, basis)
    tc = _need(figures.training_compute, "training compute", figures)
    calculation = effective(tc, ooms, rate, figures.sources, f"{model.name}, {basis} figures")
    return Calculation(
        calculation.formula, {"model": model.id, "basis": basis, **calculation.inputs}, calculation.result,
        calculation.unit, calculation.kind, calculation.note, calculation.sources,
    )


def training_compute(parameters: float, tokens: float) -> Calculation:
    return Calculation(
        TRAINING_FORMULA, {"params": parameters, "tokens": tokens}, formulas.training_compute(parameters, tokens),
        "FLOP", "compute", "", KAPLAN_SOURCES,
    )


def training_compute_for_model(model: Model, basis: Basis = "sourced") -> Calculation:
    figures = _figures(model, basis)
    tc = _need(figures.training_compute, "training compute", figures)
    return Calculation(
        "training compute (reported estimate)", {"model": model.id, "basis": basis}, tc, "FLOP", "compute",
        f"{model.name}, {basis} figures", figures.sources,
    )


def inference_per_token(parameters: float) -> Calculation:
    return Calculation(
        PER_TOKEN_FORMULA, {"params": parameters}, formulas.inference_per_token(parameters), "FLOP/token",
        "compute", "", KAPLAN_SOURCES,
    )


def inference_per_token_for_model(model: Model, basis: Basis = "sourced") -> Calculation:
    figures = _figures(model, basis)
    per_token = _need(figures.inference_per_token, "inference compute per token", figures)
    return Calculation(
        PER_TOKEN_FORMULA, {"model": model.id, "basis": basis}, per_token, "FLOP/token", "compute",
        f"{model.name}, {basis} figures", _sources(KAPLAN_SOURCES, figures.sources),
    )


def inference_per_query(per_token: float, tokens: float, samples: float = 1) -> Calculation:
    return Calculation(
        PER_QUERY_FORMULA, {"per_token": per_token, "tokens": tokens, "samples": samples},
        formulas.inference_per_query(per_token, tokens, samples), "FLOP/query", "compute", "", COOM_SOURCES,
    )


def inference_per_query_for_model(
    model: Model, basis: Basis = "sourced", tokens: float | None = None, samples: float = 1
) -> Calculation:
    figures = _figures(model, basis)
    per_token = _need(figures.inference_per_token, "inference compute per token", figures)
    tokens = _need(figures.reasoning_tokens, "reasoning-token count", figures) if tokens is None else tokens
    return Calculation(
        PER_QUERY_FORMULA, {"model": model.id, "basis": basis, "per_token": per_token, "tokens": tokens, "samples": samples},
        formulas.inference_per_query(per_token, tokens, samples), "FLOP/query", "compute",
        f"{model.name}, {basis} figures", _sources(COOM_SOURCES, figures.sources),
    )


def _check_form(form: str) -> LifetimeForm:
    if form not in formulas.LIFETIME_FORMS:
        raise ValueError(f"form must be 'simple' or '6nd' (got '{form}')")
    return form  # type: ignore[return-value]


def lifetime(
    parameters: float, tokens: float, tokens_per_query: float, deployments: float,
    post: float = 0.0, form: str = "simple", part: str = "total",
) -> Calculation:
    form = _check_form(form)
    split = formulas.lifetime_compute(parameters, tokens, tokens_per_query, deployments, post, form)
    parts = {"total": split.total, "training": split.training, "deployment": split.deployment}
    if part not in parts:
        raise ValueError(f"part must be 'total', 'training' or 'deployment' (got '{part}')")
    note = (
        f"training {format_compute(split.training)} FLOP, deployment {format_compute(split.deployment)} FLOP "
        f"({split.deployment_share:.0%} of the total)"
    )
    return Calculation(
        LIFETIME_FORMULAS[form],
        {"params": parameters, "tokens": tokens, "tokens_per_query": tokens_per_query, "deployments": deployments,
         "post": post, "form": form, "part": part},
        parts[part], "FLOP", "compute", note, LIFETIME_SOURCES[form],
    )


def crossover(parameters: float, tokens: float, tokens_per_query: float, post: float = 0.0, form: str = "simple") -> Calculation:
    form = _check_form(form)
    result = formulas.crossover_deployments(parameters, tokens, tokens_per_query, post, form)
    return Calculation(
        CROSSOVER_FORMULAS[form],
        {"params": parameters, "tokens": tokens, "tokens_per_query": tokens_per_query, "post": post, "form": form},
        result, "deployments", "count", "deployment compute exceeds training compute beyond this many deployments",
        LIFETIME_SOURCES[form],
    )
