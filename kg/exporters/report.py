"""report.md: what the graph holds and what analysis found, written for people, with PNG charts.

`dest` is a folder (the report is written to ``dest/report.md``) or a path ending in
``.md``. Charts are written beside the report as ``<stem>-<chart>.png`` and linked by
relative path, so the folder can be moved or published as it is.

The report shows the summary of `kg.analysis.analyze` for this graph: the one passed
as `summary`, else the one recorded when this graph was analysed in this process,
else it analyses the graph now (writing the results onto its nodes). Every aggregate
in it (a community label, a trend, a co-occurrence weight) names papers behind it.
"""

from __future__ import annotations

import heapq
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.analysis import AnalysisSummary, analyze, summary_of
from kg.analysis.communities import Community
from kg.analysis.cooccurrence import cocitation, method_cooccurrence, paper_coupling
from kg.analysis.trends import MethodTrend, Timeline, bursts, method_trends
from kg.analysis.views import artifacts_by_paper, display_name
from kg.atomic import atomic_write
from kg.exporters.charts import bar_chart, degree_distribution, monthly_chart
from kg.model import NodeKind, RelKind

__all__ = ["export"]

#: papers named per aggregate before "and N more".
_EXAMPLES = 3
#: entities shared by more papers than this do not couple papers (see `cooccurrence`'s max_items).
_COUPLING_MAX_PAPERS = 200
#: pairs counted per co-occurrence network at most, which bounds the report's memory on large corpora.
_MAX_PAIRS = 2_000_000
#: node kinds ranked by PageRank in tables and charts.
_RANKED = (NodeKind.PAPER, NodeKind.METHOD, NodeKind.DATASET)
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]+")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|#])")


def _text(value: object, width: int = 90) -> str:
    """Inline Markdown for any text: one line, markup characters escaped, shortened."""
    flat = " ".join(_CONTROL.sub(" ", str(value)).split())
    if len(flat) > width:
        flat = flat[: width - 1] + "…"
    return _MARKDOWN.sub(r"\\\1", flat)


def _paper(graph: nx.MultiDiGraph, node: str) -> str:
    """A paper as a Markdown link to arXiv when it has an arXiv id, else its escaped title."""
    title = _text(display_name(graph, node), 80)
    arxiv_id = graph.nodes[node].get("arxiv_id")
    return f"[{title}](https://arxiv.org/abs/{arxiv_id})" if arxiv_id else title


def _papers(graph: nx.MultiDiGraph, papers: tuple[str, ...] | list[str]) -> str:
    """The first papers of a drill-down list, best PageRank first, and how many more there are."""
    best = heapq.nsmallest(_EXAMPLES, papers, key=lambda p: (-(graph.nodes[p].get("pagerank") or 0.0), p))
    shown = "; ".join(_paper(graph, p) for p in best)
    more = len(papers) - _EXAMPLES
    return shown + (f"; and {more} more" if more > 0 else "")


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def _table(header: list[str], rows: list[list[object]]) -> Iterator[str]:
    if not rows:
        yield "_None._"
        yield ""
        return
    yield "| " + " | ".join(header) + " |"
    yield "|" + "|".join("---" for _ in header) + "|"
    for row in rows:
        yield "| " + " | ".join(str(cell) for cell in row) + " |"
    yield ""


