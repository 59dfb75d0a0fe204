"""Load the graph into a running Neo4j over Bolt: schema first, then batched parameterised writes.

Values only ever travel as parameters (`UNWIND $rows AS row MERGE ...`); the Cypher text
holds nothing but kg's fixed labels and types (`kg.exporters.neo4j_schema`). Loading is
idempotent: nodes are merged on `id`, relationships on their endpoints and type, and
`SET x = row` makes each one hold exactly the graph's properties afterwards.

A fresh load CREATEs instead: a label or relationship type of which the database holds
nothing (by the server's count store) except what this graph's committed batches wrote
is written with CREATE, which skips MERGE's search for an existing match (for a
relationship, a walk over one endpoint's relationships). So an empty database, `wipe_first`
and the re-run of an interrupted fresh load create; a reload, or a database holding other
data of a kind, merges.

Faults: every batch is a managed transaction, which the driver retries with backoff on
transient errors (deadlocks, lock timeouts, a dropped connection, a restarting server),
so a batch is applied whole or not at all. The same transaction first writes a marker node
(`:KgLoadBatch`, outside kg's labels) holding a digest of the batch's rows and, once
written, what the batch created; if that marker is already there, an earlier attempt
committed and the transaction writes nothing more. That makes the one fault the driver
will not retry safe to retry: a connection lost while a commit was on its way
(`IncompleteCommit`), so the load retries it itself. When the retries give up,
`Neo4jLoadError` says how many batches were committed; loading the same graph again
skips every batch whose digest is marked, so it resumes where the failed run stopped.
A load that finishes, and `wipe`, remove the markers (all of them). Run one load at a
time into a database: two at once cost each other their resume points and, both
starting on an empty database, may both create a relationship.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import networkx as nx

from kg.errors import ExportError
from kg.exporters.neo4j_schema import (
    LABELS,
    SCHEMA_STATEMENTS,
    batches,
    merge_nodes,
    merge_relationships,
)

__all__ = [
    "BATCH_SIZE", "MARKER_LABEL", "LoadReport", "Neo4jAuthError", "Neo4jLoadError", "connect", "create_schema", "load",
    "wipe",
]

#: rows per transaction: measured fastest on the local server (benchmarks/neo4j_load.py;
#: 10,000-row transactions cost the server more per row), and small for a 512 MB heap.
BATCH_SIZE = 5_000

#: kg's statements are fixed; the server's hints about them (e.g. "label KgLoadBatch does not exist yet") are noise.
_QUIET = "OFF"

#: URI schemes of Bolt, direct and routed; the driver's preview HTTP scheme needs packages kg does not ship.
_BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

#: tries of a transaction whose commit answers are lost; a server that is gone fails sooner, otherwise.
_COMMIT_ATTEMPTS = 5

#: label of the per-batch progress markers; not one of kg's labels, so never part of the graph.
MARKER_LABEL = "KgLoadBatch"

_log = logging.getLogger(__name__)


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

    if uri.partition("://")[0] not in _BOLT_SCHEMES:
        raise Neo4jLoadError(f"cannot use Neo4j URI {uri!r}: kg speaks Bolt ({', '.join(_BOLT_SCHEMES)})")
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
        raise Neo4jLoadError(f"Neo4j at {uri} does not answer: {_last_line(exc)}") from exc
    return driver


def _last_line(exc: Exception) -> str:
    """The driver's reason without its preamble: its messages span lines, an error the user sees is one."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


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

    if batch_size < 1:
        raise Neo4jLoadError(f"batch size must be positive, got {batch_size}")
    # Two passes over the graph, no rows kept: the first learns every batch's digest and
    # size (to resume, and to choose CREATE or MERGE), the second cuts the same batches again
    # and writes them. A million papers' rows would take as much memory again as the graph.
    planned = [(batch.statements, batch.digest, len(batch.rows)) for batch in _batches(graph, batch_size)]
    progress = _Progress(len(planned), on_batch)
    try:
        with driver.session(database=database, notifications_min_severity=_QUIET) as session:
            if wipe_first:
                _wipe(session)
            _create_schema(session)
            progress.already_committed = _execute(session, _committed_digests, read=True)
            unwritten = _unwritten_kinds(session, planned, progress.already_committed)
            digests = (digest for _, digest, _ in planned)  # the second pass's batches are the first's
            created, seconds = _write(session, zip(digests, _batches(graph, batch_size), strict=True),
                                      progress, unwritten)
            _execute(session, _consume(f"MATCH (m:{MARKER_LABEL}) DELETE m"))
    except (DriverError, Neo4jError, OSError) as exc:
        raise Neo4jLoadError(
            f"Neo4j load failed after {progress.committed} of {progress.total} batches were committed "
            f"(each whole; loading the same graph again skips them): {exc}",
            committed_batches=progress.committed, total_batches=progress.total,
        ) from exc
    return LoadReport(graph.number_of_nodes(), graph.number_of_edges(), created[_NODES], created[_RELATIONSHIPS],
                      seconds[_NODES], seconds[_RELATIONSHIPS], progress.skipped)


