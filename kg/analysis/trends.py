"""Trends over time: how many papers appear each month, and which methods rise, fall or burst.

Dates come from a paper's ISO `published` date; papers without one are left out of
trends (and the report says how many). Listing pages often show no year, so only the
ISO date is trusted.

A method *rises* when the share of papers using it is higher in the later half of
the dated corpus than in the earlier half (split at the median date), and *falls*
when lower: a share, not a count, so a growing corpus does not make everything rise.
A *burst* is a run of months in which a method is used far more often than its
corpus-wide rate, found with Kleinberg's two-state automaton on monthly batches
(Kleinberg 2003, "Bursty and hierarchical structure in streams").
Every point names its papers.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from kg.analysis.views import artifacts_of, display_name
from kg.model import NodeKind

__all__ = ["MethodTrend", "Burst", "month_of", "papers_per_month", "method_trends", "bursts"]

_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})")


@dataclass(frozen=True, slots=True)
class MethodTrend:
    """A method's share of papers in the earlier and the later half of the dated corpus."""

    node: str
    name: str
    early_share: float
    late_share: float
    early_papers: tuple[str, ...]
    late_papers: tuple[str, ...]

    @property
    def change(self) -> float:
        """Late share minus early share: positive when rising."""
        return self.late_share - self.early_share


@dataclass(frozen=True, slots=True)
class Burst:
    """A run of months (inclusive) in which a method was used at a burst rate."""

    node: str
    name: str
    start: str
    end: str
    papers: tuple[str, ...]


