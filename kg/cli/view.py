"""`kg view`: open the interactive graph viewer in the user's web browser."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import click

_existing_file = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.command("view")
@click.argument("page", metavar="[FILE.html]", required=False, type=_existing_file)
@click.option("--db", type=_existing_file, help="Workspace to draw; its viewer is written first.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the viewer of --db (default: graph.html beside the workspace).")
@click.option("--max-nodes", type=click.IntRange(min=1),
              help="Draw at most this many of the most central nodes (default: 3000).")
def view_command(page: Path | None, db: Path | None, out: Path | None, max_nodes: int | None) -> None:
    """Open FILE.html, or the viewer of the workspace --db, in your web browser."""
    if (page is None) == (db is None):
        raise click.UsageError("give either FILE.html or --db PATH")
    if page is None:
        from kg.exporters import export
        from kg.pipeline import load_graph

        options = {"max_nodes": max_nodes} if max_nodes else {}
        (page,) = export(load_graph(db), "html", out or db.with_name("graph.html"), **options)
        click.echo(f"wrote {page}")
    elif out or max_nodes:
        raise click.UsageError("--out and --max-nodes apply only with --db")
    uri = page.resolve().as_uri()
    if webbrowser.open(uri):
        click.echo(f"opened {uri}")
    else:
        click.echo(f"no web browser found; open {uri}")


def register(group: click.Group) -> None:
    group.add_command(view_command)
