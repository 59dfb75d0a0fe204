"""Graph edges as resolve assembles them: at most one per (source, kind, target), the best evidenced."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kg.model import RelKind

__all__ = ["Relation", "RelationSet"]


@dataclass(frozen=True, slots=True)
class Relation:
    """One edge with the evidence that justifies it (column order of the `relations` table)."""

    src: str
    rel: str
    dst: str
    name: str | None
    confidence: float
    rule: str
    evidence: str = ""
    source: str = ""
    field: str = ""
    start: int = 0
    end: int = 0
    inferred: bool = False

    def row(self) -> tuple:
        """Column values in table order (a plain tuple: `astuple` deep-copies, 10x slower)."""
        return (self.src, self.rel, self.dst, self.name, self.confidence, self.rule, self.evidence,
                self.source, self.field, self.start, self.end, self.inferred)


class RelationSet:
    """Keeps, for each (src, rel, dst), the relation with the highest confidence."""

    def __init__(self) -> None:
        self._best: dict[tuple[str, str, str], Relation] = {}

    def add(self, relation: Relation) -> None:
        key = (relation.src, relation.rel, relation.dst)
        current = self._best.get(key)
        if current is None or relation.confidence > current.confidence:
            self._best[key] = relation

    def has(self, src: str, rel: RelKind, dst: str) -> bool:
        return (src, rel.value, dst) in self._best

    def __iter__(self) -> Iterator[Relation]:
        return iter(self._best.values())

    def __len__(self) -> int:
        return len(self._best)
