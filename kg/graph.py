"""The networkx graph, derived from the workspace: the one shape analysis and exporters read.

The graph holds no state of its own; it can be rebuilt from the store at any time.
docs/architecture.md lists its node ids and attributes.

Papers' abstracts stay in the workspace, whose path the graph keeps (``graph.graph["workspace"]``):
analysis never reads them, and at a million papers they would be a gigabyte of the graph.
Exporters read each paper's attributes through `exported_attributes`, which puts the
abstract back where the documented order has it.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import networkx as nx

from kg.collector import paused_collector
from kg.errors import StoreError
from kg.ids import node_id
from kg.model import NodeKind
from kg.store import Workspace

__all__ = ["WORKSPACE", "build_graph", "exported_attributes"]

#: the graph attribute holding the path of the workspace a graph was built from.
WORKSPACE = "workspace"

#: paper columns the graph holds after the title, in the documented order (the abstract stays stored).
_PAPER_COLUMNS = ("date", "published", "upvotes", "authors_count", "org", "arxiv_id", "doi")
#: of those, the ones many papers share a value of, stored once each.
_SHARED_PAPER_COLUMNS = frozenset({"date", "published"})


def build_graph(workspace: Workspace) -> nx.MultiDiGraph:
    """Papers, entities and relations of `workspace` as a MultiDiGraph keyed by relation kind.

    Resolves first when files were ingested since the last resolve (for example after an
    interrupted ingest), so the graph always reflects everything stored.
    """
    if workspace.dirty:
        from kg.resolve import resolve

        resolve(workspace)
    with paused_collector():  # see kg.collector
        return _graph(workspace)


def _graph(workspace: Workspace) -> nx.MultiDiGraph:
    """The graph, with every repeated string and number stored once (see `_edges`) and paper
    attributes without a value left out: at a million papers, copies of ids, dates, paths
    and confidences would take gigabytes, and a paper's dict holding every key, None or not,
    grows past its table's size once analysis adds its eleven, to twice the memory."""
    graph = nx.MultiDiGraph(**{WORKSPACE: str(workspace.path)})
    intern = sys.intern
    sources: dict[str, list[str]] = defaultdict(list)
    for paper_id, path in workspace.paper_sources():
        if path not in sources[paper_id]:
            sources[paper_id].append(intern(path))
    paper = NodeKind.PAPER.value
    papers = workspace.db.execute(f"SELECT id, title, {', '.join(_PAPER_COLUMNS)} FROM papers ORDER BY id")
    graph.add_nodes_from(
        (intern(node_id(NodeKind.PAPER, local)),
         {"kind": paper, "label": title, "sources": sources[local], "title": title,
          **{name: intern(value) if name in _SHARED_PAPER_COLUMNS else value
             for name, value in zip(_PAPER_COLUMNS, values) if value is not None}})
        for local, title, *values in papers
    )
    graph.add_nodes_from(
        (intern(entity), {"kind": intern(kind), "label": name, "name": name, "aliases": _json(aliases), **_json(attributes)})
        for entity, kind, name, aliases, attributes in workspace.db.execute(
            "SELECT id, kind, name, aliases, attributes FROM entities ORDER BY id")
    )
    graph.add_edges_from(_edges(workspace))
    return graph


@contextmanager
def exported_attributes(graph: nx.MultiDiGraph) -> Iterator[Callable[[str, dict], dict]]:
    """Within the block, ``attributes(node, data)`` gives a node's attributes as exporters
    write them: a paper's with its stored abstract after its title, any other node's as they are.

    A graph without a workspace (built by hand) is read as it is, abstracts included if it has them.
    """
    path = graph.graph.get(WORKSPACE)
    if path is None:
        yield _as_they_are
        return
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        db.execute("SELECT 1 FROM papers LIMIT 1")
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot read the abstracts of the graph's workspace ({exc})") from None
    paper, local = NodeKind.PAPER.value, len(NodeKind.PAPER.value) + 1
    query = "SELECT abstract FROM papers WHERE id = ?"

    def attributes(node: str, data: dict) -> dict:
        if data.get("kind") != paper or "abstract" in data:
            return data
        row = db.execute(query, (node[local:],)).fetchone()
        if row is None:
            return data
        merged = {}
        for name, value in data.items():
            merged[name] = value
            if name == "title":
                merged["abstract"] = row[0]
        return merged

    try:
        yield attributes
    finally:
        db.close()


def _as_they_are(node: str, data: dict) -> dict:
    return data


def _json(text: str) -> Any:
    """A stored JSON value; most entities have no aliases or attributes, which skip the parser."""
    if text == "[]":
        return []
    return {} if text == "{}" else json.loads(text)


#: relation columns in the order of the edge attributes (the graph's documented shape).
_EDGE_COLUMNS = ("rel", "name", "confidence", "rule", "evidence", "source", "field", "start", "end", "inferred")


def _edges(workspace: Workspace) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(source, target, key, attributes) of every relation, as `add_edges_from` takes them in one call.

    Node ids and the few distinct relation, rule, source, field and confidence values are
    shared: SQLite returns a new object for every row, and the graph would keep each copy.
    """
    names = _EDGE_COLUMNS
    inferred, confidence = names.index("inferred"), names.index("confidence")
    repeated = [names.index(name) for name in ("rel", "rule", "source", "field")]
    intern = sys.intern
    confidences: dict[float, float] = {}  # a few distinct values, one float object each
    query = f"SELECT src, dst, {', '.join(names)} FROM relations ORDER BY src, rel, dst"
    for src, dst, *values in workspace.db.execute(query):
        for index in repeated:
            values[index] = intern(values[index])
        values[confidence] = confidences.setdefault(values[confidence], values[confidence])
        values[inferred] = bool(values[inferred])
        yield intern(src), intern(dst), values[0], dict(zip(names, values))
