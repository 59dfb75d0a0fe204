"""The Bolt loader under real faults: dropped connections, a server gone for good, deadlocks.

Connections are dropped by a TCP relay between the driver and the real server (`Relay`),
which closes every socket once a given number of bytes has gone upstream: the driver sees
exactly what a network failure or a server restart shows it.
"""

from __future__ import annotations

import logging
import socket
import threading
import time

import networkx as nx
import pytest
from neo4j import GraphDatabase

from kg.exporters.neo4j_bolt import MARKER_LABEL, Neo4jLoadError, load, wipe

#: one worker runs them all under `pytest -n --dist loadgroup`, so a run starts one server.
pytestmark = [pytest.mark.neo4j, pytest.mark.xdist_group("neo4j")]

#: small batches, so a load of `graph_of(200)` is a couple of dozen transactions.
BATCH = 150


#: a Bolt COMMIT message as the driver sends it: chunk size 2, an empty struct of tag 0x12, end of message.
BOLT_COMMIT = bytes.fromhex("0002b0120000")


class Relay:
    """Forwards TCP between clients and `upstream`; drops every connection once, after forwarding upstream
    the data that has the upstream byte count reach `cut_after`, or that holds the `cut_at_commit`-th COMMIT.

    A cut at a COMMIT strikes after the server was asked to commit and before its answer
    arrives: the one fault whose outcome the driver cannot know. With `refuse_after_cut`,
    the relay also stops listening, so reconnecting fails as with a dead server.
    """

    def __init__(self, upstream: tuple[str, int], *, cut_after: float = float("inf"), cut_at_commit: int | None = None,
                 refuse_after_cut: bool = False) -> None:
        self.upstream = upstream
        self.cut_after = cut_after
        self.cut_at_commit = cut_at_commit
        self.refuse_after_cut = refuse_after_cut
        self.forwarded = 0
        self.commits = 0
        self.cuts = 0
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.uri = f"bolt://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            with self._lock:
                self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, upstream: bool) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
                if upstream:
                    self._count(data)
        except OSError:
            pass
        for end in (source, target):
            end.close()

    def _count(self, data: bytes) -> None:
        with self._lock:
            self.forwarded += len(data)
            self.commits += BOLT_COMMIT in data
            if self.cuts or (self.forwarded < self.cut_after and self.commits != self.cut_at_commit):
                return
            self.cuts += 1
            if self.refuse_after_cut:
                self._stop_listening()
            for end in self._sockets:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:  # already closed by its peer
                    pass
            self._sockets.clear()

    def _stop_listening(self) -> None:
        try:
            self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close alone does not
        except OSError:
            pass
        self._listener.close()

    def close(self) -> None:
        self._stop_listening()
        with self._lock:
            for end in self._sockets:
                end.close()


@pytest.fixture
def relay(db):
    """`relay(**cut)`: a Relay to the test server (cut as `cut` says) and a driver through it."""
    host, port = db.uri.removeprefix("bolt://").rsplit(":", 1)
    made = []

    def make(**cut):
        relay = Relay((host, int(port)), **cut)
        # Retries give up after 3 s here (the default is 30 s), to keep the tests short.
        driver = GraphDatabase.driver(relay.uri, auth=db.auth, max_transaction_retry_time=3.0,
                                      connection_timeout=2.0)
        made.append((relay, driver))
        return relay, driver

    yield make
    for relay_, driver in made:
        driver.close()
        relay_.close()


@pytest.fixture
def uninterrupted(db, graph_of, snapshot):
    """The graph and what an uninterrupted load of it leaves; the database is emptied again."""
    graph = graph_of(200)
    load(graph, db.driver, batch_size=BATCH)
    expected = snapshot(db.driver)
    wipe(db.driver)
    return graph, expected


def markers(driver) -> list[int]:
    return [r["rows"] for r in driver.execute_query(f"MATCH (m:{MARKER_LABEL}) RETURN m.rows AS rows").records]


#: who logs a retry: the driver (most faults), or kg's load (a commit whose answer was lost).
DRIVER, KG = "neo4j.session", "kg.exporters.neo4j_bolt"


