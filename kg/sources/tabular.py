"""Any table of papers: CSV (or TSV, ``;``- or ``|``-separated) or JSON Lines, read by column mapping.

Detection claims a file only when its header (CSV) or its first object (JSON) has a
title-like column, and this reader comes last, after every named format.

Option ``mapping``: which column holds which `Record` field, e.g.
``read_path("papers.csv", format="tabular", options={"mapping": {"title": "Paper Title",
"abstract": "Summary"}})``. Keys are field names (`MAPPABLE_FIELDS`); values are a
column name or a list of them: a single-valued field takes the first non-empty one, the
multi-valued ones (``authors``, ``urls``, ``institutions``, ``categories``) take all. A
field the mapping leaves out is looked for under the usual names (`DEFAULT_COLUMNS`),
compared without case, spaces, ``_`` or ``-``.

Values: a list stays a list; a text cell in a multi-valued field is split on ``;`` (or
``|``), and ``authors`` without either on ``,`` / ``and``. ``date`` is kept as written and
becomes ``published`` when it is a full ISO date. An arXiv id is also taken from an
arxiv.org link in a ``urls`` column. A mapping that names an unknown field, or a CSV
column the header lacks, raises `InputError` before any row is read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TextIO

from kg.errors import InputError
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
from kg.sources.json_items import json_records

__all__ = ["DEFAULT_COLUMNS", "MAPPABLE_FIELDS", "NAME", "read", "sniff"]

NAME = "tabular"

#: Record field -> column names looked for when the mapping does not name one, in order.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "paper title", "article title"),
    "abstract": ("abstract", "summary", "description"),
    "authors": ("authors", "author", "author names", "creators"),
    "date": ("date", "published", "publication date", "published at", "year"),
    "doi": ("doi",),
    "arxiv_id": ("arxiv id", "arxiv", "eprint"),
    "urls": ("github", "code", "repository", "project", "project page", "url", "link"),
    "institutions": ("institutions", "affiliations", "affiliation", "aff"),
    "org": ("organization", "organisation", "org"),
    "categories": ("categories", "keywords", "subjects"),
    "upvotes": ("upvotes", "votes"),
}
MAPPABLE_FIELDS = tuple(DEFAULT_COLUMNS)

_SEPARATORS = re.compile(r"[\s_-]+")
_TITLE_KEYS = {_SEPARATORS.sub("", name) for name in DEFAULT_COLUMNS["title"]}
_JSON_KEY = re.compile(r'"([^"\\]{1,40})"\s*:')
_LIST_SPLIT = re.compile(r"\s*[;|]\s*")
_AUTHOR_SPLIT = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+")
_DELIMITERS = ",;\t|"

Columns = dict[str, list[str]]


def sniff(head: str, name: str) -> bool:
    """A JSON object or a CSV header with a title-like column."""
    stripped = head.lstrip()
    first_line = (stripped.splitlines() or [""])[0]
    if stripped.startswith(("{", "[")):
        keys = _JSON_KEY.findall(first_line if stripped.startswith("{") else stripped[:4096])
    else:
        try:
            keys = next(csv.reader([first_line], delimiter=_delimiter(first_line)), [])
        except csv.Error:
            return False
        if len(keys) < 2:
            return False
    return any(_key(k) in _TITLE_KEYS for k in keys)


def read(
    stream: TextIO, source: str, mapping: Mapping[str, str | Sequence[str]] | None = None
) -> Iterator[Record | Failed]:
    """One record per row (CSV) or object (JSON); see the module docstring for `mapping`."""
    wanted = _wanted_columns(mapping or {}, source)
    first = stream.read(1024).lstrip()
    stream.seek(0)
    if first.startswith(("{", "[")):
        yield from json_records(stream, source, lambda row, source, line: _record(row, wanted, source, line))
    else:
        yield from _csv_rows(stream, source, wanted, mapping or {})


def _wanted_columns(mapping: Mapping[str, str | Sequence[str]], source: str) -> Columns:
    """Field -> candidate columns: the mapping's choice, else the usual names."""
    unknown = sorted(set(mapping) - set(MAPPABLE_FIELDS))
    if unknown:
        raise InputError(source, f"mapping names unknown fields {unknown} (fields: {', '.join(MAPPABLE_FIELDS)})")
    wanted: Columns = {}
    for field, defaults in DEFAULT_COLUMNS.items():
        chosen = mapping.get(field)
        wanted[field] = [chosen] if isinstance(chosen, str) else list(chosen or defaults)
    return wanted


