"""kg at field scale: papers per second, each stage's share, peak memory, and a baseline.

    .venv/bin/python benchmarks/run.py                  # 1k, 10k and 100k papers
    .venv/bin/python benchmarks/run.py --large          # and 1M (the real records repeated)
    .venv/bin/python benchmarks/run.py --sizes 200 --workers 1

Input is the real arXiv cs records in ../shared/corpora (arxiv_oai_cs_2016, then
arxiv_daily_cs: about 177k papers), the first N written as one gzip JSON Lines file that
kg reads as it reads any listing. Past 177k the records are repeated, each copy with
its own arXiv id and a title marked "(copy k)", so every copy is a distinct paper.

Each size runs `kg.build` in a fresh process, so its peak RSS is its own. The baseline,
in the same process, reads the same bytes and runs one URL regex over every abstract.
Stages are timed by wrapping the pipeline's steps in place (read: hashing, detecting
and reading files; extract: waiting for extractions beyond that; store: SQLite writes;
resolve; graph; analyse; export, written as `kg.build` writes it: formats in parallel
processes where memory allows, each format's seconds logged by whichever process wrote
it); it takes minutes and is not a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any

from kg.exporters import BUILD_FORMATS, DEFAULT_FILES

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
SETS = ("arxiv_oai_cs_2016/arxiv_oai_cs_2016.jsonl.gz", "arxiv_daily_cs/arxiv_daily_cs.jsonl.gz")
STAGES = ("read", "extract", "store", "resolve", "graph", "analyse", "export")
#: reading records happens inside extraction's iterator; timed apart, then moved to "read".
_RECORDS = "read records"
#: the one regex of the baseline: what a minimal link extractor would run.
BASELINE_URL = re.compile(r"https?://\S+")


def real_lines(corpora: Path) -> Iterator[str]:
    """The JSON lines of the scale sets, in order."""
    for name in SETS:
        with gzip.open(corpora / name, "rt", encoding="utf-8") as stream:
            yield from stream


def repeated_lines(corpora: Path) -> Iterator[str]:
    """The real lines, then copies of them with distinct arXiv ids and marked titles."""
    yield from real_lines(corpora)
    copy = 1
    while True:
        for number, line in enumerate(real_lines(corpora)):
            record = json.loads(line)
            record["id"] = f"cs/{copy}{number:06d}"
            record["title"] = f"{record['title']} (copy {copy})"
            yield json.dumps(record, ensure_ascii=False) + "\n"
        copy += 1


def write_input(size: int, corpora: Path, folder: Path) -> Path:
    """The first `size` records as one gzip JSON Lines file."""
    path = folder / f"arxiv_cs_{size}.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        out.writelines(islice(repeated_lines(corpora), size))
    return path


def baseline(path: Path) -> float:
    """Seconds to gunzip, decode and parse every record and run one URL regex over its abstract."""
    started = time.perf_counter()
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            BASELINE_URL.findall(record.get("abstract") or record.get("summary") or "")
    return time.perf_counter() - started


def _peak_rss() -> int:
    """This process's RSS high-water mark so far, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class Stopwatch:
    """Seconds spent per stage, collected by wrapping functions in place.

    It also keeps the RSS high-water mark as each stage ends: the stage after which the
    mark last rises is the one that sets the peak.
    """

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)
        self.seconds[_RECORDS] = 0.0
        self.peak_after: dict[str, int] = {}

    @contextmanager
    def timing(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started
            self.peak_after[stage] = _peak_rss()

    def wrap(self, owner: Any, name: str, stage: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.timing(stage):
                return original(*args, **kwargs)

        setattr(owner, name, timed)

    def wrap_iterator(self, owner: Any, name: str, stage: str) -> None:
        """Time only the steps of the iterator a function returns, not its consumer's work."""
        original: Callable[..., Iterator[Any]] = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            iterator = iter(original(*args, **kwargs))
            while True:
                with self.timing(stage):
                    item = next(iterator, StopIteration)
                if item is StopIteration:
                    return
                yield item

        setattr(owner, name, timed)


def _log_export_seconds(exporters: Any, log: Path) -> None:
    """Wrap `exporters.export` to append each format's seconds and its writer's peak RSS so far to `log`.

    A file, not a dict: formats written in forked writers time themselves there too.
    """
    export = exporters.export

    def timed(graph: Any, name: str, dest: Any, **options: Any) -> Any:
        started = time.perf_counter()
        try:
            return export(graph, name, dest, **options)
        finally:
            with open(log, "a", encoding="utf-8") as stream:
                stream.write(json.dumps({"format": name, "seconds": time.perf_counter() - started,
                                         "peak_rss": _peak_rss()}) + "\n")

    exporters.export = timed


def measure(path: Path, out: Path, workers: int | None, formats: list[str]) -> dict[str, Any]:
    """One end-to-end build of `path` with every stage timed; run in a fresh process."""
    import kg.exporters
    from kg import pipeline
    from kg.analysis import analyze
    from kg.exporters import export_many
    from kg.graph import build_graph
    from kg.parallel import Extractor
    from kg.store import Workspace

    watch = Stopwatch()
    for name in ("_sha256", "detect_format"):
        watch.wrap(pipeline, name, "read")
    watch.wrap_iterator(pipeline, "read_path", _RECORDS)
    for name in ("store_records", "add_failure", "add_source", "finish_source"):
        watch.wrap(Workspace, name, "store")
    watch.wrap(pipeline, "resolve", "resolve")
    watch.wrap_iterator(Extractor, "run", "extract")

    started = time.perf_counter()
    with Workspace(out / "kg.db") as workspace:
        report = pipeline.ingest([path], workspace, workers=workers)
        with watch.timing("graph"):
            graph = build_graph(workspace)
    with watch.timing("analyse"):
        summary = analyze(graph)
    failed_exports = []
    export_log = out / "export-seconds.jsonl"
    _log_export_seconds(kg.exporters, export_log)
    with watch.timing("export"):  # as `kg.build` writes them: concurrently where memory allows
        try:
            export_many(graph, {name: out / DEFAULT_FILES[name] for name in formats}, workers=workers)
        except Exception as exc:  # noqa: BLE001 - a broken exporter is reported in the table, not fatal
            failed_exports.append(f"{type(exc).__name__}: {exc}")
    total = time.perf_counter() - started
    logged = {entry["format"]: entry for entry in map(json.loads, export_log.read_text().splitlines())}
    exports = {name: logged[name]["seconds"] for name in formats if name in logged}
    export_peaks = {name: logged[name]["peak_rss"] for name in formats if name in logged}

    # The extract timer also ran while its records were being read: that share is read's.
    records = watch.seconds.pop(_RECORDS)
    watch.seconds["extract"] -= records
    watch.seconds["read"] += records
    own = _peak_rss()
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {
        "papers": report.records,
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "engine": summary.engine,
        "seconds": total,
        "stages": watch.seconds,
        "peak_rss": own,
        "peak_rss_after": {stage: watch.peak_after[stage] for stage in STAGES if stage in watch.peak_after},
        "worker_peak_rss": workers_peak,
        "baseline": baseline(path),
        "failed_exports": failed_exports,
        "exports": exports,
        "export_peak_rss": export_peaks,
    }


def run_size(size: int, corpora: Path, workers: int | None, keep: Path | None, formats: str) -> dict[str, Any]:
    """Write the input, then measure it in a child process for a clean peak RSS."""
    with tempfile.TemporaryDirectory(prefix=f"kg-bench-{size}-") as scratch:
        folder = keep / str(size) if keep else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        path = write_input(size, corpora, folder)
        command = [sys.executable, __file__, "--measure", str(path), "--out", str(folder / "out"),
                   "--formats", formats]
        if workers:
            command += ["--workers", str(workers)]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise SystemExit(f"benchmark of {size} papers failed:\n{done.stderr}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def _megabytes(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"


def table(results: list[dict[str, Any]]) -> str:
    """The Markdown table docs/performance.md shows."""
    head = ["papers", "papers/s", "total s", *(f"{stage} %" for stage in STAGES),
            "peak RSS", "worker peak", "baseline s", "× baseline"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in results:
        shares = [f"{100 * r['stages'][stage] / r['seconds']:.0f}" for stage in STAGES]
        lines.append("| " + " | ".join([
            f"{r['papers']:,}", f"{r['papers'] / r['seconds']:,.0f}", f"{r['seconds']:.1f}", *shares,
            _megabytes(r["peak_rss"]), _megabytes(r["worker_peak_rss"]),
            f"{r['baseline']:.2f}", f"{r['seconds'] / r['baseline']:.0f}×",
        ]) + " |")
    return "\n".join(lines)


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return f"{platform.platform()}, Python {platform.python_version()}, {cores} cores, load average {load}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated paper counts")
    parser.add_argument("--large", action="store_true", help="also 1,000,000 papers (real records repeated)")
    parser.add_argument("--workers", type=int, help="extraction worker processes (default: all cores)")
    parser.add_argument("--corpora", type=Path, default=CORPORA, help="the shared corpora folder")
    parser.add_argument("--keep", type=Path, help="keep inputs and exports in this folder")
    parser.add_argument("--formats", default=",".join(BUILD_FORMATS),
                        help="exports to write (default: all that `kg build` writes)")
    parser.add_argument("--json", type=Path, help="also write the raw results here")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.measure:
        args.out.mkdir(parents=True, exist_ok=True)
        print(json.dumps(measure(args.measure, args.out, args.workers, args.formats.split(","))))
        return

    sizes = [int(size) for size in args.sizes.split(",")] + ([1_000_000] if args.large else [])
    print(f"machine: {machine()}")
    print(f"exports: {args.formats}")
    print(f"workers: {args.workers or 'all cores'}; input: {args.corpora} (records repeated past the real ones)")
    results = []
    for size in sizes:
        result = run_size(size, args.corpora, args.workers, args.keep, args.formats)
        results.append(result)
        print(f"{size:,} papers: {result['seconds']:.1f} s, graph {result['nodes']:,} nodes "
              f"{result['edges']:,} edges, engine {result['engine']}", flush=True)
        print("  stage s: " + ", ".join(f"{stage} {result['stages'][stage]:.1f}" for stage in STAGES))
        print("  peak RSS after: " + ", ".join(f"{stage} {_megabytes(peak)}"
                                               for stage, peak in result["peak_rss_after"].items()))
        print("  export s: " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in result["exports"].items()))
        print("  writer's peak RSS after: " + ", ".join(f"{name} {_megabytes(peak)}"
                                                       for name, peak in result["export_peak_rss"].items()))
        for failure in result["failed_exports"]:
            print(f"  export failed: {failure}")
    print()
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
