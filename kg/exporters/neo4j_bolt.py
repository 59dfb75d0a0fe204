"""Load the graph into a running Neo4j over Bolt: schema first, then batched parameterised MERGEs.

Values only ever travel as parameters (`UNWIND $rows AS row MERGE ...`); the Cypher text
holds nothing but kg's fixed labels and types (`kg.exporters.neo4j_schema`). Loading is
idempotent: nodes are merged on `id`, relationships on their endpoints and type, and
`SET x = row` makes each one hold exactly the graph's properties afterwards. Every batch
is a managed transaction, which the driver retries with backoff on transient errors
(deadlocks, leader changes, a briefly unavailable server).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from kg.errors import ExportError
from kg.exporters.neo4j_schema import (
    LABELS,
    SCHEMA_STATEMENTS,
    edge_properties,
    label_of,
    merge_nodes,
    merge_relationships,
    node_properties,
    rel_type_of,
)

__all__ = ["LoadReport", "Neo4jAuthError", "Neo4jLoadError", "connect", "load", "wipe"]

#: rows per transaction: large enough to amortise round trips, small enough for a 512 MB heap.
BATCH_SIZE = 10_000


class Neo4jLoadError(ExportError):
    """The graph cannot be loaded into Neo4j (server unreachable, refused credentials, failed query)."""


class Neo4jAuthError(Neo4jLoadError):
    """The server refused the credentials (or wants some and got none)."""


def connect(uri: str, auth: tuple[str, str] | None = None):
    """A `neo4j.Driver` for `uri` that has been checked to answer and accept `auth`; close it after use."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    try:
        driver = GraphDatabase.driver(uri, auth=auth)
    except (DriverError, ValueError) as exc:
        raise Neo4jLoadError(f"cannot use Neo4j URI {uri!r}: {exc}") from exc
    try:
        driver.verify_connectivity()
    except AuthError as exc:
        driver.close()
        raise Neo4jAuthError(f"Neo4j at {uri} refused the credentials: {exc.message}") from exc
    except (DriverError, Neo4jError, OSError) as exc:
        driver.close()
        raise Neo4jLoadError(f"Neo4j at {uri} does not answer: {exc}") from exc
    return driver


@dataclass(frozen=True)
class LoadReport:
    """What a load wrote and how fast: counts are of the graph, `created` of what was new."""

    nodes: int
    relationships: int
    nodes_created: int
    relationships_created: int
    node_seconds: float
    relationship_seconds: float

    @property
    def relationships_per_second(self) -> float:
        return self.relationships / self.relationship_seconds if self.relationship_seconds else 0.0

    @property
    def nodes_per_second(self) -> float:
        return self.nodes / self.node_seconds if self.node_seconds else 0.0

    def __str__(self) -> str:
        return (
            f"{self.nodes} nodes ({self.nodes_created} new) in {self.node_seconds:.1f} s, "
            f"{self.relationships} relationships ({self.relationships_created} new) in "
            f"{self.relationship_seconds:.1f} s: {self.relationships_per_second:,.0f} relationships/s"
        )


def load(graph: nx.MultiDiGraph, driver, *, database: str | None = None, wipe_first: bool = False,
         batch_size: int = BATCH_SIZE) -> LoadReport:
    """Load `graph` through `driver` (a `neo4j.Driver`) into `database` (the server default if None).

    With `wipe_first`, nodes with kg's labels are deleted before loading; nothing else is.
    """
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with driver.session(database=database) as session:
            if wipe_first:
                _wipe(session)
            for statement in SCHEMA_STATEMENTS:
                session.run(statement).consume()
            session.run("CALL db.awaitIndexes(300)").consume()
            started = time.perf_counter()
            node_groups, labels = _node_rows(graph)
            nodes_created = _write_groups(session, node_groups, batch_size, "nodes_created")
            node_seconds = time.perf_counter() - started
            started = time.perf_counter()
            rels_created = _write_groups(session, _relationship_rows(graph, labels), batch_size,
                                         "relationships_created")
            rel_seconds = time.perf_counter() - started
    except (DriverError, Neo4jError, OSError) as exc:
        raise Neo4jLoadError(f"Neo4j load failed: {exc}") from exc
    return LoadReport(graph.number_of_nodes(), graph.number_of_edges(), nodes_created, rels_created,
                      node_seconds, rel_seconds)


def _node_rows(graph: nx.MultiDiGraph) -> tuple[dict[str, list], dict[str, str]]:
    """Per MERGE statement, the property maps of its nodes; and every node's label."""
    groups: dict[str, list] = defaultdict(list)
    labels: dict[str, str] = {}
    for node, attributes in graph.nodes(data=True):
        label = labels[node] = label_of(attributes.get("kind", ""))
        groups[label].append(node_properties(node, attributes))
    return {merge_nodes(label): rows for label, rows in groups.items()}, labels


def _relationship_rows(graph: nx.MultiDiGraph, labels: dict[str, str]) -> dict[str, list]:
    """Per MERGE statement (type and endpoint labels, so MATCH uses the id index), its rows."""
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for start, end, attributes in graph.edges(data=True):
        key = (attributes.get("rel", ""), labels[start], labels[end])
        groups[key].append({"start": start, "end": end, "properties": edge_properties(start, end, attributes)})
    return {merge_relationships(rel_type_of(rel), *ends): rows for (rel, *ends), rows in groups.items()}


def _write_groups(session, groups: dict[str, list], batch_size: int, counter: str) -> int:
    """Run each statement over its rows in batches, one managed transaction each; sums `counter`."""
    created = 0
    for statement, rows in groups.items():
        for first in range(0, len(rows), batch_size):
            batch = rows[first : first + batch_size]
            counters = session.execute_write(_run(statement, batch))
            created += getattr(counters, counter)
    return created


def _run(statement: str, rows: list) -> Callable:
    """A transaction function (retried as a whole by the driver) that returns the write counters."""

    def work(tx):
        return tx.run(statement, rows=rows).consume().counters

    return work


def wipe(driver, *, database: str | None = None) -> None:
    """Delete every node carrying one of kg's labels, with its relationships; nothing else."""
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with driver.session(database=database) as session:
            _wipe(session)
    except (DriverError, Neo4jError, OSError) as exc:
        raise Neo4jLoadError(f"Neo4j wipe failed: {exc}") from exc


def _wipe(session) -> None:
    # CALL ... IN TRANSACTIONS needs an auto-commit transaction: session.run, not execute_write.
    labels = "|".join(LABELS.values())
    session.run(f"MATCH (n:{labels}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS").consume()

