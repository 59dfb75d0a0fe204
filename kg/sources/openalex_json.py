"""OpenAlex works: a ``/works`` list page (``{"results": [...]}``), a single work, or JSON Lines.

The abstract is rebuilt from ``abstract_inverted_index`` (word -> positions);
``referenced_works`` become references by OpenAlex id; authorships give authors and
their institutions. OpenAlex ids are kept short (``W2741809807``) on the record and on
its references alike. The arXiv id comes from an arXiv DOI or an arxiv.org location.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

from kg.model import Failed, Record, WorkRef
from kg.sources.fields import (
    arxiv_id,
    clean,
    date_text,
    doi,
    iso_date,
    require_title,
)
from kg.sources.json_items import json_records

__all__ = ["NAME", "abstract_text", "read", "sniff"]

NAME = "openalex_json"

_WORK_ID = re.compile(r'"id"\s*:\s*"https://openalex\.org/W\d+"')


def sniff(head: str, name: str) -> bool:
    """JSON holding OpenAlex work ids."""
    return head.lstrip().startswith(("{", "[")) and bool(_WORK_ID.search(head))


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One record per work, whether the file holds a page, one work or one work per line."""
    yield from json_records(stream, source, _record, within=("results",))


def _record(work: Mapping[str, Any], source: str, line: int) -> Record:
    authorships = work.get("authorships") or ()
    authors = tuple(clean((a.get("author") or {}).get("display_name")) for a in authorships)
    institutions = (
        clean(inst.get("display_name")) for a in authorships for inst in a.get("institutions") or ()
    )
    work_doi = doi(work.get("doi") or (work.get("ids") or {}).get("doi"))
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=require_title(work.get("title") or work.get("display_name")),
        abstract=abstract_text(work.get("abstract_inverted_index")),
        authors=tuple(a for a in authors if a),
        authors_count=len(authorships) or None,
        institutions=tuple(dict.fromkeys(i for i in institutions if i)),
        date=date_text(work.get("publication_date") or work.get("publication_year")),
        published=iso_date(work.get("publication_date")),
        arxiv_id=_arxiv_id(work, work_doi),
        doi=work_doi,
        openalex_id=_short_id(work.get("id")),
        references=tuple(WorkRef(openalex_id=_short_id(w)) for w in work.get("referenced_works") or ()),
    )


def abstract_text(inverted: Mapping[str, list[int]] | None) -> str:
    """The abstract OpenAlex stores as word -> positions, put back in reading order.

    >>> abstract_text({"Despite": [0], "interest": [2], "growing": [1]})
    'Despite growing interest'
    """
    if not inverted:
        return ""
    placed = sorted((position, word) for word, positions in inverted.items() for position in positions)
    return clean(" ".join(word for _, word in placed))


def _arxiv_id(work: Mapping[str, Any], work_doi: str | None) -> str | None:
    ids = work.get("ids") or {}
    candidates = [ids.get("arxiv"), work_doi]
    for location in work.get("locations") or ():
        candidates += [location.get("landing_page_url"), location.get("pdf_url")]
    for candidate in candidates:
        text = clean(candidate)
        if "arxiv" in text.lower():
            found = arxiv_id(text)
            if found:
                return found
    return None


def _short_id(url: object) -> str | None:
    """``W2741809807`` from ``https://openalex.org/W2741809807``."""
    text = clean(url)
    return text.rsplit("/", 1)[-1] or None if text else None
