"""PNG charts for the report, drawn with matplotlib's Agg canvas and written atomically.

Figures are built with the object API (`Figure` + `FigureCanvasAgg`), never pyplot,
so writing a report changes no global matplotlib state and needs no display.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from kg.atomic import atomic_write

__all__ = ["bar_chart", "degree_distribution", "monthly_chart"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _plain(text: str, width: int = 60) -> str:
    """Label text matplotlib draws literally: no control marks, `$` not read as mathtext, shortened."""
    flat = _CONTROL.sub(" ", text).replace("$", r"\$")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _save(figure: Figure, path: Path) -> Path:
    FigureCanvasAgg(figure)
    with warnings.catch_warnings():
        # titles may hold emoji or scripts the bundled font lacks; a missing glyph is drawn as a box
        warnings.filterwarnings("ignore", message="Glyph .* missing from font", category=UserWarning)
        with atomic_write(path, "wb") as f:
            figure.savefig(f, format="png", dpi=100)
    return path


def bar_chart(path: Path, labels: Sequence[str], values: Sequence[float], *, title: str, xlabel: str) -> Path:
    """Horizontal bars, the first item on top (for top-N rankings and community sizes)."""
    height = 0.32 * max(len(labels), 3) + 1.2
    figure = Figure(figsize=(10, height))
    # fixed margins in inches rather than tight_layout, which costs a full extra draw
    figure.subplots_adjust(left=0.42, right=0.97, top=1 - 0.45 / height, bottom=0.6 / height)
    axes = figure.add_subplot()
    positions = range(len(labels))
    axes.barh(positions, values, color="#4c72b0")
    axes.set_yticks(positions, [_plain(label) for label in labels], fontsize=8)
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    return _save(figure, path)


def degree_distribution(path: Path, degrees: Sequence[int], *, title: str = "Degree distribution") -> Path:
    """Number of nodes per degree on log-log axes, where a heavy tail shows as a straight-ish line."""
    counts = Counter(d for d in degrees if d > 0)
    figure = Figure(figsize=(7, 5))
    figure.subplots_adjust(left=0.12, right=0.96, top=0.92, bottom=0.12)
    axes = figure.add_subplot()
    xs = sorted(counts)
    axes.scatter(xs, [counts[x] for x in xs], s=12, color="#4c72b0")
    if xs:
        axes.set_xscale("log")
        axes.set_yscale("log")
    axes.set_xlabel("degree (all relations)")
    axes.set_ylabel("nodes")
    axes.set_title(title)
    return _save(figure, path)


def monthly_chart(
    path: Path, months: Sequence[str], papers: Sequence[int], series: dict[str, Sequence[int]], *, title: str
) -> Path:
    """Papers per month (bars) above the monthly paper counts of a few methods (lines)."""
    figure = Figure(figsize=(10, 7))
    figure.subplots_adjust(left=0.08, right=0.97, top=0.95, bottom=0.14, hspace=0.08)
    top, bottom = figure.subplots(2, 1, sharex=True)
    positions = range(len(months))
    top.bar(positions, papers, color="#4c72b0")
    top.set_ylabel("papers")
    top.set_title(title)
    for name, counts in series.items():
        bottom.plot(positions, counts, marker="o", markersize=3, label=_plain(name, 40))
    if series:
        bottom.legend(fontsize=8, loc="upper left")
    bottom.set_ylabel("papers using the method")
    for axes in (top, bottom):
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    step = max(1, len(months) // 12)
    bottom.set_xticks(list(positions)[::step], list(months)[::step], rotation=45, ha="right", fontsize=8)
    return _save(figure, path)
