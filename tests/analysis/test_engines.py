"""Engine choice by size, igraph conversion, and reproducible igraph randomness."""

from __future__ import annotations

import random

import networkx as nx

import kg.analysis.engines as engines
from kg.analysis.engines import choose_engine, explain_engine, seeded_igraph, shared_conversions, to_igraph


def test_small_graphs_stay_on_networkx_and_large_ones_move_to_igraph(monkeypatch):
    assert choose_engine(30, 29) == "networkx"
    monkeypatch.setattr(engines, "IGRAPH_MIN_NODES", 30)
    assert choose_engine(30, 29) == "igraph"
    monkeypatch.setattr(engines, "IGRAPH_MIN_NODES", 31)
    monkeypatch.setattr(engines, "IGRAPH_MIN_EDGES", 29)
    assert choose_engine(30, 29) == "igraph"


def test_without_igraph_a_large_graph_stays_on_networkx(monkeypatch):
    monkeypatch.setattr(engines, "IGRAPH_MIN_NODES", 1)
    monkeypatch.setattr(engines, "igraph_available", lambda: False)
    assert choose_engine(3, 2) == "networkx"
    assert explain_engine("networkx", 3, 2).endswith("but igraph is not installed (pip install 'kg[igraph]')")


def test_conversion_keeps_nodes_edges_direction_and_weights():
    G = nx.DiGraph()
    G.add_edge("a", "b", weight=0.5)
    G.add_edge("b", "c")
    converted, nodes = to_igraph(G)
    assert nodes == ["a", "b", "c"]
    assert converted.is_directed()
    assert [(nodes[e.source], nodes[e.target], e["weight"]) for e in converted.es] == [("a", "b", 0.5), ("b", "c", 1.0)]


def test_conversions_are_shared_only_inside_the_block():
    G = nx.path_graph(4)
    assert to_igraph(G)[0] is not to_igraph(G)[0]
    with shared_conversions():
        first = to_igraph(G)[0]
        assert to_igraph(G)[0] is first
        assert to_igraph(nx.path_graph(4))[0] is not first
    assert to_igraph(G)[0] is not first


def test_seeded_igraph_repeats_and_restores_the_global_generator():
    G = nx.gnm_random_graph(200, 600, seed=2)
    converted, _ = to_igraph(G)

    def partition(seed):
        with seeded_igraph(seed):
            return converted.community_multilevel(weights="weight").membership

    assert partition(3) == partition(3)
    random.seed(5)
    expected = random.random()
    random.seed(5)
    partition(3)
    assert random.random() == expected  # the block did not draw from the global generator


def test_an_undirected_conversion_lists_each_edge_once_in_networkx_order():
    G = nx.Graph([("b", "c"), ("a", "b"), ("c", "c"), ("a", "d")])
    G["a"]["b"]["weight"] = 0.25
    converted, nodes = to_igraph(G)
    converted_edges = [({nodes[s], nodes[t]}, w) for (s, t), w in zip(converted.get_edgelist(), converted.es["weight"])]
    assert converted_edges == [({u, v}, w) for u, v, w in G.edges(data="weight", default=1.0)]
