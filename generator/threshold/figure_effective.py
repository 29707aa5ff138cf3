"""The effective-compute figure: each model's effective orders of magnitude as inference scales up (Ord's rule
of thumb), against the compute thresholds, with a key naming the instruments.

Nineteen models and more share six colours, so lines that lie on one another (training compute within
COINCIDE_OOM) are marked with a number at their end, placed so that no two marks collide, and named in the key.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import Any

from generator.threshold import calculations
from generator.threshold.data import ThresholdData
from generator.threshold.figure_parts import (
    Figure, FigureError, Params, csv_text, left_out, left_out_text, power_label, rule_figure, rule_name, sources,
)
from generator.threshold.models import Basis
from generator.threshold.numbers import format_compute, format_oom
from generator.threshold.rules import ThresholdRule
from generator.threshold.svg import BACKGROUND, FOREGROUND, LINESTYLES, MARKERS, PALETTE, Mark, drawing, to_svg


def _threshold_lines(rules: Sequence[ThresholdRule], which: str) -> list[tuple[float, list[ThresholdRule]]]:
    """Thresholds a model's line can be read against (in force, or all), grouped by value so coinciding
    lines share one label. Rates, data-conditioned thresholds and (in-force variant) the rest are left out,
    and :func:`left_out` says so."""
    chosen = [r for r in rules if r.comparable_with_model_compute and not r.data_condition
              and (r.in_force or which == "all")]
    grouped: dict[float, list[ThresholdRule]] = {}
    for rule in chosen:
        grouped.setdefault(rule.value, []).append(rule)
    return sorted(grouped.items())


def _threshold_label(value: float, rules: Sequence[ThresholdRule]) -> str:
    """"10²⁶: California SB 53 (> integer or floating-point operations); US Executive Order 14110 (revoked, ...)":
    each instrument once, with its comparator and unit in its own words (provisions are in the matrix)."""
    names = []
    for rule in rules:
        status = "" if rule.in_force else f"{rule.status}, "
        names.append(f"{rule.instrument_title} ({status}{' '.join(p for p in (rule.symbol, rule.unit) if p)})")
    return f"{power_label(value)}: {'; '.join(dict.fromkeys(names))}"


def _style(index: int) -> dict[str, Any]:
    """Colour, line style and marker for the index-th model; no two of the first 36 models share all three."""
    shift = index // len(PALETTE)
    return {"color": PALETTE[index % len(PALETTE)], "linestyle": LINESTYLES[(index + shift) % len(LINESTYLES)],
            "marker": MARKERS[(index + 2 * shift) % len(MARKERS)]}


#: Lines closer than this (in OOM) draw one over the other at the chart's scale (about 3 px per 0.1 OOM).
COINCIDE_OOM = 0.15


def _coinciding(series) -> list[tuple[list[str], float, bool]]:
    """Groups of models whose effective-compute lines (parallel: one rate) lie within COINCIDE_OOM of each
    other, with the top line's last value and whether they are exactly equal: only the top one would show."""
    ordered = sorted(series, key=lambda item: (-item[1][0].result, item[0].name))
    groups: list[list] = []
    for model, calcs in ordered:
        if groups and groups[-1][0][1][0].result - calcs[0].result < COINCIDE_OOM:
            groups[-1].append((model, calcs))
        else:
            groups.append([(model, calcs)])
    return [([m.name for m, _ in group], group[0][1][-1].result,
             len({round(c[0].result, 9) for _, c in group}) == 1) for group in groups if len(group) > 1]


