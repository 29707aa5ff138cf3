"""Model figures (content/data/models.yaml): typed, sourced, and validated with positioned problems.

Every value carries the bibliography key it comes from and a confidence tag, using the tags of
``../shared/facts/facts.md``: V (verified against the primary text), V2 (reliable secondary sources),
S (from a seed alone), D (derived by arithmetic or interpretation). A model has two sets of figures:
``seed`` (seed 002's rough powers of ten [ellismohr2025updating]) and ``sourced`` (Epoch AI's data and the
primary papers), so that pages can show both and say which they use.

Estimates get revised and come with uncertainty, so a sourced training-compute figure must also say which
copy of its source it was read from (``snapshot``), the source's own confidence label (``source_confidence``:
Epoch AI's Confident / Likely / Speculative, or Reported / Derived) and, where the source gives one, its
``interval`` (e.g. Epoch's 90% interval for GPT-4).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from generator.content.frontmatter import load_yaml
from generator.problems import WARNING, Problems
from generator.threshold.formulas import inference_per_token as per_token_from_parameters

Basis = Literal["seed", "sourced"]
BASES: tuple[Basis, ...] = ("sourced", "seed")
Confidence = Literal["V", "V2", "S", "D"]
#: The source's own label for an estimate: Epoch AI's three grades, a figure the developer reported, one the wiki
#: derived (e.g. 6 × active parameters × tokens from a model card), or Unrecorded when the label was not noted
#: when the value was read (say so rather than guess).
SourceConfidence = Literal["Confident", "Likely", "Speculative", "Reported", "Derived", "Unrecorded"]
#: Fields every sourced training-compute figure must carry besides value and source.
REQUIRED_ESTIMATE_FIELDS = ("snapshot", "source_confidence")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Interval(_Strict):
    """The source's uncertainty interval for an estimate, e.g. Epoch AI's 90% interval."""

    low: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    high: Annotated[float, Field(gt=0, allow_inf_nan=False)]
    level: Annotated[float, Field(gt=0, lt=1)]  # 0.9 for a 90% interval

    @model_validator(mode="after")
    def _ordered(self) -> "Interval":
        if self.low > self.high:
            raise ValueError(f"low ({self.low:g}) must not be greater than high ({self.high:g})")
        return self


class Sourced(_Strict):
    """One number with its unit, bibliography key and confidence tag."""

    value: Annotated[float, Field(ge=0, allow_inf_nan=False)]
    unit: str | None = None
    source: Annotated[str, Field(min_length=1)]
    confidence: Confidence
    snapshot: dt.date | None = None  # the date of the copy of the source the value was read from
    source_confidence: SourceConfidence | None = None
    interval: Interval | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _value_inside_interval(self) -> "Sourced":
        if self.interval and not self.interval.low <= self.value <= self.interval.high:
            raise ValueError(f"the value {self.value:g} lies outside its interval "
                             f"{self.interval.low:g} to {self.interval.high:g}")
        return self


class Estimates(_Strict):
    """One set of figures for a model; any may be absent (e.g. GPT-4's undisclosed parameters)."""

    parameters: Sourced | None = None  # total parameters
    active_parameters: Sourced | None = None  # parameters used per token (mixture of experts)
    training_tokens: Sourced | None = None
    training_compute: Sourced | None = None  # FLOP
    inference_per_token: Sourced | None = None  # FLOP per token; derived as 2N when absent
    reasoning_tokens: Sourced | None = None  # max reasoning tokens per query

    def inference_per_token_value(self) -> float | None:
        """Given per-token compute, else 2 × active (or total) parameters [kaplan2020scaling]."""
        if self.inference_per_token is not None:
            return self.inference_per_token.value
        parameters = self.active_parameters or self.parameters
        return per_token_from_parameters(parameters.value) if parameters is not None else None

    def sources(self) -> list[str]:
        keys = {value.source for value in self._values() if value is not None}
        return sorted(keys)

    def _values(self) -> list[Sourced | None]:
        return [getattr(self, name) for name in type(self).model_fields]


class Model(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
    name: Annotated[str, Field(min_length=1)]
    developer: str | None = None
    released: dt.date | None = None
    data_conditions: list[str] = []  # e.g. "biological sequence data", for thresholds with such a condition
    seed: Estimates | None = None
    sourced: Estimates

    @field_validator("data_conditions")
    @classmethod
    def _non_empty(cls, value: list[str]) -> list[str]:
        if any(not item.strip() for item in value):
            raise ValueError("data conditions must not be empty")
        return value

    def estimates(self, basis: Basis = "sourced") -> Estimates | None:
        return self.seed if basis == "seed" else self.sourced

    def figures(self, basis: Basis = "sourced") -> "ModelFigures":
        estimates = self.estimates(basis)
        if estimates is None:
            return ModelFigures(self, basis, None, None, None, ())
        training = estimates.training_compute
        return ModelFigures(
            model=self,
            basis=basis,
            training_compute=training.value if training else None,
            inference_per_token=estimates.inference_per_token_value(),
            reasoning_tokens=estimates.reasoning_tokens.value if estimates.reasoning_tokens else None,
            sources=tuple(estimates.sources()),
            training_interval=training.interval if training else None,
            training_label=training.source_confidence if training else None,
        )


@dataclass(frozen=True)
class ModelFigures:
    """The numbers the formulas need, for one model on one basis (None where the data have no value)."""

    model: Model
    basis: Basis
    training_compute: float | None
    inference_per_token: float | None
    reasoning_tokens: float | None
    sources: tuple[str, ...]
    training_interval: Interval | None = None  # the source's interval for training compute, if it gives one
    training_label: str | None = None  # the source's confidence label (Confident, Likely, Speculative, ...)

    @property
    def training_range(self) -> tuple[float, float] | None:
        """(low, high) training compute: the interval, else the point value twice; None without a value."""
        if self.training_compute is None:
            return None
        if self.training_interval is None:
            return (self.training_compute, self.training_compute)
        return (self.training_interval.low, self.training_interval.high)


def find_model(models: Collection[Model], model_id: str) -> Model | None:
    return next((model for model in models if model.id == model_id), None)


def suggest(name: str, candidates: Collection[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else ''."""
    matches = difflib.get_close_matches(name, sorted(candidates), n=1)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def load_models(path: str | Path, problems: Problems, reference_keys: Collection[str] | None = None) -> list[Model]:
    """Read and validate a models file; every problem is added at its key's position, never raised.

    ``reference_keys``, when given, are the bibliography keys a ``source`` may name. Returns the valid
    models in file order (an invalid model is left out, and its problems reported). A wiki without a
    models file has no models: that is only a problem where an article asks for one.
    """
    path = Path(path)
    shown = str(path)
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.add(shown, 1, 1, f"cannot read the models file: {exc}")
        return []
    return parse_models(text.replace("\r\n", "\n"), shown, problems, reference_keys)


def parse_models(
    text: str, path: str, problems: Problems, reference_keys: Collection[str] | None = None
) -> list[Model]:
    """Validate the YAML text of a models file (see :func:`load_models`)."""
    document = load_yaml(text, path, 1, problems)
    if document is None:
        return []
    if not isinstance(document.data, list):
        problems.add(path, 1, 1, "the models file must be a YAML list of models ('- id: ...')")
        return []
    models: list[Model] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(document.data):
        try:
            model = Model.model_validate(item)
        except ValidationError as exc:
            for error in exc.errors():
                _report(error, (index,), document, path, problems)
            continue
        line, column = document.value_position((index, "id"))
        if model.id in seen:
            problems.add(path, line, column, f"duplicate model id '{model.id}' (first given on line {seen[model.id]})")
            continue
        seen[model.id] = line
        if reference_keys is not None:
            _check_sources(model, index, document, path, problems, reference_keys)
        _warn_if_estimate_undescribed(model, index, document, path, problems)
        models.append(model)
    return models


def _report(error: dict[str, Any], prefix: tuple, document, path: str, problems: Problems) -> None:
    location = prefix + tuple(error["loc"])
    shown = ".".join(str(part) for part in error["loc"]) or "model"
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        parent = location[:-1]
        fields = _fields_at(parent[1:])
        message = f"unknown field '{location[-1]}'{suggest(str(location[-1]), fields)}"
        line, column = document.key_position(location)
    elif error["type"] == "missing":
        parent = ".".join(str(part) for part in error["loc"][:-1])
        message = f"missing required field '{location[-1]}'" + (f" in {parent}" if parent else "")
        line, column = document.key_position(location[:-1])
    else:
        line, column = document.value_position(location)
    problems.add(path, line, column, f"{shown}: {message}" if error["type"] != "missing" else message)


def _fields_at(location: tuple) -> list[str]:
    """The allowed field names at a key path inside one model, for near-miss suggestions."""
    if not location:
        return list(Model.model_fields)
    if location[0] in ("seed", "sourced"):
        if len(location) == 1:
            return list(Estimates.model_fields)
        return list(Interval.model_fields) if location[-1] == "interval" else list(Sourced.model_fields)
    return []


def _warn_if_estimate_undescribed(model: Model, index: int, document, path: str, problems: Problems) -> None:
    """A sourced training-compute estimate should say which copy of its source it is from and how sure the
    source is; otherwise a reader cannot tell a revised or speculative figure from a settled one. A warning
    (fatal under `check --strict`), so that an older models file still computes."""
    training = model.sourced.training_compute
    if training is None:
        return
    for name in REQUIRED_ESTIMATE_FIELDS:
        if getattr(training, name) is None:
            line, column = document.key_position((index, "sourced", "training_compute"))
            problems.add(path, line, column, f"sourced.training_compute has no '{name}': name the snapshot the "
                         "estimate was read from and the source's confidence label", WARNING)


def _check_sources(model: Model, index: int, document, path: str, problems: Problems, keys: Collection[str]) -> None:
    for basis in BASES:
        estimates = model.estimates(basis)
        if estimates is None:
            continue
        for name in Estimates.model_fields:
            value = getattr(estimates, name)
            if value is not None and value.source not in keys:
                line, column = document.value_position((index, basis, name, "source"))
                problems.add(
                    path, line, column,
                    f"{basis}.{name}.source: no entry '{value.source}' in references.bib{suggest(value.source, keys)}",
                )
