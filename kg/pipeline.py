"""kg's library API: ingest listings into a workspace, and build every export from them.

The CLI is a thin layer over these functions; a notebook user calls them directly::

    import kg
    report = kg.build([kg.EXAMPLE], "exports/")
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import networkx as nx

from kg.errors import ExportError, InputError, KGError
from kg.exporters import BUILD_FORMATS, DEFAULT_FILES, export_many
from kg.extract.fingerprint import extractor_fingerprint
from kg.extract.vocabulary import default_vocabulary
from kg.graph import build_graph
from kg.model import Extraction, Failed, Record
from kg.parallel import Extractor, batches
from kg.resolve import ResolveSummary, resolve
from kg.sources import detect_format, iter_files, read_path
from kg.store import Workspace

__all__ = ["EXAMPLE", "BuildReport", "IngestReport", "build", "ingest", "load_graph"]

#: the sample listing shipped with kg, in the Hugging Face Daily Papers page format.
EXAMPLE = Path(str(resources.files("kg").joinpath("data/example/daily_papers.txt")))

#: records stored per batch of SQL statements: the statements' fixed cost is shared, memory stays small.
STORE_BATCH = 1024

#: called after each file with (path, records stored from it).
Progress = Callable[[Path, int], None]


@dataclass
class IngestReport:
    """What an ingest did: files stored or skipped, records stored, what could not be read."""

    files: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    records: int = 0
    failed_records: list[Failed] = field(default_factory=list)
    skipped_files: list[InputError] = field(default_factory=list)
    reextracted: int = 0
    resolved: ResolveSummary | None = None


@dataclass
class BuildReport:
    ingest: IngestReport
    graph: nx.MultiDiGraph
    written: list[Path]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest(
    paths: Iterable[str | Path],
    workspace: Workspace,
    *,
    format: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    workers: int | None = 1,
    dask: str | None = None,
    mapping: Mapping[str, str | Sequence[str]] | None = None,
) -> IngestReport:
    """Read, extract and store every file under `paths`, then resolve the corpus.

    Each file is one transaction; a file whose content is already stored is skipped, so
    ingesting twice changes nothing. By default a file kg cannot read is skipped and
    reported, and a record it cannot read is reported while the rest are stored; with
    `strict`, the first of either raises and nothing of this run is stored.

    Records stream from the reader through extraction into the store: extraction runs in
    `workers` processes (None: all cores), or on the Dask scheduler at `dask`, and its
    results are stored in reading order, so the workspace is the same however it ran.

    `mapping` tells the ``tabular`` reader which column holds which field (e.g.
    ``{"title": "Paper Title"}``) for every file read as a table; other formats name their
    fields themselves and ignore it.
    """
    report = IngestReport()
    with Extractor(workers, dask) as extractor, workspace.transaction() if strict else nullcontext():
        report.reextracted = _reextract_if_outdated(workspace, extractor)
        for path in iter_files(paths):
            stored = _ingest_file(path, workspace, report, extractor, format=format, strict=strict,
                                  mapping=mapping)
            if progress:
                progress(path, stored)
    if report.files or workspace.dirty:
        report.resolved = resolve(workspace, default_vocabulary(), workers=workers)
    return report


def _reextract_if_outdated(workspace: Workspace, extractor: Extractor) -> int:
    """Re-extract every stored record when kg's extractor changed since they were stored.

    One transaction: the workspace holds the old facts or the new ones, never a mix.
    Returns the number of records re-extracted.
    """
    fingerprint = extractor_fingerprint()
    if workspace.extractor == fingerprint:
        return 0
    owners: deque[tuple[int, str]] = deque()

    def records() -> Iterator[Record]:
        for source_id, paper_id, record in workspace.stored_records():
            owners.append((source_id, paper_id))
            yield record

    count = 0
    with workspace.transaction():
        workspace.clear_facts()
        for _, extraction in extractor.run(records()):
            source_id, paper_id = owners.popleft()
            workspace.add_facts(paper_id, source_id, extraction)
            count += 1
        workspace.set_extractor(fingerprint)
    return count


def _ingest_file(
    path: Path, workspace: Workspace, report: IngestReport, extractor: Extractor, *, format, strict, mapping
) -> int:
    """Store one file in its own transaction; returns the number of records stored."""
    try:
        sha = _sha256(path)
        if workspace.has_source(sha):
            report.unchanged.append(path)
            return 0
        name = format or detect_format(path)
        stored, failed = 0, []
        with workspace.transaction():
            source_id = workspace.add_source(str(path), sha, name)
            options = {"mapping": mapping} if mapping and name == "tabular" else None
            extracted = extractor.run(read_path(path, name, options))
            for batch in batches(_records_noting_failures(extracted, workspace, failed, strict), STORE_BATCH):
                stored += len(workspace.store_records(source_id, batch))
            workspace.finish_source(source_id, stored, len(failed))
    except (InputError, OSError) as exc:
        error = exc if isinstance(exc, InputError) else InputError(path, exc.strerror or str(exc))
        if strict:
            raise error from None
        workspace.add_failure(Failed(error.path, error.line, error.reason))  # so `kg stats` lists it
        report.skipped_files.append(error)
        return 0
    report.files.append(path)
    report.records += stored
    report.failed_records.extend(failed)
    return stored


def _records_noting_failures(
    extracted: Iterable[tuple[Record | Failed, Extraction | None]], workspace: Workspace, failed: list[Failed],
    strict: bool,
) -> Iterator[tuple[Record, Extraction]]:
    """The records read and their extractions; what could not be read is stored as a failure
    and listed in `failed` (or raised, when `strict`)."""
    for item, extraction in extracted:
        if extraction is None:
            assert isinstance(item, Failed)
            if strict:
                raise InputError(item.source, item.reason, item.line)
            workspace.add_failure(item)
            failed.append(item)
        else:
            assert isinstance(item, Record)
            yield item, extraction


def load_graph(db: str | Path, *, analysed: bool = True, seed: int = 42) -> nx.MultiDiGraph:
    """The graph of an existing workspace, with analysis results on its nodes unless `analysed=False`."""
    from kg.analysis import analyze

    with Workspace(db, create=False) as workspace:
        graph = build_graph(workspace)
    if analysed:
        analyze(graph, seed=seed)
    return graph


def build(
    paths: Sequence[str | Path],
    out: str | Path,
    *,
    db: str | Path | None = None,
    formats: Iterable[str] = BUILD_FORMATS,
    strict: bool = False,
    progress: Progress | None = None,
    seed: int = 42,
    workers: int | None = 1,
    dask: str | None = None,
    mapping: Mapping[str, str | Sequence[str]] | None = None,
) -> BuildReport:
    """Ingest `paths` into a workspace (default `out/kg.db`), analyse, and write every export.

    `workers`, `dask` and `mapping` are as for `ingest`.
    """
    from kg.analysis import analyze

    out = Path(out)
    with _writing(out):
        out.mkdir(parents=True, exist_ok=True)
    with Workspace(db or out / "kg.db") as workspace:
        report = ingest(paths, workspace, strict=strict, progress=progress, workers=workers, dask=dask,
                        mapping=mapping)
        graph = build_graph(workspace)
    if graph.number_of_nodes() == 0:
        raise KGError("no papers were read; nothing to export (see the skipped files above)")
    analyze(graph, seed=seed)
    written = export_many(graph, {name: out / DEFAULT_FILES[name] for name in formats}, workers=workers)
    return BuildReport(report, graph, written)


@contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn an OSError while writing `path` into one line naming it, not a traceback."""
    try:
        yield
    except OSError as exc:
        raise ExportError(f"{path}: cannot write ({exc.strerror or exc})") from None