def effective_compute(params: Params, data: ThresholdData, fid: str) -> Figure:
    models = params.models()
    basis: Basis = params.choice("basis", ("sourced", "seed"))  # type: ignore[assignment]
    rate = params.number("rate", low=0.01, high=1.0)
    max_ooms = params.number("max-ooms", low=1, high=12)
    which_thresholds = params.choice("thresholds", ("in-force", "all"))
    lines = _threshold_lines(data.rules, which_thresholds)
    omitted = left_out(data.rules, [r for _, rs in lines for r in rs], in_force_only=which_thresholds == "in-force")
    steps = [float(x) for x in range(0, int(max_ooms) + 1)]
    if steps[-1] != max_ooms:
        steps.append(max_ooms)
    series = []
    for model in models:
        try:
            series.append((model, [calculations.effective_for_model(model, basis, s, rate) for s in steps]))
        except ValueError as exc:
            raise FigureError(str(exc), "models") from None
    # An estimate's interval shifts its whole line: effective OOM = log10(TC) + r·s, so the band is the line
    # moved by log10(low / TC) and log10(high / TC).
    bands = {}
    for model, _ in series:
        figures = model.figures(basis)
        if figures.training_interval is not None:
            bands[model.id] = (math.log10(figures.training_interval.low / figures.training_compute),
                               math.log10(figures.training_interval.high / figures.training_compute),
                               figures.training_interval.level)

    # Two variants can sit on one page (/figures/): their titles must say how they differ.
    title = "Effective compute against inference scale-up, " + (
        "with the thresholds in force" if which_thresholds == "in-force" else "with every threshold, past and present")
    summary = "; ".join(f"{m.name} from {c[0].text()} to {c[-1].text()}" for m, c in series)
    uncertainty = "; ".join(
        f"{m.name}'s training estimate has a {bands[m.id][2]:.0%} interval of {format_oom(c[0].result + bands[m.id][0])}"
        f" to {format_oom(c[0].result + bands[m.id][1])} OOM, drawn as a band" for m, c in series if m.id in bands)
    threshold_text = "; ".join(f"{format_compute(v)} ({', '.join(f'{rule_name(r)}: {rule_figure(r, drawn=False)}' for r in rs)})"
                               for v, rs in lines)
    description = (
        f"Line chart of effective orders of magnitude, log10(training compute) + {rate:g} × OOM of inference "
        f"scale-up, for 0 to {format_oom(max_ooms)} OOM of scale-up ({basis} figures): {summary}. "
        + (f"{uncertainty}. " if uncertainty else "")
        + "".join(f"{', '.join(names[:-1])} and {names[-1]} have {'the same' if equal else 'nearly the same'} training compute, so "
                  f"their lines lie on one another (marked {number} at the line's end and named in the key). "
                  for number, (names, _, equal) in enumerate(_coinciding(series), start=1))
        + f"Horizontal lines mark thresholds: {threshold_text or 'none'}. " + left_out_text(omitted)
    ).strip()
    # Below the chart: the models' legend, then a key naming the instruments at each threshold line. Both
    # span the figure's width; browser fonts run wider than matplotlib's, so lines wrap well short of it.
    groups = _coinciding(series)
    labels = ["Lines that lie on one another, numbered at their end:"] if groups else []
    labels += [_group_label(number, names, equal) for number, (names, _, equal) in enumerate(groups, start=1)]
    labels += [_threshold_label(value, rules) for value, rules in reversed(lines)]  # top to bottom, as drawn
    key_lines = [line for label in labels for line in textwrap.wrap(label, 72, subsequent_indent="      ")]
    # Three columns hold short lists; past nine models the names need the width of two (or the last is cut).
    legend_columns = 3 if len(series) <= 9 else 2
    legend_rows = math.ceil(len(series) / legend_columns)
    key_height = 0.24 * legend_rows + 0.2 * len(key_lines) + 0.25
    with drawing(6.5, 3.9 + key_height) as fig:
        grid = fig.add_gridspec(2, 1, height_ratios=(3.9, key_height))
        ax, key = fig.add_subplot(grid[0]), fig.add_subplot(grid[1])
        marks = []
        for index, (model, calcs) in enumerate(series):
            style = _style(index)
            ys = [c.result for c in calcs]
            ax.plot(steps, ys, markersize=4, label=model.name, gid=f"series-{index}-line", **style)
            if model.id in bands:
                low, high, _level = bands[model.id]
                ax.fill_between(steps, [y + low for y in ys], [y + high for y in ys], color=style["color"],
                                alpha=0.18, linewidth=0, gid=f"series-{index}-band")
            marks.extend(Mark(ax, step, calc.result, index, model.name,
                              f"{model.name}, +{format_oom(step)} OOM of inference scale-up: effective compute "
                              f"{calc.text()} (log10 {calc.result:.4f}). Source: {', '.join(calc.sources) or 'model data'}")
                         for step, calc in zip(steps, calcs))
        ax.set_xlim(steps[0] - 0.3, steps[-1] + 0.3)
        for value, rules in lines:
            oom = math.log10(value)
            ax.axhline(oom, color=FOREGROUND, linewidth=0.8, linestyle=(0, (4, 3)))
            # Just the value on the line (right-aligned inside the axes, on a page-coloured box); the key
            # below names the instruments and their units. Out of the layout: it lies within the axes.
            ax.text(0.995, oom, power_label(value), transform=ax.get_yaxis_transform(), fontsize=9.5,
                    ha="right", va="bottom", in_layout=False,
                    bbox={"facecolor": BACKGROUND, "edgecolor": "none", "alpha": 0.7, "pad": 1.5})
        ax.set_xlabel("Inference scale-up (orders of magnitude)")
        ax.set_ylabel("Effective compute (log10 operations)")
        ax.grid(True)
        key.axis("off")
        key.legend(*ax.get_legend_handles_labels(), loc="upper left", bbox_to_anchor=(0, 1), ncols=legend_columns,
                   fontsize=9.5, columnspacing=2.0, borderaxespad=0)
        for number, line in enumerate(key_lines):
            key.annotate(line, (0, 1), xycoords="axes fraction", xytext=(4, -(16 * legend_rows + 6 + 14 * number)),
                         textcoords="offset points", va="top", fontsize=9.5, in_layout=False)
        mark_groups(fig, ax, [(y_end, number) for number, (_, y_end, _) in enumerate(groups, start=1)], steps[-1])
        svg = to_svg(fig, fid, title, description, marks)

    columns = ("Model", *(f"+{format_oom(s)} OOM" for s in steps))
    rows = tuple((m.name + (" (interval: see band)" if m.id in bands else ""), *(c.text() for c in calcs))
                 for m, calcs in series)
    csv_rows = [("model", m.id, basis, s, rate, c.result, 10 ** c.result,
                 c.result + bands[m.id][0] if m.id in bands else None, c.result + bands[m.id][1] if m.id in bands else None)
                for m, calcs in series for s, c in zip(steps, calcs)]
    # The threshold lines too: they are what tells this figure's variants apart.
    csv_rows += [("threshold", "; ".join(dict.fromkeys(rule_name(r) for r in rs)), "", None, None, math.log10(value),
                  value, None, None) for value, rs in lines]
    caption = (f"Ord's rule of thumb: each order of magnitude of inference scale-up is worth about {rate:g} of an "
               "order of magnitude of pre-training (band 0.5–1.0). Dashed lines are compute thresholds, each in its "
               "instrument's own unit (the key names them); a model's line crossing one means its effective compute "
               "would exceed the threshold that its training compute may not. Shaded bands: the source's interval for "
               "a training estimate.")
    note = left_out_text(omitted)
    return Figure(
        id=fid, name="effective-compute", title=title, description=description,
        caption=caption + (" " + note if note else ""),
        svg=svg, columns=columns, rows=rows,
        csv=csv_text(("series", "name", "basis", "inference_scaleup_ooms", "rate", "effective_oom", "effective_compute_flop",
                      "effective_oom_low", "effective_oom_high"), csv_rows),
        formula=calculations.EFFECTIVE_FORMULA,
        sources=sources(calculations.EFFECTIVE_SOURCES, *(c[0].sources for _, c in series),
                        [r.reference or "" for _, rs in lines for r in rs]),
    )


