"""`kg query`: ask a named question (or an ad hoc SPARQL / Cypher query) of a workspace or a Neo4j."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import click

from kg.cli.neo4j import connect_from_environment
from kg.queries import (
    QueryResult,
    named_queries,
    named_query,
    rdf_store,
    run_cypher,
    run_named_cypher,
    run_named_sparql,
    run_sparql,
)

#: widest cell the table format prints; json and csv keep every character.
_CELL_WIDTH = 60


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return " ".join(str(value).split())


def _table(result: QueryResult) -> str:
    cells = [[_cell(v) for v in row] for row in result.rows]
    cells = [[c if len(c) <= _CELL_WIDTH else c[: _CELL_WIDTH - 1] + "…" for c in row] for row in cells]
    widths = [max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(result.columns)]
    lines = ["  ".join(name.ljust(w) for name, w in zip(result.columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.append(f"({len(cells)} row{'' if len(cells) == 1 else 's'})")
    return "\n".join(lines)


def _csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(result.columns)
    writer.writerows([_cell(v) if isinstance(v, list) or v is None else v for v in row] for row in result.rows)
    return out.getvalue().rstrip("\n")


def _json(result: QueryResult) -> str:
    return json.dumps(result.records(), ensure_ascii=False, indent=1)


_FORMATS = {"table": _table, "json": _json, "csv": _csv}


def _parameters(pairs: tuple[str, ...]) -> dict[str, str]:
    given = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{pair!r} is not key=value", param_hint="--param")
        given[name.strip()] = value
    return given


def _store(db: Path, seed: int):
    from kg.pipeline import load_graph

    return rdf_store(load_graph(db, seed=seed))


def _list() -> None:
    queries = named_queries()
    width = max(map(len, queries))
    for name, query in queries.items():
        click.echo(f"{name.ljust(width)}  {query.answers}")


@click.command("query")
@click.argument("name", required=False)
@click.option("--list", "list_", is_flag=True, help="List the named queries, one a line: name, then what it answers.")
@click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Workspace file: SPARQL runs in memory on its RDF export.")
@click.option("--neo4j", "uri", metavar="URI",
              help="Run the Cypher instead, on this Neo4j (bolt://HOST:PORT; NEO4J_USER / NEO4J_PASSWORD).")
@click.option("--database", help="Neo4j database (default: the server's default).")
@click.option("--seed", type=int, default=42, show_default=True,
              help="Seed for communities and sampling when --db's graph is analysed (as kg analyze's).")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE",
              help="Set a parameter of the named query (repeatable); the others keep their defaults.")
@click.option("--sparql", metavar="QUERY", help="Ad hoc SPARQL SELECT to run on --db instead of a named query.")
@click.option("--cypher", metavar="QUERY", help="Ad hoc Cypher to run on --neo4j instead of a named query.")
@click.option("--format", "format_", type=click.Choice(sorted(_FORMATS)), default="table", show_default=True,
              help="table for people; json (a list of rows) and csv for programs.")
def query_command(name: str | None, list_: bool, db: Path | None, uri: str | None, database: str | None, seed: int,
                  params: tuple[str, ...], sparql: str | None, cypher: str | None, format_: str) -> None:
    """Answer the named question NAME (see --list), or an ad hoc --sparql / --cypher query."""
    if list_:
        _list()
        return
    chosen = [what for what, given in (("NAME", name), ("--sparql", sparql), ("--cypher", cypher)) if given]
    if len(chosen) != 1:
        raise click.UsageError("give one of NAME, --sparql or --cypher (or --list)")
    if params and not name:
        raise click.UsageError("--param sets parameters of a named query")
    if cypher is not None and not uri:
        raise click.UsageError("--cypher needs --neo4j URI")
    if sparql is not None and not db:
        raise click.UsageError("--sparql needs --db PATH")
    if name and bool(db) == bool(uri):
        raise click.UsageError("give --db PATH (SPARQL, in memory) or --neo4j URI (Cypher), one of them")
    given = _parameters(params)
    if sparql is not None:
        result = run_sparql(_store(db, seed), sparql)
    elif name and not uri:
        named = named_query(name)
        named.arguments(given)  # a wrong parameter fails before the workspace is loaded
        result = run_named_sparql(named, _store(db, seed), given)
    else:
        named = named_query(name) if cypher is None else None
        with connect_from_environment(uri) as driver:
            result = (run_cypher(driver, cypher, database=database) if named is None
                      else run_named_cypher(named, driver, given, database=database))
    click.echo(_FORMATS[format_](result))


def register(group: click.Group) -> None:
    group.add_command(query_command)
