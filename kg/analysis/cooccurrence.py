"""Co-occurrence networks: things linked by how often they appear together, and by what.

Three networks, all built by one projection of a two-mode incidence (`cooccurrence`):

* `method_cooccurrence`: methods linked by the papers that use them together;
* `paper_coupling`: papers linked by the methods and datasets they share (the
  bibliographic-coupling analogue for corpora without reference lists);
* `cocitation`: works linked by the papers that cite both (explicit citations only,
  since co-citation is defined on reference lists).

Raw counts favour whatever is frequent, so weights are normalised: *association
strength* (observed over expected co-occurrences, van Eck & Waltman 2009; 1 means
chance level) or *Salton's cosine*. Co-citation explodes combinatorially, so every
network can be pruned by a minimum count and to each node's `top_k` strongest links.
Every edge keeps `via`, the keys behind it (papers, or for coupling the shared
methods/datasets), so any weight can be traced to its evidence.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Literal

import networkx as nx

from kg.analysis.views import artifacts_by_paper, display_name
from kg.model import NodeKind, RelKind

__all__ = ["Measure", "cooccurrence", "method_cooccurrence", "paper_coupling", "cocitation", "strongest"]

Measure = Literal["association", "salton", "count"]



def _weight(measure: Measure, count: int, occurs_i: int, occurs_j: int, keys: int) -> float:
    if measure == "association":
        return count * keys / (occurs_i * occurs_j)
    if measure == "salton":
        return count / math.sqrt(occurs_i * occurs_j)
    return float(count)


def _keep_top_k(network: nx.Graph, top_k: int) -> None:
    """Keep an edge only if it is among the `top_k` strongest of at least one endpoint."""
    kept: set[frozenset] = set()
    for node in network:
        ranked = sorted(network.edges(node, data=True), key=lambda e: (-e[2]["weight"], -e[2]["count"], str(e[1])))
        kept.update(frozenset((u, v)) for u, v, _ in ranked[:top_k])
    network.remove_edges_from([(u, v) for u, v in network.edges() if frozenset((u, v)) not in kept])


def _items_limit(incidence: dict[str, set[str]], max_items: int | None, max_pairs: int) -> int | None:
    """The largest items-per-key limit (at most `max_items`) whose kept keys yield at most `max_pairs` pairs.

    >>> _items_limit({"a": {1, 2, 3}, "b": {1, 2}, "c": {1}}, None, 1)
    2
    """
    sizes = Counter(len(items) for items in incidence.values())
    pairs = sum(n * (n - 1) // 2 * keys for n, keys in sizes.items() if max_items is None or n <= max_items)
    for n in sorted(sizes, reverse=True):
        if pairs <= max_pairs:
            break
        if max_items is None or n <= max_items:
            pairs -= n * (n - 1) // 2 * sizes[n]
            max_items = n - 1
    return max_items


def cooccurrence(
    incidence: Mapping[str, Iterable[str]],
    *,
    measure: Measure = "association",
    min_count: int = 1,
    top_k: int | None = None,
    max_items: int | None = None,
    max_pairs: int | None = None,
) -> nx.Graph:
    """Project a key -> items incidence onto the items: items linked by the keys they share.

    Parameters
    ----------
    incidence : mapping
        Each key (e.g. a paper) to the items it holds (e.g. the methods it uses).
    measure : {"association", "salton", "count"}
        Edge ``weight``: ``count * N / (s_i * s_j)``, ``count / sqrt(s_i * s_j)`` or the
        raw count, where ``s_i`` is the number of keys holding item i and N the number
        of keys holding any item.
    min_count : int
        Drop pairs that share fewer keys.
    top_k : int or None
        Keep only each item's `top_k` strongest links (a link survives if either end keeps it).
    max_items : int or None
        Leave out keys holding more items than this: a key with thousands of items
        adds millions of pairs and says little about any one of them.
    max_pairs : int or None
        Bound the work and memory: lower `max_items` further, crowded keys first, until
        the kept keys yield at most this many pairs.

    Returns
    -------
    networkx Graph
        Nodes carry ``occurrences``; edges carry ``count``, ``weight`` and ``via``
        (the sorted keys behind the pair). ``graph["max_items"]`` is the limit that left
        keys out, None when every key was kept.

    Examples
    --------
    >>> net = cooccurrence({"p1": ["a", "b"], "p2": ["a", "b"], "p3": ["a", "c"]}, measure="salton")
    >>> net["a"]["b"]["count"], round(net["a"]["b"]["weight"], 3), net["a"]["b"]["via"]
    (2, 0.816, ('p1', 'p2'))
    """
    kept = {key: set(items) for key, items in incidence.items()}
    if max_pairs is not None:
        max_items = _items_limit(kept, max_items, max_pairs)
    if max_items is not None:
        within = {key: items for key, items in kept.items() if len(items) <= max_items}
        max_items, kept = (max_items, within) if len(within) < len(kept) else (None, kept)
    holders: dict[str, set[str]] = defaultdict(set)
    for key, items in kept.items():
        for item in items:
            holders[item].add(key)
    keys = sum(1 for items in kept.values() if items)
    pairs: Counter[tuple[str, str]] = Counter()
    for items in kept.values():
        if len(items) > 1:  # most keys hold one item or none; skipping them skips most update calls
            pairs.update(combinations(sorted(items), 2))

    network = nx.Graph(max_items=max_items)
    network.add_nodes_from((item, {"occurrences": len(held)}) for item, held in sorted(holders.items()))
    for (i, j), count in pairs.items():
        if count >= min_count:
            network.add_edge(i, j, count=count, weight=_weight(measure, count, len(holders[i]), len(holders[j]), keys))
    if top_k is not None:
        _keep_top_k(network, top_k)
    for i, j, data in network.edges(data=True):
        data["via"] = tuple(sorted(holders[i] & holders[j]))
    return network


def _label_nodes(network: nx.Graph, graph: nx.MultiDiGraph) -> nx.Graph:
    for node, data in network.nodes(data=True):
        data["label"] = display_name(graph, node)
        data["kind"] = graph.nodes[node].get("kind")
    return network


#: what `artifacts_by_paper` returns, passed in by callers that already have it.
Artifacts = dict[str, list[tuple[str, str]]]


def method_cooccurrence(graph: nx.MultiDiGraph, *, artifacts: Artifacts | None = None, **options) -> nx.Graph:
    """Methods linked by the papers that propose or use them together; `via` lists those papers.

    `artifacts` is `artifacts_by_paper(graph)` when the caller has it; `options` are those of `cooccurrence`.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["paper:1", "paper:2"], kind="paper")
    >>> g.add_nodes_from(["method:a", "method:b"], kind="method")
    >>> for p in ("paper:1", "paper:2"):
    ...     for m in ("method:a", "method:b"):
    ...         _ = g.add_edge(p, m, key="uses_method")
    >>> method_cooccurrence(g)["method:a"]["method:b"]["via"]
    ('paper:1', 'paper:2')
    """
    method = NodeKind.METHOD.value
    found_by_paper = artifacts if artifacts is not None else artifacts_by_paper(graph)
    incidence = {paper: [n for n, k in found if k == method] for paper, found in found_by_paper.items()}
    return _label_nodes(cooccurrence(incidence, **options), graph)


def paper_coupling(graph: nx.MultiDiGraph, *, artifacts: Artifacts | None = None, **options) -> nx.Graph:
    """Papers linked by the methods and datasets they share; `via` lists the shared entities.

    `artifacts` and `options` as for `method_cooccurrence`.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["paper:1", "paper:2"], kind="paper")
    >>> g.add_node("dataset:d", kind="dataset")
    >>> _ = g.add_edge("paper:1", "dataset:d", key="uses_dataset")
    >>> _ = g.add_edge("paper:2", "dataset:d", key="uses_dataset")
    >>> paper_coupling(g)["paper:1"]["paper:2"]["via"]
    ('dataset:d',)
    """
    incidence: dict[str, list[str]] = defaultdict(list)
    for paper, found in (artifacts if artifacts is not None else artifacts_by_paper(graph)).items():
        for entity, _ in found:
            incidence[entity].append(paper)
    return _label_nodes(cooccurrence(incidence, **options), graph)


def cocitation(graph: nx.MultiDiGraph, *, include_inferred: bool = False, **options) -> nx.Graph:
    """Cited works linked by the papers whose reference lists name both; `via` lists those papers.

    Inferred citations are left out unless `include_inferred`, since co-citation is
    a property of reference lists. Empty when the corpus has none.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["paper:1", "paper:2", "paper:3"], kind="paper")
    >>> _ = g.add_edge("paper:1", "paper:2", key="cites", inferred=False)
    >>> _ = g.add_edge("paper:1", "paper:3", key="cites", inferred=False)
    >>> cocitation(g)["paper:2"]["paper:3"]["via"]
    ('paper:1',)
    """
    cites = RelKind.CITES.value
    paper, successors = NodeKind.PAPER.value, graph._succ
    incidence = {
        node: [
            target
            for target, relations in successors[node].items()
            if cites in relations and (include_inferred or not relations[cites].get("inferred"))
        ]
        for node, kind in graph.nodes(data="kind")
        if kind == paper
    }
    return _label_nodes(cooccurrence(incidence, **options), graph)


def strongest(network: nx.Graph, n: int = 20) -> list[tuple[str, str, dict]]:
    """The `n` heaviest edges, ties broken by count and then by name, for stable reports.

    Examples
    --------
    >>> net = cooccurrence({"p1": ["a", "b"], "p2": ["a", "b", "c"]}, measure="count")
    >>> [(u, v) for u, v, _ in strongest(net, 1)]
    [('a', 'b')]
    """
    ranked = sorted(network.edges(data=True), key=lambda e: (-e[2]["weight"], -e[2]["count"], str(e[0]), str(e[1])))
    return ranked[:n]
