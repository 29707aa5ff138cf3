"""The formulas the seeds argue with, as pure functions: no I/O, no pages, units in every docstring.

Sources are bibliography keys in ``content/references.bib`` (see ``../shared/facts/facts.md`` §c).
Compute is counted in operations (FLOP: integer or floating-point operations), the unit the legal
instruments use. Orders of magnitude (OOM) are base-10 logarithms of a compute count.

Inputs that make no physical sense (negative compute, a NaN) raise ``ValueError``: they are programming
or usage errors, and the CLI turns them into one clear line. A result that is *mathematically undefined*
for sensible inputs (COOM of a model with no reasoning tokens) is returned as :class:`Undefined`, never
as ``-inf`` or an exception, because the wiki must show it as "undefined" with its reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

#: Ord's rule-of-thumb exchange rate: 1 OOM of inference ≈ 0.7 OOM of pre-training [ord2025reshapes].
DEFAULT_RATE = 0.7
#: The range Ord gives ("0.5 to 1 OOM of pre-training"), from Epoch's trade-off work
#: [villalobos2023trading; jones2021scaling].
RATE_BAND: tuple[float, float] = (0.5, 1.0)

#: FLOP per parameter per training token (forward 2N + backward 4N) [kaplan2020scaling].
TRAINING_FLOP_PER_PARAMETER_TOKEN = 6
#: FLOP per parameter per generated token (one forward pass, attention term ignored) [kaplan2020scaling].
INFERENCE_FLOP_PER_PARAMETER_TOKEN = 2

LifetimeForm = Literal["simple", "6nd"]
LIFETIME_FORMS: tuple[LifetimeForm, ...] = ("simple", "6nd")


@dataclass(frozen=True)
class Undefined:
    """A result that does not exist for these inputs, with the reason a reader is shown."""

    reason: str

    def __bool__(self) -> bool:  # so `if result:` never mistakes "undefined" for a number
        return False


def _require_finite(name: str, value: float) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise ValueError(f"{name} must be a number, not {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, not {value!r}")
    return float(value)


def _require_non_negative(name: str, value: float) -> float:
    value = _require_finite(name, value)
    if value < 0:
        raise ValueError(f"{name} must not be negative (got {value:g})")
    return value


def _require_positive(name: str, value: float) -> float:
    value = _require_finite(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be greater than zero (got {value:g})")
    return value


def oom(compute: float) -> float | Undefined:
    """Orders of magnitude of a compute count: log10(compute).

    Unit: dimensionless (OOM of FLOP). Zero compute has no order of magnitude and is reported as
    :class:`Undefined` rather than ``-inf``.
    """
    compute = _require_non_negative("compute", compute)
    if compute == 0:
        return Undefined("zero compute has no order of magnitude (log10(0) is undefined)")
    return math.log10(compute)


def training_compute(parameters: float, tokens: float) -> float:
    """Training compute C ≈ 6·N·D, in FLOP.

    N = parameters (for a mixture-of-experts model, the parameters *active* per token); D = training
    tokens. About 2N FLOP forward and 4N backward per parameter and token [kaplan2020scaling]; the
    AI Diffusion rule's technical note counts "6ND total FLOP" the same way [bis2025diffusion].
    """
    parameters = _require_non_negative("parameters", parameters)
    tokens = _require_non_negative("training tokens", tokens)
    return TRAINING_FLOP_PER_PARAMETER_TOKEN * parameters * tokens


def inference_per_token(parameters: float) -> float:
    """Inference compute per generated token ≈ 2·N, in FLOP per token.

    One forward pass over N (active) parameters, ignoring the context-dependent attention term
    [kaplan2020scaling]. Seed 002 uses the same approximation [ellismohr2025updating].
    """
    parameters = _require_non_negative("parameters", parameters)
    return INFERENCE_FLOP_PER_PARAMETER_TOKEN * parameters


def inference_per_query(per_token: float, tokens: float, samples: float = 1) -> float:
    """Inference compute per query = per-token compute × tokens × samples, in FLOP per query.

    ``tokens`` is the number of generated ("reasoning") tokens per sample and ``samples`` the number of
    independent samples drawn per query (best-of-N, majority vote). Seed 002 defines IC per query as
    per-token compute × max reasoning tokens [ellismohr2025updating]; samples generalise it to
    repeated sampling [brown2024monkeys].
    """
    per_token = _require_non_negative("inference compute per token", per_token)
    tokens = _require_non_negative("tokens per query", tokens)
    samples = _require_positive("samples", samples)
    return per_token * tokens * samples


def coom(training: float, inference_per_query: float) -> float | Undefined:
    """Combined orders of magnitude: COOM = log10(TC) + log10(IC) [ellismohr2025updating].

    TC = training compute in FLOP; IC = inference compute per query in FLOP. Dimensionless. Seed 002's
    worked example: TC = 10^24, IC = 10^15 give COOM = 39. A model with no reasoning tokens has IC = 0,
    where log10 is undefined; the seed gives no floor, so the result is :class:`Undefined` with that reason.
    """
    training = _require_non_negative("training compute", training)
    inference_per_query = _require_non_negative("inference compute per query", inference_per_query)
    if training == 0:
        return Undefined("training compute is 0, and log10(0) is undefined")
    if inference_per_query == 0:
        return Undefined(
            "no reasoning tokens: inference compute per query is 0, and log10(0) is undefined "
            "(the formula gives no floor)"
        )
    return math.log10(training) + math.log10(inference_per_query)


def effective_oom(training: float, inference_scaleup_ooms: float, rate: float = DEFAULT_RATE) -> float:
    """Effective OOM = OOM(pre-training) + r × OOM(inference scale-up) [ord2025reshapes].

    ``training`` in FLOP; ``inference_scaleup_ooms`` is how many orders of magnitude inference compute
    is scaled up at deployment (4 means 10^4 × the baseline); ``rate`` r is the exchange rate, 0.7 by
    default, with Ord's band 0.5–1.0 [villalobos2023trading]. Result in OOM of pre-training-equivalent
    FLOP: 10^24 FLOP with 4 OOM of inference scale-up gives 24 + 0.7·4 = 26.8.
    """
    training = _require_positive("training compute", training)
    inference_scaleup_ooms = _require_finite("inference scale-up (OOM)", inference_scaleup_ooms)
    rate = _require_non_negative("rate", rate)
    return math.log10(training) + rate * inference_scaleup_ooms


def effective_compute(training: float, inference_scaleup_ooms: float, rate: float = DEFAULT_RATE) -> float:
    """Effective compute = 10^(effective OOM), in pre-training-equivalent FLOP [ord2025reshapes]."""
    return 10 ** effective_oom(training, inference_scaleup_ooms, rate)


def effective_oom_band(training: float, inference_scaleup_ooms: float) -> tuple[float, float]:
    """Effective OOM at the low and high ends of the exchange-rate band (r = 0.5 and r = 1.0)."""
    low, high = RATE_BAND
    return (
        effective_oom(training, inference_scaleup_ooms, low),
        effective_oom(training, inference_scaleup_ooms, high),
    )


@dataclass(frozen=True)
class LifetimeCompute:
    """A model's lifetime compute split into its parts, all in FLOP [ord2025reshapes, appendix]."""

    form: LifetimeForm
    pre_training: float
    post_training: float
    deployment: float

    @property
    def training(self) -> float:
        """Pre-training plus post-training: everything spent before deployment."""
        return self.pre_training + self.post_training

    @property
    def total(self) -> float:
        return self.pre_training + self.post_training + self.deployment

    @property
    def deployment_share(self) -> float:
        """Fraction of lifetime compute spent on deployment (0 to 1; 0 when the total is 0)."""
        return self.deployment / self.total if self.total else 0.0


