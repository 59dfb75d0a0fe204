"""The RDF exports parse back in two independent parsers, agree, validate, and keep every fact."""

from __future__ import annotations

import json
import warnings
from importlib import resources
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pyshacl
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, PROV, RDF, SDO, XSD

from kg.errors import ExportError
from kg.exporters import DEFAULT_FILES, EXPORTERS, export
from kg.exporters.jsonld import jsonld_context
from kg.exporters.rdf import DEFAULT_BASE_IRI, node_iri, rdflib_graph
from kg.exporters.vocab import CITO, KG
from kg.exporters.xml_text import xml_safe

FORMATS = {"turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
STREAMED = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}
SHAPES = resources.files("kg").joinpath("data/shapes/kg.shacl.ttl")
ONTOLOGY_DOC = Path(__file__).resolve().parents[2] / "docs" / "ontology.md"

PREFIXES = """
PREFIX cito: <http://purl.org/spar/cito/>
PREFIX kg: <https://w3id.org/kg/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""


def _write(graph: nx.MultiDiGraph, name: str, folder: Path, **options) -> Path:
    written = export(graph, name, folder / DEFAULT_FILES[name], **options)
    assert written == [folder / DEFAULT_FILES[name]]
    return written[0]


def _parse(path: Path, name: str) -> rdflib.Graph:
    with warnings.catch_warnings():
        # rdflib 7.6's own JSON-LD parser builds a ConjunctiveGraph it has deprecated.
        warnings.filterwarnings("ignore", "ConjunctiveGraph is deprecated", DeprecationWarning)
        return rdflib.Graph().parse(path, format=FORMATS[name])


def _expected(graph: nx.MultiDiGraph, name: str) -> rdflib.Graph:
    """What the file must hold: the in-memory export, with XML's one loss for RDF/XML."""
    return rdflib_graph(graph, text=xml_safe if name == "rdfxml" else str)


def _shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(data=SHAPES.read_text(encoding="utf-8"), format="turtle")


def _neutral_rdflib(term: rdflib.term.Node) -> tuple:
    if isinstance(term, rdflib.Literal):
        return ("literal", str(term), str(term.datatype or XSD.string), term.language)
    return ("iri", str(term))


def _neutral_oxigraph(term: ox.NamedNode | ox.Literal) -> tuple:
    if isinstance(term, ox.Literal):
        return ("literal", term.value, term.datatype.value, term.language)
    return ("iri", term.value)


@pytest.fixture
def hostile_graph(tiny_graph: nx.MultiDiGraph, hostile_text: str) -> nx.MultiDiGraph:
    tiny_graph.nodes["paper:arxiv-1706.03762"]["title"] = hostile_text
    tiny_graph.edges["paper:t-0123456789ab", "paper:arxiv-1706.03762", "cites"]["evidence"] = hostile_text
    return tiny_graph


def test_every_rdf_format_is_registered_with_its_file() -> None:
    assert {name: DEFAULT_FILES[name] for name in FORMATS} == {
        "turtle": "graph.ttl", "ntriples": "graph.nt", "jsonld": "graph.jsonld", "rdfxml": "graph.rdf"}
    assert all(EXPORTERS[name].split(":")[0] in ("kg.exporters.rdf", "kg.exporters.jsonld") for name in FORMATS)


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("which", ["tiny", "random"])
def test_export_parses_back_isomorphic(name, which, tiny_graph, random_graph, tmp_path) -> None:
    graph = tiny_graph if which == "tiny" else random_graph
    parsed = _parse(_write(graph, name, tmp_path), name)
    expected = _expected(graph, name)
    assert len(parsed) == len(expected) > 10 * graph.number_of_edges()
    assert isomorphic(parsed, expected)


def test_all_formats_are_isomorphic_to_each_other(tiny_graph, tmp_path) -> None:
    graphs = [_parse(_write(tiny_graph, name, tmp_path), name) for name in FORMATS]
    assert all(isomorphic(graphs[0], other) for other in graphs[1:])


@pytest.mark.parametrize("name", STREAMED)
def test_pyoxigraph_and_rdflib_read_the_same_triples(name, random_graph, tmp_path) -> None:
    path = _write(random_graph, name, tmp_path)
    by_rdflib = {tuple(_neutral_rdflib(t) for t in triple) for triple in _parse(path, name)}
    by_oxigraph = [tuple(_neutral_oxigraph(t) for t in (q.subject, q.predicate, q.object))
                   for q in ox.parse(path=path, format=STREAMED[name])]
    assert len(by_oxigraph) == len(by_rdflib) > 15_000
    assert set(by_oxigraph) == by_rdflib
    sample = (("iri", node_iri("paper:arxiv-2401.00001")), ("iri", str(RDF.type)), ("iri", str(SDO.ScholarlyArticle)))
    assert sample in by_rdflib


