"""The interactive HTML viewer: one self-contained page that works offline, built on pyvis.

pyvis supplies vis-network (shipped inside its package) and the `Network` that holds the
node, edge and option lists. kg fills what pyvis lacks, as measured in issue 5: positions
are computed here so the browser never has to run physics, the lists are handed to pyvis
whole (its `add_node`/`add_edge` rescan a list on every call), the library is inlined
(pyvis's own "in_line" mode still links its CDN), and the page adds search, filters, a
legend, tooltips and a size limit. Every text reaches the page as JSON data that the
page's script shows with `textContent`, never parsed as HTML; a Content-Security-Policy
lets only the page's own two scripts run and forbids every network request.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import random
import re
import warnings
from collections import Counter
from collections.abc import Hashable, Iterable
from functools import cache
from importlib import resources
from itertools import chain
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import quote

import networkx as nx
from pyvis.network import Network

from kg.analysis.engines import igraph_available, seeded_igraph
from kg.atomic import atomic_write
from kg.errors import ExportError
from kg.graph import exported_attributes
from kg.model import NodeKind, RelKind

__all__ = ["DEFAULT_MAX_NODES", "export", "layout_positions", "render_page"]

#: past this many nodes the page shows only the most central ones: a few thousand nodes
#: draw in about a second in headless Chromium on two cores, tens of thousands do not.
DEFAULT_MAX_NODES = 3000

#: legend label and colour of each node kind, in legend order.
_KIND_STYLES: dict[str, tuple[str, str]] = {
    NodeKind.PAPER.value: ("paper", "#3b6fb6"),
    NodeKind.METHOD.value: ("method", "#e8833a"),
    NodeKind.DATASET.value: ("dataset", "#3a9a5b"),
    NodeKind.REPOSITORY.value: ("code repository", "#8e5fb4"),
    NodeKind.LINK.value: ("link", "#8a8f98"),
    NodeKind.ORGANIZATION.value: ("organisation", "#b5651d"),
    NodeKind.AUTHOR.value: ("author", "#d16ba5"),
    NodeKind.LISTING.value: ("listing page", "#b8ae2e"),
    NodeKind.CITED_WORK.value: ("cited work", "#5fb3d9"),
}
_UNKNOWN_KIND_COLOUR = "#9e9e9e"

#: colours told apart at a glance; past this many communities the smallest share one grey.
_COMMUNITY_COLOURS = (
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#3fb8e0", "#8cd17d", "#d4a6c8",
)
_OTHER_COMMUNITY_COLOUR = "#c4c4c4"

#: a listing page groups papers by the day they appeared, not by subject: a weak pull.
_LAYOUT_WEIGHTS = {RelKind.LISTED_IN.value: 0.05}
_LINK_RELS = frozenset({RelKind.HAS_CODE.value, RelKind.HAS_LINK.value})

_LABEL_CHARS = 40
_ABSTRACT_CHARS = 300
_EVIDENCE_PER_NODE = 3
_EVIDENCE_CHARS = 400
_HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)
_WEB_URL = re.compile(r"^https?://", re.I)
_SCRIPT_END = re.compile(r"</(?=script)", re.I)
#: `<`, `>` and `&` escaped so no text inside inline JSON can close or open a tag.
_SCRIPT_JSON_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def export(
    graph: nx.MultiDiGraph,
    dest: Path,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    physics: bool = False,
    title: str = "kg knowledge graph",
    **ignored: Any,
) -> list[Path]:
    """Write the viewer page to `dest` (a folder gets ``graph.html``); returns ``[path]``."""
    if ignored:
        warnings.warn(f"the html exporter ignores {', '.join(sorted(ignored))}", stacklevel=2)
    path = dest / "graph.html" if dest.is_dir() else dest
    page = render_page(graph, max_nodes=max_nodes, physics=physics, title=title)
    try:
        with atomic_write(path) as out:
            out.write(page)
    except OSError as exc:
        raise ExportError(f"{path}: cannot write the HTML viewer: {exc.strerror or exc}") from exc
    return [path]


def render_page(
    graph: nx.MultiDiGraph,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    physics: bool = False,
    title: str = "kg knowledge graph",
) -> str:
    """The viewer as one HTML document: data, vis-network and the page's script inline.

    Nodes are sized by PageRank (by degree when analysis has not run) and, past
    `max_nodes`, only the most central are drawn; the page says so. `physics` lets
    vis-network keep moving the precomputed layout, which is slow past a few hundred nodes.

    >>> g = nx.MultiDiGraph([("paper:a", "method:m", "proposes")])
    >>> page = render_page(g)
    >>> page.startswith("<!DOCTYPE html>"), "https://cdn" in page
    (True, False)
    """
    if max_nodes < 1:
        raise ExportError(f"max_nodes must be at least 1, not {max_nodes}")
    scores, ranked_by = _centrality(graph)
    shown = _most_central(graph, scores, max_nodes)
    groups, communities = _community_groups(shown)
    positions = layout_positions(shown)
    vis_nodes = [_vis_node(node, data, positions[node], scores[node]) for node, data in shown.nodes(data=True)]
    vis_edges, edge_info = _vis_edges(shown)
    network = _pyvis_network(vis_nodes, vis_edges, _vis_options(physics=physics, edges=len(vis_edges)))
    nodes, edges, _, _, _, options = network.get_network_data()
    with exported_attributes(graph) as attributes:
        info = {
            node: _node_info(graph, node, attributes(node, data), groups[node], scores[node], ranked_by)
            for node, data in shown.nodes(data=True)
        }
    payload = {
        "rankedBy": ranked_by,
        "total": graph.number_of_nodes(),
        "kinds": _kind_legend(shown),
        "communities": communities,
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "info": info,
        "edgeInfo": edge_info,
    }
    return _assemble(title, payload)


def layout_positions(graph: nx.Graph, *, seed: int = 42) -> dict[Hashable, tuple[float, float]]:
    """Seeded, repeatable 2-D positions in vis-network pixels, so the browser runs no physics.

    Fruchterman-Reingold from the same seeded start: igraph's (C, 3,000 nodes in 0.2 s)
    when the `igraph` extra is installed, else networkx's (numpy, about 20 s for 3,000).

    >>> pos = layout_positions(nx.path_graph(3))
    >>> sorted(pos) == [0, 1, 2] and pos == layout_positions(nx.path_graph(3))
    True
    """
    nodes = list(graph)
    if not nodes:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    weights: dict[tuple[int, int], float] = {}
    for u, v, rel in _edges_with_keys(graph):
        if u != v:
            pair = (min(index[u], index[v]), max(index[u], index[v]))
            weights[pair] = max(weights.get(pair, 0.0), _LAYOUT_WEIGHTS.get(rel, 1.0))
    # spread the start as igraph's own random start does: its grid variant slows
    # quadratically when every node begins in one grid cell
    rng, half = random.Random(seed), math.sqrt(len(nodes)) / 2
    start = [[rng.uniform(-half, half), rng.uniform(-half, half)] for _ in nodes]
    if igraph_available():
        coordinates = _igraph_layout(len(nodes), weights, start, seed)
    else:
        coordinates = _networkx_layout(len(nodes), weights, start, seed)
    return dict(zip(nodes, _to_pixels(coordinates)))


def _edges_with_keys(graph: nx.Graph) -> Iterable[tuple[Hashable, Hashable, Any]]:
    if graph.is_multigraph():
        return graph.edges(keys=True)
    return ((u, v, None) for u, v in graph.edges())


def _igraph_layout(
    n: int, weights: dict[tuple[int, int], float], start: list[list[float]], seed: int
) -> list[list[float]]:
    import igraph

    with seeded_igraph(seed):
        layout = igraph.Graph(n=n, edges=list(weights)).layout_fruchterman_reingold(
            weights=list(weights.values()) or None, seed=start, niter=500
        )
    return [list(point) for point in layout.coords]


def _networkx_layout(
    n: int, weights: dict[tuple[int, int], float], start: list[list[float]], seed: int
) -> list[list[float]]:
    simple = nx.Graph()
    simple.add_nodes_from(range(n))
    simple.add_weighted_edges_from((u, v, w) for (u, v), w in weights.items())
    pos = nx.spring_layout(simple, pos=dict(enumerate(start)), seed=seed, weight="weight", method="force")
    return [list(pos[i]) for i in range(n)]


def _to_pixels(coordinates: list[list[float]]) -> list[tuple[float, float]]:
    """Centre the layout and spread it wider as it grows, so dots do not pile up."""
    n = len(coordinates)
    cx = sum(x for x, _ in coordinates) / n
    cy = sum(y for _, y in coordinates) / n
    reach = max(max(abs(x - cx), abs(y - cy)) for x, y in coordinates) or 1.0
    spread = 200.0 + 60.0 * math.sqrt(n)
    return [(round((x - cx) / reach * spread, 1), round((y - cy) / reach * spread, 1)) for x, y in coordinates]


def _finite(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


def _centrality(graph: nx.MultiDiGraph) -> tuple[dict[Hashable, float], str]:
    """PageRank when analysis ran, else degree: the score that sizes nodes and picks the shown ones."""
    ranks = {node: _finite(value) for node, value in graph.nodes(data="pagerank")}
    if any(value is not None for value in ranks.values()):
        return {node: value or 0.0 for node, value in ranks.items()}, "PageRank"
    return {node: float(degree) for node, degree in graph.degree()}, "degree"


def _most_central(graph: nx.MultiDiGraph, scores: dict[Hashable, float], max_nodes: int) -> nx.MultiDiGraph:
    if graph.number_of_nodes() <= max_nodes:
        return graph
    ranked = sorted(graph, key=lambda node: (-scores[node], str(node)))
    # a view filtered by a plain function walks the nodes in the graph's order; `subgraph`
    # walks a small node set in its hash order, which changes the layout from run to run
    return nx.subgraph_view(graph, filter_node=set(ranked[:max_nodes]).__contains__)


def _kind(data: dict[str, Any]) -> str:
    return str(data.get("kind") or "unknown")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(" ,;:") + "…"


def _kind_legend(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    counts = Counter(_kind(data) for _, data in graph.nodes(data=True))
    order = list(_KIND_STYLES)
    ranked = sorted(counts, key=lambda kind: (order.index(kind) if kind in _KIND_STYLES else len(order), kind))
    return [
        {
            "key": kind,
            "label": _KIND_STYLES.get(kind, (kind.replace("_", " "), ""))[0],
            "color": _KIND_STYLES.get(kind, ("", _UNKNOWN_KIND_COLOUR))[1],
            "count": counts[kind],
        }
        for kind in ranked
    ]


def _community_groups(graph: nx.MultiDiGraph) -> tuple[dict[Hashable, str], list[dict[str, Any]]]:
    """Each node's legend group (its community when among the largest, else "other") and the legend.

    Nodes analysis left out (community -1, e.g. listing pages) or never saw share one
    "no community" group, so without analysis the filter and the colouring still work.
    """
    community_of: dict[Hashable, str] = {}
    labels: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        community = data.get("community")
        if isinstance(community, int) and community >= 0:
            key = f"c{community}"
            labels.setdefault(key, _text(data.get("community_label")) or f"community {community}")
        else:
            key = "none"
            labels[key] = "no community"
        community_of[node] = key
    sizes = Counter(community_of.values())
    room = len(_COMMUNITY_COLOURS) if len(sizes) <= len(_COMMUNITY_COLOURS) else len(_COMMUNITY_COLOURS) - 1
    largest = [key for key, _ in sizes.most_common(room)]
    legend = [
        {"key": key, "label": labels[key], "color": colour, "count": sizes[key]}
        for key, colour in zip(largest, _COMMUNITY_COLOURS)
    ]
    rest = len(sizes) - len(largest)
    if rest:
        count = sum(n for key, n in sizes.items() if key not in largest)
        legend.append({"key": "other", "label": f"{rest} smaller communities", "color": _OTHER_COMMUNITY_COLOUR,
                       "count": count})
    kept = set(largest)
    return {node: key if key in kept else "other" for node, key in community_of.items()}, legend


def _vis_node(node: Hashable, data: dict[str, Any], position: tuple[float, float], score: float) -> dict[str, Any]:
    # the square root tames PageRank's long tail so mid-ranked nodes stay visible;
    # a URL label loses its scheme, which only takes room on the canvas
    return {
        "id": node,
        "label": _shortened(_WEB_URL.sub("", _text(data.get("label") or node)), _LABEL_CHARS),
        "x": position[0],
        "y": position[1],
        "value": round(math.sqrt(max(score, 0.0)), 6),
    }


def _vis_edges(graph: nx.MultiDiGraph) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """vis-network's edge list, and what each edge's tooltip says, kept apart from drawing data."""
    edges, info = [], {}
    for number, (u, v, rel, data) in enumerate(graph.edges(keys=True, data=True)):
        edge_id = f"e{number}"
        inferred = bool(data.get("inferred"))
        edges.append({"id": edge_id, "from": u, "to": v, **({"dashes": True} if inferred else {})})
        info[edge_id] = {
            "rel": _text(data.get("rel") or rel),
            "evidence": _text(data.get("evidence")),
            "confidence": _finite(data.get("confidence")),
            "inferred": inferred,
            "source": _text(data.get("source")),
        }
    return edges, info


def _node_info(
    graph: nx.MultiDiGraph, node: Hashable, data: dict[str, Any], group: str, score: float, ranked_by: str
) -> dict[str, Any]:
    """What the tooltip and the details panel show about one node (texts, never markup)."""
    facts = [
        (name, ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else _text(value))
        for name, value in (
            ("organisation", data.get("org")),
            ("authors", data.get("authors_count")),
            ("upvotes", data.get("upvotes")),
            ("also called", data.get("aliases")),
            ("file", data.get("path")),
            ("community", data.get("community_label")),
        )
        if value not in (None, "", [], ())
    ]
    facts.append((ranked_by, f"{score:.4g}"))
    return {
        "kind": _kind(data),
        "group": group,
        "title": _text(data.get("title") or data.get("name") or data.get("label") or node),
        "date": _text(data.get("date") or data.get("published")),
        "abstract": _shortened(_text(data.get("abstract")), _ABSTRACT_CHARS),
        "facts": facts,
        "links": _links(graph, node, data),
        "evidence": _evidence(graph, node),
    }


def _web_url(value: Any) -> str | None:
    """An http(s) URL for a stored URL (scheme added when stored without); other schemes are dropped."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = value.strip()
    if not _HAS_SCHEME.match(url):
        url = "https://" + url
    return url if _WEB_URL.match(url) else None


