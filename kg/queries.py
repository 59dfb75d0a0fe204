"""Named graph questions, each asked twice: queries/NAME.rq in SPARQL and NAME.cypher in Cypher.

Both files of a question open with the same header comment (`#` in SPARQL, `//` in
Cypher): its first line says what the question answers, a ``Parameters:`` block lists
``name = default  description`` lines (defaults are integers or "strings"; an empty
string means a rule the description states, such as "the most used method"), so every
query runs with no arguments. docs/queries.md describes each question.

The files live in the top-level ``queries/`` folder of the repository; ``kg/data/queries``
is a symbolic link to it, so a source checkout, an editable install and a built wheel
(which stores the link's target as ordinary files) all read them from the package.

SPARQL runs on pyoxigraph, in memory, over kg's own RDF export of the graph: on the
seeds graph it answered the named questions 50x faster than rdflib, with the same rows
(numbers in docs/queries.md). Values reach a query only as bindings, never as text:
pyoxigraph's substitutions for SPARQL (which must name projected variables, so the .rq
files project their parameters and kg leaves those columns out of the answer) and
driver parameters for Cypher. SPARQL has no variable LIMIT, so a ``limit`` parameter is
kept out of the SPARQL text and applied by reading only that many solutions; Cypher
writes ``LIMIT $limit``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

import networkx as nx
import pyoxigraph as ox

from kg.errors import QueryError
from kg.exporters.rdf import OXIGRAPH_TERMS, generate_triples

__all__ = [
    "NamedQuery",
    "Parameter",
    "QueryResult",
    "named_queries",
    "named_query",
    "rdf_store",
    "run_cypher",
    "run_named_cypher",
    "run_named_sparql",
    "run_sparql",
]

#: a parameter that caps the number of rows rather than binding a variable.
LIMIT = "limit"

_COMMENT = {"rq": "#", "cypher": "//"}
_PARAMETER_LINE = re.compile(r'(?P<name>[a-z_]+)\s*=\s*(?P<default>-?\d+|"[^"]*")\s+(?P<description>\S.*)')
_STRATEGY_LINE = re.compile(r"Strategy:\s*(?P<strategy>[a-z-]+)")
_STRATEGIES = ("select", "breadth-first")

_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {_XSD + name for name in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}
_REAL_TYPES = {_XSD + name for name in ("double", "float", "decimal")}

# The relations a shortest path may follow, both ways: all but listed_in (docs/ontology.md).
# VALUES and UNION, not a property-path alternative: pyoxigraph answers this 40x faster.
_NEIGHBOURS = """
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?node ?next ?id WHERE {
  VALUES ?relation { cito:cites kg:proposes kg:usesMethod kg:usesDataset kg:hasCode kg:hasLink
                     schema:author schema:sourceOrganization schema:affiliation }
  { ?node ?relation ?next } UNION { ?next ?relation ?node }
  ?next dcterms:identifier ?id .
}
"""
_DESCRIPTION = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?n ?node ?kind ?label WHERE {
  ?n dcterms:identifier ?node ; kg:kind ?kind .
  OPTIONAL { ?n rdfs:label ?label }
}
"""

Value = str | int | float | bool | None


@dataclass(frozen=True)
class Parameter:
    """A query parameter: its name, its default (whose type every given value takes) and what it means."""

    name: str
    default: str | int
    description: str

    def parse(self, text: str) -> str | int:
        """A value given as text (``--param name=text``), in the default's type."""
        if isinstance(self.default, int):
            try:
                return int(text)
            except ValueError:
                raise QueryError(f"parameter {self.name!r} takes an integer, not {text!r}") from None
        return text