@dataclass(frozen=True)
class _Statements:
    """The two ways to write one group of rows, and how to count what the database holds of its kind.

    `merge` is always right; `create` skips the server's search for an existing match
    and is right only while the database holds nothing of the kind (a label, or a
    relationship type) beyond what this load's own committed batches wrote.
    """

    merge: str
    create: str
    count: str
    counter: str  # the write counter of what it creates: nodes_created or relationships_created


@dataclass(frozen=True)
class _Batch:
    """One transaction's worth of rows for one group, and the digest that marks it committed."""

    statements: _Statements
    rows: list

    @property
    def digest(self) -> str:
        # Of the MERGE text, so a resumed load recognises batches whichever verb wrote them.
        # pickle, not repr: about three times faster, and as deterministic for the same rows.
        payload = pickle.dumps((self.statements.merge, self.rows), protocol=5)
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


#: the driver's counters of created nodes and relationships, which also name the two phases of a load.
_NODES, _RELATIONSHIPS = "nodes_created", "relationships_created"


def _batches(graph: nx.MultiDiGraph, batch_size: int) -> Iterator[_Batch]:
    """The graph's batches (`neo4j_schema.batches`), each with the statements that write it."""
    for group, rows in batches(graph, batch_size):
        yield _Batch(_node_statements(*group) if len(group) == 1 else _relationship_statements(*group), rows)


@cache
def _node_statements(label: str) -> _Statements:
    # `label` comes from label_of, one of kg's fixed labels, so it may stand in Cypher text.
    return _Statements(merge=merge_nodes(label), create=f"UNWIND $rows AS row CREATE (n:{label}) SET n = row",
                       count=f"MATCH (n:{label}) RETURN count(n)", counter=_NODES)


@cache
def _relationship_statements(rel_type: str, start_label: str, end_label: str) -> _Statements:
    # Type and labels come from rel_type_of and label_of: kg's fixed names only.
    ends = f"UNWIND $rows AS row MATCH (a:{start_label} {{id: row.start}}) MATCH (b:{end_label} {{id: row.end}}) "
    return _Statements(merge=merge_relationships(rel_type, start_label, end_label),
                       create=f"{ends}CREATE (a)-[r:{rel_type}]->(b) SET r = row.properties",
                       count=f"MATCH ()-[r:{rel_type}]->() RETURN count(r)", counter=_RELATIONSHIPS)


def _unwritten_kinds(session, planned: list[tuple[_Statements, str, int]], committed: frozenset[str]) -> frozenset[str]:
    """Count statements of the kinds the database holds nothing of but this graph's committed batches.

    `planned` is (statements, digest, rows) of every batch. A fresh load (empty database, or
    `wipe_first`) finds every kind unwritten, and so does the re-run of an interrupted fresh
    load; a reload finds none. The counts come from the server's count store, so asking
    costs nothing per row.
    """
    ours: dict[str, int] = defaultdict(int)
    for statements, digest, rows in planned:
        ours[statements.count] += rows if digest in committed else 0
    return frozenset(count for count, rows in ours.items() if _execute(session, _single(count), read=True) == rows)


