"""Crossref works: ``/works/{doi}`` (``{"message": work}``), ``/works`` pages (``message.items``), or bare items.

Titles are lists, dates are ``date-parts``, abstracts are JATS markup (tags dropped), and
the ``reference`` list gives a work's references: by DOI when Crossref matched one, by
title (``article-title``, else the book or series title), or by an arXiv id written in
the unstructured text. A reference with none of these cannot be matched and is left out.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from kg.model import Failed, Record, WorkRef
from kg.sources.fields import arxiv_id, build_record, clean, date_text, doi, iso_date, require_title
from kg.sources.json_items import iter_json

__all__ = ["NAME", "read", "sniff"]

NAME = "crossref"

_MESSAGE_TYPE = re.compile(r'"message-type"\s*:\s*"work')
_DOI_KEY = re.compile(r'"DOI"\s*:')
_WORK_KEYS = re.compile(r'"(?:reference-count|is-referenced-by-count|container-title)"\s*:')
_BLOCK_TAG = re.compile(r"</?jats:(?:p|title|sec)\b[^>]*>")
_INLINE_TAG = re.compile(r"<[^>]+>")
_DATE_KEYS = ("published", "published-print", "published-online", "issued", "created")
_REFERENCE_TITLES = ("article-title", "volume-title", "series-title")


def sniff(head: str, name: str) -> bool:
    """A Crossref API response, or bare Crossref work items."""
    if not head.lstrip().startswith(("{", "[")):
        return False
    return bool(_MESSAGE_TYPE.search(head)) or (bool(_DOI_KEY.search(head)) and bool(_WORK_KEYS.search(head)))


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One record per work; every item of a list response."""
    for item in iter_json(stream, source, within=("message", "items")):
        if isinstance(item, Failed):
            yield item
            continue
        line, work = item
        record = build_record(lambda: _record(work, source, line), source, line)
        if isinstance(record, Failed) and isinstance(work, Mapping) and work.get("DOI"):
            record = Failed(source, line, f"{work['DOI']}: {record.reason}")
        yield record


def _record(work: Mapping[str, Any], source: str, line: int) -> Record:
    people = work.get("author") or ()
    authors = tuple(clean(p.get("name") or f"{p.get('given', '')} {p.get('family', '')}") for p in people)
    affiliations = (clean(a.get("name")) for p in people for a in p.get("affiliation") or ())
    shown_date = _date_parts(work)
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=require_title(" ".join(work.get("title") or ())),
        abstract=_plain_text(work.get("abstract") or ""),
        authors=tuple(a for a in authors if a),
        authors_count=len(authors) or None,
        institutions=tuple(dict.fromkeys(a for a in affiliations if a)),
        date=date_text(shown_date),
        published=iso_date(shown_date),
        doi=doi(work.get("DOI")),
        references=tuple(ref for ref in map(_reference, work.get("reference") or ()) if ref is not None),
    )


def _plain_text(jats: str) -> str:
    """JATS markup as text: paragraphs and headings apart, inline tags (italics) dropped."""
    return clean(html.unescape(_INLINE_TAG.sub("", _BLOCK_TAG.sub(" ", jats))))


def _date_parts(work: Mapping[str, Any]) -> str | None:
    """The first dated field as ``yyyy``, ``yyyy-mm`` or ``yyyy-mm-dd``."""
    for key in _DATE_KEYS:
        parts = ((work.get(key) or {}).get("date-parts") or [[]])[0]
        if parts and parts[0]:
            return "-".join(f"{int(p):02d}" for p in parts)
    return None


def _reference(entry: Mapping[str, Any]) -> WorkRef | None:
    title = next((clean(entry[k]) for k in _REFERENCE_TITLES if clean(entry.get(k))), None)
    unstructured = clean(entry.get("unstructured"))
    ref = WorkRef(
        title=title,
        doi=doi(entry.get("DOI")),
        arxiv_id=arxiv_id(unstructured) if "arxiv" in unstructured.lower() else None,
    )
    return ref if ref.title or ref.doi or ref.arxiv_id else None
