"""`policywiki compute`: the threshold core's formulas from the command line.

    policywiki compute coom --tc 1e24 --ic 1e15
    policywiki compute effective --tc 1e24 --inference-ooms 4 [--rate 0.7]
    policywiki compute lifetime --params 1e12 --tokens 1e13 --tokens-per-query 1e3 [--deployments 1e10] [--form simple|6nd]
    policywiki compute crossings --model deepseek-r1 [--reasoning-tokens 32768] [--samples 1] [--inference-ooms 4]
    policywiki compute scenario [--model ID] [--tc 1e25 | --params N --tokens D] [--per-token F --query-tokens T]
        [--samples S] [--inference-ooms 4] [--rate 0.7] [--deployments 1e10] [--date 2026-01-01] [--condition C]

Numbers are parsed here (not by argparse) so that a bad one is one clear line and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from generator.problems import ContentError, Problems, UsageError
from generator.threshold import calculations
from generator.threshold.data import ThresholdData, load_threshold_data
from generator.threshold.formulas import DEFAULT_RATE, Undefined
from generator.threshold.models import find_model, suggest
from generator.threshold.numbers import format_compute, format_oom, parse_number
from generator.threshold.report import model_crossings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "compute",
        help="compute COOM, effective compute, lifetime compute and threshold crossings",
        description="Compute the threshold core's formulas; --json prints formula, inputs, result, unit and note.",
    )
    commands = parser.add_subparsers(dest="calculation", metavar="CALCULATION")
    commands.required = True

    def add(name: str, help_text: str, func) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.add_argument("--json", action="store_true", help="print a JSON object instead of text")
        sub.set_defaults(func=func)
        return sub

    coom = add("coom", "Ellis-Mohr's combined orders of magnitude, log10(TC) + log10(IC)", run_coom)
    coom.add_argument("--tc", required=True, help="training compute, FLOP (e.g. 1e24)")
    coom.add_argument("--ic", required=True, help="inference compute per query, FLOP (e.g. 1e15)")

    effective = add("effective", "Ord's effective OOM: log10(TC) + r × OOM of inference scale-up", run_effective)
    effective.add_argument("--tc", required=True, help="training compute, FLOP")
    effective.add_argument("--inference-ooms", required=True, help="orders of magnitude of inference scale-up (≥ 0)")
    effective.add_argument("--rate", default=str(DEFAULT_RATE), help="exchange rate r (default 0.7; band 0.5–1.0)")

    lifetime = add("lifetime", "Ord's lifetime compute, or the deployments at which deployment overtakes training", run_lifetime)
    lifetime.add_argument("--params", required=True, help="parameters N")
    lifetime.add_argument("--tokens", required=True, help="training tokens D")
    lifetime.add_argument("--tokens-per-query", required=True, help="tokens generated per deployment I")
    lifetime.add_argument("--deployments", help="deployments d; without it, print the crossover d")
    lifetime.add_argument("--post-training", default="0", help="post-training compute C_post, FLOP (default 0)")
    lifetime.add_argument("--form", default="simple", help="simple (N·D + d·N·I) or 6nd (6·N·D + 2·d·N·I)")

    crossings = add("crossings", "which instruments' thresholds a model crosses, by training and by effective compute", run_crossings)
    crossings.add_argument("--model", required=True, help="a model id from content/data/models.yaml")
    crossings.add_argument("--basis", default="sourced", help="sourced (default) or seed figures")
    crossings.add_argument("--reasoning-tokens", help="reasoning tokens per query (default: the model's)")
    crossings.add_argument("--samples", default="1", help="samples per query (default 1)")
    crossings.add_argument("--inference-ooms", default="0", help="orders of magnitude of inference scale-up (default 0)")
    crossings.add_argument("--rate", default=str(DEFAULT_RATE), help="exchange rate r (default 0.7)")
    crossings.add_argument("--content", default="content", help="content folder (default: content)")

    scenario = add("scenario", "the threshold explorer's scenario: every number and every threshold at once", run_scenario)
    scenario.add_argument("--model", help="start from a model in content/data/models.yaml (its sourced figures)")
    scenario.add_argument("--tc", help="training compute, FLOP")
    scenario.add_argument("--params", help="parameters N (with --tokens: training compute 6·N·D)")
    scenario.add_argument("--tokens", help="training tokens D")
    scenario.add_argument("--per-token", help="inference compute per generated token, FLOP")
    scenario.add_argument("--query-tokens", help="tokens generated per query")
    scenario.add_argument("--samples", help="samples per query (default 1)")
    scenario.add_argument("--inference-ooms", help="orders of magnitude of inference scale-up (default 0)")
    scenario.add_argument("--rate", help="trade-off rate r, 0.5 to 1.0 (default 0.7)")
    scenario.add_argument("--deployments", help="queries answered over the model's life")
    scenario.add_argument("--date", help="read each instrument's status on this day (YYYY-MM-DD; default: today)")
    scenario.add_argument("--condition", action="append", help="a data condition the model meets (repeatable)")
    scenario.add_argument("--content", default="content", help="content folder (default: content)")


def number(args: argparse.Namespace, name: str, *, positive: bool = False, minimum: float | None = 0.0) -> float:
    """A numeric option, or UsageError naming the option."""
    option = "--" + name.replace("_", "-")
    text = getattr(args, name)
    try:
        value = parse_number(str(text))
    except ValueError as exc:
        raise UsageError(f"{option}: {exc}") from None
    if positive and value <= 0:
        raise UsageError(f"{option} must be greater than 0 (got {text})")
    if minimum is not None and value < minimum:
        raise UsageError(f"{option} must not be negative (got {text})")
    return value


def emit(args: argparse.Namespace, payload: dict[str, Any], text: str) -> int:
    if args.json:
        json.dump(payload, sys.stdout, indent=2, sort_keys=False, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(text)
    return 0


def _calculate(func, *values):
    try:
        return func(*values)
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _describe(calc: calculations.Calculation) -> str:
    result = calc.text() if not isinstance(calc.result, Undefined) else f"undefined ({calc.result.reason})"
    unit = "" if isinstance(calc.result, Undefined) or calc.kind == "oom" else f" {calc.unit}"
    lines = [calc.formula, f"= {result}{unit}"]
    if calc.note:
        lines.append(calc.note)
    return "\n".join(lines)


def run_coom(args: argparse.Namespace) -> int:
    calc = _calculate(calculations.coom, number(args, "tc", positive=True), number(args, "ic"))
    return emit(args, calc.as_json(), _describe(calc))


def run_effective(args: argparse.Namespace) -> int:
    calc = _calculate(
        calculations.effective, number(args, "tc", positive=True), number(args, "inference_ooms"), number(args, "rate", positive=True)
    )
    return emit(args, calc.as_json(), _describe(calc))


def run_lifetime(args: argparse.Namespace) -> int:
    n = number(args, "params", positive=True)
    d = number(args, "tokens", positive=True)
    i = number(args, "tokens_per_query", positive=True)
    post = number(args, "post_training")
    if args.form not in ("simple", "6nd"):
        raise UsageError(f"--form must be 'simple' or '6nd' (got '{args.form}')")
    crossover = _calculate(calculations.crossover, n, d, i, post, args.form)
    if args.deployments is None:
        return emit(args, crossover.as_json(), _describe(crossover))
    calc = _calculate(calculations.lifetime, n, d, i, number(args, "deployments"), post, args.form)
    note = f"{calc.note}; deployment overtakes training at d = {crossover.text()}"
    payload = {**calc.as_json(), "note": note}
    return emit(args, payload, "\n".join([calc.formula, f"= {calc.text()} FLOP", note]))


def _load(content: Path) -> ThresholdData:
    if not content.is_dir():
        raise UsageError(f"--content: no folder '{content}'")
    problems = Problems()
    data = load_threshold_data(content, problems)
    if problems.errors:
        raise ContentError(problems.sorted())
    return data


def run_crossings(args: argparse.Namespace) -> int:
    if args.basis not in ("sourced", "seed"):
        raise UsageError(f"--basis must be 'sourced' or 'seed' (got '{args.basis}')")
    samples = number(args, "samples", positive=True)
    ooms = number(args, "inference_ooms")
    rate = number(args, "rate", positive=True)
    tokens = None if args.reasoning_tokens is None else number(args, "reasoning_tokens")
    data = _load(Path(args.content))
    model = find_model(data.models, args.model)
    if model is None:
        ids = [m.id for m in data.models]
        raise UsageError(f"--model: no model '{args.model}' in content/data/models.yaml{suggest(args.model, ids)}")
    report = _calculate(model_crossings, model, data.rules, args.basis, tokens, samples, ooms, rate)
    if args.json:
        return emit(args, report.as_json(), "")
    lines = [
        f"{model.name} ({args.basis} figures): training compute {format_compute(report.training_compute)} FLOP; "
        f"inference scale-up {format_oom(ooms)} OOM at r = {rate:g} gives effective 10^{format_oom(report.effective.result)} FLOP",
        f"COOM: {report.coom.text()}" + (f" ({report.coom.result.reason})" if not report.coom.defined else ""),
    ]
    for crossing in report.crossings:
        rule = crossing.rule
        stated = f"{rule.symbol} {format_compute(rule.value)}" if rule.symbol else format_compute(rule.value)
        head = f"{rule.label} ({stated} {rule.unit}): "
        if not crossing.applies:  # the note says why
            lines.append(head + crossing.note)
            continue
        verdict = (f"training {'crosses' if crossing.crossed_by_training else 'does not cross'}; "
                   f"effective {'crosses' if crossing.crossed_by_effective else 'does not cross'}")
        lines.append(head + verdict + (f" [{crossing.note}]" if crossing.note else ""))
    return emit(args, {}, "\n".join(lines))


SCENARIO_OPTIONS = {"tc": "tc", "params": "params", "tokens": "tokens", "per_token": "per_token",
                    "query_tokens": "query_tokens", "samples": "samples", "ooms": "inference_ooms", "rate": "rate",
                    "deployments": "deployments", "date": "date", "model": "model", "conditions": "condition"}


def run_scenario(args: argparse.Namespace) -> int:
    """The explorer's computation (generator/outputs/explorer/scenario.py) over the content, as one JSON document."""
    from generator.builddate import build_date
    from generator.outputs.explorer.data import load_explorer_data
    from generator.outputs.explorer.scenario import compute_scenario

    inputs: dict[str, Any] = {"model": args.model, "date": args.date, "conditions": args.condition}
    for name, option in SCENARIO_OPTIONS.items():
        if name not in inputs:
            text = getattr(args, option)
            inputs[name] = None if text is None else number(args, option)
    content = Path(args.content)
    if not content.is_dir():
        raise UsageError(f"--content: no folder '{content}'")
    problems = Problems()
    data = load_explorer_data(content, problems, build_date())
    if problems.errors:
        raise ContentError(problems.sorted())
    outcome = compute_scenario(data, inputs)
    if outcome["errors"]:
        shown = ", ".join("--" + SCENARIO_OPTIONS[name].replace("_", "-") for name in outcome["errors"])
        raise UsageError(f"out of range or unknown: {shown} (training compute above 0 and at most 1e50, rate 0.5 to 1.0, "
                         "inference scale-up 0 to 30 OOM, samples above 0, a date as YYYY-MM-DD, a model id from the data set)")
    result = outcome["result"]
    payload = {"formula": "; ".join(data["formulas"].values()), "inputs": outcome["inputs"], "result": result,
               "unit": "FLOP", "note": f"statuses on {outcome['inputs']['date']}"}
    crossed = [f"{row['instrument']} {row['threshold']}" for row in result["thresholds"] if row["crossed_by_effective"]]
    coom = format_oom(result["coom"]) if result["coom"] is not None else f"undefined ({result['coom_undefined']})"
    text = (f"training compute {format_compute(result['training_compute'])} FLOP; COOM {coom}; "
            f"effective compute 10^{format_oom(result['effective_oom'])} FLOP\n"
            f"crossed by effective compute: {', '.join(crossed) or 'none'}")
    return emit(args, payload, text)
