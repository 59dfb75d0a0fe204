"""How fast `kg.exporters.neo4j_bolt.load` writes into Neo4j: nodes/s and relationships/s, fresh and reload.

    .venv/bin/python benchmarks/neo4j_load.py                       # 10k papers, about 100k relationships
    .venv/bin/python benchmarks/neo4j_load.py --papers 2000 --batch-sizes 2000,10000,50000
    .venv/bin/python benchmarks/neo4j_load.py --uri bolt://127.0.0.1:7687   # an already running server

Without --uri it starts kg's local server (`kg.neo4j_server`, jars from Maven Central) in a
temporary home and stops it afterwards. The graph is the scholarly-shaped one the Neo4j
tests use (`tests/neo4j/conftest.py`: about ten relationships per paper, eight properties
on each). One untimed load warms the server up; then for every batch size, kg's nodes are wiped, the graph is loaded into the empty
database ("fresh") and then loaded again over itself ("reload"). Not a test: it takes minutes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the generator lives in tests/

from kg.exporters.neo4j_bolt import BATCH_SIZE, LoadReport, connect, load, wipe  # noqa: E402
from kg.neo4j_server import running  # noqa: E402
from tests.neo4j.conftest import generated_graph  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--papers", type=int, default=10_000, help="papers in the generated graph")
    parser.add_argument("--batch-sizes", default=str(BATCH_SIZE), help="comma-separated rows per transaction")
    parser.add_argument("--uri", help="Bolt URI of a running server (default: start kg's local one)")
    parser.add_argument("--heap", default="512m", help="heap of the local server (kg's default)")
    parser.add_argument("--page-cache", default="256m", help="page cache of the local server (kg's default)")
    options = parser.parse_args()
    graph = generated_graph(options.papers)
    batch_sizes = [int(size) for size in options.batch_sizes.split(",")]
    print(f"graph: {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} relationships; "
          f"load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    if options.uri:
        _measure(options.uri, graph, batch_sizes)
        return
    with running(heap=options.heap, page_cache=options.page_cache) as server:
        print(f"local server {server.uri}, heap {options.heap}, page cache {options.page_cache}", file=sys.stderr)
        _measure(server.uri, graph, batch_sizes)


def _measure(uri: str, graph, batch_sizes: list[int]) -> None:
    """Print one table row per batch size and kind of load."""
    print("| batch | load | nodes | nodes/s | relationships | relationships/s | new relationships |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    with connect(uri, _auth()) as driver:
        wipe(driver)
        load(graph, driver)  # warm-up: a new server's first load runs before the JIT has compiled much
        for batch_size in batch_sizes:
            wipe(driver)
            for kind in ("fresh", "reload"):
                _row(batch_size, kind, load(graph, driver, batch_size=batch_size))
        wipe(driver)


def _row(batch_size: int, kind: str, report: LoadReport) -> None:
    print(f"| {batch_size:,} | {kind} | {report.nodes:,} | {report.nodes_per_second:,.0f} | "
          f"{report.relationships:,} | {report.relationships_per_second:,.0f} | {report.relationships_created:,} |",
          flush=True)


def _auth() -> tuple[str, str] | None:
    user = os.environ.get("NEO4J_USER")
    return (user, os.environ.get("NEO4J_PASSWORD", "")) if user else None


if __name__ == "__main__":
    main()
