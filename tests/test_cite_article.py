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
    assert "author = {{Policywiki Contributors}}" in bibtex
    entry = parse_string(bibtex, "bibtex").entries["inference-time-compute"]
    assert entry.fields["date"] == "2026-07-09" and entry.fields["urldate"] == "2026-12-01"
    assert str(entry.persons["author"][0]) == "{Policywiki Contributors}"


def test_apa_dates_a_revised_article_by_its_update_and_chicago_says_last_modified() -> None:
    assert "(2026, November 22)" in cite_article(ARTICLE, "apa").text
    assert "Last modified November 22, 2026." in cite_article(ARTICLE, "chicago").text
    assert "(2026, July 9)" in cite_article(NEVER_UPDATED, "apa").text


# --- the direct BibTeX writer is pybtex's writer, byte for byte ------------------------------------

def outcome(make):
    try:
        return make()
    except Exception as error:  # noqa: BLE001 (the same error is part of "the same result")
        return type(error).__name__, str(error)


def wiki_citations() -> list[ArticleCitation]:
    from generator.render.citations import article_citation
    from generator.content.load import load_content

    root = Path(__file__).resolve().parents[1]
    found = []
    for content in [root / "content", *sorted(p for p in (root / "tests" / "fixtures").iterdir() if p.is_dir())]:
        corpus = load_content(content)
        if corpus.site is not None:
            found += [article_citation(article, corpus.site, date(2026, 6, 21)) for article in corpus.articles]
    return found


TRICKY_TITLES = ["100% of Compute & More", "Rule_42 #1 ~ Approx.", 'A "Quoted" Title', "Café — 10^25 ×", "{Braced}",
                 "Back\\slash", "Un{matched", "Un}matched", "a~ ~b", "", "Lone \ud800 Surrogate"]
TRICKY_PUBLISHERS = ["Policywiki Contributors", "Smith & Jones", "Ann and Bob", "Doe, Jane", "{Braced}", "", 'Q"uote']


def bibtex_round_trip(citation: ArticleCitation) -> None:
    """The .bib download parses back to the article: same title (as the styles read it), author, URL."""
    from generator.cite.article import article_item
    from generator.cite.item import item_from_entry

    entry = parse_string(article_bibtex(citation), "bibtex").entries[citation.slug]
    item = item_from_entry(citation.slug, entry)
    expected = article_item(citation)
    assert item.title == expected.title
    assert [n.literal for n in item.authors] == [citation.publisher]
    assert item.url == citation.url and item.issued == expected.issued


def test_article_bibtex_reads_back_as_the_article_for_every_wiki_article() -> None:
    citations = wiki_citations()
    assert len(citations) > 20
    for citation in citations:
        bibtex_round_trip(citation)


@pytest.mark.parametrize("title", TRICKY_TITLES[:-1])
def test_article_bibtex_reads_back_as_the_article_for_awkward_text(title: str) -> None:
    for publisher in TRICKY_PUBLISHERS:
        if publisher in ("", "{Braced}", 'Q"uote', "Ann and Bob"):
            continue  # not a name BibTeX can hold as one corporate author without the braces it is made of
        bibtex_round_trip(ArticleCitation(**{**ARTICLE.__dict__, "title": title, "publisher": publisher,
                                             "url": "https://example.org/wiki/a_b/?q=100%#x"}))


def test_article_bibtex_braces_only_protected_words_and_dates_with_date() -> None:
    bibtex = article_bibtex(ArticleCitation(**{**ARTICLE.__dict__, "title": "Why the {EU AI Act} Matters"}))
    assert "title = {Why the {EU AI Act} Matters}" in bibtex
    assert "date = {2026-07-09}" in bibtex  # for biblatex; classic BibTeX reads year and month
    assert "year = {2026}" in bibtex and "month = jul" in bibtex and bibtex.startswith("@misc{")
    instrument = article_bibtex(ArticleCitation(**{**ARTICLE.__dict__, "title": "New York RAISE Act",
                                                   "kind": "instrument"}))
    assert "title = {{New York RAISE Act}}" in instrument


def test_latex_encoding_matches_latexcodec_for_every_character() -> None:
    import codecs

    from generator.cite.exports import latex_encode

    for start in range(0, 0x110000, 0x1000):
        text = "".join(map(chr, range(start, start + 0x1000)))
        # (lone surrogates: latexcodec refuses them, and so do we)
        assert outcome(lambda t=text: latex_encode(t)) == outcome(lambda t=text: codecs.encode(t, "ulatex+UTF-8"))
    for c in map(chr, range(128)):
        assert latex_encode(f"a{c} b") == codecs.encode(f"a{c} b", "ulatex+UTF-8")


@pytest.mark.parametrize(("title", "kind", "apa_title"), [
    ("Why the {EU AI Act} Counts Compute", "topic", "Why the EU AI Act counts compute"),
    ("New York RAISE Act", "instrument", "New York RAISE Act"),
    ("US Executive Order 14110", "instrument", "US Executive Order 14110"),
    ("Inference Scaling Reshapes AI Governance (Ord, 2025)", "topic", "Inference scaling reshapes AI governance (Ord, 2025)"),
    ("Counting Compute: What the Rules Include", "topic", "Counting compute: What the rules include"),
])
def test_front_matter_titles_keep_proper_nouns_in_sentence_case(title: str, kind: str, apa_title: str) -> None:
    article = ArticleCitation(**{**ARTICLE.__dict__, "title": title, "kind": kind})
    assert f" {apa_title} [Wiki article]." in cite_article(article, "apa").text
    assert f"(2026) {apa_title}, Policywiki" in cite_article(article, "harvard").text
    assert "{" not in cite_article(article, "chicago").text
