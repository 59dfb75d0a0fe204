"""The values that flow between kg's layers: records from sources, facts from extraction.

Everything here is a frozen dataclass so that extraction stays a pure function of its
input and results can cross process boundaries (multiprocessing, Dask) unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = [
    "NodeKind",
    "RelKind",
    "EntityType",
    "Record",
    "WorkRef",
    "Failed",
    "Evidence",
    "Proposal",
    "Mention",
    "Link",
    "Extraction",
]


class NodeKind(str, Enum):
    """Kinds of node in the graph; the value is the `kind` attribute and the id prefix."""

    PAPER = "paper"
    METHOD = "method"
    DATASET = "dataset"
    REPOSITORY = "repository"
    LINK = "link"
    ORGANIZATION = "organization"
    AUTHOR = "author"
    LISTING = "listing"
    CITED_WORK = "cited_work"


class RelKind(str, Enum):
    """Kinds of edge; snake_case here, upper-cased only by the Neo4j exporters."""

    PROPOSES = "proposes"  # paper -> method | dataset
    USES_METHOD = "uses_method"  # paper -> method
    USES_DATASET = "uses_dataset"  # paper -> dataset
    HAS_CODE = "has_code"  # paper -> repository
    HAS_LINK = "has_link"  # paper -> link
    CITES = "cites"  # paper -> paper | cited_work (explicit or inferred)
    AUTHORED_BY = "authored_by"  # paper -> author
    AFFILIATED_WITH = "affiliated_with"  # paper -> organization, author -> organization
    LISTED_IN = "listed_in"  # paper -> listing


class EntityType(str, Enum):
    """What a named artifact is: the two kinds a paper can propose or mention."""

    METHOD = "method"
    DATASET = "dataset"


@dataclass(frozen=True, slots=True)
class WorkRef:
    """A work a record cites explicitly (reference list); any identifier may be missing."""

    title: str | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """One paper as one source file states it, before any interpretation.

    `source` and `line` say where it came from (1-based line of the record's start),
    so every fact derived from it can point back there. Fields a format lacks stay
    empty; `date` keeps the text exactly as shown, `published` an ISO date when known.
    `comment` is the authors' free-text note (arXiv's "comments": pages, venue, and often
    the code link).
    """

    source: str
    line: int
    format: str
    title: str
    abstract: str = ""
    comment: str = ""
    authors: tuple[str, ...] = ()
    authors_count: int | None = None
    org: str | None = None
    institutions: tuple[str, ...] = ()
    date: str | None = None
    published: str | None = None
    upvotes: int | None = None
    arxiv_id: str | None = None
    doi: str | None = None
    openalex_id: str | None = None
    s2_id: str | None = None
    urls: tuple[str, ...] = ()
    references: tuple[WorkRef, ...] = ()
    categories: tuple[str, ...] = ()
    listing: str | None = None
    meta_lines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Failed:
    """A record a reader could not read: reported to the user, never silently dropped."""

    source: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        from kg.errors import place

        return f"{place(self.source, self.line)}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a fact is there: the sentence it came from, where, by which rule, how sure.

    `field` is "title" or "abstract" (or "metadata" for facts a source states
    outright); `start`/`end` are character offsets of the match in that field.
    """

    source: str
    field: str
    sentence: str
    start: int
    end: int
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Proposal:
    """A named artifact the paper introduces."""

    name: str
    type: EntityType
    aliases: tuple[str, ...]
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Mention:
    """A named prior method or dataset the paper uses or mentions.

    `name` is the spelling in the text; `canonical` the vocabulary's preferred name.
    """

    name: str
    canonical: str
    type: EntityType
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Link:
    """A normalised URL from the paper; `is_repository` for code hosts cut to the repo root."""

    url: str
    is_repository: bool
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extraction found in one record."""

    proposals: tuple[Proposal, ...] = ()
    mentions: tuple[Mention, ...] = ()
    links: tuple[Link, ...] = ()