@pytest.mark.parametrize("name", FORMATS)
def test_hostile_text_survives_the_round_trip(name, hostile_graph, hostile_text, tmp_path) -> None:
    parsed = _parse(_write(hostile_graph, name, tmp_path), name)
    want = xml_safe(hostile_text) if name == "rdfxml" else hostile_text
    paper = rdflib.URIRef(node_iri("paper:arxiv-1706.03762"))
    assert [str(title) for title in parsed.objects(paper, DCTERMS.title)] == [want]
    assert [str(s) for s in parsed.objects(None, KG.sentence) if "alert" in s] == [want]


def test_rdfxml_replaces_only_what_xml_cannot_hold(hostile_text) -> None:
    assert xml_safe(hostile_text).count("\ufffd") == 3
    assert xml_safe("emoji 🤖 tab\t cr\r rtl\u200f") == "emoji 🤖 tab\t cr\r rtl\u200f"


def test_shacl_shapes_accept_the_exports(tiny_graph, graph_maker, tmp_path) -> None:
    for graph in (tiny_graph, graph_maker(30, seed=3, hostile=True)):
        data = _parse(_write(graph, "turtle", tmp_path), "turtle")
        conforms, _, report = pyshacl.validate(data, shacl_graph=_shapes())
        assert conforms, report


def _drop_title(data: rdflib.Graph) -> None:
    data.remove((rdflib.URIRef(node_iri("paper:arxiv-1706.03762")), DCTERMS.title, None))


def _overconfident(data: rdflib.Graph) -> None:
    statement = next(data.subjects(RDF.predicate, CITO.cites))
    data.set((statement, KG.confidence, rdflib.Literal(1.5)))


def _text_upvotes(data: rdflib.Graph) -> None:
    data.add((rdflib.URIRef(node_iri("paper:t-0123456789ab")), KG.upvotes, rdflib.Literal("many")))


def _cites_a_method(data: rdflib.Graph) -> None:
    data.add((rdflib.URIRef(node_iri("paper:t-0123456789ab")), CITO.cites,
              rdflib.URIRef(node_iri("method:bert"))))


def _unknown_kind(data: rdflib.Graph) -> None:
    data.set((rdflib.URIRef(node_iri("method:bert")), KG.kind, rdflib.Literal("gadget")))


@pytest.mark.parametrize("breakage", [_drop_title, _overconfident, _text_upvotes, _cites_a_method, _unknown_kind])
def test_shacl_shapes_reject_a_broken_graph(breakage, tiny_graph) -> None:
    data = rdflib_graph(tiny_graph)
    assert pyshacl.validate(data, shacl_graph=_shapes())[0]
    breakage(data)
    assert not pyshacl.validate(data, shacl_graph=_shapes())[0]


def test_iris_are_stable_across_runs_and_insertion_order(graph_maker, tmp_path) -> None:
    first = graph_maker(40, seed=5)
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(first.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(first.edges(keys=True, data=True))))
    a = (tmp_path / "a").resolve()
    b = (tmp_path / "b").resolve()
    parsed = [_parse(_write(graph, "ntriples", folder), "ntriples") for graph, folder in ((first, a), (shuffled, b))]
    assert set(parsed[0]) == set(parsed[1])
    assert node_iri("paper:arxiv-1706.03762") == "https://w3id.org/kg/paper/arxiv-1706.03762"
    assert node_iri("link:example.org/a b?c=ü") == "https://w3id.org/kg/link/example.org%2Fa%20b%3Fc%3D%C3%BC"


def test_statement_iris_do_not_change_between_versions(tiny_graph) -> None:
    data = rdflib_graph(tiny_graph)
    cites = rdflib.URIRef(DEFAULT_BASE_IRI + "statement/cc2b7e65d2a9d56c6fc6")
    assert data.value(cites, RDF.subject) == rdflib.URIRef(node_iri("paper:t-0123456789ab"))
    assert data.value(cites, RDF.predicate) == CITO.cites


@pytest.mark.parametrize("name", FORMATS)
@pytest.mark.parametrize("base", ["http://example.org/mine/", "https://example.org/data#", "urn:example:"])
def test_any_base_iri_round_trips(name, base, tiny_graph, tmp_path) -> None:
    parsed = _parse(_write(tiny_graph, name, tmp_path, base_iri=base), name)
    assert isomorphic(parsed, rdflib_graph(tiny_graph, base))
    assert (rdflib.URIRef(base + "method/bert"), RDF.type, KG.Method) in parsed


