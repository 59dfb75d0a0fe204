"""The networkx graph, derived from the workspace: the one shape analysis and exporters read.

The graph holds no state of its own; it can be rebuilt from the store at any time.
docs/architecture.md lists its node ids and attributes.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import networkx as nx

from kg.ids import node_id
from kg.model import NodeKind
from kg.store import Workspace

__all__ = ["build_graph"]

_PAPER_ATTRIBUTES = ("title", "abstract", "date", "published", "upvotes", "authors_count", "org", "arxiv_id", "doi")


def build_graph(workspace: Workspace) -> nx.MultiDiGraph:
    """Papers, entities and relations of `workspace` as a MultiDiGraph keyed by relation kind.

    Resolves first when files were ingested since the last resolve (for example after an
    interrupted ingest), so the graph always reflects everything stored.
    """
    if workspace.dirty:
        from kg.resolve import resolve

        resolve(workspace)
    graph = nx.MultiDiGraph()
    sources: dict[str, list[str]] = defaultdict(list)
    for paper_id, path in workspace.paper_sources():
        if path not in sources[paper_id]:
            sources[paper_id].append(path)
    for row in workspace.papers():
        attributes = {name: row[name] for name in _PAPER_ATTRIBUTES}
        graph.add_node(
            node_id(NodeKind.PAPER, row["id"]),
            kind=NodeKind.PAPER.value,
            label=row["title"],
            sources=sources[row["id"]],
            **attributes,
        )
    for row in workspace.entities():
        graph.add_node(
            row["id"],
            kind=row["kind"],
            label=row["name"],
            name=row["name"],
            aliases=json.loads(row["aliases"]),
            **json.loads(row["attributes"]),
        )
    graph.add_edges_from(_edges(workspace))
    return graph


def _edges(workspace: Workspace) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(source, target, key, attributes) of every relation, as `add_edges_from` takes them in one call."""
    names: list[str] = []
    for row in workspace.relations():
        names = names or [name for name in row.keys() if name not in ("src", "dst")]
        attributes = dict(zip(names, (row[name] for name in names)))
        attributes["inferred"] = bool(attributes["inferred"])
        yield row["src"], row["dst"], row["rel"], attributes
