"""Gephi exporters: GraphML and GEXF whose columns have one type each, as Gephi needs.

Gephi sizes by a numeric column and colours by a partition column only when every value
of that column has the same type, so each attribute gets one type across the graph
(ints stay ints, ints mixed with floats become floats, anything else text). Lists are
joined with "; ", None values are left out, text XML 1.0 cannot hold is replaced, and
every edge gets its own id (Gephi drops edges whose id it has seen); the relation name
stays in the `rel` column. GraphML puts text in element content, where XML readers turn
CR LF into LF; GEXF keeps text in attributes and brings it back exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.atomic import atomic_write
from kg.exporters.xml_text import xml_safe

__all__ = ["LIST_SEPARATOR", "GEXF_RENAMES", "gephi_graph", "export_graphml", "export_gexf"]

LIST_SEPARATOR = "; "

#: GEXF reads `start`/`end` as time spells, so the evidence offsets take other names there.
GEXF_RENAMES = {"start": "span_start", "end": "span_end"}

Scalar = bool | int | float | str


def _scalar(value: Any) -> Scalar | None:
    """One cell: lists joined, None (and empty lists) absent, text made XML-safe."""
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [str(item) for item in value if item is not None]
        return xml_safe(LIST_SEPARATOR.join(items)) if items else None
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return xml_safe(str(value))


def _column_type(values: set[type]) -> Callable[[Any], Scalar]:
    if values <= {bool}:
        return bool
    if values <= {int}:
        return int
    if values <= {int, float}:
        return float
    return str


def _typed_rows(rows: Iterable[dict], renames: dict[str, str]) -> list[dict]:
    """Rows of cells, each column cast to the one type all its values share."""
    cells = [{renames.get(name, name): _scalar(value) for name, value in row.items()} for row in rows]
    seen: dict[str, set[type]] = defaultdict(set)
    for row in cells:
        for name, value in row.items():
            if value is not None:
                seen[name].add(type(value))
    casts = {name: _column_type(types) for name, types in seen.items()}
    return [{name: casts[name](value) for name, value in row.items() if value is not None} for row in cells]


def gephi_graph(graph: nx.MultiDiGraph, renames: dict[str, str] | None = None) -> nx.MultiDiGraph:
    """A copy of `graph` Gephi can import: typed flat columns, edge keys ``e0, e1, ...``."""
    renames = renames or {}
    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(data=True))
    flat = nx.MultiDiGraph()
    for (node, _), attrs in zip(nodes, _typed_rows((data for _, data in nodes), renames)):
        flat.add_node(xml_safe(node), **attrs)
    for index, ((u, v, _), attrs) in enumerate(zip(edges, _typed_rows((data for *_, data in edges), renames))):
        flat.add_edge(xml_safe(u), xml_safe(v), key=f"e{index}", **attrs)
    return flat


def export_graphml(graph: nx.MultiDiGraph, dest: Path) -> list[Path]:
    """Write `graph` as GraphML with typed keys (pagerank double, community int, ...)."""
    dest = Path(dest)
    with atomic_write(dest, "wb") as out:
        nx.write_graphml(gephi_graph(graph), out, encoding="utf-8")
    return [dest]


def export_gexf(graph: nx.MultiDiGraph, dest: Path) -> list[Path]:
    """Write `graph` as GEXF 1.2, Gephi's own format; `label` becomes the node label."""
    dest = Path(dest)
    with atomic_write(dest, "wb") as out:
        nx.write_gexf(gephi_graph(graph, GEXF_RENAMES), out, encoding="utf-8")
    return [dest]