@pytest.mark.parametrize(("cut", "retried_by"), [
    ({"cut_after": 150_000}, {DRIVER, KG}),  # mostly mid-transaction; now and then at a commit
    # A load of the graph commits 49 times, batches from the 27th: the 40th is a relationship batch's.
    ({"cut_at_commit": 40}, {KG}),
], ids=["mid-load", "at-commit"])
def test_dropped_connection_is_retried_and_the_load_completes(db, relay, uninterrupted, snapshot, caplog,
                                                              cut, retried_by):
    graph, expected = uninterrupted
    relay_, driver = relay(**cut)
    with caplog.at_level(logging.WARNING):
        report = load(graph, driver, batch_size=BATCH)
    assert relay_.cuts == 1 and relay_.commits > 40  # the fault struck mid-load
    retries = {record.name for record in caplog.records if "will be retried" in record.getMessage()}
    assert retries & retried_by, retries
    assert snapshot(db.driver) == expected
    assert (report.nodes_created, report.relationships_created) == (len(expected.nodes), len(expected.relationships))
    assert markers(db.driver) == []


def test_lost_server_leaves_whole_batches_and_a_rerun_resumes(db, relay, uninterrupted, snapshot):
    graph, expected = uninterrupted
    _, driver = relay(cut_after=150_000, refuse_after_cut=True)
    with pytest.raises(Neo4jLoadError, match=r"after \d+ of \d+ batches were committed") as failure:
        load(graph, driver, batch_size=BATCH)
    error = failure.value
    assert 0 < error.committed_batches < error.total_batches

    # Every batch is in whole or not at all: the database holds exactly the marked batches' rows
    # (one more batch than the client counted if the connection dropped while its commit was on the way).
    committed = markers(db.driver)
    got = snapshot(db.driver)
    assert len(got.nodes) + len(got.relationships) == sum(committed)
    assert error.committed_batches <= len(committed) <= error.committed_batches + 1

    rerun = load(graph, db.driver, batch_size=BATCH)
    assert rerun.skipped_batches == len(committed)
    assert snapshot(db.driver) == expected
    assert markers(db.driver) == []


def test_deadlocked_loads_are_retried_and_both_complete(db, graph_of, snapshot, caplog):
    graph = graph_of(200)
    load(graph, db.driver, batch_size=BATCH)
    expected = snapshot(db.driver)
    # The same graph with its Method nodes listed backwards: its first batch locks them in reverse order.
    methods = [node for node in graph if node.startswith("method:")]
    backwards = nx.MultiDiGraph()
    backwards.add_nodes_from((node, graph.nodes[node]) for node in [*reversed(methods), *graph])
    backwards.add_edges_from(graph.edges(keys=True, data=True))
    holder = db.driver.session()
    tx = holder.begin_transaction()
    loaders = [threading.Thread(target=load, args=(g, db.driver), kwargs={"batch_size": BATCH})
               for g in (graph, backwards)]
    try:
        # Both loaders stop at the held middle node, each holding the nodes on its side of it;
        # whichever gets it next needs a node the other holds: a deadlock, and a loader is its victim.
        tx.run("MATCH (n:Method {id: $id}) SET n.held = true", id=methods[len(methods) // 2]).consume()
        with caplog.at_level(logging.WARNING, logger="neo4j"):
            for loader in loaders:
                loader.start()
            _wait_until_blocked(db.driver, transactions=2)
            tx.rollback()
            for loader in loaders:
                loader.join(60)
    finally:
        tx.close()
        holder.close()
    assert not any(loader.is_alive() for loader in loaders)
    retried = [r.getMessage() for r in caplog.records if "will be retried" in r.getMessage()]
    assert any("DeadlockDetected" in message for message in retried), retried
    assert snapshot(db.driver) == expected
    assert markers(db.driver) == []


def _wait_until_blocked(driver, transactions: int, timeout: float = 30.0) -> None:
    """Return once `transactions` transactions wait for a lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        records = driver.execute_query("SHOW TRANSACTIONS YIELD status WHERE status STARTS WITH 'Blocked' "
                                       "RETURN count(*) AS n").records
        if records[0]["n"] >= transactions:
            return
        time.sleep(0.05)
    raise AssertionError(f"{transactions} transactions never waited for the held lock")
