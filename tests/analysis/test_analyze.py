"""analyze(): every metric lands on the nodes, the summary says how, and the engine is chosen by size."""

from __future__ import annotations

import networkx as nx
import pytest

import kg.analysis
import kg.analysis.engines as engines
from kg.analysis import METRICS, analyze, metric, summary_of
from kg.analysis.centrality import pagerank
from kg.analysis.views import knowledge_view

EVERY_NODE = ("degree", "pagerank", "betweenness", "kcore", "community", "community_label")
CITATION = ("citation_pagerank", "citation_in", "citation_out", "hits_hub", "hits_authority")


def test_every_node_carries_the_analysis(tiny_graph):
    analyze(tiny_graph)
    for node, data in tiny_graph.nodes(data=True):
        assert set(EVERY_NODE) <= set(data), node
        assert isinstance(data["community"], int)
        assert isinstance(data["community_label"], str)
        assert (set(CITATION) <= set(data)) == (data["kind"] == "paper"), node


def test_values_written_are_the_metric_values(tiny_graph):
    analyze(tiny_graph)
    expected = pagerank(knowledge_view(tiny_graph))
    assert {n: tiny_graph.nodes[n]["pagerank"] for n in expected} == pytest.approx(expected)
    assert tiny_graph.nodes["paper:arxiv-1706.03762"]["citation_in"] == 1
    assert tiny_graph.nodes["paper:t-0123456789ab"]["citation_out"] == 1
    assert tiny_graph.nodes["paper:arxiv-1706.03762"]["degree"] == 5


def test_listings_sit_outside_the_analysis(tiny_graph):
    analyze(tiny_graph)
    listing = tiny_graph.nodes["listing:tiny.txt"]
    assert (listing["pagerank"], listing["betweenness"], listing["kcore"]) == (0.0, 0.0, 0)
    assert (listing["community"], listing["community_label"]) == (-1, "")
    assert listing["degree"] == 2


def test_the_summary_lists_communities_with_labels_and_sizes(two_topics):
    summary = analyze(two_topics)
    assert summary.engine == "networkx"
    assert "below the igraph limit" in summary.engine_reason
    assert summary.betweenness_samples is None
    assert summary.community_method == "louvain"
    assert 0 < summary.modularity < 1
    assert sum(c.size for c in summary.communities) == two_topics.number_of_nodes() - 1  # the listing
    for c in summary.communities:
        assert {two_topics.nodes[m]["community"] for m in c.members} == {c.id}
        assert {two_topics.nodes[m]["community_label"] for m in c.members} == {c.label}
    assert set(summary.timings) >= set(METRICS) | {"communities"}


def test_same_seed_same_results(corpus_maker):
    first, second = corpus_maker(300, seed=2), corpus_maker(300, seed=2)
    analyze(first, seed=11)
    analyze(second, seed=11)
    assert dict(first.nodes(data=True)) == dict(second.nodes(data=True))


def test_large_graphs_switch_to_igraph_and_say_so(corpus_maker, monkeypatch):
    graph = corpus_maker(300, seed=2)
    monkeypatch.setattr(engines, "IGRAPH_MIN_EDGES", 100)
    summary = analyze(graph)
    assert summary.engine == "igraph"
    assert summary.engine_reason.startswith("igraph: ")
    assert summary.engine_reason.endswith("reaches the limit of 10,000 nodes or 100 edges")
    assert summary.betweenness_samples is None  # still under EXACT_BETWEENNESS_MAX_NODES


def test_the_engines_agree_on_the_top_of_the_ranking(corpus_maker):
    by_networkx, by_igraph = corpus_maker(600, seed=4), corpus_maker(600, seed=4)
    options = dict(metrics=["pagerank", "betweenness"], betweenness_samples=100)
    analyze(by_networkx, engine="networkx", **options)
    summary = analyze(by_igraph, engine="igraph", **options)
    assert summary.engine_reason.startswith("igraph: chosen by the caller")
    for attribute in ("pagerank", "betweenness"):
        def top(g):
            return sorted(g, key=lambda n: (-g.nodes[n][attribute], n))[:20]

        assert top(by_igraph) == top(by_networkx), attribute


def test_betweenness_is_sampled_on_larger_graphs(corpus_maker, monkeypatch):
    graph = corpus_maker(300, seed=5)
    monkeypatch.setattr(kg.analysis, "EXACT_BETWEENNESS_MAX_NODES", 100)
    monkeypatch.setattr(kg.analysis, "BETWEENNESS_SAMPLES", 50)
    summary = analyze(graph, metrics=["betweenness"])
    assert summary.betweenness_samples == 50
    assert analyze(graph, metrics=["betweenness"], betweenness_samples="exact").betweenness_samples is None


def test_the_summary_is_remembered_for_the_graph(tiny_graph):
    assert summary_of(tiny_graph) is None
    summary = analyze(tiny_graph)
    assert summary_of(tiny_graph) is summary
    assert summary_of(nx.MultiDiGraph()) is None


def test_metrics_are_imported_by_name():
    assert metric("pagerank") is pagerank
    with pytest.raises(KeyError):
        metric("no-such-metric")
