"""kg: a citation and knowledge graph of a research field, from the paper listings you have.

Typical use (the README has more)::

    import kg
    report = kg.build(["listings/"], "exports/")
    graph = kg.load_graph("exports/kg.db")
    kg.export(graph, "turtle", "exports/graph.ttl")

The names below are imported on first use, so `import kg.errors` (or the CLI's start)
does not pay for the whole pipeline.
"""

from __future__ import annotations

import importlib
from typing import Any

from kg.errors import ExportError, InputError, KGError, QueryError, StoreError, UnknownFormatError

__all__ = [
    "EXAMPLE",
    "ExportError",
    "InputError",
    "KGError",
    "QueryError",
    "StoreError",
    "UnknownFormatError",
    "Workspace",
    "build",
    "build_graph",
    "export",
    "ingest",
    "load_graph",
]
__version__ = "0.1.0"

_LAZY = {
    "EXAMPLE": "kg.pipeline",
    "Workspace": "kg.store",
    "build": "kg.pipeline",
    "build_graph": "kg.graph",
    "export": "kg.exporters",
    "ingest": "kg.pipeline",
    "load_graph": "kg.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
