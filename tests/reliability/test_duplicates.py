"""Duplicate ids, within a file and across files, merge into one paper and lose no record."""

from __future__ import annotations

import json

import pytest

from kg.graph import build_graph, exported_attributes
from kg.pipeline import ingest
from kg.store import Workspace


def _api_item(arxiv_id: str, title: str, summary: str) -> dict:
    return {"paper": {"id": arxiv_id, "title": title, "summary": summary, "upvotes": 1},
            "publishedAt": "2025-01-03T00:00:00.000Z", "title": title, "numComments": 0}


@pytest.mark.parametrize("indent", [pytest.param(1, id="indented"), pytest.param(None, id="compact")])
def test_duplicate_ids_merge_into_one_paper_and_keep_every_occurrence(indent, tmp_path):
    first = tmp_path / "a.json"
    first.write_text(json.dumps([
        _api_item("2501.00001", "One Paper, First Spelling", "Short."),
        _api_item("2501.00001v2", "One Paper, Second Spelling", "A longer abstract that a later version gave."),
        _api_item("2501.00002", "Another Paper", "We propose nothing in particular."),
    ], indent=indent))
    second = tmp_path / "b.json"
    second.write_text(json.dumps([_api_item("2501.00001", "One paper, first spelling", "Short.")], indent=indent))

    with Workspace(tmp_path / "kg.db") as workspace:
        report = ingest([first, second], workspace)
        occurrences = list(workspace.occurrences())
        graph = build_graph(workspace)
    assert report.records == 4 and not report.failed_records and not report.skipped_files
    assert len(occurrences) == 4
    assert sorted({paper for paper, _, _ in occurrences}) == ["arxiv-2501.00001", "arxiv-2501.00002"]
    merged = graph.nodes["paper:arxiv-2501.00001"]
    with exported_attributes(graph) as attributes:
        assert attributes("paper:arxiv-2501.00001", merged)["abstract"] == "A longer abstract that a later version gave."
    assert sorted(merged["sources"]) == [str(first), str(second)]
    assert graph.nodes["paper:arxiv-2501.00002"]["sources"] == [str(first)]
