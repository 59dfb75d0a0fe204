"""Gephi exporters: GraphML and GEXF, streamed, whose columns have one type each.

Gephi sizes by a numeric column and colours by a partition column only when every value
of that column has the same type, so a first pass gives each attribute one type across
the graph (ints stay ints, ints mixed with floats become floats, anything else text);
a second pass streams the elements. (networkx's writers build the whole XML tree: on
256k edges they took 100 s and 1.9 GB more memory; this writer 15 s and no more.)
Lists are joined with "; ", None values are left out, characters XML 1.0 cannot hold
become U+FFFD, and every edge gets its own id (Gephi drops an edge whose id it has
seen); the relation name is the `rel` column.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from kg.atomic import atomic_write
from kg.exporters.xml_text import xml_safe
from kg.graph import exported_attributes

__all__ = ["LIST_SEPARATOR", "GEXF_RENAMES", "export_graphml", "export_gexf"]

LIST_SEPARATOR = "; "

#: GEXF reserves `start`/`end` for time spells, so the evidence offsets take other names there.
GEXF_RENAMES = {"start": "span_start", "end": "span_end"}

_XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_EXACT_TYPES: dict[type, type] = {str: str, bool: bool, int: int, float: float}
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;"})


def _text(value: str) -> str:
    """Element content; CR is escaped so that readers do not turn CR LF into LF."""
    return xml_safe(value).translate(_TEXT_ESCAPES)


def _escaped(value: str) -> str:
    """Text for an attribute value; line breaks escaped so they survive."""
    return xml_safe(value).translate(_ATTRIBUTE_ESCAPES)


def _attribute(value: str) -> str:
    """An attribute value, quotes included."""
    return f'"{_escaped(value)}"'


def _cell_type(value: Any) -> type | None:
    """The column type a value needs; None for a value that is not there."""
    exact = _EXACT_TYPES.get(type(value))
    if exact is not None:
        return exact
    if value is None:
        return None
    if isinstance(value, (list, tuple, set, frozenset)):
        return str if any(item is not None for item in value) else None
    if isinstance(value, numbers.Integral):
        return int
    return float if isinstance(value, numbers.Real) else str


def _lexical(value: Any, column: type) -> str:
    """The cell's text in its column's type."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return LIST_SEPARATOR.join(str(item) for item in value if item is not None)
    if column is bool:
        return "true" if value else "false"
    if column is int:
        return str(int(value))
    if column is float:
        return repr(float(value))
    return str(value)


class _Columns:
    """Every attribute name with the one type its values share, from a first pass."""

    def __init__(self, rows: Iterable[dict], prefix: str, renames: dict[str, str],
                 skip: frozenset[str] = frozenset()) -> None:
        seen: dict[str, set[type]] = {}
        for row in rows:
            for name, value in row.items():
                kind = _cell_type(value)
                if kind is not None and name not in skip:
                    seen.setdefault(name, set()).add(kind)
        self.types = {name: _common_type(kinds) for name, kinds in seen.items()}
        self.ids = {name: f"{prefix}{index}" for index, name in enumerate(self.types)}
        self.titles = {name: renames.get(name, name) for name in self.types}
        self._writers: dict[Callable[[str], str], dict[str, tuple[str, Callable[[Any], str | None]]]] = {}

    def cells(self, row: dict, escape: Callable[[str], str]) -> Iterator[tuple[str, str]]:
        """(column id, text) for each value of `row` that is there; `escape` for text columns."""
        writers = self._writers.get(escape) or self._writers_for(escape)
        for name, value in row.items():
            writer = writers.get(name)
            if writer is not None and value is not None:
                text = writer[1](value)
                if text is not None:
                    yield writer[0], text

    def _writers_for(self, escape: Callable[[str], str]) -> dict[str, tuple[str, Callable[[Any], str | None]]]:
        """Per column, its id and a function from a value to its cell text (None: not there),
        chosen once so that the loop over millions of cells makes one call each."""
        writers = self._writers[escape] = {
            name: (self.ids[name], _text_writer(escape) if column is str else _SCALAR_WRITERS[column])
            for name, column in self.types.items()
        }
        return writers


def _text_writer(escape: Callable[[str], str]) -> Callable[[Any], str | None]:
    def write(value: Any) -> str | None:
        if type(value) is str:
            return escape(value)
        return None if _cell_type(value) is None else escape(_lexical(value, str))
    return write


#: cell text of a value in a column of each scalar type (the first pass gave the column its type).
_SCALAR_WRITERS: dict[type, Callable[[Any], str]] = {
    bool: lambda value: "true" if value else "false",
    int: lambda value: str(int(value)),
    float: lambda value: repr(float(value)),
}


