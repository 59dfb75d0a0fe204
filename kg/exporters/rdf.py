"""RDF exporters: the graph in schema.org, DCTERMS, CiTO and PROV-O terms, in four syntaxes.

One generator describes the graph as triples; each syntax only chooses where they go.
N-Triples and Turtle stream through pyoxigraph's serialiser, which never holds the
graph (5x rdflib's speed for N-Triples, 11x for Turtle, in less than half the memory;
numbers in docs/ontology.md); JSON-LD streams through kg/exporters/jsonld.py; RDF/XML
goes through rdflib, which holds the whole graph (fine for small graphs only).

Every relation `u -rel-> v` is written as the direct triple, so that `?a cito:cites ?b`
finds explicit and inferred citations alike. An extracted or inferred relation also gets
an `rdf:Statement` about that triple carrying its evidence (confidence, rule, sentence,
span, `prov:wasDerivedFrom` the source file), so that SPARQL can tell them apart. A fact
the subject's own source record states (rule "metadata": authors, organisation, listing)
is the triple alone: its statement would say only what the subject's
`prov:wasDerivedFrom` already does. A statement writes only triples that say something:
not the relation name (its predicate says it), no empty text, no 0-0 span.
docs/ontology.md documents every term and mapping.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox
import rdflib
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SDO, XSD

from kg.atomic import atomic_write
from kg.errors import ExportError
from kg.exporters.vocab import CITO, KG
from kg.exporters.xml_text import xml_safe
from kg.graph import exported_attributes
from kg.model import NodeKind, RelKind

__all__ = [
    "DEFAULT_BASE_IRI",
    "OXIGRAPH_TERMS",
    "Terms",
    "export_ntriples",
    "export_rdfxml",
    "export_turtle",
    "generate_triples",
    "node_iri",
    "prefixes",
    "rdflib_graph",
    "rdflib_terms",
]

#: where node IRIs live unless `base_iri` says otherwise; the vocabulary (KG) does not move.
DEFAULT_BASE_IRI = "https://w3id.org/kg/"

_CLASSES = {
    NodeKind.PAPER.value: SDO.ScholarlyArticle,
    NodeKind.METHOD.value: KG.Method,
    NodeKind.DATASET.value: SDO.Dataset,
    NodeKind.REPOSITORY.value: SDO.SoftwareSourceCode,
    NodeKind.LINK.value: SDO.WebPage,
    NodeKind.ORGANIZATION.value: SDO.Organization,
    NodeKind.AUTHOR.value: SDO.Person,
    NodeKind.LISTING.value: KG.Listing,
    NodeKind.CITED_WORK.value: SDO.CreativeWork,
}

_RELATIONS = {
    RelKind.PROPOSES.value: KG.proposes,
    RelKind.USES_METHOD.value: KG.usesMethod,
    RelKind.USES_DATASET.value: KG.usesDataset,
    RelKind.HAS_CODE.value: KG.hasCode,
    RelKind.HAS_LINK.value: KG.hasLink,
    RelKind.CITES.value: CITO.cites,
    RelKind.AUTHORED_BY.value: SDO.author,
    RelKind.AFFILIATED_WITH.value: SDO.sourceOrganization,
    RelKind.LISTED_IN.value: KG.listedIn,
}
# kg's two classes refine schema.org ones; every export states it for RDFS reasoners.
_SUBCLASSES = ((KG.Method, SDO.DefinedTerm), (KG.Listing, SDO.Collection))

# schema:sourceOrganization is said of works; a person's organisation is schema:affiliation.
_AUTHOR_AFFILIATION = SDO.affiliation

# A paper using a method (dataset) that another paper proposes is CiTO's usesMethodIn
# (usesDataFrom): the citing work uses a method described in the cited work.
_CHARACTERISATIONS = {
    RelKind.USES_METHOD.value: ("uses_method_in", CITO.usesMethodIn),
    RelKind.USES_DATASET.value: ("uses_data_from", CITO.usesDataFrom),
}

_NODE_PROPERTIES = {
    "kind": KG.kind,
    "label": RDFS.label,
    "title": DCTERMS.title,
    "abstract": DCTERMS.abstract,
    "date": KG.dateShown,
    "published": DCTERMS.issued,
    "upvotes": KG.upvotes,
    "authors_count": KG.authorsCount,
    "org": KG.organizationName,
    "arxiv_id": KG.arxivId,
    "doi": KG.doi,
    "sources": PROV.wasDerivedFrom,
    "name": SDO.name,
    "aliases": SDO.alternateName,
    "url": SDO.url,
    "path": KG.path,
    "pagerank": KG.pagerank,
    "degree": KG.degree,
    "betweenness": KG.betweenness,
    "community": KG.community,
    "community_label": KG.communityLabel,
}

#: an attribute mapped to None is not written: `rel` repeats the statement's predicate.
_EDGE_PROPERTIES: dict[str, str | None] = {
    "rel": None,
    "confidence": KG.confidence,
    "inferred": KG.inferred,
    "rule": KG.rule,
    "evidence": KG.sentence,
    "source": PROV.wasDerivedFrom,
    "field": KG.field,
    "start": KG.start,
    "end": KG.end,
    "name": KG.mentionedAs,
}
#: a 0-0 span is no span: evidence the source states outright has none.
_EDGE_PROPERTIES_WITHOUT_SPAN = _EDGE_PROPERTIES | {"start": None, "end": None}

#: the evidence of a fact a source record states: a relation with only these (and its
#: subject's own source) needs no statement.
_STATED_BY_SOURCE = {"rule": "metadata", "field": "metadata", "confidence": 1.0, "inferred": False,
                     "start": 0, "end": 0}

_PREFIXES = {
    "kg": str(KG._NS),
    "schema": str(SDO._NS),
    "dcterms": str(DCTERMS._NS),
    "cito": str(CITO._NS),
    "prov": str(PROV._NS),
    "rdf": str(RDF._NS),
    "rdfs": str(RDFS._NS),
    "xsd": str(XSD._NS),
}

_NOT_NAME_CHAR = re.compile(r"\W")
_PARTIAL_DATES = ((re.compile(r"\d{4}-\d{2}"), XSD.gYearMonth), (re.compile(r"\d{4}"), XSD.gYear))


def node_iri(node: str, base_iri: str = DEFAULT_BASE_IRI) -> str:
    """The stable IRI of graph node ``"<kind>:<local>"``: base + kind + "/" + encoded local.

    >>> node_iri("repository:github.com/google-research/bert")
    'https://w3id.org/kg/repository/github.com%2Fgoogle-research%2Fbert'
    """
    kind, sep, local = node.partition(":")
    if not sep or kind not in _CLASSES:
        raise ExportError(f"node {node!r} is not a '<kind>:<local>' id of a known kind")
    return f"{base_iri}{kind}/{_path_segment(local)}"


def _statement_iri(base_iri: str, u: str, rel: str, v: str) -> str:
    """One IRI per relation: the graph holds at most one edge of a kind between two nodes."""
    digest = hashlib.sha1(f"{u}\x1f{rel}\x1f{v}".encode()).hexdigest()[:20]
    return f"{base_iri}statement/{digest}"


def _source_iri(base_iri: str, path: str) -> str:
    return f"{base_iri}source/{_path_segment(path)}"


def _path_segment(text: str) -> str:
    """Percent-encoded, with a final "." encoded too: Turtle writers then emit a prefixed
    name rdflib can read back (a name ending in an escaped dot it cannot)."""
    encoded = quote(text, safe="")
    return encoded[:-1] + "%2E" if encoded.endswith(".") else encoded


def _extra_property(name: str) -> str:
    """An attribute kg's vocabulary does not list yet still travels, as kg:<name>."""
    local = _NOT_NAME_CHAR.sub("_", name)
    return str(KG._NS) + (local if local[:1].isalpha() or local[:1] == "_" else "_" + local)


