"""The RDF vocabularies kg writes: its own `kg` namespace and the CiTO terms it uses.

Standard vocabularies come first (schema.org, DCTERMS, PROV-O, CiTO); the `kg` namespace
only names what none of them says. Every term is listed here and documented in
docs/ontology.md; `_fail = True` turns a typo into an error instead of a silent new IRI.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

__all__ = ["KG", "CITO"]


class KG(DefinedNamespace):
    """kg's own terms: node kinds no standard class fits, relations, evidence, metrics."""

    _NS = Namespace("https://w3id.org/kg/ns#")
    _fail = True

    # classes
    Method: URIRef  # a named technique; rdfs:subClassOf schema:DefinedTerm
    Listing: URIRef  # a saved listing page; rdfs:subClassOf schema:Collection

    # node properties
    kind: URIRef  # the graph's node kind ("paper", "method", ...)
    dateShown: URIRef  # the date exactly as the listing printed it
    upvotes: URIRef
    authorsCount: URIRef
    organizationName: URIRef  # the organisation line of a listing, as text
    arxivId: URIRef
    doi: URIRef
    path: URIRef  # a file path (listings, source files)

    # analysis results
    pagerank: URIRef
    degree: URIRef
    betweenness: URIRef
    community: URIRef
    communityLabel: URIRef

    # relations without a standard property
    proposes: URIRef
    usesMethod: URIRef
    usesDataset: URIRef
    hasCode: URIRef
    hasLink: URIRef
    listedIn: URIRef

    # evidence, on the rdf:Statement that qualifies a relation
    confidence: URIRef
    inferred: URIRef
    rule: URIRef
    sentence: URIRef
    field: URIRef
    start: URIRef
    end: URIRef
    mentionedAs: URIRef  # the spelling found in the text


class CITO(DefinedNamespace):
    """The Citation Typing Ontology properties kg writes (SPAR, http://purl.org/spar/cito/)."""

    _NS = Namespace("http://purl.org/spar/cito/")
    _fail = True

    cites: URIRef
    usesMethodIn: URIRef  # citing entity uses a method described in the cited entity
    usesDataFrom: URIRef  # citing entity uses data presented in the cited entity
