"""How kg's graph maps onto Neo4j: labels, relationship types, schema and property values.

Both Neo4j exporters (files and Bolt) read this module, so the three load paths give the
same database. Labels and types come only from the fixed mappings below, never from the
data, which is what lets the writers put them into Cypher text safely.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping

import networkx as nx

from kg.errors import ExportError
from kg.graph import exported_attributes
from kg.model import NodeKind, RelKind

__all__ = [
    "LABELS",
    "REL_TYPES",
    "SCHEMA_STATEMENTS",
    "Group",
    "Value",
    "batches",
    "edge_properties",
    "label_of",
    "merge_nodes",
    "merge_relationships",
    "node_properties",
    "rel_type_of",
]

#: Neo4j label of each node kind.
LABELS: dict[NodeKind, str] = {
    NodeKind.PAPER: "Paper",
    NodeKind.METHOD: "Method",
    NodeKind.DATASET: "Dataset",
    NodeKind.REPOSITORY: "Repository",
    NodeKind.LINK: "Link",
    NodeKind.ORGANIZATION: "Organization",
    NodeKind.AUTHOR: "Author",
    NodeKind.LISTING: "Listing",
    NodeKind.CITED_WORK: "CitedWork",
}

#: Neo4j relationship type of each relation kind: the upper-cased RelKind.
REL_TYPES: dict[RelKind, str] = {rel: rel.value.upper() for rel in RelKind}

#: properties worth a range index beyond the `id` key, per label.
_INDEXED: dict[str, tuple[str, ...]] = {
    "Paper": ("title", "published", "community"),
    "Method": ("name",),
    "Dataset": ("name",),
    "Organization": ("name",),
    "Author": ("name",),
}


def _schema_statements() -> tuple[str, ...]:
    """Uniqueness of `id` per label (which also indexes it), then the lookup indexes."""
    constraints = [
        f"CREATE CONSTRAINT kg_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in LABELS.values()
    ]
    indexes = [
        f"CREATE INDEX kg_{label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})"
        for label, props in _INDEXED.items()
        for prop in props
    ]
    return tuple(constraints + indexes)


#: idempotent Cypher that creates kg's constraints and indexes.
SCHEMA_STATEMENTS: tuple[str, ...] = _schema_statements()

#: attribute names kg writes into CSV headers and Cypher maps; anything else is refused.
_PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_checked_names: set[str] = set()
_PLAIN = frozenset({str, int, bool})

#: a property value Neo4j can store: a scalar or a homogeneous list of scalars.
Value = str | int | float | bool | list


def label_of(kind: str) -> str:
    """The label for a node's `kind` attribute; unknown kinds are an error, not a new label."""
    try:
        return LABELS[NodeKind(kind)]
    except ValueError:
        known = ", ".join(k.value for k in NodeKind)
        raise ExportError(f"node kind {kind!r} has no Neo4j label (known: {known})") from None


def rel_type_of(rel: str) -> str:
    """The relationship type for an edge's `rel` attribute."""
    try:
        return REL_TYPES[RelKind(rel)]
    except ValueError:
        known = ", ".join(r.value for r in RelKind)
        raise ExportError(f"relation {rel!r} has no Neo4j type (known: {known})") from None


