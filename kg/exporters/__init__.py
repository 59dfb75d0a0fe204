"""Export formats: a registry of writers, each imported only when used (as rdflib's plugins).

An exporter is a function `export(graph, dest, **options) -> list[Path]` that writes its
files atomically and returns them. Adding a format is one module and one line here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from kg.errors import ExportError

__all__ = ["BUILD_FORMATS", "EXPORTERS", "DEFAULT_FILES", "RDF_FORMATS", "exporter", "export"]

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
