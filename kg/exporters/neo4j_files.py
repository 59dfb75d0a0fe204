"""The `neo4j/` export: the graph as CSV for neo4j-admin and LOAD CSV, and as a cypher-shell script.

One folder gives the same database three ways:

- `nodes_<Label>.csv` and `rels_<TYPE>_<Start>_<End>.csv` with neo4j-admin import headers
  in a single id space (node ids are already unique across kinds), bulk-loaded with
  `neo4j-admin database import full @import.args neo4j` run inside the folder;
- `import.cypher`: the schema, then LOAD CSV (Neo4j 5.23+ syntax) of those files from the server's import
  directory (copy the CSV files there);
- `load.cypherl`: the schema, then batched `UNWIND [literal maps]` statements, one per
  line, for `cypher-shell -f load.cypherl` (scripts cannot take driver parameters, so
  every value is written as an escaped Cypher literal).

`schema.cypher` holds the constraints and indexes alone, for use after a bulk import.
Relationship files are split by endpoint labels so that every MATCH uses the `id` index.
Numbers are typed `long`/`double` (neo4j-admin's `int`/`float` are 32-bit), so all three
loads store the same values the Bolt loader does.
"""

from __future__ import annotations

import math
import re
from functools import cache
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_write
from kg.errors import ExportError
from kg.exporters.neo4j_schema import (
    SCHEMA_STATEMENTS,
    Value,
    edge_properties,
    label_of,
    merge_nodes,
    merge_relationships,
    node_properties,
    rel_type_of,
)

__all__ = ["export", "cypher_literal"]

#: array delimiters in order of preference; the first that no array element contains is used.
ARRAY_DELIMITERS = (";", "|", "\u001f")

_SCALAR_TYPES = {str: "string", bool: "boolean", int: "long", float: "double"}
_LOAD_CSV_CONVERSIONS = {"string": "{}", "boolean": "toBoolean({})", "long": "toInteger({})", "double": "toFloat({})"}
#: characters a Cypher string literal must escape: quote, backslash, controls, line separators.
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f\u2028\u2029]')
_CYPHER_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


@dataclass(frozen=True)
class _Column:
    """A property column: its name and neo4j-admin type (`long`, `string[]`, ...)."""

    name: str
    type: str

    @property
    def header(self) -> str:
        return self.name if self.type == "string" else f"{self.name}:{self.type}"

    @property
    def is_array(self) -> bool:
        return self.type.endswith("[]")


@dataclass
class _Table:
    """The rows of one CSV file and the Cypher that loads it."""

    path: str
    label: str = ""  # set for a node table
    rel_type: str = ""  # these three for a relationship table
    start_label: str = ""
    end_label: str = ""
    rows: list = field(default_factory=list)  # node: props; relationship: (start, end, props)

    @property
    def properties(self) -> Iterator[dict[str, Value]]:
        return iter(self.rows) if self.label else (props for _, _, props in self.rows)


def export(graph: nx.MultiDiGraph, dest: Path, *, batch_size: int = 500) -> list[Path]:
    """Write the `neo4j/` folder for `graph` into `dest` (a folder); returns the files written.

    >>> import tempfile, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("method:moe", kind="method", label="MoE", name="MoE", aliases=["Mixture; of Experts"])
    >>> sorted(p.name for p in export(g, Path(tempfile.mkdtemp())))
    ['import.args', 'import.cypher', 'load.cypherl', 'nodes_Method.csv', 'schema.cypher']
    """
    if dest.exists() and not dest.is_dir():
        raise ExportError(f"{dest}: the neo4j export is a folder, and this is a file")
    tables = _tables(graph)
    delimiter = _array_delimiter(props for table in tables for props in table.properties)
    columns = {table.path: _columns(table) for table in tables}
    dest.mkdir(parents=True, exist_ok=True)
    written = [_write_csv(dest / table.path, table, columns[table.path], delimiter) for table in tables]
    written.append(_write_lines(dest / "schema.cypher", (s + ";" for s in SCHEMA_STATEMENTS)))
    written.append(_write_lines(dest / "import.cypher", _import_cypher(tables, columns, delimiter)))
    written.append(_write_lines(dest / "load.cypherl", _load_cypherl(tables, batch_size)))
    written.append(_write_lines(dest / "import.args", _admin_arguments(tables, delimiter)))
    _remove_stale_tables(dest, written)
    return written


def _remove_stale_tables(dest: Path, written: list[Path]) -> None:
    """Delete CSV files an earlier export left for kinds the graph no longer has, so the folder is one graph."""
    for stale in (set(dest.glob("nodes_*.csv")) | set(dest.glob("rels_*.csv"))) - set(written):
        stale.unlink()


