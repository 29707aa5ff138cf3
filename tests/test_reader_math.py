"""Math: `$…$` and `$$…$$` become MathML at build time; money stays money; powers of ten read right everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import TEMPLATES
from generator.build import build, check
from generator.markdown.dialect import make_markdown
from generator.markdown.mathml import latex_to_text, math_plugin, math_to_text
from generator.problems import ContentError
from generator.outputs.searchindex import page_text

MATH_SECTION = """
## Formulas

Training compute is about $6 N D$ and the EU line is $10^{25}$ FLOP.

$$
\\mathrm{COOM} = \\log_{10}(\\mathrm{TC}) + \\log_{10}(\\mathrm{IC})
$$

It cost $500M in 2024, between $1 million and $3 million a year, or $5-$6 million.
The EU AI Act uses 10^25 FLOP; 5.2 × 10^24 is below it; `10^25` in code stays code.

Here [[alpha-concept]] sits at $10^{25}$ FLOP.
"""


def render(source: str) -> str:
    md = make_markdown([math_plugin])
    return md.render(source, {"trust": lambda html: html})


@pytest.fixture
def math_site(small_wiki: Path, tmp_path: Path) -> Path:
    page = small_wiki / "concepts" / "gamma-concept.md"
    page.write_text(page.read_text() + MATH_SECTION)
    out = tmp_path / "site"
    build(small_wiki, TEMPLATES, out)
    return out


def test_inline_and_display_math_become_mathml_in_the_built_page(math_site):
    html = (math_site / "wiki" / "gamma-concept" / "index.html").read_text()
    assert '<math alttext="10^{25}" xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert "<msup><mn>10</mn><mrow><mn>25</mn></mrow></msup>" in html
    assert 'display="block"' in html and "<mi>log</mi>" in html
    visible = re.sub(r'alttext="[^"]*"', "", html)
    assert "$6 N D$" not in visible and "\\log_" not in visible


def test_dollar_amounts_are_money_not_math():
    html = render("It cost $500M in 2024, between $1 million and $3 million a year, or $5-$6 million.")
    assert "<math" not in html
    assert "$500M" in html and "$1 million and $3 million" in html and "$5-$6 million" in html
    assert render("US$100M and US$200M").count("<math") == 0


def test_money_in_a_built_page_survives_sanitising_while_math_survives_as_mathml(math_site):
    html = (math_site / "wiki" / "gamma-concept" / "index.html").read_text()
    assert "It cost $500M in 2024, between $1 million and $3 million a year, or $5-$6 million." in html
    assert html.count("<math ") == 4


def test_a_bare_power_of_ten_in_prose_is_a_superscript_that_copies_and_indexes_as_a_caret():
    html = render("The EU AI Act uses 10^25 FLOP; 5.2 × 10^24 and 10^-3. Not `10^25`.")
    assert '10<sup class="power"><span class="visually-hidden">^</span>25</sup> FLOP' in html
    assert '5.2 × 10<sup class="power"><span class="visually-hidden">^</span>24</sup>' in html
    assert '10<sup class="power"><span class="visually-hidden">^</span>-3</sup>.' in html
    assert "<code>10^25</code>" in html


def test_every_formula_carries_a_plain_text_form_for_search_and_hides_the_mathml_from_the_index():
    html = render("The line is $10^{25}$ FLOP.")
    assert '<span><math' in html
    text, _ = page_text(f'<article><div class="article-body" data-search="body"><p>{html}</p></div></article>')
    assert "10^25" in text and "<math" not in text and "1025" not in text  # the index skips the MathML
    assert '<span class="math-text" aria-hidden="true">10^25</span>' in html


@pytest.mark.parametrize("latex, text", [
    ("10^{25}", "10^25"),
    ("3.5 \\times 10^{24}", "3.5 × 10^24"),
    ("10^{-3}", "10^-3"),
    ("\\mathrm{COOM} = \\log_{10}(\\mathrm{TC}) + \\log_{10}(\\mathrm{IC})", "COOM = log10(TC) + log10(IC)"),
    ("C \\approx N D + C_{\\text{post-training}}", "C ≈ N D + C_(post-training)"),
    ("\\frac{a}{b}", "(a)/(b)"),
])
def test_latex_reads_as_plain_text_without_braces(latex, text):
    assert latex_to_text(latex) == text
    assert "{" not in latex_to_text(latex) and "2u" not in latex_to_text(latex)


def test_formulas_in_plain_text_read_as_text_and_money_is_left_alone():
    assert math_to_text("above $10^{25}$ FLOP, costing $500M and $3 million") == \
        "above 10^25 FLOP, costing $500M and $3 million"


def test_a_backlink_quote_shows_a_formula_as_plain_text(math_site):
    html = (math_site / "wiki" / "alpha-concept" / "index.html").read_text()
    # The formula becomes text, and the power a superscript that still copies as "10^25".
    assert ('<blockquote>Here Alpha Concept sits at 10<sup class="power"><span class="visually-hidden">^</span>25</sup>'
            " FLOP.</blockquote>") in html


def test_latex_that_cannot_be_rendered_is_a_positioned_problem_not_a_traceback(small_wiki):
    page = small_wiki / "concepts" / "gamma-concept.md"
    lines = page.read_text().count("\n")
    page.write_text(page.read_text() + "\nBad $x^$ here and $\\unknowncmd x$ there.\n")
    with pytest.raises(ContentError) as caught:
        check(small_wiki)
    messages = [(p.line, p.message) for p in caught.value.problems if "cannot render math" in p.message]
    assert [line for line, _ in messages] == [lines + 2, lines + 2]
    assert any("unknown command \\unknowncmd" in message for _, message in messages)
    assert any("'x^': missing super script or subscript" in message for _, message in messages)


def test_unreadable_math_renders_as_inert_code():
    assert '<code class="math-error">x^</code>' in render("Bad $x^$ here.")
