"""Which library computes a metric: networkx by default, igraph when the graph is large.

networkx is pure Python and fine up to tens of thousands of edges; on a graph of
100k nodes / 1M edges its Louvain takes about a minute and sampled betweenness does
not finish in ten, where igraph (C) takes seconds. Betweenness hurts first: 500
sampled sources on 40k edges take 13 s in networkx and 0.3 s in igraph, hence the low
limits. Past them `choose_engine` picks igraph when it is installed
(`pip install 'kg[igraph]'`), and `explain_engine` says so in every summary.
"""

from __future__ import annotations

import importlib.util
import random
from array import array
from collections.abc import Hashable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal

import networkx as nx
import numpy as np

from kg.errors import MissingDependencyError

if TYPE_CHECKING:
    import igraph

__all__ = [
    "Engine",
    "IGRAPH_MIN_EDGES",
    "IGRAPH_MIN_NODES",
    "choose_engine",
    "explain_engine",
    "igraph_available",
    "release_conversion",
    "require_igraph",
    "seeded_igraph",
    "shared_conversions",
    "to_igraph",
]

Engine = Literal["networkx", "igraph"]

#: a graph with at least this many nodes or edges is analysed with igraph when it is installed.
IGRAPH_MIN_NODES = 10_000
IGRAPH_MIN_EDGES = 50_000


def igraph_available() -> bool:
    """True when python-igraph can be imported."""
    return importlib.util.find_spec("igraph") is not None


def choose_engine(nodes: int, edges: int) -> Engine:
    """The engine for a graph of this size: igraph past the limits (when installed), else networkx.

    Sizes rather than the graph, because counting an undirected networkx graph's edges
    walks every node.

    >>> choose_engine(3, 2)
    'networkx'
    """
    large = nodes >= IGRAPH_MIN_NODES or edges >= IGRAPH_MIN_EDGES
    return "igraph" if large and igraph_available() else "networkx"


def explain_engine(engine: Engine, nodes: int, edges: int, *, forced: bool = False) -> str:
    """One line saying which engine analyses a graph of this size and why, for summaries and reports.

    >>> explain_engine("networkx", 3, 2)
    'networkx: 3 nodes / 2 edges is below the igraph limit of 10,000 nodes or 50,000 edges'
    """
    size = f"{nodes:,} nodes / {edges:,} edges"
    limits = f"{IGRAPH_MIN_NODES:,} nodes or {IGRAPH_MIN_EDGES:,} edges"
    if forced:
        return f"{engine}: chosen by the caller ({size})"
    if engine == "igraph":
        return f"igraph: {size} reaches the limit of {limits}"
    if nodes < IGRAPH_MIN_NODES and edges < IGRAPH_MIN_EDGES:
        return f"networkx: {size} is below the igraph limit of {limits}"
    return f"networkx: {size} reaches the limit of {limits}, but igraph is not installed (pip install 'kg[igraph]')"


def require_igraph() -> None:
    """Raise the install hint when the igraph engine is asked for but missing."""
    if not igraph_available():
        raise MissingDependencyError("the igraph engine", "igraph")


#: conversions kept while `shared_conversions` is active: id(graph) -> (graph, converted, nodes).
_shared: dict[int, tuple[nx.Graph, igraph.Graph, list[Hashable]]] | None = None


@contextmanager
def shared_conversions() -> Iterator[None]:
    """Within the block, each graph is converted to igraph once and the conversion reused.

    Only for callers that do not change the graphs inside the block (`analyze` and its
    private views); outside it every call converts afresh, so a changed graph is never
    answered from a stale copy.
    """
    global _shared
    outer = _shared
    _shared = {} if outer is None else outer
    try:
        yield
    finally:
        _shared = outer


def release_conversion(graph: nx.Graph) -> None:
    """Drop `graph`'s shared conversion, if any, so that both can be freed before the block ends."""
    if _shared is not None:
        _shared.pop(id(graph), None)


def to_igraph(graph: nx.Graph) -> tuple[igraph.Graph, list[Hashable]]:
    """`graph` (a Graph or DiGraph, not a multigraph) as an igraph Graph with edge attribute
    ``weight`` (default 1), plus the node list, so that vertex i is `nodes[i]`. Callers must
    not modify the result.

    Edges keep the order of `graph.edges()` but are read from networkx's adjacency dicts,
    several times faster than its edge view or `igraph.Graph.from_networkx` (which copies
    every attribute) on large graphs.
    """
    if _shared is not None and id(graph) in _shared:
        _, converted, nodes = _shared[id(graph)]
        return converted, nodes
    require_igraph()
    import igraph

    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    directed = graph.is_directed()
    ends = array("q")  # both ends of each edge in turn: 16 bytes an edge, where tuples take 100
    weights = []
    listed: set[Hashable] = set()  # undirected: an edge is listed once, at the endpoint met first
    for u, neighbours in graph._adj.items():
        i = index[u]
        for v, data in neighbours.items():
            if directed or v not in listed:
                ends.extend((i, index[v]))
                weights.append(data.get("weight", 1.0))
        if not directed:
            listed.add(u)
    converted = igraph.Graph(len(nodes), np.frombuffer(ends, dtype=np.int64).reshape(-1, 2), directed=directed)
    converted.es["weight"] = weights
    if _shared is not None:
        # the graph is kept alive with its conversion so that its id cannot be reused meanwhile
        _shared[id(graph)] = (graph, converted, nodes)
    return converted, nodes


@contextmanager
def seeded_igraph(seed: int) -> Iterator[None]:
    """Make igraph's randomised algorithms reproducible for the duration of the block.

    igraph draws from one process-wide generator; it is pointed at a seeded
    `random.Random` and handed back to the `random` module afterwards.
    """
    require_igraph()
    import igraph

    igraph.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)