@dataclass(frozen=True)
class _Facts:
    """What several sections and charts read, gathered once per report in a few passes over the graph."""

    kinds: Counter[str]  # node kind -> nodes
    degrees: list[int]  # every node's degree, as analysis wrote it
    relations: Counter[str]  # relation -> edges
    inferred: Counter[str]  # relation -> inferred edges
    top: dict[NodeKind, list[str]]  # the best nodes of each ranked kind by PageRank
    artifacts: dict[str, list[tuple[str, str]]]  # `artifacts_by_paper`
    timeline: Timeline
    trends: list[MethodTrend]

    @property
    def papers(self) -> int:
        return self.kinds[NodeKind.PAPER.value]

    @classmethod
    def of(cls, graph: nx.MultiDiGraph, top: int) -> _Facts:
        kinds: Counter[str] = Counter()
        degrees = []
        ranked: dict[str, list[tuple[float, str]]] = {kind.value: [] for kind in _RANKED}
        for node, data in graph.nodes(data=True):
            kind = data.get("kind")
            kinds[kind] += 1
            degrees.append(data["degree"] if "degree" in data else graph.degree(node))
            if kind in ranked:
                ranked[kind].append((-(data.get("pagerank") or 0.0), node))
        relations: Counter[str] = Counter()
        inferred: Counter[str] = Counter()
        for targets in graph._succ.values():  # networkx's adjacency dicts: the edge view costs several times more
            for keyed in targets.values():
                for rel, data in keyed.items():
                    relations[rel] += 1
                    inferred[rel] += bool(data.get("inferred"))
        best = {kind: [node for _, node in heapq.nsmallest(top, ranked[kind.value])] for kind in _RANKED}
        artifacts = artifacts_by_paper(graph)
        timeline = Timeline.of(graph, artifacts)
        trends = method_trends(graph, timeline=timeline)
        return cls(kinds, degrees, relations, inferred, best, artifacts, timeline, trends)


def _papers_linking_to(graph: nx.MultiDiGraph, node: str, relation: RelKind | None = None) -> list[str]:
    """Papers with an edge to `node` (of `relation`, when given): the drill-down of a ranking row."""
    return sorted(
        {
            u
            for u, _, rel in graph.in_edges(node, keys=True)
            if graph.nodes[u].get("kind") == NodeKind.PAPER.value and (relation is None or rel == relation.value)
        }
    )


def _image(charts: dict[str, Path], name: str, alt: str) -> Iterator[str]:
    if name in charts:
        yield f"![{alt}]({charts[name].name})"
        yield ""


def _header(facts: _Facts) -> Iterator[str]:
    yield "# Knowledge graph report"
    yield ""
    yield (
        f"{sum(facts.kinds.values()):,} nodes and {sum(facts.relations.values()):,} edges; "
        f"{facts.papers:,} papers."
    )
    yield ""


def _reading_guide(summary: AnalysisSummary) -> Iterator[str]:
    betweenness = (
        "exact"
        if summary.betweenness_samples is None
        else f"estimated from shortest paths out of {summary.betweenness_samples} sampled source nodes"
    )
    yield "## How the numbers were computed"
    yield ""
    yield f"- **Engine**: {_text(summary.engine_reason, 200)}."
    yield (
        "- **PageRank** is computed on the whole graph read undirected, edges weighted by confidence, "
        "listing pages left out; it is the only score that ranks papers, methods and datasets on one scale."
    )
    yield (
        "- **Citation PageRank**, **cited by** (in-degree) and **HITS** are computed on the citation graph "
        "alone (paper → paper or cited work, explicit and inferred citations, weighted by confidence)."
    )
    yield f"- **Betweenness** is {betweenness}; edges are unweighted for it."
    yield (
        f"- **Communities**: {summary.community_method.capitalize()} on the same undirected graph, "
        f"seed {summary.seed}; "
        f"modularity {summary.modularity:.3f}. A community is labelled by the methods and datasets its papers "
        "use most and by the title words most particular to it."
    )
    yield ""


def _counts(facts: _Facts) -> Iterator[str]:
    yield "## Counts"
    yield ""
    yield from _table(
        ["node kind", "nodes"],
        [[_text(k), f"{n:,}"] for k, n in sorted(facts.kinds.items(), key=lambda i: (-i[1], str(i[0])))],
    )
    rows = [
        [_text(rel), f"{n:,}", f"{facts.inferred[rel]:,}"]
        for rel, n in sorted(facts.relations.items(), key=lambda i: (-i[1], i[0]))
    ]
    yield from _table(["relation", "edges", "of which inferred"], rows)


