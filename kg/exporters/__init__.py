"""Export formats: a registry of writers, each imported only when used (as rdflib's plugins).

An exporter is a function `export(graph, dest, **options) -> list[Path]` that writes its
files atomically and returns them. Adding a format is one module and one line here.
"""

from __future__ import annotations

import gc
import importlib
import multiprocessing
import pickle
import traceback
from collections import deque
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection, wait
from pathlib import Path

import networkx as nx

from kg.errors import ExportError, KGError

__all__ = ["BUILD_FORMATS", "EXPORTERS", "DEFAULT_FILES", "RDF_FORMATS", "exporter", "export", "export_many"]

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
_COST: dict[str, float] = {"rdfxml": 60, "report": 8.5, "neo4j": 4.2, "turtle": 4.0, "ntriples": 4.0,
                           "jsonld": 3.4, "graphml": 2.7, "gexf": 2.7, "html": 1.5, "jsonl": 0.5}

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
    return exporter(name)(graph, Path(dest), **options)


def export_many(graph: nx.MultiDiGraph, targets: Mapping[str, str | Path], *,
                workers: int | None = None) -> list[Path]:
    """Write `graph` in every format of `targets` (format -> dest), up to `workers` at once.

    Each format is written by a process forked from this one, which reads the graph where
    it lies instead of receiving a pickled copy; `gc.freeze()` first keeps the children's
    garbage collector from writing to (and so copying) every page of the graph. `workers`
    None means all cores; with one worker, or where fork is unavailable, the formats are
    written one after another in this process. A failure stops the formats not yet
    started, lets the running ones finish (exporters write atomically, so none leaves a
    half file) and is raised here as the KGError the exporter raised. Returns the files
    written, in the order of `targets`.
    """
    from kg.parallel import default_workers

    jobs = {name: Path(dest) for name, dest in targets.items()}
    for name in jobs:
        exporter(name)  # an unknown format fails before anything is written
    count = min(len(jobs), workers or default_workers())
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [path for name, dest in jobs.items() for path in _export_to(graph, name, dest)]
    written = _export_in_children(graph, jobs, count)
    return [path for name in jobs for path in written[name]]


def _export_to(graph: nx.MultiDiGraph, name: str, dest: Path) -> list[Path]:
    """`export`, with an OSError turned into one line that names the file."""
    try:
        return export(graph, name, dest)
    except OSError as exc:
        raise ExportError(f"{dest}: cannot write ({exc.strerror or exc})") from None


def _export_in_children(graph: nx.MultiDiGraph, jobs: dict[str, Path], count: int) -> dict[str, list[Path]]:
    """`count` writers at once: this process and `count - 1` forked children.

    Children take the longest formats, this process the shortest, between which it
    collects finished children and starts the next. This process is one of the writers
    because a child copies every page of the graph it reads (reading a Python object
    writes its reference count), so each child costs about a graph's memory.
    """
    context = multiprocessing.get_context("fork")
    waiting = deque(sorted(jobs, key=lambda name: -_COST.get(name, 1.0)))
    running: dict[Connection, tuple[multiprocessing.process.BaseProcess, str]] = {}
    written: dict[str, list[Path]] = {}
    failures: list[KGError] = []
    gc.freeze()
    try:
        while running or (waiting and not failures):
            while waiting and not failures and len(running) < count - 1:
                name = waiting.popleft()
                receiver, sender = context.Pipe(duplex=False)
                child = context.Process(target=_write_in_child, args=(graph, name, jobs[name], sender),
                                        name=f"kg-export-{name}", daemon=True)
                child.start()
                sender.close()
                running[receiver] = (child, name)
            if waiting and not failures:
                name = waiting.pop()
                try:
                    written[name] = _export_to(graph, name, jobs[name])
                except KGError as exc:
                    failures.append(exc)
                finished = wait(list(running), timeout=0)
            else:
                finished = wait(list(running))
            for receiver in finished:
                child, name = running.pop(receiver)
                outcome = _outcome(receiver, child, name)
                if isinstance(outcome, KGError):
                    failures.append(outcome)
                else:
                    written[name] = outcome
    finally:
        for child, _ in running.values():  # let them finish their files, whatever stopped this process
            child.join()
        gc.unfreeze()
    if failures:
        raise failures[0]
    return written


def _outcome(receiver: Connection, child: multiprocessing.process.BaseProcess, name: str) -> list[Path] | KGError:
    """What a child sent: its files or its error; a child that died without a word is an error too."""
    try:
        outcome = receiver.recv()
    except EOFError:
        outcome = None
    finally:
        receiver.close()
        child.join()
    if outcome is None:
        return ExportError(f"the {name} export stopped without finishing (worker exit code {child.exitcode})")
    return outcome


def _write_in_child(graph: nx.MultiDiGraph, name: str, dest: Path, sender: Connection) -> None:
    """Runs in a forked worker: write one format and send back the files or the error."""
    try:
        outcome: list[Path] | KGError = _export_to(graph, name, dest)
    except KGError as exc:
        outcome = _sendable(exc)
    except Exception as exc:  # a bug: the parent raises it with the worker's traceback as a note
        outcome = ExportError(f"the {name} export failed: {exc!r}")
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
