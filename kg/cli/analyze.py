"""`kg analyze`: analyse a workspace's graph, print a summary, and write report.md with its charts."""

from __future__ import annotations

from pathlib import Path

import click
import networkx as nx

from kg.analysis import AnalysisSummary, analyze
from kg.exporters import export
from kg.pipeline import load_graph

_SHOWN = 5


def _print_summary(graph: nx.MultiDiGraph, summary: AnalysisSummary) -> None:
    click.echo(f"graph: {summary.nodes:,} nodes, {summary.edges:,} edges")
    click.echo(f"engine: {summary.engine_reason}")
    samples = summary.betweenness_samples
    click.echo("betweenness: " + ("exact" if samples is None else f"sampled from {samples} sources"))
    click.echo(
        f"communities: {len(summary.communities):,} ({summary.community_method}, seed {summary.seed}), "
        f"modularity {summary.modularity:.3f}"
    )
    for community in summary.communities[:_SHOWN]:
        click.echo(f"  {community.id:>3}  {community.size:>6,} members  {community.label}")
    papers = sorted(
        (n for n, kind in graph.nodes(data="kind") if kind == "paper"),
        key=lambda n: (-graph.nodes[n]["pagerank"], n),
    )
    click.echo("top papers by PageRank:")
    for rank, node in enumerate(papers[:_SHOWN], 1):
        click.echo(f"  {rank}. {graph.nodes[node].get('title') or node}  ({graph.nodes[node]['pagerank']:.4f})")
    click.echo(f"analysed in {sum(summary.timings.values()):.1f} s")


@click.command("analyze")
@click.option("--db", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              help="Workspace file.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for report.md and its charts (default: the workspace's folder, beside the exports).")
@click.option("--seed", type=int, default=42, show_default=True, help="Seed for communities and sampling.")
@click.option("--communities", "community_method", type=click.Choice(["louvain", "leiden"]), default="louvain",
              show_default=True, help="Community algorithm (Leiden needs kg[igraph]).")
@click.option("--engine", type=click.Choice(["auto", "networkx", "igraph"]), default="auto", show_default=True,
              help="Graph library; auto picks igraph for large graphs when it is installed.")
def analyze_command(db: Path, out: Path | None, seed: int, community_method: str, engine: str) -> None:
    """Compute centrality, communities and trends, print a summary, and write report.md."""
    graph = load_graph(db, analysed=False)
    summary = analyze(graph, seed=seed, community_method=community_method,
                      engine=None if engine == "auto" else engine)
    _print_summary(graph, summary)
    for path in export(graph, "report", out or db.parent, summary=summary):
        click.echo(f"wrote {path}")


def register(group: click.Group) -> None:
    group.add_command(analyze_command)
