"""A crash while writing an output never leaves a half-written file where a good one was.

Checked three ways: an exception inside `kg.atomic.atomic_write`; an exception halfway
through every registered exporter; and SIGKILL of a process mid-write, both of a bare
`atomic_write` and of a real `kg export`.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.atomic import atomic_write
from kg.cli import cli
from kg.exporters import EXPORTERS, export
from kg.pipeline import EXAMPLE

GOOD = "a good file from an earlier, finished run\n"


def _debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_an_exception_inside_atomic_write_keeps_the_old_file_and_no_debris(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text(GOOD)
    with pytest.raises(RuntimeError), atomic_write(target) as f:
        f.write("half of a new fi")
        raise RuntimeError("crash mid-write")
    assert target.read_text() == GOOD
    assert _debris(tmp_path) == []


def test_a_new_file_appears_only_complete(tmp_path):
    target = tmp_path / "new.bin"
    with atomic_write(target, "wb") as f:
        f.write(b"first half ")
        assert not target.exists()
        f.write(b"second half")
    assert target.read_bytes() == b"first half second half"


_WRITER = """
import sys, time
from kg.atomic import atomic_write
with atomic_write(sys.argv[1]) as f:
    f.write("half of a new file"); f.flush()
    print("writing", flush=True)
    time.sleep(60)
    f.write(" never reached")
"""


def test_sigkill_inside_atomic_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text(GOOD)
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, str(target)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline() == "writing\n"
    writer.send_signal(signal.SIGKILL)
    writer.communicate()
    assert target.read_text() == GOOD
    (leftover,) = _debris(tmp_path)  # a killed process cannot clean up; its file is hidden and unused
    assert leftover.startswith(".out.txt.")


class _Crash:
    """A value that crashes any writer that turns it into text."""

    def __str__(self) -> str:
        raise RuntimeError("crash while exporting")

    __repr__ = __format__ = __float__ = __int__ = __str__


@pytest.mark.parametrize("name", sorted(EXPORTERS))
def test_an_exporter_that_crashes_halfway_keeps_the_previous_export(name, tiny_graph, tmp_path):
    dest = tmp_path / f"export.{name}"
    export(tiny_graph, name, dest)
    before = {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()}
    assert before

    crashing = tiny_graph.copy()
    crashing.add_node("paper:t-ffffffffffff", kind="paper", label=_Crash(), title=_Crash(), abstract=_Crash(),
                      date=_Crash(), published=_Crash(), upvotes=None, authors_count=None, org=_Crash(),
                      arxiv_id=None, doi=None, sources=[_Crash()])
    crashing.add_edge("paper:t-ffffffffffff", "method:bert", key="uses_method", rel="uses_method",
                      confidence=1.0, rule="test", evidence=_Crash(), source="tiny.txt", field="abstract",
                      start=0, end=0, inferred=False, name=_Crash())
    with pytest.raises(Exception, match="crash while exporting|not JSON serializable|_Crash"):
        export(crashing, name, dest)
    after = {p: p.read_bytes() for p in sorted(tmp_path.rglob("*")) if p.is_file()}
    assert after == before


@pytest.mark.slow
def test_sigkill_during_kg_export_leaves_the_old_or_the_whole_new_file(kg_script, tmp_path):
    """Each kill is aimed at the write itself: once the temporary file exists, plus a random delay."""
    db = tmp_path / "kg.db"
    assert CliRunner().invoke(cli, ["ingest", str(EXAMPLE), "--db", str(db)]).exit_code == 0
    complete = tmp_path / "complete.nt"
    assert CliRunner().invoke(cli, ["export", "ntriples", "--db", str(db), "--out", str(complete)]).exit_code == 0
    whole = complete.read_bytes()

    out = tmp_path / "out"
    out.mkdir()
    target = out / "graph.nt"
    rng = random.Random(7)
    killed_mid_write = 0
    for _ in range(5):
        target.write_text(GOOD)
        writer = subprocess.Popen([str(kg_script), "export", "ntriples", "--db", str(db), "--out", str(target)],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        while writer.poll() is None and not _debris(out):
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.005))
        if writer.poll() is None:
            killed_mid_write += bool(_debris(out))
            os.killpg(writer.pid, signal.SIGKILL)
        writer.wait()
        assert target.read_bytes() in (GOOD.encode(), whole)
        for leftover in _debris(out):
            (out / leftover).unlink()
    assert killed_mid_write >= 3
