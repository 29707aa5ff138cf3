"""Computed figures: accessible, deterministic SVG, with data that match the formulas."""

from __future__ import annotations

import csv
import html
import io
import logging
import math
import os
import re
import warnings
from pathlib import Path

import pytest

from generator.problems import Problems
from generator.threshold.data import ThresholdData
from generator.threshold.figures import FIGURES, FigureError, build_figure
from generator.threshold.models import load_models
from generator.threshold.rules import rules_from_instruments

REPO = Path(__file__).resolve().parents[1]
INSTRUMENTS = [
    {"slug": "eu-ai-act", "title": "EU AI Act", "status": "in force", "reference": "euaiact2024",
     "thresholds": [{"id": "eu-51", "provision": "Art. 51(2)", "quantity": "training_compute", "value": 1e25,
                     "unit": "FLOP", "scope": "GPAI", "effect": "presumption"}]},
    {"slug": "eo-14110", "title": "EO 14110", "status": "revoked", "status_date": "2025-01-20",
     "thresholds": [{"id": "eo-any", "provision": "4.2(b)(i)", "quantity": "training_compute", "value": 1e26,
                     "unit": "FLOP", "scope": "any", "effect": "reporting"},
                    {"id": "eo-bio", "provision": "4.2(b)(i), biological", "quantity": "training_compute", "value": 1e23,
                     "unit": "FLOP", "scope": "any", "data_condition": "biological sequence data", "effect": "reporting"},
                    {"id": "eo-cluster", "provision": "4.2(b)(ii)", "quantity": "compute_cluster_rate", "value": 1e20,
                     "comparator": "as stated", "unit": "integer or floating-point operations per second",
                     "scope": "cluster", "effect": "reporting"}]},
    {"slug": "treasury", "title": "Treasury rule", "status": "in force",
     "thresholds": [{"id": "t-prohibited", "provision": "§850.224", "quantity": "training_compute", "value": 1e25,
                     "unit": "computational operations", "scope": "AI systems", "effect": "prohibited"}]},
]


@pytest.fixture(scope="module")
def data() -> ThresholdData:
    models = load_models(REPO / "content" / "data" / "models.yaml", Problems())
    return ThresholdData(tuple(models), tuple(rules_from_instruments(INSTRUMENTS)))


@pytest.fixture(scope="module")
def figures(data):
    return {name: build_figure(name, {}, data) for name in FIGURES}


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_svg_is_accessible_real_text_and_dark_mode_friendly(figures, name):
    svg = figures[name].svg
    # A figure with marks to hover or focus is a group (an image's children are out of reach); else an image.
    role = "group" if 'class="figure-mark"' in svg else "img"
    assert svg.startswith(f'<svg role="{role}" ')
    assert f'aria-labelledby="{name}-title {name}-desc"' in svg
    assert f'<title id="{name}-title">' in svg and f'<desc id="{name}-desc">' in svg
    assert "<text" in svg  # real text, not glyph outlines
    assert "currentColor" in svg and "#010203" not in svg
    assert "<?xml" not in svg and "<metadata>" not in svg and "<style" not in svg


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figures_are_byte_identical_across_builds(figures, data, name):
    again = build_figure(name, {}, data)
    assert again.svg == figures[name].svg and again.csv == figures[name].csv


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_every_figure_has_caption_table_csv_formula_and_sources(figures, name):
    figure = figures[name]
    assert figure.id == name and figure.csv_path == f"/figures/{name}.csv"
    assert figure.caption and figure.description and figure.formula and figure.sources
    assert figure.rows and all(len(row) == len(figure.columns) for row in figure.rows)
    assert len(list(csv.reader(io.StringIO(figure.csv)))) > 1


def test_ids_inside_svg_are_prefixed_with_the_figure_id(figures):
    ids = re.findall(r'\bid="([^"]+)"', figures["lifetime-split"].svg)
    assert ids and all(i.startswith("lifetime-split-") for i in ids)


