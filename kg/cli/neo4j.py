"""`kg neo4j start` and `kg neo4j load`: a local Neo4j for users without one, and loading into any Neo4j."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

__all__ = ["connect_from_environment", "register"]


@click.group("neo4j")
def neo4j_group() -> None:
    """Run a local Neo4j (needs Java 17+ and Maven) or load the graph into a Neo4j over Bolt."""


@neo4j_group.command("start")
@click.option("--port", type=int, help="Bolt port on 127.0.0.1 (default: a free one).")
@click.option("--browser", is_flag=True, help="Also serve Neo4j Browser over HTTP on 127.0.0.1.")
@click.option("--http-port", type=int, help="HTTP port for --browser (default: a free one).")
@click.option("--home", type=click.Path(file_okay=False, path_type=Path),
              help="Folder that keeps the server's data between runs (default: a temporary one, removed on exit).")
@click.option("--import", "import_folder", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="A neo4j/ export (kg build writes one): bulk-import it with neo4j-admin first. "
                   "Replaces the home's database; much faster than kg neo4j load for a whole graph.")
def start_command(port: int | None, browser: bool, http_port: int | None, home: Path | None,
                  import_folder: Path | None) -> None:
    """Start a local Neo4j Community server and keep it running until Ctrl-C.

    The first run downloads the server's jars from Maven Central into ~/.cache/kg. On
    Linux the server also stops when kg is killed outright.
    """
    from kg.neo4j_server import Neo4jServerError, running

    click.echo("importing, then starting Neo4j..." if import_folder else "starting Neo4j...", err=True)
    signal.signal(signal.SIGTERM, _exit_once)
    with running(home, port=port, browser=browser, http_port=http_port, import_folder=import_folder) as server:
        click.echo(f"Bolt:    {server.uri}   (no authentication; load with: kg neo4j load --uri {server.uri} --db ...)")
        if server.browser_url:
            click.echo(f"Browser: {server.browser_url}")
        click.echo(f"Import:  {server.import_dir}   (LOAD CSV reads file:///NAME from here)")
        click.echo("Press Ctrl-C to stop.", err=True)
        try:
            code = server.process.wait()
        except KeyboardInterrupt:
            click.echo("stopping Neo4j...", err=True)
            return
    raise Neo4jServerError(f"Neo4j stopped by itself with exit code {code}; its logs are in {server.home / 'logs'}")


def _exit_once(*_) -> None:
    """On SIGTERM, unwind as Ctrl-C does so the server is stopped, not orphaned; ignore repeats meanwhile."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    sys.exit(0)


@neo4j_group.command("fetch")
@click.option("--browser", is_flag=True, help="Also fetch Neo4j Browser.")
@click.option("--shell", is_flag=True, help="Also fetch cypher-shell.")
def fetch_command(browser: bool, shell: bool) -> None:
    """Download the local server's jars from Maven Central now (once), e.g. before going offline or in CI."""
    from kg.neo4j_server import fetch_jars

    click.echo(f"Neo4j jars in {fetch_jars(browser=browser, shell=shell)}")


@neo4j_group.command("load")
@click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="Workspace file.")
@click.option("--uri", required=True, help="Bolt URI of the server, e.g. bolt://127.0.0.1:7687.")
@click.option("--database", help="Database name (default: the server's default database).")
@click.option("--wipe", is_flag=True, help="First delete the nodes with kg's labels (nothing else).")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Rows per transaction (default: the loader's, 5000).")
def load_command(db: Path, uri: str, database: str | None, wipe: bool, batch_size: int | None) -> None:
    """Load the workspace's analysed graph into Neo4j: schema, then batched MERGEs; safe to repeat.

    Each batch is one transaction, retried on transient errors. If the load still fails,
    running the same command again resumes it: batches already committed are skipped.
    Credentials come from NEO4J_USER and NEO4J_PASSWORD, or from a prompt when the server
    asks for them; never from the command line, where `ps` would show them.
    """
    from kg.exporters.neo4j_bolt import BATCH_SIZE, load
    from kg.pipeline import load_graph

    graph = load_graph(db)
    driver = connect_from_environment(uri)
    with driver:
        report = load(graph, driver, database=database, wipe_first=wipe, batch_size=batch_size or BATCH_SIZE,
                      on_batch=_print_progress)
    click.echo(str(report))


def _print_progress(done: int, total: int) -> None:
    """A line on stderr at every tenth of the batches, so a long load shows it is moving."""
    if done == total or done * 10 // total > (done - 1) * 10 // total:
        click.echo(f"neo4j: {done}/{total} batches ({done * 100 // total}%)", err=True)


def connect_from_environment(uri: str):
    """A verified driver for `uri`, shared by every command that talks to a Neo4j, so all behave alike.

    Credentials come from NEO4J_USER / NEO4J_PASSWORD (the password prompted for if only
    the user is set), or none; a server that refuses gets one prompt. An unreachable server
    is one `Neo4jLoadError` line naming the URI.
    """
    from kg.exporters.neo4j_bolt import Neo4jAuthError, connect

    user, password = os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD")
    if user or password:
        return connect(uri, (user or "neo4j", password or click.prompt("Neo4j password", hide_input=True)))
    try:
        return connect(uri)
    except Neo4jAuthError:
        user = click.prompt("Neo4j user", default="neo4j")
        return connect(uri, (user, click.prompt("Neo4j password", hide_input=True)))


def register(group: click.Group) -> None:
    group.add_command(neo4j_group)