def _rankings(graph: nx.MultiDiGraph, facts: _Facts, charts: dict[str, Path], top: int) -> Iterator[str]:
    yield "## Top papers"
    yield ""
    rows = [
        [
            i,
            _paper(graph, node),
            f"{graph.nodes[node].get('pagerank', 0.0):.4f}",
            f"{graph.nodes[node].get('citation_pagerank', 0.0):.4f}",
            graph.nodes[node].get("citation_in", 0),
            graph.nodes[node].get("community", -1),
        ]
        for i, node in enumerate(facts.top[NodeKind.PAPER], 1)
    ]
    yield from _table(["#", "paper", "PageRank", "citation PageRank", "cited by", "community"], rows)
    yield from _image(charts, "papers", "Top papers by PageRank")
    yield from _most_cited(graph, top)
    for kind, title in ((NodeKind.METHOD, "Top methods"), (NodeKind.DATASET, "Top datasets")):
        yield f"## {title}"
        yield ""
        rows = []
        for i, node in enumerate(facts.top[kind], 1):
            papers = _papers_linking_to(graph, node)
            rows.append(
                [
                    i,
                    _text(display_name(graph, node)),
                    f"{graph.nodes[node].get('pagerank', 0.0):.4f}",
                    len(papers),
                    _papers(graph, papers),
                ]
            )
        yield from _table(["#", kind.value, "PageRank", "papers", "for example"], rows)
        yield from _image(charts, kind.value + "s", f"{title} by PageRank")
    yield "## Degree distribution"
    yield ""
    yield from _image(charts, "degree", "Degree distribution")


def _most_cited(graph: nx.MultiDiGraph, top: int) -> Iterator[str]:
    yield "## Most cited works"
    yield ""
    yield (
        "Ranked by citation PageRank among works cited at least once in the corpus (explicit or inferred). "
        "HITS concentrates on the most densely linked group of citations, so on a sparse citation graph "
        "most works have authority 0."
    )
    yield ""
    cited = [n for n, data in graph.nodes(data=True) if (data.get("citation_in") or 0) > 0]
    cited.sort(key=lambda n: (-graph.nodes[n]["citation_pagerank"], n))
    rows = []
    for i, node in enumerate(cited[:top], 1):
        data = graph.nodes[node]
        citers = _papers_linking_to(graph, node, RelKind.CITES)
        rows.append(
            [
                i,
                _paper(graph, node),
                f"{data['citation_pagerank']:.4f}",
                f"{data.get('hits_authority', 0.0):.4f}",
                data["citation_in"],
                _papers(graph, citers),
            ]
        )
    yield from _table(["#", "work", "citation PageRank", "HITS authority", "cited by", "citing papers"], rows)


def _communities(graph: nx.MultiDiGraph, summary: AnalysisSummary, charts: dict[str, Path], top: int) -> Iterator[str]:
    groups = [c for c in summary.communities if c.size > 1]
    singletons = len(summary.communities) - len(groups)
    yield "## Communities"
    yield ""
    yield (
        f"{len(summary.communities):,} communities ({singletons:,} of them single, unconnected nodes), "
        f"modularity {summary.modularity:.3f}."
    )
    yield ""
    rows = [[c.id, c.size, len(c.papers), _text(c.label, 120)] for c in groups[:top]]
    yield from _table(["id", "members", "papers", "label"], rows)
    yield from _image(charts, "communities", "Community sizes")
    for community in groups[: min(top, 10)]:
        yield from _community_detail(graph, community)


def _community_detail(graph: nx.MultiDiGraph, community: Community) -> Iterator[str]:
    yield f"### Community {community.id}: {_text(community.label, 120)}"
    yield ""
    for what, items in (
        ("method", community.methods),
        ("dataset", community.datasets),
        ("title word", community.terms),
    ):
        for item in items[:_EXAMPLES]:
            papers = _count(len(item.papers), "paper")
            yield f"- {what} **{_text(item.name)}** ({papers}): {_papers(graph, item.papers)}"
    if community.papers:
        yield f"- top papers: {_papers(graph, community.papers)}"
    yield ""