def _coefficients(form: LifetimeForm) -> tuple[int, int]:
    if form == "simple":
        return 1, 1  # Ord's simplified coefficients (his footnote 10)
    if form == "6nd":
        return TRAINING_FLOP_PER_PARAMETER_TOKEN, INFERENCE_FLOP_PER_PARAMETER_TOKEN
    raise ValueError(f"form must be one of {', '.join(LIFETIME_FORMS)} (got {form!r})")


def lifetime_compute(
    parameters: float,
    training_tokens: float,
    tokens_per_deployment: float,
    deployments: float,
    post_training: float = 0.0,
    form: LifetimeForm = "simple",
) -> LifetimeCompute:
    """Lifetime compute C = C_pre-training + C_post-training + C_deployment, in FLOP [ord2025reshapes].

    ``form="simple"`` is Ord's approximation C ≈ N·D + C_post + d·N·I; ``form="6nd"`` uses the Kaplan
    coefficients, C ≈ 6·N·D + C_post + 2·d·N·I [kaplan2020scaling]. N = parameters, D = training tokens,
    d = deployments (e.g. questions answered), I = tokens generated per deployment.
    """
    n = _require_non_negative("parameters", parameters)
    d_train = _require_non_negative("training tokens", training_tokens)
    i = _require_non_negative("tokens per deployment", tokens_per_deployment)
    d = _require_non_negative("deployments", deployments)
    post = _require_non_negative("post-training compute", post_training)
    k_train, k_infer = _coefficients(form)
    return LifetimeCompute(
        form=form,
        pre_training=k_train * n * d_train,
        post_training=post,
        deployment=k_infer * d * n * i,
    )


def crossover_deployments(
    parameters: float,
    training_tokens: float,
    tokens_per_deployment: float,
    post_training: float = 0.0,
    form: LifetimeForm = "simple",
) -> float:
    """The deployment count d at which deployment compute equals training compute [ord2025reshapes].

    Beyond it, deployment dominates lifetime compute. Simple form: d = (N·D + C_post) / (N·I), which is
    D / I without post-training: 10^10 for N = 10^12, D = 10^13, I = 10^3. The 6ND/2N form gives
    d = (6·N·D + C_post) / (2·N·I) = 3·D / I, i.e. 3×10^10 for the same numbers. Unit: deployments.
    Computed in exact rational arithmetic so that round inputs give round answers.
    """
    n = _require_positive("parameters", parameters)
    d_train = _require_non_negative("training tokens", training_tokens)
    i = _require_positive("tokens per deployment", tokens_per_deployment)
    post = _require_non_negative("post-training compute", post_training)
    k_train, k_infer = _coefficients(form)
    training = k_train * Fraction(n) * Fraction(d_train) + Fraction(post)
    per_deployment = k_infer * Fraction(n) * Fraction(i)
    return float(training / per_deployment)
