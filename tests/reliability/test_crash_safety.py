"""SIGKILL `kg ingest` at random points: the workspace is always a committed prefix, and resumes.

Each kill is aimed with a seeded random target (how many more files must be committed,
then a random delay of up to two files' time, measured on an uninterrupted run) so kills
land throughout the run whatever the machine's speed:
during start-up, between and inside file transactions, and during resolve. Kills are
chained on one workspace, as a user would re-run a crashed ingest, until a re-run gets
to the end; then a new chain starts. Every finished workspace must equal one built by a
single uninterrupted run.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from contextlib import closing
from pathlib import Path

import pytest

from kg.model import Failed, Record
from kg.sources import iter_files, read_path
from kg.store import Workspace

pytestmark = pytest.mark.slow

FILES = 36
ENTRIES = 6
KILLS = 24
#: files committed between kills, at most; a chain of kills covers the corpus in about four.
KILL_STRIDE = 10
SEED = int(os.environ.get("KG_CRASH_SEED", "20261127"))

_ARTIFACTS = ("ImageNet", "CIFAR-10", "BERT", "the Transformer", "COCO", "ResNet", "SQuAD", "Adam")

#: the tables whose rows define a workspace's content, with columns that legitimately vary (times).
_COMPARED = {
    "sources": "id, path, sha256, format, records, failed",
    "papers": "*",
    "paper_keys": "*",
    "occurrences": "*",
    "facts": "*",
    "failures": "path, line, reason",
    "entities": "*",
    "relations": "*",
    "meta": "*",
}


def _entry(number: int) -> list[str]:
    """One listing entry; numbers repeat across files so papers merge from several listings."""
    used = _ARTIFACTS[number % len(_ARTIFACTS)]
    also = _ARTIFACTS[(number * 3 + 1) % len(_ARTIFACTS)]
    return [
        f"Model{number}: Scaling Study Number {number}",
        f"We propose Model{number}Net, a network for study {number}. We train it on {used} and compare it "
        f"with {also}, which it outperforms. Code: https://github.com/lab{number % 5}/model{number}.",
        f"  \u2022 {number % 9 + 1} authors",
        "\u00b7",
        f"Mar {number % 28 + 1}, 2024 {number}",
    ]


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for index in range(FILES):
        lines = ["Get trending papers in your email inbox!", "Subscribe", f"Mar {index % 28 + 1}"]
        for slot in range(ENTRIES):
            lines += _entry((index * ENTRIES + slot) % int(FILES * ENTRIES * 0.8))
        if index % 7 == 3:
            lines += ["A Title Whose Abstract Went Missing", "  \u2022 3 authors", "\u00b7", "Mar 1, 2024"]
        (folder / f"listing-{index:03d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "listings"
    _write_corpus(folder)
    return folder


def _finish(process: subprocess.Popen) -> None:
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()


def _ingest(kg_script: Path, corpus: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([str(kg_script), "ingest", str(corpus), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def _committed_sources(db: Path) -> int:
    """Files committed so far, read the way any other process would (WAL allows it)."""
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)) as con:
            return con.execute("SELECT count(*) FROM sources").fetchone()[0]
    except sqlite3.Error:
        return 0


def _kill_at_random_point(process: subprocess.Popen, db: Path, rng: random.Random, per_file: float) -> None:
    """Kill once a random number more files are committed (0 more: start-up), plus up to two files' time."""
    target = _committed_sources(db) + rng.randint(0, KILL_STRIDE)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline and _committed_sources(db) < target:
        time.sleep(0.005)
    time.sleep(rng.uniform(0, 2 * per_file))
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _contents(db: Path) -> dict[str, list[tuple]]:
    with Workspace(db, create=False) as workspace:
        return {table: sorted(workspace.db.execute(f"SELECT {columns} FROM {table}").fetchall(), key=repr)
                for table, columns in _COMPARED.items()}


def _assert_same_contents(got: dict[str, list[tuple]], wanted: dict[str, list[tuple]]) -> None:
    for table, rows in wanted.items():
        if got[table] != rows:
            missing, extra = sorted(set(rows) - set(got[table]))[:3], sorted(set(got[table]) - set(rows))[:3]
            pytest.fail(f"{table} differs from an uninterrupted run: missing {missing}, extra {extra}")


