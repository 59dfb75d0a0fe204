"""Analysis: metrics computed on the graph and written onto its nodes, so every export carries them.

`analyze(graph)` runs every metric in `METRICS` (each imported only when run) and the
community detection, and writes onto the nodes of the typed graph:

every node
    ``degree`` (all relations, typed graph), ``pagerank``, ``betweenness``, ``kcore``
    (knowledge view: undirected, confidence-weighted, listings left out),
    ``community`` (int, 0 = largest) and ``community_label`` (str);
paper and cited-work nodes
    ``citation_pagerank``, ``citation_in``, ``citation_out``, ``hits_hub``,
    ``hits_authority`` (citation view: explicit and inferred `cites`, weighted by confidence).

Why two PageRanks: a method or dataset is never cited, so only a PageRank over the
whole typed graph can rank it beside papers; citation PageRank is the bibliometric
reading for papers. `kg.analysis.views` says why the knowledge view is undirected and
leaves listings out. Listing nodes get ``pagerank``/``betweenness`` 0.0, ``kcore`` 0,
``community`` -1 and an empty label: present, so every export has the columns, but
outside the analysis.

Large graphs run on igraph (`kg.analysis.engines`), and betweenness is then sampled;
the summary states both choices.
"""

from __future__ import annotations

import importlib
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from kg.collector import paused_collector
from kg.analysis.communities import Community, Method, communities, describe, modularity
from kg.analysis.engines import Engine, choose_engine, explain_engine, release_conversion, shared_conversions
from kg.analysis.views import citation_view, knowledge_view

__all__ = [
    "METRICS",
    "Metric",
    "AnalysisSummary",
    "analyze",
    "metric",
    "summary_of",
    "EXACT_BETWEENNESS_MAX_NODES",
    "BETWEENNESS_SAMPLES",
    "BETWEENNESS_WORK",
]

View = Literal["typed", "knowledge", "citation"]

#: betweenness is exact up to this many nodes in the knowledge view, sampled beyond.
EXACT_BETWEENNESS_MAX_NODES = 1_000
#: most source nodes sampled for betweenness on larger graphs.
BETWEENNESS_SAMPLES = 500
#: fewer sources when sources x edges would exceed this, per engine (about 2 s on networkx, 4 s on igraph).
BETWEENNESS_WORK: dict[str, int] = {"networkx": 3_000_000, "igraph": 100_000_000}


@dataclass(frozen=True, slots=True)
class Metric:
    """A registered metric: where its function lives, which view it reads, what it writes.

    `options` names the settings of `analyze` the function accepts (engine, seed,
    samples); a function returning a tuple of dicts writes one attribute per dict.
    """

    function: str
    view: View
    attributes: tuple[str, ...]
    options: tuple[str, ...] = ()


#: metric name -> Metric, run in this order.
METRICS: dict[str, Metric] = {
    "degree": Metric("kg.analysis.centrality:degree", "typed", ("degree",)),
    "pagerank": Metric("kg.analysis.centrality:pagerank", "knowledge", ("pagerank",), ("engine",)),
    "betweenness": Metric(
        "kg.analysis.centrality:betweenness", "knowledge", ("betweenness",), ("engine", "seed", "samples")
    ),
    "kcore": Metric("kg.analysis.centrality:kcore", "knowledge", ("kcore",), ("engine",)),
    "citation_pagerank": Metric("kg.analysis.centrality:pagerank", "citation", ("citation_pagerank",), ("engine",)),
    "citation_in": Metric("kg.analysis.centrality:in_degree", "citation", ("citation_in",)),
    "citation_out": Metric("kg.analysis.centrality:out_degree", "citation", ("citation_out",)),
    "hits": Metric("kg.analysis.centrality:hits", "citation", ("hits_hub", "hits_authority")),
}

#: how the other views are made from the typed graph (the knowledge view is made first: its size chooses the engine).
_VIEWS: dict[View, Callable[[nx.MultiDiGraph], nx.Graph]] = {
    "typed": lambda graph: graph,
    "citation": citation_view,
}

#: value written where a knowledge-view metric does not apply (provenance nodes).
_OUTSIDE = {"pagerank": 0.0, "betweenness": 0.0, "kcore": 0}


@dataclass(frozen=True)
class AnalysisSummary:
    """What `analyze` found and how: the numbers a report or a CLI summary needs."""

    nodes: int
    edges: int
    engine: Engine
    engine_reason: str
    betweenness_samples: int | None  # None: exact
    community_method: Method
    seed: int
    modularity: float
    communities: tuple[Community, ...]
    timings: dict[str, float] = field(default_factory=dict)  # seconds per step


#: the summary of every graph analysed in this process, dropped with the graph.
_SUMMARIES: weakref.WeakKeyDictionary[nx.Graph, AnalysisSummary] = weakref.WeakKeyDictionary()


def summary_of(graph: nx.Graph) -> AnalysisSummary | None:
    """The summary `analyze` returned for `graph` in this process, or None.

    Lets a report written after a build describe how the graph was analysed without
    analysing it again.
    """
    return _SUMMARIES.get(graph)


def metric(name: str) -> Callable:
    """The function registered under `name`, imported on first use."""
    module_name, function = METRICS[name].function.split(":")
    return getattr(importlib.import_module(module_name), function)


def _auto_samples(nodes: int, edges: int, engine: Engine) -> int | None:
    """Exact betweenness on small graphs; otherwise as many sources as the engine affords."""
    if nodes <= EXACT_BETWEENNESS_MAX_NODES:
        return None
    affordable = BETWEENNESS_WORK[engine] // max(edges, 1)
    samples = max(20, min(BETWEENNESS_SAMPLES, affordable))
    return None if samples >= nodes else samples


