"""Centrality: how much a paper, method or dataset matters, in several readings.

`kg.analysis.analyze` runs these on two views (`kg.analysis.views`): on the knowledge
view `pagerank` (node attribute `pagerank`), `betweenness` and `kcore`; on the citation
view `pagerank` again (`citation_pagerank`), `in_degree`/`out_degree`
(`citation_in`/`citation_out`) and `hits` (`hits_hub`/`hits_authority`); `degree` on the
typed graph itself. Each function returns ``{node: value}``.

`pagerank` and `betweenness` also run on igraph (``engine="igraph"``) and give the
same values as networkx within numerical tolerance (betweenness exactly, for the
same source sample), so switching engine by graph size changes speed, not answers.
"""

from __future__ import annotations

import random
from collections.abc import Hashable

import networkx as nx
import numpy as np
from threadpoolctl import threadpool_limits

from kg.analysis.engines import Engine, to_igraph

__all__ = ["pagerank", "betweenness", "kcore", "degree", "in_degree", "out_degree", "hits"]


def pagerank(G: nx.Graph, *, alpha: float = 0.85, engine: Engine = "networkx") -> dict[Hashable, float]:
    """PageRank of every node, with edge weights (confidence) as transition strengths.

    Parameters
    ----------
    G : networkx Graph or DiGraph
        Edges may carry a ``weight``; a missing weight counts as 1.
    alpha : float
        Damping: the probability of following an edge rather than jumping anywhere.
    engine : {"networkx", "igraph"}
        igraph's PRPACK solver is exact and much faster on large graphs.

    Returns
    -------
    dict
        Node -> PageRank; the values sum to 1.

    Examples
    --------
    >>> G = nx.DiGraph([("b", "a"), ("c", "a")])
    >>> ranks = pagerank(G)
    >>> max(ranks, key=ranks.get), round(sum(ranks.values()), 6)
    ('a', 1.0)

    See Also
    --------
    hits, in_degree
    """
    if G.number_of_nodes() == 0:
        return {}
    if engine == "igraph":
        converted, nodes = to_igraph(G)
        # PRPACK adds up in OpenMP threads in whatever order they finish, so its last digits
        # change from run to run; on one thread the ranks, and every export carrying them, repeat.
        with threadpool_limits(limits=1, user_api="openmp"):
            ranks = converted.pagerank(damping=alpha, weights="weight", directed=G.is_directed())
        return dict(zip(nodes, ranks))
    # networkx stops at an L1 change of nodes x tol; the default 1e-6 leaves errors near 1e-5
    # per node on a few thousand nodes, enough to reorder close ranks, so iterate further
    return nx.pagerank(G, alpha=alpha, weight="weight", tol=1e-10, max_iter=1000)


def _normalise_igraph_betweenness(
    raw: list[float], nodes: list[Hashable], sources: list[Hashable] | None
) -> dict[Hashable, float]:
    """Scale igraph's undirected pair sums exactly as networkx normalises (endpoints excluded).

    With a source sample of size k, a sampled node lies on paths from only k - 1 other
    sources, hence its own factor (networkx's `_rescale` does the same).
    """
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    if sources is None:
        return {node: 2 * value / ((n - 1) * (n - 2)) for node, value in zip(nodes, raw)}
    k = len(sources)
    sampled = set(sources)
    source_scale = 2 / ((k - 1) * (n - 2)) if k > 1 else 0.0
    other_scale = 2 / (k * (n - 2))
    return {
        node: value * (source_scale if node in sampled else other_scale) for node, value in zip(nodes, raw)
    }


def betweenness(
    G: nx.Graph, *, samples: int | None = None, seed: int = 42, engine: Engine = "networkx"
) -> dict[Hashable, float]:
    """Normalised betweenness on an undirected graph: how often a node lies on shortest paths.

    Edges are unweighted here because kg's weights are confidences (closeness of a
    tie), not distances.

    Parameters
    ----------
    G : networkx Graph
        Undirected.
    samples : int or None
        Estimate from shortest paths out of this many source nodes drawn with `seed`
        (Brandes–Pich); None computes it exactly, which costs O(nodes x edges).
    seed : int
        Seed of the source sample; both engines draw the same sources.
    engine : {"networkx", "igraph"}

    Returns
    -------
    dict
        Node -> betweenness in [0, 1].

    Examples
    --------
    >>> G = nx.path_graph(["a", "b", "c"])
    >>> betweenness(G)
    {'a': 0.0, 'b': 1.0, 'c': 0.0}

    See Also
    --------
    pagerank, kcore
    """
    n = G.number_of_nodes()
    k = None if samples is None or samples >= n else samples
    if engine != "igraph":
        return nx.betweenness_centrality(G, k=k, seed=seed, weight=None)
    converted, nodes = to_igraph(G)
    if k is None:
        return _normalise_igraph_betweenness(converted.betweenness(directed=False), nodes, None)
    # the draw networkx makes for `k` with this seed, so both engines use the same sources
    sources = random.Random(seed).sample(nodes, k)
    position = {node: i for i, node in enumerate(nodes)}
    raw = converted.betweenness(directed=False, sources=[position[s] for s in sources])
    return _normalise_igraph_betweenness(raw, nodes, sources)