def _tables(graph: nx.MultiDiGraph) -> list[_Table]:
    """Nodes grouped by label and relationships by (type, start label, end label)."""
    nodes: dict[str, _Table] = {}
    labels: dict[str, str] = {}
    for node, attributes in graph.nodes(data=True):
        label = labels[node] = label_of(attributes.get("kind", ""))
        table = nodes.setdefault(label, _Table(f"nodes_{label}.csv", label=label))
        table.rows.append(node_properties(node, attributes))
    rels: dict[tuple[str, str, str], _Table] = {}
    for start, end, attributes in graph.edges(data=True):
        key = (rel_type_of(attributes.get("rel", "")), labels[start], labels[end])
        table = rels.setdefault(key, _Table("rels_{}_{}_{}.csv".format(*key), rel_type=key[0],
                                            start_label=key[1], end_label=key[2]))
        table.rows.append((start, end, edge_properties(start, end, attributes)))
    return sorted(nodes.values(), key=lambda t: t.path) + sorted(rels.values(), key=lambda t: t.path)


def _columns(table: _Table) -> list[_Column]:
    """One column per property name in first-seen order (a node's `id` first), typed from its values."""
    seen: dict[str, set[str]] = {"id": set()} if table.label else {}
    for props in table.properties:
        for name, value in props.items():
            seen.setdefault(name, set()).add(_type_of(value))
    return [_Column(name, _common_type(types)) for name, types in seen.items()]


def _type_of(value: Value) -> str:
    if isinstance(value, list):
        return _SCALAR_TYPES[type(value[0])] + "[]"
    return _SCALAR_TYPES[type(value)]


def _common_type(types: set[str]) -> str:
    """The column type for the value types found; mixed columns fall back to text."""
    if len(types) <= 1:
        return next(iter(types), "string")
    if types in ({"long", "double"}, {"long[]", "double[]"}):
        return "double" if "double" in types else "double[]"
    return "string[]" if all(t.endswith("[]") for t in types) else "string"


def _array_delimiter(rows: Iterable[dict[str, Value]]) -> str:
    """The first delimiter that occurs in no array element, so arrays split back exactly."""
    elements = {str(item) for props in rows for value in props.values() if isinstance(value, list) for item in value}
    for delimiter in ARRAY_DELIMITERS:
        if not any(delimiter in element for element in elements):
            return delimiter
    raise ExportError("array values contain every usable delimiter (; | U+001F); neo4j-admin cannot split them")


def _cell_writer(column: _Column, delimiter: str) -> Callable[[Value | None], str]:
    """The function from a value to its CSV cell in `column`, chosen once per column.

    Absent is an empty unquoted cell, text is always quoted (so "" stays ""). Quotes are
    doubled and backslashes doubled too: LOAD CSV's default
    (`dbms.import.csv.legacy_quote_escaping=true`) reads a backslash as an escape, and
    neo4j-admin does the same with `--legacy-style-quoting=true`, which import.args sets.
    """
    scalar_type = column.type.removesuffix("[]")
    scalar = _SCALAR_TEXT[scalar_type]
    quoted = scalar_type == "string" or column.is_array

    def cell(value: Value | None) -> str:
        if value is None:
            return ""
        text = delimiter.join(scalar(item) for item in value) if isinstance(value, list) else scalar(value)
        return '"' + text.replace("\\", "\\\\").replace('"', '""') + '"' if quoted else text

    return cell


#: a scalar's text in a column of each neo4j-admin type.
_SCALAR_TEXT: dict[str, Callable[[str | int | float | bool], str]] = {
    "string": str,
    "long": str,
    "double": lambda value: repr(float(value)),
    "boolean": lambda value: "true" if value else "false",
}


def _write_csv(path: Path, table: _Table, columns: list[_Column], delimiter: str) -> Path:
    """A CSV file; node files carry `id:ID` and `:LABEL`, relationship files the endpoints and `:TYPE`."""
    text = _cell_writer(_Column("", "string"), delimiter)
    if table.label:
        header = ["id:ID", ":LABEL"]
        property_columns = columns[1:]
        lines = (([props["id"], table.label], props) for props in table.rows)
    else:
        header = [":START_ID", ":END_ID", ":TYPE"]
        property_columns = columns
        lines = (([start, end, table.rel_type], props) for start, end, props in table.rows)
    header += [c.header for c in property_columns]
    cells = [(c.name, _cell_writer(c, delimiter)) for c in property_columns]
    with atomic_write(path) as f:
        f.write(",".join(map(text, header)) + "\n")
        for fixed, props in lines:
            row = [text(value) for value in fixed]
            row += [cell(props.get(name)) for name, cell in cells]
            f.write(",".join(row) + "\n")
    return path