def test_coom_figure_data_match_the_formula_and_mark_undefined(figures):
    rows = list(csv.DictReader(io.StringIO(figures["coom-by-model"].csv)))
    r1_seed = next(r for r in rows if r["model"] == "deepseek-r1" and r["basis"] == "seed")
    gpt4 = next(r for r in rows if r["model"] == "gpt-4" and r["basis"] == "sourced")
    assert float(r1_seed["coom"]) == 39
    assert gpt4["coom"] == "" and "no reasoning tokens" in gpt4["undefined_reason"]
    assert "DeepSeek-R1 (seed): 39" in figures["coom-by-model"].description


def test_effective_figure_draws_only_in_force_thresholds_and_says_which_it_leaves_out(figures, data):
    figure = figures["effective-compute"]
    drawn = figure.description.split("Horizontal lines mark thresholds: ")[1].split(" Not shown ")[0]
    assert "EU AI Act" in drawn and "EO 14110" not in drawn
    assert "Not shown (not in force): EO 14110, 4.2(b)(i) (revoked), > 10²⁶ FLOP." in figure.caption
    assert ("Not shown (a cluster's rate, not a count of a model's operations): EO 14110, 4.2(b)(ii) (revoked), "
            "10²⁰ integer or floating-point operations per second.") in figure.caption
    everything = build_figure("effective-compute", {"thresholds": "all"}, data)
    assert "EO 14110, 4.2(b)(i) (revoked): > 10^26 FLOP" in everything.description


def test_no_threshold_disappears_silently_the_cluster_rate_is_named_with_its_reason(figures):
    for name in ("effective-compute", "crossing-matrix"):
        text = figures[name].caption + " " + figures[name].description
        assert "EO 14110, 4.2(b)(ii)" in text and "operations per second" in text, name


def test_thresholds_are_labelled_in_their_instruments_own_units(figures):
    effective, matrix = figures["effective-compute"], figures["crossing-matrix"]
    assert "Treasury rule, §850.224: > 10^25 computational operations" in effective.description
    assert "EU AI Act, Art. 51(2): > 10^25 FLOP" in effective.description
    labels = [row[0] for row in matrix.rows]
    assert "Treasury rule, §850.224 (> 10^25 computational operations)" in labels
    assert "EO 14110, 4.2(b)(ii) (revoked) (10^20 integer or floating-point operations per second)" in labels


def test_gpt4_interval_is_drawn_as_a_band_in_the_effective_compute_data(figures):
    rows = list(csv.DictReader(io.StringIO(figures["effective-compute"].csv)))
    gpt4 = next(r for r in rows if r["name"] == "gpt-4" and r["inference_scaleup_ooms"] == "0")
    r1 = next(r for r in rows if r["name"] == "deepseek-r1" and r["inference_scaleup_ooms"] == "0")
    # to six significant digits, as the CSV keeps them
    assert float(gpt4["effective_oom_low"]) == pytest.approx(math.log10(8.2e24), abs=1e-4)
    assert float(gpt4["effective_oom_high"]) == pytest.approx(math.log10(4.4e25), abs=1e-4)
    assert r1["effective_oom_low"] == r1["effective_oom_high"] == ""  # a point estimate: no band
    assert "GPT-4's training estimate has a 90% interval" in figures["effective-compute"].description


def test_lifetime_figure_marks_ords_crossover(figures, data):
    assert "overtakes it at d = 10^10" in figures["lifetime-split"].description
    kaplan = build_figure("lifetime-split", {"form": "6nd"}, data)
    assert "d = 3 × 10^10" in kaplan.description and kaplan.id.startswith("lifetime-split-")


def test_crossing_matrix_cells_follow_the_numbers(figures):
    table = {row[0].split(" (")[0]: dict(zip(figures["crossing-matrix"].columns, row)) for row in figures["crossing-matrix"].rows}
    eu = table["EU AI Act, Art. 51(2)"]
    assert eu["DeepSeek-R1"] == "×10²"  # 24.54 + 0.7·2 > 25
    assert eu["GPT-1"] == "no"
    bio = table["EO 14110, 4.2(b)(i), biological"]
    assert bio["GPT-3 (175B davinci)"] == "n/a"  # biological-sequence condition not met
    assert set(list(table["EO 14110, 4.2(b)(ii)"].values())[1:]) == {"n/a"}  # a cluster's rate: no model compares


