"""Hostile values reach SPARQL as values: a name full of SPARQL syntax finds exactly its node.

If a value were spliced into the query text, these names would break the query (a
syntax error) or change what it asks (extra rows, or none). Run on kg's own RDF of the
graph with the named questions users ask, through the library and the real CLI.
"""

from __future__ import annotations

import json

import networkx as nx
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.cli import cli
from kg.pipeline import EXAMPLE
from kg.queries import named_query, rdf_store, run_named_sparql

INJECTIONS = (
    '" ) } UNION { ?s ?p ?o } #',
    "' } ; DROP ALL ; INSERT DATA { <a> <b> <c> } #",
    '\\" } FILTER(true) #',
    "}} LIMIT 0 #",
    "Acme\u202e\u200f <script>",
)


def _graph(names: list[str]) -> nx.MultiDiGraph:
    """One paper per organisation, each affiliated with its own; plus a decoy both cite."""
    g = nx.MultiDiGraph()
    for i, name in enumerate(names):
        g.add_node(f"organization:org-{i}", kind="organization", label=name, name=name)
        g.add_node(f"paper:p-{i}", kind="paper", label=f"Paper {i}", title=f"Paper {i} of {name}")
        g.add_edge(f"paper:p-{i}", f"organization:org-{i}", key="affiliated_with", rel="affiliated_with",
                   confidence=1.0)
    return g


def _papers_of(store, organization: str) -> list[str]:
    result = run_named_sparql(named_query("papers_of_organization"), store, {"organization": organization})
    return [record["paper"] for record in result.records()]


def test_each_hostile_name_finds_exactly_its_papers():
    store = rdf_store(_graph(list(INJECTIONS)))
    for i, name in enumerate(INJECTIONS):
        assert _papers_of(store, name) == [f"paper:p-{i}"]
    assert _papers_of(store, INJECTIONS[0][:-1]) == []


@settings(max_examples=40, deadline=None)
@given(name=st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=20)
       .filter(lambda s: s.strip() and s.lower() not in ("organization:org-0", "plain org")))
def test_any_organisation_name_is_a_value_not_syntax(name):
    store = rdf_store(_graph([name, "Plain Org"]))
    assert _papers_of(store, name) == ["paper:p-0"]
    assert _papers_of(store, name + '"}') == []


def test_the_cli_passes_hostile_parameters_as_values(tmp_path):
    db = tmp_path / "kg.db"
    assert CliRunner().invoke(cli, ["ingest", str(EXAMPLE), "--db", str(db)]).exit_code == 0
    found = CliRunner().invoke(cli, ["query", "papers_of_organization", "--db", str(db), "-p", "organization=google",
                                     "--format", "json"])
    assert found.exit_code == 0, found.output
    assert json.loads(found.stdout)
    for hostile in INJECTIONS:
        result = CliRunner().invoke(cli, ["query", "papers_of_organization", "--db", str(db),
                                          "-p", f"organization={hostile}", "--format", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == []
