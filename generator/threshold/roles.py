"""The ``{compute}`` role: ``coom model=deepseek-r1`` read into a :class:`Calculation` and shown as HTML.

Used by the markdown plugin (generator/threshold/markdown_plugin.py) for inline computed numbers: powers of ten
as ``10<sup>25</sup>`` with a visually hidden caret (so they copy as ``10^25``), the exact value in
``data-value`` and the formula in ``title``. Anything wrong with a role is a :class:`RoleError` naming the key.
"""

from __future__ import annotations

import html
import shlex
from collections.abc import Callable, Mapping

from generator.threshold import calculations
from generator.threshold.calculations import Calculation
from generator.threshold.data import ThresholdData
from generator.threshold.formulas import DEFAULT_RATE, Undefined
from generator.threshold.models import Model, suggest
from generator.threshold.numbers import format_compute_html, format_oom, format_power_of_oom_html, machine, parse_number

ROLE_PREFIX = "{compute}"


class RoleError(ValueError):
    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


class RoleArgs:
    """A role's key=value parameters, read through accessors that name the key in errors."""

    def __init__(self, params: Mapping[str, str], data: ThresholdData):
        self.params = params
        self.data = data

    def has(self, key: str) -> bool:
        return key in self.params

    def number(self, key: str, default: float | None = None) -> float:
        if key not in self.params:
            if default is None:
                raise RoleError(f"missing parameter {key}=", key)
            return default
        try:
            return parse_number(self.params[key])
        except ValueError as exc:
            raise RoleError(f"{key}: {exc}", key) from None

    def optional_number(self, key: str) -> float | None:
        return self.number(key) if key in self.params else None

    def text(self, key: str, options: tuple[str, ...]) -> str:
        value = self.params.get(key, options[0])
        if value not in options:
            raise RoleError(f"{key} must be one of {', '.join(options)} (got '{value}')", key)
        return value

    def model(self) -> Model:
        model_id = self.params["model"]
        model = self.data.model(model_id)
        if model is None:
            raise RoleError(f"unknown model '{model_id}'{suggest(model_id, self.data.model_ids)}", "model")
        return model

    def basis(self) -> str:
        return self.text("basis", ("sourced", "seed"))

    def exclusive(self, alternatives: str) -> None:
        """A role given a model takes its figures from it: raw figures beside it would be ambiguous."""
        if self.has("model"):
            clashes = [key for key in alternatives.split() if self.has(key)]
            if clashes:
                raise RoleError(f"give either model= or {'/'.join(alternatives.split())}=, not both", clashes[0])


def _coom(a: RoleArgs) -> Calculation:
    a.exclusive("tc ic")
    if a.has("model"):
        return calculations.coom_for_model(a.model(), a.basis(), a.optional_number("tokens"), a.number("samples", 1))
    if not (a.has("tc") and a.has("ic")):
        raise RoleError("coom needs model=ID, or tc= and ic=")
    return calculations.coom(a.number("tc"), a.number("ic"))


def _effective(a: RoleArgs) -> Calculation:
    a.exclusive("tc")
    ooms, rate = a.number("ooms", 0.0), a.number("rate", DEFAULT_RATE)
    if a.has("model"):
        return calculations.effective_for_model(a.model(), a.basis(), ooms, rate)
    return calculations.effective(a.number("tc"), ooms, rate)


def _training(a: RoleArgs) -> Calculation:
    a.exclusive("params tokens")
    if a.has("model"):
        return calculations.training_compute_for_model(a.model(), a.basis())
    return calculations.training_compute(a.number("params"), a.number("tokens"))


def _per_token(a: RoleArgs) -> Calculation:
    a.exclusive("params")
    if a.has("model"):
        return calculations.inference_per_token_for_model(a.model(), a.basis())
    return calculations.inference_per_token(a.number("params"))


def _per_query(a: RoleArgs) -> Calculation:
    a.exclusive("per-token")
    samples = a.number("samples", 1)
    if a.has("model"):
        return calculations.inference_per_query_for_model(a.model(), a.basis(), a.optional_number("tokens"), samples)
    return calculations.inference_per_query(a.number("per-token"), a.number("tokens"), samples)


