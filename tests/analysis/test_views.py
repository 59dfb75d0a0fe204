"""The knowledge and citation views of the typed graph."""

from __future__ import annotations

import pytest

from kg.analysis.views import citation_view, knowledge_view


def test_knowledge_view_leaves_listings_out_and_is_undirected(tiny_graph):
    view = knowledge_view(tiny_graph)
    assert "listing:tiny.txt" not in view
    assert set(view) == set(tiny_graph) - {"listing:tiny.txt"}
    assert not view.is_directed()
    assert view.has_edge("method:transformer", "paper:arxiv-1706.03762")


def test_knowledge_view_weights_are_summed_confidences(tiny_graph):
    t, b = "paper:arxiv-1706.03762", "paper:t-0123456789ab"
    tiny_graph.add_edge(t, b, key="cites", confidence=0.5)  # the reverse of b's inferred 0.8 citation
    view = knowledge_view(tiny_graph)
    assert view[t][b]["weight"] == pytest.approx(1.3)
    assert view[b]["method:bert"]["weight"] == 1.0
    assert view.number_of_edges() == len(list(view.edges())) == len({frozenset(e) for e in view.edges()})
    view.remove_edge(b, t)  # an ordinary networkx graph: one tie, seen from both ends
    assert not view.has_edge(t, b)


def test_citation_view_holds_every_paper_and_only_cites(tiny_graph):
    view = citation_view(tiny_graph)
    assert set(view) == {"paper:arxiv-1706.03762", "paper:t-0123456789ab"}
    assert list(view.edges(data="weight")) == [("paper:t-0123456789ab", "paper:arxiv-1706.03762", 0.8)]


def test_citation_view_includes_cited_works(tiny_graph):
    tiny_graph.add_node("cited_work:doi-10.1000-x", kind="cited_work", title="X")
    tiny_graph.add_edge("paper:arxiv-1706.03762", "cited_work:doi-10.1000-x", key="cites", confidence=1.0)
    assert citation_view(tiny_graph).has_edge("paper:arxiv-1706.03762", "cited_work:doi-10.1000-x")
