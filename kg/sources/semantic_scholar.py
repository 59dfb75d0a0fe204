"""Semantic Scholar papers: API v1 ``/paper/{id}`` and Graph API responses, search pages too.

A paper's ``references`` become its references, with every id S2 knows (``paperId`` as
the S2 id, arXiv id, DOI; v1 names them ``arxivId``/``doi``, the Graph API nests them in
``externalIds``). Its ``citations`` are papers citing it: each becomes a record of its
own (title, ids, year) whose one reference is the paper, so the citing edge has a
source. Search pages (``{"data": [...]}``) give one record per hit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TextIO

from kg.model import Failed, Record, WorkRef
from kg.sources.fields import arxiv_id, build_record, clean, date_text, doi, iso_date, require_title
from kg.sources.json_items import iter_json

__all__ = ["NAME", "read", "sniff"]

NAME = "semantic_scholar"

_PAPER_ID = re.compile(r'"paperId"\s*:\s*"[0-9a-f]{40}"')


def sniff(head: str, name: str) -> bool:
    """JSON holding Semantic Scholar paper ids (40 hex digits)."""
    return head.lstrip().startswith(("{", "[")) and bool(_PAPER_ID.search(head))


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """The paper and the papers citing it, or every hit of a search page."""
    for item in iter_json(stream, source, within=("data",)):
        if isinstance(item, Failed):
            yield item
        else:
            yield from _paper_and_citers(item[1], source, item[0])


def _paper_and_citers(paper: Any, source: str, line: int) -> Iterator[Record | Failed]:
    record = build_record(lambda: _record(paper, source, line), source, line)
    yield record
    if isinstance(record, Failed):
        return
    cited = _work_ref(paper)
    citers = paper.get("citations")
    for index, citer in enumerate(citers if isinstance(citers, list) else ()):
        citing = build_record(lambda: _record(citer, source, line, cites=(cited,)), source, line)
        yield Failed(source, line, f"citations[{index}]: {citing.reason}") if isinstance(citing, Failed) else citing


def _record(paper: Mapping[str, Any], source: str, line: int, cites: tuple[WorkRef, ...] = ()) -> Record:
    authors = tuple(clean(a.get("name")) for a in paper.get("authors") or ())
    shown_date = paper.get("publicationDate") or paper.get("year")
    references = tuple(_work_ref(ref) for ref in paper.get("references") or ())
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=require_title(paper.get("title")),
        abstract=clean(paper.get("abstract")),
        authors=tuple(a for a in authors if a),
        authors_count=len(authors) or None,
        date=date_text(shown_date),
        published=iso_date(paper.get("publicationDate")),
        arxiv_id=_external_id(paper, "arxivId", "ArXiv", arxiv_id),
        doi=_external_id(paper, "doi", "DOI", doi),
        s2_id=clean(paper.get("paperId")) or None,
        references=cites + references,
    )


def _work_ref(paper: Mapping[str, Any]) -> WorkRef:
    """How a reference or a citing paper is known: title and whatever ids S2 gives."""
    return WorkRef(
        title=clean(paper.get("title")) or None,
        arxiv_id=_external_id(paper, "arxivId", "ArXiv", arxiv_id),
        doi=_external_id(paper, "doi", "DOI", doi),
        s2_id=clean(paper.get("paperId")) or None,
    )


def _external_id(
    paper: Mapping[str, Any], v1_key: str, graph_key: str, normalise: Callable[[object], str | None]
) -> str | None:
    external = paper.get("externalIds") or {}
    return normalise(paper.get(v1_key) or external.get(graph_key))
