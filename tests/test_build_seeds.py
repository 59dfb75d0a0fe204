"""`kg build ../shared/seeds`: exactly the 576 distinct papers, and every export reads back."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import rdflib

from kg.exporters import DEFAULT_FILES



def _cards(folder):
    return [json.loads(line) for line in (folder / "papers.jsonl").read_text().splitlines()]


def test_every_default_export_is_written(seeds_build):
    for name in DEFAULT_FILES.values():
        assert (seeds_build / name).exists(), name
    assert (seeds_build / "kg.db").exists()


def test_exactly_the_distinct_papers_become_cards(seeds_build):
    cards = _cards(seeds_build)
    assert len(cards) == 576
    assert len({card["id"] for card in cards}) == 576


def test_cards_carry_exactly_the_guideline_fields(seeds_build):
    fields = {"id", "title", "authors_count", "org", "date", "upvotes",
              "proposes", "datasets", "methods", "repos", "links"}
    assert all(set(card) == fields for card in _cards(seeds_build))


def test_turtle_and_jsonld_parse_back_to_the_same_graph(seeds_build):
    turtle = rdflib.Graph().parse(seeds_build / "graph.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(seeds_build / "graph.jsonld", format="json-ld")
    assert len(turtle) > 10_000
    assert len(turtle) == len(jsonld)


def test_graphml_reads_back_with_every_node(seeds_build):
    graph = nx.read_graphml(seeds_build / "graph.graphml")
    papers = [n for n, kind in graph.nodes(data="kind") if kind == "paper"]
    assert len(papers) == 576
    assert all("pagerank" in data and "community" in data for _, data in graph.nodes(data=True))


def test_html_viewer_fetches_nothing_from_the_network(seeds_build):
    page = (seeds_build / "graph.html").read_text()
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", page, re.I)


def test_neo4j_csvs_have_import_headers(seeds_build):
    folder = seeds_build / "neo4j"
    assert (folder / "schema.cypher").exists() and (folder / "import.cypher").exists()
    for path in folder.glob("*.csv"):
        with open(path, newline="", encoding="utf-8") as f:
            header = next(csv.reader(f))
        assert any(":ID" in h or ":START_ID" in h for h in header), path


def test_every_node_in_every_export_carries_pagerank_and_community(seeds_build):
    graph = nx.read_graphml(seeds_build / "graph.graphml")
    nodes = graph.number_of_nodes()

    kg_ns = "https://w3id.org/kg/ns#"
    turtle = rdflib.Graph().parse(seeds_build / "graph.ttl", format="turtle")
    identified = set(turtle.subjects(rdflib.DCTERMS.identifier, None))
    for term in ("pagerank", "community"):
        assert identified <= set(turtle.subjects(rdflib.URIRef(kg_ns + term), None)), term
    assert len(identified) == nodes

    rows = 0
    for path in (seeds_build / "neo4j").glob("nodes_*.csv"):
        with open(path, newline="", encoding="utf-8") as f:
            table = list(csv.DictReader(f))
        rows += len(table)
        assert all(row["pagerank:double"] and row["community:long"] for row in table), path
    assert rows == nodes

    page = (seeds_build / "graph.html").read_text(encoding="utf-8")  # tooltips: [name, value] facts
    listings = sum(1 for _, kind in graph.nodes(data="kind") if kind == "listing")  # community -1 by design
    assert page.count('["PageRank",') == nodes
    assert page.count('["community",') == nodes - listings
