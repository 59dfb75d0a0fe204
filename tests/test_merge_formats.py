"""A paper that arrives through every format is one node, with explicit citations and authors."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import ingest
from kg.graph import build_graph
from kg.store import Workspace

DATA = Path(__file__).parent / "data"
FORMATS = ["arxiv_atom", "arxiv_jsonl", "arxiv_oai", "bibtex", "crossref", "hf_api_json",
           "openalex_json", "ris", "semantic_scholar", "unarxive", "tabular"]
LOOMFORMER = "paper:arxiv-2501.00001"


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    with Workspace(tmp_path_factory.mktemp("merge") / "kg.db") as workspace:
        report = ingest([DATA / name for name in FORMATS], workspace)
        graph = build_graph(workspace)
        formats_per_paper = dict(workspace.db.execute(
            "SELECT o.paper_id, group_concat(DISTINCT s.format) FROM occurrences o "
            "JOIN sources s ON s.id = o.source_id GROUP BY o.paper_id").fetchall())
    return report, graph, formats_per_paper


def test_good_records_of_every_format_are_stored_and_bad_ones_reported(merged):
    report, _, _ = merged
    assert report.records > 20
    assert report.failed_records or report.skipped_files


def test_the_shared_paper_is_one_node_reached_from_many_formats(merged):
    _, graph, formats = merged
    assert sum(1 for _, title in graph.nodes(data="title") if title and title.startswith("Loomformer")) == 1
    assert len(formats[LOOMFORMER.removeprefix("paper:")].split(",")) >= 8


def test_reference_lists_become_explicit_citations(merged):
    _, graph, _ = merged
    explicit = [(u, v) for u, v, k, d in graph.edges(keys=True, data=True) if k == "cites" and not d["inferred"]]
    assert any(v == LOOMFORMER for _, v in explicit)
    assert any(graph.nodes[v]["kind"] == "cited_work" for _, v in explicit)


def test_authors_become_nodes_when_a_source_names_them(merged):
    _, graph, _ = merged
    authors = [n for n, kind in graph.nodes(data="kind") if kind == "author"]
    assert authors and all(graph.in_degree(a) > 0 for a in authors)