def _common_type(kinds: set[type]) -> type:
    if kinds <= {bool} or kinds <= {int} or kinds <= {str}:
        return next(iter(kinds))
    return float if kinds <= {int, float} else str


def _columns(graph: nx.MultiDiGraph, attributes: Callable[[str, dict], dict], renames: dict[str, str],
             skip: frozenset[str] = frozenset()) -> tuple[_Columns, _Columns]:
    nodes = _Columns((attributes(node, data) for node, data in graph.nodes(data=True)), "n", renames, skip)
    edges = _Columns((data for *_, data in graph.edges(data=True)), "e", renames)
    return nodes, edges


def _write_graphml(graph: nx.MultiDiGraph, attributes: Callable[[str, dict], dict], out: TextIO) -> None:
    nodes, edges = _columns(graph, attributes, {})
    out.write('<?xml version="1.0" encoding="utf-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
              'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for scope, columns in (("node", nodes), ("edge", edges)):
        for name, column in columns.types.items():
            out.write(f'<key id="{columns.ids[name]}" for="{scope}" attr.name={_attribute(name)} '
                      f'attr.type="{_XML_TYPES[column]}"/>\n')
    out.write('<graph edgedefault="directed">\n')
    for node, data in graph.nodes(data=True):
        cells = "".join(f'<data key="{key}">{text}</data>' for key, text in nodes.cells(attributes(node, data), _text))
        out.write(f"<node id={_attribute(node)}>{cells}</node>\n")
    for index, (u, v, data) in enumerate(graph.edges(data=True)):
        cells = "".join(f'<data key="{key}">{text}</data>' for key, text in edges.cells(data, _text))
        out.write(f'<edge id="e{index}" source={_attribute(u)} target={_attribute(v)}>{cells}</edge>\n')
    out.write("</graph>\n</graphml>\n")


def _attvalues(columns: _Columns, data: dict) -> str:
    values = "".join(f'<attvalue for="{key}" value="{text}"/>' for key, text in columns.cells(data, _escaped))
    return f"<attvalues>{values}</attvalues>" if values else ""


def _write_gexf(graph: nx.MultiDiGraph, attributes: Callable[[str, dict], dict], out: TextIO) -> None:
    nodes, edges = _columns(graph, attributes, GEXF_RENAMES, skip=frozenset({"label"}))
    out.write('<?xml version="1.0" encoding="utf-8"?>\n'
              '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">\n'
              "<meta><creator>kg</creator></meta>\n"
              '<graph defaultedgetype="directed" mode="static">\n')
    for scope, columns in (("node", nodes), ("edge", edges)):
        out.write(f'<attributes class="{scope}" mode="static">\n')
        for name, column in columns.types.items():
            out.write(f'<attribute id="{columns.ids[name]}" title={_attribute(columns.titles[name])} '
                      f'type="{_XML_TYPES[column]}"/>\n')
        out.write("</attributes>\n")
    out.write("<nodes>\n")
    for node, data in graph.nodes(data=True):
        label = str(node if data.get("label") is None else data["label"])
        out.write(f"<node id={_attribute(node)} label={_attribute(label)}>"
                  f"{_attvalues(nodes, attributes(node, data))}</node>\n")
    out.write("</nodes>\n<edges>\n")
    for index, (u, v, data) in enumerate(graph.edges(data=True)):
        out.write(f'<edge id="e{index}" source={_attribute(u)} target={_attribute(v)}>'
                  f"{_attvalues(edges, data)}</edge>\n")
    out.write("</edges>\n</graph>\n</gexf>\n")


def _warn_ignored(options: dict, format_name: str) -> None:
    """Options meant for other formats (such as `base_iri`) are named, not fatal."""
    if options:
        warnings.warn(f"{format_name} export ignores {', '.join(sorted(options))}", stacklevel=3)


def export_graphml(graph: nx.MultiDiGraph, dest: Path, **options: Any) -> list[Path]:
    """Write `graph` as GraphML with typed keys (pagerank double, community long, ...)."""
    _warn_ignored(options, "GraphML")
    dest = Path(dest)
    with atomic_write(dest) as out, exported_attributes(graph) as attributes:
        _write_graphml(graph, attributes, out)
    return [dest]


def export_gexf(graph: nx.MultiDiGraph, dest: Path, **options: Any) -> list[Path]:
    """Write `graph` as GEXF 1.2, Gephi's own format; `label` becomes the node label."""
    _warn_ignored(options, "GEXF")
    dest = Path(dest)
    with atomic_write(dest) as out, exported_attributes(graph) as attributes:
        _write_gexf(graph, attributes, out)
    return [dest]
