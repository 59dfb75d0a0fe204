"""RIS, parsed by rispy one record at a time so each record keeps its line and its own failure.

A record runs from its ``TY  -`` line to its ``ER  -`` line; exports mix CR, LF and
CRLF and put stray blank lines between records (IEEE Xplore), which is harmless here.
A record never closed by ``ER`` is reported, not guessed at. ``date`` is ``DA``, else
``Y1``, else ``PY`` as written; ``published`` only when one of them is a full date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, TextIO

import rispy

from kg.model import Failed, Record
from kg.sources.fields import (
    BadRecordError,
    arxiv_id,
    build_record,
    clean,
    date_text,
    doi,
    iso_date,
    paper_urls,
    require_title,
)

__all__ = ["NAME", "read", "sniff"]

NAME = "ris"

_TYPE_LINE = re.compile(r"^TY  -", re.MULTILINE)
_RECORD_START = re.compile(r"^TY  -")
_RECORD_END = re.compile(r"^ER  -")
_SLASHED_DATE = re.compile(r"^(\d{4})/(\d{2})/(\d{2})")


def sniff(head: str, name: str) -> bool:
    """Text with an RIS ``TY  -`` record start at the beginning of a line."""
    return bool(_TYPE_LINE.search(head))


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One record per ``TY`` … ``ER`` block."""
    start: int | None = None
    lines: list[str] = []
    for number, text in enumerate(stream, 1):
        if _RECORD_START.match(text):
            if start is not None:
                yield Failed(source, start, "RIS record not closed by an ER line")
            start, lines = number, []
        if start is None:
            continue
        lines.append(text)
        if _RECORD_END.match(text):
            chunk, line = "".join(lines), start
            yield build_record(lambda: _record(chunk, source, line), source, line)
            start = None
    if start is not None:
        yield Failed(source, start, "RIS record not closed by an ER line")


def _record(chunk: str, source: str, line: int) -> Record:
    parsed = rispy.loads(chunk)
    if len(parsed) != 1:
        raise BadRecordError("rispy could not read this record")
    entry: Mapping[str, Any] = parsed[0]
    authors = tuple(_name(a) for a in entry.get("authors") or entry.get("first_authors") or ())
    shown_date = entry.get("date") or entry.get("publication_year") or entry.get("year")
    entry_doi = doi(entry.get("doi"))
    links = entry.get("urls") or ()
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=require_title(entry.get("title") or entry.get("primary_title")),
        abstract=clean(entry.get("abstract") or entry.get("notes_abstract")),
        authors=tuple(a for a in authors if a),
        authors_count=len(authors) or None,
        date=date_text(shown_date),
        published=_iso(entry.get("date")) or _iso(entry.get("publication_year")),
        arxiv_id=next((arxiv_id(v) for v in [entry_doi, *links] if v and "arxiv" in v.lower()), None),
        doi=entry_doi,
        urls=paper_urls(links),
    )


def _name(author: str) -> str:
    """RIS writes "Last, First[, Suffix]"; papers print "First Last[, Suffix]".

    >>> _name("Byron, Ada"), _name("Babbage, Charles, Jr"), _name("G. Kalbe")
    ('Ada Byron', 'Charles Babbage, Jr', 'G. Kalbe')
    """
    parts = [clean(p) for p in author.split(",")]
    if len(parts) == 2 and all(parts):
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 3 and all(parts):
        return f"{parts[1]} {parts[0]}, {parts[2]}"
    return clean(author)


def _iso(value: object) -> str | None:
    """RIS writes full dates as ``yyyy/mm/dd[/other]``."""
    match = _SLASHED_DATE.match(clean(value))
    return iso_date("-".join(match.groups())) if match else iso_date(value)
