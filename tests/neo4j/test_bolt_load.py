"""The Bolt loader against a real Neo4j: exact content, idempotence, wipe, schema, hostile text."""

from __future__ import annotations

from collections import Counter

import pytest

from kg.exporters.neo4j_bolt import Neo4jLoadError, _Batch, _relationship_statements, _run, load, wipe
from kg.exporters.neo4j_schema import LABELS, REL_TYPES, edge_properties, node_properties
from kg.model import NodeKind, RelKind

#: one worker runs them all under `pytest -n --dist loadgroup`, so a run starts one server.
pytestmark = [pytest.mark.neo4j, pytest.mark.xdist_group("neo4j")]


def expected(graph):
    """What the database should hold for `graph`, in `Snapshot` terms."""
    labels = Counter(LABELS[NodeKind(a["kind"])] for _, a in graph.nodes(data=True))
    types = Counter(REL_TYPES[RelKind(a["rel"])] for _, _, a in graph.edges(data=True))
    nodes = {n: node_properties(n, a) for n, a in graph.nodes(data=True)}
    rels = {(u, REL_TYPES[RelKind(a["rel"])], v): edge_properties(u, v, a) for u, v, a in graph.edges(data=True)}
    return dict(labels), dict(types), nodes, rels


def test_load_writes_exactly_the_graph(db, tiny_graph, snapshot):
    report = load(tiny_graph, db.driver)
    got = snapshot(db.driver)
    labels, types, nodes, rels = expected(tiny_graph)
    assert (got.labels, got.types) == (labels, types)
    assert got.nodes == nodes
    assert got.relationships == rels
    assert (report.nodes, report.relationships) == (8, 9)
    assert (report.nodes_created, report.relationships_created) == (8, 9)
    # None is omitted, lists stay lists, numbers and booleans keep their types.
    bert = got.nodes["paper:t-0123456789ab"]
    assert "org" not in bert and bert["upvotes"] == 3 and bert["sources"] == ["tiny.txt"]
    assert got.relationships[("paper:t-0123456789ab", "CITES", "paper:arxiv-1706.03762")]["inferred"] is True


def test_loading_twice_changes_nothing(db, tiny_graph, snapshot):
    load(tiny_graph, db.driver)
    first = snapshot(db.driver)
    again = load(tiny_graph, db.driver)
    assert snapshot(db.driver) == first
    assert (again.nodes_created, again.relationships_created) == (0, 0)


def test_reload_replaces_changed_properties(db, tiny_graph, snapshot):
    load(tiny_graph, db.driver)
    tiny_graph.nodes["method:bert"]["aliases"] = []
    tiny_graph.nodes["method:bert"]["pagerank"] = 0.25
    load(tiny_graph, db.driver)
    bert = snapshot(db.driver).nodes["method:bert"]
    assert "aliases" not in bert and bert["pagerank"] == 0.25


def test_schema_comes_first_and_is_idempotent(db, tiny_graph, drop_schema):
    drop_schema(db.driver)
    load(tiny_graph, db.driver)
    load(tiny_graph, db.driver)
    constraints = {r["name"]: r for r in db.driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type").records}
    for label in LABELS.values():
        constraint = constraints[f"kg_{label.lower()}_id"]
        assert (constraint["labelsOrTypes"], constraint["properties"]) == ([label], ["id"])
        assert constraint["type"] == "UNIQUENESS"
    indexes = {r["name"] for r in db.driver.execute_query("SHOW INDEXES YIELD name").records}
    assert {"kg_paper_title", "kg_method_name", "kg_dataset_name"} <= indexes


def test_wipe_removes_only_kg_nodes(db, tiny_graph, snapshot):
    db.driver.execute_query("CREATE (:Other {id: 'paper:arxiv-1706.03762'})-[:LIKES]->(:Other {id: 'x'})")
    try:
        load(tiny_graph, db.driver)
        wipe(db.driver)
        assert snapshot(db.driver).nodes == {}
        others = db.driver.execute_query("MATCH (o:Other)-[:LIKES]->(:Other) RETURN count(o) AS n").records
        assert others[0]["n"] == 1
    finally:
        db.driver.execute_query("MATCH (o:Other) DETACH DELETE o")


def test_load_with_wipe_first_drops_stale_nodes(db, tiny_graph, snapshot):
    load(tiny_graph, db.driver)
    tiny_graph.remove_node("listing:tiny.txt")
    load(tiny_graph, db.driver, wipe_first=True)
    got = snapshot(db.driver)
    assert "listing:tiny.txt" not in got.nodes and len(got.nodes) == 7
    assert "LISTED_IN" not in got.types


def test_hostile_text_survives(db, hostile_graph, snapshot):
    load(hostile_graph, db.driver, batch_size=3)
    got = snapshot(db.driver)
    _, _, nodes, rels = expected(hostile_graph)
    assert got.nodes == nodes
    assert got.relationships == rels
    assert got.nodes["paper:hostile-5"]["title"] == "}] AS row MATCH (n) DETACH DELETE n //"


def test_generated_graph_counts_and_batches(db, snapshot, graph_of):
    graph = graph_of(300)
    report = load(graph, db.driver, batch_size=700)
    got = snapshot(db.driver)
    labels, types, _, _ = expected(graph)
    assert (got.labels, got.types) == (labels, types)
    assert report.relationships == graph.number_of_edges() == sum(types.values())
    assert report.relationships_per_second > 0


def test_unknown_database_is_a_kg_error(db, tiny_graph):
    with pytest.raises(Neo4jLoadError, match="Neo4j load failed"):
        load(tiny_graph, db.driver, database="no-such-database")


def test_fresh_load_beside_an_existing_relationship_does_not_duplicate_it(db, tiny_graph, snapshot):
    """CREATE is only for kinds the database holds nothing of: one CITES already there keeps MERGE for CITES."""
    citing, cited = "paper:t-0123456789ab", "paper:arxiv-1706.03762"
    db.driver.execute_query("CREATE (:Paper {id: $a})-[:CITES]->(:Paper {id: $b})", a=citing, b=cited)
    load(tiny_graph, db.driver)
    got = snapshot(db.driver)
    _, types, nodes, rels = expected(tiny_graph)
    assert got.types == types and got.nodes == nodes and got.relationships == rels


def test_fresh_load_then_a_different_graph_merges(db, tiny_graph, snapshot):
    """A second load of a changed graph finds every kind written, so nothing is created twice."""
    load(tiny_graph, db.driver)
    tiny_graph.add_edge("paper:t-0123456789ab", "dataset:wmt-2014", key="uses_dataset", rel="uses_dataset",
                        confidence=0.5, rule="test")
    load(tiny_graph, db.driver)
    _, types, _, rels = expected(tiny_graph)
    got = snapshot(db.driver)
    assert got.types == types and got.relationships == rels


def test_a_batch_run_again_after_its_commit_writes_nothing(db, tiny_graph, snapshot):
    """A retry of a batch whose commit answer was lost finds its marker, leaves the created rows alone,
    and reports what the first run created."""
    load(tiny_graph, db.driver)
    before = snapshot(db.driver)
    rows = [{"start": "paper:t-0123456789ab", "end": "paper:arxiv-1706.03762", "properties": {"rule": "again"}}]
    batch = _Batch(_relationship_statements("CITES", "Paper", "Paper"), rows)
    work = _run(batch.statements.create, batch.statements.counter, rows, batch.digest)
    with db.driver.session() as session:
        first = session.execute_write(work)
        again = session.execute_write(work)
    assert first == again == 1
    assert snapshot(db.driver).types["CITES"] == before.types["CITES"] + 1
