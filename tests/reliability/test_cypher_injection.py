"""Hostile values reach Cypher as parameters: loaded over Bolt, then asked for by name.

Names made of Cypher syntax go into Neo4j through the Bolt loader and come back out
through the named Cypher question; each must find exactly its own papers and the
database must be unchanged. Uses the Neo4j suite's real server (tests/neo4j/conftest.py),
which skips without Java unless KG_REQUIRE_NEO4J=1.
"""

from __future__ import annotations

import networkx as nx
import pytest

from kg.exporters.neo4j_bolt import load, wipe
from kg.queries import named_query, run_cypher, run_named_cypher

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]

INJECTIONS = (
    '"}) MATCH (n) DETACH DELETE n //',
    "' OR 1=1 RETURN n //",
    "`Organization`) DETACH DELETE o WITH 1 AS x MATCH (o:Organization {id: '",
    "$organization",
    "\\' }] AS row CALL { MATCH (n) DELETE n } //",
    "Acme\u202e\u200f </script> 🤖",
)


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i, name in enumerate(INJECTIONS):
        g.add_node(f"organization:org-{i}", kind="organization", label=name, name=name)
        g.add_node(f"paper:p-{i}", kind="paper", label=name, title=name)
        g.add_edge(f"paper:p-{i}", f"organization:org-{i}", key="affiliated_with", rel="affiliated_with",
                   confidence=1.0, rule="test", evidence=name, source=name)
    return g


def test_hostile_names_load_and_are_found_as_values(neo4j):
    wipe(neo4j.driver)
    try:
        load(_graph(), neo4j.driver)
        count = "MATCH (n) WHERE n:Paper OR n:Organization RETURN count(n) AS n"
        assert run_cypher(neo4j.driver, count).rows == [(2 * len(INJECTIONS),)]
        for i, name in enumerate(INJECTIONS):
            answer = run_named_cypher(named_query("papers_of_organization"), neo4j.driver, {"organization": name})
            assert [(r["paper"], r["title"]) for r in answer.records()] == [(f"paper:p-{i}", name)]
        missing = run_named_cypher(named_query("papers_of_organization"), neo4j.driver,
                                   {"organization": INJECTIONS[0] + "x"})
        assert missing.rows == []
        assert run_cypher(neo4j.driver, count).rows == [(2 * len(INJECTIONS),)]
    finally:
        wipe(neo4j.driver)
