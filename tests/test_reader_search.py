"""Search: a Pagefind index written with every build, weighted towards titles, aliases and summaries;
a search box on every page and a /search/ page that is useful without JavaScript."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import TEMPLATES
from generator.build import build
from generator.search import BUNDLE_DIR, index_site

# Raw HTML an editor may write: a power inline, and one inside an HTML block.
RAW_POWERS = "\n\nIt applies above 10<sup>26</sup> operations.\n\n<p>Or 10<sup class=\"x\">-3</sup> of that.</p>\n"


def bundle(site: Path) -> dict[str, bytes]:
    """Every file Pagefind wrote: site-relative path → bytes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted((site / BUNDLE_DIR).rglob("*"))
            if p.is_file()}


def indexed_pages(site: Path) -> dict[str, dict]:
    """Pagefind's per-page fragments, decoded: url → {content, meta, ...}."""
    pages = {}
    for fragment in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{"):])
        pages[record["url"]] = record
    return pages


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    from conftest import FIXTURES

    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(FIXTURES / "small-wiki", content)
    with (content / "instruments" / "test-act.md").open("a", encoding="utf-8") as act:
        act.write(RAW_POWERS)
    return content


@pytest.fixture(scope="module")
def site(content, tmp_path_factory) -> Path:
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


def test_raw_html_powers_carry_the_hidden_caret_in_the_page_and_index_as_powers(site):
    html = (site / "wiki" / "test-act" / "index.html").read_text()
    assert '10<sup><span class="visually-hidden">^</span>26</sup> operations' in html
    assert '10<sup class="x"><span class="visually-hidden">^</span>-3</sup> of that' in html
    content = indexed_pages(site)["/wiki/test-act/index.html"]["content"]
    assert "10^26" in content and "10^-3" in content
    assert "1026" not in content and "10-3" not in content


def test_two_builds_of_the_same_content_write_byte_identical_index_files(site, content, tmp_path):
    again = tmp_path / "site"
    build(content, TEMPLATES, again)
    first, second = bundle(site), bundle(again)
    assert any(name.startswith("pagefind/fragment/") for name in first)
    assert first == second


def test_indexing_reads_the_pages_in_place_and_writes_only_the_bundle(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(BUNDLE_DIR))
    pages = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    index_site(copy)
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file() and BUNDLE_DIR not in p.parts} == pages
    assert bundle(copy) == bundle(site)


def test_a_site_without_article_pages_gets_no_index_and_no_error(tmp_path):
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "index.html").write_text("<html><body>Search</body></html>")
    index_site(tmp_path)
    assert not (tmp_path / BUNDLE_DIR).exists()


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
