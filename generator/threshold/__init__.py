"""The threshold core: formulas, model figures, thresholds and crossings, figures.

A library that knows nothing about pages or templates: ``generator.render.renderer`` is the only place that
joins it to pages (through :mod:`generator.threshold.markdown_plugin`).
"""

from generator.threshold.crossings import Crossing, crossings, judge
from generator.threshold.formulas import (
    DEFAULT_RATE,
    RATE_BAND,
    LifetimeCompute,
    Undefined,
    coom,
    crossover_deployments,
    effective_compute,
    effective_oom,
    effective_oom_band,
    inference_per_query,
    inference_per_token,
    lifetime_compute,
    oom,
    training_compute,
)
from generator.threshold.models import Model, ModelFigures, load_models, parse_models
from generator.threshold.rules import ThresholdRule, rules_from_instruments

__all__ = [
    "DEFAULT_RATE", "RATE_BAND", "Crossing", "LifetimeCompute", "Model", "ModelFigures", "ThresholdRule",
    "Undefined", "coom", "crossings", "crossover_deployments", "effective_compute", "effective_oom",
    "effective_oom_band", "inference_per_query", "inference_per_token", "judge", "lifetime_compute",
    "load_models", "oom", "parse_models", "rules_from_instruments", "training_compute",
]
