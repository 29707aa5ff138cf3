"""The wiki's computed figures, each a value object: SVG, alt text, caption, data table, CSV, formula, sources.

Figures are built from the same formulas as the inline numbers and the CLI, from a :class:`ThresholdData`.
``build_figure(name, params, data)`` raises :class:`FigureError` (with the offending parameter, if any) for a
bad request; it never reads files. Names and parameters: see ``FIGURES`` and ``.team/COMPUTE-SYNTAX.md``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from generator.threshold import calculations
from generator.threshold.crossings import judge
from generator.threshold.data import ThresholdData
from generator.threshold.formulas import DEFAULT_RATE, Undefined, crossover_deployments, lifetime_compute
from generator.threshold.models import Basis, Model, suggest
from generator.threshold.numbers import format_compute, format_oom, machine, parse_number
from generator.threshold.rules import ThresholdRule
from generator.threshold.svg import BACKGROUND, FOREGROUND, LINESTYLES, MARKERS, PALETTE, drawing, to_svg


class FigureError(ValueError):
    """A bad figure request; ``key`` names the parameter at fault (None for the figure name itself)."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Figure:
    id: str
    name: str
    title: str
    description: str  # alt text: what the figure shows, in words, with its numbers
    caption: str
    svg: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # formatted for the HTML data table
    csv: str  # machine values, one row per data point
    formula: str
    sources: tuple[str, ...]
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def csv_path(self) -> str:
        return f"/figures/{self.id}.csv"


@dataclass(frozen=True)
class FigureSpec:
    name: str
    defaults: Mapping[str, str]
    build: Callable[["Params", ThresholdData, str], Figure]


# --- parameters -------------------------------------------------------------------------------------

class Params:
    """A figure's parameters with defaults filled in, read through typed accessors that name the key."""

    def __init__(self, given: Mapping[str, str], defaults: Mapping[str, str], data: ThresholdData):
        self.values = {**defaults, **{k: v for k, v in given.items() if k not in ("id", "caption")}}
        self.data = data

    def number(self, key: str, *, low: float | None = None, high: float | None = None, positive: bool = False) -> float:
        try:
            value = parse_number(self.values[key])
        except ValueError as exc:
            raise FigureError(f"{key}: {exc}", key) from None
        if positive and value <= 0:
            raise FigureError(f"{key} must be greater than 0 (got {self.values[key]})", key)
        if (low is not None and value < low) or (high is not None and value > high):
            raise FigureError(f"{key} must be between {low:g} and {high:g} (got {self.values[key]})", key)
        return value

    def choice(self, key: str, options: Sequence[str]) -> str:
        value = self.values[key].strip()
        if value not in options:
            raise FigureError(f"{key} must be one of {', '.join(options)} (got '{value}')", key)
        return value

    def models(self, key: str = "models") -> list[Model]:
        text = self.values[key].strip()
        if text == "all":
            return list(self.data.models)
        chosen = []
        for model_id in (part.strip() for part in text.split(",") if part.strip()):
            model = self.data.model(model_id)
            if model is None:
                raise FigureError(f"{key}: unknown model '{model_id}'{suggest(model_id, self.data.model_ids)}", key)
            chosen.append(model)
        if not chosen:
            raise FigureError(f"{key}: name at least one model, or 'all'", key)
        return chosen

    def numbers(self, key: str) -> list[float]:
        parts = [part for part in self.values[key].split(",") if part.strip()]
        try:
            return [parse_number(part) for part in parts]
        except ValueError as exc:
            raise FigureError(f"{key}: {exc}", key) from None


def figure_id(name: str, given: Mapping[str, str], defaults: Mapping[str, str]) -> str:
    """The figure's id: as given, else its name when every parameter is a default, else name + short hash."""
    if given.get("id"):
        return given["id"].strip()
    changed = {k: v.strip() for k, v in given.items() if k not in ("id", "caption") and v.strip() != defaults.get(k)}
    if not changed:
        return name
    digest = hashlib.sha256(repr(sorted(changed.items())).encode()).hexdigest()[:8]
    return f"{name}-{digest}"


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else machine(v) if isinstance(v, float) else v for v in row])
    return buffer.getvalue()


def _bases(choice: str) -> list[Basis]:
    return ["sourced", "seed"] if choice == "both" else [choice]  # type: ignore[list-item]


def _sources(*groups: Sequence[str]) -> tuple[str, ...]:
    return tuple(sorted({key for group in groups for key in group if key}))


# --- (a) COOM by model --------------------------------------------------------------------------------