def _links(graph: nx.MultiDiGraph, node: Hashable, data: dict[str, Any]) -> list[str]:
    candidates = [data.get("url")]
    if data.get("arxiv_id"):
        candidates.append("https://arxiv.org/abs/" + quote(str(data["arxiv_id"]), safe="/."))
    if data.get("doi"):
        candidates.append("https://doi.org/" + quote(str(data["doi"]), safe="/.()"))
    candidates += [graph.nodes[v].get("url") for _, v, rel in graph.out_edges(node, keys=True) if rel in _LINK_RELS]
    return list(dict.fromkeys(url for url in map(_web_url, candidates) if url))


def _evidence(graph: nx.MultiDiGraph, node: Hashable) -> list[dict[str, str]]:
    """The surest sentences that justify this node's relations, one per distinct sentence."""
    found: dict[str, tuple[float, str, str]] = {}
    edges = chain(graph.out_edges(node, keys=True, data=True), graph.in_edges(node, keys=True, data=True))
    for u, v, rel, data in edges:
        text = _text(data.get("evidence")).strip()
        if text and text not in found:
            other = v if u == node else u
            found[text] = (_finite(data.get("confidence")) or 0.0, rel, _text(graph.nodes[other].get("label") or other))
    surest = sorted(found.items(), key=lambda item: (-item[1][0], item[1][1], item[0]))[:_EVIDENCE_PER_NODE]
    return [{"rel": rel, "other": other, "text": _shortened(text, _EVIDENCE_CHARS)} for text, (_, rel, other) in surest]


