"""The link stage: every derived view of the wiki is a query on one NetworkX graph."""

from __future__ import annotations

import pytest

from generator.build import check


@pytest.fixture
def wiki(small_wiki):
    return check(small_wiki).wiki


def test_nodes_are_typed_and_edges_carry_their_type(wiki):
    assert wiki.graph.nodes["alpha-concept"]["kind"] == "concept"
    assert wiki.graph.nodes["test-act"]["kind"] == "instrument"
    assert wiki.graph.nodes["ref:snell2024"]["kind"] == "reference"
    edge_types = {key for _, _, key in wiki.graph.edges(keys=True)}
    assert edge_types == {"related", "uses", "discusses", "links", "cites"}


def test_used_by_lists_the_instruments_that_rely_on_a_concept(wiki):
    assert wiki.used_by("alpha-concept") == ["test-act"]
    assert wiki.used_by("beta-concept") == []


def test_related_lists_declared_concepts_then_those_that_point_back(wiki):
    assert wiki.related("alpha-concept") == ["beta-concept"]
    assert wiki.related("beta-concept") == ["alpha-concept"]


def test_topic_appearances_come_from_discusses_and_from_links(wiki):
    assert wiki.topics_for("alpha-concept") == ["test-topic"]
    assert wiki.topics_for("beta-concept") == ["test-topic"]
    assert wiki.topics_for("test-act") == ["test-topic"]


def test_backlinks_carry_the_sentence_around_each_incoming_link(wiki):
    """Kept as readable source; the page turns links into titles in the site's citation style."""
    backlinks = {b.source: b.contexts for b in wiki.backlinks("alpha-concept")}
    assert backlinks["beta-concept"] == [
        "Beta builds on [[alpha-concept]] directly.",
        "Another sentence mentions the [[first idea]] by its alias.",
    ]
    assert backlinks["test-act"] == ["The Test Act relies on [[alpha-concept]]."]


def test_aliases_resolve_case_insensitively_to_their_article(wiki):
    assert wiki.resolve("First Idea") == "alpha-concept"
    assert wiki.resolve("ALPHA-concept") == "alpha-concept"
    assert wiki.resolve("nothing") is None


def test_citations_and_primary_sources_become_cites_edges(wiki):
    assert wiki.cites("alpha-concept") == ["snell2024"]
    assert wiki.cited_by("warhol1975") == ["beta-concept"]


def test_an_article_nothing_points_to_is_an_orphan(wiki):
    assert wiki.orphans == ["test-topic"]


def test_the_graph_is_the_one_networkx_add_edge_builds_from_the_same_edges(tmp_path):
    """The link stage writes edges straight into NetworkX's adjacency (graph.py `_edge_data`): the graph must
    be indistinguishable from one built edge by edge with NetworkX's own API, both directions included."""
    import sys

    import networkx as nx

    from conftest import REPO

    sys.path.insert(0, str(REPO / "bench"))
    from corpus import generate

    graph = check(generate(40, tmp_path / "content", seed=2)).wiki.graph
    reference = nx.MultiDiGraph()
    reference.add_nodes_from(graph.nodes(data=True))
    for source, target, key, data in graph.edges(keys=True, data=True):
        reference.add_edge(source, target, key=key, **data)
    assert nx.utils.graphs_equal(graph, reference)
    assert sorted(graph.in_edges(keys=True)) == sorted(reference.in_edges(keys=True))
    # One data dict per edge, seen from both ends (as add_edge makes it): an attribute set from one end shows
    # from the other.
    assert all(graph.pred[target][source][key] is graph.succ[source][target][key]
               for source, target, key in graph.edges(keys=True))
    assert graph.number_of_edges() == reference.number_of_edges() > 100
