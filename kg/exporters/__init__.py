"""Export formats: a registry of writers, each imported only when used (as rdflib's plugins).

An exporter is a function `export(graph, dest, **options) -> list[Path]` that writes its
files atomically and returns them. Adding a format is one module and one line here.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import os
import pickle
import sys
import traceback
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from pathlib import Path

import networkx as nx

from kg.collector import paused_collector
from kg.errors import ExportError, KGError

__all__ = ["BUILD_FORMATS", "EXPORTERS", "DEFAULT_FILES", "MEMORY_LIMIT", "RDF_FORMATS", "exporter", "export",
           "export_many"]

Exporter = Callable[..., list[Path]]

#: format name -> "module:function".
EXPORTERS: dict[str, str] = {
    "jsonl": "kg.exporters.cards:export",
    "turtle": "kg.exporters.rdf:export_turtle",
    "ntriples": "kg.exporters.rdf:export_ntriples",
    "jsonld": "kg.exporters.jsonld:export_jsonld",
    "rdfxml": "kg.exporters.rdf:export_rdfxml",
    "graphml": "kg.exporters.gephi:export_graphml",
    "gexf": "kg.exporters.gephi:export_gexf",
    "html": "kg.exporters.html:export",
    "report": "kg.exporters.report:export",  # dest: a folder or a .md path; PNG charts beside it
    "neo4j": "kg.exporters.neo4j_files:export",  # dest: a folder
}

#: the formats that take a `base_iri` option.
RDF_FORMATS = frozenset({"turtle", "ntriples", "jsonld", "rdfxml"})

#: what `kg build` writes unless told otherwise: what users open first. N-Triples, GEXF and
#: RDF/XML are one `kg export` (or `--formats`) away; RDF/XML needs the whole graph in
#: rdflib's memory, which does not scale to a field.
BUILD_FORMATS: tuple[str, ...] = ("jsonl", "turtle", "jsonld", "graphml", "neo4j", "html", "report")

#: CPU seconds each format took at 20k papers: with fewer workers than formats, the
#: longest start first, so that no long one is left to run alone at the end.
_COST: dict[str, float] = {"rdfxml": 60, "report": 8.5, "turtle": 4.1, "ntriples": 4.1, "jsonld": 3.8,
                           "neo4j": 3.4, "graphml": 2.4, "gexf": 2.4, "html": 1.4, "jsonl": 0.8}

#: what writing the exports may take in all, this process included (kg's target: 2 GB
#: for a build of 100k papers, docs/performance.md); `export_many` forks writers only
#: while they fit in it.
MEMORY_LIMIT = 2 * 1024**3

#: where `kg build` writes each format inside its output folder.
DEFAULT_FILES: dict[str, str] = {
    "jsonl": "papers.jsonl",
    "turtle": "graph.ttl",
    "ntriples": "graph.nt",
    "jsonld": "graph.jsonld",
    "rdfxml": "graph.rdf",
    "graphml": "graph.graphml",
    "gexf": "graph.gexf",
    "html": "graph.html",
    "report": "report.md",
    "neo4j": "neo4j",
}


def exporter(name: str) -> Exporter:
    """The export function registered under `name`."""
    try:
        module_name, function = EXPORTERS[name].split(":")
    except KeyError:
        raise ExportError(f"unknown export format {name!r} (kg writes: {', '.join(sorted(EXPORTERS))})") from None
    return getattr(importlib.import_module(module_name), function)


def export(graph: nx.MultiDiGraph, name: str, dest: str | Path, **options) -> list[Path]:
    """Write `graph` in format `name` to `dest`; returns the files written."""
    write = exporter(name)
    with paused_collector():  # see kg.collector
        return write(graph, Path(dest), **options)


def export_many(graph: nx.MultiDiGraph, targets: Mapping[str, str | Path], *,
                workers: int | None = None, memory_limit: int | None = MEMORY_LIMIT) -> list[Path]:
    """Write `graph` in every format of `targets` (format -> dest), up to `workers` at once.

    The formats are shared out between this process and `workers - 1` processes forked
    from it, which read the graph where it lies instead of receiving a pickled copy;
    `gc.freeze()` first keeps the children's garbage collector from writing to (and so
    copying) every page of the graph. Still, a child's reads write reference counts, so
    it ends up copying most of this process's memory (at 100k papers, 890 MB of
    1.34 GB): writers are added only while this process's resident size times their
    number stays within `memory_limit` bytes (None: no limit). `workers` None means all
    cores; with one writer, or where fork is unavailable, the formats are written one
    after another in this process. A failure stops the rest of its writer's formats,
    lets the other writers finish (exporters write atomically, so none leaves a half
    file) and is raised here as the KGError the exporter raised. Returns the files
    written, in the order of `targets`.
    """
    from kg.parallel import default_workers

    jobs = {name: Path(dest) for name, dest in targets.items()}
    for name in jobs:
        exporter(name)  # an unknown format fails before anything is written
    count = min(len(jobs), workers or default_workers()) if "fork" in multiprocessing.get_all_start_methods() else 1
    if count > 1:
        count = min(count, _writers_that_fit(memory_limit))
    if count == 1:
        return [path for name, dest in jobs.items() for path in _export_to(graph, name, dest)]
    written = _export_in_children(graph, jobs, count)
    return [path for name in jobs for path in written[name]]


def _writers_that_fit(memory_limit: int | None) -> int:
    """How many copies of this process fit in `memory_limit` (at least one: this process)."""
    if memory_limit is None:
        return len(EXPORTERS)
    return max(1, memory_limit // _resident_bytes())


def _resident_bytes() -> int:
    """This process's resident memory now (Linux), else its peak so far (the safe guess)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        import resource  # POSIX only, as is fork

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024  # macOS counts bytes, Linux KiB