@dataclass(frozen=True)
class NamedQuery:
    """One named question: what it answers, its parameters, and its SPARQL and Cypher text."""

    name: str
    answers: str
    parameters: tuple[Parameter, ...]
    sparql: str
    cypher: str
    strategy: str = "select"

    def arguments(self, given: Mapping[str, str | int] | None = None) -> dict[str, str | int]:
        """Every parameter's value: the given ones (text is converted), defaults for the rest."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(given or {}) - set(known))
        if unknown:
            accepted = ", ".join(known) or "none"
            raise QueryError(f"query {self.name!r} has no parameter {unknown[0]!r} (it takes: {accepted})")
        values: dict[str, str | int] = {p.name: p.default for p in self.parameters}
        for name, value in (given or {}).items():
            values[name] = known[name].parse(value) if isinstance(value, str) else value
        if LIMIT in values and (not isinstance(values[LIMIT], int) or values[LIMIT] < 0):
            raise QueryError(f"parameter 'limit' must be a whole number >= 0, not {values[LIMIT]!r}")
        return values


@dataclass(frozen=True)
class QueryResult:
    """An answer: column names and rows of plain Python values (str, int, float, bool, None, lists)."""

    columns: tuple[str, ...]
    rows: list[tuple]

    def records(self) -> list[dict[str, object]]:
        """The rows as dicts keyed by column, the shape `--format json` prints."""
        return [dict(zip(self.columns, row)) for row in self.rows]


def _query_files():
    return resources.files("kg").joinpath("data/queries")


def _header(text: str, comment: str) -> list[str]:
    """The comment lines a query file opens with, without their comment marker."""
    lines = []
    for line in text.splitlines():
        if not line.startswith(comment):
            break
        lines.append(line[len(comment):].strip())
    return lines


def _parse_header(name: str, suffix: str, text: str) -> tuple[str, tuple[Parameter, ...], str]:
    """(what it answers, parameters, strategy) from a file's header; a malformed header is a QueryError."""
    lines = _header(text, _COMMENT[suffix])
    where = f"{name}.{suffix}"
    if not lines or not lines[0]:
        raise QueryError(f"{where}: the first line must be a comment saying what the query answers")
    parameters: list[Parameter] = []
    strategy = "select"
    in_parameters = False
    for line in lines[1:]:
        if line.startswith("Parameters:"):
            in_parameters = line != "Parameters: none"
            continue
        match = _STRATEGY_LINE.fullmatch(line)
        if match:
            strategy = match["strategy"]
            if strategy not in _STRATEGIES:
                raise QueryError(f"{where}: unknown strategy {strategy!r} (known: {', '.join(_STRATEGIES)})")
            continue
        if in_parameters:
            match = _PARAMETER_LINE.fullmatch(line)
            if match is None:
                in_parameters = False
                continue
            default = match["default"]
            parameters.append(Parameter(match["name"], default[1:-1] if default.startswith('"') else int(default),
                                        match["description"]))
    return lines[0], tuple(parameters), strategy


def _load(name: str) -> NamedQuery:
    folder = _query_files()
    sparql = folder.joinpath(f"{name}.rq").read_text(encoding="utf-8")
    try:
        cypher = folder.joinpath(f"{name}.cypher").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"{name}.rq has no {name}.cypher beside it") from None
    answers, parameters, strategy = _parse_header(name, "rq", sparql)
    if _parse_header(name, "cypher", cypher)[:2] != (answers, parameters):
        raise QueryError(f"{name}.rq and {name}.cypher describe different questions or parameters")
    return NamedQuery(name, answers, parameters, sparql, cypher, strategy)


def named_queries() -> dict[str, NamedQuery]:
    """Every named question shipped with kg, by name, in name order."""
    names = sorted(entry.name[: -len(".rq")] for entry in _query_files().iterdir() if entry.name.endswith(".rq"))
    return {name: _load(name) for name in names}


def named_query(name: str) -> NamedQuery:
    """One named question; an unknown name lists the known ones.

    >>> query = named_query("most_used_methods")
    >>> query.answers
    'Most used methods: methods ranked by how many papers use them.'
    >>> query.arguments({"limit": "3"})
    {'limit': 3}
    """
    if not re.fullmatch(r"[a-z0-9_]+", name) or not _query_files().joinpath(f"{name}.rq").is_file():
        known = ", ".join(named_queries())
        raise QueryError(f"no query named {name!r} (known: {known}; `kg query --list` says what each answers)")
    return _load(name)


