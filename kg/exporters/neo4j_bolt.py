"""Load the graph into a running Neo4j over Bolt: schema first, then batched parameterised MERGEs.

Values only ever travel as parameters (`UNWIND $rows AS row MERGE ...`); the Cypher text
holds nothing but kg's fixed labels and types (`kg.exporters.neo4j_schema`). Loading is
idempotent: nodes are merged on `id`, relationships on their endpoints and type, and
`SET x = row` makes each one hold exactly the graph's properties afterwards.

Faults: every batch is a managed transaction, which the driver retries with backoff on
transient errors (deadlocks, lock timeouts, a dropped connection, a restarting server),
so a batch is applied whole or not at all. The same transaction writes a marker node
(`:KgLoadBatch`, outside kg's labels) holding a digest of the batch's statement and rows.
When the retries give up, `Neo4jLoadError` says how many batches were committed; loading
the same graph again skips every batch whose digest is marked, so it resumes where the
failed run stopped. A load that finishes, and `wipe`, remove the markers (all of them: two
loads at once into one database cost each other their resume points, nothing more).
"""

from __future__ import annotations

import hashlib
import pickle
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

__all__ = ["BATCH_SIZE", "MARKER_LABEL", "LoadReport", "Neo4jAuthError", "Neo4jLoadError", "connect", "load", "wipe"]

#: rows per transaction: measured fastest on the local server (benchmarks/neo4j_load.py;
#: 10,000-row transactions cost the server more per row), and small for a 512 MB heap.
BATCH_SIZE = 5_000

#: kg's statements are fixed; the server's hints about them (e.g. "label KgLoadBatch does not exist yet") are noise.
_QUIET = "OFF"

#: label of the per-batch progress markers; not one of kg's labels, so never part of the graph.
MARKER_LABEL = "KgLoadBatch"


class Neo4jLoadError(ExportError):
    """The graph cannot be loaded into Neo4j (server unreachable, refused credentials, failed query).

    `committed_batches` of `total_batches` were applied whole before the failure (counting
    those an earlier run had committed); loading the same graph again skips them.
    """

    def __init__(self, message: str, *, committed_batches: int = 0, total_batches: int = 0) -> None:
        super().__init__(message)
        self.committed_batches = committed_batches
        self.total_batches = total_batches


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
    #: batches an interrupted earlier load had committed, so this one skipped them.
    skipped_batches: int = 0

    @property
    def relationships_per_second(self) -> float:
        return self.relationships / self.relationship_seconds if self.relationship_seconds else 0.0

    @property
    def nodes_per_second(self) -> float:
        return self.nodes / self.node_seconds if self.node_seconds else 0.0

    def __str__(self) -> str:
        resumed = f"; resumed, skipping {self.skipped_batches} committed batches" if self.skipped_batches else ""
        return (
            f"{self.nodes} nodes ({self.nodes_created} new) in {self.node_seconds:.1f} s, "
            f"{self.relationships} relationships ({self.relationships_created} new) in "
            f"{self.relationship_seconds:.1f} s: {self.relationships_per_second:,.0f} relationships/s{resumed}"
        )


def load(graph: nx.MultiDiGraph, driver, *, database: str | None = None, wipe_first: bool = False,
         batch_size: int = BATCH_SIZE, on_batch: Callable[[int, int], None] | None = None) -> LoadReport:
    """Load `graph` through `driver` (a `neo4j.Driver`) into `database` (the server default if None).

    With `wipe_first`, nodes with kg's labels are deleted before loading; nothing else is.
    `on_batch(done, total)` is called after each batch, committed or skipped as already committed.
    """
    from neo4j.exceptions import DriverError, Neo4jError

    node_groups, labels = _node_rows(graph)
    node_batches = _batches(node_groups, batch_size)
    relationship_batches = _batches(_relationship_rows(graph, labels), batch_size)
    progress = _Progress(len(node_batches) + len(relationship_batches), on_batch)
    try:
        with driver.session(database=database, notifications_min_severity=_QUIET) as session:
            if wipe_first:
                _wipe(session)
            for statement in (*SCHEMA_STATEMENTS, "CALL db.awaitIndexes(300)"):
                session.execute_write(_consume(statement))
            progress.already_committed = session.execute_read(_committed_digests)
            started = time.perf_counter()
            nodes_created = _write(session, node_batches, progress, "nodes_created")
            node_seconds = time.perf_counter() - started
            started = time.perf_counter()
            rels_created = _write(session, relationship_batches, progress, "relationships_created")
            rel_seconds = time.perf_counter() - started
            session.execute_write(_consume(f"MATCH (m:{MARKER_LABEL}) DELETE m"))
    except (DriverError, Neo4jError, OSError) as exc:
        raise Neo4jLoadError(
            f"Neo4j load failed after {progress.committed} of {progress.total} batches were committed "
            f"(each whole; loading the same graph again skips them): {exc}",
            committed_batches=progress.committed, total_batches=progress.total,
        ) from exc
    return LoadReport(graph.number_of_nodes(), graph.number_of_edges(), nodes_created, rels_created,
                      node_seconds, rel_seconds, progress.skipped)