def _coom_by_model(params: Params, data: ThresholdData, fid: str) -> Figure:
    models = params.models()
    bases = _bases(params.choice("basis", ("both", "sourced", "seed")))
    points = []  # (label, basis, calculation)
    for model in models:
        for basis in bases:
            if model.estimates(basis) is None:
                continue
            try:
                points.append((model, basis, calculations.coom_for_model(model, basis)))
            except ValueError as exc:
                raise FigureError(str(exc), "models") from None
    defined = [(m, b, c) for m, b, c in points if c.defined]
    undefined = [(m, b, c) for m, b, c in points if not c.defined]

    title = "Combined orders of magnitude (COOM) by model"
    parts = [f"{m.name} ({b}): {c.text()}" for m, b, c in defined]
    if undefined:
        names = sorted({m.name for m, _, _ in undefined}, key=[m.name for m in models].index)
        parts.append(f"undefined, because they have no reasoning tokens: {', '.join(names)}")
    description = "Dot chart of COOM = log10(training compute) + log10(inference compute per query). " + "; ".join(parts) + "."

    with drawing(7.0, 0.45 * len(points) + 1.2) as fig:
        ax = fig.add_subplot()
        labels = [f"{m.name} ({b})" for m, b, _ in points]
        ys = list(range(len(points)))[::-1]
        values = [c.result for _, _, c in defined]
        low = math.floor(min(values) - 1) if values else 35
        high = math.ceil(max(values) + 1) if values else 42
        for y, (model, basis, calc) in zip(ys, points):
            if calc.defined:
                marker, colour = ("o", PALETTE[0]) if basis == "sourced" else ("s", PALETTE[5])
                ax.plot([low, calc.result], [y, y], color=colour, linewidth=1, alpha=0.5)
                ax.plot([calc.result], [y], marker=marker, color=colour, markersize=8, linestyle="none")
                ax.annotate(calc.text(), (calc.result, y), xytext=(8, 0), textcoords="offset points", va="center")
            else:
                ax.text(low + 0.1, y, "undefined: no reasoning tokens", va="center", fontstyle="italic")
        ax.set_yticks(ys, labels)
        ax.set_ylim(-0.7, len(points) - 0.3)
        ax.set_xlim(low, high + 0.5)
        ax.set_xlabel("COOM = log10(TC) + log10(IC)")
        ax.grid(axis="x")
        svg = to_svg(fig, fid, title, description)

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


# --- (b) effective compute against inference scale-up ------------------------------------------------

def _threshold_lines(rules: Sequence[ThresholdRule], which: str) -> list[tuple[float, list[ThresholdRule]]]:
    """Comparable thresholds (in force, or all), grouped by value so coinciding lines share one label."""
    chosen = [r for r in rules if r.comparable_with_model_compute and not r.data_condition
              and (r.in_force or which == "all")]
    grouped: dict[float, list[ThresholdRule]] = {}
    for rule in chosen:
        grouped.setdefault(rule.value, []).append(rule)
    return sorted(grouped.items())


def _rule_name(rule: ThresholdRule) -> str:
    return rule.label + (f" ({rule.status})" if rule.historical else "")


def _threshold_label(value: float, rules: Sequence[ThresholdRule]) -> str:
    """"10²⁶ FLOP: New York RAISE Act; US Executive Order 14110 (revoked)": each instrument once, no provisions
    (they are in the description and the crossing matrix)."""
    names = list(dict.fromkeys(r.instrument_title + (f" ({r.status})" if r.historical else "") for r in rules))
    return f"{_power_label(value)} FLOP: {'; '.join(names)}"


