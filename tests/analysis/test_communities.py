"""Communities: the obvious partition is found, reproducibly, and labelled from its members."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis.communities import communities, community, describe, modularity
from kg.analysis.views import knowledge_view


def _two_cliques() -> nx.Graph:
    G = nx.Graph()
    G.add_edges_from(nx.complete_graph(["a1", "a2", "a3", "a4"]).edges, weight=1.0)
    G.add_edges_from(nx.complete_graph(["b1", "b2", "b3", "b4"]).edges, weight=1.0)
    G.add_edge("a4", "b1", weight=0.1)
    return G


@pytest.mark.parametrize(
    "options", [{}, {"engine": "igraph"}, {"method": "leiden"}], ids=["louvain-networkx", "louvain-igraph", "leiden"]
)
def test_two_cliques_joined_by_a_weak_bridge_are_two_communities(options):
    parts = communities(_two_cliques(), **options)
    assert sorted(map(sorted, parts)) == [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3", "b4"]]


def test_modularity_matches_the_hand_computed_value():
    # 12 edges of weight 1 plus a 0.1 bridge: m = 12.1; each side has degree sum 12.1
    # Q = sum over sides of (6 / 12.1 - (12.1 / 24.2) ** 2) = 2 * (6 / 12.1 - 0.25)
    G = _two_cliques()
    expected = 2 * (6 / 12.1 - 0.25)
    assert modularity(G, communities(G)) == pytest.approx(expected)
    assert modularity(G, communities(G), engine="igraph") == pytest.approx(expected)


@pytest.mark.parametrize("engine", ["networkx", "igraph"])
def test_seeded_louvain_gives_the_same_partition_twice(corpus_maker, engine):
    view = knowledge_view(corpus_maker(400, seed=1))
    first = community(view, seed=7, engine=engine)
    assert community(view, seed=7, engine=engine) == first
    assert len(set(first.values())) > 1


def test_leiden_is_reproducible_too(corpus_maker):
    view = knowledge_view(corpus_maker(400, seed=1))
    assert community(view, method="leiden", seed=7) == community(view, method="leiden", seed=7)


def test_communities_are_numbered_largest_first():
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a")])
    G.add_edge("x", "y")
    G.add_node("lonely")
    assert [len(p) for p in communities(G)] == [3, 2, 1]


def test_labels_come_from_the_members(two_topics):
    parts = communities(knowledge_view(two_topics), seed=42)
    described = describe(two_topics, parts)
    by_paper = {p: c for c in described for p in c.papers}
    translation, diffusion = by_paper["paper:t1"], by_paper["paper:d1"]
    assert translation is not diffusion
    assert translation.label == "Transformer · WMT 2014 · attention, translation"
    assert diffusion.label == "U-Net · ImageNet · diffusion, models"


def test_every_label_item_names_the_member_papers_behind_it(two_topics):
    parts = communities(knowledge_view(two_topics), seed=42)
    for c in describe(two_topics, parts):
        for item in c.methods + c.datasets + c.terms:
            assert item.papers and set(item.papers) <= set(c.papers)
    translation = next(c for c in describe(two_topics, parts) if "paper:t1" in c.papers)
    assert translation.methods[0].papers == ("paper:t1", "paper:t2", "paper:t3")
    assert translation.datasets[0].papers == ("paper:t1", "paper:t2")
    # U-Net is used by one translation paper only: listed, but not in the label
    assert [(m.name, m.papers) for m in translation.methods[1:]] == [("U-Net", ("paper:t3",))]


def test_a_community_without_papers_is_named_by_its_best_connected_member():
    g = nx.MultiDiGraph()
    g.add_node("author:ada", kind="author", name="Ada")
    g.add_node("organization:lab", kind="organization", name="The Lab")
    g.add_node("author:bob", kind="author", name="Bob")
    g.add_edge("author:ada", "organization:lab", key="affiliated_with")
    g.add_edge("author:bob", "organization:lab", key="affiliated_with")
    [described] = describe(g, [set(g)])
    assert described.label == "The Lab"
    assert described.papers == ()
