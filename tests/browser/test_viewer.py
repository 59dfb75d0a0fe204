"""The HTML viewer in a real headless Chromium: offline, drawn, searchable, filterable, inert to hostile text."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from kg.exporters.html import export
from kg.pipeline import EXAMPLE, build

pytestmark = pytest.mark.browser

HOSTILE = "</script><script>window.kgPwned=1;alert(1)</script>"

VISIBLE = "kgViewer.nodes.get({filter: (n) => !n.hidden}).length"
CENTRED_ON = """(id) => {
  const node = kgViewer.network.getPositions([id])[id];
  const view = kgViewer.network.getViewPosition();
  return Math.hypot(node.x - view.x, node.y - view.y) < 1;
}"""
COMMUNITY_COLOUR = """(id) => {
  const data = JSON.parse(document.getElementById("kg-data").textContent);
  return data.communities.find((c) => c.key === data.info[id].group).color;
}"""
SCREEN_POSITION = """(id) => {
  const point = kgViewer.network.canvasToDOM(kgViewer.network.getPositions([id])[id]);
  const box = document.getElementById("kg-network").getBoundingClientRect();
  return {x: box.left + point.x, y: box.top + point.y};
}"""


@pytest.fixture
def hostile_graph(tiny_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    tiny_graph.add_node("paper:t-hostile", kind="paper", label=HOSTILE, title=HOSTILE, date="Jan 1",
                        abstract='<img src=x onerror="window.kgPwned=1"> and \u2028 more', arxiv_id=None)
    tiny_graph.add_edge("paper:t-hostile", "method:bert", key="uses_method", rel="uses_method",
                        evidence="<b onmouseover=alert(2)>We use</b> BERT.", confidence=0.9)
    return tiny_graph


def _write(graph: nx.MultiDiGraph, path: Path, **options) -> Path:
    (written,) = export(graph, path, **options)
    return written


def test_page_loads_offline_without_errors_and_draws_every_node(open_viewer, tiny_graph, tmp_path):
    page, record = open_viewer(_write(tiny_graph, tmp_path / "graph.html"))
    assert record.errors == []
    assert record.requests == [(tmp_path / "graph.html").as_uri()]
    assert page.evaluate("kgViewer.nodes.length") == tiny_graph.number_of_nodes() == 8
    assert page.evaluate("kgViewer.network.body.nodeIndices.length") == 8
    assert page.evaluate("kgViewer.edges.length") == tiny_graph.number_of_edges()
    assert page.locator("#kg-count").text_content() == "8 of 8 nodes shown"
    assert page.locator("#kg-limit-note").is_hidden()
    assert page.locator("#kg-legend").text_content().startswith("Node types")


def test_search_focuses_the_node(open_viewer, tiny_graph, tmp_path):
    page, record = open_viewer(_write(tiny_graph, tmp_path / "graph.html"))
    page.fill("#kg-query", "wmt")
    page.press("#kg-query", "Enter")
    page.wait_for_function(CENTRED_ON, arg="dataset:wmt-2014", timeout=15_000)
    assert page.evaluate("kgViewer.network.getSelectedNodes()") == ["dataset:wmt-2014"]
    assert page.locator("#kg-details h3").text_content() == "WMT 2014"

    page.fill("#kg-query", "no such node")
    page.press("#kg-query", "Enter")
    assert page.locator("#kg-search-status").text_content() == "No shown node matches."
    assert record.errors == []


def test_hostile_title_stays_text_and_runs_nothing(open_viewer, hostile_graph, tmp_path):
    path = _write(hostile_graph, tmp_path / "graph.html")
    page, record = open_viewer(path)
    page.fill("#kg-query", "alert(1)")
    page.press("#kg-query", "Enter")
    page.wait_for_function(CENTRED_ON, arg="paper:t-hostile", timeout=15_000)
    assert page.locator("#kg-details h3").text_content() == HOSTILE
    assert "<img src=x" in page.locator("#kg-details .kg-abstract").text_content()

    point = page.evaluate(SCREEN_POSITION, "paper:t-hostile")
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#kg-tooltip:not([hidden])", timeout=15_000)
    assert page.locator("#kg-tooltip h3").text_content() == HOSTILE
    assert "<b onmouseover=alert(2)>We use</b> BERT." in page.locator("#kg-tooltip").text_content()

    assert page.evaluate("window.kgPwned") is None
    assert record.dialogs == []
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0
    assert page.evaluate("document.scripts.length") == 3
    assert record.errors == [] and record.requests == [path.as_uri()]


def test_filters_change_the_visible_nodes(open_viewer, field, tmp_path):
    page, record = open_viewer(_write(field, tmp_path / "graph.html"))
    total = field.number_of_nodes()
    papers = sum(1 for _, kind in field.nodes(data="kind") if kind == "paper")
    assert page.evaluate(VISIBLE) == total

    page.locator("#kg-kind-filter input[value=paper]").uncheck()
    assert page.evaluate(VISIBLE) == total - papers
    assert page.locator("#kg-count").text_content() == f"{total - papers} of {total} nodes shown"
    page.locator("#kg-kind-filter input[value=paper]").check()

    first = page.locator("#kg-group-filter input").first
    key = first.get_attribute("value")
    members = sum(1 for _, c in field.nodes(data="community") if f"c{c}" == key)
    first.uncheck()
    assert page.evaluate(VISIBLE) == total - members
    assert record.errors == []


def test_colour_switches_between_type_and_community(open_viewer, field, tmp_path):
    page, _ = open_viewer(_write(field, tmp_path / "graph.html"))
    colour = "(id) => kgViewer.nodes.get(id).color.background"
    paper = "paper:arxiv-2403.00000"
    assert page.evaluate(colour, paper) == "#3b6fb6"
    page.locator("#kg-colour-by input[value=group]").check()
    expected = page.evaluate(COMMUNITY_COLOUR, paper)
    assert expected != "#3b6fb6" and page.evaluate(colour, paper) == expected
    assert page.locator("#kg-legend h2").text_content() == "Communities"


def test_past_the_limit_the_page_says_so(open_viewer, field, tmp_path):
    page, record = open_viewer(_write(field, tmp_path / "graph.html", max_nodes=50))
    note = page.locator("#kg-limit-note")
    assert note.is_visible()
    assert note.text_content().startswith(f"Showing the 50 most central of {field.number_of_nodes()} nodes")
    assert page.evaluate("kgViewer.nodes.length") == 50
    assert record.errors == []


def test_the_example_build_in_the_browser_with_screenshots(open_viewer, tmp_path, screenshots):
    """The page `kg build` writes for the bundled example, as a user opens it; screenshots for people."""
    report = build([EXAMPLE], tmp_path, formats=["html"])
    page, record = open_viewer(tmp_path / "graph.html")
    assert page.evaluate("kgViewer.nodes.length") == report.graph.number_of_nodes()
    page.locator("#kg-colour-by input[value=group]").check()
    page.screenshot(path=str(screenshots / "example.png"))

    page.fill("#kg-query", "LoRA")
    page.press("#kg-query", "Enter")
    page.wait_for_function(CENTRED_ON, arg="method:lora", timeout=15_000)
    page.screenshot(path=str(screenshots / "example-search.png"))
    assert page.locator("#kg-details h3").text_content() == "LoRA"
    assert record.errors == [] and record.requests == [(tmp_path / "graph.html").as_uri()]

