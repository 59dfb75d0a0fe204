"""GraphML and GEXF read back by networkx with the same nodes, edges and typed attributes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.exporters import DEFAULT_FILES, EXPORTERS, export
from kg.exporters.gephi import GEXF_RENAMES, LIST_SEPARATOR
from kg.exporters.xml_text import xml_safe

READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}  # a DiGraph back when no edges run parallel


def _expected_value(value):
    if isinstance(value, list):
        value = LIST_SEPARATOR.join(str(item) for item in value if item is not None) or None
    return xml_safe(value) if isinstance(value, str) else value


def _expected(attrs: dict, name: str) -> dict:
    renames = GEXF_RENAMES if name == "gexf" else {}
    cells = {renames.get(k, k): _expected_value(v) for k, v in attrs.items()}
    return {k: v for k, v in cells.items() if v is not None}


def _read(graph: nx.MultiDiGraph, name: str, folder: Path) -> nx.MultiDiGraph:
    written = export(graph, name, folder / DEFAULT_FILES[name])
    assert written == [folder / DEFAULT_FILES[name]]
    return READERS[name](written[0])


def _edges(graph: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict]:
    # the GEXF reader adds the edge's XML id as an attribute of its own
    return {(u, v, data["rel"]): {k: x for k, x in data.items() if k != "id"}
            for u, v, data in graph.edges(data=True)}


def test_both_formats_are_registered_with_their_files() -> None:
    assert (DEFAULT_FILES["graphml"], DEFAULT_FILES["gexf"]) == ("graph.graphml", "graph.gexf")
    assert EXPORTERS["graphml"].startswith("kg.exporters.gephi:")
    assert EXPORTERS["gexf"].startswith("kg.exporters.gephi:")


@pytest.mark.parametrize("name", READERS)
@pytest.mark.parametrize("which", ["tiny", "random"])
def test_read_back_with_the_same_nodes_edges_and_attributes(name, which, tiny_graph, random_graph, tmp_path) -> None:
    graph = tiny_graph if which == "tiny" else random_graph
    back = _read(graph, name, tmp_path)
    assert back.is_directed()
    assert set(back.nodes) == set(graph.nodes)
    for node, attrs in graph.nodes(data=True):
        assert back.nodes[node] == _expected(attrs, name), node
    assert back.number_of_edges() == graph.number_of_edges()
    expected_edges = {(u, v, rel): _expected(data, name) for u, v, rel, data in graph.edges(keys=True, data=True)}
    assert _edges(back) == expected_edges


@pytest.mark.parametrize("name", READERS)
def test_attributes_keep_their_types(name, tiny_graph, tmp_path) -> None:
    tiny_graph.nodes["method:bert"].update(pagerank=0.25, community=3, community_label="NLP")
    tiny_graph.nodes["method:transformer"].update(pagerank=0.5, community=1, community_label="NLP")
    bert = _read(tiny_graph, name, tmp_path).nodes["method:bert"]
    assert (bert["pagerank"], bert["community"], bert["kind"], bert["label"]) == (0.25, 3, "method", "BERT")
    assert (type(bert["pagerank"]), type(bert["community"])) == (float, int)
    assert "upvotes" not in bert
    assert bert["aliases"] == "Bidirectional Encoder Representations from Transformers"


def _declared_types(path: Path) -> dict[str, str]:
    """Attribute name -> declared type, as Gephi reads them from the file's header."""
    root = ET.parse(path).getroot()
    if path.suffix == ".graphml":
        keys = root.iterfind(".//{*}key[@for='node']")
        return {key.get("attr.name"): key.get("attr.type") for key in keys}
    columns = root.iterfind(".//{*}attributes[@class='node']/{*}attribute")
    return {column.get("title"): column.get("type") for column in columns}


@pytest.mark.parametrize("name", READERS)
def test_the_file_declares_numeric_columns(name, random_graph, tmp_path) -> None:
    declared = _declared_types(export(random_graph, name, tmp_path / DEFAULT_FILES[name])[0])
    assert declared["pagerank"] == declared["betweenness"] == "double"
    assert declared["community"] in ("int", "long") and declared["upvotes"] in ("int", "long")
    assert declared["kind"] == declared["community_label"] == "string"


@pytest.mark.parametrize("name", READERS)
def test_a_column_mixing_ints_and_floats_becomes_float(name, tiny_graph, tmp_path) -> None:
    tiny_graph.nodes["method:bert"]["degree"] = 4
    tiny_graph.nodes["method:transformer"]["degree"] = 0.5
    back = _read(tiny_graph, name, tmp_path)
    assert back.nodes["method:bert"]["degree"] == 4.0
    assert isinstance(back.nodes["method:bert"]["degree"], float)


@pytest.mark.parametrize("name", READERS)
def test_every_edge_has_its_own_id(name, tiny_graph, tmp_path) -> None:
    root = ET.parse(export(tiny_graph, name, tmp_path / DEFAULT_FILES[name])[0]).getroot()
    ids = [edge.get("id") for edge in root.iterfind(".//{*}edge")]
    assert len(ids) == tiny_graph.number_of_edges() == len(set(ids))


@pytest.mark.parametrize("name", READERS)
def test_hostile_text_survives(name, tiny_graph, hostile_text, tmp_path) -> None:
    tiny_graph.nodes["method:bert"]["label"] = hostile_text
    label = _read(tiny_graph, name, tmp_path).nodes["method:bert"]["label"]
    assert label == _expected_value(hostile_text)
    assert "</script>" in label and "🤖" in label


@pytest.mark.parametrize("name", READERS)
def test_an_rdf_option_is_named_and_ignored(name, tiny_graph, tmp_path) -> None:
    with pytest.warns(UserWarning, match="ignores base_iri"):
        (path,) = export(tiny_graph, name, tmp_path / DEFAULT_FILES[name], base_iri="http://example.org/")
    assert set(READERS[name](path).nodes) == set(tiny_graph.nodes)


@pytest.mark.slow
def test_the_seeds_build_reads_back_the_same_in_both_formats(seeds_build: Path) -> None:
    graphml = nx.read_graphml(seeds_build / DEFAULT_FILES["graphml"], force_multigraph=True)
    gexf = nx.read_gexf(seeds_build / DEFAULT_FILES["gexf"])
    assert graphml.number_of_nodes() > 500
    assert set(graphml.nodes) == set(gexf.nodes)
    assert all(graphml.nodes[node] == gexf.nodes[node] for node in graphml.nodes)
    original = {renamed: name for name, renamed in GEXF_RENAMES.items()}
    gexf_edges = {edge: {original.get(k, k): v for k, v in data.items()} for edge, data in _edges(gexf).items()}
    assert _edges(graphml) == gexf_edges
