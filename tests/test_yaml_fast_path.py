"""Front matter is parsed with libyaml when it can be, and the result is exactly what a machine whose PyYAML has no
libyaml (the pure-Python, precise loader) gets: the same data, positions and problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
import yaml

from conftest import REPO
from generator.content import frontmatter
from generator.problems import Problems

ARTICLES = sorted((REPO / "content").rglob("*.md")) + sorted((REPO / "tests" / "fixtures").rglob("*.md"))


def loaded(text: str):
    problems = Problems()
    result = frontmatter.load_yaml(text, "a.md", 2, problems)
    shape = None if result is None else (result.data, result.positions, result.value_positions, result.start)
    return shape, [str(p) for p in problems.items]


def both(text: str):
    """(with libyaml, without it): what `load_yaml` gives here, and on a machine whose PyYAML lacks libyaml."""
    assert yaml.__with_libyaml__, "these tests compare the libyaml path with the other one"
    fast = loaded(text)
    yaml.__with_libyaml__ = False
    try:
        precise = loaded(text)
    finally:
        yaml.__with_libyaml__ = True
    return fast, precise


def front_matter_of(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (UnicodeDecodeError, OSError):
        return None
    split = frontmatter.split_front_matter(text, str(path), Problems())
    return split.yaml_text if split else None


# (A few fixtures are deliberately without front matter: there is nothing of theirs to compare.)
WITH_FRONT_MATTER = [path for path in ARTICLES if front_matter_of(path) is not None]


@pytest.mark.parametrize("path", WITH_FRONT_MATTER, ids=lambda p: str(p.relative_to(REPO)))
def test_every_shipped_and_fixture_article_loads_the_same_on_both_paths(path):
    fast, precise = both(front_matter_of(path))
    assert fast == precise


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",                        # duplicate key
    "a: &x [1]\nb: *x\n",                  # alias: refused with the precise message
    "a: 'never closed\n",                  # syntax error
    "published: 2026-13-45\n",             # not a date
    "title: caf\u0007\n",                  # control character
    "m:\n  <<: {x: 1}\n  y: 2\n",            # merge key: the fast walk leaves it to the precise loader
    "a: =\n",                               # the `value` tag, which SafeLoader cannot construct
    "? [1, 2]\n: a\n",                      # a list as a key
    "1: a\n2026-01-01: b\nnull: c\ntrue: d\n",  # keys that are not strings
    "a: 1\nb: {c: 1, c: 2}\n",              # duplicate key in a nested mapping
    "a: 1\na: {b: =}\n",                    # duplicate key whose value cannot be constructed
    "'1': x\n1: y\n",                       # the same text as a key twice, once quoted
    "a: " + "[" * 40 + "]" * 40 + "\n",      # deeper than the fast walk goes
    "title: a * b\nsummary: '*x'\n",         # stars that are not aliases
])
def test_problem_cases_report_exactly_what_the_precise_loader_reports(text):
    fast, precise = both(text)
    assert fast == precise


SCALARS = st.one_of(
    st.text(max_size=40), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans(),
    st.none(), st.dates(),
)
DOCUMENTS = st.dictionaries(
    st.text(min_size=1, max_size=12),
    st.one_of(SCALARS, st.lists(SCALARS, max_size=4), st.dictionaries(st.text(min_size=1, max_size=8), SCALARS,
                                                                       max_size=3)),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(DOCUMENTS, st.booleans())
def test_any_front_matter_a_yaml_writer_produces_loads_the_same_on_both_paths(document, flow_style):
    """libyaml is more lenient than PyYAML on some malformed text (such text still fails validation); on
    well-formed front matter, whatever its content, the two must agree exactly."""
    text = yaml.safe_dump(document, default_flow_style=flow_style, allow_unicode=True, sort_keys=False)
    fast, precise = both(text)
    assert fast == precise
