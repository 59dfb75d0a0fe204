"""arXiv API responses (``/api/query``): Atom XML, one ``<entry>`` per paper.

Reads both layouts arXiv has served (2016: ``xmlns:arxiv`` on each element, links with
``title="pdf"``; 2025+: namespaces on ``<feed>``, bare links). The id comes from the
entry's ``<id>`` URL, versions dropped; ``published`` is the first version's date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TextIO
from xml.etree.ElementTree import Element

from kg.model import Failed, Record
from kg.sources.fields import (
    BadRecordError,
    arxiv_id,
    build_record,
    clean,
    date_text,
    doi,
    iso_date,
    require_title,
)
from kg.sources.xml_elements import child_text, iter_elements

__all__ = ["NAME", "read", "sniff"]

NAME = "arxiv_atom"

_NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_FEED = re.compile(r"<feed\b[^>]*http://www\.w3\.org/2005/Atom")


def sniff(head: str, name: str) -> bool:
    """An Atom feed that came from arXiv's API."""
    return bool(_FEED.search(head)) and "arxiv.org" in head


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One record per ``<entry>``."""
    for item in iter_elements(stream, source, f"{{{_NS['atom']}}}entry"):
        if isinstance(item, Failed):
            yield item
        else:
            line, entry = item
            yield build_record(lambda: _record(entry, source, line), source, line)


def _record(entry: Element, source: str, line: int) -> Record:
    identifier = child_text(entry, "atom:id", _NS)
    paper_id = arxiv_id(identifier)
    if paper_id is None:
        raise BadRecordError(f"entry id {identifier!r} is not an arXiv id")
    authors = tuple(clean(child_text(a, "atom:name", _NS)) for a in entry.findall("atom:author", _NS))
    affiliations = [clean(a.text) for a in entry.findall("atom:author/arxiv:affiliation", _NS)]
    published = child_text(entry, "atom:published", _NS)
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=require_title(child_text(entry, "atom:title", _NS)),
        abstract=clean(child_text(entry, "atom:summary", _NS)),
        comment=clean(child_text(entry, "arxiv:comment", _NS)),
        authors=authors,
        authors_count=len(authors) or None,
        institutions=tuple(dict.fromkeys(a for a in affiliations if a)),
        date=date_text(published),
        published=iso_date(published),
        arxiv_id=paper_id,
        doi=doi(child_text(entry, "arxiv:doi", _NS)),
        categories=tuple(c.get("term", "") for c in entry.findall("atom:category", _NS) if c.get("term")),
    )
