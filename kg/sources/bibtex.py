"""BibTeX, parsed by bibtexparser 2: keys lower-cased, LaTeX decoded, co-authors split, bad blocks reported.

Blocks bibtexparser cannot parse (and duplicate keys) become `Failed` at their start
line while every good entry is kept. The arXiv id comes from ``eprint`` (with
``archivePrefix = arXiv``), an arXiv DOI, or "arXiv:…" in ``journal``/``note``/``url``.
``date`` is the entry's ``date`` field, else "month year" as written.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import TextIO

import bibtexparser
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    NormalizeFieldKeys,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.names import NameParts
from bibtexparser.model import Entry

from kg.model import Failed, Record
from kg.sources.fields import (
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

NAME = "bibtex"

_ENTRY_START = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
_ARXIV_PLACES = ("eprint", "journal", "note", "url", "howpublished")


# kg reports every block bibtexparser drops as a Failed record; without this its own log
# lines would also reach a user who never configured logging (Python's last-resort handler).
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

def sniff(head: str, name: str) -> bool:
    """Text with ``@type{`` entry starts at the beginning of a line."""
    return not head.lstrip().startswith(("{", "[", "<")) and bool(_ENTRY_START.search(head))


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One record per entry, one `Failed` per block bibtexparser could not parse."""
    library = bibtexparser.parse_string(
        stream.read(),
        append_middleware=[NormalizeFieldKeys(), LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()],
    )
    blocks = sorted([*library.entries, *library.failed_blocks], key=lambda b: b.start_line or 0)
    for block in blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, Entry):
            yield build_record(lambda: _record(block, source, line), source, line)
        else:
            yield Failed(source, line, f"BibTeX block not read: {_first_line(block.error)}")


def _record(entry: Entry, source: str, line: int) -> Record:
    fields = {key: field.value for key, field in entry.fields_dict.items()}
    authors = tuple(_name(parts) for parts in fields.get("author") or ())
    entry_doi = doi(fields.get("doi"))
    shown_date = clean(fields.get("date")) or clean(f"{fields.get('month', '')} {fields.get('year', '')}")
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=require_title(fields.get("title")),
        abstract=clean(fields.get("abstract")),
        authors=tuple(a for a in authors if a),
        authors_count=len(authors) or None,
        date=date_text(shown_date),
        published=iso_date(fields.get("date")),
        arxiv_id=_arxiv_id(fields, entry_doi),
        doi=entry_doi,
        urls=paper_urls([fields.get("url")]),
    )


def _name(parts: NameParts) -> str:
    """"First von Last, Jr" as the paper would print it."""
    words = [*parts.first, *parts.von, *parts.last]
    return clean(" ".join(words) + (", " + " ".join(parts.jr) if parts.jr else ""))


def _arxiv_id(fields: dict[str, object], entry_doi: str | None) -> str | None:
    eprint_is_arxiv = clean(fields.get("archiveprefix")).lower() == "arxiv" or "arxiv" in clean(
        fields.get("eprinttype")
    ).lower()
    if eprint_is_arxiv and arxiv_id(fields.get("eprint")):
        return arxiv_id(fields.get("eprint"))
    for candidate in [entry_doi, *(fields.get(key) for key in _ARXIV_PLACES)]:
        text = clean(candidate)
        if "arxiv" in text.lower() and arxiv_id(text):
            return arxiv_id(text)
    return None


def _first_line(error: Exception) -> str:
    """bibtexparser's own words for the problem (aborted blocks keep them in `abort_reason`)."""
    message = str(getattr(error, "abort_reason", "") or error).strip()
    return (message.splitlines() or [type(error).__name__])[0]
