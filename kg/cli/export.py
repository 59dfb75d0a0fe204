"""`kg export` and `kg stats`: read an existing workspace."""

from __future__ import annotations

from pathlib import Path

import click

from kg.errors import place
from kg.exporters import EXPORTERS, RDF_FORMATS, export
from kg.pipeline import load_graph
from kg.store import Workspace

_db_option = click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
                          help="Workspace file.")


@click.command("export")
@click.argument("format_", metavar="FORMAT", type=click.Choice(sorted(EXPORTERS)))
@_db_option
@click.option("--out", type=click.Path(path_type=Path), required=True, help="File (or folder, for neo4j) to write.")
@click.option("--base-iri", help="Base of the IRIs in RDF exports.")
@click.option("--evidence", is_flag=True, help="Paper cards (jsonl) also say why each fact is there.")
def export_command(format_: str, db: Path, out: Path, base_iri: str | None, evidence: bool) -> None:
    """Write the workspace's graph, analysed, in one FORMAT."""
    if base_iri and format_ not in RDF_FORMATS:
        raise click.BadParameter(f"applies to the RDF formats only ({', '.join(sorted(RDF_FORMATS))})",
                                 param_hint="--base-iri")
    if evidence and format_ != "jsonl":
        raise click.BadParameter("applies to the paper cards (jsonl) only", param_hint="--evidence")
    options: dict[str, object] = {"base_iri": base_iri} if base_iri else {}
    if evidence:
        options["evidence"] = True
    for path in export(load_graph(db), format_, out, **options):
        click.echo(f"wrote {path}")


@click.command("stats")
@_db_option
def stats_command(db: Path) -> None:
    """Counts of what the workspace holds, and every record it could not read."""
    with Workspace(db, create=False) as workspace:
        counts = workspace.counts()
        failures = list(workspace.failures())
    for table in ("sources", "papers", "occurrences", "facts", "entities", "relations", "failures"):
        click.echo(f"{table:12} {counts[table]}")
    for title, group in (("entities", counts["by_entity"]), ("relations", counts["by_relation"])):
        click.echo(f"{title} by kind:")
        for kind, n in group.items():
            click.echo(f"  {kind:16} {n}")
    for row in failures:
        click.echo(f"failed: {place(row['path'], row['line'])}: {row['reason']}")


def register(group: click.Group) -> None:
    group.add_command(export_command)
    group.add_command(stats_command)
