"""markdown-it-py plugin: computed numbers and figures in articles.

- Inline role ``{compute}`coom model=deepseek-r1` ``: a formatted number (powers of ten as
  ``10<sup>25</sup>`` with a visually hidden caret, so they copy as ``10^25``), the exact value in ``data-value`` and the formula in ``title``.
- Fenced directive ````` ```{figure-compute} coom-by-model ````` with ``key: value`` body lines: the figure
  (inline SVG, caption, collapsible data table, CSV link, formula and sources).
- Fenced directive ````` ```{explorer} ````` with optional ``model:``, ``tc:``, ``ooms:`` and ``rate:`` lines: the
  threshold explorer's compact form (a form that opens /explorer/ with those inputs, computed in place by
  static/explorer.js when scripts run).

The plugin reads from ``env``: ``threshold_data`` (a :class:`ThresholdData`), ``problems`` (a ``Problems``),
``path`` and ``line_offset`` (the 1-based file line of the body's first line). It appends every figure it
renders to ``env["figures_used"]`` and every source key it relies on to ``env["threshold_sources"]``.
It never raises: a bad role or directive becomes a positioned problem and renders as inert escaped text.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable, Mapping
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from generator.outputs.explorer.embed import EXPLORER_KEYS, explorer_problem, render_explorer_form
from generator.problems import Problems
from generator.threshold import calculations
from generator.threshold.calculations import Calculation
from generator.threshold.data import ThresholdData
from generator.threshold.figures import Figure, FigureError, build_figure
from generator.threshold.formulas import DEFAULT_RATE, Undefined
from generator.threshold.models import Model, suggest
from generator.threshold.numbers import (
    format_compute_html,
    format_oom,
    format_power_of_oom_html,
    machine,
    parse_number,
)

ROLE_PREFIX = "{compute}"
DIRECTIVE = "{figure-compute}"
EXPLORER_DIRECTIVE = "{explorer}"


class RoleError(ValueError):
    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


# --- the roles -------------------------------------------------------------------------------------

class RoleArgs:
    """A role's key=value parameters, read through accessors that name the key in errors."""

    def __init__(self, params: Mapping[str, str], data: ThresholdData):
        self.params = params
        self.data = data

    def has(self, key: str) -> bool:
        return key in self.params

    def number(self, key: str, default: float | None = None) -> float:
        if key not in self.params:
            if default is None:
                raise RoleError(f"missing parameter {key}=", key)
            return default
        try:
            return parse_number(self.params[key])
        except ValueError as exc:
            raise RoleError(f"{key}: {exc}", key) from None

    def optional_number(self, key: str) -> float | None:
        return self.number(key) if key in self.params else None

    def text(self, key: str, options: tuple[str, ...]) -> str:
        value = self.params.get(key, options[0])
        if value not in options:
            raise RoleError(f"{key} must be one of {', '.join(options)} (got '{value}')", key)
        return value

    def model(self) -> Model:
        model_id = self.params["model"]
        model = self.data.model(model_id)
        if model is None:
            raise RoleError(f"unknown model '{model_id}'{suggest(model_id, self.data.model_ids)}", "model")
        return model

    def basis(self) -> str:
        return self.text("basis", ("sourced", "seed"))

    def exclusive(self, alternatives: str) -> None:
        """A role given a model takes its figures from it: raw figures beside it would be ambiguous."""
        if self.has("model"):
            clashes = [key for key in alternatives.split() if self.has(key)]
            if clashes:
                raise RoleError(f"give either model= or {'/'.join(alternatives.split())}=, not both", clashes[0])


def _coom(a: RoleArgs) -> Calculation:
    a.exclusive("tc ic")
    if a.has("model"):
        return calculations.coom_for_model(a.model(), a.basis(), a.optional_number("tokens"), a.number("samples", 1))
    if not (a.has("tc") and a.has("ic")):
        raise RoleError("coom needs model=ID, or tc= and ic=")
    return calculations.coom(a.number("tc"), a.number("ic"))


def _effective(a: RoleArgs) -> Calculation:
    a.exclusive("tc")
    ooms, rate = a.number("ooms", 0.0), a.number("rate", DEFAULT_RATE)
    if a.has("model"):
        return calculations.effective_for_model(a.model(), a.basis(), ooms, rate)
    return calculations.effective(a.number("tc"), ooms, rate)