@dataclass(frozen=True)
class _Batch:
    """One transaction's worth of rows for one statement, and the digest that marks it committed."""

    statement: str
    rows: list

    @property
    def digest(self) -> str:
        # pickle, not repr: about three times faster, and as deterministic for the same rows.
        payload = pickle.dumps((self.statement, self.rows), protocol=5)
        return hashlib.blake2b(payload, digest_size=16).hexdigest()


@dataclass
class _Progress:
    """How far a load got: batches committed (now or by an earlier run) out of all of them."""

    total: int
    on_batch: Callable[[int, int], None] | None
    committed: int = 0
    skipped: int = 0
    already_committed: frozenset[str] = frozenset()

    def advance(self) -> None:
        self.committed += 1
        if self.on_batch:
            self.on_batch(self.committed, self.total)


def _batches(groups: dict[str, list], batch_size: int) -> list[_Batch]:
    if batch_size < 1:
        raise Neo4jLoadError(f"batch size must be positive, got {batch_size}")
    return [_Batch(statement, rows[first : first + batch_size])
            for statement, rows in groups.items() for first in range(0, len(rows), batch_size)]


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


def _write(session, batches: list[_Batch], progress: _Progress, counter: str) -> int:
    """Run each batch not yet committed as one managed transaction; sums `counter` of the writes."""
    created = 0
    for batch in batches:
        digest = batch.digest
        if digest in progress.already_committed:
            progress.skipped += 1
        else:
            counters = session.execute_write(_run(batch, digest))
            created += getattr(counters, counter)
        progress.advance()
    return created


def _run(batch: _Batch, digest: str) -> Callable:
    """A transaction function (retried as a whole by the driver): the batch and its marker, together."""

    def work(tx):
        counters = tx.run(batch.statement, rows=batch.rows).consume().counters
        tx.run(f"CREATE (:{MARKER_LABEL} {{digest: $digest, rows: $rows}})", digest=digest,
               rows=len(batch.rows)).consume()
        return counters

    return work


def _consume(statement: str) -> Callable:
    """A transaction function running one parameterless statement, so the driver retries it too."""

    def work(tx):
        tx.run(statement).consume()

    return work


def _committed_digests(tx) -> frozenset[str]:
    """Digests of the batches an interrupted earlier load committed (none after a finished load)."""
    return frozenset(record["digest"] for record in tx.run(f"MATCH (m:{MARKER_LABEL}) RETURN m.digest AS digest"))


def wipe(driver, *, database: str | None = None) -> None:
    """Delete every node carrying one of kg's labels, with its relationships, and kg's load markers; nothing else."""
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with driver.session(database=database, notifications_min_severity=_QUIET) as session:
            _wipe(session)
    except (DriverError, Neo4jError, OSError) as exc:
        raise Neo4jLoadError(f"Neo4j wipe failed: {exc}") from exc


def _wipe(session) -> None:
    # CALL ... IN TRANSACTIONS needs an auto-commit transaction: session.run, not execute_write.
    # 1,000 nodes a transaction: 10,000 papers with their relationships overflow a 512 MB heap.
    labels = "|".join([*LABELS.values(), MARKER_LABEL])
    session.run(f"MATCH (n:{labels}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 1000 ROWS").consume()

