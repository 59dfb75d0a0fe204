"""The HTML viewer page, read as text: offline, escaped, limited, deterministic.

What the page does once a browser runs it is checked in tests/browser/test_viewer.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import ExportError
from kg.exporters import DEFAULT_FILES, export
from kg.exporters.html import export as export_html
from kg.exporters.html import layout_positions, render_page

HOSTILE = "</script><script>window.kgPwned=1;alert(1)</script>"
CDN_HOSTS = ("cdnjs", "jsdelivr", "unpkg", "cloudflare", "googleapis", "bootstrapcdn", "jquery.com")


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self._open: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = tag
            if tag == "script":
                self.scripts.append((dict(attrs), ""))
            else:
                self.styles.append("")

    def handle_endtag(self, tag):
        self._open = None

    def handle_data(self, data):
        if self._open == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)
        elif self._open == "style":
            self.styles[-1] += data

    def data(self) -> dict:
        (text,) = [text for attrs, text in self.scripts if attrs.get("id") == "kg-data"]
        return json.loads(text)


def _analysed(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """PageRank and one community per node kind, as kg's analysis would write them."""
    for rank, node in enumerate(sorted(graph)):
        data = graph.nodes[node]
        data["pagerank"] = (rank + 1) / 100
        data["community"] = sorted({d["kind"] for _, d in graph.nodes(data=True)}).index(data["kind"])
        data["community_label"] = data["kind"] + " group"
    return graph