def _vis_options(*, physics: bool, edges: int) -> dict[str, Any]:
    """vis-network options: positions are given, so no improved layout and physics only on request."""
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 0},
        "physics": {"enabled": physics, "solver": "barnesHut", "stabilization": {"iterations": 150}},
        "nodes": {
            "shape": "dot",
            "borderWidth": 1,
            "font": {"face": "system-ui, sans-serif", "color": "#1f2933", "strokeWidth": 3,
                     "strokeColor": "#ffffff"},
            "scaling": {"min": 6, "max": 40,
                        "label": {"enabled": True, "min": 6, "max": 44, "drawThreshold": 9, "maxVisible": 22}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
            "color": {"color": "#b3bcc8", "highlight": "#1f2933", "hover": "#52606d", "inherit": False,
                      "opacity": 0.75},
            "smooth": False,
            "width": 0.8,
            "hoverWidth": 1.5,
            "selectionWidth": 2,
        },
        "interaction": {"hover": True, "hideEdgesOnDrag": edges > 2000, "hideEdgesOnZoom": edges > 5000,
                        "keyboard": False, "navigationButtons": False, "tooltipDelay": 120},
    }


def _pyvis_network(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], options: dict[str, Any]) -> Network:
    """A pyvis Network holding the lists whole: its add_node/add_edge rescan a list on every call."""
    network = Network(directed=True)
    network.nodes, network.edges = nodes, edges
    network.node_ids = [node["id"] for node in nodes]
    network.node_map = {node["id"]: node for node in nodes}
    network.set_options(json.dumps(options))
    return network


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", name))


