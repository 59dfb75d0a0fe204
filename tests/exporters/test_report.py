"""report.md: its sections, its drill-down, its charts (valid PNGs beside it), hostile text kept inert."""

from __future__ import annotations

import re

import pytest
from PIL import Image

from kg.analysis import analyze
from kg.exporters import DEFAULT_FILES, export
from kg.exporters.report import export as export_report

SECTIONS = [
    "# Knowledge graph report",
    "## How the numbers were computed",
    "## Counts",
    "## Top papers",
    "## Most cited works",
    "## Top methods",
    "## Top datasets",
    "## Degree distribution",
    "## Communities",
    "## Trends",
    "### Rising methods",
    "### Falling methods",
    "### Bursts",
    "## Co-occurrence",
    "### Methods used together",
    "### Papers coupled by shared methods and datasets",
    "### Co-citation",
    "## Analysis timings",
]
_IMAGE = re.compile(r"!\[[^\]]*\]\(([^)]+)\)")


@pytest.fixture(scope="module")
def hostile_report(graph_maker, tmp_path_factory):
    """The exporters' seeded graph with hostile text, analysed, and its report written once."""
    graph = graph_maker(120, seed=3, hostile=True)
    summary = analyze(graph)
    report, *charts = export_report(graph, tmp_path_factory.mktemp("report") / "out")
    return graph, summary, report, charts


def test_the_report_has_every_section_in_order(tiny_graph, tmp_path):
    report, *charts = export(tiny_graph, "report", tmp_path)
    text = report.read_text(encoding="utf-8")
    positions = [text.index(heading + "\n") for heading in SECTIONS]
    assert positions == sorted(positions)
    assert report == tmp_path / DEFAULT_FILES["report"]


def test_the_report_states_counts_and_rankings(tiny_graph, tmp_path):
    text = export_report(tiny_graph, tmp_path)[0].read_text(encoding="utf-8")
    assert "| paper | 2 |" in text
    assert "| cites | 1 | 1 |" in text
    assert "[Attention Is All You Need](https://arxiv.org/abs/1706.03762)" in text
    assert "| Transformer |" in text and "| WMT 2014 |" in text
    assert "Louvain" in text and "seed 42" in text and "networkx" in text
    assert "exact" in text  # betweenness on eight nodes


def test_charts_are_valid_pngs_beside_the_report_and_linked_from_it(hostile_report):
    _, _, report, charts = hostile_report
    assert {c.name for c in charts} == {
        "report-degree-distribution.png",
        "report-top-papers.png",
        "report-top-methods.png",
        "report-top-datasets.png",
        "report-communities.png",
        "report-trends.png",
    }
    for chart in charts:
        assert chart.parent == report.parent
        with Image.open(chart) as image:
            image.verify()
            assert image.format == "PNG" and image.size[0] > 300
    linked = set(_IMAGE.findall(report.read_text(encoding="utf-8")))
    assert linked == {c.name for c in charts}


def test_an_md_destination_names_the_report_and_its_charts(tiny_graph, tmp_path):
    report, *charts = export_report(tiny_graph, tmp_path / "field.md")
    assert report == tmp_path / "field.md"
    assert all(c.name.startswith("field-") for c in charts)


def test_most_cited_works_name_their_citing_papers(tiny_graph, tmp_path):
    text = export_report(tiny_graph, tmp_path)[0].read_text(encoding="utf-8")
    section = text[text.index("## Most cited works") : text.index("## Top methods")]
    [row] = [line for line in section.splitlines() if line.startswith("| 1 |")]
    assert "[Attention Is All You Need](https://arxiv.org/abs/1706.03762)" in row
    assert row.endswith('| 1 | BERT: "deep" \\<bidirectional\\> & pre-training |')


def test_drill_down_names_the_papers_behind_a_co_occurrence(tmp_path, tiny_graph):
    for paper in ("paper:arxiv-1706.03762", "paper:t-0123456789ab"):
        tiny_graph.add_edge(paper, "method:bert", key="uses_method", rel="uses_method", confidence=1.0)
        tiny_graph.add_edge(paper, "method:transformer", key="uses_method", rel="uses_method", confidence=1.0)
    text = export_report(tiny_graph, tmp_path)[0].read_text(encoding="utf-8")
    section = text[text.index("### Methods used together") : text.index("### Papers coupled")]
    row = next(line for line in section.splitlines() if line.startswith("| BERT + Transformer"))
    assert "| 2 |" in row
    assert "Attention Is All You Need" in row and 'BERT: "deep" \\<bidirectional\\> & pre-training' in row


def test_communities_are_listed_with_labels_sizes_and_papers(hostile_report):
    _, summary, report, _ = hostile_report
    text = report.read_text(encoding="utf-8")
    largest = summary.communities[0]
    assert f"| {largest.id} | {largest.size} | {len(largest.papers)} |" in text
    assert f"### Community {largest.id}: " in text
    assert f"modularity {summary.modularity:.3f}" in text


def test_trends_show_months_and_say_how_many_papers_are_dated(hostile_report):
    graph, _, report, _ = hostile_report
    text = report.read_text(encoding="utf-8")
    dated = sum(
        1 for _, d in graph.nodes(data=True) if d["kind"] == "paper" and d["published"] in ("2017-06-12", "2024-01")
    )
    assert f"{dated:,} of 120 papers have an ISO publication date, from 2017-06 to 2024-01." in text
    assert "| 2017-06 |" in text and "| 2024-01 |" in text


def test_hostile_text_cannot_break_the_markdown(hostile_report):
    text = hostile_report[2].read_text(encoding="utf-8")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", text)
    assert "<script>" not in text
    for block in re.findall(r"(?:^\|.*\n)+", text, flags=re.M):
        rows = block.splitlines()
        columns = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(columns) == 1, rows[0]


def test_an_unanalysed_graph_is_analysed_first(tiny_graph, tmp_path):
    assert "pagerank" not in tiny_graph.nodes["method:bert"]
    export_report(tiny_graph, tmp_path)
    assert "pagerank" in tiny_graph.nodes["method:bert"]


def test_a_graph_without_dates_says_so(tiny_graph, tmp_path):
    for node in tiny_graph:
        tiny_graph.nodes[node]["published"] = None
    report, *charts = export_report(tiny_graph, tmp_path)
    assert "None of the 2 papers has an ISO publication date" in report.read_text(encoding="utf-8")
    assert "report-trends.png" not in {c.name for c in charts}


def test_the_report_says_when_crowded_entities_were_left_out(tiny_graph, tmp_path, monkeypatch):
    import kg.exporters.report as report_module

    monkeypatch.setattr(report_module, "_COUPLING_MAX_PAPERS", 1)
    text = export_report(tiny_graph, tmp_path)[0].read_text(encoding="utf-8")
    assert "(Left out to bound the work: methods and datasets used by more than 1 papers" in text
    monkeypatch.setattr(report_module, "_COUPLING_MAX_PAPERS", 2)
    assert "Left out" not in export_report(tiny_graph, tmp_path)[0].read_text(encoding="utf-8")
