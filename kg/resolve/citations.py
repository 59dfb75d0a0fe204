"""Citation edges: explicit ones from reference lists, inferred ones from named methods.

An inferred citation is only drawn when a name denotes what exactly one other corpus
paper introduced; a name two papers propose is ambiguous and yields no edge, because a
wrong citation is worse than a missing one for everyone who ranks papers by them.

Nor is one drawn when other papers used the name before its proposer was published
(`PREDATING_USES` of them, dated strictly earlier): nobody introduces a name others
already used, so that "proposal" is a standard term ("NP-hard", "SVM", "LDPC") and a
mention of it cites nobody. Undated papers count neither way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping

from kg.ids import node_id, slug
from kg.model import NodeKind, RelKind, WorkRef
from kg.resolve.relations import Relation

__all__ = ["INFERRED_WEIGHT", "PREDATING_USES", "explicit_citations", "inferred_citations"]

#: an inferred citation is this much less certain than the mention it rests on.
INFERRED_WEIGHT = 0.8

#: this many other papers using a name before its proposer make it a term, not a proposal.
PREDATING_USES = 2

_MENTIONS = (RelKind.USES_METHOD.value, RelKind.USES_DATASET.value)


def inferred_citations(
    mentions: Iterable[Relation],
    proposers: Mapping[str, set[str]],
    published: Mapping[str, str | None],
) -> Iterator[Relation]:
    """A CITES edge for each mention of a name exactly one other, not later, paper proposed.

    One pass over `mentions` (a stream will do): it holds the candidate edges and, per
    name, at most `PREDATING_USES` earlier users, then drops the names others predated.
    """
    candidates: list[tuple[Relation, str]] = []
    earlier_users: dict[str, set[str]] = {}
    for mention in mentions:
        if mention.rel not in _MENTIONS:
            continue
        owners = proposers.get(mention.dst, set())
        if mention.src in owners or len(owners) != 1:
            continue
        (cited,) = owners
        citing_date, cited_date = published.get(mention.src), published.get(cited)
        if citing_date and cited_date and citing_date < cited_date:  # a use before the proposal
            users = earlier_users.setdefault(mention.dst, set())
            if len(users) < PREDATING_USES:
                users.add(mention.src)
            continue
        candidates.append((mention, cited))
    for mention, cited in candidates:
        if len(earlier_users.get(mention.dst, ())) < PREDATING_USES:
            yield _citation(mention, cited)


def _citation(mention: Relation, cited: str) -> Relation:
    """The inferred CITES edge a mention of `cited`'s name stands for, on the mention's evidence."""
    return Relation(
        src=mention.src,
        rel=RelKind.CITES.value,
        dst=cited,
        name=mention.name,
        confidence=round(INFERRED_WEIGHT * mention.confidence, 3),
        rule=f"names_proposal:{mention.rule}",
        evidence=mention.evidence,
        source=mention.source,
        field=mention.field,
        start=mention.start,
        end=mention.end,
        inferred=True,
    )


def cited_work_row(ref: WorkRef, keys: list[str]) -> tuple:
    """Entity row for a cited work outside the corpus, named by its best identifier."""
    identifier = keys[0]
    attributes = {"title": ref.title, "doi": ref.doi, "arxiv_id": ref.arxiv_id}
    return (
        node_id(NodeKind.CITED_WORK, slug(identifier)),
        NodeKind.CITED_WORK.value,
        ref.title or identifier,
        "[]",
        json.dumps({k: v for k, v in attributes.items() if v}, ensure_ascii=False),
    )


def explicit_citations(
    references: Iterable[tuple[str, str, WorkRef]],
    find_paper: Callable[[list[str]], str | None],
    keys_of: Callable[[WorkRef], list[str]],
) -> tuple[dict[str, tuple], list[Relation]]:
    """CITES edges from reference lists: to the corpus paper when known, else to a cited-work node.

    `references` yields (citing paper node id, source path, reference).
    """
    works: dict[str, tuple] = {}
    relations = []
    for citing, source, ref in references:
        keys = keys_of(ref)
        if not keys:
            continue
        paper = find_paper(keys)
        if paper is not None:
            target = node_id(NodeKind.PAPER, paper)
        else:
            row = cited_work_row(ref, keys)
            works.setdefault(row[0], row)
            target = row[0]
        if target != citing:
            relations.append(
                Relation(citing, RelKind.CITES.value, target, None, 1.0, "reference_list",
                         source=source, field="metadata")
            )
    return works, relations
