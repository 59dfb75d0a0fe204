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

The graph is read twice and no row is kept: once to learn each file's columns and types,
once to write every file at the same time. Holding the rows of a million papers would
take gigabytes beside the graph.
"""

from __future__ import annotations

import math
import re
from functools import cache
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import networkx as nx

from kg.atomic import atomic_write
from kg.errors import ExportError
from kg.exporters.neo4j_schema import (
    SCHEMA_STATEMENTS,
    Group,
    Value,
    batches,
    merge_nodes,
    merge_relationships,
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
    """One CSV file: what its rows are, the Cypher that loads it, and the property types
    its rows hold (name -> neo4j-admin scalar or array types seen, in first-seen order)."""

    path: str
    label: str = ""  # set for a node table
    rel_type: str = ""  # these three for a relationship table
    start_label: str = ""
    end_label: str = ""
    seen: dict[str, set[str]] = field(default_factory=dict)  # a node table starts with its key, `id`

    @classmethod
    def of(cls, group: Group) -> _Table:
        if len(group) == 1:
            return cls(f"nodes_{group[0]}.csv", label=group[0], seen={"id": set()})
        return cls("rels_{}_{}_{}.csv".format(*group), rel_type=group[0], start_label=group[1], end_label=group[2])

    def properties(self, row: dict[str, Value]) -> dict[str, Value]:
        """A batch row's property map (a relationship row holds it under `properties`)."""
        return row if self.label else row["properties"]

    def add(self, props: dict[str, Value]) -> None:
        for name, value in props.items():
            types = self.seen.get(name)
            if types is None:
                types = self.seen[name] = set()
            types.add(_type_of(value))


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
    tables, elements = _survey(graph, batch_size)
    delimiter = _array_delimiter(elements)
    columns = {table.path: _columns(table) for table in tables.values()}
    dest.mkdir(parents=True, exist_ok=True)
    with ExitStack() as files:
        writers = {group: _CsvWriter(files.enter_context(atomic_write(dest / table.path)), table,
                                     columns[table.path], delimiter) for group, table in tables.items()}
        script = files.enter_context(atomic_write(dest / "load.cypherl"))
        script.writelines(s + ";\n" for s in SCHEMA_STATEMENTS)
        for group, rows in batches(graph, batch_size):
            writers[group].write(rows)
            script.write(_load_statement(tables[group], rows) + ";\n")
    ordered = sorted(tables.values(), key=lambda t: (not t.label, t.path))  # node files first
    written = [dest / table.path for table in ordered] + [dest / "load.cypherl"]
    written.append(_write_lines(dest / "schema.cypher", (s + ";" for s in SCHEMA_STATEMENTS)))
    written.append(_write_lines(dest / "import.cypher", _import_cypher(ordered, columns, delimiter)))
    written.append(_write_lines(dest / "import.args", _admin_arguments(ordered, delimiter)))
    _remove_stale_tables(dest, written)
    return written


def _remove_stale_tables(dest: Path, written: list[Path]) -> None:
    """Delete CSV files an earlier export left for kinds the graph no longer has, so the folder is one graph."""
    for stale in (set(dest.glob("nodes_*.csv")) | set(dest.glob("rels_*.csv"))) - set(written):
        stale.unlink()


def _survey(graph: nx.MultiDiGraph, batch_size: int) -> tuple[dict[Group, _Table], set[str]]:
    """The first pass: every table with the property types its rows hold, and every array
    element (to choose the delimiter)."""
    tables: dict[Group, _Table] = {}
    elements: set[str] = set()
    for group, rows in batches(graph, batch_size):
        table = tables.get(group) or tables.setdefault(group, _Table.of(group))
        for row in rows:
            props = table.properties(row)
            table.add(props)
            for value in props.values():
                if isinstance(value, list):
                    elements.update(map(str, value))
    return tables, elements


def _columns(table: _Table) -> list[_Column]:
    """One column per property name in first-seen order (a node's `id` first), typed from its values."""
    return [_Column(name, _common_type(types)) for name, types in table.seen.items()]


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


def _array_delimiter(elements: set[str]) -> str:
    """The first delimiter that occurs in no array element, so arrays split back exactly."""
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


class _CsvWriter:
    """Writes the rows of one table to its open file, header first; node files carry
    `id:ID` and `:LABEL`, relationship files the endpoints and `:TYPE`."""

    def __init__(self, out: TextIO, table: _Table, columns: list[_Column], delimiter: str) -> None:
        self.out = out
        self.table = table
        self.text = _cell_writer(_Column("", "string"), delimiter)
        header = ["id:ID", ":LABEL"] if table.label else [":START_ID", ":END_ID", ":TYPE"]
        property_columns = columns[1:] if table.label else columns
        self.cells = [(c.name, _cell_writer(c, delimiter)) for c in property_columns]
        out.write(",".join(map(self.text, header + [c.header for c in property_columns])) + "\n")

    def write(self, rows: list[dict[str, Value]]) -> None:
        table = self.table
        for row in rows:
            props = table.properties(row)
            fixed = [row["id"], table.label] if table.label else [row["start"], row["end"], table.rel_type]
            cells = [self.text(value) for value in fixed]
            cells += [cell(props.get(name)) for name, cell in self.cells]
            self.out.write(",".join(cells) + "\n")


def _load_statement(table: _Table, rows: list[dict[str, Value]]) -> str:
    """One batch as an `UNWIND [...]` statement of the script, its rows written as Cypher literals."""
    if table.label:
        return merge_nodes(table.label, rows=cypher_literal(rows))
    return merge_relationships(table.rel_type, table.start_label, table.end_label, rows=cypher_literal(rows))


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
