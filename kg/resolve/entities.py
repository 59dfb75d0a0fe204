"""Canonical entities: one node per named method or dataset, whatever spelling a paper used.

Spellings coincide by `name_key` (CIFAR10 = CIFAR-10), and a proposal's aliases
("Mixture-of-Experts" for MoE) point at the same entity. Names papers propose are
registered before mentions, so a corpus paper's own name and aliases define the entity.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kg.ids import name_key, node_id, slug
from kg.model import EntityType, NodeKind

__all__ = ["Entity", "EntityIndex"]


@dataclass
class Entity:
    """A method or dataset node being assembled from the facts that name it."""

    id: str
    kind: EntityType
    name: str
    aliases: list[str] = field(default_factory=list)

    def row(self) -> tuple:
        """The row `Workspace.replace_derived` stores."""
        return (self.id, self.kind.value, self.name, json.dumps(self.aliases, ensure_ascii=False), "{}")


class EntityIndex:
    """Name key -> entity, for every name and alias seen so far."""

    def __init__(self) -> None:
        self._by_key: dict[str, Entity] = {}
        self._by_id: dict[str, Entity] = {}

    def __iter__(self):
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def find(self, name: str) -> Entity | None:
        """The entity a spelling denotes, if any."""
        return self._by_key.get(name_key(name))

    def add(self, name: str, kind: EntityType, aliases: list[str] | tuple[str, ...] = ()) -> Entity:
        """The entity `name` (or any alias) denotes, created when new; aliases are merged in.

        >>> index = EntityIndex()
        >>> moe = index.add("MoE", EntityType.METHOD, ["Mixture-of-Experts"])
        >>> index.add("mixture of experts", EntityType.METHOD) is moe
        True
        """
        entity = self.find(name) or next(filter(None, map(self.find, aliases)), None)
        if entity is None:
            entity_id = node_id(NodeKind(kind.value), slug(name))
            entity = self._by_id.get(entity_id) or Entity(entity_id, kind, name)
            self._by_id[entity_id] = entity
        for spelling in (name, *aliases):
            key = name_key(spelling)
            if key in self._by_key:
                continue
            self._by_key[key] = entity
            if key != name_key(entity.name):
                entity.aliases.append(spelling)
        return entity