def _expected_records(corpus: Path) -> dict[str, tuple[int, int]]:
    counts = {}
    for path in iter_files([corpus]):
        outcomes = list(read_path(path))
        counts[str(path)] = (sum(isinstance(o, Record) for o in outcomes), sum(isinstance(o, Failed) for o in outcomes))
    return counts


def _assert_committed_prefix(db: Path, expected: dict[str, tuple[int, int]]) -> str:
    """The workspace opens, is intact, and holds whole files: exactly the first few in order.

    Returns where the kill landed: before any file, during ingest, before resolve
    finished, or after the run was done.
    """
    if not db.exists():
        return "start-up"
    with Workspace(db, create=False) as workspace:
        assert workspace.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = workspace.db.execute("SELECT id, path, records, failed FROM sources ORDER BY id").fetchall()
        assert [path for _, path, *_ in stored] == list(expected)[: len(stored)]
        occurrences = dict(workspace.db.execute("SELECT source_id, count(*) FROM occurrences GROUP BY source_id"))
        failures = dict(workspace.db.execute("SELECT path, count(*) FROM failures GROUP BY path"))
        for source_id, path, records, failed in stored:
            assert (records, failed) == expected[path]
            assert (occurrences.get(source_id, 0), failures.get(path, 0)) == expected[path]
        orphans = workspace.db.execute(
            "SELECT count(*) FROM papers WHERE id NOT IN (SELECT paper_id FROM occurrences)").fetchone()[0]
        assert orphans == 0
        if not stored:
            return "start-up"
        if len(stored) < len(expected):
            return "ingest"
        return "resolve" if workspace.dirty else "done"


def test_sigkill_at_random_points_loses_nothing_and_resumes(corpus, kg_script, tmp_path):
    expected = _expected_records(corpus)
    assert len(expected) == FILES and sum(records for records, _ in expected.values()) == FILES * ENTRIES

    reference = tmp_path / "reference.db"
    started = time.monotonic()
    _finish(_ingest(kg_script, corpus, reference))
    per_file = (time.monotonic() - started) / FILES
    wanted = _contents(reference)
    assert wanted["relations"] and wanted["entities"] and wanted["failures"]

    rng = random.Random(SEED)
    phases: list[str] = []
    workspaces = []
    while len(phases) < KILLS:
        if not workspaces or phases[-1] == "done":  # that chain resumed to the end: start another
            workspaces.append(tmp_path / f"crashed-{len(workspaces)}.db")
        _kill_at_random_point(_ingest(kg_script, corpus, workspaces[-1]), workspaces[-1], rng, per_file)
        phases.append(_assert_committed_prefix(workspaces[-1], expected))
    _finish(_ingest(kg_script, corpus, workspaces[-1]))
    for db in workspaces:
        _assert_same_contents(_contents(db), wanted)
    assert phases.count("ingest") >= KILLS // 3, f"kills did not land during ingest: {phases}"


def test_sigkill_during_a_strict_ingest_commits_nothing_or_everything(corpus, kg_script, tmp_path):
    """`--strict` is one transaction: a kill at any point leaves no source, or the finished run.

    Kill times are spread over the duration of an uninterrupted strict run on this machine.
    """
    expected = _expected_records(corpus)
    clean = tmp_path / "clean"
    clean.mkdir()
    for path in expected:  # strict would stop at the entries with no abstract; keep only whole files
        if expected[path][1] == 0:
            (clean / Path(path).name).write_bytes(Path(path).read_bytes())

    def strict_ingest(db: Path) -> subprocess.Popen:
        return subprocess.Popen([str(kg_script), "ingest", str(clean), "--db", str(db), "--strict"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)

    started = time.monotonic()
    _finish(strict_ingest(tmp_path / "whole.db"))
    duration = time.monotonic() - started
    whole = len(list(clean.iterdir()))
    assert _committed_sources(tmp_path / "whole.db") == whole

    rng = random.Random(SEED)
    for run in range(4):
        db = tmp_path / f"strict-{run}.db"
        process = strict_ingest(db)
        time.sleep(rng.uniform(0.3, 0.9) * duration)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        if db.exists():
            with Workspace(db, create=False) as workspace:
                assert workspace.db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
                stored = workspace.db.execute("SELECT count(*) FROM sources").fetchone()[0]
            assert stored in (0, whole)
