"""JSON-LD export, streamed and compacted with the context kg ships (kg/data/context.jsonld).

rdflib's JSON-LD writer needs the whole graph in an rdflib Graph (about 20k triples/s
and 1 GB a million triples). This writer turns each run of triples about one subject,
as the triple generator yields them, into one compact node object and writes it at once;
a subject that comes back later (a paper's relations follow all nodes) gets another
node object, which JSON-LD merges on reading.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib.namespace import RDF

from kg.atomic import atomic_write
from kg.exporters.rdf import DEFAULT_BASE_IRI, Terms, generate_triples

__all__ = ["export_jsonld", "jsonld_context"]

# Plain Python terms: an IRI is a str, a literal a (lexical form, datatype IRI or None) pair.
_PLAIN_TERMS = Terms(str, lambda lexical, datatype: (lexical, datatype), lambda s, p, o: (s, p, o))


def jsonld_context() -> dict:
    """The JSON-LD context kg ships, as a dict with one key, ``@context``."""
    return json.loads(resources.files("kg").joinpath("data/context.jsonld").read_text(encoding="utf-8"))


class _Compactor:
    """Writes IRIs and values the short way the context allows, and the long way otherwise."""

    def __init__(self, context: dict, base_iri: str) -> None:
        self.prefixes = {name: value for name, value in context.items()
                         if isinstance(value, str) and not name.startswith("@") and value[-1:] in "/#"}
        self.terms: dict[str, tuple[str, str | None]] = {}
        for name, definition in context.items():
            if name.startswith("@") or name in self.prefixes:
                continue
            iri, coercion = (definition, None) if isinstance(definition, str) else (
                definition["@id"], definition.get("@type"))
            self.terms[self._expand(iri)] = (name, coercion and self._expand(coercion))
        # relative references resolve against a base ending in "/" only ("#" would drop its last segment)
        self.base = base_iri if base_iri.endswith("/") else None
        self.compact_iri = functools.lru_cache(maxsize=1 << 16)(self._compact_iri)
        self._node_ids: dict[str, str] = {}

    def _expand(self, value: str) -> str:
        prefix, colon, local = value.partition(":")
        return self.prefixes[prefix] + local if colon and prefix in self.prefixes else value

    def _compact_iri(self, iri: str) -> str:
        """``prefix:local`` when a prefix covers the IRI, else the IRI itself."""
        for name, namespace in self.prefixes.items():
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and "/" not in local and ":" not in local:
                return f"{name}:{local}"
        return iri

    def node_id(self, iri: str) -> str:
        """A vocabulary term as ``prefix:local``; a node's IRI relative to @base when it lives there."""
        compact = self.compact_iri(iri)
        if compact == iri and self.base is not None and iri.startswith(self.base):
            return iri[len(self.base):]
        return compact

    def object_id(self, iri: str) -> str:
        """`node_id`, remembered: a node is the object of every edge it has (subjects come once)."""
        known = self._node_ids.get(iri)
        if known is None:
            known = self._node_ids[iri] = self.node_id(iri)
        return known

    def key(self, predicate: str) -> tuple[str, str | None]:
        return self.terms.get(predicate) or (self.compact_iri(predicate), None)

    def value(self, value: str | tuple[str, str | None], coercion: str | None) -> Any:
        if isinstance(value, str):  # an IRI
            return self.object_id(value) if coercion == "@id" else {"@id": self.object_id(value)}
        lexical, datatype = value
        if datatype == coercion or (datatype is None and coercion is None):
            return lexical
        if datatype is None:
            return {"@value": lexical}
        return {"@value": lexical, "@type": self.compact_iri(datatype)}


def _node_objects(triples: Iterable[tuple], compactor: _Compactor) -> Iterator[dict]:
    """One compact node object per run of consecutive triples with the same subject."""
    rdf_type = str(RDF.type)
    for subject, run in itertools.groupby(triples, key=lambda triple: triple[0]):
        node: dict[str, Any] = {"@id": compactor.node_id(subject)}
        for _, predicate, value in run:
            if predicate == rdf_type:
                key, item = "@type", compactor.compact_iri(value)
            else:
                key, coercion = compactor.key(predicate)
                item = compactor.value(value, coercion)
            if key in node:
                node[key] = (node[key] if isinstance(node[key], list) else [node[key]]) + [item]
            else:
                node[key] = item
        yield node


def export_jsonld(graph: nx.MultiDiGraph, dest: Path, *, base_iri: str = DEFAULT_BASE_IRI) -> list[Path]:
    """Write `graph` as JSON-LD: the shipped context (plus `@base`), then one node object a line."""
    dest = Path(dest)
    context = jsonld_context()["@context"] | {"@base": base_iri}
    compactor = _Compactor(context, base_iri)
    with atomic_write(dest) as out:
        out.write('{"@context": ' + json.dumps(context, ensure_ascii=False, indent=1) + ',\n"@graph": [\n')
        separator = ""
        for node in _node_objects(generate_triples(graph, base_iri, _PLAIN_TERMS), compactor):
            out.write(separator + json.dumps(node, ensure_ascii=False))
            separator = ",\n"
        out.write("\n]}\n")
    return [dest]