def _value(value: object, where: str) -> Value | None:
    """`value` as Neo4j stores it, or None when it should be left out.

    None and empty lists are left out because a CSV cell cannot tell them apart from an
    absent value; tuples and sets become lists; anything else unstorable is an error.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"{where}: {value} cannot be stored in Neo4j")
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [_value(item, where) for item in value if item is not None]
        if not items:
            return None
        if len({type(item) for item in items}) > 1 or isinstance(items[0], list):
            raise ExportError(f"{where}: a Neo4j list must hold one scalar type, got {value!r}")
        return items
    raise ExportError(f"{where}: {type(value).__name__} values cannot be stored in Neo4j")


def _properties(attributes: Mapping[str, object], where: str, skip: str = "") -> dict[str, Value]:
    cleaned = {}
    for name, value in attributes.items():
        if name == skip:
            continue
        if name not in _checked_names:
            if not _PROPERTY_NAME.fullmatch(name):
                raise ExportError(f"{where}: attribute name {name!r} is not a plain identifier")
            _checked_names.add(name)
        kind = type(value)
        if kind in _PLAIN or (kind is float and math.isfinite(value)):  # the common cases, kept cheap
            cleaned[name] = value
            continue
        stored = _value(value, f"{where} attribute {name!r}")
        if stored is not None:
            cleaned[name] = stored
    return cleaned


def node_properties(node: str, attributes: Mapping[str, object]) -> dict[str, Value]:
    """Every attribute of a node that Neo4j can hold, plus its key `id` (the graph node id)."""
    return _properties(attributes, f"node {node!r}") | {"id": node}


def edge_properties(start: str, end: str, attributes: Mapping[str, object]) -> dict[str, Value]:
    """Every attribute of an edge except `rel`, which becomes the relationship type."""
    return _properties(attributes, f"edge {start!r} -> {end!r}", skip="rel")


#: the rows one statement loads: (label,) for nodes, (type, start label, end label) for relationships.
Group = tuple[str, ...]


def batches(graph: nx.MultiDiGraph, batch_size: int) -> Iterator[tuple[Group, list[dict[str, Value]]]]:
    """The graph as Neo4j loads it: batches of at most `batch_size` rows of one group, a node
    row being its property map, a relationship row ``{start, end, properties}``.

    Each group's rows are cut into batches as the graph gives them, and every node batch
    comes before the first relationship batch (which MATCHes its ends). Only one unfinished
    batch per group is held, so loading or exporting a million papers keeps no other rows;
    the same graph gives the same batches, so a second pass meets them again.
    """
    if batch_size < 1:
        raise ExportError(f"batch size must be positive, got {batch_size}")
    pending: dict[Group, list[dict[str, Value]]] = {}

    def cut(group: Group, row: dict[str, Value]) -> Iterator[tuple[Group, list[dict[str, Value]]]]:
        rows = pending.setdefault(group, [])
        rows.append(row)
        if len(rows) == batch_size:
            yield group, pending.pop(group)

    def rest() -> Iterator[tuple[Group, list[dict[str, Value]]]]:
        unfinished = list(pending.items())
        pending.clear()
        yield from unfinished

    labels: dict[str, str] = {}
    with exported_attributes(graph) as exported:
        for node, attributes in graph.nodes(data=True):
            label = labels[node] = label_of(attributes.get("kind", ""))
            yield from cut((label,), node_properties(node, exported(node, attributes)))
    yield from rest()
    for start, end, attributes in graph.edges(data=True):
        group = (rel_type_of(attributes.get("rel", "")), labels[start], labels[end])
        yield from cut(group, {"start": start, "end": end, "properties": edge_properties(start, end, attributes)})
    yield from rest()


def merge_nodes(label: str, rows: str = "$rows") -> str:
    """Cypher that upserts nodes of one label from `rows`, maps of properties keyed by `id`.

    `SET n = row` replaces every property, so a reload leaves exactly the graph's values.
    `rows` is a parameter for Bolt or a Cypher list literal for scripts.
    """
    return f"UNWIND {rows} AS row MERGE (n:{_known(label, LABELS.values())} {{id: row.id}}) SET n = row"


def merge_relationships(rel_type: str, start_label: str, end_label: str, rows: str = "$rows") -> str:
    """Cypher that upserts relationships from `rows` of `{start, end, properties}` maps."""
    return (
        f"UNWIND {rows} AS row "
        f"MATCH (a:{_known(start_label, LABELS.values())} {{id: row.start}}) "
        f"MATCH (b:{_known(end_label, LABELS.values())} {{id: row.end}}) "
        f"MERGE (a)-[r:{_known(rel_type, REL_TYPES.values())}]->(b) SET r = row.properties"
    )


def _known(name: str, allowed) -> str:
    """Guard for names put into Cypher text: only the fixed labels and types pass."""
    if name not in allowed:
        raise ExportError(f"{name!r} is not one of kg's Neo4j labels or relationship types")
    return name
