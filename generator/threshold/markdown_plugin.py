"""markdown-it-py plugin: computed numbers and figures in articles.

- Inline role ``{compute}`coom model=deepseek-r1` ``: a formatted number (generator/threshold/roles.py).
- Fenced directive ````` ```{figure-compute} coom-by-model ````` with ``key: value`` body lines: the figure
  (generator/threshold/figure_html.py: the picture by reference, caption, data table, downloads, sources).
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
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from generator.outputs.explorer.embed import EXPLORER_KEYS, explorer_problem, render_explorer_form
from generator.problems import Problems
from generator.threshold.data import ThresholdData
from generator.threshold.figure_html import render_figure
from generator.threshold.figures import FigureError, build_figure
from generator.threshold.models import suggest
from generator.threshold.roles import ROLE_PREFIX, RoleError, evaluate_role, render_calculation

DIRECTIVE = "{figure-compute}"
EXPLORER_DIRECTIVE = "{explorer}"


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
