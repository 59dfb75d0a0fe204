"""The `neo4j/` export loaded three ways into a real Neo4j gives what the Bolt loader gives.

- `import.cypher` (LOAD CSV from the server's import folder), run statement by statement
  through the driver;
- `load.cypherl`, run by the real cypher-shell (`org.neo4j:cypher-shell` from Maven Central);
- the CSV files, bulk-loaded by neo4j-admin (`database import full @import.args`) into a
  second home while no server runs on it, which is then started to be read.

The graph is the hostile one: every text field is made to break quoting and escaping, and
its arrays force the export's last-resort array delimiter.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from neo4j import GraphDatabase

from kg.exporters.neo4j_bolt import load, wipe
from kg.exporters.neo4j_files import export
from kg.exporters.neo4j_schema import LABELS
from kg.neo4j_server import Neo4jServerError, bulk_import, cypher_shell_command, running

#: one worker runs them all under `pytest -n --dist loadgroup`, so a run starts one server.
pytestmark = [pytest.mark.neo4j, pytest.mark.xdist_group("neo4j")]


@pytest.fixture
def reference(db, hostile_graph, snapshot, tmp_path):
    """What the Bolt loader writes for the hostile graph, and the graph's export folder; the database is left empty."""
    load(hostile_graph, db.driver)
    expected = snapshot(db.driver)
    wipe(db.driver)
    assert snapshot(db.driver).nodes == {}
    folder = tmp_path / "neo4j"
    export(hostile_graph, folder, batch_size=4)
    return expected, folder


def statements(path) -> list[str]:
    """The statements of a one-statement-per-line script, without its comment lines."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line and not line.startswith("//")]


def test_load_csv_script_matches_bolt(db, reference, import_dir, snapshot):
    expected, folder = reference
    for csv_file in folder.glob("*.csv"):
        shutil.copy(csv_file, import_dir / csv_file.name)
    with db.driver.session() as session:  # auto-commit, as CALL ... IN TRANSACTIONS requires
        for statement in statements(folder / "import.cypher"):
            session.run(statement).consume()
    assert snapshot(db.driver) == expected


def test_cypher_shell_script_matches_bolt(db, reference, snapshot):
    expected, folder = reference
    environment = os.environ.copy()
    if db.auth:
        environment |= {"NEO4J_USERNAME": db.auth[0], "NEO4J_PASSWORD": db.auth[1]}
    command = cypher_shell_command(db.uri) + ["--fail-fast", "-f", str(folder / "load.cypherl")]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(db.driver) == expected


def test_bulk_import_matches_bolt(neo4j, reference, tmp_path, snapshot):
    """`start(import_folder=...)`, what `kg neo4j start --import` runs: neo4j-admin, then kg's schema."""
    expected, folder = reference
    if neo4j.server is None:
        pytest.skip("neo4j-admin runs only with the local server's jars; NEO4J_URI points elsewhere")
    with running(tmp_path / "admin-home", import_folder=folder) as server, \
            GraphDatabase.driver(server.uri, auth=None) as driver:
        assert snapshot(driver) == expected
        constraints = {r["name"] for r in driver.execute_query("SHOW CONSTRAINTS YIELD name").records}
        assert {f"kg_{label.lower()}_id" for label in LABELS.values()} <= constraints


def test_bulk_import_needs_an_export_folder(tmp_path):
    with pytest.raises(Neo4jServerError, match="has no import.args"):
        bulk_import(tmp_path, tmp_path / "home")
