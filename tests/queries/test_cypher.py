"""Every named question in Cypher on a real Neo4j answers exactly what its SPARQL answers on the RDF export.

The graph is loaded with kg's Bolt loader into the Neo4j suite's server (tests/neo4j),
so these run only where that server runs.
"""

from __future__ import annotations

import json

import pytest

from kg.exporters.neo4j_bolt import load
from kg.exporters.neo4j_schema import LABELS, REL_TYPES
from kg.queries import named_queries, run_cypher, run_named_cypher, run_named_sparql

# In the worker that builds the seeds once (tests/test_build_seeds.py uses the same group).
pytestmark = pytest.mark.neo4j

QUERIES = named_queries()


def _holding(neo4j, asked, clear):
    """The server's driver, holding exactly `asked`'s graph (loaded again if another test changed it)."""
    labels, types = "|".join(LABELS.values()), "|".join(REL_TYPES.values())
    counts = run_cypher(neo4j.driver, f"MATCH (n:{labels}) WITH count(n) AS nodes "
                                      f"OPTIONAL MATCH ()-[r:{types}]->() RETURN nodes, count(r) AS relationships")
    fingerprint = run_cypher(neo4j.driver, "MATCH (n) WHERE n.id IN $ids RETURN count(n) AS found",
                             {"ids": list(asked.graph)[:50]})
    if counts.rows != [(asked.graph.number_of_nodes(), asked.graph.number_of_edges())] \
            or fingerprint.rows != [(min(50, asked.graph.number_of_nodes()),)]:
        clear(neo4j.driver)
        load(asked.graph, neo4j.driver)
    return neo4j.driver


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_cypher_equals_sparql_on_the_seeds(neo4j, clear_neo4j, seeds, name):
    driver = _holding(neo4j, seeds, clear_neo4j)
    cypher = run_named_cypher(QUERIES[name], driver)
    sparql = run_named_sparql(QUERIES[name], seeds.store)
    assert cypher.columns == sparql.columns
    assert cypher.rows == sparql.rows
    assert cypher.rows


@pytest.mark.parametrize("name, given", [
    ("papers_with_code_for_method", {"method": "vit"}),
    ("methods_co_used_with", {"method": "BERT", "limit": "5"}),
    ("papers_of_organization", {"organization": "KYUTAI"}),
    ("community_members", {"community": "3"}),
    ("top_papers_by_pagerank", {"limit": "0"}),
])
def test_cypher_equals_sparql_with_arguments(neo4j, clear_neo4j, seeds, name, given):
    driver = _holding(neo4j, seeds, clear_neo4j)
    cypher = run_named_cypher(QUERIES[name], driver, given)
    assert cypher.rows == run_named_sparql(QUERIES[name], seeds.store, given).rows


def test_cypher_equals_sparql_between_named_papers(neo4j, clear_neo4j, seeds):
    driver = _holding(neo4j, seeds, clear_neo4j)
    papers = run_named_sparql(QUERIES["top_papers_by_pagerank"], seeds.store, {"limit": 1000}).rows
    first, far = papers[0], next(p for p in papers if p[3] != papers[0][3])
    for given in ({"source": first[1].upper(), "target": far[0]}, {"source": far[0], "target": far[0]}):
        cypher = run_named_cypher(QUERIES["shortest_path"], driver, given)
        assert cypher.rows == run_named_sparql(QUERIES["shortest_path"], seeds.store, given).rows
    assert len(cypher.rows) == 0


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_cypher_equals_sparql_on_the_example(neo4j, clear_neo4j, example, name):
    driver = _holding(neo4j, example, clear_neo4j)
    cypher = run_named_cypher(QUERIES[name], driver)
    assert (cypher.columns, cypher.rows) == (lambda r: (r.columns, r.rows))(
        run_named_sparql(QUERIES[name], example.store))


def test_the_command_runs_named_and_ad_hoc_cypher(neo4j, clear_neo4j, example, monkeypatch):
    from click.testing import CliRunner

    from kg.cli import cli

    _holding(neo4j, example, clear_neo4j)
    for name, value in zip(("NEO4J_USER", "NEO4J_PASSWORD"), neo4j.auth or ()):
        monkeypatch.setenv(name, value)
    if not neo4j.auth:
        monkeypatch.delenv("NEO4J_USER", raising=False)
    runner = CliRunner()
    named = runner.invoke(cli, ["query", "most_used_datasets", "--neo4j", neo4j.uri, "-p", "limit=3",
                                "--format", "json"])
    assert named.exit_code == 0, named.output
    expected = run_named_sparql(QUERIES["most_used_datasets"], example.store, {"limit": 3}).records()
    assert json.loads(named.output) == expected and len(expected) == 3
    ad_hoc = runner.invoke(cli, ["query", "--cypher", "MATCH (p:Paper) RETURN count(p) AS papers",
                                 "--neo4j", neo4j.uri, "--format", "csv"])
    assert ad_hoc.exit_code == 0, ad_hoc.output
    papers = sum(1 for _, kind in example.graph.nodes(data="kind") if kind == "paper")
    assert ad_hoc.output.splitlines() == ["papers", str(papers)]
    writing = runner.invoke(cli, ["query", "--cypher", "CREATE (n:Paper {id: 'paper:x'})", "--neo4j", neo4j.uri])
    assert writing.exit_code == 1 and writing.output.startswith("Error: Cypher query failed: ")