def _lifetime(a: RoleArgs) -> Calculation:
    return calculations.lifetime(
        a.number("params"), a.number("tokens"), a.number("tokens-per-query"), a.number("deployments"),
        a.number("post", 0.0), a.text("form", ("simple", "6nd")), a.text("part", ("total", "training", "deployment")),
    )


def _crossover(a: RoleArgs) -> Calculation:
    return calculations.crossover(
        a.number("params"), a.number("tokens"), a.number("tokens-per-query"), a.number("post", 0.0),
        a.text("form", ("simple", "6nd")),
    )


MODEL_KEYS = ("model", "basis")
#: role name -> (calculation, the parameters it accepts besides `digits`)
ROLES: dict[str, tuple[Callable[[RoleArgs], Calculation], tuple[str, ...]]] = {
    "coom": (_coom, (*MODEL_KEYS, "tokens", "samples", "tc", "ic")),
    "effective": (_effective, (*MODEL_KEYS, "tc", "ooms", "rate", "show")),
    "training-compute": (_training, (*MODEL_KEYS, "params", "tokens")),
    "inference-per-token": (_per_token, (*MODEL_KEYS, "params")),
    "inference-per-query": (_per_query, (*MODEL_KEYS, "per-token", "tokens", "samples")),
    "lifetime": (_lifetime, ("params", "tokens", "tokens-per-query", "deployments", "post", "form", "part")),
    "crossover": (_crossover, ("params", "tokens", "tokens-per-query", "post", "form")),
}


def parse_role(text: str) -> tuple[str, dict[str, str]]:
    """``coom model=deepseek-r1`` → ("coom", {"model": "deepseek-r1"}); RoleError on malformed text."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise RoleError(f"cannot read the role's parameters: {exc}") from None
    if not words:
        raise RoleError(f"empty role: write e.g. {ROLE_PREFIX}`coom model=deepseek-r1`")
    name, params = words[0], {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep or not key or not value:
            raise RoleError(f"parameter '{word}' must be written key=value")
        if key in params:
            raise RoleError(f"parameter '{key}' is given twice", key)
        params[key] = value
    return name, params


def evaluate_role(text: str, data: ThresholdData) -> tuple[Calculation, dict[str, str]]:
    """The calculation a role asks for (and its parameters); RoleError for anything wrong with it."""
    name, params = parse_role(text)
    if name not in ROLES:
        raise RoleError(f"unknown computed value '{name}'{suggest(name, ROLES)}; names: {', '.join(ROLES)}")
    func, allowed = ROLES[name]
    for key in params:
        if key not in allowed and key != "digits":
            raise RoleError(
                f"unknown parameter '{key}' for '{name}'{suggest(key, allowed)}; parameters: {', '.join(allowed)}, digits",
                key,
            )
    try:
        return func(RoleArgs(params, data)), params
    except RoleError:
        raise
    except ValueError as exc:  # from the formulas: negative compute, a model lacking a figure
        raise RoleError(str(exc)) from None


def render_calculation(calc: Calculation, params: Mapping[str, str]) -> str:
    """The role's HTML: a span with the formatted number, the exact value and the formula."""
    digits_text = params.get("digits")
    digits = int(digits_text) if digits_text and digits_text.isdigit() else None
    note = f"; {calc.note}" if calc.note else ""
    if isinstance(calc.result, Undefined):
        title = f"{calc.formula}: undefined, {calc.result.reason}{note}"
        return f'<span class="computed computed-undefined" title="{html.escape(title)}">undefined</span>'
    if calc.kind == "oom" and params.get("show") == "flop":
        shown, value = format_power_of_oom_html(calc.result, 1 if digits is None else digits), 10**calc.result
    elif calc.kind == "oom":
        shown, value = format_oom(calc.result, 1 if digits is None else digits), calc.result
    else:
        shown, value = format_compute_html(calc.result, 2 if digits is None else digits), calc.result
    title = f"{calc.formula} = {machine(value)}{note}"
    return (
        f'<span class="computed" data-value="{html.escape(machine(value))}" title="{html.escape(title)}">'
        f"{shown}</span>"
    )