def _csv_rows(
    stream: TextIO, source: str, wanted: Columns, mapping: Mapping[str, str | Sequence[str]]
) -> Iterator[Record | Failed]:
    header_line = stream.readline()
    stream.seek(0)
    rows = csv.DictReader(stream, delimiter=_delimiter(header_line))
    try:
        header = rows.fieldnames or []
    except csv.Error as exc:
        yield Failed(source, 1, f"invalid CSV header ({exc})")
        return
    missing = [c for field in mapping for c in wanted[field] if c not in header]
    if missing:
        raise InputError(source, f"mapped columns {missing} are not in the header {header}", line=1)
    ended = 1
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Failed(source, rows.line_num, f"invalid CSV ({exc})")
            return
        line, ended = ended + 1, rows.line_num
        yield build_record(lambda: _record(row, wanted, source, line), source, line)


def _record(row: Mapping[str, Any], wanted: Columns, source: str, line: int) -> Record:
    by_key = {_key(column): value for column, value in row.items() if column is not None}

    def values(field: str) -> list[Any]:
        found = [row.get(c, by_key.get(_key(c))) for c in wanted[field]]
        return [v for v in found if v not in (None, "", [])]

    def first(field: str) -> Any:
        return next(iter(values(field)), None)

    links = _items(values("urls"), _LIST_SPLIT)
    authors = _items(values("authors"), _author_splitter(values("authors")))
    upvotes = clean(first("upvotes"))
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=_title(first("title"), wanted["title"]),
        abstract=clean(first("abstract")),
        authors=authors,
        authors_count=len(authors) or None,
        org=clean(first("org")) or None,
        institutions=tuple(dict.fromkeys(_items(values("institutions"), _LIST_SPLIT))),
        date=date_text(first("date")),
        published=iso_date(first("date")),
        upvotes=int(upvotes) if upvotes.isdigit() else None,
        arxiv_id=arxiv_id(first("arxiv_id")) or next((arxiv_id(u) for u in links if "arxiv.org" in u), None),
        doi=doi(first("doi")),
        urls=paper_urls(links),
        categories=_items(values("categories"), _LIST_SPLIT),
    )


def _title(value: Any, columns: list[str]) -> str:
    """The title, or a failure that names the columns looked in, so a mapping can be fixed."""
    try:
        return require_title(value)
    except BadRecordError:
        raise BadRecordError(f"no title (looked in {', '.join(map(repr, columns))})") from None


def _items(values: list[Any], splitter: re.Pattern[str]) -> tuple[str, ...]:
    """Every non-empty item of list values and of text values split by `splitter`."""
    items: list[str] = []
    for value in values:
        parts = value if isinstance(value, list) else splitter.split(str(value))
        items.extend(clean(p) for p in parts if clean(p))
    return tuple(items)


def _author_splitter(values: list[Any]) -> re.Pattern[str]:
    """``;``/``|`` when a cell uses them, else commas and "and"."""
    texts = [v for v in values if isinstance(v, str)]
    return _LIST_SPLIT if any(_LIST_SPLIT.search(t) for t in texts) else _AUTHOR_SPLIT


def _delimiter(header: str) -> str:
    """The separator used most in the header line."""
    return max(_DELIMITERS, key=header.count)


def _key(column: str) -> str:
    return _SEPARATORS.sub("", column.strip().lower())