def _double(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "INF" if value > 0 else "-INF"
    return repr(value)


_XSD_BOOLEAN, _XSD_INTEGER, _XSD_DOUBLE = str(XSD.boolean), str(XSD.integer), str(XSD.double)


def _typed(value: Any) -> tuple[str, str | None]:
    """Lexical form and XSD datatype of a Python value (None datatype: a plain string)."""
    kind = type(value)
    if kind is str:  # the common types first: a shortcut past the abstract-class checks below
        return value, None
    if kind is int:
        return str(value), _XSD_INTEGER
    if kind is float:
        return _double(value), _XSD_DOUBLE
    if isinstance(value, bool):
        return ("true" if value else "false"), _XSD_BOOLEAN
    if isinstance(value, numbers.Integral):
        return str(int(value)), _XSD_INTEGER
    if isinstance(value, numbers.Real):
        return _double(float(value)), _XSD_DOUBLE
    return str(value), None


def _date_typed(text: str) -> tuple[str, str | None]:
    """ISO dates become xsd:date (or gYearMonth / gYear); anything else stays text."""
    try:
        return date.fromisoformat(text).isoformat(), str(XSD.date)
    except ValueError:
        for pattern, datatype in _PARTIAL_DATES:
            if pattern.fullmatch(text):
                return text, str(datatype)
    return text, None


#: attribute values that hold several values, one triple each; None and "" hold none.
_COLLECTIONS = (list, tuple, set, frozenset)


@dataclass(frozen=True)
class Terms:
    """How one RDF library spells IRIs, literals and triples; the generator is library-neutral."""

    iri: Callable[[str], Any]
    literal: Callable[[str, Any], Any]  # (lexical form, datatype IRI term or None)
    triple: Callable[[Any, Any, Any], Any]


def _oxigraph_literal(text: str, datatype: Any) -> ox.Literal:
    return ox.Literal(text, datatype=datatype) if datatype is not None else ox.Literal(text)


OXIGRAPH_TERMS = Terms(ox.NamedNode, _oxigraph_literal, ox.Triple)


def rdflib_terms(text: Callable[[str], str] = str) -> Terms:
    """rdflib terms; `text` rewrites every lexical form (RDF/XML passes `xml_safe`)."""
    return Terms(
        rdflib.URIRef,
        lambda lexical, datatype: rdflib.Literal(text(lexical), datatype=datatype),
        lambda s, p, o: (s, p, o),
    )


class _TripleGenerator:
    """Walks the graph once and yields its triples in the terms of one RDF library."""

    def __init__(self, graph: nx.MultiDiGraph, base_iri: str, terms: Terms) -> None:
        self.graph = graph
        self.base_iri = base_iri
        self.terms = terms
        self._iris: dict[str, Any] = {}
        self._node_terms: dict[str, Any] = {}
        self._columns: dict[int, dict[str, tuple[Any, Callable[[Any], Any]]]] = {}
        self._sources: set[str] = set()
        self._type = self._iri(RDF.type)
        self._reification = tuple(self._iri(term) for term in (RDF.Statement, RDF.subject, RDF.predicate, RDF.object))
        self._special = {
            str(PROV.wasDerivedFrom): self._source_object,
            str(DCTERMS.issued): lambda value: self._literal(*_date_typed(str(value))),
            str(SDO.url): lambda value: self._literal(str(value), str(XSD.anyURI)),
        }

    def __iter__(self) -> Iterator[Any]:
        triple = self.terms.triple
        identifier = self._iri(DCTERMS.identifier)
        for subclass, superclass in _SUBCLASSES:
            yield triple(self._iri(subclass), self._iri(RDFS.subClassOf), self._iri(superclass))
        with exported_attributes(self.graph) as attributes:
            for node, data in self.graph.nodes(data=True):
                subject = self._node_term(node)
                yield triple(subject, self._type, self._iri(_CLASSES[node.partition(":")[0]]))
                yield triple(subject, identifier, self.terms.literal(node, None))
                yield from self._attributes(subject, attributes(node, data), _NODE_PROPERTIES)
        for u, v, rel, data in self.graph.edges(keys=True, data=True):
            if self._stated_by_source(u, data):
                yield triple(self._node_term(u), self._iri(self._predicate(u, rel)), self._node_term(v))
                continue
            statement = yield from self._relation(u, rel, v, self._predicate(u, rel))
            spanless = data.get("start") == 0 and data.get("end") == 0
            yield from self._attributes(statement, data, _EDGE_PROPERTIES_WITHOUT_SPAN if spanless
                                        else _EDGE_PROPERTIES)
        yield from self._characterisations()
        for path in sorted(self._sources):
            source = self._iri(_source_iri(self.base_iri, path))
            yield triple(source, self._type, self._iri(PROV.Entity))
            yield from self._attributes(source, {"path": path}, _NODE_PROPERTIES)

    def _iri(self, iri: str) -> Any:
        term = self._iris.get(iri)
        if term is None:
            term = self._iris[iri] = self.terms.iri(str(iri))
        return term

    def _node_term(self, node: str) -> Any:
        term = self._node_terms.get(node)
        if term is None:  # a node is named once per edge it has: encode its IRI once
            term = self._node_terms[node] = self._iri(node_iri(node, self.base_iri))
        return term

    def _literal(self, lexical: str, datatype: str | None) -> Any:
        return self.terms.literal(lexical, None if datatype is None else self._iri(datatype))

    def _source_object(self, path: Any) -> Any:
        self._sources.add(str(path))
        return self._iri(_source_iri(self.base_iri, str(path)))

    def _typed_literal(self, value: Any) -> Any:
        if type(value) is str:  # most values: no datatype to work out
            return self.terms.literal(value, None)
        lexical, datatype = _typed(value)
        return self.terms.literal(lexical, None if datatype is None else self._iri(datatype))

    def _column(self, name: str, known: dict[str, str | None],
                columns: dict[str, tuple[Any, Callable[[Any], Any]]]) -> tuple[Any, Callable[[Any], Any]]:
        """Predicate term and value encoder for an attribute, worked out once per name;
        (None, None) for an attribute that is not written."""
        if name in known and known[name] is None:
            column = columns[name] = (None, None)
            return column
        predicate = str(known.get(name) or _extra_property(name))
        encode = self._special.get(predicate) or self._typed_literal
        column = columns[name] = (self._iri(predicate), encode)
        return column

    def _attributes(self, subject: Any, data: dict, known: dict[str, str | None]) -> Iterator[Any]:
        """One triple per value of every attribute; the inner loop of every export, so kept lean."""
        columns = self._columns.setdefault(id(known), {})
        triple = self.terms.triple
        for name, value in data.items():
            predicate, encode = columns.get(name) or self._column(name, known, columns)
            if predicate is None or value is None or value == "":
                continue
            if isinstance(value, _COLLECTIONS):
                for item in value:
                    if item is not None and item != "":
                        yield triple(subject, predicate, encode(item))
            else:
                yield triple(subject, predicate, encode(value))

    def _stated_by_source(self, u: str, data: dict) -> bool:
        """True for a relation the subject's own source record states and nothing more.

        Its statement would repeat rule "metadata", confidence 1, not inferred, no
        sentence and no span, and name a source the subject is `prov:wasDerivedFrom`
        already; any other attribute (or another source) keeps the statement.
        """
        if data.get("rule") != "metadata":
            return False
        sources = self.graph.nodes[u].get("sources") or ()
        for name, value in data.items():
            if name == "source":
                if value not in sources:
                    return False
            elif name != "rel" and value is not None and value != "" and (
                    name not in _STATED_BY_SOURCE or _STATED_BY_SOURCE[name] != value):
                return False
        return True

    def _predicate(self, u: str, rel: str) -> str:
        if rel == RelKind.AFFILIATED_WITH.value and u.startswith(NodeKind.AUTHOR.value + ":"):
            return _AUTHOR_AFFILIATION
        try:
            return _RELATIONS[rel]
        except KeyError:
            raise ExportError(f"an edge from {u!r} has unknown relation {rel!r}") from None

    def _relation(self, u: str, rel: str, v: str, predicate: str) -> Iterator[Any]:
        """The triple u-predicate->v and the rdf:Statement about it; returns the statement's term."""
        subject, predicate_term, object_ = self._node_term(u), self._iri(predicate), self._node_term(v)
        statement = self.terms.iri(_statement_iri(self.base_iri, u, rel, v))
        statement_class, has_subject, has_predicate, has_object = self._reification
        triple = self.terms.triple
        yield triple(subject, predicate_term, object_)
        yield triple(statement, self._type, statement_class)
        yield triple(statement, has_subject, subject)
        yield triple(statement, has_predicate, predicate_term)
        yield triple(statement, has_object, object_)
        return statement

    def _characterisations(self) -> Iterator[Any]:
        """cito:usesMethodIn / usesDataFrom from a use edge and another paper's proposes edge.

        Only for an artifact exactly one paper proposes: as with inferred citations, a
        name several papers claim says nothing about which one the user drew on (and
        joining every user with every claimant grows with their product). The statement
        is inferred, derived from the two statements it joins, and as sure as the weaker
        of them (the best such pair when several artifacts join two papers).
        """
        proposers: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for paper, artifact, rel, data in self.graph.edges(keys=True, data=True):
            if rel == RelKind.PROPOSES.value and paper.startswith(NodeKind.PAPER.value + ":"):
                proposers[artifact].append((paper, data.get("confidence", 1.0)))
        derived: dict[tuple[str, str, str], list[tuple[str, str, float]]] = defaultdict(list)
        for user, artifact, rel, data in self.graph.edges(keys=True, data=True):
            if rel not in _CHARACTERISATIONS:
                continue
            claimants = proposers.get(artifact, ())
            if len(claimants) != 1 or claimants[0][0] == user:
                continue
            ((proposer, proposer_confidence),) = claimants
            joined = (_statement_iri(self.base_iri, user, rel, artifact),
                      _statement_iri(self.base_iri, proposer, RelKind.PROPOSES.value, artifact))
            confidence = min(data.get("confidence", 1.0), proposer_confidence)
            derived[(user, _CHARACTERISATIONS[rel][0], proposer)].append((*joined, confidence))
        predicates = dict(_CHARACTERISATIONS.values())
        for (user, name, proposer), joins in sorted(derived.items()):
            statement = yield from self._relation(user, name, proposer, predicates[name])
            evidence = {"inferred": True, "rule": "joins_use_and_proposal",
                        "confidence": float(max(join[2] for join in joins))}
            yield from self._attributes(statement, evidence, _EDGE_PROPERTIES)
            for joined in sorted({iri for join in joins for iri in join[:2]}):
                yield self.terms.triple(statement, self._iri(PROV.wasDerivedFrom), self._iri(joined))


def generate_triples(graph: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI,
                     terms: Terms = OXIGRAPH_TERMS) -> Iterator[Any]:
    """Every triple kg writes for `graph`, lazily, in the terms of one RDF library."""
    _check_base(base_iri)
    return iter(_TripleGenerator(graph, base_iri, terms))


def _check_base(base_iri: str) -> None:
    if not re.fullmatch(r"[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|\\^`]*[/#:]", base_iri):
        raise ExportError(f"base IRI {base_iri!r} must be an absolute IRI ending in '/', '#' or ':'")


def prefixes(base_iri: str) -> dict[str, str]:
    """Vocabulary prefixes plus one per node kind, so Turtle reads `paper:arxiv-1706.03762`."""
    return _PREFIXES | {kind: f"{base_iri}{kind}/" for kind in _CLASSES} | {
        "statement": f"{base_iri}statement/",
        "source": f"{base_iri}source/",
    }


def _write_streamed(graph: nx.MultiDiGraph, dest: Path, base_iri: str, syntax: ox.RdfFormat,
                    prefixed: bool) -> list[Path]:
    triples = generate_triples(graph, base_iri, OXIGRAPH_TERMS)
    with atomic_write(dest, "wb") as out:
        ox.serialize(triples, out, syntax, prefixes=prefixes(base_iri) if prefixed else None)
    return [dest]


def rdflib_graph(graph: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI,
                 text: Callable[[str], str] = str) -> rdflib.Graph:
    """The whole export as one rdflib Graph, for the syntaxes that need it all at once."""
    result = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in prefixes(base_iri).items():
        result.bind(prefix, namespace)
    add = result.add
    for triple in generate_triples(graph, base_iri, rdflib_terms(text)):
        add(triple)
    return result


def _write_text(dest: Path, text: str) -> list[Path]:
    with atomic_write(dest) as out:
        out.write(text)
    return [dest]


def export_turtle(graph: nx.MultiDiGraph, dest: Path, *, base_iri: str = DEFAULT_BASE_IRI) -> list[Path]:
    """Write `graph` as Turtle, streamed through pyoxigraph."""
    return _write_streamed(graph, Path(dest), base_iri, ox.RdfFormat.TURTLE, prefixed=True)


def export_ntriples(graph: nx.MultiDiGraph, dest: Path, *, base_iri: str = DEFAULT_BASE_IRI) -> list[Path]:
    """Write `graph` as N-Triples, streamed through pyoxigraph: one line a triple, any size."""
    return _write_streamed(graph, Path(dest), base_iri, ox.RdfFormat.N_TRIPLES, prefixed=False)


def export_rdfxml(graph: nx.MultiDiGraph, dest: Path, *, base_iri: str = DEFAULT_BASE_IRI) -> list[Path]:
    """Write `graph` as RDF/XML; characters XML 1.0 cannot hold become U+FFFD."""
    return _write_text(Path(dest), rdflib_graph(graph, base_iri, xml_safe).serialize(format="xml"))
