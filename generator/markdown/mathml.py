"""Math in articles: `$…$` and `$$…$$` rendered to MathML at build time, and bare powers such as `10^25`.

- Dollar math is parsed by mdit-py-plugins' dollarmath with the money-safe options (`$500M`,
  "$1 million and $3 million" stay text: no digit right outside a `$`, no space right inside one) and
  converted by latex2mathml, so pages need no script to show formulas.
- Every formula also carries a plain-text form (`10^25`, `log10(TC)`), hidden from sight and from screen
  readers but indexed by search, so the index never holds "1025" or raw LaTeX braces.
- A bare power in prose, `10^25` or `5.2 × 10^24`, renders as 10<sup>25</sup> with a visually hidden
  caret, so copying, searching and screen readers all get "10^25".

Bad LaTeX never raises: it is reported at parse time as a positioned problem (when env has `problems`)
and rendered as inert code.
"""

from __future__ import annotations

import re
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin

MATH_TOKENS = ("math_inline", "math_inline_double", "math_block", "math_block_label")
# `10^25`, `10^-3`, `2^10`: digits, a caret, an integer exponent; not part of a longer word.
POWER = re.compile(r"\^(-?\d+)(?![\w^]|\.\d)")

# --- LaTeX → plain text ----------------------------------------------------------------------------

SYMBOLS = {
    "times": "×", "cdot": "·", "approx": "≈", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠",
    "ne": "≠", "pm": "±", "to": "→", "rightarrow": "→", "infty": "∞", "sum": "Σ", "prod": "Π",
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ", "mu": "μ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "theta": "θ", "phi": "φ", "Delta": "Δ", "Sigma": "Σ",
    "ldots": "…", "dots": "…", "cdots": "…", "quad": " ", "qquad": " ", ",": " ", ";": " ", ":": " ", "!": "",
    "%": "%", "$": "$", "{": "{", "}": "}", "_": "_", "&": "&", "#": "#",
}
TEXT_COMMANDS = ("text", "mathrm", "mathit", "mathbf", "mathsf", "mathtt", "operatorname", "textrm", "textit",
                 "textbf", "boldsymbol", "mbox")
_BRACED = r"\{((?:[^{}]|\{[^{}]*\})*)\}"


def latex_to_text(latex: str) -> str:
    """Readable plain text for a formula: `10^{25}` → `10^25`, `\\log_{10}(x)` → `log10(x)`."""
    text = latex.strip()
    for _ in range(3):  # nested \text{…} inside sub/superscripts
        text = re.sub(r"\\(?:%s)\s*%s" % ("|".join(TEXT_COMMANDS), _BRACED), r"\1", text)
    text = re.sub(r"\\frac\s*%s\s*%s" % (_BRACED, _BRACED), r"(\1)/(\2)", text)
    text = re.sub(r"\\sqrt\s*%s" % _BRACED, r"√(\1)", text)
    text = re.sub(r"\\left|\\right", "", text)
    text = re.sub(r"\\([A-Za-z]+|.)", lambda m: SYMBOLS.get(m.group(1), m.group(1)), text)
    text = re.sub(r"_\{([^{}]*)\}", lambda m: _script("", m.group(1)), text)
    text = re.sub(r"\^\{([^{}]*)\}", lambda m: _script("^", m.group(1)), text)
    text = text.replace("{", "").replace("}", "")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s*([=+×·≈≤≥≠])\s*", r" \1 ", text)
    return re.sub(r"\s+", " ", text).strip()


def _script(mark: str, inner: str) -> str:
    inner = inner.strip()
    if re.fullmatch(r"-?[\w.]+", inner):
        return f"{mark}{inner}"
    return f"{mark}({inner})" if mark else f"_({inner})"


DOLLAR_MATH = re.compile(r"(?<![\\\d$])\$\$?(?![\s$])([^$\n]+?)(?<![\s\\])\$\$?(?![\d$])")


def math_to_text(source: str) -> str:
    """Markdown source with `$…$` formulas replaced by their plain text (for backlink quotes, feeds)."""
    return DOLLAR_MATH.sub(lambda m: latex_to_text(m.group(1)), source)


# --- LaTeX → MathML --------------------------------------------------------------------------------

