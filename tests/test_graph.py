"""The graph built from a workspace has the documented shape, and building it leaves the
interpreter's garbage collector as it found it."""

from __future__ import annotations

import gc

import pytest

from kg.graph import build_graph
from kg.pipeline import EXAMPLE, ingest
from kg.store import Workspace

EDGE_ATTRIBUTES = ["rel", "name", "confidence", "rule", "evidence", "source", "field", "start", "end", "inferred"]
PAPER_ATTRIBUTES = ["kind", "label", "sources", "title", "abstract", "date", "published", "upvotes",
                    "authors_count", "org", "arxiv_id", "doi"]


@pytest.fixture
def workspace(tmp_path):
    with Workspace(tmp_path / "kg.db") as ws:
        ingest([EXAMPLE], ws)
        yield ws


def test_nodes_and_edges_carry_the_documented_attributes_in_order(workspace):
    graph = build_graph(workspace)
    papers = [data for _, data in graph.nodes(data=True) if data["kind"] == "paper"]
    # in documented order; an attribute without a value is left out rather than set to None
    assert papers and all(list(data) == [name for name in PAPER_ATTRIBUTES if name in data] for data in papers)
    assert all(None not in data.values() for data in papers)
    assert any("org" not in data for data in papers) and any("org" in data for data in papers)
    assert all(data["sources"] == [str(EXAMPLE)] for data in papers)
    entities = [data for _, data in graph.nodes(data=True) if data["kind"] != "paper"]
    assert entities and all(list(data)[:4] == ["kind", "label", "name", "aliases"] for data in entities)
    edges = list(graph.edges(keys=True, data=True))
    assert edges and all(list(data) == EDGE_ATTRIBUTES and data["rel"] == key for _, _, key, data in edges)
    assert all(isinstance(data["inferred"], bool) for _, _, data in graph.edges(data=True))
    assert graph.number_of_edges() == workspace.counts()["relations"]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(workspace, enabled):
    gc.enable() if enabled else gc.disable()
    try:
        build_graph(workspace)
        assert gc.isenabled() is enabled
    finally:
        gc.enable()
