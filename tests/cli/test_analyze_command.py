"""`kg analyze` from the user's side: a summary on the terminal, report.md and charts on disk."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.pipeline import EXAMPLE, ingest
from kg.store import Workspace


@pytest.fixture(scope="module")
def workspace_db(tmp_path_factory):
    """The bundled example ingested once into a workspace inside an `exports` folder."""
    db = tmp_path_factory.mktemp("exports") / "kg.db"
    with Workspace(db) as workspace:
        assert ingest([EXAMPLE], workspace).records > 0
    return db


def test_analyze_prints_a_summary_and_writes_the_report_beside_the_workspace(workspace_db):
    result = CliRunner().invoke(cli, ["analyze", "--db", str(workspace_db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("graph: ")
    assert lines[1].startswith("engine: networkx: ")
    assert any(line.startswith("communities: ") and "(louvain, seed 42), modularity " in line for line in lines)
    assert "top papers by PageRank:" in lines
    report = workspace_db.parent / "report.md"
    assert f"wrote {report}" in lines
    assert f"wrote {workspace_db.parent / 'report-degree-distribution.png'}" in lines
    assert report.read_text(encoding="utf-8").startswith("# Knowledge graph report\n")


def test_analyze_writes_where_out_says_with_the_chosen_options(workspace_db, tmp_path):
    out = tmp_path / "elsewhere"
    result = CliRunner().invoke(
        cli, ["analyze", "--db", str(workspace_db), "--out", str(out), "--communities", "leiden", "--seed", "3",
              "--engine", "igraph"],
    )
    assert result.exit_code == 0, result.output
    assert "(leiden, seed 3)" in result.output
    assert "engine: igraph: chosen by the caller" in result.output
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "Leiden on the same undirected graph, seed 3" in text


def test_analyze_of_a_missing_workspace_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["analyze", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_analyze_is_listed_in_help():
    assert "  analyze " in CliRunner().invoke(cli, ["--help"]).output
