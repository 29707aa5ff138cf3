"""The {compute} role and {figure-compute} directive: computed HTML, and positioned problems, never exceptions."""

from __future__ import annotations

import html as _html
import re

from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.markdown.mathml import math_plugin
from generator.problems import Problems
from generator.threshold.data import ThresholdData
from generator.threshold.markdown_plugin import threshold_plugin
from generator.threshold.models import load_models
from generator.threshold.rules import rules_from_instruments

REPO = Path(__file__).resolve().parents[1]

EU = {"slug": "eu-ai-act", "title": "EU AI Act", "status": "in force", "reference": "euaiact2024",
      "thresholds": [{"id": "eu-51", "provision": "Art. 51(2)", "quantity": "training_compute", "value": 1e25,
                      "unit": "FLOP", "scope": "GPAI", "effect": "presumption"}]}


@pytest.fixture(scope="module")
def data() -> ThresholdData:
    models = load_models(REPO / "content" / "data" / "models.yaml", Problems())
    return ThresholdData(tuple(models), tuple(rules_from_instruments([EU])))


def render(source: str, data: ThresholdData | None, line_offset: int = 7) -> tuple[str, list[str], dict]:
    env = {"problems": Problems(), "path": "content/topics/t.md", "line_offset": line_offset}
    if data is not None:
        env["threshold_data"] = data
    html = MarkdownIt("commonmark").use(threshold_plugin).render(source, env)
    return html, [str(p) for p in env["problems"].items], env


def test_coom_role_renders_the_seed_value(data):
    html, problems, _ = render("R1 scores {compute}`coom model=deepseek-r1 basis=seed`.", data)
    assert problems == []
    assert '<span class="computed" data-value="39.0"' in html and ">39</span>" in html


CARET = '<sup class="power"><span class="visually-hidden">^</span>'


def test_power_of_ten_renders_as_superscript_with_plain_value(data):
    html, _, _ = render("{compute}`crossover params=1e12 tokens=1e13 tokens-per-query=1e3`", data)
    assert 'data-value="10000000000.0"' in html and f">10{CARET}10</sup></span>" in html


def test_a_computed_power_copies_and_reads_as_a_caret_like_powers_in_prose(data):
    """Text content (what copy, search and screen readers get) is 3 × 10^10, never "3 × 1010"."""
    html, _, _ = render("{compute}`crossover params=1e12 tokens=1e13 tokens-per-query=1e3 form=6nd`", data)
    shown = re.search(r'<span class="computed"[^>]*>(.*?</sup>)</span>', html).group(1)
    assert re.sub(r"<[^>]+>", "", shown) == "3 × 10^10"
    prose = MarkdownIt().use(math_plugin).render("3 × 10^10")
    assert shown in prose  # the very markup generator.markdown.mathml gives a power written in prose


def test_effective_role_gives_ords_example(data):
    html, _, _ = render("{compute}`effective tc=1e24 ooms=4` and {compute}`effective tc=1e24 ooms=4 show=flop`", data)
    assert ">26.8</span>" in html and f">10{CARET}26.8</sup></span>" in html


def test_undefined_coom_renders_as_undefined_with_reason(data):
    html, problems, _ = render("{compute}`coom model=gpt-4`", data)
    assert problems == []
    assert 'class="computed computed-undefined"' in html and "no reasoning tokens" in html


def test_every_role_name_renders(data):
    roles = [
        "coom tc=1e24 ic=1e15", "effective model=gpt-4 ooms=2", "training-compute params=1e12 tokens=1e13",
        "inference-per-token model=deepseek-r1", "inference-per-query model=deepseek-r1 samples=4",
        "lifetime params=1e12 tokens=1e13 tokens-per-query=1e3 deployments=1e10 part=deployment",
        "crossover params=1e12 tokens=1e13 tokens-per-query=1e3 form=6nd",
    ]
    html, problems, _ = render(" ".join(f"{{compute}}`{r}`" for r in roles), data)
    assert problems == []
    assert html.count('class="computed"') == len(roles)
    assert f">3 × 10{CARET}10</sup>" in html  # the 6ND/2N crossover