def _group_label(number: int, names: Sequence[str], equal: bool) -> str:
    """The key's line for a group of coinciding lines: "(2) Llama 4 Scout ≈ DeepSeek-R1" ("=" when equal)."""
    return f"({number}) {(' = ' if equal else ' ≈ ').join(names)}"


#: The least distance between two end marks' centres, in points (a mark is about 11 pt tall).
MARK_GAP = 13.0


def spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as near to ``wanted`` (display units, any order) as they can be while at least ``gap`` apart,
    within [low, high] when they fit, each keeping its place in the order: from the top down, each goes below
    the one above; if that pushes the last under ``low``, they are pushed back up from there."""
    order = sorted(range(len(wanted)), key=lambda i: -wanted[i])
    placed = [min(max(wanted[i], low), high) for i in order]
    for i in range(1, len(placed)):
        placed[i] = min(placed[i], placed[i - 1] - gap)
    if placed and placed[-1] < low:
        placed[-1] = low
        for i in range(len(placed) - 2, -1, -1):
            placed[i] = max(placed[i], placed[i + 1] + gap)
    result = [0.0] * len(wanted)
    for rank, index in enumerate(order):
        result[index] = placed[rank]
    return result


def mark_groups(fig: Any, ax: Any, ends: Sequence[tuple[float, int]], x_end: float) -> None:
    """A numbered mark just right of the plot for each group of coinciding lines, joined by a thin leader to
    where the lines end, moved apart (:func:`spread`) so that no two overlap. Placed after a layout pass, in
    points; kept out of the layout so the plot does not move."""
    if not ends:
        return
    fig.get_layout_engine().set(rect=(0, 0, 1 - 24 / (fig.get_figwidth() * 72), 1))  # 24 pt on the right for them
    fig.draw_without_rendering()
    to_display, scale = ax.transData, fig.dpi / 72  # display units are pixels at the figure's dpi
    box = ax.get_window_extent()
    wanted = [to_display.transform((x_end, y))[1] for y, _ in ends]
    placed = spread(wanted, MARK_GAP * scale, box.y0 + 6 * scale, box.y1 - 6 * scale)
    inverse = to_display.inverted()
    for (y_end, number), y in zip(ends, placed):
        ax.annotate(str(number), (x_end, y_end), xytext=(1.0 + 14 * scale / box.width, inverse.transform((0, y))[1]),
                    textcoords=("axes fraction", "data"), ha="center", va="center", fontsize=8, in_layout=False,
                    annotation_clip=False, gid=f"end-mark-{number}",
                    bbox={"boxstyle": "circle,pad=0.15", "facecolor": BACKGROUND, "edgecolor": FOREGROUND, "linewidth": 0.6},
                    arrowprops={"arrowstyle": "-", "color": FOREGROUND, "linewidth": 0.6, "shrinkA": 0, "shrinkB": 1})