@cache
def _vis_library() -> tuple[str, str]:
    """vis-network's script and stylesheet, the newest version the installed pyvis ships."""
    library = resources.files("pyvis") / "templates" / "lib"
    versions = [folder for folder in library.iterdir() if folder.name.startswith("vis-")]
    if not versions:
        raise ExportError("the installed pyvis ships no vis-network library; reinstall pyvis")
    newest = max(versions, key=lambda folder: _version_key(folder.name))
    script = (newest / "vis-network.min.js").read_text(encoding="utf-8")
    return _SCRIPT_END.sub(r"<\\/", script), (newest / "vis-network.css").read_text(encoding="utf-8")


@cache
def _template(name: str) -> str:
    return (resources.files("kg.exporters") / "templates" / name).read_text(encoding="utf-8")


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element.

    ASCII-only output escapes U+2028/2029 (and lone surrogates); `<`, `>` and `&` are escaped
    too, so `</script>` in a title can never end the element.
    """
    return json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":")).translate(
        _SCRIPT_JSON_ESCAPES
    )


def _csp_hashes(texts: Iterable[str]) -> str:
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"
        for text in texts
    )


def _assemble(title: str, payload: dict[str, Any]) -> str:
    vis_script, vis_style = _vis_library()
    viewer_script, viewer_style = _template("viewer.js"), _template("viewer.css")
    policy = (
        "default-src 'none'; img-src data:; "
        f"script-src {_csp_hashes([vis_script, viewer_script])}; "
        f"style-src {_csp_hashes([vis_style, viewer_style])}"
    )
    return Template(_template("viewer.html")).substitute(
        page_title=html.escape(title),
        policy=policy,
        vis_style=vis_style,
        viewer_style=viewer_style,
        data=_script_json(payload),
        vis_script=vis_script,
        viewer_script=viewer_script,
    )