def _training(a: RoleArgs) -> Calculation:
    a.exclusive("params tokens")
    if a.has("model"):
        return calculations.training_compute_for_model(a.model(), a.basis())
    return calculations.training_compute(a.number("params"), a.number("tokens"))


def _per_token(a: RoleArgs) -> Calculation:
    a.exclusive("params")
    if a.has("model"):
        return calculations.inference_per_token_for_model(a.model(), a.basis())
    return calculations.inference_per_token(a.number("params"))


def _per_query(a: RoleArgs) -> Calculation:
    a.exclusive("per-token")
    samples = a.number("samples", 1)
    if a.has("model"):
        return calculations.inference_per_query_for_model(a.model(), a.basis(), a.optional_number("tokens"), samples)
    return calculations.inference_per_query(a.number("per-token"), a.number("tokens"), samples)


def _lifetime(a: RoleArgs) -> Calculation:
    return calculations.lifetime(
        a.number("params"), a.number("tokens"), a.number("tokens-per-query"), a.number("deployments"),
        a.number("post", 0.0), a.text("form", ("simple", "6nd")), a.text("part", ("total", "training", "deployment")),
    )


def _crossover(a: RoleArgs) -> Calculation:
    return calculations.crossover(
        a.number("params"), a.number("tokens"), a.number("tokens-per-query"), a.number("post", 0.0),
        a.text("form", ("simple", "6nd")),
    )


MODEL_KEYS = ("model", "basis")
#: role name -> (calculation, the parameters it accepts besides `digits`)
ROLES: dict[str, tuple[Callable[[RoleArgs], Calculation], tuple[str, ...]]] = {
    "coom": (_coom, (*MODEL_KEYS, "tokens", "samples", "tc", "ic")),
    "effective": (_effective, (*MODEL_KEYS, "tc", "ooms", "rate", "show")),
    "training-compute": (_training, (*MODEL_KEYS, "params", "tokens")),
    "inference-per-token": (_per_token, (*MODEL_KEYS, "params")),
    "inference-per-query": (_per_query, (*MODEL_KEYS, "per-token", "tokens", "samples")),
    "lifetime": (_lifetime, ("params", "tokens", "tokens-per-query", "deployments", "post", "form", "part")),
    "crossover": (_crossover, ("params", "tokens", "tokens-per-query", "post", "form")),
}


def parse_role(text: str) -> tuple[str, dict[str, str]]:
    """``coom model=deepseek-r1`` → ("coom", {"model": "deepseek-r1"}); RoleError on malformed text."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise RoleError(f"cannot read the role's parameters: {exc}") from None
    if not words:
        raise RoleError(f"empty role: write e.g. {ROLE_PREFIX}`coom model=deepseek-r1`")
    name, params = words[0], {}
    for word in words[1:]:
        key, sep, value = word.partition("=")
        if not sep or not key or not value:
            raise RoleError(f"parameter '{word}' must be written key=value")
        if key in params:
            raise RoleError(f"parameter '{key}' is given twice", key)
        params[key] = value
    return name, params


def evaluate_role(text: str, data: ThresholdData) -> tuple[Calculation, dict[str, str]]:
    """The calculation a role asks for (and its parameters); RoleError for anything wrong with it."""
    name, params = parse_role(text)
    if name not in ROLES:
        raise RoleError(f"unknown computed value '{name}'{suggest(name, ROLES)}; names: {', '.join(ROLES)}")
    func, allowed = ROLES[name]
    for key in params:
        if key not in allowed and key != "digits":
            raise RoleError(
                f"unknown parameter '{key}' for '{name}'{suggest(key, allowed)}; parameters: {', '.join(allowed)}, digits",
                key,
            )
    try:
        return func(RoleArgs(params, data)), params
    except RoleError:
        raise
    except ValueError as exc:  # from the formulas: negative compute, a model lacking a figure
        raise RoleError(str(exc)) from None


def render_calculation(calc: Calculation, params: Mapping[str, str]) -> str:
    """The role's HTML: a span with the formatted number, the exact value and the formula."""
    digits_text = params.get("digits")
    digits = int(digits_text) if digits_text and digits_text.isdigit() else None
    note = f"; {calc.note}" if calc.note else ""
    if isinstance(calc.result, Undefined):
        title = f"{calc.formula}: undefined, {calc.result.reason}{note}"
        return f'<span class="computed computed-undefined" title="{html.escape(title)}">undefined</span>'
    if calc.kind == "oom" and params.get("show") == "flop":
        shown, value = format_power_of_oom_html(calc.result, 1 if digits is None else digits), 10**calc.result
    elif calc.kind == "oom":
        shown, value = format_oom(calc.result, 1 if digits is None else digits), calc.result
    else:
        shown, value = format_compute_html(calc.result, 2 if digits is None else digits), calc.result
    title = f"{calc.formula} = {machine(value)}{note}"
    return (
        f'<span class="computed" data-value="{html.escape(machine(value))}" title="{html.escape(title)}">'
        f"{shown}</span>"
    )