def _effective_compute(params: Params, data: ThresholdData, fid: str) -> Figure:
    models = params.models()
    basis: Basis = params.choice("basis", ("sourced", "seed"))  # type: ignore[assignment]
    rate = params.number("rate", low=0.01, high=1.0)
    max_ooms = params.number("max-ooms", low=1, high=12)
    which_thresholds = params.choice("thresholds", ("in-force", "all"))
    lines = _threshold_lines(data.rules, which_thresholds)
    steps = [float(x) for x in range(0, int(max_ooms) + 1)]
    if steps[-1] != max_ooms:
        steps.append(max_ooms)
    series = []
    for model in models:
        try:
            series.append((model, [calculations.effective_for_model(model, basis, s, rate) for s in steps]))
        except ValueError as exc:
            raise FigureError(str(exc), "models") from None

    # Two variants can sit on one page (/figures/): their titles must say how they differ.
    title = "Effective compute against inference scale-up, " + (
        "with the thresholds in force" if which_thresholds == "in-force" else "with every threshold, past and present")
    summary = "; ".join(f"{m.name} from {c[0].text()} to {c[-1].text()}" for m, c in series)
    threshold_text = "; ".join(f"{format_compute(v)} FLOP ({', '.join(_rule_name(r) for r in rs)})" for v, rs in lines)
    description = (
        f"Line chart of effective orders of magnitude, log10(training compute) + {rate:g} × OOM of inference "
        f"scale-up, for 0 to {format_oom(max_ooms)} OOM of scale-up ({basis} figures): {summary}. "
        f"Horizontal lines mark thresholds: {threshold_text or 'none'}."
    )
    # Below the chart: the models' legend, then a key naming the instruments at each threshold line. Both
    # span the figure's width; browser fonts run wider than matplotlib's, so lines wrap well short of it.
    key_lines = [line for value, rules in reversed(lines)  # top to bottom, as the lines are drawn
                 for line in textwrap.wrap(_threshold_label(value, rules), 72, subsequent_indent="      ")]
    legend_rows = math.ceil(len(series) / 3)
    key_height = 0.27 * legend_rows + 0.2 * len(key_lines) + 0.25
    with drawing(6.5, 3.9 + key_height) as fig:
        grid = fig.add_gridspec(2, 1, height_ratios=(3.9, key_height))
        ax, key = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        for index, (model, calcs) in enumerate(series):
            ax.plot(steps, [c.result for c in calcs], color=PALETTE[index % len(PALETTE)],
                    linestyle=LINESTYLES[index % len(LINESTYLES)], marker=MARKERS[index % len(MARKERS)],
                    markersize=4, label=model.name)
        for value, rules in lines:
            oom = math.log10(value)
            ax.axhline(oom, color=FOREGROUND, linewidth=0.8, linestyle=(0, (4, 3)))
            # Just the value on the line (right-aligned inside the axes, on a page-coloured box); the key
            # below names the instruments. Out of the layout: it lies within the axes by construction.
            ax.text(0.995, oom, f"{_power_label(value)} FLOP", transform=ax.get_yaxis_transform(), fontsize=9.5,
                    ha="right", va="bottom", in_layout=False,
                    bbox={"facecolor": BACKGROUND, "edgecolor": "none", "alpha": 0.7, "pad": 1.5})
        ax.set_xlabel("Inference scale-up (orders of magnitude)")
        ax.set_ylabel("Effective compute (log10 FLOP)")
        ax.grid(True)
        key.axis("off")
        key.legend(*ax.get_legend_handles_labels(), loc="upper left", bbox_to_anchor=(0, 1), ncols=3,
                   fontsize=9.5, columnspacing=2.0, borderaxespad=0)
        for number, line in enumerate(key_lines):
            key.annotate(line, (0, 1), xycoords="axes fraction", xytext=(4, -(18 * legend_rows + 4 + 14 * number)),
                         textcoords="offset points", va="top", fontsize=9.5, in_layout=False)
        svg = to_svg(fig, fid, title, description)

    columns = ("Model", *(f"+{format_oom(s)} OOM" for s in steps))
    rows = tuple((m.name, *(c.text() for c in calcs)) for m, calcs in series)
    csv_rows = [(m.id, basis, s, rate, c.result, 10 ** c.result) for m, calcs in series for s, c in zip(steps, calcs)]
    return Figure(
        id=fid, name="effective-compute", title=title, description=description,
        caption=(f"Ord's rule of thumb: each order of magnitude of inference scale-up is worth about {rate:g} of an "
                 "order of magnitude of pre-training (band 0.5–1.0). Dashed lines are compute thresholds; a model's "
                 "line crossing one means its effective compute would exceed the threshold that its training "
                 "compute may not."),
        svg=svg, columns=columns, rows=rows,
        csv=_csv(("model", "basis", "inference_scaleup_ooms", "rate", "effective_oom", "effective_compute_flop"), csv_rows),
        formula=calculations.EFFECTIVE_FORMULA,
        sources=_sources(calculations.EFFECTIVE_SOURCES, *(c[0].sources for _, c in series),
                         [r.reference or "" for _, rs in lines for r in rs]),
    )


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
                  label="training (pre + post)")
        ax.loglog(ds, [s.deployment for s in splits], color=PALETTE[1], linestyle="--", marker="s", markersize=3,
                  label="deployment")
        ax.loglog(ds, [s.total for s in splits], color=FOREGROUND, linestyle=":", linewidth=1.2, label="total")
        if ds[0] <= crossover <= ds[-1]:
            ax.axvline(crossover, color=FOREGROUND, linewidth=0.8, linestyle=(0, (4, 3)))
            ax.annotate(f"crossover d = {_power_label(crossover)}", (crossover, splits[0].training),
                        xytext=(6, -14), textcoords="offset points", fontsize=8)
        # Plain-text power-of-ten labels and no minor ticks: mathtext labels are slow and bloat the SVG.
        from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(LogLocator(base=10, numticks=12))
            axis.set_minor_locator(NullLocator())
            axis.set_major_formatter(FuncFormatter(lambda value, _pos: _power_label(value)))
        ax.set_xlabel("Deployments d (e.g. queries answered)")
        ax.set_ylabel("Compute (FLOP)")
        ax.grid(True, which="major")
        ax.legend(loc="upper left", fontsize=8)
        svg = to_svg(fig, fid, title, description)

    columns = ("Deployments", "Training (FLOP)", "Deployment (FLOP)", "Total (FLOP)", "Deployment share")
    rows = tuple((format_compute(d), format_compute(s.training), format_compute(s.deployment), format_compute(s.total),
                  f"{s.deployment_share:.0%}") for d, s in zip(ds, splits))
    csv_rows = [(d, s.pre_training, s.post_training, s.deployment, s.total, s.deployment_share) for d, s in zip(ds, splits)]
    return Figure(
        id=fid, name="lifetime-split", title=title, description=description,
        caption=(f"Ord's lifetime-compute model ({'simplified coefficients' if form == 'simple' else '6ND/2N coefficients'}): "
                 f"deployment overtakes training after {_power_label(crossover)} deployments. Beyond that point, "
                 "scaling inference raises total cost almost one-for-one, while scaling pre-training raises it far less."),
        svg=svg, columns=columns, rows=rows,
        csv=_csv(("deployments", "pre_training_flop", "post_training_flop", "deployment_flop", "total_flop",
                  "deployment_share"), csv_rows),
        formula=f"{formula}; crossover {calculations.CROSSOVER_FORMULAS[form]}",
        sources=calculations.LIFETIME_SOURCES[form],
    )