def month_of(published: str | None) -> str | None:
    """``YYYY-MM`` of an ISO date, or None when there is no usable date.

    >>> month_of("2017-06-12"), month_of("Jun 12"), month_of(None)
    ('2017-06', None, None)
    """
    match = _ISO_MONTH.match(published or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return f"{match.group(1)}-{match.group(2)}"


def _dated_papers(graph: nx.MultiDiGraph) -> dict[str, str]:
    """Paper -> ISO date, for papers with a usable `published` date."""
    return {
        node: data["published"]
        for node, data in graph.nodes(data=True)
        if data.get("kind") == NodeKind.PAPER.value and month_of(data.get("published"))
    }


def _month_range(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def papers_per_month(graph: nx.MultiDiGraph) -> dict[str, tuple[str, ...]]:
    """Every month from the first dated paper to the last (empty months included) -> its papers.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("paper:a", kind="paper", published="2023-01-05")
    >>> g.add_node("paper:b", kind="paper", published="2023-03-30")
    >>> papers_per_month(g)
    {'2023-01': ('paper:a',), '2023-02': (), '2023-03': ('paper:b',)}
    """
    by_month: dict[str, list[str]] = defaultdict(list)
    for paper, published in _dated_papers(graph).items():
        by_month[month_of(published)].append(paper)
    if not by_month:
        return {}
    return {month: tuple(sorted(by_month.get(month, ()))) for month in _month_range(min(by_month), max(by_month))}


def _methods_of(graph: nx.MultiDiGraph, paper: str) -> set[str]:
    return {node for node, kind in artifacts_of(graph, paper) if kind == NodeKind.METHOD.value}


def method_trends(graph: nx.MultiDiGraph, *, min_papers: int = 2) -> list[MethodTrend]:
    """Methods by change in share between the earlier and later half of the dated papers, rising first.

    The halves split at the median date (papers on that date count as later). Methods
    used by fewer than `min_papers` dated papers are left out as noise.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("method:m", kind="method", name="M")
    >>> for i, date in enumerate(["2020-01-01", "2020-02-01", "2021-01-01", "2021-02-01"]):
    ...     g.add_node(f"paper:{i}", kind="paper", published=date)
    >>> for i in (1, 2, 3):
    ...     _ = g.add_edge(f"paper:{i}", "method:m", key="uses_method")
    >>> t = method_trends(g)[0]
    >>> t.early_share, t.late_share, t.early_papers
    (0.5, 1.0, ('paper:1',))
    """
    dated = sorted(_dated_papers(graph).items(), key=lambda item: (item[1], item[0]))
    if len(dated) < 2:
        return []
    median = dated[len(dated) // 2][1]
    halves: dict[bool, list[str]] = {False: [], True: []}
    for paper, published in dated:
        halves[published >= median].append(paper)
    if not halves[False]:
        return []
    users: dict[str, dict[bool, list[str]]] = defaultdict(lambda: {False: [], True: []})
    for late, papers in halves.items():
        for paper in papers:
            for method in _methods_of(graph, paper):
                users[method][late].append(paper)
    trends = [
        MethodTrend(
            method,
            display_name(graph, method),
            len(split[False]) / len(halves[False]),
            len(split[True]) / len(halves[True]),
            tuple(sorted(split[False])),
            tuple(sorted(split[True])),
        )
        for method, split in users.items()
        if len(split[False]) + len(split[True]) >= min_papers
    ]
    return sorted(trends, key=lambda t: (-t.change, t.name))


def _burst_states(used: list[int], totals: list[int], scale: float, gamma: float) -> list[int] | None:
    """Viterbi path (0 = base rate, 1 = burst rate) of Kleinberg's batched two-state automaton."""
    base = sum(used) / sum(totals)
    burst = scale * base
    if base <= 0 or burst >= 1:
        return None
    rates = (base, burst)
    up = gamma * math.log(len(totals))

    def fit(state: int, t: int) -> float:
        p = rates[state]
        return -(used[t] * math.log(p) + (totals[t] - used[t]) * math.log(1 - p))

    cost = [fit(0, 0), fit(1, 0) + up]
    paths: list[list[int]] = [[0], [1]]
    for t in range(1, len(totals)):
        stay_or_fall = min((cost[0], 0), (cost[1], 1))
        stay_or_rise = min((cost[1], 1), (cost[0] + up, 0))
        paths = [paths[stay_or_fall[1]] + [0], paths[stay_or_rise[1]] + [1]]
        cost = [stay_or_fall[0] + fit(0, t), stay_or_rise[0] + fit(1, t)]
    return paths[0] if cost[0] <= cost[1] else paths[1]


def bursts(graph: nx.MultiDiGraph, *, scale: float = 2.0, gamma: float = 1.0, min_papers: int = 2) -> list[Burst]:
    """Runs of months in which a method's share of papers jumps to `scale` times its usual rate.

    Parameters
    ----------
    graph : networkx MultiDiGraph
        kg's typed graph.
    scale : float
        The burst rate as a multiple of the method's corpus-wide rate.
    gamma : float
        Cost of entering a burst, in units of log(number of months): higher, fewer bursts.
    min_papers : int
        Methods used by fewer dated papers, and bursts with fewer papers, are ignored.

    Returns
    -------
    list of Burst
        Ordered by number of papers in the burst, then by start month.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("method:m", kind="method", name="M")
    >>> for month in range(1, 13):
    ...     for i in range(4):
    ...         g.add_node(f"paper:{month}-{i}", kind="paper", published=f"2020-{month:02d}-01")
    >>> for i in range(4):
    ...     _ = g.add_edge(f"paper:6-{i}", "method:m", key="uses_method")
    >>> [(b.start, b.end, len(b.papers)) for b in bursts(g)]
    [('2020-06', '2020-06', 4)]
    """
    months = papers_per_month(graph)
    order = list(months)
    totals = [len(months[m]) for m in order]
    found = []
    users: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for month, papers in months.items():
        for paper in papers:
            for method in _methods_of(graph, paper):
                users[method][month].append(paper)
    for method, by_month in users.items():
        used = [len(by_month.get(m, ())) for m in order]
        if sum(used) < min_papers:
            continue
        states = _burst_states(used, totals, scale, gamma)
        if states is None:
            continue
        t = 0
        while t < len(states):
            if states[t] == 0:
                t += 1
                continue
            end = t
            while end + 1 < len(states) and states[end + 1] == 1:
                end += 1
            papers = tuple(sorted(p for m in order[t : end + 1] for p in by_month.get(m, ())))
            if len(papers) >= min_papers:
                found.append(Burst(method, display_name(graph, method), order[t], order[end], papers))
            t = end + 1
    return sorted(found, key=lambda b: (-len(b.papers), b.start, b.name))
