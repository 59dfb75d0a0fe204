"""The graphs the query tests ask: the seeds build and the bundled example, each with its RDF store."""

from __future__ import annotations

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