@pytest.fixture
def hostile_graph(tiny_graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    tiny_graph.add_node("paper:t-hostile", kind="paper", label=HOSTILE, title=HOSTILE, date="Jan 1",
                        abstract='<img src=x onerror="window.kgPwned=1"> & \u2028 \u2029 end',
                        arxiv_id=None, doi=None)
    tiny_graph.add_node("repository:evil", kind="repository", label="evil", url="javascript:alert(1)")
    tiny_graph.add_edge("paper:t-hostile", "method:bert", key="uses_method", rel="uses_method",
                        evidence="<b>We use</b> BERT & friends.", confidence=0.9, inferred=False, source="x.txt")
    tiny_graph.add_edge("paper:t-hostile", "repository:evil", key="has_code", rel="has_code", evidence="")
    return tiny_graph


def test_page_references_nothing_online(tiny_graph: nx.MultiDiGraph) -> None:
    text = render_page(tiny_graph)
    page = _Page(text)
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert tag != "link", attrs
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", text, re.I)
    assert not any(host in text.lower() for host in CDN_HOSTS)
    assert "vis.Network" in text and "vis-network" in text.lower()


def test_only_the_pages_own_scripts_may_run(hostile_graph: nx.MultiDiGraph) -> None:
    page = _Page(render_page(hostile_graph))
    (policy,) = [a["content"] for t, a in page.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    code = [text for attrs, text in page.scripts if "type" not in attrs]
    assert len(code) == 2 and len(page.scripts) == 3  # data, vis-network, viewer: the title added none
    for text in code + page.styles:
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy


def test_inline_data_escapes_every_text(hostile_graph: nx.MultiDiGraph) -> None:
    text = render_page(hostile_graph)
    (block,) = re.findall(r'<script id="kg-data" type="application/json">(.*?)</script>', text, re.S)
    assert not set(block) & set("<>&\u2028\u2029")
    data = json.loads(block)
    info = data["info"]["paper:t-hostile"]
    assert info["title"] == HOSTILE
    assert info["abstract"].startswith('<img src=x onerror="window.kgPwned=1"> & \u2028')
    assert {"rel": "uses_method", "other": "BERT", "text": "<b>We use</b> BERT & friends."} in info["evidence"]
    assert "javascript:alert(1)" not in json.dumps(data)
    assert "<title>kg knowledge graph</title>" in text


def test_title_is_escaped_in_markup(tiny_graph: nx.MultiDiGraph) -> None:
    text = render_page(tiny_graph, title="<b>My & field</b>")
    assert "<title>&lt;b&gt;My &amp; field&lt;/b&gt;</title>" in text
    assert "<b>My" not in text


def test_every_node_and_edge_is_drawn(tiny_graph: nx.MultiDiGraph) -> None:
    data = _Page(render_page(tiny_graph)).data()
    assert {n["id"] for n in data["nodes"]} == set(tiny_graph)
    assert len(data["edges"]) == tiny_graph.number_of_edges()
    assert data["total"] == tiny_graph.number_of_nodes()
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    cites = [e for e in data["edges"] if data["edgeInfo"][e["id"]]["rel"] == "cites"]
    assert cites and all(e.get("dashes") for e in cites)


def test_without_analysis_nodes_are_sized_by_degree_in_one_community(tiny_graph: nx.MultiDiGraph) -> None:
    data = _Page(render_page(tiny_graph)).data()
    assert data["rankedBy"] == "degree"
    assert [(c["key"], c["label"], c["count"]) for c in data["communities"]] == [("none", "no community", 8)]
    values = {n["id"]: n["value"] for n in data["nodes"]}
    assert values == {node: pytest.approx(degree**0.5) for node, degree in tiny_graph.degree()}


def test_analysis_drives_size_colour_groups_and_tooltips(tiny_graph: nx.MultiDiGraph) -> None:
    data = _Page(render_page(_analysed(tiny_graph))).data()
    assert data["rankedBy"] == "PageRank"
    groups = {c["label"] for c in data["communities"]}
    assert "paper group" in groups and len(groups) == 6
    attention = data["info"]["paper:arxiv-1706.03762"]
    assert attention["date"] == "Jun 12, 2017"
    assert "https://arxiv.org/abs/1706.03762" in attention["links"]
    assert ["community", "paper group"] in attention["facts"]
    repository = next(n for n in data["nodes"] if n["id"] == "repository:github.com/google-research/bert")
    assert repository["label"] == "google-research/bert"
    bert = data["info"]["paper:t-0123456789ab"]
    assert bert["links"] == ["https://github.com/google-research/bert"]
    transformer = data["info"]["method:transformer"]
    assert transformer["evidence"][0]["text"] == "We propose the Transformer, built on attention alone."


def test_nodes_outside_the_analysis_form_no_community(tiny_graph: nx.MultiDiGraph) -> None:
    graph = _analysed(tiny_graph)
    graph.nodes["listing:tiny.txt"].update(community=-1, community_label="")
    data = _Page(render_page(graph)).data()
    assert data["info"]["listing:tiny.txt"]["group"] == "none"
    assert [(c["label"], c["count"]) for c in data["communities"] if c["key"] == "none"] == [("no community", 1)]


def test_small_communities_share_one_legend_entry() -> None:
    graph = nx.MultiDiGraph()
    for community in range(20):
        for member in range(20 - community):
            graph.add_node(f"paper:{community}-{member}", kind="paper", label="p", community=community)
    data = _Page(render_page(graph)).data()
    legend = data["communities"]
    assert len(legend) == 12 and legend[-1]["key"] == "other"
    assert legend[-1]["label"] == "9 smaller communities"
    assert sum(entry["count"] for entry in legend) == graph.number_of_nodes()
    assert data["info"]["paper:19-0"]["group"] == "other" and data["info"]["paper:0-0"]["group"] == "c0"


def test_past_the_limit_only_the_most_central_nodes_are_drawn(tiny_graph: nx.MultiDiGraph) -> None:
    graph = _analysed(tiny_graph)
    data = _Page(render_page(graph, max_nodes=3)).data()
    top = sorted(graph, key=lambda n: -graph.nodes[n]["pagerank"])[:3]
    assert {n["id"] for n in data["nodes"]} == set(top)
    assert data["total"] == graph.number_of_nodes()
    assert all(e["from"] in top and e["to"] in top for e in data["edges"])


def test_a_limit_below_one_is_refused(tiny_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ExportError, match="max_nodes"):
        render_page(tiny_graph, max_nodes=0)


def test_same_graph_same_page(tiny_graph: nx.MultiDiGraph) -> None:
    assert render_page(tiny_graph) == render_page(tiny_graph.copy())


def test_a_limited_page_does_not_depend_on_string_hashing(random_graph: nx.MultiDiGraph) -> None:
    # each run of Python hashes strings differently: a set of the shown nodes must not order them
    script = ("import pickle, sys; from kg.exporters.html import render_page; "
              "sys.stdout.write(render_page(pickle.load(sys.stdin.buffer), max_nodes=40))")
    pages = {subprocess.run([sys.executable, "-c", script], input=pickle.dumps(random_graph), capture_output=True,
                            check=True, env=os.environ | {"PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(pages) == 1 and b"<!DOCTYPE html>" in pages.pop()


def test_layout_without_igraph_is_seeded_and_spread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "igraph", None)  # as if igraph were not installed
    graph = nx.barabasi_albert_graph(60, 2, seed=1)
    positions = layout_positions(graph)
    assert positions == layout_positions(graph)
    assert len(set(positions.values())) == 60
    assert max(abs(c) for xy in positions.values() for c in xy) > 200


def test_layout_keeps_neighbours_closer_than_strangers() -> None:
    graph = nx.MultiDiGraph()
    nx.add_path(graph, range(10))
    nx.add_path(graph, range(10, 20))
    graph.add_edge(9, 10)
    pos = layout_positions(graph)

    def gap(a: int, b: int) -> float:
        return ((pos[a][0] - pos[b][0]) ** 2 + (pos[a][1] - pos[b][1]) ** 2) ** 0.5

    assert gap(0, 1) < gap(0, 19)


def test_export_writes_through_the_registry(tiny_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    assert DEFAULT_FILES["html"] == "graph.html"
    (written,) = export(tiny_graph, "html", tmp_path / "view.html")
    assert written == tmp_path / "view.html"
    assert written.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["view.html"]  # no temporary file left behind


def test_a_folder_destination_gets_graph_html(tiny_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    assert export_html(tiny_graph, tmp_path) == [tmp_path / "graph.html"]


def test_an_unwritable_destination_is_an_export_error(tiny_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="cannot write"):
        export_html(tiny_graph, blocker / "graph.html")


def test_unknown_options_are_reported(tiny_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="base_iri"):
        export_html(tiny_graph, tmp_path / "g.html", base_iri="https://example.org/")


def test_hostile_text_everywhere_reaches_the_page_unchanged(random_graph: nx.MultiDiGraph) -> None:
    page = _Page(render_page(random_graph))
    data = page.data()
    assert len(page.scripts) == 3
    for node, attrs in random_graph.nodes(data=True):
        assert data["info"][node]["title"] == str(attrs.get("title") or attrs.get("name") or attrs["label"])


def test_long_texts_are_cut_for_the_canvas_and_the_tooltip(tiny_graph: nx.MultiDiGraph) -> None:
    tiny_graph.add_node("link:x", kind="link", label="https://example.org/" + "a" * 80)
    tiny_graph.add_edge("method:bert", "link:x", key="has_link", evidence="word " * 200)
    tiny_graph.nodes["paper:arxiv-1706.03762"]["abstract"] = "Attention. " * 100
    data = _Page(render_page(tiny_graph)).data()
    label = next(n["label"] for n in data["nodes"] if n["id"] == "link:x")
    assert label.startswith("example.org/aaa") and label.endswith("…") and len(label) <= 41
    (quote,) = data["info"]["link:x"]["evidence"]
    assert quote["text"].endswith("…") and len(quote["text"]) <= 401
    abstract = data["info"]["paper:arxiv-1706.03762"]["abstract"]
    assert abstract.startswith("Attention. Attention.") and abstract.endswith("…") and len(abstract) <= 301