def _trends(graph: nx.MultiDiGraph, facts: _Facts, charts: dict[str, Path], top: int) -> Iterator[str]:
    months = facts.timeline.months
    total = facts.papers
    dated = sum(len(p) for p in months.values())
    yield "## Trends"
    yield ""
    if not months:
        yield f"None of the {total:,} papers has an ISO publication date, so there are no trends to show."
        yield ""
        return
    yield f"{dated:,} of {total:,} papers have an ISO publication date, from {min(months)} to {max(months)}."
    yield ""
    yield from _image(charts, "trends", "Papers per month and the rising methods")
    yield from _table(["month", "papers"], [[m, len(p)] for m, p in months.items() if p])
    rising = [t for t in facts.trends if t.change > 0][:10]
    falling = [t for t in reversed(facts.trends) if t.change < 0][:10]
    for title, chosen, examples in (
        ("Rising methods", rising, "late_papers"),
        ("Falling methods", falling, "early_papers"),
    ):
        yield f"### {title}"
        yield ""
        yield "Share of dated papers using the method in the earlier and the later half (split at the median date)."
        yield ""
        rows = [
            [
                _text(t.name),
                f"{t.early_share:.1%}",
                f"{t.late_share:.1%}",
                f"{t.change:+.1%}",
                _papers(graph, getattr(t, examples)),
            ]
            for t in chosen
        ]
        yield from _table(["method", "earlier", "later", "change", "papers"], rows)
    found = bursts(graph, timeline=facts.timeline)[:top]
    yield "### Bursts"
    yield ""
    yield "Months in which a method was used at more than twice its usual rate (Kleinberg's burst detection)."
    yield ""
    rows = [
        [
            _text(b.name),
            b.start if b.start == b.end else f"{b.start} to {b.end}",
            len(b.papers),
            _papers(graph, b.papers),
        ]
        for b in found
    ]
    yield from _table(["method", "months", "papers", "for example"], rows)


def _pairs(network: nx.Graph, top: int) -> list[tuple[str, str, dict]]:
    """The most frequent pairs (raw count), ties by normalised weight: what readers ask about first."""
    return sorted(network.edges(data=True), key=lambda e: (-e[2]["count"], -e[2]["weight"], str(e[0]), str(e[1])))[:top]


def _limit_note(network: nx.Graph, left_out: str) -> Iterator[str]:
    """Say which crowded keys a co-occurrence network left out, when it left any out."""
    if network.graph.get("max_items") is not None:
        yield f"(Left out to bound the work: {left_out.format(network.graph['max_items'])}.)"
        yield ""


def _cooccurrence(graph: nx.MultiDiGraph, facts: _Facts, top: int) -> Iterator[str]:
    yield "## Co-occurrence"
    yield ""
    yield (
        "Association strength is observed over expected co-occurrence (1 = chance); Salton's cosine is "
        "the count over the geometric mean of the two frequencies."
    )
    yield ""
    yield "### Methods used together"
    yield ""
    methods = method_cooccurrence(
        graph, artifacts=facts.artifacts, measure="association", min_count=2, max_pairs=_MAX_PAIRS
    )
    yield from _limit_note(methods, "papers naming more than {} methods")
    rows = [
        [
            f"{_text(methods.nodes[u]['label'])} + {_text(methods.nodes[v]['label'])}",
            d["count"],
            f"{d['weight']:.2f}",
            _papers(graph, d["via"]),
        ]
        for u, v, d in _pairs(methods, top)
    ]
    yield from _table(["methods", "papers", "association strength", "papers behind it"], rows)
    yield "### Papers coupled by shared methods and datasets"
    yield ""
    coupling = paper_coupling(
        graph,
        artifacts=facts.artifacts,
        measure="salton",
        min_count=2,
        max_items=_COUPLING_MAX_PAPERS,
        max_pairs=_MAX_PAIRS,
    )
    yield from _limit_note(coupling, "methods and datasets used by more than {} papers (they couple everything)")
    rows = [
        [
            _paper(graph, u),
            _paper(graph, v),
            d["count"],
            f"{d['weight']:.2f}",
            "; ".join(_text(display_name(graph, e)) for e in d["via"]),
        ]
        for u, v, d in _pairs(coupling, top)
    ]
    yield from _table(["paper", "paper", "shared", "Salton", "shared methods and datasets"], rows)
    cocited = cocitation(graph, measure="salton", min_count=2, max_pairs=_MAX_PAIRS)
    yield "### Co-citation"
    yield ""
    yield from _limit_note(cocited, "papers citing more than {} works")
    if cocited.number_of_edges() == 0:
        yield "No two works are cited together by two or more papers' reference lists (explicit citations only)."
        yield ""
        return
    rows = [
        [
            _text(cocited.nodes[u]["label"]),
            _text(cocited.nodes[v]["label"]),
            d["count"],
            f"{d['weight']:.2f}",
            _papers(graph, d["via"]),
        ]
        for u, v, d in _pairs(cocited, top)
    ]
    yield from _table(["work", "work", "cited together by", "Salton", "citing papers"], rows)


