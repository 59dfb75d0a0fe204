"""A folder of good and bad files through the real CLI: bad ones skipped and named, good ones kept.

Runs both in-process (click's CliRunner, where an uncaught exception shows up as
`result.exception`) and as a real `kg` subprocess (where a traceback would reach the
user's terminal). `--strict` must fail on the first problem and store nothing.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import subprocess
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner, Result
from rdflib.namespace import DCTERMS

from kg.cli import cli

GOOD_FILES = 24


def _hf_api_json(titles: list[str]) -> str:
    return json.dumps([{"paper": {"id": f"2502.{i:05d}", "title": t, "summary": f"We propose API thing {i}."},
                        "publishedAt": "2025-02-03T00:00:00.000Z", "title": t, "numComments": 0}
                       for i, t in enumerate(titles)])


@pytest.fixture
def mixed_folder(tmp_path, write_listing, hostile_titles) -> tuple[Path, set[str], dict[str, str]]:
    """Good listings in several encodings and formats among bad files.

    Returns the folder, every title a good record holds, and bad file name -> what the
    summary must say about it.
    """
    folder = tmp_path / "inbox"
    titles: set[str] = set()
    encodings = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "utf-32"]
    for index in range(GOOD_FILES):
        file_titles = [f"{title} (listing {index})" for title in hostile_titles]
        write_listing(f"inbox/listing-{index:02d}.txt", file_titles, encodings[index % len(encodings)])
        titles.update(file_titles)
    western = [f"Café-Net für Müller, Señor Gödel {n}" for n in range(3)]
    write_listing("inbox/western.txt", western, "cp1252", bullet=False)
    plain = write_listing("plain.txt", [f"Packed {t}" for t in hostile_titles]).read_bytes()
    (folder / "packed.txt.gz").write_bytes(gzip.compress(plain))
    api_titles = [f"API {t}" for t in hostile_titles]
    truncated = _hf_api_json(api_titles)
    (folder / "truncated.json").write_text(truncated[: truncated.index('"2502.00004"')])
    titles.update(western + [f"Packed {t}" for t in hostile_titles] + api_titles[:4])

    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "notes.md").write_text("# Things to read\n\nSomething about graphs.\n")
    (folder / "late_nul.txt").write_bytes(plain + b"\x00")
    (folder / "one_line.txt").write_text("word " * 2_000_000)
    bad = {
        "photo.jpg": "photo.jpg:1: binary file",
        "empty.txt": "empty.txt: empty file",
        "notes.md": "notes.md: unknown format",
        "late_nul.txt": "late_nul.txt:",
        "one_line.txt": "one_line.txt: unknown format",
        "truncated.json": "truncated.json:",
    }
    return folder, titles, bad


def _stored_titles(db: Path) -> set[str]:
    with sqlite3.connect(db) as con:
        return {title for (title,) in con.execute("SELECT title FROM papers")}


def _stored_counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as con:
        return con.execute("SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM papers)").fetchone()


def _assert_clean_exit(result: Result, code: int) -> None:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output


def test_default_ingest_keeps_every_good_record_and_names_every_bad_file(mixed_folder, tmp_path):
    folder, titles, bad = mixed_folder
    db = tmp_path / "kg.db"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db)])
    _assert_clean_exit(result, 0)
    assert _stored_titles(db) == titles
    assert f"skipped {len(bad) - 1} files and " in result.stderr  # the truncated JSON is read in part
    for name, said in bad.items():
        assert str(folder / said.split(":")[0]) in result.stderr and said in result.stderr, name


@pytest.mark.parametrize("command", ["ingest", "build"])
def test_strict_fails_on_the_first_problem_in_one_line_and_stores_nothing(command, mixed_folder, tmp_path):
    folder, _, _ = mixed_folder
    db, out = tmp_path / "kg.db", tmp_path / "out"
    args = [command, str(folder), "--db", str(db), "--strict"] + (["--out", str(out)] if command == "build" else [])
    result = CliRunner().invoke(cli, args)
    _assert_clean_exit(result, 1)
    (error,) = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert error.startswith(f"Error: {folder}")
    assert not db.exists() or _stored_counts(db) == (0, 0)
    assert not out.exists() or not [p for p in out.iterdir() if p.name != db.name]


def test_a_real_kg_build_over_the_folder_never_shows_a_traceback(mixed_folder, kg_script, tmp_path):
    folder, titles, bad = mixed_folder
    out = tmp_path / "out"
    done = subprocess.run([str(kg_script), "build", str(folder), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert all(said in done.stderr for said in bad.values())

    cards = [json.loads(line) for line in (out / "papers.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {card["title"] for card in cards} == titles
    turtle = rdflib.Graph().parse(out / "graph.ttl", format="turtle")
    assert {str(title) for title in turtle.objects(None, DCTERMS.title)} >= titles
    graphml = nx.read_graphml(out / "graph.graphml")
    assert {data.get("title") for _, data in graphml.nodes(data=True)} >= titles


def test_a_real_kg_ingest_strict_prints_one_line(mixed_folder, kg_script, tmp_path):
    folder, _, _ = mixed_folder
    done = subprocess.run([str(kg_script), "ingest", str(folder), "--db", str(tmp_path / "kg.db"), "--strict"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("Error:")] == [
        done.stderr.strip().splitlines()[-1]]


def test_strict_rolls_back_good_files_already_read_when_a_later_record_is_bad(tmp_path, write_listing,
                                                                             hostile_titles):
    for index in range(5):
        write_listing(f"inbox/listing-{index}.txt", [f"{title} ({index})" for title in hostile_titles])
    broken = write_listing("inbox/zz-last.txt", ["A Good Entry"])
    broken.write_text(broken.read_text() + "\n\nA Title Whose Abstract Went Missing\n\n  \u2022 3 authors\n\n\u00b7\n\n"
                      "Mar 1, 2024\n")
    db = tmp_path / "kg.db"
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "inbox"), "--db", str(db), "--strict"])
    _assert_clean_exit(result, 1)
    assert f"Error: {broken}:" in result.stderr and "has no abstract" in result.stderr
    assert _stored_counts(db) == (0, 0)
    without = CliRunner().invoke(cli, ["ingest", str(tmp_path / "inbox"), "--db", str(db)])
    _assert_clean_exit(without, 0)
    assert _stored_counts(db) == (6, 5 * len(hostile_titles) + 1)


def test_every_skipped_file_can_be_found_after_the_summary_is_cut(tmp_path, write_listing):
    write_listing("inbox/good.txt", ["A Good Entry"])
    for index in range(14):
        (tmp_path / "inbox" / f"note-{index:02d}.md").write_text(f"# note {index}\n")
    db = tmp_path / "kg.db"
    ingested = CliRunner().invoke(cli, ["ingest", str(tmp_path / "inbox"), "--db", str(db)])
    _assert_clean_exit(ingested, 0)
    assert "kg stats --db shows them all" in ingested.stderr
    stats = CliRunner().invoke(cli, ["stats", "--db", str(db)])
    _assert_clean_exit(stats, 0)
    assert all(f"note-{index:02d}.md" in stats.output for index in range(14))


def test_a_file_name_with_a_newline_still_gives_one_line(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "bad\nname.md").write_text("# not a listing\n")
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "kg.db"), "--strict"])
    _assert_clean_exit(result, 1)
    assert result.stderr.strip().splitlines()[-1].startswith("Error: ")
    assert "name.md: unknown format" in result.stderr.strip().splitlines()[-1]


def test_re_ingesting_lists_each_skipped_file_once(tmp_path, write_listing):
    write_listing("inbox/good.txt", ["A Good Entry"])
    (tmp_path / "inbox" / "note.md").write_text("# not a listing\n")
    db = tmp_path / "kg.db"
    for _ in range(2):
        _assert_clean_exit(CliRunner().invoke(cli, ["ingest", str(tmp_path / "inbox"), "--db", str(db)]), 0)
    stats = CliRunner().invoke(cli, ["stats", "--db", str(db)])
    assert stats.output.count("note.md") == 1
