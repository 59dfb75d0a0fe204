"""Centrality values on small graphs, against hand computation and networkx; both engines agree."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis.centrality import betweenness, degree, hits, in_degree, kcore, out_degree, pagerank
from kg.analysis.views import citation_view, knowledge_view

ENGINES = ["networkx", "igraph"]


@pytest.mark.parametrize("engine", ENGINES)
def test_pagerank_matches_the_hand_computed_fixed_point(engine):
    # b -> a <- c with a dangling: PR(a) = 0.9 / (1 + 1.7/3) = 2.7/4.7 and PR(b) = PR(c) = 1/4.7
    ranks = pagerank(nx.DiGraph([("b", "a"), ("c", "a")]), engine=engine)
    assert ranks["a"] == pytest.approx(2.7 / 4.7, abs=1e-6)
    assert ranks["b"] == pytest.approx(1 / 4.7, abs=1e-6)
    assert ranks["c"] == pytest.approx(1 / 4.7, abs=1e-6)


@pytest.mark.parametrize("engine", ENGINES)
def test_pagerank_follows_confidence_weights(engine):
    # from s the walk goes to the heavier edge more often
    G = nx.DiGraph()
    G.add_edge("s", "strong", weight=0.9)
    G.add_edge("s", "weak", weight=0.1)
    ranks = pagerank(G, engine=engine)
    assert ranks["strong"] > ranks["weak"]


def test_pagerank_of_an_empty_graph_is_empty():
    assert pagerank(nx.Graph()) == {}


def test_igraph_pagerank_ranks_a_medium_corpus_as_networkx_does(corpus_maker):
    view = knowledge_view(corpus_maker(1500, seed=3))
    by_networkx = pagerank(view, engine="networkx")
    by_igraph = pagerank(view, engine="igraph")
    top = sorted(view, key=lambda n: -by_networkx[n])[:20]
    assert sorted(view, key=lambda n: -by_igraph[n])[:20] == top
    assert max(abs(by_networkx[n] - by_igraph[n]) for n in view) < 1e-7


def test_igraph_pagerank_repeats_to_the_last_digit():
    # large enough for igraph's PRPACK to sum in several OpenMP threads, which it did in
    # whatever order they finished until kg ran it on one
    G = nx.gnm_random_graph(20_000, 100_000, seed=1)
    for u, v, data in G.edges(data=True):
        data["weight"] = (0.5, 0.8, 1.0)[(u + v) % 3]
    assert pagerank(G, engine="igraph") == pagerank(G, engine="igraph")


@pytest.mark.parametrize("engine", ENGINES)
def test_exact_betweenness_on_a_path(engine):
    # a-b-c-d: b lies on the paths a-c and a-d, 2 of the 3 pairs not involving b
    result = betweenness(nx.path_graph(["a", "b", "c", "d"]), engine=engine)
    assert result == pytest.approx({"a": 0.0, "b": 2 / 3, "c": 2 / 3, "d": 0.0})


def test_sampled_betweenness_is_the_same_estimate_on_both_engines():
    G = nx.gnm_random_graph(300, 900, seed=3)
    reference = nx.betweenness_centrality(G, k=40, seed=5)
    for engine in ENGINES:
        estimate = betweenness(G, samples=40, seed=5, engine=engine)
        assert estimate == pytest.approx(reference, abs=1e-12)


def test_betweenness_sample_changes_with_the_seed():
    G = nx.gnm_random_graph(300, 900, seed=3)
    assert betweenness(G, samples=40, seed=5) != betweenness(G, samples=40, seed=6)


@pytest.mark.parametrize("engine", ENGINES)
def test_kcore_separates_the_dense_centre_from_the_periphery(engine):
    G = nx.complete_graph(["a", "b", "c", "d"])
    G.add_edges_from([("d", "e"), ("e", "f")])
    assert kcore(G, engine=engine) == {"a": 3, "b": 3, "c": 3, "d": 3, "e": 1, "f": 1}


def test_degree_counts_every_relation(tiny_graph):
    result = degree(tiny_graph)
    # the Transformer paper: proposes, uses_dataset, affiliated_with, listed_in, and is cited once
    assert result["paper:arxiv-1706.03762"] == 5
    assert result["listing:tiny.txt"] == 2


def test_citation_degrees_on_the_citation_view(tiny_graph):
    view = citation_view(tiny_graph)
    assert in_degree(view) == {"paper:arxiv-1706.03762": 1, "paper:t-0123456789ab": 0}
    assert out_degree(view) == {"paper:arxiv-1706.03762": 0, "paper:t-0123456789ab": 1}


def test_hits_hubs_cite_authorities():
    hubs, authorities = hits(nx.DiGraph([("survey", "a"), ("survey", "b"), ("paper", "a")]))
    assert max(hubs, key=hubs.get) == "survey"
    assert max(authorities, key=authorities.get) == "a"
    assert sum(hubs.values()) == pytest.approx(1.0)
    assert all(value >= 0 for value in [*hubs.values(), *authorities.values()])


def test_hits_agrees_with_networkx_on_a_connected_graph():
    G = nx.gnm_random_graph(200, 800, seed=1, directed=True)
    hubs, authorities = hits(G)
    reference_hubs, reference_authorities = nx.hits(G, max_iter=1000)
    assert hubs == pytest.approx(reference_hubs, abs=1e-9)
    assert authorities == pytest.approx(reference_authorities, abs=1e-9)


def test_hits_shares_the_scores_among_tied_components():
    # three separate citations: the leading singular value is tied three ways
    hubs, authorities = hits(nx.DiGraph([("p1", "c1"), ("p2", "c2"), ("p3", "c3")]))
    assert hubs == pytest.approx({"p1": 1 / 3, "c1": 0, "p2": 1 / 3, "c2": 0, "p3": 1 / 3, "c3": 0})
    assert authorities == pytest.approx({"p1": 0, "c1": 1 / 3, "p2": 0, "c2": 1 / 3, "p3": 0, "c3": 1 / 3})


def test_hits_without_citations_is_zero_not_an_error():
    G = nx.DiGraph()
    G.add_nodes_from(["a", "b"])
    assert hits(G) == ({"a": 0.0, "b": 0.0}, {"a": 0.0, "b": 0.0})
