"""Co-occurrence on a hand-made incidence: counts, both normalisations, pruning, drill-down."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis.cooccurrence import cocitation, cooccurrence, method_cooccurrence, paper_coupling, strongest

# p1 {A, B}, p2 {A, B, C}, p3 {A, C}, p4 {D}: N = 4, s_A = 3, s_B = s_C = 2, s_D = 1
INCIDENCE = {"p1": ["A", "B"], "p2": ["A", "B", "C"], "p3": ["A", "C"], "p4": ["D"]}


def test_counts_and_the_papers_behind_each_pair():
    net = cooccurrence(INCIDENCE, measure="count")
    assert {(u, v): d["count"] for u, v, d in net.edges(data=True)} == {("A", "B"): 2, ("A", "C"): 2, ("B", "C"): 1}
    assert net["A"]["B"]["via"] == ("p1", "p2")
    assert net["A"]["C"]["via"] == ("p2", "p3")
    assert net["B"]["C"]["via"] == ("p2",)
    assert dict(net.nodes(data="occurrences")) == {"A": 3, "B": 2, "C": 2, "D": 1}


def test_association_strength_is_observed_over_expected():
    net = cooccurrence(INCIDENCE, measure="association")
    assert net["A"]["B"]["weight"] == pytest.approx(2 * 4 / (3 * 2))
    assert net["B"]["C"]["weight"] == pytest.approx(1 * 4 / (2 * 2))


def test_salton_is_the_cosine_of_the_occurrence_vectors():
    net = cooccurrence(INCIDENCE, measure="salton")
    assert net["A"]["B"]["weight"] == pytest.approx(2 / 6**0.5)
    assert net["B"]["C"]["weight"] == pytest.approx(0.5)


def test_min_count_drops_rare_pairs():
    net = cooccurrence(INCIDENCE, min_count=2)
    assert sorted(net.edges()) == [("A", "B"), ("A", "C")]
    assert "D" in net  # items stay, with their occurrences, even without links


def test_top_k_keeps_each_nodes_strongest_links():
    # A ties AB and AC (kept: B first by name), B's best is AB, C's best is AC; BC is nobody's best
    net = cooccurrence(INCIDENCE, top_k=1)
    assert sorted(net.edges()) == [("A", "B"), ("A", "C")]


def test_max_items_leaves_out_crowded_keys_everywhere():
    net = cooccurrence(INCIDENCE, max_items=2, measure="count")
    assert net["A"]["B"]["via"] == ("p1",)
    assert net["A"]["C"]["via"] == ("p3",)
    assert not net.has_edge("B", "C")
    assert net.nodes["A"]["occurrences"] == 2
    assert net.graph["max_items"] == 2
    assert cooccurrence(INCIDENCE, max_items=3).graph["max_items"] is None  # nothing was left out


def test_strongest_orders_by_weight_then_count():
    assert [(u, v) for u, v, _ in strongest(cooccurrence(INCIDENCE, measure="salton"), 2)] == [("A", "B"), ("A", "C")]


def test_method_cooccurrence_on_the_typed_graph(two_topics):
    net = method_cooccurrence(two_topics, measure="count")
    assert list(net.edges(data="via")) == [("method:transformer", "method:u-net", ("paper:t3",))]
    assert net.nodes["method:u-net"]["label"] == "U-Net"
    assert net.nodes["method:u-net"]["occurrences"] == 4


def test_paper_coupling_names_the_shared_methods_and_datasets(two_topics):
    net = paper_coupling(two_topics, measure="count")
    assert net["paper:t1"]["paper:t2"]["via"] == ("dataset:wmt-2014", "method:transformer")
    assert net["paper:t3"]["paper:d1"]["via"] == ("method:u-net",)
    assert not net.has_edge("paper:t1", "paper:d1")


def test_cocitation_uses_reference_lists_not_inferred_citations():
    g = nx.MultiDiGraph()
    g.add_nodes_from(["paper:1", "paper:2", "paper:x", "paper:y"], kind="paper")
    g.add_node("cited_work:z", kind="cited_work", title="Z")
    for citing in ("paper:1", "paper:2"):
        g.add_edge(citing, "paper:x", key="cites", inferred=False)
        g.add_edge(citing, "cited_work:z", key="cites", inferred=False)
    g.add_edge("paper:1", "paper:y", key="cites", inferred=True)
    net = cocitation(g, measure="count")
    assert net["paper:x"]["cited_work:z"]["via"] == ("paper:1", "paper:2")
    assert not net.has_edge("paper:x", "paper:y")
    assert cocitation(g, include_inferred=True).has_edge("paper:x", "paper:y")


def test_max_pairs_leaves_out_the_most_crowded_keys_first():
    # p2 yields 3 pairs, p1 and p3 one each: a budget of 2 pairs drops p2 only
    net = cooccurrence(INCIDENCE, max_pairs=2, measure="count")
    assert net.graph["max_items"] == 2
    assert sorted((u, v, d["via"]) for u, v, d in net.edges(data=True)) == [("A", "B", ("p1",)), ("A", "C", ("p3",))]
    assert cooccurrence(INCIDENCE, max_pairs=5).graph["max_items"] is None