# --- figures --------------------------------------------------------------------------------------------

def render_figure(figure: Figure, csv_base: str = "/figures/") -> str:
    esc = html.escape
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in figure.columns)
    body = "".join(
        "<tr>" + f'<th scope="row">{esc(row[0])}</th>' + "".join(f"<td>{esc(c)}</td>" for c in row[1:]) + "</tr>"
        for row in figure.rows
    )
    sources = ", ".join(f'<cite class="citation-key" data-key="{esc(k)}">{esc(k)}</cite>' for k in figure.sources)
    return (
        f'<figure class="computed-figure" id="figure-{esc(figure.id)}" data-figure="{esc(figure.name)}">\n'
        # Focusable, so keyboard users can scroll a figure wider than a phone (it scrolls inside this box).
        f'<div class="figure-graphic" tabindex="0" role="group" aria-labelledby="{esc(figure.id)}-title">'
        f"{figure.svg}</div>\n"
        f'<details class="figure-data"><summary>Data table</summary>\n'
        f"<table><caption>{esc(figure.title)}: data</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
        f"</details>\n"
        f'<p class="figure-meta">Formula: <code>{esc(figure.formula)}</code>. Sources: {sources}. '
        # The SVG file is the figure itself; static/figures.js adds a PNG made from it in the browser.
        f'<span class="figure-downloads">Download: <a href="{esc(csv_base)}{esc(figure.id)}.csv" download>the data (CSV)</a>, '
        f'<a href="{esc(csv_base)}{esc(figure.id)}.svg" download>the figure (SVG)</a></span></p>\n'
        f'<p class="figure-cite">Cite this figure: “{esc(figure.title)}”, computed figure <code>{esc(figure.id)}</code>'
        f' ({esc(figure.formula)}; sources: {", ".join(esc(k) for k in figure.sources) or "model data"}).</p>\n'
        # HTML allows a figcaption only as a figure's first or last child.
        f"<figcaption><strong>{esc(figure.title)}.</strong> {esc(figure.caption)}</figcaption>\n"
        f"</figure>\n"
    )


def parse_directive_body(content: str) -> tuple[dict[str, str], dict[str, int], list[tuple[int, str]]]:
    """Body lines ``key: value`` → (params, the 0-based body line of each key, [(line, error)])."""
    params: dict[str, str] = {}
    lines: dict[str, int] = {}
    errors: list[tuple[int, str]] = []
    for index, line in enumerate(content.split("\n")):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition(":")
        key = key.strip()
        if not sep or not key or " " in key:
            errors.append((index, f"figure parameter line '{stripped}' must be written 'key: value'"))
        elif key in params:
            errors.append((index, f"figure parameter '{key}' is given twice"))
        else:
            params[key], lines[key] = value.strip(), index
    return params, lines, errors


# --- markdown-it wiring ------------------------------------------------------------------------------

def _role_rule(state: StateInline, silent: bool) -> bool:
    """Tokenise ``{compute}`...` `` (any run of backticks, as in a code span)."""
    src, pos = state.src, state.pos
    if not src.startswith(ROLE_PREFIX, pos):
        return False
    start = pos + len(ROLE_PREFIX)
    match = re.match(r"`+", src[start:])
    if not match:
        return False
    fence = match.group(0)
    end = src.find(fence, start + len(fence))
    while end != -1 and src.startswith("`", end + len(fence)):  # a longer run is not our closer
        end = src.find(fence, end + len(fence) + 1)
    if end == -1:
        return False
    if not silent:
        token = state.push("compute_role", "", 0)
        token.content = src[start + len(fence) : end].strip()
        token.meta = {"offset": pos, "raw": src[pos : end + len(fence)]}
    state.pos = end + len(fence)
    return True


