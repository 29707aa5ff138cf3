"""The threshold core's formulas: the seeds' worked examples pinned exactly, and their invariants."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.threshold.formulas import (
    DEFAULT_RATE,
    RATE_BAND,
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

compute = st.floats(min_value=1.0, max_value=1e40, allow_nan=False, allow_infinity=False)
scaleup = st.floats(min_value=0.0, max_value=10.0, allow_nan=False)
rates = st.floats(min_value=RATE_BAND[0], max_value=RATE_BAND[1])
counts = st.floats(min_value=1.0, max_value=1e15)


# --- the seeds' worked examples -------------------------------------------------------------

def test_coom_of_seed_002_example_is_39():
    # Ellis-Mohr: TC = 10^24 and IC = 10^15 give 24 + 15 = 39.
    assert coom(1e24, 1e15) == 39


def test_seed_002_inference_per_query_is_ten_to_the_fifteen():
    # 10^4 reasoning tokens × 10^11 FLOP per token.
    assert inference_per_query(1e11, 1e4) == 1e15


def test_ord_effective_compute_example_is_26_point_8():
    # Ord: 10^24 FLOP with inference scaled up by 4 OOM ≈ a 10^27-FLOP model; 24 + 0.7·4 = 26.8.
    assert effective_oom(1e24, 4) == 26.8
    assert DEFAULT_RATE == 0.7


def test_ord_crossover_is_ten_to_the_ten_deployments():
    # N = 10^12, D = 10^13, I = 10^3: N·D = d·N·I at d = D / I = 10^10.
    assert crossover_deployments(1e12, 1e13, 1e3) == 1e10


def test_crossover_with_6nd_and_2n_coefficients_is_three_times_ten_to_the_ten():
    assert crossover_deployments(1e12, 1e13, 1e3, form="6nd") == 3e10


def test_lifetime_compute_at_ord_crossover_splits_evenly():
    split = lifetime_compute(1e12, 1e13, 1e3, 1e10)
    assert split.pre_training == split.deployment == 1e25
    assert split.total == 2e25
    assert split.deployment_share == 0.5


def test_lifetime_6nd_form_uses_kaplan_coefficients():
    split = lifetime_compute(1e12, 1e13, 1e3, 1e10, post_training=1e23, form="6nd")
    assert split.pre_training == 6e25
    assert split.deployment == 2e25
    assert split.training == 6e25 + 1e23


def test_training_compute_of_deepseek_v3_by_6nd():
    # Epoch: 6 × 37B active × 14.8T tokens = 3.29e24.
    assert training_compute(3.7e10, 1.48e13) == pytest.approx(3.2856e24)


def test_inference_per_token_is_two_flop_per_parameter():
    assert inference_per_token(1.75e11) == 3.5e11


def test_effective_band_spans_half_to_one_oom_per_inference_oom():
    assert effective_oom_band(1e24, 4) == (26.0, 28.0)


# --- undefined and invalid inputs ---------------------------------------------------------------

def test_coom_without_reasoning_tokens_is_undefined_with_a_reason():
    result = coom(1e25, inference_per_query(1e12, 0))
    assert isinstance(result, Undefined)
    assert "no reasoning tokens" in result.reason
    assert not result


def test_oom_of_zero_is_undefined_not_minus_infinity():
    assert isinstance(oom(0), Undefined)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf, "1e24", True])
def test_nonsense_compute_is_rejected_with_value_error(bad):
    with pytest.raises(ValueError):
        coom(bad, 1e15)


def test_zero_samples_are_rejected():
    with pytest.raises(ValueError, match="samples"):
        inference_per_query(1e11, 1e4, samples=0)


def test_unknown_lifetime_form_is_rejected():
    with pytest.raises(ValueError, match="form"):
        crossover_deployments(1e12, 1e13, 1e3, form="kaplan")  # type: ignore[arg-type]


# --- invariants -----------------------------------------------------------------------------------

@given(compute, compute)
def test_coom_is_the_log_of_the_product(tc, ic):
    assert coom(tc, ic) == pytest.approx(math.log10(tc * ic), abs=1e-9)


@given(compute, compute, st.floats(min_value=1.0, max_value=1e6))
def test_coom_grows_with_either_input(tc, ic, factor):
    assert coom(tc * factor, ic) >= coom(tc, ic)
    assert coom(tc, ic * factor) >= coom(tc, ic)


@given(compute, scaleup, scaleup, rates)
def test_effective_oom_grows_with_inference_scaleup(tc, a, b, rate):
    low, high = sorted((a, b))
    assert effective_oom(tc, low, rate) <= effective_oom(tc, high, rate)


@given(compute, scaleup)
def test_default_rate_lies_inside_the_band(tc, s):
    low, high = effective_oom_band(tc, s)
    assert low <= effective_oom(tc, s) <= high


@given(compute)
def test_no_inference_scaleup_leaves_training_oom_unchanged(tc):
    assert effective_oom(tc, 0) == pytest.approx(math.log10(tc))
    assert effective_compute(tc, 0) == pytest.approx(tc)


@given(counts, counts, counts)
def test_deployment_equals_training_at_the_crossover(n, d, i):
    for form in ("simple", "6nd"):
        crossover = crossover_deployments(n, d, i, form=form)
        split = lifetime_compute(n, d, i, crossover, form=form)
        assert split.deployment == pytest.approx(split.pre_training, rel=1e-9)


@given(counts, counts, counts, st.floats(min_value=0, max_value=1e30))
def test_6nd_crossover_is_three_times_the_simple_one_without_post_training(n, d, i, post):
    assert crossover_deployments(n, d, i, form="6nd") == pytest.approx(3 * crossover_deployments(n, d, i), rel=1e-12)
    # post-training compute only moves the crossover later
    assert crossover_deployments(n, d, i, post) >= crossover_deployments(n, d, i)


@given(counts, counts, st.floats(min_value=1, max_value=1e3))
def test_inference_per_query_is_linear_in_tokens_and_samples(per_token, tokens, samples):
    assert inference_per_query(per_token, tokens, samples) == pytest.approx(per_token * tokens * samples)
    assert inference_per_query(per_token, 2 * tokens, samples) == pytest.approx(2 * inference_per_query(per_token, tokens, samples))