def test_gpt4_is_not_shown_as_plainly_crossing_10_to_the_25_because_its_interval_straddles_it(figures):
    """2.1e25 passes 10^25, but Epoch's 90% interval runs from 8.2e24: the high end crosses at ×1, the low end
    only at ×10² (24.91 + 0.7·2 > 25)."""
    table = {row[0].split(" (")[0]: dict(zip(figures["crossing-matrix"].columns, row)) for row in figures["crossing-matrix"].rows}
    assert table["EU AI Act, Art. 51(2)"]["GPT-4"] == "×1–×10²"
    rows = list(csv.DictReader(io.StringIO(figures["crossing-matrix"].csv)))
    cell = next(r for r in rows if r["model"] == "gpt-4" and r["threshold"] == "eu-51" and r["inference_multiplier"] == "1")
    assert (cell["crossed_by_training"], cell["crossed_by_effective_low"], cell["crossed_by_effective_high"]) == (
        "true", "false", "true")


def test_crossing_matrix_is_captioned_as_a_numeric_comparison_not_a_legal_test(figures):
    caption = figures["crossing-matrix"].caption
    assert caption.startswith("A numeric comparison, not a legal test") and "scope" in caption


@pytest.mark.parametrize(
    "name, params, key",
    [
        ("nope", {}, None),
        ("coom-by-model", {"models": "gpt-5"}, "models"),
        ("coom-by-model", {"colour": "red"}, "colour"),
        ("effective-compute", {"rate": "3"}, "rate"),
        ("lifetime-split", {"from": "1e10", "to": "1e6"}, "to"),
        ("crossing-matrix", {"multipliers": "0.5"}, "multipliers"),
        ("lifetime-split", {"id": "Bad Id"}, "id"),
    ],
)
def test_bad_requests_raise_figure_error_naming_the_parameter(data, name, params, key):
    with pytest.raises(FigureError) as info:
        build_figure(name, params, data)
    assert info.value.key == key


def test_caption_and_id_can_be_given(data):
    figure = build_figure("coom-by-model", {"id": "r1-coom", "caption": "Our caption.", "models": "deepseek-r1"}, data)
    assert (figure.id, figure.caption) == ("r1-coom", "Our caption.")


GOLDEN = REPO / "tests" / "golden" / "threshold" / "lifetime-split.svg"


def test_lifetime_split_svg_matches_its_golden_file_byte_for_byte(data):
    """The whole SVG is the contract (markup, ids, currentColor, min-width, title and description).
    The lifetime split depends on its parameters only, not on models.yaml, so content edits leave it alone.
    UPDATE_GOLDEN=1 rewrites it after a deliberate change (matplotlib upgrades change it too)."""
    svg = build_figure("lifetime-split", {}, data).svg
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(svg, encoding="utf-8")
    assert svg == GOLDEN.read_text(encoding="utf-8")


FIGURE_REQUESTS = [("coom-by-model", {"basis": "both"}), ("effective-compute", {}),
                   ("effective-compute", {"thresholds": "all"}), ("lifetime-split", {}), ("crossing-matrix", {}),
                   ("effective-compute", {"models": "gpt-1", "max-ooms": "12"})]


@pytest.fixture(scope="module")
def wiki_data() -> ThresholdData:
    """The wiki's own models and instruments: the long instrument names that once broke the layout."""
    from generator.threshold.data import load_threshold_data

    return load_threshold_data(REPO / "content", Problems())