def _write(graph: nx.MultiDiGraph, attribute: str, values: dict, default: object | None) -> None:
    """Write one result onto every node: its value, else `default` (None: leave the node without one).

    Results are written one at a time as they come, so that only one is held beside the
    graph; every node still gets its attributes in one order (exports list them as stored).
    """
    for node, data in graph.nodes(data=True):
        if node in values:
            data[attribute] = values[node]
        elif default is not None:
            data[attribute] = default


def _write_communities(graph: nx.MultiDiGraph, described: list[Community]) -> None:
    """Write ``community`` and ``community_label``: -1 and "" first for every node (listings
    stay so), then each community's onto its members, without a node -> community map beside
    the graph."""
    for _, data in graph.nodes(data=True):
        data["community"], data["community_label"] = -1, ""
    nodes = graph.nodes
    for found in described:
        for member in found.members:
            data = nodes[member]
            data["community"], data["community_label"] = found.id, found.label


def _run_metric(name: str, graph: nx.MultiDiGraph, view: nx.Graph, settings: dict) -> None:
    """Compute metric `name` on its view of `graph` and write its attributes onto `graph`."""
    spec = METRICS[name]
    result = metric(name)(view, **{option: settings[option] for option in spec.options})
    for attribute, values in zip(spec.attributes, result if isinstance(result, tuple) else (result,)):
        _write(graph, attribute, values, _OUTSIDE.get(attribute))


@paused_collector()  # see kg.collector
def analyze(
    graph: nx.MultiDiGraph,
    *,
    seed: int = 42,
    engine: Engine | None = None,
    community_method: Method = "louvain",
    resolution: float = 1.0,
    betweenness_samples: int | Literal["auto", "exact"] = "auto",
    metrics: Iterable[str] | None = None,
) -> AnalysisSummary:
    """Compute the registered metrics and communities and write them onto `graph`'s nodes.

    Parameters
    ----------
    graph : networkx MultiDiGraph
        kg's typed graph (`kg.graph.build_graph`); changed in place.
    seed : int
        Seeds Louvain/Leiden and the betweenness sample: same graph, same results.
    engine : {"networkx", "igraph"} or None
        None picks by the size of the knowledge view (`kg.analysis.engines`).
    community_method : {"louvain", "leiden"}
    resolution : float
        Community resolution; above 1 gives smaller communities.
    betweenness_samples : int, "auto" or "exact"
        "auto": exact up to `EXACT_BETWEENNESS_MAX_NODES` nodes; beyond, at most
        `BETWEENNESS_SAMPLES` sources, fewer where the engine's `BETWEENNESS_WORK` runs out.
    metrics : iterable of str or None
        Names from `METRICS` to run; None runs them all.

    Returns
    -------
    AnalysisSummary

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["paper:a", "paper:b"], kind="paper", title="Attention")
    >>> g.add_node("method:m", kind="method", name="M")
    >>> _ = g.add_edge("paper:b", "paper:a", key="cites", confidence=1.0)
    >>> _ = g.add_edge("paper:a", "method:m", key="proposes", confidence=1.0)
    >>> _ = g.add_edge("paper:b", "method:m", key="uses_method", confidence=0.9)
    >>> summary = analyze(g)
    >>> g.nodes["paper:a"]["citation_in"], g.nodes["method:m"]["community_label"]
    (1, 'M · attention')
    """
    timings: dict[str, float] = {}
    started = time.perf_counter()
    knowledge = knowledge_view(graph)
    timings["views"] = time.perf_counter() - started

    size = knowledge.number_of_nodes(), len(knowledge.edges)  # the edge view counts several times faster
    chosen = engine or choose_engine(*size)
    if betweenness_samples == "auto":
        samples = _auto_samples(*size, chosen)
    else:
        samples = None if betweenness_samples == "exact" else int(betweenness_samples)
    settings = {"engine": chosen, "seed": seed, "samples": samples}

    names = list(METRICS if metrics is None else metrics)
    # Each view is built for its first metric and dropped, with its igraph conversion, after
    # its last (the knowledge view's is the communities): on large graphs, gigabytes.
    views: dict[View, nx.Graph] = {"knowledge": knowledge}
    last_use = {METRICS[name].view: i for i, name in enumerate(names)} | {"knowledge": len(names)}
    with shared_conversions():  # the views stay unchanged, so igraph converts each once
        for i, name in enumerate(names):
            view = METRICS[name].view
            if view not in views:
                started = time.perf_counter()
                views[view] = _VIEWS[view](graph)
                timings["views"] += time.perf_counter() - started
            started = time.perf_counter()
            _run_metric(name, graph, views[view], settings)
            timings[name] = time.perf_counter() - started
            if last_use[view] == i:
                release_conversion(views.pop(view))

        started = time.perf_counter()
        parts = communities(knowledge, method=community_method, seed=seed, resolution=resolution, engine=chosen)
        score = modularity(knowledge, parts, engine=chosen)
        timings["communities"] = time.perf_counter() - started
        release_conversion(views.pop("knowledge"))
    del knowledge

    started = time.perf_counter()
    described = describe(graph, parts)
    _write_communities(graph, described)
    timings["community_labels"] = time.perf_counter() - started

    summary = AnalysisSummary(
        nodes=graph.number_of_nodes(),
        edges=len(graph.edges),
        engine=chosen,
        engine_reason=explain_engine(chosen, *size, forced=engine is not None),
        betweenness_samples=samples,
        community_method=community_method,
        seed=seed,
        modularity=score,
        communities=tuple(described),
        timings=timings,
    )
    _SUMMARIES[graph] = summary
    return summary
