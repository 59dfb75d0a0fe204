"""Extraction in worker processes and on Dask stores exactly what a serial run stores."""

from __future__ import annotations

import gzip
import sqlite3
from itertools import islice
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.model import Failed, Record
from kg.parallel import Extractor
from kg.pipeline import ingest
from kg.store import Workspace

DAILY = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "arxiv_daily_cs" / "arxiv_daily_cs.jsonl.gz"
_TABLES = ("sources", "papers", "paper_keys", "occurrences", "facts", "failures", "entities", "relations")


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 real arXiv records (three batches) with one unreadable line among them."""
    if not DAILY.exists():
        pytest.skip(f"{DAILY} is not available")
    with gzip.open(DAILY, "rt", encoding="utf-8") as stream:
        lines = list(islice(stream, 600))
    lines.insert(300, '{"id": "not an id", "title": "x", "summary": "y", "categories": "cs.LG"}\n')
    path = tmp_path_factory.mktemp("parallel") / "daily.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _contents(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows without the ingest timestamps, which differ between runs."""
    connection = sqlite3.connect(db)
    try:
        contents = {}
        for table in _TABLES:
            columns = [row[1] for row in connection.execute(f"PRAGMA table_info({table})")
                       if row[1] not in ("ingested_at", "at")]
            contents[table] = connection.execute(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(columns)}"
            ).fetchall()
        return contents
    finally:
        connection.close()


def _ingested(listing: Path, db: Path, **where: object) -> dict[str, list[tuple]]:
    with Workspace(db) as workspace:
        report = ingest([listing], workspace, **where)
    assert report.records == 600 and len(report.failed_records) == 1
    return _contents(db)


@pytest.fixture(scope="module")
def serial(listing: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    return _ingested(listing, tmp_path_factory.mktemp("serial") / "kg.db", workers=1)


def test_worker_processes_store_what_a_serial_run_stores(listing, serial, tmp_path):
    parallel = _ingested(listing, tmp_path / "kg.db", workers=2)
    assert serial["relations"] and parallel == serial


def test_dask_cluster_stores_what_a_serial_run_stores(listing, serial, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        on_dask = _ingested(listing, tmp_path / "kg.db", dask=cluster.scheduler_address)
    assert on_dask == serial


def test_results_keep_input_order_across_many_small_batches():
    items = [Record("x.txt", n, "text", f"Paper {n} on BERT") if n % 7 else Failed("x.txt", n, "bad")
             for n in range(1, 60)]
    with Extractor(workers=2, batch_size=4) as extractor:
        results = list(extractor.run(items))
    assert [item for item, _ in results] == items
    assert all((extraction is None) == isinstance(item, Failed) for item, extraction in results)
    assert all(extraction.mentions[0].name == "BERT" for _, extraction in results if extraction)


@pytest.mark.slow
def test_unreachable_scheduler_is_one_clear_error():
    pytest.importorskip("distributed")
    with pytest.raises(KGError, match="cannot reach the scheduler"), Extractor(scheduler="tcp://127.0.0.1:1"):
        pass


def test_workers_must_be_positive():
    with pytest.raises(KGError, match="at least 1"):
        Extractor(workers=0)
