"""Site outputs and reading aids: sitemap, Atom feed, robots.txt, social meta, previews.json, tag pages, layout."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import FIXTURES, TEMPLATES
from generator.build import build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(FIXTURES / "small-wiki", content)
    page = content / "concepts" / "beta-concept.md"
    page.write_text(page.read_text().replace("published: 2026-01-11", "published: 2026-01-11\ntags: [Inference, thresholds]"))
    out = tmp_path_factory.mktemp("site") / "site"
    build(content, TEMPLATES, out)
    return out


@pytest.fixture(scope="module")
def base_url(site) -> str:
    return re.search(r'<link rel="canonical" href="([^"]+)">', (site / "index.html").read_text()).group(1)


def test_the_sitemap_lists_every_article_and_listing_with_canonical_urls_and_front_matter_dates(site, base_url):
    root = ET.parse(site / "sitemap.xml").getroot()
    urls = {u.find(f"{SITEMAP}loc").text: getattr(u.find(f"{SITEMAP}lastmod"), "text", None)
            for u in root.iter(f"{SITEMAP}url")}
    assert urls[base_url + "wiki/alpha-concept/"] == "2026-02-01"  # updated wins over published
    assert urls[base_url + "wiki/gamma-concept/"] == "2026-01-12"
    for path in ("", "concepts/", "graph/", "search/", "tags/", "tags/inference/"):
        assert base_url + path in urls, path
    html_pages = {p.relative_to(site).parent.as_posix() for p in site.rglob("index.html")}
    assert {u.removeprefix(base_url).rstrip("/") or "." for u in urls} <= html_pages


def test_the_atom_feed_lists_recently_updated_articles_newest_first_with_dates_from_front_matter(site, base_url):
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["Alpha Concept", "Test Topic", "Test Act", "Gamma Concept", "Beta Concept"]
    first = entries[0]
    assert first.find(f"{ATOM}id").text == base_url + "wiki/alpha-concept/"
    assert first.find(f"{ATOM}updated").text == "2026-02-01T00:00:00Z"
    assert first.find(f"{ATOM}published").text == "2026-01-10T00:00:00Z"
    assert first.find(f"{ATOM}summary").text == "The first concept, which everything else refers to."
    assert feed.find(f"{ATOM}updated").text == "2026-02-01T00:00:00Z"


def test_robots_allows_crawling_and_points_at_the_sitemap(site, base_url):
    assert (site / "robots.txt").read_text() == f"User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n"


def test_every_page_has_canonical_opengraph_twitter_meta_and_the_feed_link(site, base_url):
    html = (site / "wiki" / "alpha-concept" / "index.html").read_text()
    assert f'<link rel="canonical" href="{base_url}wiki/alpha-concept/">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Alpha Concept">' in html
    assert f'<meta property="og:url" content="{base_url}wiki/alpha-concept/">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:description" content="The first concept, which everything else refers to.">' in html
    assert 'type="application/atom+xml"' in html and 'href="../../feed.xml"' in html
    assert '<meta property="og:type" content="website">' in (site / "index.html").read_text()


def test_previews_json_holds_title_summary_kind_and_url_of_every_article_and_nothing_more(site):
    data = json.loads((site / "previews.json").read_text())
    assert sorted(data) == ["alpha-concept", "beta-concept", "gamma-concept", "test-act", "test-topic"]
    assert data["test-act"] == {"title": "Test Act", "summary": data["test-act"]["summary"], "kind": "instrument",
                                "url": "wiki/test-act/"}
    assert (site / "previews.json").stat().st_size < 4000


def test_wiki_links_are_preview_targets_and_the_preview_script_handles_hover_and_focus(site):
    html = (site / "wiki" / "alpha-concept" / "index.html").read_text()
    assert re.search(r'<a class="wikilink" href="../beta-concept/index.html" data-slug="beta-concept"', html)
    script = (site / "static" / "reader.js").read_text()
    # hover, focus and touch, delegated from the document so links added later preview too (browser: test_reading)
    for needle in ('"previews.json"', '"mouseover"', '"focusin"', '"pointerdown"', '"preview-popup"', '"Escape"'):
        assert needle in script, needle
    assert "preview-popup" not in html  # built only by the script: absent without JavaScript


def test_tag_pages_list_the_articles_carrying_each_tag_case_insensitively(site):
    index = (site / "tags" / "index.html").read_text()
    assert '<a href="inference/index.html">inference</a> <span class="graph-kind">(2 articles)</span>' in index
    assert '<a href="thresholds/index.html">thresholds</a>' in index
    tag = (site / "tags" / "inference" / "index.html").read_text()
    assert "<h1>Tag: inference</h1>" in tag
    assert '<a href="../../wiki/alpha-concept/index.html">Alpha Concept</a>' in tag
    assert '<a href="../../wiki/beta-concept/index.html">Beta Concept</a>' in tag
    article = (site / "wiki" / "beta-concept" / "index.html").read_text()
    assert '<a href="../../tags/inference/index.html" rel="tag">Inference</a>' in article


def test_the_theme_follows_the_system_until_the_reader_chooses_and_is_applied_before_first_paint(site):
    html = (site / "index.html").read_text()
    head = html[: html.index("</head>")]
    assert 'localStorage.getItem("policywiki-theme")' in head and 'setAttribute("data-theme",t)' in head
    assert '<button type="button" class="theme-toggle" data-theme-toggle hidden>Dark theme</button>' in html
    css = (site / "static" / "style.css").read_text()
    assert '@media (prefers-color-scheme: dark) {\n  :root:not([data-theme="light"])' in css
    assert ':root[data-theme="dark"]' in css
    assert "localStorage.setItem(THEME_KEY, next)" in (site / "static" / "reader.js").read_text()


def test_print_hides_navigation_and_keeps_article_references_and_citation():
    css = (TEMPLATES / "static" / "style.css").read_text()
    print_rules = " ".join(re.findall(r"@media print \{(.*?)\n\}", css, flags=re.S))
    for hidden in (".site-header", ".breadcrumbs", ".toc", ".site-footer", ".local-graph", ".preview-popup"):
        assert hidden in print_rules, hidden
    hiding = " ".join(re.findall(r"([^{}]*)\{[^}]*display: none", print_rules))
    for kept in (".how-to-cite", ".references", ".article-body", ".reference-list"):
        assert kept not in hiding, kept
    assert "display: none" in print_rules and ".how-to-cite, .references { break-inside: auto; }" in print_rules


def test_every_article_has_breadcrumbs_through_its_kind_index(site):
    html = (site / "wiki" / "test-act" / "index.html").read_text()
    assert re.search(r'<nav class="breadcrumbs" aria-label="Breadcrumbs">\s*<ol>\s*<li><a href="../../index.html">Home'
                     r'</a></li>\s*<li><a href="../../instruments/index.html">Instruments</a></li>', html)
