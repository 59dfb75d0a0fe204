"""Extraction: from one record to the facts it states, each with its evidence.

`extract` is a pure function of the record (and the vocabulary), so records can be
extracted in any order, in parallel, or again later with the same result.
"""

from __future__ import annotations

from kg.extract.mentions import find_mentions
from kg.extract.proposals import find_proposals
from kg.extract.urls import find_links
from kg.extract.vocabulary import Vocabulary, default_vocabulary
from kg.ids import name_key
from kg.model import Extraction, Mention, Proposal, Record

__all__ = ["extract", "find_links", "find_mentions", "find_proposals"]


def _not_proposed(mentions: list[Mention], proposals: list[Proposal]) -> tuple[Mention, ...]:
    """Mentions that do not denote one of the paper's own proposals (by name or alias)."""
    own = {name_key(spelling) for p in proposals for spelling in (p.name, *p.aliases)}
    return tuple(m for m in mentions
                 if name_key(m.name) not in own and name_key(m.canonical) not in own)


def extract(record: Record, vocabulary: Vocabulary | None = None) -> Extraction:
    """Proposals, mentions and links of one record.

    Parameters
    ----------
    record : the paper as a source states it
    vocabulary : names to look for; the shipped vocabulary when None

    Examples
    --------
    >>> from kg.model import Record
    >>> paper = Record("p.txt", 1, "text", "Serpent: Fast Vision",
    ...                "We propose Serpent, built on ResNet-50. Code: https://github.com/a/serpent.")
    >>> found = extract(paper)
    >>> [p.name for p in found.proposals], [m.name for m in found.mentions], [l.url for l in found.links]
    (['Serpent'], ['ResNet-50'], ['https://github.com/a/serpent'])
    """
    fields = {"title": record.title, "abstract": record.abstract}
    proposals = find_proposals(record)
    mentions = find_mentions(fields, record.source, vocabulary or default_vocabulary())
    # The comment ("12 pages; code at github.com/...") is read for links only: its venue
    # and page notes would otherwise pass for method and dataset names.
    links = find_links({**fields, "comment": record.comment}, record.source, record.urls)
    return Extraction(tuple(proposals), _not_proposed(mentions, proposals), tuple(links))