def test_base_iri_moves_the_nodes_not_the_vocabulary(tiny_graph, tmp_path) -> None:
    parsed = _parse(_write(tiny_graph, "turtle", tmp_path, base_iri="http://example.org/mine/"), "turtle")
    subjects = {str(s) for s in parsed.subjects(RDF.type, None)}
    assert "http://example.org/mine/paper/arxiv-1706.03762" in subjects
    assert not any(s.startswith(DEFAULT_BASE_IRI) for s in subjects)
    assert (rdflib.URIRef("http://example.org/mine/method/bert"), RDF.type, KG.Method) in parsed


@pytest.mark.parametrize("base", ["no-scheme/", "https://example.org/no-trailing-slash", "https://exa mple.org/"])
def test_a_bad_base_iri_is_refused(base, tiny_graph, tmp_path) -> None:
    with pytest.raises(ExportError, match="base IRI"):
        export(tiny_graph, "turtle", tmp_path / "graph.ttl", base_iri=base)


def test_every_node_attribute_is_carried(random_graph) -> None:
    data = rdflib_graph(random_graph)
    for node, attrs in random_graph.nodes(data=True):
        values = sum(len([v for v in (value if isinstance(value, list) else [value]) if v not in (None, "")])
                     for value in attrs.values())
        carried = [(p, o) for p, o in data.predicate_objects(rdflib.URIRef(node_iri(node)))
                   if isinstance(o, rdflib.Literal) or p == PROV.wasDerivedFrom]
        assert len(carried) == values + 1, node  # + dcterms:identifier


def test_analysis_results_and_unknown_attributes_are_typed(tiny_graph) -> None:
    tiny_graph.nodes["method:bert"].update(pagerank=0.25, community=3, community_label="NLP", degree=4,
                                           betweenness=0.0, **{"new metric": 1.5})
    data = rdflib_graph(tiny_graph)
    bert = rdflib.URIRef(node_iri("method:bert"))
    assert data.value(bert, KG.pagerank) == rdflib.Literal("0.25", datatype=XSD.double)
    assert data.value(bert, KG.community) == rdflib.Literal("3", datatype=XSD.integer)
    assert data.value(bert, KG.communityLabel) == rdflib.Literal("NLP")
    assert data.value(bert, rdflib.URIRef(str(KG._NS) + "new_metric")).toPython() == 1.5


def test_sparql_finds_explicit_and_inferred_citations_with_their_evidence(tiny_graph, tmp_path) -> None:
    tiny_graph.add_edge("paper:arxiv-1706.03762", "paper:t-0123456789ab", key="cites", rel="cites",
                        confidence=1.0, rule="reference_list", evidence="", source="refs.bib",
                        field="metadata", start=0, end=0, inferred=False)
    store = ox.Store()
    store.load(path=_write(tiny_graph, "turtle", tmp_path), format=ox.RdfFormat.TURTLE)
    cites = {(a["a"].value, a["b"].value) for a in store.query(PREFIXES + "SELECT ?a ?b { ?a cito:cites ?b }")}
    bert, transformer = node_iri("paper:t-0123456789ab"), node_iri("paper:arxiv-1706.03762")
    assert cites == {(bert, transformer), (transformer, bert)}
    inferred = list(store.query(PREFIXES + """
        SELECT ?a ?b ?confidence ?sentence ?file WHERE {
          ?a cito:cites ?b .
          ?s rdf:subject ?a ; rdf:predicate cito:cites ; rdf:object ?b ;
             kg:inferred true ; kg:confidence ?confidence ; kg:sentence ?sentence ;
             prov:wasDerivedFrom [ kg:path ?file ] .
        }"""))
    assert len(inferred) == 1
    row = inferred[0]
    assert (row["a"].value, row["b"].value, float(row["confidence"].value), row["file"].value) == (
        bert, transformer, 0.8, "tiny.txt")
    assert row["sentence"].value == "We introduce BERT, which builds on the Transformer."


def test_use_of_a_proposed_method_is_cito_uses_method_in_the_proposing_paper(tiny_graph) -> None:
    data = rdflib_graph(tiny_graph)
    bert, transformer = (rdflib.URIRef(node_iri(n)) for n in ("paper:t-0123456789ab", "paper:arxiv-1706.03762"))
    assert list(data.subject_objects(CITO.usesMethodIn)) == [(bert, transformer)]
    assert not list(data.subject_objects(CITO.usesDataFrom))  # WMT 2014 is used, but proposed by no paper
    statement = next(data.subjects(RDF.predicate, CITO.usesMethodIn))
    assert data.value(statement, KG.inferred).toPython() is True
    joined = set(data.objects(statement, PROV.wasDerivedFrom))
    assert {data.value(s, RDF.predicate) for s in joined} == {KG.usesMethod, KG.proposes}


