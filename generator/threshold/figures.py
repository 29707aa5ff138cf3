"""The wiki's computed figures, each a value object: SVG, alt text, caption, data table, CSV, formula, sources.

Figures are built from the same formulas as the inline numbers and the CLI, from a :class:`ThresholdData`.
``build_figure(name, params, data)`` raises :class:`FigureError` (with the offending parameter, if any) for a
bad request; it never reads files. Names and parameters: see ``FIGURES`` and ``.team/COMPUTE-SYNTAX.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from generator.threshold import calculations
from generator.threshold.data import ThresholdData
from generator.threshold.figure_effective import effective_compute
from generator.threshold.figure_matrix import crossing_matrix
from generator.threshold.figure_parts import (  # noqa: F401  (Figure, FigureError, FigureSpec: this module's API)
    Figure, FigureError, FigureSpec, Params, bases, csv_text, figure_id, power_label, sources,
)
from generator.threshold.formulas import DEFAULT_RATE, Undefined, crossover_deployments, lifetime_compute
from generator.threshold.models import suggest
from generator.threshold.numbers import format_compute
from generator.threshold.svg import FOREGROUND, PALETTE, Mark, drawing, to_svg

#: Kept for callers that build their own CSV the figures' way.
_csv = csv_text
_bases, _sources = bases, sources


# --- (a) COOM by model --------------------------------------------------------------------------------

def _coom_by_model(params: Params, data: ThresholdData, fid: str) -> Figure:
    models = params.models()
    every_model = params.values["models"].strip() == "all"
    bases = _bases(params.choice("basis", ("both", "sourced", "seed")))
    points, left_out = [], []  # (label, basis, calculation); models "all" takes in that have no inference figures
    for model in models:
        for basis in bases:
            if model.estimates(basis) is None:
                continue
            try:
                points.append((model, basis, calculations.coom_for_model(model, basis)))
            except ValueError as exc:
                if not every_model:  # a model named on purpose must have the figures
                    raise FigureError(str(exc), "models") from None
                if model.name not in left_out:
                    left_out.append(model.name)
    defined = [(m, b, c) for m, b, c in points if c.defined]
    undefined = [(m, b, c) for m, b, c in points if not c.defined]

    title = "Combined orders of magnitude (COOM) by model"
    parts = [f"{m.name} ({b}): {c.text()}" for m, b, c in defined]
    if undefined:
        names = sorted({m.name for m, _, _ in undefined}, key=[m.name for m in models].index)
        parts.append(f"undefined, because they have no reasoning tokens: {', '.join(names)}")
    if left_out:
        parts.append(f"left out, because the model data has no inference figures for them: {', '.join(left_out)}")
    description = "Dot chart of COOM = log10(training compute) + log10(inference compute per query). " + "; ".join(parts) + "."

    with drawing(7.0, 0.45 * len(points) + 1.2) as fig:
        ax = fig.add_subplot()
        labels = [f"{m.name} ({b})" for m, b, _ in points]
        ys = list(range(len(points)))[::-1]
        values = [c.result for _, _, c in defined]
        low = math.floor(min(values) - 1) if values else 35
        high = math.ceil(max(values) + 1) if values else 42
        marks = []
        for n, (y, (model, basis, calc)) in enumerate(zip(ys, points)):
            series = bases.index(basis)  # one series per basis: sourced, seed
            if calc.defined:
                marker, colour = ("o", PALETTE[0]) if basis == "sourced" else ("s", PALETTE[5])
                ax.plot([low, calc.result], [y, y], color=colour, linewidth=1, alpha=0.5, gid=f"series-{series}-{n}a")
                ax.plot([calc.result], [y], marker=marker, color=colour, markersize=8, linestyle="none",
                        gid=f"series-{series}-{n}b")
                ax.annotate(calc.text(), (calc.result, y), xytext=(8, 0), textcoords="offset points", va="center",
                            gid=f"series-{series}-{n}c")
                marks.append(Mark(ax, calc.result, y, series, f"{basis} figures",
                                  f"{model.name} ({basis} figures): COOM {calc.result:.4g}. "
                                  f"Source: {', '.join(calc.sources) or 'model data'}"))
            else:
                ax.text(low + 0.1, y, "undefined: no reasoning tokens", va="center", fontstyle="italic")
        ax.set_yticks(ys, labels)
        ax.set_ylim(-0.7, len(points) - 0.3)
        ax.set_xlim(low, high + 0.5)
        ax.set_xlabel("COOM = log10(TC) + log10(IC)")
        ax.grid(axis="x")
        svg = to_svg(fig, fid, title, description, marks)

    columns = ("Model", "Basis", "Training compute (FLOP)", "Inference per token (FLOP)", "Reasoning tokens",
               "Inference per query (FLOP)", "COOM")
    rows, csv_rows = [], []
    for model, basis, calc in points:
        inputs = calc.inputs
        rows.append((model.name, basis, format_compute(inputs["tc"]), format_compute(inputs["per_token"]),
                     format_compute(inputs["tokens"]), format_compute(inputs["ic"]), calc.text()))
        csv_rows.append((model.id, basis, inputs["tc"], inputs["per_token"], inputs["tokens"], inputs["ic"],
                         None if isinstance(calc.result, Undefined) else calc.result,
                         calc.result.reason if isinstance(calc.result, Undefined) else ""))
    return Figure(
        id=fid, name="coom-by-model", title=title, description=description,
        caption=("COOM adds the orders of magnitude of training compute and of inference compute per query "
                 "(Ellis-Mohr). It is undefined for models without reasoning tokens, whose inference compute per "
                 "query the formula counts as zero."),
        svg=svg, columns=columns, rows=tuple(rows),
        csv=_csv(("model", "basis", "training_compute_flop", "inference_per_token_flop", "reasoning_tokens",
                  "inference_per_query_flop", "coom", "undefined_reason"), csv_rows),
        formula=calculations.COOM_FORMULA,
        sources=_sources(calculations.COOM_SOURCES, *(c.sources for _, _, c in points)),
    )


# --- (b) effective compute: generator/threshold/figure_effective.py -------------------------------------


# --- (c) lifetime compute split ---------------------------------------------------------------------

def _lifetime_split(params: Params, data: ThresholdData, fid: str) -> Figure:
    n = params.number("params", positive=True)
    d_train = params.number("tokens", positive=True)
    i = params.number("tokens-per-query", positive=True)
    post = params.number("post", low=0, high=1e40)
    form = params.choice("form", ("simple", "6nd"))
    start, stop = params.number("from", positive=True), params.number("to", positive=True)
    if stop <= start:
        raise FigureError("to must be greater than from", "to")
    lo, hi = math.floor(math.log10(start)), math.ceil(math.log10(stop))
    if hi - lo > 30:
        raise FigureError("from and to may span at most 30 orders of magnitude", "to")
    ds = [10.0**e for e in range(lo, hi + 1)]
    splits = [lifetime_compute(n, d_train, i, d, post, form) for d in ds]  # type: ignore[arg-type]
    crossover = crossover_deployments(n, d_train, i, post, form)  # type: ignore[arg-type]
    formula = calculations.LIFETIME_FORMULAS[form]
    title = "Lifetime compute: training against deployment"
    description = (
        f"Log-log line chart of lifetime compute ({formula}) against the number of deployments d, for "
        f"N = {format_compute(n)} parameters, D = {format_compute(d_train)} training tokens and "
        f"I = {format_compute(i)} tokens per deployment. Training compute stays at {format_compute(splits[0].training)} "
        f"FLOP; deployment compute grows with d and overtakes it at d = {format_compute(crossover)}."
    )
    with drawing(7.0, 4.2) as fig:
        ax = fig.add_subplot()
        ax.loglog(ds, [s.training for s in splits], color=PALETTE[0], linestyle="-", marker="o", markersize=3,
                  label="training (pre + post)", gid="series-0-line")
        ax.loglog(ds, [s.deployment for s in splits], color=PALETTE[1], linestyle="--", marker="s", markersize=3,
                  label="deployment", gid="series-1-line")
        ax.loglog(ds, [s.total for s in splits], color=FOREGROUND, linestyle=":", linewidth=1.2, label="total",
                  gid="series-2-line")
        source = ", ".join(calculations.LIFETIME_SOURCES[form])
        marks = [Mark(ax, d, value, index, name, f"{name} compute at d = {format_compute(d)} deployments: "
                                                 f"{format_compute(value)} FLOP ({value:.6g}). Source: {source}")
                 for index, (name, field) in enumerate((("training", "training"), ("deployment", "deployment"),
                                                        ("total", "total")))
                 for d, value in ((d, getattr(split, field)) for d, split in zip(ds, splits))]
        if ds[0] <= crossover <= ds[-1]:
            ax.axvline(crossover, color=FOREGROUND, linewidth=0.8, linestyle=(0, (4, 3)))
            ax.annotate(f"crossover d = {power_label(crossover)}", (crossover, splits[0].training),
                        xytext=(6, -14), textcoords="offset points", fontsize=8)
        # Plain-text power-of-ten labels and no minor ticks: mathtext labels are slow and bloat the SVG.
        from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(LogLocator(base=10, numticks=12))
            axis.set_minor_locator(NullLocator())
            axis.set_major_formatter(FuncFormatter(lambda value, _pos: power_label(value)))
        ax.set_xlabel("Deployments d (e.g. queries answered)")
        ax.set_ylabel("Compute (FLOP)")
        ax.grid(True, which="major")
        ax.legend(loc="upper left", fontsize=8)
        svg = to_svg(fig, fid, title, description, marks)

    columns = ("Deployments", "Training (FLOP)", "Deployment (FLOP)", "Total (FLOP)", "Deployment share")
    rows = tuple((format_compute(d), format_compute(s.training), format_compute(s.deployment), format_compute(s.total),
                  f"{s.deployment_share:.0%}") for d, s in zip(ds, splits))
    csv_rows = [(d, s.pre_training, s.post_training, s.deployment, s.total, s.deployment_share) for d, s in zip(ds, splits)]
    return Figure(
        id=fid, name="lifetime-split", title=title, description=description,
        caption=(f"Ord's lifetime-compute model ({'simplified coefficients' if form == 'simple' else '6ND/2N coefficients'}): "
                 f"deployment overtakes training after {power_label(crossover)} deployments. Beyond that point, "
                 "scaling inference raises total cost almost one-for-one, while scaling pre-training raises it far less."),
        svg=svg, columns=columns, rows=rows,
        csv=_csv(("deployments", "pre_training_flop", "post_training_flop", "deployment_flop", "total_flop",
                  "deployment_share"), csv_rows),
        formula=f"{formula}; crossover {calculations.CROSSOVER_FORMULAS[form]}",
        sources=calculations.LIFETIME_SOURCES[form],
    )


FIGURES: dict[str, FigureSpec] = {
    spec.name: spec
    for spec in (
        FigureSpec("coom-by-model", {"models": "all", "basis": "both"}, _coom_by_model),
        FigureSpec("effective-compute",
                   {"models": "all", "basis": "sourced", "rate": str(DEFAULT_RATE), "max-ooms": "6",
                    "thresholds": "in-force"}, effective_compute),
        FigureSpec("lifetime-split",
                   {"params": "1e12", "tokens": "1e13", "tokens-per-query": "1e3", "post": "0", "form": "simple",
                    "from": "1e6", "to": "1e14"}, _lifetime_split),
        FigureSpec("crossing-matrix",
                   {"models": "all", "basis": "sourced", "rate": str(DEFAULT_RATE), "multipliers": "1, 1e2, 1e4"},
                   crossing_matrix),
    )
}
#: Parameters every figure takes besides its own.
COMMON_PARAMS = ("id", "caption")


def build_figure(name: str, params: Mapping[str, str], data: ThresholdData) -> Figure:
    """Build figure ``name`` with ``params`` (strings, as written in the directive) from ``data``."""
    spec = FIGURES.get(name)
    if spec is None:
        raise FigureError(f"unknown figure '{name}'{suggest(name, FIGURES)}; figures: {', '.join(FIGURES)}")
    for key in params:
        if key not in spec.defaults and key not in COMMON_PARAMS:
            allowed = [*spec.defaults, *COMMON_PARAMS]
            raise FigureError(f"unknown parameter '{key}' for figure '{name}'{suggest(key, allowed)}; "
                              f"parameters: {', '.join(allowed)}", key)
    if "id" in params and not _valid_id(params["id"]):
        raise FigureError("id must be lower-case letters, digits and hyphens", "id")
    if not data.models and spec.name != "lifetime-split":
        raise FigureError("no model data available (content/data/models.yaml)")
    fid = figure_id(name, params, spec.defaults)
    figure = spec.build(Params(params, spec.defaults, data), data, fid)
    if params.get("caption", "").strip():
        figure = _replace(figure, caption=params["caption"].strip())
    return _replace(figure, params={**spec.defaults, **params})


def _valid_id(value: str) -> bool:
    import re

    return bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value.strip()))


def _replace(figure: Figure, **changes: Any) -> Figure:
    from dataclasses import replace

    return replace(figure, **changes)