def _export_to(graph: nx.MultiDiGraph, name: str, dest: Path) -> list[Path]:
    """`export`, with an OSError turned into one line that names the file."""
    try:
        return export(graph, name, dest)
    except OSError as exc:
        raise ExportError(f"{dest}: cannot write ({exc.strerror or exc})") from None


def _export_in_children(graph: nx.MultiDiGraph, jobs: dict[str, Path], count: int) -> dict[str, list[Path]]:
    """`count` writers at once: this process and `count - 1` forked children, each with its share.

    This process is one of the writers because a child copies every page of the graph it
    reads (reading a Python object writes its reference count), so each child costs about
    a graph's memory. Shares are fixed before forking: this process cannot start a child
    while it is writing, so handing out formats as writers come free would leave cores idle.
    """
    context = multiprocessing.get_context("fork")
    *others, own = _shares(jobs, count)  # children take the longest formats
    children: list[tuple[Connection, multiprocessing.process.BaseProcess, str]] = []
    written: dict[str, list[Path]] = {}
    failures: list[KGError] = []
    gc.freeze()
    try:
        for share in others:
            receiver, sender = context.Pipe(duplex=False)
            names = ", ".join(share)
            child = context.Process(target=_write_in_child, args=(graph, {n: jobs[n] for n in share}, sender),
                                    name=f"kg-export ({names})", daemon=True)
            child.start()
            sender.close()
            children.append((receiver, child, names))
        try:
            written |= _write_share(graph, {n: jobs[n] for n in own})
        except KGError as exc:
            failures.append(exc)
        for receiver, child, names in children:
            outcome = _outcome(receiver, child, names)
            if isinstance(outcome, KGError):
                failures.append(outcome)
            else:
                written |= outcome
    finally:
        for _, child, _ in children:  # let them finish their files, whatever stopped this process
            child.join()
        gc.unfreeze()
    if failures:
        raise failures[0]
    return written


def _shares(jobs: dict[str, Path], count: int) -> list[list[str]]:
    """The formats split into `count` shares of about equal estimated time: longest first,
    each to the share with the least so far."""
    shares: list[list[str]] = [[] for _ in range(count)]
    loads = [0.0] * count
    for name in sorted(jobs, key=lambda name: -_COST.get(name, 1.0)):
        least = loads.index(min(loads))
        loads[least] += _COST.get(name, 1.0)
        shares[least].append(name)
    return shares


def _write_share(graph: nx.MultiDiGraph, jobs: dict[str, Path]) -> dict[str, list[Path]]:
    """One writer's formats, one after another, stopping at the first error."""
    return {name: _export_to(graph, name, dest) for name, dest in jobs.items()}


def _outcome(receiver: Connection, child: multiprocessing.process.BaseProcess,
             names: str) -> dict[str, list[Path]] | KGError:
    """What a child sent: its files or its error; a child that died without a word is an error too."""
    try:
        outcome = receiver.recv()
    except EOFError:
        outcome = None
    finally:
        receiver.close()
        child.join()
    if outcome is None:
        return ExportError(f"the export of {names} stopped without finishing (worker exit code {child.exitcode})")
    return outcome


def _write_in_child(graph: nx.MultiDiGraph, jobs: dict[str, Path], sender: Connection) -> None:
    """Runs in a forked worker: write its share and send back the files or the first error."""
    try:
        outcome: dict[str, list[Path]] | KGError = _write_share(graph, jobs)
    except KGError as exc:
        outcome = _sendable(exc)
    except Exception as exc:  # a bug: the parent raises it with the worker's traceback as a note
        outcome = ExportError(f"the export of {', '.join(jobs)} failed: {exc!r}")
        outcome.add_note(traceback.format_exc())
    sender.send(outcome)
    sender.close()


def _sendable(error: KGError) -> KGError:
    """`error` if it survives pickling (errors with their own __init__ signature may not), else
    an ExportError with the same message."""
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return ExportError(str(error))
    return error
