"""`kg neo4j load` on a real workspace into the real server, and its command-line contract."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from neo4j import GraphDatabase
from neo4j.exceptions import ServiceUnavailable

import kg
import kg.neo4j_server
from kg.cli import cli
from kg.exporters.neo4j_schema import LABELS
from kg.pipeline import ingest, load_graph
from kg.store import Workspace

#: one worker runs them all under `pytest -n --dist loadgroup`, so a run starts one server.
pytestmark = [pytest.mark.neo4j, pytest.mark.xdist_group("neo4j")]

EXAMPLE = Path(kg.__file__).parent / "data" / "example" / "daily_papers.txt"


@pytest.fixture(scope="module")
def workspace_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("workspace") / "kg.db"
    with Workspace(path) as workspace:
        ingest([EXAMPLE], workspace)
    return path


@pytest.fixture
def runner(monkeypatch) -> CliRunner:
    for name in ("NEO4J_USER", "NEO4J_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return CliRunner()


def credentials(db) -> dict[str, str]:
    return {"NEO4J_USER": db.auth[0], "NEO4J_PASSWORD": db.auth[1]} if db.auth else {}


def test_load_writes_the_analysed_workspace_graph(runner, db, workspace_file, snapshot):
    graph = load_graph(workspace_file)
    result = runner.invoke(cli, ["neo4j", "load", "--db", str(workspace_file), "--uri", db.uri], env=credentials(db))
    assert result.exit_code == 0, result.output
    assert f"{graph.number_of_nodes()} nodes" in result.output and "relationships/s" in result.output
    assert "batches (100%)" in result.output  # progress, on stderr
    got = snapshot(db.driver)
    assert sum(got.types.values()) == graph.number_of_edges()
    assert len(got.nodes) == graph.number_of_nodes()
    paper = next(props for node, props in got.nodes.items() if node.startswith("paper:"))
    assert {"pagerank", "community", "title"} <= set(paper)


def test_load_again_with_wipe_keeps_the_counts(runner, db, workspace_file, snapshot):
    arguments = ["neo4j", "load", "--db", str(workspace_file), "--uri", db.uri]
    assert runner.invoke(cli, arguments, env=credentials(db)).exit_code == 0
    first = snapshot(db.driver)
    result = runner.invoke(cli, [*arguments, "--wipe"], env=credentials(db))
    assert result.exit_code == 0, result.output
    again = snapshot(db.driver)
    assert (again.labels, again.types) == (first.labels, first.types)
    assert set(again.labels) <= set(LABELS.values())


def test_passwords_are_not_options(runner, workspace_file):
    result = runner.invoke(cli, ["neo4j", "load", "--db", str(workspace_file), "--uri", "bolt://x",
                                 "--password", "secret"])
    assert result.exit_code == 2 and "No such option" in result.output


def test_unreachable_server_is_one_line(runner, workspace_file):
    from kg.neo4j_server import free_port

    uri = f"bolt://127.0.0.1:{free_port()}"
    result = runner.invoke(cli, ["neo4j", "load", "--db", str(workspace_file), "--uri", uri])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: Neo4j at {uri} does not answer: ")
    assert result.output.count("\n") == 1 and "Connection refused" in result.output


def test_fetch_reports_the_cache(runner, neo4j):
    if neo4j.server is None:
        pytest.skip("NEO4J_URI points at an external server")
    result = runner.invoke(cli, ["neo4j", "fetch"])
    assert result.exit_code == 0 and result.output.strip().endswith(f"neo4j-{kg.neo4j_server.NEO4J_VERSION}")


def test_start_serves_bolt_and_browser_until_terminated(neo4j):
    """The command a user runs: Bolt and Browser answer; SIGTERM stops the server and removes its temporary home."""
    if neo4j.server is None:
        pytest.skip("NEO4J_URI points at an external server; the local one is not in use")
    process = subprocess.Popen([sys.executable, "-m", "kg", "neo4j", "start", "--browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        shown = dict(line.split(":", 1) for line in (process.stdout.readline() for _ in range(3)))
        bolt, browser = shown["Bolt"].split()[0], shown["Browser"].strip()
        home = Path(shown["Import"].split()[0]).parent
        with urllib.request.urlopen(browser, timeout=30) as page:
            assert "<title>Neo4j Browser</title>" in page.read().decode()
        with GraphDatabase.driver(bolt, auth=None) as driver:
            driver.verify_connectivity()
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=120) == 0
        process.stdout.close()
    with GraphDatabase.driver(bolt, auth=None) as driver, pytest.raises(ServiceUnavailable):
        driver.verify_connectivity()
    assert not home.exists()  # the temporary home goes with the server


def _alive(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting to be reaped has already stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal is Linux's")
def test_server_dies_with_a_killed_start(neo4j):
    """SIGKILL gives `kg neo4j start` no chance to stop its server: the kernel's parent-death signal must."""
    if neo4j.server is None:
        pytest.skip("NEO4J_URI points at an external server; the local one is not in use")
    process = subprocess.Popen([sys.executable, "-m", "kg", "neo4j", "start"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    shown = dict(line.split(":", 1) for line in (process.stdout.readline() for _ in range(2)))
    process.stdout.close()
    home = Path(shown["Import"].split()[0]).parent
    children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    assert len(children) == 1
    java = int(children[0])
    try:
        assert _alive(java)
        process.kill()
        process.wait(timeout=10)
        deadline = time.monotonic() + 60
        while _alive(java) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(java)
    finally:
        if _alive(java):
            os.kill(java, signal.SIGKILL)
        shutil.rmtree(home, ignore_errors=True)  # the killed kg could not remove its temporary home
