"""Paper cards as JSON Lines: one object per paper with the fields of the annotation guideline.

The card is what a reader skims and what the gold scorer compares: title, metadata as
the listing showed it, and the names the paper proposes, uses and links to. With
`evidence=True` each card also says why each fact is there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kg.atomic import atomic_write
from kg.model import NodeKind, RelKind

__all__ = ["export", "generate_paper_cards", "paper_cards"]

_LISTS = {
    RelKind.USES_DATASET.value: "datasets",
    RelKind.USES_METHOD.value: "methods",
    RelKind.HAS_CODE.value: "repos",
    RelKind.HAS_LINK.value: "links",
}


def _text_order(edge: dict[str, Any]) -> tuple:
    return (edge.get("field") != "title", edge.get("field") or "", edge.get("start") or 0)


def paper_cards(graph: nx.MultiDiGraph, *, evidence: bool = False) -> list[dict[str, Any]]:
    """One card per paper node, in id order; facts in the order the text states them."""
    return list(generate_paper_cards(graph, evidence=evidence))


def generate_paper_cards(graph: nx.MultiDiGraph, *, evidence: bool = False) -> Iterator[dict[str, Any]]:
    """The cards of `paper_cards` one at a time, so that writing a million of them holds one."""
    paper = NodeKind.PAPER.value
    for node in sorted(node for node, kind in graph.nodes(data="kind") if kind == paper):
        data = graph.nodes[node]
        card: dict[str, Any] = {
            "id": node,
            "title": data.get("title"),
            "authors_count": data.get("authors_count"),
            "org": data.get("org"),
            "date": data.get("date"),
            "upvotes": data.get("upvotes"),
            "proposes": [],
            "datasets": [],
            "methods": [],
            "repos": [],
            "links": [],
        }
        why = []
        edges = sorted(graph.out_edges(node, keys=True, data=True), key=lambda e: _text_order(e[3]))
        for _, target, rel, edge in edges:
            if rel == RelKind.PROPOSES.value:
                entity = graph.nodes[target]
                card["proposes"].append(
                    {"name": entity["name"], "type": entity["kind"], "aliases": list(entity.get("aliases") or [])}
                )
            elif rel in _LISTS:
                card[_LISTS[rel]].append(edge.get("name") or graph.nodes[target].get("label"))
            else:
                continue
            why.append({"rel": rel, "target": target, "rule": edge.get("rule"), "confidence": edge.get("confidence"),
                        "sentence": edge.get("evidence"), "field": edge.get("field"),
                        "span": [edge.get("start"), edge.get("end")], "source": edge.get("source")})
        if evidence:
            card["evidence"] = why
        yield card


def export(graph: nx.MultiDiGraph, dest: Path, *, evidence: bool = False, **_: Any) -> list[Path]:
    """Write `dest` (a .jsonl file) with one paper card per line."""
    with atomic_write(dest) as f:
        for card in generate_paper_cards(graph, evidence=evidence):
            f.write(json.dumps(card, ensure_ascii=False) + "\n")
    return [dest]
