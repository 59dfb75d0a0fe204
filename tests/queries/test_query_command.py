"""`kg query` from the user's side: the list, the three formats, ad hoc queries and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import socket

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.pipeline import load_graph
from kg.queries import named_queries, rdf_store, run_named_sparql


def kg(*args: str):
    return CliRunner().invoke(cli, ["query", *args])


def test_list_prints_one_query_a_line_name_first():
    result = kg("--list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    queries = named_queries()
    assert len(lines) == len(queries) >= 12
    for line, (name, query) in zip(lines, queries.items()):
        first, rest = line.split(maxsplit=1)
        assert (first, rest) == (name, query.answers)


def test_json_is_the_list_of_rows(example):
    query = named_queries()["methods_co_used_with"]
    result = kg("methods_co_used_with", "--db", str(example.folder / "kg.db"), "--param", "limit=4",
                "--format", "json")
    assert result.exit_code == 0, result.output
    expected = run_named_sparql(query, example.store, {"limit": 4}).records()
    assert json.loads(result.output) == expected and len(expected) == 4


def test_csv_has_a_header_and_every_row(example):
    query = named_queries()["papers_citing_paper"]
    result = kg("papers_citing_paper", "--db", str(example.folder / "kg.db"), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    answer = run_named_sparql(query, example.store)
    assert tuple(rows[0]) == answer.columns
    assert [row[answer.columns.index("evidence")] for row in rows[1:]] == \
        [row[answer.columns.index("evidence")] for row in answer.rows]


def test_table_aligns_columns_and_counts_rows(example):
    result = kg("top_papers_by_pagerank", "--db", str(example.folder / "kg.db"), "-p", "limit=3")
    assert result.exit_code == 0, result.output
    header, rule, *rows, count = result.output.splitlines()
    assert header.split() == ["paper", "title", "pagerank", "community", "community_label"]
    assert set(rule) == {"-", " "} and len(rows) == 3 and count == "(3 rows)"
    assert all(row.startswith("paper:") for row in rows)


def test_ad_hoc_sparql(example):
    result = kg("--sparql", "PREFIX kg: <https://w3id.org/kg/ns#> "
                "SELECT (COUNT(*) AS ?papers) WHERE { ?p kg:kind 'paper' }",
                "--db", str(example.folder / "kg.db"), "--format", "json")
    assert result.exit_code == 0, result.output
    papers = sum(1 for _, kind in example.graph.nodes(data="kind") if kind == "paper")
    assert json.loads(result.output) == [{"papers": papers}]


def test_seed_is_the_analysis_seed(example):
    """Communities depend on the seed: --seed 7 answers as the graph analysed with seed 7 does, not as 42."""
    query = named_queries()["top_papers_by_pagerank"]
    result = kg("top_papers_by_pagerank", "--db", str(example.folder / "kg.db"), "--seed", "7", "--format", "json")
    assert result.exit_code == 0, result.output
    seeded = run_named_sparql(query, rdf_store(load_graph(example.folder / "kg.db", seed=7))).records()
    assert json.loads(result.output) == seeded
    assert seeded != run_named_sparql(query, example.store).records()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("args, message", [
    (["nope", "--db", "{db}"], "Error: no query named 'nope' (known: "),
    (["top_papers_by_pagerank", "--db", "{db}", "-p", "limit=ten"], "Error: parameter 'limit' takes an integer"),
    (["top_papers_by_pagerank", "--db", "{db}", "-p", "method=MoE"],
     "Error: query 'top_papers_by_pagerank' has no parameter 'method'"),
    (["--sparql", "SELECT ?x WHERE {", "--db", "{db}"], "Error: SPARQL syntax error: "),
    (["--sparql", "ASK { ?s ?p ?o }", "--db", "{db}"], "Error: kg query answers SELECT queries only"),
    (["most_used_methods", "--neo4j", "bolt://127.0.0.1:{port}"],
     "Error: Neo4j at bolt://127.0.0.1:{port} does not answer: "),
    (["--cypher", "RETURN 1", "--neo4j", "http://127.0.0.1:{port}"],
     "Error: cannot use Neo4j URI 'http://127.0.0.1:{port}': kg speaks Bolt"),
])
def test_errors_are_one_line(example, args, message):
    places = {"{db}": str(example.folder / "kg.db"), "{port}": str(_closed_port())}
    args = [a.replace("{port}", places["{port}"]) if "{port}" in a else places.get(a, a) for a in args]
    result = kg(*args)
    assert result.exit_code == 1
    message = message.replace("{port}", places["{port}"])
    assert result.output.startswith(message) and result.output.count("\n") == 1, result.output


@pytest.mark.parametrize("args", [
    [],
    ["top_papers_by_pagerank"],
    ["--cypher", "MATCH (n) RETURN n"],
    ["--sparql", "SELECT * WHERE {}"],
    ["top_papers_by_pagerank", "--sparql", "SELECT * WHERE {}", "--db", "kg.db"],
    ["--sparql", "SELECT * WHERE {}", "-p", "limit=1", "--db", "kg.db"],
    ["top_papers_by_pagerank", "--neo4j", "bolt://localhost:7687", "-p", "limit"],
    ["top_papers_by_pagerank", "--neo4j", "bolt://localhost:7687", "--db", "kg.db"],
])
def test_usage_mistakes_exit_2(args, tmp_path):
    args = [str(tmp_path / a) if a == "kg.db" else a for a in args]
    (tmp_path / "kg.db").touch()
    result = kg(*args)
    assert result.exit_code == 2, result.output
    assert "Error:" in result.output
