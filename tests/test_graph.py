"""The graph built from a workspace has the documented shape, and building it leaves the
interpreter's garbage collector as it found it."""

from __future__ import annotations

import gc

import pytest

from kg.errors import StoreError
from kg.graph import WORKSPACE, build_graph, exported_attributes
from kg.pipeline import EXAMPLE, ingest
from kg.store import Workspace

EDGE_ATTRIBUTES = ["rel", "name", "confidence", "rule", "evidence", "source", "field", "start", "end", "inferred"]
PAPER_ATTRIBUTES = ["kind", "label", "sources", "title", "date", "published", "upvotes",
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


def test_abstracts_stay_in_the_workspace_and_exports_read_them_after_the_title(workspace):
    graph = build_graph(workspace)
    stored = dict(workspace.db.execute("SELECT id, abstract FROM papers"))
    papers = [(node, data) for node, data in graph.nodes(data=True) if data["kind"] == "paper"]
    assert papers and all("abstract" not in data for _, data in papers)
    with exported_attributes(graph) as attributes:
        for node, data in papers:
            exported = attributes(node, data)
            assert exported["abstract"] == stored[node.removeprefix("paper:")] != ""
            names = list(exported)
            assert names[names.index("title") + 1] == "abstract" and names[:4] == list(data)[:4]
        method = next(node for node, data in graph.nodes(data=True) if data["kind"] == "method")
        assert attributes(method, graph.nodes[method]) is graph.nodes[method]


def test_a_graph_without_a_workspace_is_exported_as_it_is(workspace):
    graph = build_graph(workspace)
    del graph.graph[WORKSPACE]
    node, data = next((n, d) for n, d in graph.nodes(data=True) if d["kind"] == "paper")
    with exported_attributes(graph) as attributes:
        assert attributes(node, data) is data


def test_a_graph_whose_workspace_is_gone_says_so(workspace, tmp_path):
    graph = build_graph(workspace)
    graph.graph[WORKSPACE] = str(tmp_path / "moved.db")
    with pytest.raises(StoreError, match="moved.db: cannot read the abstracts"):
        with exported_attributes(graph):
            pass