def _timings(summary: AnalysisSummary) -> Iterator[str]:
    if not summary.timings:
        return
    yield "## Analysis timings"
    yield ""
    yield from _table(["step", "seconds"], [[name, f"{seconds:.2f}"] for name, seconds in summary.timings.items()])


def _lines(
    graph: nx.MultiDiGraph, summary: AnalysisSummary, facts: _Facts, charts: dict[str, Path], top: int
) -> Iterator[str]:
    """The lines of report.md for an analysed graph; `charts` maps chart names to the files to link."""
    yield from _header(facts)
    yield from _reading_guide(summary)
    yield from _counts(facts)
    yield from _rankings(graph, facts, charts, top)
    yield from _communities(graph, summary, charts, top)
    yield from _trends(graph, facts, charts, top)
    yield from _cooccurrence(graph, facts, top)
    yield from _timings(summary)


def _write_charts(
    graph: nx.MultiDiGraph, summary: AnalysisSummary, facts: _Facts, report: Path, top: int
) -> dict[str, Path]:
    def beside(name: str) -> Path:
        return report.with_name(f"{report.stem}-{name}.png")

    charts = {"degree": degree_distribution(beside("degree-distribution"), facts.degrees)}
    for kind, title in zip(_RANKED, ("papers", "methods", "datasets")):
        nodes = facts.top[kind]
        if nodes:
            charts[title] = bar_chart(
                beside(f"top-{title}"),
                [display_name(graph, n) for n in nodes],
                [graph.nodes[n].get("pagerank") or 0.0 for n in nodes],
                title=f"Top {len(nodes)} {title} by PageRank",
                xlabel="PageRank",
            )
    groups = [c for c in summary.communities if c.size > 1][:top]
    if groups:
        charts["communities"] = bar_chart(
            beside("communities"),
            [f"{c.id}: {c.label}" for c in groups],
            [c.size for c in groups],
            title="Largest communities",
            xlabel="members",
        )
    months = facts.timeline.months
    if months:
        series = {}
        for trend in [t for t in facts.trends if t.change > 0][:5]:
            users = set(trend.early_papers) | set(trend.late_papers)
            series[trend.name] = [sum(p in users for p in papers) for papers in months.values()]
        charts["trends"] = monthly_chart(
            beside("trends"), list(months), [len(p) for p in months.values()], series, title="Papers per month"
        )
    return charts


def export(
    graph: nx.MultiDiGraph, dest: Path, *, summary: AnalysisSummary | None = None, seed: int = 42, top: int = 20
) -> list[Path]:
    """Write report.md and its PNG charts; returns the report first, then the charts.

    Parameters
    ----------
    graph : networkx MultiDiGraph
        kg's typed graph; analysed now (in place) when it has no recorded summary.
    dest : Path
        A folder, or the ``.md`` file to write.
    summary : AnalysisSummary or None
        What `kg.analysis.analyze` returned for `graph`.
    seed : int
        Seed for the analysis when it has to run here.
    top : int
        Length of the rankings and tables.
    """
    path = dest if dest.suffix.lower() == ".md" else dest / "report.md"
    summary = summary or summary_of(graph) or analyze(graph, seed=seed)
    facts = _Facts.of(graph, top)
    charts = _write_charts(graph, summary, facts, path, top)
    with atomic_write(path) as f:
        f.write("\n".join(_lines(graph, summary, facts, charts, top)) + "\n")
    return [path, *charts.values()]
