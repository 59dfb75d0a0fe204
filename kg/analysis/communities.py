"""Communities: groups of papers, methods and datasets tied more to each other than to the rest.

Found on the knowledge view (`kg.analysis.views`) with Louvain (networkx, or igraph's
multilevel on large graphs), or Leiden (`method="leiden"`, needs igraph + leidenalg),
always seeded so the same graph gives the same partition. Louvain is the default even
where Leiden is installed, so a build's communities do not depend on which extras the
machine happens to have.

Each community is described by what its members are about: the methods and datasets
its papers propose or use, and the title words most particular to it (counted in its
papers, weighted by rarity in the corpus). Every label item names the papers behind it.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from kg.analysis.engines import Engine, require_igraph, seeded_igraph, to_igraph
from kg.analysis.views import artifacts_by_paper, display_name
from kg.errors import MissingDependencyError
from kg.model import NodeKind

__all__ = ["Method", "LabelItem", "Community", "communities", "community", "modularity", "describe"]

Method = Literal["louvain", "leiden"]

_PAPER, _METHOD, _DATASET = NodeKind.PAPER.value, NodeKind.METHOD.value, NodeKind.DATASET.value
_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_STOPWORDS = frozenset(
    """a an and are as at be by for from how in into is it its of on or our the their this to
    towards toward via with without we what when where which while who why can do does not
    new using based large small more less beyond through over under vs versus all any one two
    you your need needs make makes made been get gets""".split()
)


@dataclass(frozen=True, slots=True)
class LabelItem:
    """One thing a community is known for, with the member papers that make it so."""

    name: str
    node: str | None  # the method/dataset node; None for a title term
    papers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Community:
    """A community of the partition: its members, papers and what they are about."""

    id: int
    label: str
    size: int
    members: tuple[str, ...]
    papers: tuple[str, ...]
    methods: tuple[LabelItem, ...]
    datasets: tuple[LabelItem, ...]
    terms: tuple[LabelItem, ...]


def communities(
    G: nx.Graph,
    *,
    method: Method = "louvain",
    seed: int = 42,
    resolution: float = 1.0,
    engine: Engine = "networkx",
) -> list[set[Hashable]]:
    """Partition an undirected weighted graph into communities, largest first.

    Parameters
    ----------
    G : networkx Graph
        Edge ``weight`` is the strength of a tie.
    method : {"louvain", "leiden"}
        Leiden always runs on igraph + leidenalg; Louvain on `engine`.
    seed : int
        Same seed, same graph: same partition.
    resolution : float
        Above 1 gives more, smaller communities.
    engine : {"networkx", "igraph"}

    Returns
    -------
    list of sets
        Sorted by size (descending), ties by smallest member, so ids are stable.

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> [sorted(c) for c in communities(G)]
    [[0, 1, 2, 3], [4, 5, 6, 7]]

    See Also
    --------
    community, modularity, describe
    """
    if G.number_of_nodes() == 0:
        return []
    if method == "leiden":
        parts = _leiden(G, seed, resolution)
    elif engine == "igraph":
        converted, nodes = to_igraph(G)
        with seeded_igraph(seed):
            clustering = converted.community_multilevel(weights="weight", resolution=resolution)
        parts = _groups(nodes, clustering.membership)
    else:
        parts = nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)
    return sorted((set(p) for p in parts), key=lambda p: (-len(p), min(map(str, p))))


def _leiden(G: nx.Graph, seed: int, resolution: float) -> list[set[Hashable]]:
    require_igraph()
    try:
        import leidenalg
    except ImportError:
        raise MissingDependencyError("Leiden communities", "igraph") from None
    converted, nodes = to_igraph(G)
    partition = leidenalg.find_partition(
        converted,
        leidenalg.RBConfigurationVertexPartition,
        weights="weight",
        resolution_parameter=resolution,
        seed=seed,
    )
    return _groups(nodes, partition.membership)


def _groups(nodes: list[Hashable], membership: Iterable[int]) -> list[set[Hashable]]:
    groups: dict[int, set[Hashable]] = defaultdict(set)
    for node, group in zip(nodes, membership):
        groups[group].add(node)
    return list(groups.values())


def community(G: nx.Graph, **options) -> dict[Hashable, int]:
    """Community id of every node (0 = largest community); `options` as for `communities`.

    Examples
    --------
    >>> membership = community(nx.barbell_graph(3, 0))
    >>> membership[0] == membership[2] != membership[5]
    True
    """
    return {node: i for i, part in enumerate(communities(G, **options)) for node in part}


def modularity(G: nx.Graph, parts: list[set[Hashable]], *, engine: Engine = "networkx") -> float:
    """Weighted modularity of a partition: the share of tie strength inside communities beyond chance.

    Examples
    --------
    >>> G = nx.barbell_graph(4, 0)
    >>> round(modularity(G, communities(G)), 3)
    0.423
    >>> round(modularity(G, communities(G), engine="igraph"), 3)
    0.423
    """
    if nx.is_empty(G):
        return 0.0
    if engine == "igraph":
        converted, nodes = to_igraph(G)
        membership = {node: i for i, part in enumerate(parts) for node in part}
        return converted.modularity([membership[node] for node in nodes], weights="weight")
    return nx.community.modularity(G, parts, weight="weight")


def _title_words(title: str | None) -> tuple[str, ...]:
    """The distinct content words of a title, each string shared with every other title that has it:
    kept for every paper at once, a million titles' sets and copies would take a gigabyte."""
    found = dict.fromkeys(w for w in _WORD.findall((title or "").lower()) if len(w) > 2 and w not in _STOPWORDS)
    return tuple(map(sys.intern, found))


