"""arXiv metadata as JSON Lines: the Kaggle snapshot shape and the dumps that resemble it.

One object per paper with ``id``, ``title``, ``abstract`` (or ``summary``), ``authors`` and
``categories``. Three spellings of authors occur and are all read: a string ("A, B and
C", with ``authors_parsed`` beside it in the snapshot), a list of names, and a list of
OAI-style ``{keyname, forenames, suffix, affiliation}`` objects. The first-version date
is taken from ``versions[0].created``, else ``created`` / ``published``, else the listing
date a daily dump records (``_listing_date``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from kg.model import Failed, Record
from kg.sources.fields import (
    BadRecordError,
    arxiv_id,
    clean,
    date_text,
    doi,
    iso_date,
    require_title,
)
from kg.sources.json_items import json_records

__all__ = ["NAME", "metadata_record", "read", "sniff"]

NAME = "arxiv_jsonl"

_ARXIV_ID_FIELD = re.compile(r'"id"\s*:\s*"(?:\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[A-Za-z]{2})?/\d{7})(?:v\d+)?"')
_ABSTRACT_FIELD = re.compile(r'"(?:abstract|summary)"\s*:')
_CATEGORIES_FIELD = re.compile(r'"categories"\s*:')
_DATE_FIELDS = ("created", "published", "_listing_date", "listing_date")
_AUTHOR_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def sniff(head: str, name: str) -> bool:
    """JSON objects with an arXiv-style ``id``, an abstract and categories."""
    return (
        head.lstrip().startswith(("{", "["))
        and bool(_ARXIV_ID_FIELD.search(head))
        and bool(_ABSTRACT_FIELD.search(head))
        and bool(_CATEGORIES_FIELD.search(head))
    )


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One record per JSON object."""
    yield from json_records(stream, source, metadata_record)


def metadata_record(obj: Mapping[str, Any], source: str, line: int) -> Record:
    """The record of one arXiv metadata object (also the ``metadata`` of unarXive papers)."""
    paper_id = arxiv_id(obj["id"])
    if paper_id is None:
        raise BadRecordError(f"id {obj['id']!r} is not an arXiv id")
    authors, institutions = _authors(obj)
    first_date = _first_version_date(obj)
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=require_title(obj.get("title")),
        abstract=clean(obj.get("abstract") or obj.get("summary")),
        comment=clean(obj.get("comments") or obj.get("comment")),
        authors=authors,
        authors_count=len(authors) or None,
        institutions=institutions,
        date=date_text(first_date),
        published=iso_date(first_date),
        arxiv_id=paper_id,
        doi=doi(clean(obj.get("doi")).split(" ")[0]),
        categories=_categories(obj.get("categories")),
    )


def _authors(obj: Mapping[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Author names in order, and the affiliations named beside them."""
    parsed = obj.get("authors_parsed")
    raw = obj.get("authors")
    if parsed:
        return tuple(clean(" ".join(p for p in (first, last, *rest) if p)) for last, first, *rest in parsed), ()
    if isinstance(raw, str):
        return tuple(n for n in (clean(part) for part in _AUTHOR_SEPARATOR.split(raw)) if n), ()
    names: list[str] = []
    affiliations: list[str] = []
    for person in raw or ():
        if isinstance(person, Mapping):
            names.append(clean(" ".join(person.get(k) or "" for k in ("forenames", "keyname", "suffix"))))
            found = person.get("affiliation") or []
            affiliations.extend(clean(a) for a in ([found] if isinstance(found, str) else found))
        else:
            names.append(clean(person))
    return tuple(n for n in names if n), tuple(dict.fromkeys(a for a in affiliations if a))


def _first_version_date(obj: Mapping[str, Any]) -> str | None:
    versions = obj.get("versions") or []
    if versions and isinstance(versions[0], Mapping) and versions[0].get("created"):
        return versions[0]["created"]
    return next((obj[key] for key in _DATE_FIELDS if obj.get(key)), None)


def _categories(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return tuple(value.split())
    return tuple(clean(c) for c in value or () if clean(c))