def rdf_store(graph: nx.MultiDiGraph) -> ox.Store:
    """An in-memory pyoxigraph store holding exactly kg's RDF export of `graph`."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in generate_triples(graph, terms=OXIGRAPH_TERMS))
    return store


def _term(value: object) -> ox.Literal:
    if isinstance(value, (bool, int, float, str)):
        return ox.Literal(value)
    raise QueryError(f"a SPARQL parameter must be text or a number, not {type(value).__name__}")


def _one_line(exc: Exception, width: int = 300) -> str:
    """An engine's error message as one line, cut to `width`: kg prints errors in one line."""
    text = " ".join(str(exc).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _python(term: object) -> Value:
    """A SPARQL answer term as a plain value: numbers and booleans typed, IRIs and other literals as text."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype in _REAL_TYPES:
                return float(term.value)
        except ValueError:
            return term.value
        if datatype == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value  # NamedNode


def run_sparql(store: ox.Store, text: str, bindings: Mapping[str, object] | None = None, *,
               limit: int | None = None, hidden: Iterable[str] = ()) -> QueryResult:
    """Answer a SPARQL SELECT on `store`; `bindings` fill variables, `hidden` columns are left out."""
    substitutions = {ox.Variable(name): _term(value) for name, value in (bindings or {}).items()}
    try:
        solutions = store.query(text, substitutions=substitutions)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {_one_line(exc)}") from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"SPARQL query failed: {_one_line(exc)}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("kg query answers SELECT queries only (not ASK, CONSTRUCT or DESCRIBE)")
    hidden = set(hidden)
    columns = tuple(v.value for v in solutions.variables if v.value not in hidden)
    try:
        rows = [tuple(_python(solution[c]) for c in columns) for solution in itertools.islice(solutions, limit)]
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"SPARQL query failed: {_one_line(exc)}") from None
    return QueryResult(columns, rows)


def run_named_sparql(query: NamedQuery, store: ox.Store, given: Mapping[str, str | int] | None = None) -> QueryResult:
    """Answer a named question in SPARQL with its parameters (defaults for those not given)."""
    values = query.arguments(given)
    limit = values.pop(LIMIT, None)
    if query.strategy == "breadth-first":
        return _shortest_path(store, query, values)
    return run_sparql(store, query.sparql, values, limit=limit, hidden=values)


def _shortest_path(store: ox.Store, query: NamedQuery, values: Mapping[str, object]) -> QueryResult:
    """The path the endpoints query asks for: breadth-first search driven by one SPARQL query per node.

    Distances are counted from the target until the source is reached; the walk back
    from the source then takes the smallest-id neighbour one step closer each time, so
    of all shortest paths it returns the first in id order (as the Cypher file does).
    """
    columns = ("step", "node", "kind", "label")
    endpoints = run_sparql(store, query.sparql, values, hidden=values)
    if not endpoints.rows:
        return QueryResult(columns, [])
    row = dict(zip(endpoints.columns, endpoints.rows[0]))
    source, target = ox.NamedNode(row["s"]), ox.NamedNode(row["t"])
    distance = {target: 0}
    frontier = [target]
    while source not in distance and frontier:
        reached = []
        for node in frontier:
            for next_node, _ in _neighbours(store, node):
                if next_node not in distance:
                    distance[next_node] = distance[node] + 1
                    reached.append(next_node)
        frontier = reached
    if source not in distance:
        return QueryResult(columns, [])
    path = [source]
    while path[-1] != target:
        closer = [(node_id, node) for node, node_id in _neighbours(store, path[-1])
                  if distance.get(node) == distance[path[-1]] - 1]
        path.append(min(closer)[1])
    return QueryResult(columns, [(step, *_describe(store, node)) for step, node in enumerate(path)])


def _neighbours(store: ox.Store, node: ox.NamedNode) -> list[tuple[ox.NamedNode, str]]:
    return [(solution["next"], solution["id"].value)
            for solution in store.query(_NEIGHBOURS, substitutions={ox.Variable("node"): node})]


def _describe(store: ox.Store, node: ox.NamedNode) -> tuple[Value, Value, Value]:
    solution = next(iter(store.query(_DESCRIPTION, substitutions={ox.Variable("n"): node})))
    return _python(solution["node"]), _python(solution["kind"]), _python(solution["label"])


def run_cypher(driver, text: str, parameters: Mapping[str, object] | None = None, *,
               database: str | None = None) -> QueryResult:
    """Answer a Cypher query through `driver` (a `neo4j.Driver`) in a read transaction, values as parameters."""
    from neo4j import READ_ACCESS
    from neo4j.exceptions import DriverError, Neo4jError

    def read(tx):
        result = tx.run(text, dict(parameters or {}))
        return tuple(result.keys()), [tuple(record.values()) for record in result]

    try:
        driver.verify_connectivity()  # fails at once, where a transaction would retry for 30 s
        with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
            columns, rows = session.execute_read(read)
    except (DriverError, Neo4jError, OSError) as exc:
        raise QueryError(f"Cypher query failed: {_one_line(exc)}") from None
    return QueryResult(columns, rows)


def run_named_cypher(query: NamedQuery, driver, given: Mapping[str, str | int] | None = None, *,
                     database: str | None = None) -> QueryResult:
    """Answer a named question in Cypher with its parameters (defaults for those not given)."""
    return run_cypher(driver, query.cypher, query.arguments(given), database=database)