def _write(session, batches: Iterable[tuple[str, _Batch]], progress: _Progress,
           unwritten: frozenset[str]) -> tuple[dict[str, int], dict[str, float]]:
    """Run each (digest, batch) not yet committed as one managed transaction.

    Returns what the writes created and the seconds spent (cutting and writing), each per
    driver counter (`_NODES`, `_RELATIONSHIPS`).
    """
    created: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    started = time.perf_counter()
    for digest, batch in batches:
        statements = batch.statements
        if digest in progress.already_committed:
            progress.skipped += 1
        else:
            statement = statements.create if statements.count in unwritten else statements.merge
            created[statements.counter] += _execute(session, _run(statement, statements.counter, batch.rows, digest))
        progress.advance()
        now = time.perf_counter()
        seconds[statements.counter] += now - started
        started = now
    return created, seconds


def _execute(session, work: Callable, *, read: bool = False) -> Any:
    """Run the transaction function `work` as a managed write (or read) transaction; return its result.

    The driver retries a transaction on every transient fault but a lost commit answer,
    since it cannot know whether the commit landed. Every transaction of a load may run
    twice (schema statements say IF NOT EXISTS, a batch's marker says whether it landed,
    reads change nothing), so that fault is retried here.
    """
    from neo4j.exceptions import IncompleteCommit

    execute = session.execute_read if read else session.execute_write
    attempts = 1
    while True:
        try:
            return execute(work)
        except IncompleteCommit as exc:
            if attempts == _COMMIT_ATTEMPTS:
                raise
            attempts += 1
            _log.warning("A commit's answer was lost (%s); it will be retried, being safe to repeat", exc)


def _run(statement: str, counter: str, rows: list, digest: str) -> Callable:
    """A transaction function (retried as a whole): the batch and its marker, together.

    Returns what `statement` created, by the driver counter `counter`, or what the marker
    says it created when an earlier attempt committed (and CREATE must not repeat).
    """

    def work(tx) -> int:
        marker = tx.run(f"MERGE (m:{MARKER_LABEL} {{digest: $digest}}) ON CREATE SET m.rows = $rows "
                        "RETURN m.created AS created", digest=digest, rows=len(rows)).single(strict=True)
        if marker["created"] is not None:
            return marker["created"]
        created = getattr(tx.run(statement, rows=rows).consume().counters, counter)
        tx.run(f"MATCH (m:{MARKER_LABEL} {{digest: $digest}}) SET m.created = $created",
               digest=digest, created=created).consume()
        return created

    return work


def _single(statement: str) -> Callable:
    """A read transaction function returning the one value `statement` answers."""

    def work(tx):
        return tx.run(statement).single(strict=True)[0]

    return work


def _consume(statement: str) -> Callable:
    """A transaction function running one parameterless statement, so the driver retries it too."""

    def work(tx):
        tx.run(statement).consume()

    return work


def _committed_digests(tx) -> frozenset[str]:
    """Digests of the batches an interrupted earlier load committed (none after a finished load)."""
    return frozenset(record["digest"] for record in tx.run(f"MATCH (m:{MARKER_LABEL}) RETURN m.digest AS digest"))


@contextmanager
def _quiet_session(driver, database: str | None, failure: str) -> Iterator[Any]:
    """A session without the server's notices, whose driver, server or socket errors become one line.

    The error is a `Neo4jLoadError` starting with `failure`, as every entry point reports it.
    """
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with driver.session(database=database, notifications_min_severity=_QUIET) as session:
            yield session
    except (DriverError, Neo4jError, OSError) as exc:
        raise Neo4jLoadError(f"{failure}: {exc}") from exc


def create_schema(driver, *, database: str | None = None) -> None:
    """Create kg's constraints and indexes if missing, and wait until they are online (as `load` does first)."""
    with _quiet_session(driver, database, "creating kg's Neo4j schema failed") as session:
        _create_schema(session)


def _create_schema(session) -> None:
    for statement in (*SCHEMA_STATEMENTS, "CALL db.awaitIndexes(300)"):
        _execute(session, _consume(statement))


def wipe(driver, *, database: str | None = None) -> None:
    """Delete every node carrying one of kg's labels, with its relationships, and kg's load markers; nothing else."""
    with _quiet_session(driver, database, "Neo4j wipe failed") as session:
        _wipe(session)


def _wipe(session) -> None:
    # CALL ... IN TRANSACTIONS needs an auto-commit transaction: session.run, not execute_write.
    # 1,000 nodes a transaction: 10,000 papers with their relationships overflow a 512 MB heap.
    labels = "|".join([*LABELS.values(), MARKER_LABEL])
    session.run(f"MATCH (n:{labels}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 1000 ROWS").consume()