def test_a_method_two_papers_propose_gives_no_cito_characterisation(tiny_graph) -> None:
    tiny_graph.add_node("paper:t-other", kind="paper", label="Another Transformer", title="Another Transformer")
    tiny_graph.add_edge("paper:t-other", "method:transformer", key="proposes",
                        **tiny_graph.edges["paper:arxiv-1706.03762", "method:transformer", "proposes"])
    assert not list(rdflib_graph(tiny_graph).subject_objects(CITO.usesMethodIn))


def test_every_statement_names_a_triple_that_is_in_the_graph(random_graph) -> None:
    data = rdflib_graph(random_graph)
    statements = list(data.subjects(RDF.type, RDF.Statement))
    assert len(statements) > random_graph.number_of_edges()
    for statement in statements:
        assert (data.value(statement, RDF.subject), data.value(statement, RDF.predicate),
                data.value(statement, RDF.object)) in data


_PREDICATES = {"proposes": KG.proposes, "uses_method": KG.usesMethod, "uses_dataset": KG.usesDataset,
               "has_code": KG.hasCode, "has_link": KG.hasLink, "cites": CITO.cites, "authored_by": SDO.author,
               "affiliated_with": SDO.sourceOrganization, "listed_in": KG.listedIn}


def _stated_by_source(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`graph` with its listing and organisation edges marked as facts the paper's own record states."""
    for u, v, rel in graph.edges(keys=True):
        if rel in ("listed_in", "affiliated_with"):
            graph.edges[u, v, rel]["rule"] = "metadata"
    return graph


def _statements_about(data: rdflib.Graph, u: str, predicate: rdflib.URIRef, v: str) -> list:
    subjects = set(data.subjects(RDF.subject, rdflib.URIRef(node_iri(u))))
    return [s for s in subjects if (s, RDF.predicate, predicate) in data
            and (s, RDF.object, rdflib.URIRef(node_iri(v))) in data]


def test_a_fact_the_source_states_is_its_triple_and_the_papers_provenance(tiny_graph) -> None:
    reified = len(rdflib_graph(tiny_graph))
    data = rdflib_graph(_stated_by_source(tiny_graph))
    transformer = "paper:arxiv-1706.03762"
    assert (rdflib.URIRef(node_iri(transformer)), KG.listedIn, rdflib.URIRef(node_iri("listing:tiny.txt"))) in data
    assert not _statements_about(data, transformer, KG.listedIn, "listing:tiny.txt")
    assert not _statements_about(data, transformer, SDO.sourceOrganization, "organization:google")
    source = data.value(rdflib.URIRef(node_iri(transformer)), PROV.wasDerivedFrom)
    assert data.value(source, KG.path) == rdflib.Literal("tiny.txt")
    assert len(list(data.subjects(RDF.type, RDF.Statement))) == 6 + 1  # the other edges + usesMethodIn
    # each stated fact loses its statement: a type, subject, predicate, object, confidence,
    # inferred flag, rule, field and source
    assert len(data) == reified - 3 * 9


@pytest.mark.parametrize("change", [{"source": "elsewhere.txt"}, {"confidence": 0.9}, {"inferred": True},
                                    {"evidence": "Affiliation: Google."}, {"start": 3, "end": 9},
                                    {"rule": "affiliation_line"}, {"note": "checked by hand"}])
def test_a_stated_fact_with_anything_more_to_say_keeps_its_statement(change, tiny_graph) -> None:
    graph = _stated_by_source(tiny_graph)
    graph.edges["paper:arxiv-1706.03762", "organization:google", "affiliated_with"].update(change)
    data = rdflib_graph(graph)
    [statement] = _statements_about(data, "paper:arxiv-1706.03762", SDO.sourceOrganization, "organization:google")
    assert data.value(statement, KG.rule) is not None and data.value(statement, KG.confidence) is not None
    assert pyshacl.validate(data, shacl_graph=_shapes())[0]


def test_a_statement_writes_only_what_its_triple_does_not_say(tiny_graph) -> None:
    data = rdflib_graph(tiny_graph)
    [proposal] = _statements_about(data, "paper:arxiv-1706.03762", KG.proposes, "method:transformer")
    said = {(p, o.toPython()) for p, o in data.predicate_objects(proposal) if isinstance(o, rdflib.Literal)}
    assert said == {
        (KG.confidence, 1.0), (KG.inferred, False), (KG.rule, "we_propose"), (KG.field, "abstract"),
        (KG.sentence, "We propose the Transformer, built on attention alone."), (KG.start, 7), (KG.end, 22)}
    [code] = _statements_about(data, "paper:t-0123456789ab", KG.hasCode, "repository:github.com/google-research/bert")
    assert data.value(code, KG.sentence) is None and data.value(code, KG.start) is None  # "" and 0-0 say nothing
    assert data.value(code, PROV.wasDerivedFrom) is not None


def test_every_edge_attribute_is_in_the_export_or_implied_by_its_source(random_graph) -> None:
    graph = _stated_by_source(random_graph.copy())
    for u, v, rel, attrs in graph.edges(keys=True, data=True):
        if rel in ("listed_in", "affiliated_with") and u.startswith("paper:"):
            attrs.update(field="metadata", evidence="", start=0, end=0, confidence=1.0, inferred=False,
                         source=graph.nodes[u]["sources"][0])
    data = rdflib_graph(graph)
    bare = 0
    for u, v, rel, attrs in graph.edges(keys=True, data=True):
        statements = _statements_about(data, u, _PREDICATES[rel] if u.startswith("paper:") else SDO.affiliation, v)
        if not statements:
            bare += 1
            assert attrs["rule"] == "metadata" and attrs["source"] in graph.nodes[u]["sources"], (u, rel, v)
            continue
        said = {str(p).rpartition("#")[2] for p, _ in data.predicate_objects(statements[0])}
        span = [] if attrs["start"] == attrs["end"] == 0 else ["start", "end"]
        wanted = {"confidence", "inferred", "rule", "field", *span, *(["sentence"] if attrs["evidence"] else []),
                  *(["mentionedAs"] if attrs.get("name") else [])}
        assert wanted <= said, (u, rel, v)
    assert bare == 2 * 80


def test_jsonld_uses_the_shipped_context(tiny_graph, tmp_path) -> None:
    document = json.loads(_write(tiny_graph, "jsonld", tmp_path).read_text(encoding="utf-8"))
    shipped = jsonld_context()["@context"]
    assert document["@context"] == shipped | {"@base": DEFAULT_BASE_IRI}
    nodes = {item.get("identifier"): item for item in document["@graph"]}
    paper = nodes["paper:arxiv-1706.03762"]
    assert (paper["@id"], paper["@type"]) == ("paper/arxiv-1706.03762", "schema:ScholarlyArticle")
    assert (paper["title"], paper["authorsCount"]) == ("Attention Is All You Need", "8")
    assert paper["issued"] == {"@value": "2017-06-12", "@type": "xsd:date"}
    assert nodes["method:bert"]["@type"] == "kg:Method"
    citation = next(item for item in document["@graph"] if item.get("predicate") == "cito:cites")
    assert (citation["predicate"], citation["subject"], citation["confidence"]) == (
        "cito:cites", "paper/t-0123456789ab", "0.8")


def test_a_failed_export_leaves_the_previous_file(tiny_graph, tmp_path) -> None:
    path = _write(tiny_graph, "ntriples", tmp_path)
    before = path.read_bytes()
    tiny_graph.add_edge("paper:t-0123456789ab", "method:bert", key="admires", rel="admires")
    with pytest.raises(ExportError, match="admires"):
        export(tiny_graph, "ntriples", path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_node_of_unknown_kind_is_refused(tiny_graph, tmp_path) -> None:
    tiny_graph.add_node("gadget:x", kind="gadget")
    with pytest.raises(ExportError, match="gadget:x"):
        export(tiny_graph, "turtle", tmp_path / "graph.ttl")


def test_every_kg_term_is_documented() -> None:
    documented = ONTOLOGY_DOC.read_text(encoding="utf-8")
    missing = [name for name in KG.__annotations__ if f"`kg:{name}`" not in documented]
    assert not missing


@pytest.mark.slow
def test_the_seeds_build_conforms_and_both_parsers_agree(seeds_build: Path) -> None:
    turtle = _parse(seeds_build / DEFAULT_FILES["turtle"], "turtle")
    assert len(turtle) > 10_000
    conforms, _, report = pyshacl.validate(turtle, shacl_graph=_shapes())
    assert conforms, report
    expected = {tuple(_neutral_rdflib(t) for t in triple) for triple in turtle}
    for name in STREAMED:
        quads = ox.parse(path=seeds_build / DEFAULT_FILES[name], format=STREAMED[name])
        assert {tuple(_neutral_oxigraph(t) for t in (q.subject, q.predicate, q.object)) for q in quads} == expected
    assert set(_parse(seeds_build / DEFAULT_FILES["jsonld"], "jsonld")) == set(turtle)
