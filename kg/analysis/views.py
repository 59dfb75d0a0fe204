"""The two views of the typed graph that kg's metrics read, and how its nodes read to people.

*Knowledge view*: every typed edge except provenance, undirected, weighted by the
summed confidence of the relations between two nodes. Edges in kg run from a paper to
what it proposes, uses or cites, so a directed walk would end at every method; read
undirected, a node is important when it is tied to important nodes, which is the only
reading that ranks papers, methods and datasets on one scale. Listing pages are left
out: they group papers by the day they appeared, not by subject, and would otherwise
be the hubs of every ranking and the cores of every community.

*Citation view*: paper and cited-work nodes with their `cites` edges (explicit and
inferred), directed, weighted by confidence: the graph bibliometric indicators
(citation PageRank, in/out degree, HITS) are defined on.
"""

from __future__ import annotations

import networkx as nx

from kg.model import NodeKind, RelKind

__all__ = [
    "PROVENANCE_KINDS",
    "CITATION_KINDS",
    "knowledge_view",
    "citation_view",
    "display_name",
    "artifacts_by_paper",
]

#: node kinds that record where a paper was seen rather than what it is about.
PROVENANCE_KINDS = frozenset({NodeKind.LISTING.value})

#: node kinds that take part in citation analysis.
CITATION_KINDS = frozenset({NodeKind.PAPER.value, NodeKind.CITED_WORK.value})

#: relations by which a paper takes up a method or dataset.
_TAKES_UP = frozenset({RelKind.PROPOSES.value, RelKind.USES_METHOD.value, RelKind.USES_DATASET.value})
_ARTIFACT_KINDS = frozenset({NodeKind.METHOD.value, NodeKind.DATASET.value})


def _confidence(data: dict) -> float:
    value = data.get("confidence")
    return 1.0 if value is None else float(value)


def knowledge_view(graph: nx.MultiDiGraph) -> nx.Graph:
    """Undirected, confidence-weighted graph of all non-provenance nodes, without self-loops;
    read-only (edges of one weight share their data dict).

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("paper:a", kind="paper"); g.add_node("method:m", kind="method")
    >>> g.add_node("listing:l", kind="listing")
    >>> g.add_edge("paper:a", "method:m", key="proposes", confidence=0.5)
    'proposes'
    >>> g.add_edge("paper:a", "method:m", key="uses_method", confidence=0.25)
    'uses_method'
    >>> g.add_edge("paper:a", "listing:l", key="listed_in", confidence=1.0)
    'listed_in'
    >>> view = knowledge_view(g)
    >>> sorted(view), view["paper:a"]["method:m"]["weight"]
    (['method:m', 'paper:a'], 0.75)
    """
    view = nx.Graph()
    view.add_nodes_from(n for n, kind in graph.nodes(data="kind") if kind not in PROVENANCE_KINDS)
    # networkx's own dict-of-dicts, filled directly: add_edges_from costs more than the rest of
    # the view on large graphs. Neighbours are inserted in the order pairs are first met.
    # Weights are sums of a few distinct confidences, so edges of one weight share one data
    # dict: a view of millions of edges holds hundreds of dicts, not one (200 bytes) each.
    adjacency = view._adj
    shared: dict[float, dict[str, float]] = {}
    for u, targets in graph._succ.items():
        around_u = adjacency.get(u)
        if around_u is None:
            continue
        for v, relations in targets.items():
            if u == v or v not in adjacency:
                continue
            strength = sum(_confidence(data) for data in relations.values())
            tie = around_u.get(v)
            if tie is not None:
                strength += tie["weight"]
            data = shared.get(strength)
            if data is None:
                data = shared[strength] = {"weight": strength}
            around_u[v] = adjacency[v][u] = data
    return view


def citation_view(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Directed `cites` graph over every paper and cited work, weighted by confidence.

    Papers that cite nothing and are not cited stay in as isolated nodes, so every
    paper receives citation metrics.

    >>> g = nx.MultiDiGraph()
    >>> for n in ("paper:a", "paper:b", "paper:c"):
    ...     g.add_node(n, kind="paper")
    >>> g.add_edge("paper:b", "paper:a", key="cites", confidence=0.8)
    'cites'
    >>> view = citation_view(g)
    >>> sorted(view), list(view.edges(data="weight"))
    (['paper:a', 'paper:b', 'paper:c'], [('paper:b', 'paper:a', 0.8)])
    """
    view = nx.DiGraph()
    view.add_nodes_from(n for n, kind in graph.nodes(data="kind") if kind in CITATION_KINDS)
    cites = RelKind.CITES.value
    view.add_edges_from(
        (u, v, {"weight": _confidence(relations[cites])})
        for u in list(view)
        for v, relations in graph._succ[u].items()
        if cites in relations and u != v and v in view
    )
    return view


def display_name(graph: nx.Graph, node: str) -> str:
    """How a node reads in labels and reports: its name or title, else its label, else its id.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("method:moe", kind="method", name="MoE", label="MoE")
    >>> g.add_node("link:example.org", kind="link")
    >>> display_name(g, "method:moe"), display_name(g, "link:example.org")
    ('MoE', 'link:example.org')
    """
    data = graph.nodes[node]
    return str(data.get("name") or data.get("title") or data.get("label") or node)


def artifacts_by_paper(graph: nx.MultiDiGraph) -> dict[str, list[tuple[str, str]]]:
    """Every paper (in graph order) -> (node, kind) of each method and dataset it proposes or uses:
    what labels, trends and co-occurrence count, found in one pass over the papers.

    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["paper:p", "paper:q"], kind="paper"); g.add_node("method:m", kind="method")
    >>> g.add_node("repository:r", kind="repository")
    >>> _ = g.add_edge("paper:q", "method:m", key="proposes")
    >>> _ = g.add_edge("paper:q", "repository:r", key="has_code")
    >>> artifacts_by_paper(g)
    {'paper:p': [], 'paper:q': [('method:m', 'method')]}
    """
    kinds = {node: kind for node, kind in graph.nodes(data="kind") if kind in _ARTIFACT_KINDS}
    paper, successors = NodeKind.PAPER.value, graph._succ
    return {
        node: [
            (target, kinds[target])
            for target, relations in successors[node].items()
            if target in kinds and not _TAKES_UP.isdisjoint(relations)
        ]
        for node, kind in graph.nodes(data="kind")
        if kind == paper
    }
