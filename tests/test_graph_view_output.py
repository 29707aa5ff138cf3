"""The graph drawings and graph.json are exactly what their plain definitions give: the SVG links are the links
relative_url makes, the local graph lists exactly the article's neighbours with their connection to it, graph.json
is the sorted, indented JSON of graph_data, and each wiki gets its own drawings even in one process."""

from __future__ import annotations

import json
import re

import pytest

from conftest import FIXTURES, TEMPLATES
from generator.build import build, check
from generator.render.graphview import article_edges, graph_data, graph_json, graph_svg, local_graph
from generator.render.pages import article_path, relative_url


@pytest.mark.parametrize("fixture", ["small-wiki", "xss-wiki"])
def test_graph_json_is_the_sorted_indented_json_of_graph_data(fixture):
    wiki = check(FIXTURES / fixture).wiki
    assert graph_json(wiki) == json.dumps(graph_data(wiki), ensure_ascii=False, indent=1, sort_keys=True)


@pytest.mark.parametrize("page_path", ["", "graph/", "wiki/", "wiki/alpha-concept/", "wiki/beta-concept/",
                                       "wiki/alpha-concept/notes/", "tags/some-tag/", "feed.xml", "a/b/c/"])
def test_every_node_of_a_drawing_links_to_its_article_as_relative_url_does(small_wiki, page_path):
    wiki = check(small_wiki).wiki
    positions = {slug: (0.5, 0.5) for slug in sorted(wiki.articles)}
    svg = str(graph_svg(wiki, positions, article_edges(wiki), page_path, "g", "Title", "Description"))
    links = dict((slug, href) for href, slug in re.findall(r'href="([^"]*)" data-slug="([^"]*)"', svg))
    assert links == {slug: relative_url(page_path, article_path(slug)) for slug in wiki.articles}


@pytest.mark.parametrize("page_path", ["wiki/alpha-concept/", "a/b/c/"])
def test_the_local_graph_lists_each_neighbour_once_linked_as_relative_url_does_with_its_connection(small_wiki, page_path):
    wiki = check(small_wiki).wiki
    for slug in wiki.articles:
        drawn = local_graph(wiki, slug, article_path(slug) if page_path.startswith("wiki/") else page_path)
        neighbours = wiki.neighbours(slug)
        if not neighbours:
            assert drawn is None
            continue
        items = re.findall(r'<a href="([^"]*)" data-slug="([^"]*)" data-kind="(\w+)" data-type="(\w+)"[ >]',
                           str(drawn["list"]))
        assert sorted(s for _, s, _, _ in items) == sorted(neighbours) and drawn["count"] == len(neighbours)
        here = article_path(slug) if page_path.startswith("wiki/") else page_path
        edges = article_edges(wiki)
        for href, other, kind, edge_type in items:
            assert href == relative_url(here, article_path(other)) and kind == wiki.articles[other].kind
            assert edge_type == edges[tuple(sorted((slug, other)))]


def lines_on_the_list(listed: str) -> dict[tuple[str, str], str]:
    """The lines a local graph's list carries among its neighbours, as article_edges writes them (sorted pair →
    type), each checked to be written once."""
    lines: dict[tuple[str, str], str] = {}
    for end, carried in re.findall(r'data-slug="([^"]*)"[^>]*? data-lines="([^"]*)"', listed):
        for line in carried.split(" "):
            other, edge_type = line.split(":")
            pair = tuple(sorted((end, other)))
            assert pair not in lines, pair
            lines[pair] = edge_type
    return lines


def test_the_local_graphs_list_carries_every_line_among_the_neighbours_once_and_no_other(small_wiki):
    """The page draws its local graph from its own list: the lines among the neighbours (not those to the article,
    which data-type gives) are all there, typed as on /graph/, and nothing from further away."""
    (small_wiki / "concepts" / "far-away.md").write_text(  # two edges from alpha-concept: on no list of alpha's
        "---\ntitle: Far Away\nkind: concept\nsummary: Links to gamma only.\npublished: 2026-01-12\n---\n"
        "See [[gamma-concept]].\n")
    wiki = check(small_wiki).wiki
    edges = article_edges(wiki)
    carried_some = False
    for slug in wiki.articles:
        drawn = local_graph(wiki, slug, article_path(slug))
        if drawn is None:
            continue
        neighbours = set(wiki.neighbours(slug))
        expected = {pair: t for pair, t in edges.items() if set(pair) <= neighbours}
        assert lines_on_the_list(str(drawn["list"])) == expected, slug
        carried_some = carried_some or bool(expected)
    assert carried_some


def test_the_local_graphs_legend_names_the_types_of_every_edge_among_its_articles(small_wiki):
    wiki = check(small_wiki).wiki
    for slug in wiki.articles:
        drawn = local_graph(wiki, slug, article_path(slug))
        if drawn is None:
            continue
        nodes = {slug, *wiki.neighbours(slug)}
        expected = {pair: edge_type for pair, edge_type in article_edges(wiki).items() if set(pair) <= nodes}
        assert [item["type"] for item in drawn["legend"]] == [t for t in ("related", "uses", "discusses", "links")
                                                             if t in expected.values()]
        assert "json_url" not in drawn  # an article page does not fetch the whole wiki's graph


def test_a_wiki_checked_again_in_the_same_process_gets_drawings_of_its_own_links(small_wiki):
    first = check(small_wiki).wiki
    before = local_graph(first, "gamma-concept", article_path("gamma-concept"))
    assert ("gamma-concept", "test-topic") not in article_edges(first)
    topic = small_wiki / "topics" / "test-topic.md"
    topic.write_text(topic.read_text() + "\nSee also [[gamma-concept]].\n")
    second = check(small_wiki).wiki
    after = local_graph(second, "gamma-concept", article_path("gamma-concept"))
    assert article_edges(second)[("gamma-concept", "test-topic")] == "links"
    assert 'data-slug="test-topic"' not in str(before["list"] if before else "")
    assert 'data-slug="test-topic"' in str(after["list"])


def test_the_graph_page_lists_each_articles_connections_by_title_with_escaped_names_or_says_there_are_none(
        small_wiki, tmp_path):
    (small_wiki / "concepts" / "fish-chips.md").write_text(
        "---\ntitle: Fish & <Chips>\nkind: concept\nsummary: A concept with markup in its title.\n"
        "published: 2026-01-12\n---\nFish links to [[gamma-concept]].\n")
    (small_wiki / "concepts" / "lonely.md").write_text(
        "---\ntitle: Lonely\nkind: concept\nsummary: A concept nothing links to and that links nowhere.\n"
        "published: 2026-01-12\n---\nNo links here.\n")
    build(small_wiki, TEMPLATES, tmp_path / "site")
    html = (tmp_path / "site" / "graph" / "index.html").read_text()
    rows = dict(re.findall(r'<dt><a href="[^"]*">([^<]*)</a>.*?</dt>\n\s*<dd>(.*?)</dd>', html))
    assert rows["Lonely"] == "No connections yet."
    assert rows["Gamma Concept"] == (
        '<a href="../wiki/alpha-concept/index.html">Alpha Concept</a> <span class="graph-kind">(links)</span>; '
        '<a href="../wiki/fish-chips/index.html">Fish &amp; &lt;Chips&gt;</a> <span class="graph-kind">(links)</span>')
    assert rows["Fish &amp; &lt;Chips&gt;"] == (
        '<a href="../wiki/gamma-concept/index.html">Gamma Concept</a> <span class="graph-kind">(links)</span>')
