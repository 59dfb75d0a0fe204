"""Corpus-level resolution: from stored facts to canonical entities and graph edges.

Runs over the whole workspace after each ingest (it needs the whole corpus: which paper
proposed a name decides what a mention of it means) and replaces the derived tables in
one transaction, so it can be re-run at any time with the same result.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial

from kg.extract.vocabulary import Vocabulary, VocabularyEntry, default_vocabulary
from kg.ids import name_key, node_id, slug, url_local_id
from kg.model import EntityType, NodeKind, Record, RelKind
from kg.resolve.citations import explicit_citations, inferred_citations
from kg.resolve.entities import EntityIndex
from kg.resolve.relations import Relation, RelationSet
from kg.resolve.rescan import Paper, corpus_mentions
from kg.store.workspace import Workspace, work_keys

__all__ = ["ResolveSummary", "resolve"]

_MENTION_RELS = {EntityType.METHOD: RelKind.USES_METHOD, EntityType.DATASET: RelKind.USES_DATASET}


@dataclass(frozen=True)
class ResolveSummary:
    entities: int
    relations: int
    inferred_citations: int
    explicit_citations: int


def resolve(
    workspace: Workspace, vocabulary: Vocabulary | None = None, workers: int | None = None
) -> ResolveSummary:
    """Rebuild entities and relations of `workspace` from its papers, records and facts.

    `workers` processes rescan the papers for proposed names (default: all cores when
    there are enough papers to match, see `kg.resolve.rescan`).
    """
    vocabulary = vocabulary or default_vocabulary()
    index = EntityIndex()
    relations = RelationSet()
    proposers: dict[str, set[str]] = defaultdict(set)

    for fact in _facts(workspace, RelKind.PROPOSES):
        paper = node_id(NodeKind.PAPER, fact["paper_id"])
        entity = index.add(fact["name"], EntityType(fact["type"]), json.loads(fact["aliases"]))
        proposers[entity.id].add(paper)
        relations.add(_from_fact(paper, RelKind.PROPOSES, entity.id, fact))

    for fact in _facts(workspace, RelKind.USES_METHOD, RelKind.USES_DATASET):
        paper = node_id(NodeKind.PAPER, fact["paper_id"])
        entity = index.find(fact["canonical"]) or index.find(fact["name"])
        if entity is None:
            entry = vocabulary.lookup(fact["canonical"])
            entity = index.add(fact["canonical"], EntityType(fact["type"]), entry.aliases if entry else ())
        if paper not in proposers[entity.id]:
            relations.add(_from_fact(paper, _MENTION_RELS[entity.kind], entity.id, fact))

    first_source: dict[str, str] = {}
    for paper_id, path in workspace.paper_sources():
        first_source.setdefault(node_id(NodeKind.PAPER, paper_id), path)
    _add_corpus_mentions(workspace, index, proposers, relations, first_source, workers)

    others: dict[str, tuple] = {}
    for fact in _facts(workspace, RelKind.HAS_CODE, RelKind.HAS_LINK):
        kind = NodeKind.REPOSITORY if fact["rel"] == RelKind.HAS_CODE.value else NodeKind.LINK
        local = url_local_id(fact["name"])
        target = node_id(kind, local)
        others.setdefault(target, (target, kind.value, local, "[]", json.dumps({"url": fact["name"]})))
        relations.add(_from_fact(node_id(NodeKind.PAPER, fact["paper_id"]), RelKind(fact["rel"]), target, fact))

    published = {node_id(NodeKind.PAPER, row[0]): row[1] for row in workspace.rows("SELECT id, published FROM papers")}
    inferred = list(inferred_citations(relations, proposers, published))  # done before any add
    for relation in inferred:
        relations.add(relation)

    nodes = _StatedNodes(others)
    has_references = False
    for paper_id, path, record in workspace.occurrences():
        for relation in _metadata_relations(paper_id, path, record, nodes):
            relations.add(relation)
        has_references = has_references or bool(record.references)
    explicit: list[Relation] = []
    if has_references:  # read the records again rather than hold every reference list
        works, explicit = explicit_citations(
            ((node_id(NodeKind.PAPER, pid), path, ref) for pid, path, rec in workspace.occurrences()
             for ref in rec.references),
            workspace.paper_id_for,
            work_keys,
        )
        others.update(works)
        for relation in explicit:
            relations.add(relation)

    with workspace.transaction():
        workspace.replace_derived(
            [entity.row() for entity in index] + list(others.values()),
            (relation.row() for relation in relations),
        )
    return ResolveSummary(len(index) + len(others), len(relations), len(inferred), len(explicit))


def _facts(workspace: Workspace, *rels: RelKind) -> Iterator[sqlite3.Row]:
    """Stored facts of the kinds `rels`, streamed rather than all held at once."""
    marks = ", ".join("?" * len(rels))
    return workspace.rows(
        "SELECT f.*, s.path FROM facts f JOIN sources s ON s.id = f.source_id "
        f"WHERE f.rel IN ({marks}) ORDER BY f.paper_id, f.rel, f.start",
        tuple(rel.value for rel in rels),
    )


def _from_fact(paper: str, rel: RelKind, target: str, fact) -> Relation:
    return Relation(
        src=paper, rel=rel.value, dst=target, name=fact["name"], confidence=fact["confidence"],
        rule=fact["rule"], evidence=fact["sentence"], source=fact["path"], field=fact["field"],
        start=fact["start"], end=fact["end"],
    )


def _add_corpus_mentions(
    workspace: Workspace,
    index: EntityIndex,
    proposers: dict[str, set[str]],
    relations: RelationSet,
    first_source: dict[str, str],
    workers: int | None,
) -> None:
    """Mentions of names corpus papers propose, even when the shipped vocabulary lacks them.

    Only distinctive names are looked for: a plain capitalised word ("Falcon", "Further")
    is as likely to open a sentence as to name a method, and a wrong citation costs more
    than a missed one. For the same reason the rescan drops names the corpus itself
    uses as ordinary words ("QUANTUM", "Network Coding"; see `kg.resolve.rescan`).
    """
    proposed = [
        VocabularyEntry(entity.name, entity.kind, tuple(entity.aliases))
        for entity in index if proposers[entity.id] and _distinctive(entity.name)
    ]
    for paper, mentions in corpus_mentions(partial(_papers, workspace, first_source), proposed, workers):
        for mention in mentions:
            entity = index.find(mention.canonical)
            if entity is None or paper in proposers[entity.id]:
                continue
            rel = _MENTION_RELS[entity.kind]
            if relations.has(paper, rel, entity.id):
                continue
            e = mention.evidence
            relations.add(Relation(paper, rel.value, entity.id, mention.name, e.confidence, "corpus_name",
                                   e.sentence, e.source, e.field, e.start, e.end))


def _papers(workspace: Workspace, first_source: dict[str, str]) -> Iterator[Paper]:
    """Each paper's node id, the fields names are looked for in, and the file evidence cites."""
    for paper_id, title, abstract in workspace.rows("SELECT id, title, abstract FROM papers ORDER BY id"):
        paper = node_id(NodeKind.PAPER, paper_id)
        yield paper, {"title": title, "abstract": abstract}, first_source.get(paper, "")