class _Reporter:
    """Adds problems at file positions, from token line numbers (0-based, within the body)."""

    def __init__(self, state: StateCore):
        env = state.env if isinstance(state.env, dict) else {}
        problems = env.get("problems")
        self.problems: Problems = problems if isinstance(problems, Problems) else Problems()
        self.path = str(env.get("path", "<markdown>"))
        offset = env.get("line_offset", 1)
        self.offset = offset if isinstance(offset, int) else 1
        self.lines = state.src.split("\n")

    def add(self, body_line: int, column: int, message: str) -> None:
        self.problems.add(self.path, self.offset + body_line, column, message)

    def column_of(self, body_line: int, raw: str, fallback: int = 1) -> int:
        if 0 <= body_line < len(self.lines):
            found = self.lines[body_line].find(raw)
            if found != -1:
                return found + 1
        return fallback


def _threshold_data(env: Any) -> ThresholdData | None:
    data = env.get("threshold_data") if isinstance(env, dict) else None
    return data if isinstance(data, ThresholdData) else None


def _record(env: Any, key: str, items: list) -> None:
    """Append to env[key], once each (a page citing the same source twice lists it once)."""
    if isinstance(env, dict):
        bucket = env.setdefault(key, [])
        bucket.extend(item for item in items if item not in bucket)


def _core_rule(state: StateCore) -> None:
    if ROLE_PREFIX not in state.src and DIRECTIVE not in state.src and EXPLORER_DIRECTIVE not in state.src:
        return  # neither a role nor a figure nor an explorer can be here
    reporter = _Reporter(state)
    data = _threshold_data(state.env)
    for token in state.tokens:
        try:
            if token.type == "fence" and token.info.strip().startswith(DIRECTIVE):
                _figure_token(token, state.env, data, reporter)
            elif token.type == "fence" and token.info.strip() == EXPLORER_DIRECTIVE:
                _explorer_token(token, state.env, data, reporter)
            elif token.type == "inline" and token.children:
                for child in token.children:
                    if child.type == "compute_role":
                        _role_token(child, token, state.env, data, reporter)
        except Exception as exc:  # never let a bug in one figure take the page down; report it instead
            line = token.map[0] if token.map else 0
            reporter.add(line, 1, f"could not compute this value or figure: {exc.__class__.__name__}: {exc}")
            if token.type in ("fence", "figure_compute"):
                token.type, token.meta = "figure_compute", {"html": ""}
            for child in token.children or []:
                if child.type == "compute_role" and "html" not in child.meta:
                    child.meta["html"] = f'<code class="computed-error">{html.escape(child.meta.get("raw", ""))}</code>'


def _role_token(child: Token, parent: Token, env: Any, data: ThresholdData | None, reporter: _Reporter) -> None:
    raw = child.meta.get("raw", "")
    offset = child.meta.get("offset", 0)
    line = (parent.map[0] if parent.map else 0) + parent.content[:offset].count("\n")
    column = reporter.column_of(line, raw)
    fallback = f'<code class="computed-error">{html.escape(raw)}</code>'
    if data is None:
        reporter.add(line, column, "computed values need the threshold data (content/data/models.yaml)")
        child.meta["html"] = fallback
        return
    try:
        calc, params = evaluate_role(child.content, data)
    except RoleError as exc:
        if exc.key and 0 <= line < len(reporter.lines):  # point at the offending key=, not the role's start
            found = reporter.lines[line].find(f"{exc.key}=", column - 1)
            column = found + 1 if found != -1 else column
        reporter.add(line, column, f"{ROLE_PREFIX}`{child.content}`: {exc}")
        child.meta["html"] = fallback
        return
    child.meta["html"] = render_calculation(calc, params)
    _record(env, "threshold_sources", list(calc.sources))


