"""`kg build`, `kg demo` and `kg ingest`: from listing files to a workspace and its exports."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from kg.exporters import BUILD_FORMATS, DEFAULT_FILES
from kg.pipeline import EXAMPLE, IngestReport, Progress, build, ingest
from kg.sources import SOURCES, iter_files
from kg.store import Workspace

_SHOWN_PROBLEMS = 10


@contextmanager
def _progress(paths: tuple[str, ...] | list[Path], label: str) -> Iterator[tuple[list[Path], Progress]]:
    """The files under `paths`, listed once, and a progress bar over them on standard error.

    Callers hand the listed files to the pipeline, so folders are walked only once.
    """
    files = list(iter_files(paths))
    with click.progressbar(length=len(files), label=label, file=sys.stderr,
                           item_show_func=lambda p: p.name if p else "") as bar:
        yield files, lambda path, _records: bar.update(1, path)


def _print_ingest(report: IngestReport) -> None:
    """Summary lines; every problem as `path:line: reason`, the first few in full."""
    click.echo(f"read {report.records} records from {len(report.files)} files"
               + (f" ({len(report.unchanged)} unchanged files skipped)" if report.unchanged else ""), err=True)
    problems = [str(e) for e in report.skipped_files] + [str(f) for f in report.failed_records]
    if problems:
        click.echo(f"skipped {len(report.skipped_files)} files and {len(report.failed_records)} records:", err=True)
        for line in problems[:_SHOWN_PROBLEMS]:
            click.echo(f"  {line}", err=True)
        if len(problems) > _SHOWN_PROBLEMS:
            click.echo(f"  ... and {len(problems) - _SHOWN_PROBLEMS} more (kg stats --db shows them all)", err=True)


def _build(paths: tuple[str, ...] | list[Path], out: Path, db: Path | None, strict: bool,
           workers: int | None = 1, dask: str | None = None, mapping: dict[str, str] | None = None,
           formats: tuple[str, ...] = BUILD_FORMATS) -> None:
    with _progress(paths, "reading") as (files, progress):
        report = build(files, out, db=db, strict=strict, progress=progress, workers=workers, dask=dask,
                       mapping=mapping, formats=formats)
    _print_ingest(report.ingest)
    graph = report.graph
    click.echo(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    for path in report.written:
        click.echo(f"wrote {path}")


_out_option = click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("exports"),
                           show_default=True, help="Folder for the exports.")
_db_option = click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
                          help="Workspace file (default: OUT/kg.db).")
_strict_option = click.option("--strict", is_flag=True, help="Fail on the first bad file or record; store nothing.")


def _parse_formats(ctx: click.Context, param: click.Parameter, text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(DEFAULT_FILES if text == "all" else (n.strip() for n in text.split(",") if n.strip())))
    unknown = [name for name in names if name not in DEFAULT_FILES]
    if unknown or not names:
        raise click.BadParameter(f"{', '.join(unknown) or 'nothing'}: choose from {', '.join(DEFAULT_FILES)} or 'all'",
                                 ctx=ctx, param=param)
    return names


def _parse_mapping(ctx: click.Context, param: click.Parameter, pairs: tuple[str, ...]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise click.BadParameter(f"{pair!r} is not FIELD=COLUMN", ctx=ctx, param=param)
        mapping[field.strip()] = column.strip()
    return mapping or None


_map_option = click.option(
    "--map", "mapping", multiple=True, metavar="FIELD=COLUMN", callback=_parse_mapping,
    help="For CSV/JSON Lines tables: the column holding a field, e.g. --map title='Paper Title' "
         "(repeatable; a table whose header names no title needs --format tabular).",
)


def _where_options(command: Callable[..., None]) -> Callable[..., None]:
    """--workers and --dask: where extraction runs."""
    command = click.option(
        "--dask", metavar="tcp://SCHEDULER:8786",
        help="Run extraction on this Dask scheduler instead of local worker processes (pip install 'kg[dask]').",
    )(command)
    return click.option(
        "--workers", type=click.IntRange(min=1), default=None,
        help="Worker processes for extraction  [default: all cores].",
    )(command)


@click.command("build")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@_out_option
@_db_option
@_strict_option
@_where_options
@_map_option
@click.option("--formats", "formats", default=",".join(BUILD_FORMATS), show_default=True,
              callback=_parse_formats, help="Exports to write, comma-separated, or 'all'.")
def build_command(paths: tuple[str, ...], out: Path, db: Path | None, strict: bool,
                  workers: int | None, dask: str | None, mapping: dict[str, str] | None,
                  formats: tuple[str, ...]) -> None:
    """Read listing files and folders, analyse, and write every export to OUT.

    Writes papers.jsonl, graph.ttl, graph.jsonld, graph.graphml, neo4j/, graph.html and
    report.md, and keeps the workspace (kg.db) for later ingests, queries and exports.
    """
    _build(paths, out, db, strict, workers, dask, mapping, formats)


@click.command("demo")
@_out_option
@_db_option
def demo_command(out: Path, db: Path | None) -> None:
    """Build the sample listing shipped with kg (about 20 well-known papers)."""
    _build([EXAMPLE], out, db, strict=False)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Workspace file.")
@click.option("--format", "format_", type=click.Choice(sorted(SOURCES)),
              help="Skip detection: read every file as this.")
@_strict_option
@_where_options
@_map_option
def ingest_command(paths: tuple[str, ...], db: Path, format_: str | None, strict: bool,
                   workers: int | None, dask: str | None, mapping: dict[str, str] | None) -> None:
    """Add listing files to a workspace; files already ingested are skipped."""
    with Workspace(db) as workspace, _progress(paths, "reading") as (files, progress):
        report = ingest(files, workspace, format=format_, strict=strict, progress=progress,
                        workers=workers, dask=dask, mapping=mapping)
    _print_ingest(report)


def register(group: click.Group) -> None:
    for command in (build_command, demo_command, ingest_command):
        group.add_command(command)

