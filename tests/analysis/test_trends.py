"""Trends on dated papers: monthly counts, rising and falling shares, bursts, each with its papers."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.analysis.trends import bursts, method_trends, month_of, papers_per_month


def test_only_iso_dates_count():
    assert [month_of(d) for d in ("2024-03-01", "2024-03", "2024-13-01", "Mar 1", "2024", "", None)] == [
        "2024-03", "2024-03", None, None, None, None, None,
    ]


def test_papers_per_month_fills_gaps_and_skips_undated(two_topics):
    two_topics.add_node("paper:undated", kind="paper", title="No date", published="")
    two_topics.nodes["paper:d3"]["published"] = "2020-09-01"
    months = papers_per_month(two_topics)
    assert list(months) == [f"2020-{m:02d}" for m in range(1, 10)]
    assert months["2020-01"] == ("paper:t1",)
    assert months["2020-07"] == ()
    assert months["2020-09"] == ("paper:d3",)
    assert "paper:undated" not in {p for papers in months.values() for p in papers}


def test_papers_per_month_without_dates_is_empty(tiny_graph):
    for node in tiny_graph:
        tiny_graph.nodes[node].pop("published", None)
    assert papers_per_month(tiny_graph) == {}


def test_method_shares_in_the_earlier_and_later_half(two_topics):
    # six dated papers split at the median date 2020-04-10: t1-t3 earlier, d1-d3 later
    trends = {t.name: t for t in method_trends(two_topics)}
    assert trends["Transformer"].early_share == 1.0
    assert trends["Transformer"].late_share == 0.0
    assert trends["Transformer"].early_papers == ("paper:t1", "paper:t2", "paper:t3")
    assert trends["U-Net"].early_share == pytest.approx(1 / 3)
    assert trends["U-Net"].late_share == 1.0
    assert trends["U-Net"].change == pytest.approx(2 / 3)
    assert trends["U-Net"].late_papers == ("paper:d1", "paper:d2", "paper:d3")


def test_rising_methods_come_first(two_topics):
    assert [t.name for t in method_trends(two_topics)] == ["U-Net", "Transformer"]


def test_methods_below_min_papers_are_left_out(two_topics):
    assert [t.name for t in method_trends(two_topics, min_papers=4)] == ["U-Net"]


def _steady_corpus_with_a_burst() -> nx.MultiDiGraph:
    """Four papers a month for two years; method M in one paper every third month, and in
    three of four papers in months 2021-03 and 2021-04."""
    g = nx.MultiDiGraph()
    g.add_node("method:m", kind="method", name="M")
    for i in range(24):
        month = f"{2020 + i // 12}-{i % 12 + 1:02d}"
        for j in range(4):
            g.add_node(f"paper:{month}-{j}", kind="paper", published=f"{month}-0{j + 1}")
        users = 3 if month in ("2021-03", "2021-04") else int(i % 3 == 0)
        for j in range(users):
            g.add_edge(f"paper:{month}-{j}", "method:m", key="uses_method")
    return g


def test_a_burst_is_found_with_its_months_and_papers():
    [burst] = bursts(_steady_corpus_with_a_burst())
    assert (burst.name, burst.start, burst.end) == ("M", "2021-03", "2021-04")
    assert burst.papers == tuple(f"paper:2021-0{m}-{j}" for m in (3, 4) for j in range(3))


def test_a_steady_method_has_no_burst():
    g = _steady_corpus_with_a_burst()
    for month in ("2021-03", "2021-04"):
        for j in (1, 2):
            g.remove_edge(f"paper:{month}-{j}", "method:m", key="uses_method")
    assert bursts(g) == []


def test_each_method_bursts_as_if_it_were_alone():
    """Methods are stepped through the months together; none may change another's path."""
    together = _steady_corpus_with_a_burst()
    together.add_node("method:n", kind="method", name="N")
    together.add_node("method:everywhere", kind="method", name="Everywhere")  # its burst rate would pass 1
    for paper in [p for p, kind in together.nodes(data="kind") if kind == "paper"]:
        together.add_edge(paper, "method:everywhere", key="uses_method")
        if paper.startswith("paper:2020-0"):
            together.add_edge(paper, "method:n", key="uses_method")
    found = bursts(together)
    assert {b.name for b in found} == {"M", "N"}
    for method in ("method:m", "method:n"):
        alone = together.copy()
        alone.remove_nodes_from({"method:m", "method:n", "method:everywhere"} - {method})
        assert bursts(alone) == [b for b in found if b.node == method]
