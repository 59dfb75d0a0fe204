"""Extraction in worker processes or on a Dask cluster, results back in input order.

Extraction is a pure function of a record, so records are sent in batches to workers
that build the shipped vocabulary once each, and their extractions come back in the
order the records were read. Only a small window of batches is in flight at a time, so
memory stays bounded however long the input is, and the workspace is written by the
calling process alone (SQLite has one writer).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from kg.errors import KGError, MissingDependencyError
from kg.extract import extract
from kg.extract.vocabulary import default_vocabulary
from kg.model import Extraction, Failed, Record

__all__ = ["BATCH_SIZE", "Extractor", "batches", "default_workers"]

#: records per task: large enough that sending a batch costs little beside extracting it.
BATCH_SIZE = 256
#: batches in flight per worker: one being extracted, one waiting, so no worker idles.
_WINDOW_PER_WORKER = 2

Item = Record | Failed
T = TypeVar("T")
Submit = Callable[[list[Item]], Any]


def default_workers() -> int:
    """All cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _warm_up() -> None:
    """Worker initializer: build the shipped vocabulary once, before the first batch."""
    default_vocabulary()


def extract_batch(items: list[Item]) -> list[Extraction | None]:
    """Extractions of a batch's records with the shipped vocabulary; None for a failure."""
    vocabulary = default_vocabulary()
    return [None if isinstance(item, Failed) else extract(item, vocabulary) for item in items]


class Extractor:
    """Where extraction runs: in this process, in `workers` processes, or on a Dask scheduler.

    Use as a context manager; the pool or cluster connection lives as long as the block,
    so one ingest of many files starts its workers once.

    >>> from kg.model import Record
    >>> with Extractor(workers=1) as extractor:
    ...     [(r.title, len(e.mentions)) for r, e in extractor.run([Record("x", 1, "text", "On BERT")])]
    [('On BERT', 1)]
    """

    def __init__(self, workers: int | None = None, scheduler: str | None = None,
                 batch_size: int = BATCH_SIZE) -> None:
        if workers is not None and workers < 1:
            raise KGError(f"--workers must be at least 1, not {workers}")
        self.workers = workers or default_workers()
        self.scheduler = scheduler
        self.batch_size = batch_size
        self._pool: ProcessPoolExecutor | None = None
        self._client: Any = None
        self._window = 0

    def __enter__(self) -> Extractor:
        if self.scheduler:
            self._client = _dask_client(self.scheduler)
            self._window = _WINDOW_PER_WORKER * max(1, sum(self._client.nthreads().values()))
        elif self.workers > 1:
            _warm_up()  # forked workers then inherit the vocabulary; spawned ones build their own
            self._pool = ProcessPoolExecutor(self.workers, initializer=_warm_up)
            self._window = _WINDOW_PER_WORKER * self.workers
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def where(self) -> str:
        """Where extraction runs, for progress messages and the benchmark."""
        if self.scheduler:
            return f"dask {self.scheduler}"
        return f"{self.workers} worker processes" if self.workers > 1 else "this process"

    def run(self, items: Iterable[Item]) -> Iterator[tuple[Item, Extraction | None]]:
        """Each item with its extraction (None for a `Failed`), in input order."""
        if self._pool is None and self._client is None:
            vocabulary = default_vocabulary()
            for item in items:
                yield item, None if isinstance(item, Failed) else extract(item, vocabulary)
            return
        for batch, extractions in _in_order(self._submit, batches(items, self.batch_size), self._window):
            yield from zip(batch, extractions)

    def _submit(self, batch: list[Item]) -> Future | Any:
        if self._client is not None:
            return self._client.submit(extract_batch, batch, pure=False)
        assert self._pool is not None
        return self._pool.submit(extract_batch, batch)


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """`items` in lists of `size` (the last may be shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _in_order(
    submit: Submit, batches: Iterator[list[Item]], window: int
) -> Iterator[tuple[list[Item], list[Extraction | None]]]:
    """Results of `submit` per batch, oldest first, with at most `window` batches in flight."""
    pending: deque[tuple[list[Item], Any]] = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            done, future = pending.popleft()
            yield done, future.result()
    while pending:
        done, future = pending.popleft()
        yield done, future.result()


def _dask_client(address: str) -> Any:
    """A client of the Dask scheduler at `address` (e.g. ``tcp://host:8786``)."""
    try:
        from distributed import Client
    except ImportError:
        raise MissingDependencyError("--dask", "dask") from None
    try:
        return Client(address, timeout="10s")
    except OSError as exc:
        raise KGError(f"--dask {address}: cannot reach the scheduler ({exc})") from None
