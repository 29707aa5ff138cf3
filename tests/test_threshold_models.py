"""content/data/models.yaml: every value sourced and tagged; bad files become positioned problems."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.problems import Problems
from generator.threshold.formulas import Undefined, coom, inference_per_query
from generator.threshold.models import load_models, parse_models

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO / "content" / "data" / "models.yaml"
SHARED = REPO.parent / "shared"


def bibliography_keys() -> set[str]:
    for candidate in (REPO / "content" / "references.bib", SHARED / "facts" / "references.bib"):
        if candidate.exists():
            return set(re.findall(r"^@\w+\{([^,\s]+),", candidate.read_text(encoding="utf-8"), re.M))
    pytest.skip("no references.bib to check sources against")


@pytest.fixture(scope="module")
def models():
    problems = Problems()
    loaded = load_models(MODELS, problems, bibliography_keys())
    assert [str(p) for p in problems.items] == []
    return {model.id: model for model in loaded}


FRONTIER_2025_2026 = ["claude-3-7-sonnet", "composer-2", "deepseek-v4-pro", "gpt-4-5", "gpt-5", "grok-3", "grok-4",
                      "llama-4-behemoth", "pangu-ultra", "qwen3-max"]


def test_shipped_file_has_the_models_of_the_facts_sheet_and_the_2025_2026_models_with_a_public_estimate(models):
    assert sorted(models) == sorted(["deepseek-r1", "deepseek-v3", "gpt-1", "gpt-2", "gpt-3", "gpt-4",
                                     "kimi-k2", "llama-4-maverick", "llama-4-scout", *FRONTIER_2025_2026])


@pytest.mark.parametrize("model_id", FRONTIER_2025_2026)
def test_2025_2026_frontier_estimates_are_epochs_april_2026_figures_with_epochs_own_label(models, model_id):
    training = models[model_id].sourced.training_compute
    assert (training.source, training.snapshot.isoformat()) == ("epoch2026models", "2026-04-24")
    assert training.source_confidence in ("Confident", "Likely", "Speculative")
    assert training.note, "the note summarises Epoch's method"


def test_closed_frontier_values_and_labels_are_the_ones_epoch_publishes(models):
    published = {"grok-3": (3.5e26, "Likely"), "gpt-4-5": (3.8e26, "Likely"), "grok-4": (5.0e26, "Speculative"),
                 "gpt-5": (6.6e25, "Speculative"), "claude-3-7-sonnet": (3.35e25, "Likely")}
    for model_id, expected in published.items():
        figures = models[model_id].figures("sourced")
        assert (figures.training_compute, figures.training_label) == expected, model_id


def test_no_interval_is_recorded_where_the_source_states_no_probability_level(models):
    # Epoch's notes give GPT-5 a "CI" and GPT-4.5 and Grok 4 scenario ranges, none with a level: notes only.
    assert [m for m in models if models[m].sourced.training_compute.interval is not None] == ["gpt-4"]
    assert "2e25 to 2e26" in models["gpt-5"].sourced.training_compute.note
    assert "2.7e26 to 5.4e26" in models["gpt-4-5"].sourced.training_compute.note


def test_every_sourced_training_estimate_names_its_snapshot_and_the_sources_label(models):
    for model in models.values():
        training = model.sourced.training_compute
        assert training.snapshot is not None and training.source_confidence is not None, model.id


def test_gpt4_carries_epochs_90_percent_interval_which_straddles_10_to_the_25(models):
    figures = models["gpt-4"].figures("sourced")
    assert (figures.training_compute, figures.training_range) == (2.1e25, (8.2e24, 4.4e25))
    assert figures.training_interval.level == 0.9 and figures.training_label == "Likely"
    low, high = figures.training_range
    assert low < 1e25 < high


def test_a_point_estimate_without_interval_has_a_zero_width_range(models):
    assert models["deepseek-r1"].figures("sourced").training_range == (3.5e24, 3.5e24)


@pytest.mark.parametrize("model_id", ["llama-4-scout", "llama-4-maverick", "kimi-k2"])
def test_derived_2025_estimates_are_six_times_active_parameters_times_tokens(models, model_id):
    sourced = models[model_id].sourced
    expected = 6 * sourced.active_parameters.value * sourced.training_tokens.value
    assert sourced.training_compute.value == pytest.approx(expected, rel=1e-9)
    assert (sourced.training_compute.confidence, sourced.training_compute.source_confidence) == ("D", "Derived")


def test_seed_table_reproduces_seed_002_coom_of_39_for_r1(models):
    figures = models["deepseek-r1"].figures("seed")
    ic = inference_per_query(figures.inference_per_token, figures.reasoning_tokens)
    assert coom(figures.training_compute, ic) == 39


def test_sourced_r1_coom_is_about_40_as_the_facts_sheet_says(models):
    figures = models["deepseek-r1"].figures("sourced")
    ic = inference_per_query(figures.inference_per_token, figures.reasoning_tokens)
    assert 39.9 <= coom(figures.training_compute, ic) <= 40.1


def test_sourced_per_token_compute_is_derived_from_active_parameters(models):
    assert models["deepseek-v3"].figures("sourced").inference_per_token == 7.4e10


def test_non_reasoning_models_have_undefined_coom(models):
    figures = models["gpt-4"].figures("sourced")
    assert isinstance(coom(figures.training_compute, inference_per_query(figures.inference_per_token, 0)), Undefined)


def test_sources_of_a_model_are_listed_sorted(models):
    assert models["gpt-3"].figures("sourced").sources == ("brown2020language",)


def problems_for(text: str, keys=None) -> list[str]:
    problems = Problems()
    parse_models(text, "data/models.yaml", problems, keys)
    return [str(p) for p in problems.items]


def test_unknown_field_is_reported_at_the_key_with_a_suggestion():
    text = "- id: x\n  name: X\n  sourced:\n    training_compute: {value: 1e24, sorce: k, confidence: V}\n"
    assert "data/models.yaml:4:37: sourced.training_compute.sorce: unknown field 'sorce' (did you mean 'source'?)" in problems_for(text)


def test_negative_value_is_reported_at_the_value():
    text = "- id: x\n  name: X\n  sourced:\n    parameters:\n      value: -5\n      source: k\n      confidence: V\n"
    [problem] = problems_for(text)
    assert problem.startswith("data/models.yaml:5:14: sourced.parameters.value:")


def test_unknown_confidence_tag_is_reported():
    text = "- id: x\n  name: X\n  sourced:\n    parameters: {value: 5, source: k, confidence: high}\n"
    [problem] = problems_for(text)
    assert problem.startswith("data/models.yaml:4:51: sourced.parameters.confidence:")


DESCRIBED = "snapshot: 2026-04-24, source_confidence: Likely"


def test_a_sourced_training_estimate_without_snapshot_or_label_is_warned_about_at_its_key_and_still_loads():
    text = "- id: x\n  name: X\n  sourced:\n    training_compute: {value: 1e24, source: k, confidence: V2}\n"
    problems = Problems()
    [model] = parse_models(text, "data/models.yaml", problems)
    assert model.figures().training_compute == 1e24
    assert [str(p) for p in problems.items] == [
        "data/models.yaml:4:5: warning: sourced.training_compute has no 'snapshot': name the snapshot the estimate "
        "was read from and the source's confidence label",
        "data/models.yaml:4:5: warning: sourced.training_compute has no 'source_confidence': name the snapshot the "
        "estimate was read from and the source's confidence label",
    ]


def test_a_seed_figure_needs_no_snapshot():
    text = ("- id: x\n  name: X\n  seed:\n    training_compute: {value: 1e24, source: k, confidence: S}\n"
            "  sourced: {}\n")
    assert problems_for(text) == []


def test_an_unknown_source_label_is_reported_with_the_allowed_ones():
    text = ("- id: x\n  name: X\n  sourced:\n    training_compute: {value: 1e24, source: k, confidence: V2, "
            "snapshot: 2026-04-24, source_confidence: Sure}\n")
    [problem] = problems_for(text)
    assert problem.startswith("data/models.yaml:4:105: sourced.training_compute.source_confidence:")
    assert "'Confident'" in problem and "'Speculative'" in problem


def test_an_interval_that_does_not_contain_its_value_is_reported():
    text = ("- id: x\n  name: X\n  sourced:\n    training_compute:\n      value: 5e25\n      source: k\n"
            f"      confidence: V2\n      {DESCRIBED.replace(', ', chr(10) + '      ')}\n"
            "      interval: {low: 8.2e24, high: 4.4e25, level: 0.9}\n")
    [problem] = problems_for(text)
    assert problem.startswith("data/models.yaml:5:7: sourced.training_compute:")
    assert "outside its interval" in problem


def test_an_interval_with_low_above_high_is_reported_at_the_interval():
    text = ("- id: x\n  name: X\n  sourced:\n    training_compute:\n      value: 2e25\n      source: k\n"
            "      confidence: V2\n      snapshot: 2026-04-24\n      source_confidence: Likely\n"
            "      interval: {low: 4.4e25, high: 8.2e24, level: 0.9}\n")
    [problem] = problems_for(text)
    assert problem.startswith("data/models.yaml:10:17: sourced.training_compute.interval:")
    assert "low (4.4e+25) must not be greater than high (8.2e+24)" in problem


def test_an_interval_level_given_as_a_percentage_is_reported_at_the_level():
    text = ("- id: x\n  name: X\n  sourced:\n    training_compute:\n      value: 2e25\n      source: k\n"
            "      confidence: V2\n      snapshot: 2026-04-24\n      source_confidence: Likely\n"
            "      interval: {low: 8.2e24, high: 4.4e25, level: 90}\n")
    [problem] = problems_for(text)
    assert problem.startswith("data/models.yaml:10:52: sourced.training_compute.interval.level:")


def test_unknown_interval_field_is_suggested():
    text = ("- id: x\n  name: X\n  sourced:\n    training_compute:\n      value: 2e25\n      source: k\n"
            "      confidence: V2\n      snapshot: 2026-04-24\n      source_confidence: Likely\n"
            "      interval: {low: 8.2e24, hihg: 4.4e25, level: 0.9}\n")
    problems = problems_for(text)
    assert any("unknown field 'hihg' (did you mean 'high'?)" in p for p in problems)


def test_missing_required_field_is_reported_at_its_parent():
    assert problems_for("- id: x\n  sourced: {}\n") == [
        "data/models.yaml:1:3: missing required field 'name'"
    ]


def test_duplicate_model_id_is_reported_at_the_second():
    text = "- id: x\n  name: X\n  sourced: {}\n- id: x\n  name: Y\n  sourced: {}\n"
    assert problems_for(text) == ["data/models.yaml:4:7: duplicate model id 'x' (first given on line 1)"]


def test_source_missing_from_bibliography_is_reported_with_a_suggestion():
    text = "- id: x\n  name: X\n  sourced:\n    parameters: {value: 5, source: epoch2025model, confidence: V}\n"
    assert problems_for(text, {"epoch2025models"}) == [
        "data/models.yaml:4:36: sourced.parameters.source: no entry 'epoch2025model' in references.bib"
        " (did you mean 'epoch2025models'?)"
    ]


def test_invalid_yaml_is_a_positioned_problem_not_a_traceback():
    [problem] = problems_for("- id: x\n  name: [unclosed\n")
    assert problem.startswith("data/models.yaml:") and "invalid YAML" in problem


def test_a_mapping_instead_of_a_list_is_reported():
    assert problems_for("id: x\n") == ["data/models.yaml:1:1: the models file must be a YAML list of models ('- id: ...')"]


def test_unreadable_file_is_a_problem(tmp_path):
    problems = Problems()
    (tmp_path / "models.yaml").mkdir()  # exists, but cannot be read as a file
    assert load_models(tmp_path / "models.yaml", problems) == []
    assert "cannot read the models file" in str(problems.items[0])


def test_a_wiki_without_a_models_file_simply_has_no_models(tmp_path):
    problems = Problems()
    assert load_models(tmp_path / "absent.yaml", problems) == []
    assert not problems


@pytest.mark.parametrize("model_id", ["llama-4-behemoth", "pangu-ultra", "qwen3-max", "deepseek-v4-pro"])
def test_epochs_six_n_d_estimates_are_reproduced_by_the_parameters_and_tokens_recorded(models, model_id):
    sourced = models[model_id].sourced
    parameters = sourced.active_parameters or sourced.parameters
    assert 6 * parameters.value * sourced.training_tokens.value == pytest.approx(sourced.training_compute.value, rel=1e-9)
