"""The benchmark runs end to end on a few hundred real papers (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO.parent / "shared" / "corpora"


@pytest.mark.skipif(not (CORPORA / "arxiv_oai_cs_2016").exists(), reason="shared corpora not available")
def test_benchmark_prints_its_table_for_200_papers(tmp_path):
    done = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "run.py"), "--sizes", "200", "--workers", "1",
         "--formats", "jsonl,ntriples", "--keep", str(tmp_path), "--json", str(tmp_path / "results.json")],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr
    header, _, row = done.stdout.strip().splitlines()[-3:]
    assert header.startswith("| papers | papers/s |") and "× baseline" in header
    assert row.startswith("| 200 |")
    (result,) = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert result["papers"] == 200 and result["failed_exports"] == []
    assert set(result["exports"]) == {"jsonl", "ntriples"}
    assert (tmp_path / "200" / "out" / "papers.jsonl").read_text(encoding="utf-8").count("\n") == 200