def _figure_token(token: Token, env: Any, data: ThresholdData | None, reporter: _Reporter) -> None:
    fence_line = token.map[0] if token.map else 0
    name = token.info.strip()[len(DIRECTIVE):].strip()
    token.type = "figure_compute"
    token.meta = {"html": ""}
    params, key_lines, errors = parse_directive_body(token.content)
    for index, message in errors:
        reporter.add(fence_line + 1 + index, 1, message)
    if not name:
        reporter.add(fence_line, 1, f"name the figure after {DIRECTIVE}, e.g. {DIRECTIVE} coom-by-model")
        return
    if errors:
        return
    if data is None:
        reporter.add(fence_line, 1, "computed figures need the threshold data (content/data/models.yaml)")
        return
    try:
        figure = build_figure(name, params, data)
    except FigureError as exc:
        if exc.key in key_lines:
            line = fence_line + 1 + key_lines[exc.key]
            reporter.add(line, reporter.column_of(line, exc.key), f"figure '{name}': {exc}")
        else:
            reporter.add(fence_line, reporter.column_of(fence_line, name, 1), f"{exc}")
        return
    csv_base = env.get("figures_base", "/figures/") if isinstance(env, dict) else "/figures/"
    token.meta["html"] = render_figure(figure, str(csv_base))
    _record(env, "figures_used", [figure])
    _record(env, "threshold_sources", list(figure.sources))


def _explorer_token(token: Token, env: Any, data: ThresholdData | None, reporter: _Reporter) -> None:
    fence_line = token.map[0] if token.map else 0
    token.type, token.meta = "figure_compute", {"html": ""}
    params, key_lines, errors = parse_directive_body(token.content)
    for index, message in errors:
        reporter.add(fence_line + 1 + index, 1, message.replace("figure parameter", "explorer parameter"))
    for key, index in key_lines.items():
        if key not in EXPLORER_KEYS:
            line = fence_line + 1 + index
            reporter.add(line, reporter.column_of(line, key),
                         f"explorer: unknown parameter '{key}'{suggest(key, EXPLORER_KEYS)} (give {', '.join(EXPLORER_KEYS)})")
            errors.append((index, key))
    if data is None:
        reporter.add(fence_line, 1, "the explorer needs the threshold data (content/data/models.yaml)")
        return
    problem = explorer_problem(params, data)
    if problem is not None:
        key, message = problem
        line = fence_line + 1 + key_lines[key]
        reporter.add(line, reporter.column_of(line, key), f"explorer: {key}: {message}")
        return
    if errors:
        return
    count = env.get("explorer_forms", 0) + 1 if isinstance(env, dict) else 1
    if isinstance(env, dict):
        env["explorer_forms"] = count
    figures_base = str(env.get("figures_base", "/figures/")) if isinstance(env, dict) else "/figures/"
    root = figures_base[: -len("figures/")] if figures_base.endswith("figures/") else "/"
    token.meta["html"] = render_explorer_form(params, data, root, count)


SOURCE_KEY = re.compile(r'<cite class="citation-key" data-key="([^"]*)">[^<]*</cite>')


def _render_meta_html(self, tokens: list[Token], idx: int, options, env) -> str:
    """The HTML made at parse time. On a page, sources become the page's in-text citations, and the
    whole fragment is marked as generator-made (env["trust"]) so the sanitiser keeps the SVG intact."""
    fragment = tokens[idx].meta.get("html", "")
    if not isinstance(env, dict):
        return fragment
    render_citation = env.get("render_citation")
    if render_citation is not None:
        fragment = SOURCE_KEY.sub(lambda m: render_citation({
            "items": [{"key": html.unescape(m.group(1)), "locator": None, "prefix": "", "suffix": ""}],
            "narrative": False, "raw": html.unescape(m.group(1))}), fragment)
    trust = env.get("trust")
    return trust(fragment) if trust is not None else fragment


def threshold_plugin(md: MarkdownIt) -> None:
    """Register the ``{compute}`` role and the ``{figure-compute}`` directive on ``md``."""
    md.inline.ruler.before("backticks", "compute_role", _role_rule)
    md.core.ruler.after("inline", "threshold_compute", _core_rule)
    md.add_render_rule("compute_role", _render_meta_html)
    md.add_render_rule("figure_compute", _render_meta_html)
