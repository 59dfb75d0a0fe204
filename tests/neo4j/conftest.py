"""Helpers to see what a Neo4j database holds; the server itself is `neo4j` in tests/conftest.py.

If NEO4J_URI is set the tests use that server (credentials from NEO4J_USER and
NEO4J_PASSWORD; LOAD CSV tests also need NEO4J_IMPORT_DIR, the server's import folder).
Otherwise they start the local server of `kg.neo4j_server`, fetching its jars on first
use. Without Java or Maven the tests skip, unless KG_REQUIRE_NEO4J=1 makes that a failure.
Between tests only nodes with kg's labels are removed, so a shared server is safe.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

from kg.exporters.neo4j_bolt import wipe
from kg.exporters.neo4j_schema import LABELS, REL_TYPES


@pytest.fixture
def db(neo4j) -> object:
    """The test server with none of kg's nodes left from earlier tests (kg's schema may remain)."""
    wipe(neo4j.driver)
    return neo4j


@pytest.fixture
def import_dir(neo4j) -> Path:
    """The server's LOAD CSV folder (known for the local server, or from NEO4J_IMPORT_DIR)."""
    if neo4j.import_dir is None:
        pytest.skip("NEO4J_URI is set without NEO4J_IMPORT_DIR, so LOAD CSV files cannot be placed")
    return neo4j.import_dir


@pytest.fixture
def drop_schema(clear_neo4j) -> Callable[[object], None]:
    """`drop_schema(driver)`: remove kg's nodes and (`kg_`-named) constraints and indexes."""
    return clear_neo4j


@dataclass(frozen=True)
class Snapshot:
    """A database's kg content in comparable form."""

    labels: dict[str, int]
    types: dict[str, int]
    nodes: dict[str, dict]
    relationships: dict[tuple[str, str, str], dict]


def database_snapshot(driver) -> Snapshot:
    """Counts per label and type, and the properties of every kg node and relationship."""
    label_pattern = "|".join(LABELS.values())
    type_pattern = "|".join(REL_TYPES.values())
    labels = {r["label"]: r["n"] for r in driver.execute_query(
        f"MATCH (n:{label_pattern}) UNWIND labels(n) AS label RETURN label, count(*) AS n").records}
    types = {r["type"]: r["n"] for r in driver.execute_query(
        f"MATCH ()-[r:{type_pattern}]->() RETURN type(r) AS type, count(*) AS n").records}
    nodes = {r["id"]: r["props"] for r in driver.execute_query(
        f"MATCH (n:{label_pattern}) RETURN n.id AS id, properties(n) AS props").records}
    relationships = {(r["a"], r["type"], r["b"]): r["props"] for r in driver.execute_query(
        f"MATCH (a)-[r:{type_pattern}]->(b) RETURN a.id AS a, type(r) AS type, b.id AS b, "
        "properties(r) AS props").records}
    return Snapshot(labels, types, nodes, relationships)


@pytest.fixture
def snapshot() -> Callable[[object], Snapshot]:
    """`snapshot(driver)`: what a database holds of kg's graph."""
    return database_snapshot


@pytest.fixture
def graph_of() -> Callable[..., nx.MultiDiGraph]:
    """`graph_of(papers)`: a generated scholarly graph of about ten relationships per paper."""
    return generated_graph


def generated_graph(papers: int, *, seed: int = 7) -> nx.MultiDiGraph:
    """A scholarly-shaped graph: papers citing papers, using methods and datasets, with authors.

    About ten relationships per paper, with every attribute kind kg writes (text, numbers,
    lists, booleans, analysis results).
    """
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    methods = [f"method:m{i}" for i in range(max(10, papers // 20))]
    datasets = [f"dataset:d{i}" for i in range(max(10, papers // 50))]
    authors = [f"author:a{i}" for i in range(max(10, papers // 2))]
    for i, node in enumerate(methods + datasets):
        kind = node.split(":")[0]
        graph.add_node(node, kind=kind, label=f"{kind} {i}", name=f"{kind} {i}", aliases=[f"alias {i}"],
                       pagerank=rng.random() / papers, community=i % 17, community_label=f"c{i % 17}")
    for node in authors:
        graph.add_node(node, kind="author", label=node, name=node)
    for i in range(papers):
        graph.add_node(f"paper:p{i}", kind="paper", label=f"Paper {i}", title=f"Paper {i}",
                       abstract=f"We propose method {i}; it works.", date="Jan 1", published="2024-01-01",
                       upvotes=rng.randrange(100), authors_count=3, org=None, arxiv_id=None, doi=None,
                       sources=["listing.txt"], pagerank=rng.random() / papers, degree=10,
                       betweenness=0.0, community=i % 17, community_label=f"c{i % 17}")
    edge = dict(confidence=0.9, rule="generated", evidence="A sentence.", source="listing.txt",
                field="abstract", start=0, end=10, inferred=False)
    for i in range(papers):
        paper = f"paper:p{i}"
        targets = [("cites", f"paper:p{rng.randrange(papers)}") for _ in range(4)]
        targets += [("uses_method", rng.choice(methods)) for _ in range(2)]
        targets += [("uses_dataset", rng.choice(datasets)), ("proposes", rng.choice(methods))]
        targets += [("authored_by", rng.choice(authors)) for _ in range(2)]
        for rel, target in targets:
            if target != paper:
                graph.add_edge(paper, target, key=rel, rel=rel, **edge)
    return graph


#: text that breaks naive CSV writers, Cypher string building, cypher-shell's statement
#: splitter or LOAD CSV's quote handling.
HOSTILE = [
    'quote " and \'single\' and `back`tick',
    "backslash \\ before quote \\\" and at the end \\",
    'csv ",",""," cells',
    "semicolon; then // comment and /* block */ and :param x => 1",
    "line\nbreak\r\nand\ttab and \x01 control and \x1f unit separator",
    "}] AS row MATCH (n) DETACH DELETE n //",
    "$rows {`id`: 1} ${injection}",
    "unicode: Zoë, 東京, 😀, \u2028 line separator, e\u0301",
    "</script><script>alert(1)</script>",
    "",
]


@pytest.fixture
def hostile_graph(tiny_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """tiny_graph plus papers whose every text field is hostile; arrays hold `;` and `|`, so the
    export falls back to its last array delimiter."""
    graph = tiny_graph.copy()
    for i, text in enumerate(HOSTILE):
        graph.add_node(f"paper:hostile-{i}", kind="paper", label=text, title=text, abstract=text, date=text,
                       published="", upvotes=-i, authors_count=None, org=text or None, arxiv_id=None, doi=None,
                       sources=[f"listing {i}; part.txt", "b.txt"], pagerank=1e-300 * (i + 1), community=i,
                       reviewed=True)
        graph.add_edge(f"paper:hostile-{i}", "method:bert", key="uses_method", rel="uses_method", name=text,
                       confidence=0.5, rule="hostile", evidence=text, source=text, field="abstract", start=0,
                       end=len(text), inferred=i % 2 == 0)
    graph.add_node("method:hostile", kind="method", label="M; |", name="M", aliases=["a|b", '"e"', "\\", "x\ny"])
    return graph
