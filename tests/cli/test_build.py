"""`kg build` / `kg ingest` from the user's side: outputs, idempotence, one-line errors."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.pipeline import EXAMPLE


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_help_lists_the_core_commands(runner):
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "demo", "ingest", "export", "stats"):
        assert f"  {command}" in result.output


def test_ingest_twice_changes_nothing(runner, tmp_path):
    db = tmp_path / "kg.db"
    first = runner.invoke(cli, ["ingest", str(EXAMPLE), "--db", str(db)])
    assert first.exit_code == 0, first.output
    tables = ("papers", "occurrences", "facts", "entities", "relations")

    def counts():
        with sqlite3.connect(db) as con:
            return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    before = counts()
    second = runner.invoke(cli, ["ingest", str(EXAMPLE), "--db", str(db)])
    assert second.exit_code == 0 and "1 unchanged files skipped" in second.output
    assert counts() == before and before["papers"] > 0


def test_a_bad_file_is_skipped_with_its_name_and_the_good_one_kept(runner, tmp_path):
    bad = tmp_path / "listing.bin"
    bad.write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(cli, ["ingest", str(EXAMPLE), str(bad), "--db", str(tmp_path / "kg.db")])
    assert result.exit_code == 0
    assert f"{bad}:1: binary file" in result.output
    assert "Traceback" not in result.output


def test_strict_fails_in_one_line_and_stores_nothing(runner, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("just some notes\nnothing like a listing\n")
    db = tmp_path / "kg.db"
    result = runner.invoke(cli, ["ingest", str(EXAMPLE), str(bad), "--db", str(db), "--strict"])
    assert result.exit_code == 1
    error_lines = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert error_lines == [f"Error: {bad}: unknown format (kg reads: " + error_lines[0].split("(kg reads: ")[1]]
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM papers").fetchone()[0] == 0


def test_not_a_workspace_is_one_line(runner, tmp_path):
    fake = tmp_path / "fake.db"
    fake.write_text("not sqlite " * 200)
    result = runner.invoke(cli, ["stats", "--db", str(fake)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [f"Error: {fake}: not a kg workspace (file is not a database)"]


def test_demo_writes_every_export(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(cli, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    cards = [json.loads(line) for line in (out / "papers.jsonl").read_text().splitlines()]
    assert len(cards) >= 15
    assert set(cards[0]) == {"id", "title", "authors_count", "org", "date", "upvotes",
                             "proposes", "datasets", "methods", "repos", "links"}
    assert (out / "kg.db").exists()


def test_map_names_the_columns_of_a_table(runner, tmp_path):
    table = tmp_path / "reading-list.csv"
    table.write_text("Name of the work,Blurb\nLoomformer,We introduce Loomformer and test it on ImageNet.\n")
    db = tmp_path / "kg.db"
    result = runner.invoke(cli, ["ingest", str(table), "--db", str(db), "--format", "tabular",
                                 "--map", "title=Name of the work", "--map", "abstract=Blurb"])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT title, abstract FROM papers").fetchall() == [
            ("Loomformer", "We introduce Loomformer and test it on ImageNet.")]
    bad = runner.invoke(cli, ["ingest", str(table), "--db", str(db), "--map", "title"])
    assert bad.exit_code == 2 and "FIELD=COLUMN" in bad.output