@pytest.mark.parametrize(
    "source, expected",
    [
        ("x {compute}`coom model=deepseek-r2`", "content/topics/t.md:8:18: {compute}`coom model=deepseek-r2`: unknown model 'deepseek-r2' (did you mean 'deepseek-r1'?)"),
        ("{compute}`coomm`", "content/topics/t.md:8:1: {compute}`coomm`: unknown computed value 'coomm' (did you mean 'coom'?)"),
        ("a\nb {compute}`effective tc=1e24 rat=3`", "content/topics/t.md:9:31: {compute}`effective tc=1e24 rat=3`: unknown parameter 'rat'"),
        ("{compute}`coom tc=big ic=1`", "content/topics/t.md:8:16: {compute}`coom tc=big ic=1`: tc: 'big' is not a number"),
        ("{compute}`coom tc=1e24`", "content/topics/t.md:8:1: {compute}`coom tc=1e24`: coom needs model=ID, or tc= and ic="),
    ],
)
def test_bad_roles_are_positioned_problems(data, source, expected):
    html, problems, _ = render(source, data, line_offset=8)
    assert len(problems) == 1 and problems[0].startswith(expected)
    assert '<code class="computed-error">' in html


def test_role_without_threshold_data_is_a_problem_not_a_crash():
    _, problems, _ = render("{compute}`coom tc=1 ic=1`", None)
    assert problems == ["content/topics/t.md:7:1: computed values need the threshold data (content/data/models.yaml)"]


def test_plain_code_spans_are_left_alone(data):
    html, problems, _ = render("`{compute}` and `code`", data)
    assert problems == [] and "<code>{compute}</code>" in html


FIGURE = "Intro\n\n```{figure-compute} coom-by-model\nbasis: seed\n```\n"


def test_figure_directive_renders_the_figure_file_by_reference_caption_table_csv_link_and_sources(data):
    """The SVG is the figure's own file (/figures/<id>.svg), shown with an <img> that needs no script and sized
    as drawn; its description is the image's text alternative. The page carries no SVG of its own."""
    html, problems, env = render(FIGURE, data)
    assert problems == []
    [figure] = env["figures_used"]
    assert figure.name == "coom-by-model" and figure.id.startswith("coom-by-model-")
    assert '<figure class="computed-figure"' in html and "<svg " not in html and "<figcaption>" in html
    image = re.search(r'<img class="figure-image" src="/figures/([^"]+)\.svg" width="(\d+)" height="(\d+)" '
                      r'style="min-width: (\d+)px" alt="([^"]*)"', html)
    assert image and image.group(1) == figure.id
    assert int(image.group(4)) <= 280 and int(image.group(2)) > int(image.group(4))
    assert _html.unescape(image.group(5)) == figure.description
    assert "<details class=\"figure-data\"><summary>Data table</summary>" in html
    assert f'href="/figures/{figure.id}.csv"' in html
    assert 'data-key="ellismohr2025updating"' in html


def test_figure_with_default_parameters_keeps_its_name_as_id(data):
    _, _, env = render("```{figure-compute} lifetime-split\n```\n", data)
    assert env["figures_used"][0].id == "lifetime-split"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("```{figure-compute} coom-by-modle\n```\n", "content/topics/t.md:7:21: unknown figure 'coom-by-modle' (did you mean 'coom-by-model'?)"),
        ("```{figure-compute} coom-by-model\nbasis: seed\nmodels: gpt-4, gpt-9\n```\n", "content/topics/t.md:9:1: figure 'coom-by-model': models: unknown model 'gpt-9'"),
        ("```{figure-compute} effective-compute\nrat: 0.5\n```\n", "content/topics/t.md:8:1: figure 'effective-compute': unknown parameter 'rat'"),
        ("```{figure-compute} lifetime-split\njust words\n```\n", "content/topics/t.md:8:1: figure parameter line 'just words' must be written 'key: value'"),
        ("```{figure-compute}\n```\n", "content/topics/t.md:7:1: name the figure after {figure-compute}"),
    ],
)
def test_bad_figure_directives_are_positioned_problems(data, source, expected):
    html, problems, env = render(source, data)
    assert len(problems) == 1 and problems[0].startswith(expected)
    assert env.get("figures_used", []) == [] and "<figure" not in html


def test_other_fences_are_untouched(data):
    html, problems, _ = render("```python\nx = 1\n```\n", data)
    assert problems == [] and '<code class="language-python">' in html
