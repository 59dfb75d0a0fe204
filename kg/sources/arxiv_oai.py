"""arXiv OAI-PMH harvests (``ListRecords``, ``metadataPrefix=arXiv``): one ``<record>`` per paper.

The arXiv metadata format names authors as keyname/forenames with optional affiliations
and dates the first version ``created``. Deleted records (header ``status="deleted"``,
no metadata) announce a withdrawal, not a paper, and are passed over.
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

NAME = "arxiv_oai"

_NS = {"oai": "http://www.openarchives.org/OAI/2.0/", "arxiv": "http://arxiv.org/OAI/arXiv/"}
_ROOT = re.compile(r"<OAI-PMH\b")


def sniff(head: str, name: str) -> bool:
    """An OAI-PMH response carrying arXiv-format metadata."""
    return bool(_ROOT.search(head)) and _NS["arxiv"] in head


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One record per harvested ``<record>`` with metadata."""
    for item in iter_elements(stream, source, f"{{{_NS['oai']}}}record"):
        if isinstance(item, Failed):
            yield item
            continue
        line, element = item
        header = element.find("oai:header", _NS)
        if header is not None and header.get("status") == "deleted":
            continue
        yield build_record(lambda: _record(element, source, line), source, line)


def _record(element: Element, source: str, line: int) -> Record:
    meta = element.find("oai:metadata/arxiv:arXiv", _NS)
    if meta is None:
        raise BadRecordError("no arXiv metadata in this record")
    paper_id = arxiv_id(child_text(meta, "arxiv:id", _NS))
    if paper_id is None:
        raise BadRecordError("no arXiv id")
    people = meta.findall("arxiv:authors/arxiv:author", _NS)
    authors = tuple(_author_name(person) for person in people)
    affiliations = [clean(a.text) for a in meta.findall("arxiv:authors/arxiv:author/arxiv:affiliation", _NS)]
    created = child_text(meta, "arxiv:created", _NS)
    return Record(
        source=source,
        line=line,
        format=NAME,
        title=require_title(child_text(meta, "arxiv:title", _NS)),
        abstract=clean(child_text(meta, "arxiv:abstract", _NS)),
        comment=clean(child_text(meta, "arxiv:comments", _NS)),
        authors=authors,
        authors_count=len(authors) or None,
        institutions=tuple(dict.fromkeys(a for a in affiliations if a)),
        date=date_text(created),
        published=iso_date(created),
        arxiv_id=paper_id,
        doi=doi(child_text(meta, "arxiv:doi", _NS)),
        categories=tuple(clean(child_text(meta, "arxiv:categories", _NS)).split()),
    )


def _author_name(person: Element) -> str:
    """"Forenames Keyname Suffix", as the paper would print it."""
    parts = (child_text(person, f"arxiv:{part}", _NS) for part in ("forenames", "keyname", "suffix"))
    return clean(" ".join(p for p in parts if p))
