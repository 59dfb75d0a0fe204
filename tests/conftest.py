"""Fixtures shared by the whole suite: a small hand-written graph and the bundled example build."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "dev.jsonl"
CORPORA = SHARED / "corpora"


# -- a real Neo4j -------------------------------------------------------------------

REQUIRED = os.environ.get("KG_REQUIRE_NEO4J") == "1"


def unavailable(reason: str) -> None:
    """Skip for want of Neo4j, or fail when the run demands a real Neo4j."""
    if REQUIRED:
        pytest.fail(f"KG_REQUIRE_NEO4J=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@dataclass(frozen=True)
class Neo4jTarget:
    """The server the tests talk to; `server` is None when it is an external NEO4J_URI."""

    driver: object
    uri: str
    auth: tuple[str, str] | None
    import_dir: Path | None
    server: object | None  # kg.neo4j_server.Neo4jServer for the local server


@pytest.fixture(scope="session")
def neo4j(tmp_path_factory) -> Iterator[Neo4jTarget]:
    """One real Neo4j per test session: NEO4J_URI if set, else kg's local server."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    from kg.neo4j_server import Neo4jUnavailableError, start, stop

    uri = os.environ.get("NEO4J_URI")
    server = None
    if uri:
        user = os.environ.get("NEO4J_USER")
        auth = (user, os.environ.get("NEO4J_PASSWORD", "")) if user else None
        import_dir = Path(os.environ["NEO4J_IMPORT_DIR"]) if os.environ.get("NEO4J_IMPORT_DIR") else None
    else:
        try:
            server = start(tmp_path_factory.mktemp("neo4j-home"))
        except Neo4jUnavailableError as exc:
            unavailable(str(exc))
        uri, auth, import_dir = server.uri, None, server.import_dir
    driver = GraphDatabase.driver(uri, auth=auth)
    try:
        driver.verify_connectivity()
    except (DriverError, Neo4jError, OSError) as exc:
        driver.close()
        if server:
            stop(server)
        unavailable(f"Neo4j at {uri} does not answer: {exc}")
    yield Neo4jTarget(driver, uri, auth, import_dir, server)
    driver.close()
    if server:
        stop(server)

def drop_kg_schema(driver) -> None:
    """Remove kg's nodes and its (`kg_`-named) constraints and indexes, nothing else."""
    from kg.exporters.neo4j_bolt import wipe

    wipe(driver)
    for kind, plural in (("CONSTRAINT", "CONSTRAINTS"), ("INDEX", "INDEXES")):
        names = [r["name"] for r in driver.execute_query(f"SHOW {plural} YIELD name").records]
        for name in names:
            if name.startswith("kg_"):  # constraints go first, taking the indexes they own with them
                driver.execute_query(f"DROP {kind} {name} IF EXISTS")


@pytest.fixture
def clear_neo4j() -> Callable[[object], None]:
    """`clear_neo4j(driver)`: leave the server without any of kg's nodes or schema."""
    return drop_kg_schema


# -- shared set-ups on one worker ----------------------------------------------------

#: session fixtures that are expensive to set up (a server, a browser, a big build): every
#: test using one runs on the same pytest-xdist worker, so each is set up once per run.
_SHARED_SETUPS = {"neo4j": "heavy", "seeds_build": "heavy", "browser": "browser"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        groups = [group for name, group in _SHARED_SETUPS.items() if name in getattr(item, "fixturenames", ())]
        if groups:
            item.add_marker(pytest.mark.xdist_group(groups[0]))


def _edge(g: nx.MultiDiGraph, u: str, v: str, rel: str, **attrs) -> None:
    base = {
        "rel": rel,
        "confidence": 1.0,
        "rule": "test",
        "evidence": "",
        "source": "tiny.txt",
        "field": "abstract",
        "start": 0,
        "end": 0,
        "inferred": False,
    }
    g.add_edge(u, v, key=rel, **(base | attrs))


@pytest.fixture
def tiny_graph() -> nx.MultiDiGraph:
    """Eight nodes of every common kind, written out so a reader sees the whole shape."""
    g = nx.MultiDiGraph()
    paper = dict(kind="paper", abstract="", published="", upvotes=None, authors_count=None,
                 org=None, arxiv_id=None, doi=None, sources=["tiny.txt"])
    g.add_node("paper:arxiv-1706.03762", **paper | dict(
        label="Attention Is All You Need", title="Attention Is All You Need",
        abstract="We propose the Transformer, built on attention alone. Trained on WMT 2014.",
        date="Jun 12, 2017", published="2017-06-12", arxiv_id="1706.03762", authors_count=8,
        org="Google"))
    g.add_node("paper:t-0123456789ab", **paper | dict(
        label='BERT: "deep" <bidirectional> & pre-training',
        title='BERT: "deep" <bidirectional> & pre-training',
        abstract="We introduce BERT, which builds on the Transformer. Code: https://github.com/google-research/bert",
        date="Oct 11", upvotes=3))
    g.add_node("method:transformer", kind="method", label="Transformer", name="Transformer", aliases=[])
    g.add_node("method:bert", kind="method", label="BERT", name="BERT",
               aliases=["Bidirectional Encoder Representations from Transformers"])
    g.add_node("dataset:wmt-2014", kind="dataset", label="WMT 2014", name="WMT 2014", aliases=["WMT14"])
    g.add_node("repository:github.com/google-research/bert", kind="repository",
               label="google-research/bert", url="https://github.com/google-research/bert")
    g.add_node("organization:google", kind="organization", label="Google", name="Google")
    g.add_node("listing:tiny.txt", kind="listing", label="tiny.txt", path="tiny.txt")

    t, b = "paper:arxiv-1706.03762", "paper:t-0123456789ab"
    _edge(g, t, "method:transformer", "proposes", rule="we_propose",
          evidence="We propose the Transformer, built on attention alone.", start=7, end=22)
    _edge(g, t, "dataset:wmt-2014", "uses_dataset", name="WMT 2014", rule="vocabulary")
    _edge(g, t, "organization:google", "affiliated_with", field="metadata")
    _edge(g, b, "method:bert", "proposes", rule="we_introduce")
    _edge(g, b, "method:transformer", "uses_method", name="Transformer", rule="corpus_name")
    _edge(g, b, t, "cites", inferred=True, confidence=0.8, rule="names_proposed_method",
          evidence="We introduce BERT, which builds on the Transformer.")
    _edge(g, b, "repository:github.com/google-research/bert", "has_code", rule="url")
    _edge(g, t, "listing:tiny.txt", "listed_in", field="metadata")
    _edge(g, b, "listing:tiny.txt", "listed_in", field="metadata")
    return g


@pytest.fixture(scope="session")
def example_build(tmp_path_factory) -> Path:
    """The bundled example built once per session in every format; returns the folder."""
    from kg.exporters import DEFAULT_FILES
    from kg.pipeline import EXAMPLE, build

    out = tmp_path_factory.mktemp("example")
    build([EXAMPLE], out, formats=tuple(DEFAULT_FILES))
    return out


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory) -> Path:
    """../shared/seeds built once per session in every format; returns the folder."""
    from kg.exporters import DEFAULT_FILES
    from kg.pipeline import build

    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is not there (CI lays ../shared beside the clone)")
    out = tmp_path_factory.mktemp("seeds")
    build([SEEDS], out, formats=tuple(DEFAULT_FILES))
    return out
