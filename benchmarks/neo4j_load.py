"""How fast kg's graph gets into Neo4j: relationships/s for a fresh load, a reload, and a bulk import.

    .venv/bin/python benchmarks/neo4j_load.py                              # generated, 10k papers
    .venv/bin/python benchmarks/neo4j_load.py --db /tmp/perf/b20k/kg.db --bulk
    .venv/bin/python benchmarks/neo4j_load.py --papers 10000,50000 --batch-sizes 5000,20000
    .venv/bin/python benchmarks/neo4j_load.py --uri bolt://127.0.0.1:7687  # an already running server

Graphs: a workspace's analysed graph (`--db`, repeatable), or the scholarly-shaped graph
the Neo4j tests generate (`--papers`: about ten relationships per paper, eight properties
on each). Without --uri it starts kg's local server (`kg.neo4j_server`) in a temporary
home and stops it afterwards. One untimed load warms the server up; then for every graph
and batch size, kg's nodes are wiped, the graph is loaded into the empty database
("fresh": relationships CREATEd) and loaded again over itself ("reload": MERGEd). With
`--bulk` (local server only), the graph's `neo4j/` export is also written and bulk-imported
by `neo4j-admin` into a second home, and kg's schema created on it ("bulk"; the rate counts
the import and the schema, the CSV export is shown apart: `kg build` writes it anyway).

The "µs/rel" columns are CPU time per relationship during the relationship phase, of the
local server's process and of this client (the driver): on a shared machine they are
steadier than the wall-clock rate, and they show which side the time is spent on.
Not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the generator lives in tests/

from kg.exporters.neo4j_bolt import BATCH_SIZE, connect, create_schema, load, wipe
from kg.exporters.neo4j_files import export
from kg.neo4j_server import bulk_import, running
from tests.neo4j.conftest import generated_graph

_HEADER = ("| graph | nodes | relationships | load | batch | nodes/s | relationships/s | server µs/rel "
           "| client µs/rel |\n|---|---:|---:|---|---:|---:|---:|---:|---:|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, action="append", default=[], help="workspace whose graph to load")
    parser.add_argument("--papers", default=None, help="comma-separated sizes of generated graphs (default 10000)")
    parser.add_argument("--batch-sizes", default=str(BATCH_SIZE), help="comma-separated rows per transaction")
    parser.add_argument("--bulk", action="store_true", help="also time neo4j-admin's bulk import (local server)")
    parser.add_argument("--uri", help="Bolt URI of a running server (default: start kg's local one)")
    parser.add_argument("--heap", default="512m", help="heap of the local server (kg's default)")
    parser.add_argument("--page-cache", default="256m", help="page cache of the local server (kg's default)")
    options = parser.parse_args()
    if options.bulk and options.uri:
        parser.error("--bulk imports into a local server's home; it cannot be combined with --uri")
    sizes = options.papers or ("" if options.db else "10000")
    graphs = [(db.parent.name or str(db), _workspace_graph(db)) for db in options.db]
    graphs += [(f"generated {int(size):,}", generated_graph(int(size))) for size in sizes.split(",") if size]
    batch_sizes = [int(size) for size in options.batch_sizes.split(",")]
    print(f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    print(_HEADER)
    if options.uri:
        _measure(options.uri, None, graphs, batch_sizes)
        return
    with running(heap=options.heap, page_cache=options.page_cache) as server:
        print(f"local server {server.uri}, heap {options.heap}, page cache {options.page_cache}", file=sys.stderr)
        _measure(server.uri, server.process.pid, graphs, batch_sizes)
    if options.bulk:
        for name, graph in graphs:
            _bulk(name, graph, options.heap, options.page_cache)
    print(f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)


def _workspace_graph(db: Path):
    from kg.pipeline import load_graph

    return load_graph(db)


def _measure(uri: str, pid: int | None, graphs: list, batch_sizes: list[int]) -> None:
    """One table row per graph, batch size and kind of load."""
    with connect(uri, _auth()) as driver:
        wipe(driver)
        load(graphs[0][1], driver)  # warm-up: a new server's first load runs before the JIT has compiled much
        for name, graph in graphs:
            for batch_size in batch_sizes:
                wipe(driver)
                for kind in ("fresh", "reload"):
                    cpu = _RelationshipCPU(pid, graph, batch_size)
                    report = load(graph, driver, batch_size=batch_size, on_batch=cpu.on_batch)
                    _row(name, graph, kind, f"{batch_size:,}", report.nodes_per_second,
                         report.relationships_per_second, *cpu.per_relationship())
        wipe(driver)


class _RelationshipCPU:
    """CPU seconds of the server (from /proc: Linux, local server) and of this client after the last node batch."""

    def __init__(self, pid: int | None, graph, batch_size: int) -> None:
        self.pid = pid
        self.relationships = graph.number_of_edges()
        per_label = Counter(kind for _, kind in graph.nodes(data="kind"))
        self.node_batches = sum(-(-count // batch_size) for count in per_label.values())
        self.at_relationships: tuple[float, float] | None = self._seconds() if not self.node_batches else None

    def _seconds(self) -> tuple[float, float]:
        if not self.pid:
            return 0.0, time.process_time()
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), time.process_time()

    def on_batch(self, done: int, total: int) -> None:
        if done == self.node_batches:
            self.at_relationships = self._seconds()

    def per_relationship(self) -> tuple[float | None, float | None]:
        """Server and client µs per relationship (the server's None without a local pid)."""
        if self.at_relationships is None or not self.relationships:
            return None, None
        server, client = (now - then for now, then in zip(self._seconds(), self.at_relationships))
        return (server * 1e6 / self.relationships if self.pid else None), client * 1e6 / self.relationships


def _bulk(name: str, graph, heap: str, page_cache: str) -> None:
    """Export the graph's CSV files, bulk-import them into a new home, start it and create kg's schema.

    The same steps as `kg neo4j start --import FOLDER`, timed one by one.
    """
    with tempfile.TemporaryDirectory(prefix="kg-bulk-") as work:
        folder, home = Path(work) / "neo4j", Path(work) / "home"
        started = time.perf_counter()
        export(graph, folder)
        exported = time.perf_counter() - started
        started = time.perf_counter()
        bulk_import(folder, home, heap=heap)
        imported = time.perf_counter() - started
        with running(home, heap=heap, page_cache=page_cache) as server, connect(server.uri) as driver:
            started = time.perf_counter()
            create_schema(driver)
            schema = time.perf_counter() - started
    print(f"bulk import of {name}: CSV export {exported:.1f} s (not counted), neo4j-admin {imported:.1f} s, "
          f"schema {schema:.1f} s", file=sys.stderr)
    seconds = imported + schema
    _row(name, graph, "bulk", "-", graph.number_of_nodes() / seconds, graph.number_of_edges() / seconds, None, None)


def _row(name: str, graph, kind: str, batch: str, nodes_rate: float, rate: float, server: float | None,
         client: float | None) -> None:
    cpu = " | ".join(f"{value:.1f}" if value is not None else "-" for value in (server, client))
    print(f"| {name} | {graph.number_of_nodes():,} | {graph.number_of_edges():,} | {kind} | {batch} | "
          f"{nodes_rate:,.0f} | {rate:,.0f} | {cpu} |", flush=True)


def _auth() -> tuple[str, str] | None:
    user = os.environ.get("NEO4J_USER")
    return (user, os.environ.get("NEO4J_PASSWORD", "")) if user else None


if __name__ == "__main__":
    main()