def _write_lines(path: Path, lines: Iterable[str]) -> Path:
    with atomic_write(path) as f:
        for line in lines:
            f.write(line + "\n")
    return path


def _import_cypher(tables: Sequence[_Table], columns: dict[str, list[_Column]], delimiter: str) -> Iterator[str]:
    """LOAD CSV statements that rebuild each row's property map and reuse the loaders' MERGE."""
    yield "// kg graph: copy the CSV files of this folder into the server's import directory, then run this"
    yield "// file with cypher-shell (or in Neo4j Browser with :auto before each LOAD CSV statement)."
    yield "// Backslashes in the CSV are escaped for dbms.import.csv.legacy_quote_escaping=true (the default)."
    yield from (s + ";" for s in SCHEMA_STATEMENTS)
    for table in tables:
        fields = ", ".join(f"`{c.name}`: {_from_cell(c, delimiter, table)}" for c in columns[table.path])
        if table.label:
            body = merge_nodes(table.label, rows=f"[{{{fields}}}]")
        else:
            row = f"[{{start: line.`:START_ID`, end: line.`:END_ID`, properties: {{{fields}}}}}]"
            body = merge_relationships(table.rel_type, table.start_label, table.end_label, rows=row)
        yield (
            f"LOAD CSV WITH HEADERS FROM {cypher_literal('file:///' + table.path)} AS line "
            f"CALL (line) {{ {body} }} IN TRANSACTIONS OF 1000 ROWS;"
        )


def _from_cell(column: _Column, delimiter: str, table: _Table) -> str:
    """Cypher that turns the CSV cell of `column` in `line` back into its typed value."""
    cell = "line.`id:ID`" if table.label and column.name == "id" else f"line.`{column.header}`"
    convert = _LOAD_CSV_CONVERSIONS[column.type.removesuffix("[]")]
    if not column.is_array:
        return convert.format(cell)
    split = f"split({cell}, {cypher_literal(delimiter)})"
    return split if column.type == "string[]" else f"[item IN {split} | {convert.format('item')}]"


def _load_cypherl(tables: Sequence[_Table], batch_size: int) -> Iterator[str]:
    """The schema, then one `UNWIND [...]` statement per batch, each on one line."""
    yield from (s + ";" for s in SCHEMA_STATEMENTS)
    for table in tables:
        for first in range(0, len(table.rows), batch_size):
            batch = table.rows[first : first + batch_size]
            if table.label:
                yield merge_nodes(table.label, rows=cypher_literal(batch)) + ";"
            else:
                rows = [{"start": s, "end": e, "properties": p} for s, e, p in batch]
                ends = (table.start_label, table.end_label)
                yield merge_relationships(table.rel_type, *ends, rows=cypher_literal(rows)) + ";"


def _admin_arguments(tables: Sequence[_Table], delimiter: str) -> Iterator[str]:
    """An argument file for `neo4j-admin database import full @import.args <database>`."""
    for table in tables:
        yield f"--{'nodes' if table.label else 'relationships'}={table.path}"
    yield f"--array-delimiter={delimiter if delimiter.isprintable() else f'U+{ord(delimiter):04X}'}"
    yield "--multiline-fields=true"
    yield "--legacy-style-quoting=true"


def cypher_literal(value: object) -> str:
    """`value` as a Cypher literal that reads back exactly, for scripts that cannot take parameters.

    >>> cypher_literal({"title": 'a "b"\\n', "n": [1, 2]})
    '{`title`: "a \\\\"b\\\\"\\\\n", `n`: [1, 2]}'
    """
    kind = type(value)
    if kind is str:  # the common cases first: scripts hold millions of these
        return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'
    if kind is dict:
        return "{" + ", ".join(f"{_map_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"{value} has no Cypher literal")
        return repr(value).replace("e+", "e")
    if isinstance(value, str):
        return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_map_key(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise ExportError(f"{type(value).__name__} values have no Cypher literal")


@cache
def _map_key(key: object) -> str:
    """A map key as a backquoted Cypher name; property names repeat in every row, so kept."""
    return "`" + str(key).replace("`", "``") + "`"


def _escape(match: re.Match) -> str:
    ch = match.group()
    return _CYPHER_ESCAPES.get(ch) or f"\\u{ord(ch):04X}"
