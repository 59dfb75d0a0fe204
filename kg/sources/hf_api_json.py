"""Hugging Face Daily Papers API responses (``/api/daily_papers``), as a JSON array or JSON Lines.

Each item wraps a ``paper`` (``id`` = arXiv id, ``title``, ``summary``, ``authors``,
``publishedAt``, ``upvotes``, and in newer responses ``githubRepo``, ``projectPage``,
``organization``); the wrapper repeats title and summary. The paper's own values win; the
wrapper fills gaps, since the schema has grown over time (2024 items lack most extras).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from kg.model import Failed, Record
from kg.sources.fields import (
    arxiv_id,
    clean,
    date_text,
    iso_date,
    paper_urls,
    require_title,
)
from kg.sources.json_items import json_records

__all__ = ["NAME", "read", "sniff"]

NAME = "hf_api_json"

_PAPER = re.compile(r'"paper"\s*:\s*\{')
_PAPER_WITH_ARXIV_ID = re.compile(r'"paper"\s*:\s*\{\s*"id"\s*:\s*"\d{4}\.\d{4,5}"')
_DAILY_KEYS = re.compile(r'"(?:upvotes|submittedOnDailyAt|discussionId|numComments)"\s*:')


def sniff(head: str, name: str) -> bool:
    """JSON whose items wrap a ``paper`` with Daily Papers keys, or that opens with its arXiv id.

    The second form matters for papers with hundreds of authors, whose other keys come
    after the 64 KiB the sniffer sees.
    """
    if not head.lstrip().startswith(("[", "{")):
        return False
    return bool(_PAPER_WITH_ARXIV_ID.search(head)) or (bool(_PAPER.search(head)) and bool(_DAILY_KEYS.search(head)))


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One record per API item."""
    yield from json_records(stream, source, _record)


def _record(item: Mapping[str, Any], source: str, line: int) -> Record:
    paper = item.get("paper") or {}

    def value(key: str) -> Any:
        return paper.get(key) or item.get(key)

    authors = tuple(clean(a["name"]) for a in paper.get("authors") or () if clean(a.get("name")))
    published = value("publishedAt")
    upvotes = paper.get("upvotes")
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=require_title(value("title")),
        abstract=clean(value("summary")),
        authors=authors,
        authors_count=len(authors) or None,
        org=_organization(value("organization")),
        date=date_text(published),
        published=iso_date(published),
        upvotes=int(upvotes) if upvotes is not None else None,
        arxiv_id=arxiv_id(paper.get("id")),
        urls=paper_urls([paper.get("githubRepo"), paper.get("projectPage")]),
    )


def _organization(org: Any) -> str | None:
    """The organisation's display name (``fullname``), else its handle."""
    if isinstance(org, Mapping):
        return clean(org.get("fullname") or org.get("name")) or None
    return clean(org) or None