def _ranked(graph: nx.MultiDiGraph, papers_by_node: dict[str, set[str]], top: int) -> tuple[LabelItem, ...]:
    """The `top` entities used by most member papers (ties by name), each with those papers."""
    named = [(display_name(graph, node), node, papers) for node, papers in papers_by_node.items()]
    named.sort(key=lambda item: (-len(item[2]), item[0]))
    return tuple(LabelItem(name, node, tuple(sorted(papers))) for name, node, papers in named[:top])


def _entities(
    artifacts: dict[str, list[tuple[str, str]]], papers: list[str]
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Methods and datasets the member papers propose or use, each -> those papers."""
    found: dict[str, dict[str, set[str]]] = {_METHOD: defaultdict(set), _DATASET: defaultdict(set)}
    for paper in papers:
        for target, kind in artifacts[paper]:
            found[kind][target].add(paper)
    return found[_METHOD], found[_DATASET]


def _terms(papers: list[str], words: dict[str, tuple[str, ...]], idf: dict[str, float], top: int) -> tuple[LabelItem, ...]:
    """The `top` title words by document frequency among `papers` times corpus idf (ties by word)."""
    frequency = Counter(word for paper in papers for word in words[paper])
    best = sorted(frequency, key=lambda word: (-frequency[word] * idf[word], word))[:top]
    return tuple(LabelItem(word, None, tuple(sorted(p for p in papers if word in words[p]))) for word in best)


def _label(
    methods: tuple[LabelItem, ...], datasets: tuple[LabelItem, ...], terms: tuple[LabelItem, ...], papers: int
) -> str:
    """Two methods, one dataset, two title words; in a community of several papers an item
    must be shared by two of them, so one paper's quirk does not name the whole group."""
    backed = min(2, papers)

    def names(items: tuple[LabelItem, ...], n: int) -> str:
        return ", ".join([item.name for item in items if len(item.papers) >= backed][:n])

    parts = [names(methods, 2), names(datasets, 1), names(terms, 2)]
    return " · ".join(p for p in parts if p)


def describe(graph: nx.MultiDiGraph, parts: list[set[Hashable]], *, top: int = 5) -> list[Community]:
    """Label each community of `parts` (ids = list positions) by what its members are about.

    The label names up to two methods and one dataset its papers use most, then two
    title words particular to them (document frequency in the community times inverse
    document frequency in the corpus). A community without papers is named by its
    best-connected member.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("paper:a", kind="paper", title="Sparse attention for long documents")
    >>> g.add_node("method:t", kind="method", name="Transformer")
    >>> _ = g.add_edge("paper:a", "method:t", key="uses_method")
    >>> [c.label for c in describe(g, [{"paper:a", "method:t"}])]
    ['Transformer · attention, documents']
    """
    words = {
        node: _title_words(data.get("title")) for node, data in graph.nodes(data=True) if data.get("kind") == _PAPER
    }
    document_frequency = Counter(word for found in words.values() for word in found)
    idf = {word: math.log((1 + len(words)) / df) for word, df in document_frequency.items()}
    artifacts = artifacts_by_paper(graph)
    degree = graph.degree
    described = []
    for i, part in enumerate(parts):
        members = sorted(map(str, part))
        papers = [n for n in members if n in words]
        uses_methods, uses_datasets = _entities(artifacts, papers)
        methods, datasets = _ranked(graph, uses_methods, top), _ranked(graph, uses_datasets, top)
        terms = _terms(papers, words, idf, top)
        label = _label(methods, datasets, terms, len(papers))
        if not label:  # named by its best-connected member
            label = display_name(graph, max(members, key=lambda n: (degree[n], n))) if members else f"community {i}"
        described.append(Community(i, label, len(members), tuple(members), tuple(papers), methods, datasets, terms))
    return described