def kcore(G: nx.Graph, *, engine: Engine = "networkx") -> dict[Hashable, int]:
    """Core number: the largest k such that the node belongs to a subgraph of minimum degree k.

    A high core number marks the dense, well-connected centre of a field rather than
    its periphery of one-off papers. Self-loops are ignored; on a directed graph a
    node's degree is in plus out, as in networkx.

    Examples
    --------
    >>> G = nx.complete_graph(["a", "b", "c"]); G.add_edge("c", "d")
    >>> kcore(G)
    {'a': 2, 'b': 2, 'c': 2, 'd': 1}
    >>> kcore(G, engine="igraph") == kcore(G)
    True
    """
    if nx.number_of_selfloops(G):
        G = nx.Graph(G)
        G.remove_edges_from(nx.selfloop_edges(G))
    if engine == "igraph":
        converted, nodes = to_igraph(G)
        return dict(zip(nodes, converted.coreness()))
    return nx.core_number(G)


def degree(G: nx.Graph) -> dict[Hashable, int]:
    """Number of edges at each node (in plus out on directed graphs; every relation counts).

    Examples
    --------
    >>> degree(nx.MultiDiGraph([("p", "m"), ("p", "d"), ("q", "m")]))
    {'p': 2, 'm': 2, 'd': 1, 'q': 1}
    """
    return dict(G.degree())


def in_degree(G: nx.DiGraph) -> dict[Hashable, int]:
    """Number of edges into each node: on the citation view, how many corpus papers cite it.

    Examples
    --------
    >>> in_degree(nx.DiGraph([("b", "a"), ("c", "a")]))
    {'b': 0, 'a': 2, 'c': 0}
    """
    return dict(G.in_degree())


def out_degree(G: nx.DiGraph) -> dict[Hashable, int]:
    """Number of edges out of each node: on the citation view, how many works a paper cites.

    Examples
    --------
    >>> out_degree(nx.DiGraph([("b", "a"), ("c", "a")]))
    {'b': 1, 'a': 0, 'c': 1}
    """
    return dict(G.out_degree())


def hits(
    G: nx.DiGraph, *, tol: float = 1e-10, max_iter: int = 1000
) -> tuple[dict[Hashable, float], dict[Hashable, float]]:
    """HITS hub and authority scores: good surveys cite good sources, good sources are cited by good surveys.

    Computed by Kleinberg's power iteration from a uniform start rather than by
    `networkx.hits`, whose ARPACK solver starts at random and, on citation graphs of
    many small components (tied leading singular values), can return a mixed-sign
    vector that sums to zero. From a uniform start the scores are non-negative,
    reproducible, and shared among tied components.

    Parameters
    ----------
    G : networkx DiGraph
        Edge ``weight`` is used; a graph without edges scores 0 everywhere.
    tol : float
        Stop when the authority scores change by less than this (L1, after scaling to max 1).
    max_iter : int
        At most this many iterations; a graph that has not converged by then keeps its last scores.

    Returns
    -------
    (hubs, authorities) : tuple of dicts
        Each sums to 1 when the graph has edges.

    Examples
    --------
    >>> hubs, authorities = hits(nx.DiGraph([("survey", "a"), ("survey", "b")]))
    >>> hubs["survey"], authorities["a"]
    (1.0, 0.5)
    """
    if nx.is_empty(G):
        zeros = dict.fromkeys(G, 0.0)
        return zeros, dict(zeros)
    nodes = list(G)
    A = nx.to_scipy_sparse_array(G, nodelist=nodes, weight="weight", format="csr")
    authority = np.ones(len(nodes))
    for _ in range(max_iter):
        hub = A @ authority
        hub /= hub.max()
        updated = A.T @ hub
        updated /= updated.max()
        converged = np.abs(updated - authority).sum() < tol
        authority = updated
        if converged:
            break
    hub = A @ authority
    return dict(zip(nodes, (hub / hub.sum()).tolist())), dict(zip(nodes, (authority / authority.sum()).tolist()))