def _distinctive(name: str) -> bool:
    """A name shaped like no ordinary word: inner capitals, digits or joiners, or several words.

    >>> [_distinctive(n) for n in ("MoE", "GPT-4", "Falcon", "Further", "Deep Interest Network", "3D")]
    [True, True, False, False, True, False]
    """
    if len(name_key(name)) < 3:
        return False
    return (" " in name.strip() or any(c.isdigit() or c in "-+*_" for c in name)
            or any(c.isupper() for c in name[1:]))


class _StatedNodes:
    """Organisation, author and listing nodes, each named once: an author recurs in many records."""

    def __init__(self, others: dict[str, tuple]) -> None:
        self._others = others
        self._ids: dict[tuple[NodeKind, str], str] = {}

    def node(self, kind: NodeKind, name: str, attributes: dict | None = None) -> str:
        """The node id of `name`, its entity row added to `others` the first time."""
        target = self._ids.get((kind, name))
        if target is None:
            target = self._ids[kind, name] = node_id(kind, slug(name))
            self._others.setdefault(
                target, (target, kind.value, name, "[]", json.dumps(attributes or {}, ensure_ascii=False))
            )
        return target


def _metadata_relations(paper_id: str, path: str, record: Record, nodes: _StatedNodes) -> Iterator[Relation]:
    """Edges a source states outright: organisation, authors, institutions, the listing."""
    paper = node_id(NodeKind.PAPER, paper_id)

    def stated(rel: RelKind, target: str) -> Relation:
        return Relation(paper, rel.value, target, None, 1.0, "metadata", source=path, field="metadata")

    listing_name = path.rsplit("/", 1)[-1]
    yield stated(RelKind.LISTED_IN, nodes.node(NodeKind.LISTING, listing_name, {"path": path}))
    for org in filter(None, (record.org, *record.institutions)):
        yield stated(RelKind.AFFILIATED_WITH, nodes.node(NodeKind.ORGANIZATION, org))
    for author in record.authors:
        yield stated(RelKind.AUTHORED_BY, nodes.node(NodeKind.AUTHOR, author))
