"""An article's own citation ("How to cite this article"): golden files per style and export.

The wiki's publisher is the corporate author; the article's dates and stable URL are used; the
access date is given. Never "n.d..", never "<<url>>", and the corporate author is braced in BibTeX.
Regenerate after an intended change with: UPDATE_GOLDEN=1 pytest tests/test_cite_article.py
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from pybtex.database import parse_string

from generator.cite import (
    CITATION_STYLES, ArticleCitation, article_bibtex, article_csl_json, article_ris, cite_article,
)

GOLDEN = Path(__file__).parent / "golden" / "cite"
ARTICLE = ArticleCitation(
    title="Inference-Time Compute",
    slug="inference-time-compute",
    url="https://policywiki.example.org/wiki/inference-time-compute/",
    publisher="Policywiki Contributors",
    published=date(2026, 7, 9),
    updated=date(2026, 11, 22),
    accessed=date(2026, 12, 1),
    kind="concept",
    language="en",
)
NEVER_UPDATED = ArticleCitation(**{**ARTICLE.__dict__, "updated": None})


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def rendered(article: ArticleCitation, style: str) -> str:
    f = cite_article(article, style)
    return f"text: {f.text}\nhtml: {f.html}\ncite_text: {f.cite_text}\ncite_html: {f.cite_html}\n"


@pytest.mark.parametrize("style", CITATION_STYLES)
def test_article_citation_matches_golden_file(style: str) -> None:
    check_golden(f"article.{style}.txt", rendered(ARTICLE, style) + "--- never updated\n" + rendered(NEVER_UPDATED, style))


def test_article_exports_match_golden_files() -> None:
    check_golden("article.bib", article_bibtex(ARTICLE))
    check_golden("article.ris", article_ris(ARTICLE))
    check_golden("article.csl.json", article_csl_json(ARTICLE))


@pytest.mark.parametrize("style", CITATION_STYLES)
def test_article_citation_never_has_doubled_punctuation_or_brackets(style: str) -> None:
    f = cite_article(ARTICLE, style)
    for text in (f.text, f.cite_text):
        assert "n.d." not in text and ".." not in text and "<<" not in text and ">>" not in text
        assert ARTICLE.publisher in text
    assert ARTICLE.url in f.text


def test_article_bibtex_braces_the_publisher_and_reparses() -> None:
    bibtex = article_bibtex(ARTICLE)
    assert 'author = "{Policywiki Contributors}"' in bibtex
    entry = parse_string(bibtex, "bibtex").entries["inference-time-compute"]
    assert entry.fields["year"] == "2026" and entry.fields["urldate"] == "2026-12-01"
    assert str(entry.persons["author"][0]) == "{Policywiki Contributors}"


def test_apa_dates_a_revised_article_by_its_update_and_chicago_says_last_modified() -> None:
    assert "(2026, November 22)" in cite_article(ARTICLE, "apa").text
    assert "Last modified November 22, 2026." in cite_article(ARTICLE, "chicago").text
    assert "(2026, July 9)" in cite_article(NEVER_UPDATED, "apa").text
