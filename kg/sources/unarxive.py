"""unarXive full-text JSON Lines: arXiv metadata plus bibliography entries linked to ids.

Each line holds ``metadata`` (the arXiv snapshot shape, read as `arxiv_jsonl` reads it)
and ``bib_entries`` whose ``ids`` unarXive resolved to OpenAlex, arXiv or DOI. Those
become the paper's references; entries with no id are raw strings that cannot be
matched and are left out. The body text is not kept: records hold title and abstract.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from kg.model import Failed, Record, WorkRef
from kg.sources.arxiv_jsonl import metadata_record
from kg.sources.fields import arxiv_id, clean, doi
from kg.sources.json_items import json_records

__all__ = ["NAME", "read", "sniff"]

NAME = "unarxive"

_PAPER_ID = re.compile(r'"paper_id"\s*:')
_METADATA = re.compile(r'"metadata"\s*:\s*\{')
_FULL_TEXT = re.compile(r'"(?:body_text|bib_entries|discipline)"\s*:')


def sniff(head: str, name: str) -> bool:
    """JSON objects with unarXive's ``paper_id``, ``metadata`` and full-text keys."""
    return (
        head.lstrip().startswith("{")
        and bool(_PAPER_ID.search(head))
        and bool(_METADATA.search(head))
        and bool(_FULL_TEXT.search(head))
    )


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One record per paper line."""
    yield from json_records(stream, source, _record)


def _record(paper: Mapping[str, Any], source: str, line: int) -> Record:
    record = metadata_record(paper["metadata"], source, line)
    references = (_reference(entry) for entry in (paper.get("bib_entries") or {}).values())
    return dataclasses.replace(record, format=NAME, references=tuple(r for r in references if r is not None))


def _reference(entry: Mapping[str, Any]) -> WorkRef | None:
    ids = entry.get("ids") or {}
    contained = entry.get("contained_arXiv_ids") or []
    openalex = clean(ids.get("open_alex_id")).rsplit("/", 1)[-1]
    ref = WorkRef(
        arxiv_id=arxiv_id(ids.get("arxiv_id") or (contained[0] if contained else None)),
        doi=doi(ids.get("doi")),
        openalex_id=openalex or None,
    )
    return ref if ref.arxiv_id or ref.doi or ref.openalex_id else None
