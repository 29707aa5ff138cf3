"""Fuzzing with hypothesis: front-matter splitting, YAML loading, validation, whole article files as bytes, and our
Markdown plugins (wiki links, citations, math, computed roles, figure directives) never raise; bad input only
ever becomes positioned problems, with 1-based positions inside the file."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from generator.build import markdown_plugins
from generator.content.schema import validate_article
from generator.content.frontmatter import PositionedYAML, load_yaml, split_front_matter
from generator.content.load import load_article, load_content
from generator.markdown.dialect import make_markdown, parse_body, render_body
from generator.problems import Problems
from generator.render.sanitize import Sanitizer

# FUZZ_EXAMPLES=5000 for a longer hunt; 150 keeps the suite quick.
FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                         HealthCheck.function_scoped_fixture])

# Pieces of every syntax we handle, so that random text hits the interesting paths often.
YAML_PIECES = ["---", "...", "title:", "kind: concept", "summary: x", "published: 2026-01-01", "related: [",
               "]", "{", "}", "- ", "  ", "\t", ": ", '"', "'", "&a ", "*a", "!!python/object ", "? ", "|", ">-",
               "#", "\n", "2026-13-45", "1e25", "null", "~", "\x07", "\ufeff", "é", "%YAML 1.2", "!!binary "]
MARKDOWN_PIECES = ["[[", "]]", "|", "\\|", "#", "[@", "@", "; ", ", p. 3", "]", "[", "(", ")", "`", "```", "\n",
                   "\n\n", "$", "$$", "\\frac{1}{2}", "\\href{javascript:x}{y}", "{compute}`", "coom model=deepseek-r1",
                   "coom tc=1e24 ic=1e15", "```{figure-compute} ", "coom-by-model", "effective-compute",
                   "basis: both", "caption: ", "<script>", "<img src=x onerror=y>", "javascript:", "> ", "- ",
                   "1. ", "| a | b |\n|---|---|", "[^1]", "[^1]: ", ":   ", "*", "_", "## ", "alpha-concept",
                   "snell2024", "x", " ", "é", "\x00", "\u2060pw-0-0\u2060"]


def pieces(alphabet: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(alphabet), st.text(max_size=8)), max_size=40).map("".join)


def assert_positioned(problems: Problems, max_line: int) -> None:
    for problem in problems.items:
        assert 1 <= problem.line <= max_line + 1 and problem.column >= 1, problem
        assert problem.message and "Traceback" not in problem.message


@FUZZ
@given(pieces(YAML_PIECES))
def test_splitting_front_matter_never_raises(text):
    problems = Problems()
    split = split_front_matter(text, "a.md", problems)
    assert (split is None) == bool(problems.items)
    if split is not None:
        assert split.body_line >= 3
    assert_positioned(problems, text.count("\n") + 1)


@FUZZ
@given(pieces(YAML_PIECES))
def test_loading_yaml_never_raises_and_positions_stay_in_the_file(text):
    problems = Problems()
    doc = load_yaml(text, "a.md", 2, problems)
    assert (doc is None) == bool(problems.errors)
    assert_positioned(problems, text.count("\n") + 2)
    if doc is not None:
        validate_article(doc, "a.md", problems)  # whatever YAML made, validation only reports
        assert_positioned(problems, text.count("\n") + 2)


yaml_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
              st.dates().map(str)),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children,
                                                                               max_size=4)),
    max_leaves=12)


@FUZZ
@given(st.dictionaries(st.sampled_from(["title", "kind", "summary", "published", "slug", "aliases", "related",
                                        "thresholds", "status", "status_date", "tags", "updated", "uses", "x"]),
                       yaml_values, max_size=10))
def test_validating_any_front_matter_values_never_raises(data):
    problems = Problems()
    validate_article(PositionedYAML(data=data, start=(2, 1)), "a.md", problems)
    assert_positioned(problems, 2)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from([b"", b"---\n", b"\xef\xbb\xbf---\r\n"]))
def test_loading_any_bytes_as_an_article_never_raises(tmp_path_factory, data, prefix):
    path = Path(tmp_path_factory.mktemp("fuzz")) / "x.md"
    path.write_bytes(prefix + data)
    problems = Problems()
    load_article(path, "concept", problems, set())
    assert_positioned(problems, (prefix + data).count(b"\n") + (prefix + data).count(b"\r") + 2)


@pytest.fixture(scope="module")
def real_env():
    """The parse environment of the real wiki (model data and thresholds), so roles and figures really compute."""
    from generator.threshold.data import threshold_data_from_corpus

    content = REPO / "content"
    corpus = load_content(content)
    problems = Problems()
    data = threshold_data_from_corpus(corpus.articles, content / "data" / "models.yaml", problems,
                                      corpus.bibliography.keys if corpus.bibliography else ())
    return {"threshold_data": data, "figures_base": "../../figures/"}


@pytest.fixture(scope="module")
def md():
    return make_markdown(markdown_plugins())


@FUZZ
@given(pieces(MARKDOWN_PIECES))
def test_our_markdown_plugins_never_raise_and_render_safely(md, real_env, body):
    problems = Problems()
    parsed = parse_body(md, body, "a.md", 9, {**real_env, "problems": problems})
    assert_positioned(problems, 9 + body.count("\n") + 1)
    sanitizer = Sanitizer()
    html = sanitizer.clean(render_body(md, parsed, {"trust": sanitizer.trust}))
    assert "<script" not in html.lower()
    assert not re.search(r"""(href|src)\s*=\s*["']?\s*(javascript|vbscript|data):""", html, re.IGNORECASE), html
