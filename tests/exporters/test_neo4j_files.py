"""The `neo4j/` export read back without a server: CSV with the csv module, scripts as text.

Loading the same folder into a real Neo4j three ways is tests/neo4j/test_file_loads.py.
"""

from __future__ import annotations

import csv
import re

import networkx as nx
import pytest

from kg.errors import ExportError
from kg.exporters import DEFAULT_FILES, export
from kg.exporters.neo4j_files import cypher_literal
from kg.exporters.neo4j_schema import LABELS, REL_TYPES, SCHEMA_STATEMENTS


def read_csv(path) -> list[dict[str, str]]:
    """Rows as neo4j reads them: quotes doubled, backslashes escaped (legacy-style quoting)."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, escapechar="\\", doublequote=True))


@pytest.fixture
def folder(tiny_graph, tmp_path):
    export(tiny_graph, "neo4j", tmp_path / DEFAULT_FILES["neo4j"])
    return tmp_path / "neo4j"


def test_registered_as_a_folder(tiny_graph, tmp_path):
    written = export(tiny_graph, "neo4j", tmp_path / "neo4j")
    assert {p.name for p in written} >= {"schema.cypher", "import.cypher", "load.cypherl", "import.args"}
    assert all(p.parent == tmp_path / "neo4j" and p.exists() for p in written)


def test_node_files_have_admin_headers_and_every_node(folder, tiny_graph):
    papers = read_csv(folder / "nodes_Paper.csv")
    assert list(papers[0])[:2] == ["id:ID", ":LABEL"]
    assert {"authors_count:long", "upvotes:long", "sources:string[]", "title"} <= set(papers[0])
    assert {row["id:ID"] for row in papers} == {"paper:arxiv-1706.03762", "paper:t-0123456789ab"}
    bert = next(row for row in papers if row["id:ID"] == "paper:t-0123456789ab")
    assert bert["title"] == 'BERT: "deep" <bidirectional> & pre-training'
    assert bert["upvotes:long"] == "3" and bert[":LABEL"] == "Paper"
    counted = sum(len(read_csv(p)) for p in folder.glob("nodes_*.csv"))
    assert counted == tiny_graph.number_of_nodes()


def test_absent_and_empty_text_differ(folder):
    raw = (folder / "nodes_Paper.csv").read_text(encoding="utf-8").splitlines()
    bert = next(line for line in raw if line.startswith('"paper:t-'))
    # published is "" (an empty string, quoted); org is None (an empty, unquoted cell).
    assert ',"",,' in bert


def test_relationship_files_split_by_type_and_endpoint_labels(folder, tiny_graph):
    files = sorted(p.name for p in folder.glob("rels_*.csv"))
    assert "rels_CITES_Paper_Paper.csv" in files and "rels_PROPOSES_Paper_Method.csv" in files
    cites = read_csv(folder / "rels_CITES_Paper_Paper.csv")
    assert list(cites[0])[:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert cites[0]["confidence:double"] == "0.8" and cites[0]["inferred:boolean"] == "true"
    assert sum(len(read_csv(folder / name)) for name in files) == tiny_graph.number_of_edges()


def test_analysis_results_are_typed_columns(tiny_graph, tmp_path):
    for i, node in enumerate(tiny_graph):
        tiny_graph.nodes[node].update(pagerank=0.125 * i, community=i % 2, community_label=f"c{i % 2}")
    export(tiny_graph, "neo4j", tmp_path)
    header = next(iter(read_csv(tmp_path / "nodes_Method.csv")))
    assert {"pagerank:double", "community:long", "community_label"} <= set(header)


def test_scripts_hold_schema_and_one_statement_per_line(folder):
    schema = (folder / "schema.cypher").read_text().splitlines()
    assert schema == [s + ";" for s in SCHEMA_STATEMENTS]
    assert any("REQUIRE n.id IS UNIQUE" in line for line in schema)
    for script in ("import.cypher", "load.cypherl"):
        lines = [line for line in (folder / script).read_text().splitlines() if not line.startswith("//")]
        assert lines[: len(schema)] == schema
        assert all(line.endswith(";") for line in lines)
    loads = (folder / "import.cypher").read_text()
    assert loads.count("LOAD CSV WITH HEADERS FROM") == len(list(folder.glob("*.csv")))
    assert '"file:///rels_CITES_Paper_Paper.csv"' in loads


def test_admin_arguments_name_every_file(folder):
    arguments = (folder / "import.args").read_text().splitlines()
    named = {line.split("=", 1)[1] for line in arguments if line.startswith(("--nodes=", "--relationships="))}
    assert named == {p.name for p in folder.glob("*.csv")}
    assert "--array-delimiter=;" in arguments and "--legacy-style-quoting=true" in arguments


def test_array_delimiter_avoids_the_values(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("method:a", kind="method", label="A", name="A", aliases=["x;y", "z"])
    export(graph, "neo4j", tmp_path)
    assert "--array-delimiter=|" in (tmp_path / "import.args").read_text()
    assert read_csv(tmp_path / "nodes_Method.csv")[0]["aliases:string[]"].split("|") == ["x;y", "z"]
    graph.nodes["method:a"]["aliases"] = ["x;y", "p|q"]
    export(graph, "neo4j", tmp_path)
    assert "--array-delimiter=U+001F" in (tmp_path / "import.args").read_text()


@pytest.mark.parametrize("text", [
    'say "hi"', "back\\slash", "ends with \\", '\\"', "a,b", "line\nbreak", "cr\r\nlf", "", "😀 Zoë",
])
def test_hostile_text_reads_back(text, tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("paper:x", kind="paper", label=text, title=text)
    export(graph, "neo4j", tmp_path)
    assert read_csv(tmp_path / "nodes_Paper.csv")[0]["title"] == text


def test_stale_files_of_an_earlier_export_are_removed(tiny_graph, tmp_path):
    export(tiny_graph, "neo4j", tmp_path)
    tiny_graph.remove_node("listing:tiny.txt")
    export(tiny_graph, "neo4j", tmp_path)
    assert not list(tmp_path.glob("*Listing*"))


def test_unknown_kind_is_refused(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("thing:x", kind="thing")
    with pytest.raises(ExportError, match="'thing' has no Neo4j label"):
        export(graph, "neo4j", tmp_path)


def test_labels_and_types_cover_the_model():
    assert set(LABELS.values()) == {"Paper", "Method", "Dataset", "Repository", "Link", "Organization",
                                    "Author", "Listing", "CitedWork"}
    assert REL_TYPES["cites"] == "CITES" and all(t == t.upper() for t in REL_TYPES.values())


# Cypher literals are checked here against the grammar's escapes; their round trip through
# a real server and cypher-shell is tested in tests/neo4j.
@pytest.mark.parametrize(("value", "literal"), [
    ('a "b"', '"a \\"b\\""'),
    ("back\\slash", '"back\\\\slash"'),
    ("new\nline\ttab", '"new\\nline\\ttab"'),
    ("\x01\u2028", '"\\u0001\\u2028"'),
    ("it's", '"it\'s"'),
    (True, "true"),
    (-3, "-3"),
    (1e16, "1e16"),
    ([1.5, 2.0], "[1.5, 2.0]"),
    ({"odd`key": None}, "{`odd``key`: null}"),
])
def test_cypher_literal(value, literal):
    assert cypher_literal(value) == literal


def test_cypherl_lines_carry_no_raw_newlines(tiny_graph, tmp_path):
    tiny_graph.nodes["method:bert"]["name"] = "two\nlines"
    export(tiny_graph, "neo4j", tmp_path)
    lines = (tmp_path / "load.cypherl").read_text().splitlines()
    assert any('"two\\nlines"' in line for line in lines)
    assert all(re.match(r"(CREATE|UNWIND) ", line) for line in lines)


def test_a_file_in_the_way_is_an_export_error(tiny_graph, tmp_path):
    (tmp_path / "neo4j").write_text("not a folder")
    with pytest.raises(ExportError, match="is a folder"):
        export(tiny_graph, "neo4j", tmp_path / "neo4j")
