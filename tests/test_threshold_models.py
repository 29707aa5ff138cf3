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


def test_shipped_file_has_the_models_of_the_facts_sheet(models):
    assert sorted(models) == ["deepseek-r1", "deepseek-v3", "gpt-1", "gpt-2", "gpt-3", "gpt-4"]


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
