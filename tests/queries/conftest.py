"""The graphs the query tests ask: the seeds build and the bundled example, each with its RDF store."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from kg.pipeline import load_graph
from kg.queries import rdf_store


@dataclass(frozen=True)
class Asked:
    """A built folder, its workspace's analysed graph, and that graph's RDF export in a store."""

    folder: Path
    graph: nx.MultiDiGraph
    store: ox.Store


def _asked(folder: Path) -> Asked:
    graph = load_graph(folder / "kg.db")
    return Asked(folder, graph, rdf_store(graph))


@pytest.fixture(scope="session")
def seeds(seeds_build: Path) -> Asked:
    return _asked(seeds_build)


@pytest.fixture(scope="session")
def example(example_build: Path) -> Asked:
    return _asked(example_build)


def _neo4j_harness():
    """tests/neo4j/conftest.py, whose session fixture starts the real server (or uses NEO4J_URI)."""
    path = Path(__file__).resolve().parents[1] / "neo4j" / "conftest.py"
    spec = importlib.util.spec_from_file_location("kg_tests_neo4j_harness", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


_harness = _neo4j_harness()
#: the real Neo4j of the Neo4j suite, shared here rather than started a second way.
neo4j = _harness.neo4j


@pytest.fixture
def clear_neo4j():
    """`clear_neo4j(driver)`: remove kg's nodes and schema, with the Neo4j suite's own helper."""
    return _harness.clear
