"""Search: a Pagefind index written with every build, weighted towards titles, aliases and summaries;
a search box on every page and a /search/ page that is useful without JavaScript."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from conftest import TEMPLATES
from generator.build import build
from generator.search import text_for_index


def indexed_pages(site: Path) -> dict[str, dict]:
    """Pagefind's per-page fragments, decoded: url → {content, meta, ...}."""
    pages = {}
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        pages[record["url"]] = record
    return pages


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    import shutil

    from conftest import FIXTURES

    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(FIXTURES / "small-wiki", content)
    out = tmp_path_factory.mktemp("site") / "site"
    build(content, TEMPLATES, out)
    return out


def test_the_build_writes_a_pagefind_bundle_beside_the_pages(site):
    for name in ("pagefind.js", "pagefind-entry.json", "wasm.unknown.pagefind"):
        assert (site / "pagefind" / name).is_file(), name
    assert list((site / "pagefind" / "index").iterdir())


def test_every_article_and_nothing_else_is_indexed_with_stable_urls(site):
    urls = set(indexed_pages(site))
    assert urls == {f"/wiki/{slug}/index.html" for slug in
                    ("alpha-concept", "beta-concept", "gamma-concept", "test-act", "test-topic")}


def test_index_records_carry_title_and_summary_and_leave_out_chrome_and_other_pages_summaries(site):
    record = indexed_pages(site)["/wiki/alpha-concept/index.html"]
    assert record["meta"]["title"] == "Alpha Concept"
    assert record["meta"]["summary"] == "The first concept, which everything else refers to."
    assert "Alpha is defined in a paper" in record["content"]
    assert "first idea" in record["content"]  # the alias
    for chrome in ("Skip to content", "Published by", "How to cite this article", "Pages that link here"):
        assert chrome not in record["content"], chrome


def test_titles_aliases_and_summaries_weigh_more_than_body_text(site):
    html = (site / "wiki" / "alpha-concept" / "index.html").read_text()
    assert re.search(r'<h1 data-pagefind-weight="10"[^>]*>Alpha Concept</h1>', html)
    assert re.search(r'<p class="summary" data-pagefind-weight="6"', html)
    assert '<dd data-pagefind-weight="8">first idea</dd>' in html
    assert "<article " in html and "data-pagefind-body" in html


def test_powers_of_ten_are_indexed_as_ten_caret_exponent_never_run_together(site):
    record = indexed_pages(site)["/wiki/test-act/index.html"]
    assert "10^25" in record["content"]
    assert "1025" not in record["content"]


def test_any_superscript_after_a_digit_reads_as_a_power_in_the_index():
    assert text_for_index("3.5 × 10<sup>24</sup> and 10<sup class='x'>-3</sup> and x<sup>2</sup>") == \
        "3.5 × 10<sup>^24</sup> and 10<sup class='x'>^-3</sup> and x<sup>2</sup>"


def test_every_page_has_a_labelled_search_box_that_submits_to_the_search_page(site):
    for page in ("index.html", "wiki/alpha-concept/index.html", "concepts/index.html", "search/index.html"):
        html = (site / page).read_text()
        form = re.search(r'<form class="search-form" role="search" aria-label="Site" action="([^"]+)" method="get">',
                         html)
        assert form, page
        assert (site / page).parent.joinpath(form.group(1)).resolve() == (site / "search" / "index.html").resolve()
        assert '<label class="visually-hidden" for="search-input">' in html
        assert '<input id="search-input" name="q" type="search"' in html


def test_the_search_page_lists_every_article_with_aliases_for_readers_without_javascript(site):
    html = (site / "search" / "index.html").read_text()
    assert '<section id="search-fallback"' in html and "<noscript>" in html
    for title in ("Alpha Concept", "Beta Concept", "Gamma Concept", "Test Act", "Test Topic"):
        assert f">{title}</a>" in html, title
    assert "also: first idea" in html
    assert 'data-pagefind-url="../pagefind/pagefind.js"' in html


def test_the_reader_script_focuses_search_on_slash_and_runs_pagefind(site):
    script = (site / "static" / "reader.js").read_text()
    assert 'event.key !== "/"' in script and "input.focus()" in script
    assert "pagefind.search(" in script and "baseUrl" in script