@pytest.mark.parametrize("name, params", FIGURE_REQUESTS)
def test_drawing_a_figure_raises_no_warning_and_logs_none(wiki_data, caplog, name, params):
    """Matplotlib's warnings (e.g. "constrained_layout not applied") are a layout bug, and must never reach
    a user's terminal: none escapes (warnings are errors here) and the drawing logs none."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with caplog.at_level(logging.DEBUG, logger="generator.threshold.svg"):
            build_figure(name, params, wiki_data)
    assert [r.getMessage() for r in caplog.records if r.name == "generator.threshold.svg"] == []


def test_a_matplotlib_warning_while_drawing_is_logged_not_shown(caplog):
    from generator.threshold.svg import drawing

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # would raise if the warning escaped the drawing
        with caplog.at_level(logging.DEBUG, logger="generator.threshold.svg"), drawing(2, 2):
            warnings.warn("constrained_layout not applied", UserWarning)  # as matplotlib does while laying out
    assert any("constrained_layout not applied" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("name, params", FIGURE_REQUESTS)
def test_svg_carries_a_legibility_floor_and_matrix_labels_wrap(data, name, params):
    svg = build_figure(name, params, data).svg
    floor = int(re.search(r'style="min-width: (\d+)px"', svg).group(1))
    width_pt = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
    # 80% of the drawn size, in CSS px, but at most 280 px: every figure fits a 360 px phone's column whole
    assert floor == min(round(width_pt / 72 * 96 * 0.8), 280)


def test_effective_compute_names_instruments_in_a_key_not_on_the_lines(data):
    svg = build_figure("effective-compute", {"thresholds": "all"}, data).svg
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert "10²⁵" in texts and "10²⁶" in texts  # the labels on the lines: value only
    assert any(t.startswith("10²⁵: ") and "EU AI Act (> FLOP)" in t and "Treasury rule (> computational operations)" in t
               for t in texts)  # the key: each instrument with its own comparator and unit
    assert any(t.startswith("10²⁶: ") and "EO 14110 (revoked, > FLOP)" in t for t in texts)
    assert all(len(t) <= 80 for t in texts)  # wrapped: browser fonts run wider than matplotlib's


# --- what a reader can use: exact values, series, CSV values as written ------------------------------

@pytest.mark.parametrize("name, params", FIGURE_REQUESTS)
def test_csv_has_no_float_noise_integers_as_integers_and_booleans_as_true_or_false(wiki_data, name, params):
    rows = list(csv.reader(io.StringIO(build_figure(name, params, wiki_data).csv)))[1:]
    cells = [cell for row in rows for cell in row]
    assert not any(re.fullmatch(r"-?\d+\.0", cell) for cell in cells)  # 1000000, not 1000000.0
    assert not any(cell in ("True", "False") for cell in cells)
    for cell in cells:
        if re.fullmatch(r"-?\d*\.\d+(e[+-]\d+)?|-?\d+e[+-]\d+", cell):  # a number that is not an integer
            assert len(re.sub(r"e.*|[-.]", "", cell).lstrip("0")) <= 6, cell  # at most six significant digits


def test_each_figure_variant_has_its_own_csv(wiki_data):
    """The two effective-compute variants draw different threshold lines, and their CSVs say so."""
    in_force = build_figure("effective-compute", {}, wiki_data)
    every = build_figure("effective-compute", {"thresholds": "all"}, wiki_data)
    assert in_force.id != every.id and in_force.csv != every.csv
    thresholds = [row for row in csv.DictReader(io.StringIO(every.csv)) if row["series"] == "threshold"]
    assert any("revoked" in row["name"] for row in thresholds)
    assert not any("revoked" in row["name"] for row in csv.DictReader(io.StringIO(in_force.csv)))


def test_every_point_of_a_line_chart_is_a_focusable_mark_with_its_exact_value_and_source(wiki_data):
    figure = build_figure("effective-compute", {}, wiki_data)
    marks = re.findall(r'<circle class="figure-mark"[^>]*tabindex="0" role="img" data-series="(\d+)" '
                       r'data-series-name="([^"]+)" aria-label="([^"]+)"><title>\3</title>', figure.svg)
    models = list(wiki_data.models)
    assert len(marks) == len(models) * 7  # 0 to 6 OOM of scale-up
    gpt4 = [label for _, name, label in marks if name == "GPT-4"]
    assert gpt4[0].startswith("GPT-4, +0 OOM of inference scale-up: effective compute 2.1 × 10^25") or "GPT-4, +0" in gpt4[0]
    assert all("Source: " in label for _, _, label in marks)
    for index, model in enumerate(models):  # each series' line carries its id, for the series toggles
        assert f'id="effective-compute-series-{index}-line"' in figure.svg


def test_models_whose_lines_lie_on_one_another_are_numbered_at_their_end_and_named_in_the_key(wiki_data):
    """DeepSeek-R1 (3.5e24 FLOP) and DeepSeek-V3 (3.3e24) are 0.03 OOM apart: drawn alone, R1's line hid V3's.
    Lines within COINCIDE_OOM of each other are one group: a number at their end, and a key line naming every
    model on them, top line first. With 19 models the numbers are moved apart so that none covers another."""
    figure = build_figure("effective-compute", {}, wiki_data)
    texts = [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", figure.svg)]
    groups = [t for t in texts if re.match(r"\(\d+\) ", t)]
    deepseek = next(t for t in groups if "DeepSeek-R1 ≈ DeepSeek-V3" in t)
    assert "GPT-4" not in deepseek  # 2.1e25: well apart from the 3-4e24 group
    assert any(t.endswith(") Composer 2 ≈ GPT-4") for t in groups)  # 2.32e25 and 2.1e25: 0.04 OOM apart
    numbers = [(float(y), label) for label, y in
               re.findall(r'id="effective-compute-end-mark-(\d+)">.*?<text [^>]*?y="([\d.]+)"', figure.svg, re.S)]
    assert sorted(label for _, label in numbers) == sorted(str(n) for n in range(1, len(groups) + 1))
    ys = sorted(y for y, _ in numbers)
    assert all(b - a >= 10 for a, b in zip(ys, ys[1:])), f"end marks overlap: {ys}"
    assert "DeepSeek-R1, DeepSeek-V3" in figure.description and "lie on one another" in figure.description


@pytest.mark.parametrize("wanted", [[50, 49, 48, 47, 46], [10, 12, 11, 90], [0, 1, 2], [100, 5, 50]])
def test_end_marks_are_spread_a_gap_apart_in_their_order_and_inside_the_frame(wanted):
    from generator.threshold.figure_effective import spread

    placed = spread(wanted, 10, 0, 100)
    order = sorted(range(len(wanted)), key=lambda i: -wanted[i])
    ys = [placed[i] for i in order]
    assert all(a - b >= 10 - 1e-9 for a, b in zip(ys, ys[1:]))  # top to bottom, a gap apart
    assert all(0 <= y <= 100 for y in placed)


def test_end_marks_already_apart_stay_where_their_lines_end():
    from generator.threshold.figure_effective import spread

    assert spread([80.0, 20.0, 50.0], 10, 0, 100) == [80.0, 20.0, 50.0]


def test_the_figure_file_is_black_on_white_for_any_viewer_and_themed_by_the_page_once_inline():
    from generator.threshold.svg import BACKGROUND, standalone_svg

    svg = standalone_svg('<svg role="img" class="figure-svg" style="min-width: 280px" fill="currentColor">'
                         '<rect fill="var(--bg, Canvas)"/></svg>')
    assert svg.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg color="#000000" ')  # currentColor is black
    assert "var(--bg" not in svg and "min-width" not in svg
    assert f'<rect fill="{BACKGROUND}"/>' in svg  # near-white, and the sentinel static/figures.js maps back


def test_coom_of_all_models_leaves_out_those_without_inference_figures_and_says_so(wiki_data):
    from generator.threshold import calculations

    without = []  # models with a training estimate but no inference figures (closed models: no parameter count)
    for model in wiki_data.models:
        if model.estimates("sourced") is None:
            continue
        try:
            calculations.coom_for_model(model, "sourced")
        except ValueError:
            without.append(model)
    assert without, "the shipped model data has such models"
    figure = build_figure("coom-by-model", {"basis": "sourced"}, wiki_data)
    assert ("left out, because the model data has no inference figures for them: "
            + ", ".join(model.name for model in without)) in figure.description
    with pytest.raises(FigureError) as info:  # named on purpose, it must have the figures
        build_figure("coom-by-model", {"models": without[0].id}, wiki_data)
    assert info.value.key == "models"
