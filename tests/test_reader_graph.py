"""Graph view: /graph/ and a local graph per article, drawn as SVG at build time, plus graph.json."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, TEMPLATES
from generator.build import build, check
from generator.render import graphview
from generator.render.graphview import article_edges, global_picture


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("content") / "content"
    shutil.copytree(FIXTURES / "small-wiki", content)
    out = tmp_path_factory.mktemp("site") / "site"
    build(content, TEMPLATES, out)
    return out


def test_graph_json_lists_articles_and_references_with_typed_edges(site):
    data = json.loads((site / "graph.json").read_text())
    articles = {n["id"]: n for n in data["nodes"] if n["type"] == "article"}
    assert set(articles) == {"alpha-concept", "beta-concept", "gamma-concept", "test-act", "test-topic"}
    assert articles["test-act"] == {"id": "test-act", "type": "article", "kind": "instrument", "title": "Test Act",
                                    "url": "wiki/test-act/"}
    assert any(n["type"] == "reference" and n["key"] == "snell2024" for n in data["nodes"])
    edges = {(e["source"], e["target"], e["type"]) for e in data["edges"]}
    assert ("alpha-concept", "beta-concept", "related") in edges
    assert ("alpha-concept", "ref:snell2024", "cites") in edges
    assert {e["type"] for e in data["edges"]} <= set(data["edge_types"])


def test_the_global_graph_page_links_every_article_and_explains_edge_types(site):
    html = (site / "graph" / "index.html").read_text()
    svg = html[html.index("<svg class=\"graph-svg\""): html.index("</svg>")]
    assert 'aria-labelledby="global-graph-svg-title global-graph-svg-desc"' in svg
    assert '<title id="global-graph-svg-title">Graph of every article</title>' in svg
    for slug, title in (("alpha-concept", "Alpha Concept"), ("test-act", "Test Act"), ("test-topic", "Test Topic")):
        assert re.search(rf'<a class="node node-\w+" href="../wiki/{slug}/index.html" data-slug="{slug}">'
                         rf'<circle [^>]+/><text [^>]+>{title}</text></a>', svg), slug
    assert '<line class="edge edge-related"' in svg
    assert "<strong>related</strong>: related concepts" in html and "<strong>uses</strong>" in html
    assert "The same connections as a list" in html


def test_a_wiki_past_the_picture_limit_draws_and_lists_only_its_most_connected_articles(
        small_wiki, tmp_path, monkeypatch):
    # small-wiki's connections: alpha 4, test-topic 3, beta and test-act 2 each (beta first by slug), gamma 1.
    monkeypatch.setattr(graphview, "PICTURE_LIMIT", 3)
    build(small_wiki, TEMPLATES, tmp_path / "site")
    html = (tmp_path / "site" / "graph" / "index.html").read_text()
    svg = html[html.index("<svg class=\"graph-svg\""): html.index("</svg>")]
    assert set(re.findall(r'data-slug="([^"]+)"', svg)) == {"alpha-concept", "beta-concept", "test-topic"}
    assert '<title id="global-graph-svg-title">Graph of the 3 most connected articles</title>' in svg
    assert "The 3 most connected of 5 articles, and the 3 connections among them." in svg
    assert "The 3 most connected of the wiki’s 5 articles" in html
    rows = dict(re.findall(r'<dt><a href="[^"]*">([^<]*)</a>.*?</dt>\n\s*<dd>(.*?)</dd>', html))
    assert rows == {
        "Alpha Concept": '<a href="../wiki/beta-concept/index.html">Beta Concept</a> <span class="graph-kind">'
                         '(related)</span>; <a href="../wiki/test-topic/index.html">Test Topic</a> '
                         '<span class="graph-kind">(discusses)</span>',
        "Beta Concept": '<a href="../wiki/alpha-concept/index.html">Alpha Concept</a> <span class="graph-kind">'
                        '(related)</span>; <a href="../wiki/test-topic/index.html">Test Topic</a> '
                        '<span class="graph-kind">(discusses)</span>',
        "Test Topic": '<a href="../wiki/alpha-concept/index.html">Alpha Concept</a> <span class="graph-kind">'
                      '(discusses)</span>; <a href="../wiki/beta-concept/index.html">Beta Concept</a> '
                      '<span class="graph-kind">(discusses)</span>',
    }
    data = json.loads((tmp_path / "site" / "graph.json").read_text())  # the data keeps every article
    assert {n["id"] for n in data["nodes"] if n["type"] == "article"} == {
        "alpha-concept", "beta-concept", "gamma-concept", "test-act", "test-topic"}


def test_a_wiki_within_the_picture_limit_says_it_shows_every_article(site):
    html = (site / "graph" / "index.html").read_text()
    assert "Every article and how it connects to the others." in html
    assert "5 articles and 6 connections." in html and "most connected" not in html


def test_the_layout_is_deterministic_and_inside_the_unit_square(small_wiki):
    first, second = global_picture(check(small_wiki).wiki), global_picture(check(small_wiki).wiki)
    assert first == second
    positions, _edges = first
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in positions.values())


def test_one_line_per_pair_of_articles_with_the_most_specific_type(small_wiki):
    wiki = check(small_wiki).wiki
    edges = article_edges(wiki)
    assert len(edges) == len(set(edges))
    assert all(a < b for a, b in edges)
    assert edges[("alpha-concept", "beta-concept")] == "related"


def test_each_article_shows_its_local_graph_with_itself_unlinked_and_neighbours_linked(site):
    html = (site / "wiki" / "alpha-concept" / "index.html").read_text()
    section = html[html.index('<section class="local-graph"'):]
    section = section[: section.index("</section>")]
    assert 'data-slug="alpha-concept"' in section and 'href="../alpha-concept/index.html"' not in section
    assert ('href="../beta-concept/index.html" data-slug="beta-concept" data-kind="concept" data-type="related" '
            'data-lines="test-topic:discusses"') in section  # its line to another neighbour, carried by the page
    assert "graph.json" not in section
    assert 'href="../test-act/index.html"' in section  # the instrument that uses alpha
    assert "Alpha Concept connects to" in section
    assert 'href="../../graph/index.html"' in section


def test_every_page_links_to_the_graph_from_the_main_navigation(site):
    for page in ("index.html", "wiki/test-topic/index.html"):
        assert "<li><a href=\"" in (site / page).read_text()
        assert re.search(r'<a href="(\.\./)*graph/index.html">Graph</a>', (site / page).read_text()), page


def test_a_line_drawn_between_two_neighbours_reaches_the_articles_page_in_an_incremental_build(small_wiki, tmp_path):
    """alpha's page carries the lines among its neighbours; a link from gamma to test-act (both alpha's
    neighbours) adds one. The build after the edit renders alpha's page again (its local-graph read now returns
    something else) and equals a clean build byte for byte."""
    from conftest import clean_build, replace_in, tree_bytes

    site = tmp_path / "site"
    build(small_wiki, TEMPLATES, site)
    page = site / "wiki" / "alpha-concept" / "index.html"
    assert 'data-slug="gamma-concept" data-kind="concept" data-type="links">' in page.read_text()
    replace_in(small_wiki / "concepts" / "gamma-concept.md", "before [[alpha-concept]].",
               "before [[alpha-concept]], and before [[test-act]].")
    build(small_wiki, TEMPLATES, site)
    assert 'data-slug="gamma-concept" data-kind="concept" data-type="links" data-lines="test-act:links">' in (
        page.read_text())
    assert tree_bytes(site) == clean_build(small_wiki, tmp_path / "clean")
