"""Threshold crossings: strict "greater than", data conditions, revoked instruments, effective compute."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.threshold.crossings import crossings, judge, smallest_crossing_scaleup
from generator.threshold.formulas import effective_oom
from generator.threshold.rules import ThresholdRule, rules_from_instruments

INSTRUMENTS = [
    {
        "slug": "eu-ai-act", "title": "EU AI Act", "status": "in force", "status_date": dt.date(2024, 8, 1),
        "reference": "euaiact2024",
        "thresholds": [
            {"id": "eu-ai-act-art-51", "provision": "Art. 51(2)", "quantity": "training_compute", "value": 1e25,
             "unit": "FLOP", "scope": "general-purpose AI models", "effect": "presumption of high-impact capabilities"},
        ],
    },
    {
        "slug": "executive-order-14110", "title": "Executive Order 14110", "status": "revoked",
        "status_date": "2025-01-20",
        "thresholds": [
            {"id": "eo-14110-4-2-b-i", "provision": "§4.2(b)(i)", "quantity": "training_compute", "value": "1e26",
             "unit": "integer or floating-point operations", "scope": "any model", "effect": "reporting"},
            {"id": "eo-14110-4-2-b-i-bio", "provision": "§4.2(b)(i)", "quantity": "training_compute", "value": 1e23,
             "unit": "integer or floating-point operations", "scope": "any model",
             "data_condition": "biological sequence data", "effect": "reporting"},
            {"id": "eo-14110-4-2-b-ii", "provision": "§4.2(b)(ii)", "quantity": "compute_cluster_rate",
             "value": 1e20, "unit": "OP/s", "scope": "computing clusters", "effect": "reporting"},
        ],
    },
]


@pytest.fixture
def rules() -> list[ThresholdRule]:
    return rules_from_instruments(INSTRUMENTS)


def by_id(results):
    return {c.rule.threshold_id: c for c in results}


def test_rules_are_read_from_plain_front_matter_mappings(rules):
    assert [r.threshold_id for r in rules] == [
        "eu-ai-act-art-51", "eo-14110-4-2-b-i", "eo-14110-4-2-b-i-bio", "eo-14110-4-2-b-ii",
    ]
    eo = rules[1]
    assert eo.value == 1e26 and eo.status_date == dt.date(2025, 1, 20) and eo.historical
    assert rules[0].in_force and not rules[0].historical


def test_r1_training_stays_below_eu_line_but_four_ooms_of_inference_would_cross_it(rules):
    r1 = by_id(crossings(3.5e24, rules, inference_scaleup_ooms=4))["eu-ai-act-art-51"]
    assert (r1.crossed_by_training, r1.crossed_by_effective) == (False, True)


def test_threshold_is_strictly_greater_than(rules):
    eu = by_id(crossings(1e25, rules))["eu-ai-act-art-51"]
    assert eu.crossed_by_training is False


def test_revoked_instrument_is_reported_as_historical_not_dropped(rules):
    eo = by_id(crossings(2e26, rules))["eo-14110-4-2-b-i"]
    assert eo.crossed_by_training is True
    assert eo.historical
    assert eo.note == "historical: the instrument was revoked on 2025-01-20"


def test_data_condition_applies_only_to_models_that_meet_it(rules):
    plain = by_id(crossings(1e24, rules))["eo-14110-4-2-b-i-bio"]
    assert (plain.applies, plain.crossed_by_training) == (False, None)
    assert "biological sequence data" in plain.note
    bio = by_id(crossings(1e24, rules, data_conditions=["Biological  sequence data"]))["eo-14110-4-2-b-i-bio"]
    assert (bio.applies, bio.crossed_by_training) == (True, True)


def test_cluster_rate_threshold_never_applies_to_a_model(rules):
    cluster = by_id(crossings(1e30, rules, 10))["eo-14110-4-2-b-ii"]
    assert (cluster.applies, cluster.crossed_by_training, cluster.crossed_by_effective) == (False, None, None)


def test_negative_inference_scaleup_is_rejected(rules):
    with pytest.raises(ValueError):
        judge(rules[0], 1e24, -1)


def test_smallest_multiplier_for_r1_at_eu_line_is_two_ooms(rules):
    # 24.54 + 0.7·2 = 25.94 > 25, while 24.54 alone is not.
    assert smallest_crossing_scaleup(rules[0], 3.5e24, [0, 2, 4]) == 2
    assert smallest_crossing_scaleup(rules[0], 1e20, [0, 2, 4]) is None


def test_invalid_threshold_values_are_skipped_not_raised():
    assert rules_from_instruments([{"slug": "x", "thresholds": [{"id": "a", "value": "lots"}, "junk"]}]) == []


training = st.floats(min_value=1e15, max_value=1e30)
thresholds = st.floats(min_value=1e15, max_value=1e30)
scaleups = st.floats(min_value=0, max_value=8)


def rule_at(value: float) -> ThresholdRule:
    return ThresholdRule("i", "I", "t", "s", "training_compute", value, "FLOP", "scope", "effect", "in force")


@given(training, thresholds, scaleups)
def test_crossings_agree_with_the_numbers(tc, value, s):
    crossing = judge(rule_at(value), tc, s)
    assert crossing.crossed_by_training == (tc > value)
    if not crossing.crossed_by_training:
        assert crossing.crossed_by_effective == (effective_oom(tc, s) > math.log10(value))


@given(training, thresholds, scaleups, scaleups)
def test_more_inference_never_uncrosses_a_threshold(tc, value, a, b):
    low, high = sorted((a, b))
    if judge(rule_at(value), tc, low).crossed_by_effective:
        assert judge(rule_at(value), tc, high).crossed_by_effective


@given(training, thresholds, scaleups)
def test_a_training_crossing_is_also_an_effective_crossing(tc, value, s):
    crossing = judge(rule_at(value), tc, s)
    assert crossing.crossed_by_effective or not crossing.crossed_by_training


def test_an_at_least_threshold_is_met_by_a_model_exactly_at_it_a_greater_than_one_is_not():
    at_least, greater = rules_from_instruments([
        {"slug": "kr", "title": "Korea", "status": "in force", "thresholds": [
            {"id": "kr", "provision": "decree", "quantity": "training_compute", "value": 1e26, "comparator": "at least",
             "unit": "floating-point operations", "scope": "AI", "effect": "safety duties"}]},
        {"slug": "us", "title": "SB 53", "status": "in force", "thresholds": [
            {"id": "us", "provision": "22757.11(i)", "quantity": "training_compute", "value": 1e26,
             "unit": "integer or floating-point operations", "scope": "foundation models", "effect": "duties"}]},
    ])
    assert (at_least.comparator, at_least.symbol, greater.symbol) == ("at least", "≥", ">")
    assert judge(at_least, 1e26).crossed_by_training and not judge(greater, 1e26).crossed_by_training
    assert judge(at_least, 1e26).as_dict()["comparator"] == "at least"


def test_a_pre_empted_instrument_is_historical():
    [rule] = rules_from_instruments([{"slug": "x", "title": "X", "status": "pre-empted", "thresholds": [
        {"id": "x", "provision": "s. 1", "quantity": "training_compute", "value": 1e26, "unit": "operations",
         "scope": "models", "effect": "duties"}]}])
    assert rule.historical and "historical" in judge(rule, 1e27).note
