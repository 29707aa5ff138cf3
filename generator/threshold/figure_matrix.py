"""The crossing matrix: for each threshold and model, the smallest inference multiplier at which the model's
effective compute would pass the threshold, judged for the estimate's whole interval.

It is a numeric comparison, not a legal test: each instrument has its own scope, counting rules and
exemptions. Every threshold is a row, including those no model's compute can be set against (a cluster's
rate), which read "n/a" with the reason in the caption, so that none is dropped silently.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

from generator.threshold import calculations
from generator.threshold.crossings import judge
from generator.threshold.data import ThresholdData
from generator.threshold.figure_parts import (
    Figure, FigureError, Params, csv_text, multiplier_label, not_comparable_reason, rule_figure, rule_name, sources,
)
from generator.threshold.models import Basis, Model
from generator.threshold.rules import ThresholdRule
from generator.threshold.svg import FOREGROUND, PALETTE, Mark, drawing, to_svg


@dataclass(frozen=True)
class Cell:
    """One threshold against one model: ``possible`` is the smallest multiplier at which the high end of the
    estimate's interval crosses, ``certain`` the smallest at which the low end does (both equal for a point
    estimate); None when none of the multipliers shown suffices. ``applies`` False means "n/a"."""

    applies: bool
    possible: float | None = None
    certain: float | None = None

    @property
    def text(self) -> str:
        if not self.applies:
            return "n/a"
        if self.possible is None:
            return "no"
        if self.certain == self.possible:
            return multiplier_label(self.possible)
        if self.certain is None:
            return multiplier_label(self.possible) + "?"
        return f"{multiplier_label(self.possible)}–{multiplier_label(self.certain)}"

    @property
    def uncertain(self) -> bool:
        return self.applies and self.possible is not None and self.certain != self.possible


def _first(verdicts: list[tuple[float, bool]]) -> float | None:
    return next((scaleup for scaleup, crossed in verdicts if crossed), None)


def _cell(rule: ThresholdRule, model: Model, basis: Basis, scaleups: list[float], rate: float) -> tuple[Cell, list]:
    figures = model.figures(basis)
    low, high = figures.training_range  # type: ignore[misc]
    point = figures.training_compute
    conditions = model.data_conditions
    by_point = [judge(rule, point, s, rate, conditions) for s in scaleups]  # type: ignore[arg-type]
    if not by_point[0].applies:
        return Cell(False), [(s, v, None, None) for s, v in zip(scaleups, by_point)]
    by_low = [judge(rule, low, s, rate, conditions).crossed_by_effective for s in scaleups]
    by_high = [judge(rule, high, s, rate, conditions).crossed_by_effective for s in scaleups]
    cell = Cell(True, _first(list(zip(scaleups, by_high))), _first(list(zip(scaleups, by_low))))
    return cell, list(zip(scaleups, by_point, by_low, by_high))


def crossing_matrix(params: Params, data: ThresholdData, fid: str) -> Figure:
    models = params.models()
    basis: Basis = params.choice("basis", ("sourced", "seed"))  # type: ignore[assignment]
    rate = params.number("rate", low=0.01, high=1.0)
    multipliers = params.numbers("multipliers")
    if not multipliers or any(m < 1 for m in multipliers):
        raise FigureError("multipliers must be a comma-separated list of numbers of at least 1", "multipliers")
    scaleups = sorted({math.log10(m) for m in multipliers})
    rules = list(data.rules)
    if not any(r.comparable_with_model_compute for r in rules):
        raise FigureError("no instrument has a training-compute threshold to compare with", None)
    for model in models:
        if model.figures(basis).training_compute is None:
            raise FigureError(f"models: model '{model.id}' has no training compute on the '{basis}' basis", "models")

    cells: list[list[Cell]] = []
    csv_rows = []
    for rule in rules:
        row = []
        for model in models:
            cell, verdicts = _cell(rule, model, basis, scaleups, rate)
            row.append(cell)
            for scaleup, verdict, low, high in verdicts:
                csv_rows.append((model.id, basis, rule.instrument_slug, rule.threshold_id, rule.provision, rule.value,
                                 rule.comparator, rule.unit, rule.status, 10**scaleup, rate, verdict.applies,
                                 verdict.crossed_by_training, verdict.crossed_by_effective, low, high))
        cells.append(row)

    shown = ", ".join(multiplier_label(s) for s in scaleups)
    title = "Threshold crossings by model and inference multiplier"
    crossed = [f"{model.name} against {rule_name(rule)}: {cell.text}"
               for rule, row in zip(rules, cells) for model, cell in zip(models, row) if cell.applies and cell.possible is not None]
    not_comparable = [(rule, reason) for rule in rules if (reason := not_comparable_reason(rule))]
    description = (
        f"Matrix of {len(rules)} thresholds by {len(models)} models ({basis} figures): each cell gives the smallest "
        f"inference multiplier among {shown} at which the model's effective compute (r = {rate:g}) passes the "
        "threshold under its own comparator; ×1 means its training compute already does; a range means the "
        "estimate's interval straddles the threshold. " + ("; ".join(crossed) or "No crossings") + ". "
        + " ".join(f"{rule_name(rule)} ({rule_figure(rule, drawn=False)}) is n/a for every model: {reason}."
                   for rule, reason in not_comparable)
    )
    strength = {s: 0.75 - 0.45 * k / max(len(scaleups) - 1, 1) for k, s in enumerate(scaleups)}
    with drawing(3.4 + 0.85 * len(models), 0.75 * len(rules) + 1.5) as fig:
        ax = fig.add_subplot()
        marks = []
        for r, row in enumerate(cells):
            for m, cell in enumerate(row):
                y = len(rules) - 1 - r
                marks.append(Mark(ax, m, y, 0, "cells", f"{models[m].name} against {rule_name(rules[r])} "
                                  f"({rule_figure(rules[r], drawn=False)}): {cell.text}. Source: "
                                  f"{', '.join(models[m].figures(basis).sources) or 'model data'}"
                                  f"{'; ' + rules[r].reference if rules[r].reference else ''}"))
                if cell.applies and cell.possible is not None:
                    # Strongest fill for ×1; hatched where the interval straddles (crossing not certain there).
                    ax.add_patch(_rect(m, y, PALETTE[3], strength[cell.possible], cell.uncertain))
                ax.text(m, y, cell.text, ha="center", va="center", fontsize=9.5 if len(cell.text) > 4 else 10,
                        fontweight="bold" if cell.certain == 0 else "normal")
        ax.set_xlim(-0.5, len(models) - 0.5)
        ax.set_ylim(-0.5, len(rules) - 0.5)
        ax.set_xticks(range(len(models)), [m.name for m in models], rotation=30, ha="right")
        ax.set_yticks(range(len(rules))[::-1],
                      ["\n".join(textwrap.wrap(f"{rule_name(r)} ({rule_figure(r)})", 40)) for r in rules],
                      fontsize=9)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        svg = to_svg(fig, fid, title, description, marks)

    columns = ("Threshold", *(m.name for m in models))
    rows = tuple((f"{rule_name(rule)} ({rule_figure(rule, drawn=False)})", *(c.text for c in row))
                 for rule, row in zip(rules, cells))
    caption = (
        f"A numeric comparison, not a legal test: each instrument has its own scope, counting rules and exemptions, "
        f"so a crossing here does not mean the instrument applies. Cells give the smallest inference multiplier "
        f"({shown}) at which a model's effective compute would pass each threshold, at r = {rate:g}; ×1: training "
        "compute alone does. Where the source gives an interval, the range runs from the multiplier at which the "
        "interval's high end crosses to the one at which its low end does (hatched; '?' if the low end never does "
        "here). n/a: a data condition the model does not meet, or a threshold on a cluster's rate, which no model's "
        "compute can be compared with. Thresholds of instruments not in force carry their status."
    )
    return Figure(
        id=fid, name="crossing-matrix", title=title, description=description, caption=caption,
        svg=svg, columns=columns, rows=rows,
        csv=csv_text(("model", "basis", "instrument", "threshold", "provision", "threshold_value", "comparator", "unit",
                      "status", "inference_multiplier", "rate", "applies", "crossed_by_training", "crossed_by_effective",
                      "crossed_by_effective_low", "crossed_by_effective_high"), csv_rows),
        formula=calculations.EFFECTIVE_FORMULA + "; crossed when it passes log10(threshold) under the comparator",
        sources=sources(calculations.EFFECTIVE_SOURCES, *(m.figures(basis).sources for m in models),
                        [r.reference or "" for r in rules]),
    )


def _rect(x: float, y: float, colour: str, alpha: float, hatched: bool):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.48, y - 0.45), 0.96, 0.9, facecolor=colour, alpha=alpha, linewidth=0,
                     edgecolor=FOREGROUND if hatched else "none", hatch="///" if hatched else None)