# --- (d) crossing matrix ----------------------------------------------------------------------------

def _superscript(exponent: float) -> str:
    table = str.maketrans("0123456789-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻·")
    return format_oom(exponent).translate(table)


def _power_label(value: float) -> str:
    """10²⁵-style text for labels drawn inside the SVG (real text, no math renderer)."""
    text = format_compute(value)
    if "10^" not in text:
        return text
    head, exponent = text.rsplit("10^", 1)
    return f"{head}10{_superscript(float(exponent))}"


def _multiplier_label(scaleup: float) -> str:
    return "×1" if scaleup == 0 else f"×10{_superscript(scaleup)}"


def _crossing_matrix(params: Params, data: ThresholdData, fid: str) -> Figure:
    models = params.models()
    basis: Basis = params.choice("basis", ("sourced", "seed"))  # type: ignore[assignment]
    rate = params.number("rate", low=0.01, high=1.0)
    multipliers = params.numbers("multipliers")
    if not multipliers or any(m < 1 for m in multipliers):
        raise FigureError("multipliers must be a comma-separated list of numbers of at least 1", "multipliers")
    scaleups = sorted({math.log10(m) for m in multipliers})
    rules = [r for r in data.rules if r.comparable_with_model_compute]
    if not rules:
        raise FigureError("no instrument has a training-compute threshold to compare with", None)
    figures = []
    for model in models:
        tc = model.figures(basis).training_compute
        if tc is None:
            raise FigureError(f"models: model '{model.id}' has no training compute on the '{basis}' basis", "models")
        figures.append((model, tc))

    # cell[r][m]: the smallest scale-up at which the threshold is crossed, None (never) or "n/a"
    cells: list[list[float | None | str]] = []
    csv_rows = []
    for rule in rules:
        row: list[float | None | str] = []
        for model, tc in figures:
            verdicts = [judge(rule, tc, s, rate, model.data_conditions) for s in scaleups]
            if not verdicts[0].applies:
                row.append("n/a")
            else:
                row.append(next((s for s, v in zip(scaleups, verdicts) if v.crossed_by_effective), None))
            for s, v in zip(scaleups, verdicts):
                csv_rows.append((model.id, basis, rule.instrument_slug, rule.threshold_id, rule.provision, rule.value,
                                 rule.status, 10**s, rate, v.applies, v.crossed_by_training, v.crossed_by_effective))
        cells.append(row)

    def cell_text(cell: float | None | str) -> str:
        return "n/a" if cell == "n/a" else "no" if cell is None else _multiplier_label(cell)  # type: ignore[arg-type]

    shown = ", ".join(_multiplier_label(s) for s in scaleups)
    title = "Threshold crossings by model and inference multiplier"
    crossed = [f"{model.name} crosses {_rule_name(rule)} at {cell_text(c)}"
               for rule, row in zip(rules, cells) for (model, _), c in zip(figures, row) if c not in (None, "n/a")]
    description = (
        f"Matrix of {len(rules)} thresholds by {len(figures)} models ({basis} figures): each cell gives the smallest "
        f"inference multiplier among {shown} at which the model's effective compute (r = {rate:g}) exceeds the "
        f"threshold; ×1 means its training compute already does. " + ("; ".join(crossed) or "No crossings") + "."
    )
    # Strongest fill for x1; capped so currentColor text keeps its contrast on the fill in both themes.
    strength = {s: 0.75 - 0.45 * k / max(len(scaleups) - 1, 1) for k, s in enumerate(scaleups)}
    with drawing(3.0 + 0.85 * len(figures), 0.55 * len(rules) + 1.4) as fig:
        ax = fig.add_subplot()
        for r, row in enumerate(cells):
            for m, cell in enumerate(row):
                y = len(rules) - 1 - r
                if isinstance(cell, float):
                    ax.add_patch(_rect(m, y, PALETTE[3], strength[cell]))
                ax.text(m, y, cell_text(cell), ha="center", va="center", fontsize=10,
                        fontweight="bold" if cell == 0 else "normal")
        ax.set_xlim(-0.5, len(figures) - 0.5)
        ax.set_ylim(-0.5, len(rules) - 0.5)
        ax.set_xticks(range(len(figures)), [m.name for m, _ in figures], rotation=30, ha="right")
        # Row labels wrapped onto two lines, so the matrix stays narrow enough to read without much scrolling.
        ax.set_yticks(range(len(rules))[::-1],
                      ["\n".join(textwrap.wrap(f"{_rule_name(r)} (> {_power_label(r.value)})", 36)) for r in rules],
                      fontsize=9.5)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        svg = to_svg(fig, fid, title, description)

    columns = ("Threshold", *(m.name for m, _ in figures))
    rows = tuple((f"{_rule_name(rule)} (> {format_compute(rule.value)} {rule.unit})", *(cell_text(c) for c in row))
                 for rule, row in zip(rules, cells))
    return Figure(
        id=fid, name="crossing-matrix", title=title, description=description,
        caption=(f"Smallest inference multiplier ({shown}) at which each model's effective compute would cross each "
                 f"threshold, at r = {rate:g}. ×1: training compute alone crosses it. n/a: the threshold has a data "
                 "condition the model does not meet. Revoked instruments are shown for history."),
        svg=svg, columns=columns, rows=rows,
        csv=_csv(("model", "basis", "instrument", "threshold", "provision", "threshold_value", "status",
                  "inference_multiplier", "rate", "applies", "crossed_by_training", "crossed_by_effective"), csv_rows),
        formula=calculations.EFFECTIVE_FORMULA + "; crossed when it exceeds log10(threshold)",
        sources=_sources(calculations.EFFECTIVE_SOURCES, *(m.figures(basis).sources for m, _ in figures),
                         [r.reference or "" for r in rules]),
    )


def _rect(x: float, y: float, colour: str, alpha: float):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.48, y - 0.45), 0.96, 0.9, facecolor=colour, alpha=alpha, edgecolor="none")


FIGURES: dict[str, FigureSpec] = {
    spec.name: spec
    for spec in (
        FigureSpec("coom-by-model", {"models": "all", "basis": "both"}, _coom_by_model),
        FigureSpec("effective-compute",
                   {"models": "all", "basis": "sourced", "rate": str(DEFAULT_RATE), "max-ooms": "6",
                    "thresholds": "in-force"}, _effective_compute),
        FigureSpec("lifetime-split",
                   {"params": "1e12", "tokens": "1e13", "tokens-per-query": "1e3", "post": "0", "form": "simple",
                    "from": "1e6", "to": "1e14"}, _lifetime_split),
        FigureSpec("crossing-matrix",
                   {"models": "all", "basis": "sourced", "rate": str(DEFAULT_RATE), "multipliers": "1, 1e2, 1e4"},
                   _crossing_matrix),
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
