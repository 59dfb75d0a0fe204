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
import numpy as np

from kg.analysis.views import artifacts_by_paper, display_name
from kg.model import NodeKind

__all__ = ["MethodTrend", "Burst", "Timeline", "month_of", "papers_per_month", "method_trends", "bursts"]

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


@dataclass(frozen=True)
class Timeline:
    """The dated papers by month, and the methods each uses: what every trend reads.

    Gathered in one pass over the graph (`Timeline.of`), so a report that shows monthly
    counts, shares and bursts reads the graph once rather than once per table.
    """

    months: dict[str, tuple[str, ...]]  # every month, first to last (empty ones included) -> its papers, sorted
    published: dict[str, str]  # dated paper -> its ISO date
    methods: dict[str, list[str]]  # dated paper -> the methods it proposes or uses

    @classmethod
    def of(cls, graph: nx.MultiDiGraph, artifacts: dict[str, list[tuple[str, str]]] | None = None) -> Timeline:
        """The timeline of kg's typed graph; `artifacts` is `artifacts_by_paper(graph)` when already found.

        >>> g = nx.MultiDiGraph()
        >>> g.add_node("paper:a", kind="paper", published="2023-01-05")
        >>> g.add_node("paper:b", kind="paper", published="Jan 5")
        >>> Timeline.of(g).published
        {'paper:a': '2023-01-05'}
        """
        published: dict[str, str] = {}
        by_month: dict[str, list[str]] = defaultdict(list)
        paper = NodeKind.PAPER.value
        for node, data in graph.nodes(data=True):
            if data.get("kind") == paper and (month := month_of(data.get("published"))):
                published[node] = data["published"]
                by_month[month].append(node)
        months = (
            {month: tuple(sorted(by_month.get(month, ()))) for month in _month_range(min(by_month), max(by_month))}
            if by_month
            else {}
        )
        method = NodeKind.METHOD.value
        methods = {
            node: [target for target, kind in found if kind == method]
            for node, found in (artifacts if artifacts is not None else artifacts_by_paper(graph)).items()
            if node in published
        }
        return cls(months, published, methods)


def _month_range(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def papers_per_month(graph: nx.MultiDiGraph, *, timeline: Timeline | None = None) -> dict[str, tuple[str, ...]]:
    """Every month from the first dated paper to the last (empty months included) -> its papers.

    `timeline`, when given, is `Timeline.of(graph)` already gathered.

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("paper:a", kind="paper", published="2023-01-05")
    >>> g.add_node("paper:b", kind="paper", published="2023-03-30")
    >>> papers_per_month(g)
    {'2023-01': ('paper:a',), '2023-02': (), '2023-03': ('paper:b',)}
    """
    return (timeline or Timeline.of(graph)).months


def method_trends(
    graph: nx.MultiDiGraph, *, min_papers: int = 2, timeline: Timeline | None = None
) -> list[MethodTrend]:
    """Methods by change in share between the earlier and later half of the dated papers, rising first.

    The halves split at the median date (papers on that date count as later). Methods
    used by fewer than `min_papers` dated papers are left out as noise. `timeline`, when
    given, is `Timeline.of(graph)` already gathered.

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
    timeline = timeline or Timeline.of(graph)
    dated = sorted(timeline.published.items(), key=lambda item: (item[1], item[0]))
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
            for method in timeline.methods[paper]:
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


def _burst_states(used: np.ndarray, totals: list[int], scale: float, gamma: float) -> np.ndarray:
    """Viterbi paths (0 = base rate, 1 = burst rate) of Kleinberg's batched two-state automaton,
    one row per method: `used` holds each method's papers per month, `totals` all papers per month.

    The methods are stepped through the months together (numpy, one operation per month for
    all of them) with each method's own arithmetic unchanged, so a row is the path the
    automaton finds for that method alone. Rows of methods whose burst rate would reach 1
    are all 0.
    """
    base = used.sum(axis=1) / sum(totals)
    burst = scale * base
    valid = (base > 0) & (burst < 1)
    states = np.zeros(used.shape, dtype=np.int8)
    if not valid.any():
        return states
    used, base, burst = used[valid], base[valid], burst[valid]
    # math.log per method, as a scalar loop would take it (numpy's log may differ in the last bit)
    log_rate = np.array([[math.log(b), math.log(r)] for b, r in zip(base.tolist(), burst.tolist())])
    log_miss = np.array([[math.log(1 - b), math.log(1 - r)] for b, r in zip(base.tolist(), burst.tolist())])
    up = gamma * math.log(len(totals))
    misses = np.asarray(totals) - used

    def fit(state: int, t: int) -> np.ndarray:
        return -(used[:, t] * log_rate[:, state] + misses[:, t] * log_miss[:, state])

    stay, rise = fit(0, 0), fit(1, 0) + up
    from_burst: list[tuple[np.ndarray, np.ndarray]] = []  # per later month: did each state come from state 1?
    for t in range(1, len(totals)):
        falls = stay > rise  # ties go to the lower state, as min() over (cost, state) pairs does
        rises = stay + up <= rise
        from_burst.append((falls, ~rises))
        stay, rise = np.where(falls, rise, stay) + fit(0, t), np.where(rises, stay + up, rise) + fit(1, t)
    state = (stay > rise).astype(np.int8)
    path = [state]
    for falls, stays_in_burst in reversed(from_burst):
        state = np.where(state == 1, stays_in_burst, falls).astype(np.int8)
        path.append(state)
    states[valid] = np.array(path[::-1]).T
    return states


def bursts(
    graph: nx.MultiDiGraph,
    *,
    scale: float = 2.0,
    gamma: float = 1.0,
    min_papers: int = 2,
    timeline: Timeline | None = None,
) -> list[Burst]:
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
    timeline : Timeline or None
        `Timeline.of(graph)` when already gathered.

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
    timeline = timeline or Timeline.of(graph)
    months = timeline.months
    order = list(months)
    column = {month: t for t, month in enumerate(order)}
    users: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for month, papers in months.items():
        for paper in papers:
            for method in timeline.methods[paper]:
                users[method][month].append(paper)
    candidates = [method for method, by_month in users.items() if sum(map(len, by_month.values())) >= min_papers]
    if not candidates:
        return []
    used = np.zeros((len(candidates), len(order)), dtype=np.int64)
    for row, method in enumerate(candidates):
        for month, papers in users[method].items():
            used[row, column[month]] = len(papers)
    found = []
    for method, states in zip(candidates, _burst_states(used, [len(months[m]) for m in order], scale, gamma)):
        for start, end in _runs(states):
            by_month = users[method]
            papers = tuple(sorted(p for m in order[start : end + 1] for p in by_month.get(m, ())))
            if len(papers) >= min_papers:
                found.append(Burst(method, display_name(graph, method), order[start], order[end], papers))
    return sorted(found, key=lambda b: (-len(b.papers), b.start, b.name))


def _runs(states: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index of every run of 1s."""
    edges = np.diff(np.concatenate(([0], states, [0])))
    return list(zip(np.flatnonzero(edges == 1).tolist(), (np.flatnonzero(edges == -1) - 1).tolist()))