def to_mathml(latex: str, display: bool) -> str:
    """MathML for `latex`; raises ValueError (with latex2mathml's reason) on LaTeX it cannot read."""
    # Imported on first use: it pulls in urllib and ssl (75 ms), and most builds parse no new formula.
    from latex2mathml.converter import convert

    try:
        mathml = convert(latex.strip(), display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises many exception types for bad input
        reason = str(error) or re.sub(r"(?<!^)(?=[A-Z])", " ", type(error).__name__.removesuffix("Error")).lower()
        raise ValueError(f"cannot render math '{latex.strip()}': {reason}") from error
    unknown = re.search(r">(\\[A-Za-z]+)<", mathml)  # latex2mathml prints commands it does not know as text
    if unknown:
        raise ValueError(f"cannot render math '{latex.strip()}': unknown command {unknown.group(1)}")
    # This MathML is trusted past the sanitiser, so nothing in it may act: \href{javascript:...} would make an
    # href (MathML Core has no links anyway), and no LaTeX should ever yield an event handler.
    mathml = re.sub(r'\s(?:xlink:)?href="[^"]*"|\son[a-z]+="[^"]*"', "", mathml, flags=re.IGNORECASE)
    return mathml.replace("<math ", f'<math alttext="{escape(latex.strip())}" ', 1)


def math_html(latex: str, display: bool) -> str:
    """The whole formula element: MathML (skipped by search) plus its plain text (for search only)."""
    tag = "div" if display else "span"
    try:
        mathml = to_mathml(latex, display)
    except ValueError:
        return f'<code class="math-error">{escape(latex.strip())}</code>'
    # A displayed formula may be wider than a phone and scroll: keyboard users must be able to reach it.
    opening = ('class="math math-display" tabindex="0" role="group" aria-label="Formula"' if display
               else 'class="math math-inline"')
    return (f'<{tag} {opening}><span>{mathml}</span>'
            f'<span class="math-text" aria-hidden="true">{escape(latex_to_text(latex))}</span></{tag}>')


def _render_math(display: bool, tag_display: bool | None = None):
    def render(self, tokens, idx, options, env) -> str:
        html = math_html(tokens[idx].content, display)
        if tag_display is False:  # `$$…$$` inside a paragraph: displayed, but must stay phrasing content
            html = "<span" + html[len("<div"): -len("</div>")] + "</span>"
        trust = env.get("trust") if env else None
        return trust(html) if trust else html
    return render


# --- powers in prose -------------------------------------------------------------------------------

def _power_rule(state: StateInline, silent: bool) -> bool:
    """`10^25` in prose: the base is already in the pending text; this rule turns `^25` into a superscript."""
    if state.src[state.pos] != "^" or state.pos == 0 or not state.src[state.pos - 1].isdigit():
        return False
    if not state.pending or not state.pending[-1].isdigit():
        return False
    match = POWER.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("power", "", 0)
        token.content = match.group(1)
    state.pos = match.end()
    return True


def power_html(exponent: str) -> str:
    """A superscript exponent that copies, reads aloud and indexes as `^25`, not as a run-on `1025`."""
    return f'<sup class="power"><span class="visually-hidden">^</span>{escape(exponent)}</sup>'


def _render_power(self, tokens, idx, options, env) -> str:
    return power_html(tokens[idx].content)


PROSE_POWER = re.compile(r"(?<=\d)\^(-?\d+)(?![\w^]|\.\d)")


def powers_in_text(text: str) -> str:
    """Plain text (a summary, a title) as HTML, escaped, with `10^25` shown as a superscript."""
    return PROSE_POWER.sub(lambda match: power_html(match.group(1)), str(escape(text)))


# An editor's raw `10<sup>25</sup>` (inline HTML, or inside an HTML block): a superscript right after a digit,
# holding a number, is a power too. It gets the same hidden caret, so search indexes "10^25", never "1025".
RAW_SUP = re.compile(r"<sup(?:\s[^>]*)?>", re.IGNORECASE)
RAW_POWER_IN_BLOCK = re.compile(r"(?<=\d)(<sup(?:\s[^>]*)?>)(?=-?\d)", re.IGNORECASE)
HIDDEN_CARET = '<span class="visually-hidden">^</span>'


def _caret_raw_powers(state: StateCore) -> None:
    # Every token's text comes from the source: no `<sup`, nothing to do. (`<` first: a case-blind regex search
    # over the whole source costs twenty times a substring test, and most articles have no `<` at all.)
    if "<" not in state.src or not RAW_SUP.search(state.src):
        return
    for token in state.tokens:
        if token.type == "html_block":
            token.content = RAW_POWER_IN_BLOCK.sub(lambda m: m.group(1) + HIDDEN_CARET, token.content)
            continue
        children = token.children or []
        for before, sup, after in zip(children, children[1:], children[2:]):
            if (sup.type == "html_inline" and RAW_SUP.fullmatch(sup.content) and before.type == "text"
                    and before.content[-1:].isdigit() and after.type == "text"
                    and re.match(r"-?\d", after.content)):
                sup.content += HIDDEN_CARET


# --- parse-time checks -----------------------------------------------------------------------------

def _check_math(state: StateCore) -> None:
    """Report LaTeX that cannot be rendered as a positioned problem, before anything is written."""
    problems = state.env.get("problems")
    if problems is None or "$" not in state.src:  # math tokens all start at a `$`
        return
    path = state.env.get("path", "")
    line_offset = state.env.get("line_offset", 1)
    for block in state.tokens:
        candidates = [block] if block.type in MATH_TOKENS else [
            child for child in (block.children or []) if child.type in MATH_TOKENS]
        for token in candidates:
            try:
                to_mathml(token.content, display=True)
            except ValueError as error:
                line = line_offset + (block.map[0] if block.map else 0)
                problems.add(path, line, 1, str(error))


def math_plugin(md: MarkdownIt) -> None:
    """Register dollar math (money-safe), bare powers and their MathML renderers."""
    dollarmath_plugin(md, allow_labels=False, allow_space=False, allow_digits=False, double_inline=True)
    md.add_render_rule("math_inline", _render_math(False))
    md.add_render_rule("math_inline_double", _render_math(True, tag_display=False))
    md.add_render_rule("math_block", _render_math(True))
    md.add_render_rule("math_block_label", _render_math(True))
    md.inline.ruler.push("power", _power_rule)
    md.add_render_rule("power", _render_power)
    md.core.ruler.push("caret_raw_powers", _caret_raw_powers)
    md.core.ruler.push("check_math", _check_math)
