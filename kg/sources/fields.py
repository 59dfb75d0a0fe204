"""Field values as every reader normalises them, so one paper read from two formats agrees.

arXiv ids lose their version suffix, DOIs their resolver prefix and case, dates become
ISO ``yyyy-mm-dd`` when a full date is known, and text loses layout whitespace
(arXiv wraps titles and abstracts at 80 columns).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from email.utils import parsedate_to_datetime

from kg.model import Failed, Record

__all__ = [
    "BadRecordError",
    "arxiv_id",
    "build_record",
    "clean",
    "date_text",
    "doi",
    "iso_date",
    "paper_urls",
    "require_title",
]

# An id standing alone, after "arXiv:" / "arXiv." (the arXiv DOI), or in an abs/pdf URL.
_ARXIV = re.compile(
    r"(?:^|arxiv(?:\.org)?[:.]\s*|arxiv\s+|/abs/|/pdf/)"
    r"(\d{4}\.\d{4,5}|[a-z][a-z-]*(?:\.[a-z]{2})?/\d{7})(?:v\d+)?(?![\d])",
    re.IGNORECASE,
)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ISO_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_SCHEME = re.compile(r"^https?://", re.I)
_MARKDOWN_TARGET = re.compile(r"\]\((https?://[^\s)]+)\)", re.I)
_URL_START = re.compile(r"^(?:https?://|www\.|[\w-]+(?:\.[\w-]+)+/)", re.I)
_IDENTIFIER_HOSTS = re.compile(r"^https?://(?:www\.|export\.)?(?:arxiv\.org|(?:dx\.)?doi\.org)/", re.I)


class BadRecordError(ValueError):
    """A record a reader recognised but cannot turn into a paper (no title, wrong shape)."""


def clean(text: object) -> str:
    """`text` with runs of whitespace made single spaces; "" for None.

    >>> clean("Mixture-of-Depths: Dynamically allocating\\n  compute ")
    'Mixture-of-Depths: Dynamically allocating compute'
    """
    if text is None:
        return ""
    return " ".join(str(text).split())  # what `\s+` -> " " and strip() give, several times faster


def require_title(title: object) -> str:
    """The cleaned title; a record without one cannot become a paper."""
    cleaned = clean(title)
    if not cleaned:
        raise BadRecordError("no title")
    return cleaned


def arxiv_id(value: object) -> str | None:
    """The arXiv id named by a bare id, ``arXiv:…``, an arXiv DOI or an abs/pdf URL, unversioned.

    >>> arxiv_id("https://arxiv.org/abs/2404.02258v2"), arxiv_id("10.48550/arXiv.1611.01891")
    ('2404.02258', '1611.01891')
    >>> arxiv_id("arXiv preprint arXiv:hep-th/9901001v1"), arxiv_id("10.1103/PhysRevB.85.115117")
    ('hep-th/9901001', None)
    """
    if not value:
        return None
    match = _ARXIV.search(str(value).strip())
    return match.group(1) if match else None


def doi(value: object) -> str | None:
    """A DOI lower-cased, without resolver URL or ``doi:`` prefix; None if it is not one.

    >>> doi("https://doi.org/10.1109/MCSE.2018.2884139")
    '10.1109/mcse.2018.2884139'
    """
    if not value:
        return None
    bare = _DOI_PREFIX.sub("", str(value).strip()).lower()
    return bare if bare.startswith("10.") and "/" in bare else None


def iso_date(value: object) -> str | None:
    """``yyyy-mm-dd`` from an ISO date or timestamp or an RFC 2822 date; None when partial.

    >>> iso_date("2024-05-24T17:34:15.000Z"), iso_date("Thu, 22 Dec 2022 17:01:56 GMT"), iso_date("2019")
    ('2024-05-24', '2022-12-22', None)
    """
    text = clean(value)
    match = _ISO_DAY.match(text)
    if match:
        return match.group(1) if _valid_day(match.group(1)) else None
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _valid_day(day: str) -> bool:
    """True for a real calendar day; `day` is ``dddd-dd-dd`` (fromisoformat: 50x strptime's speed)."""
    try:
        date.fromisoformat(day)
    except ValueError:
        return False
    return True


def date_text(value: object) -> str | None:
    """A source's date as shown, minus the time of day of an ISO timestamp; None if empty.

    >>> date_text("2024-05-24T17:34:15.000Z"), date_text("1 Jan.-Feb. 2019")
    ('2024-05-24', '1 Jan.-Feb. 2019')
    """
    text = clean(value)
    if not text:
        return None
    match = _ISO_DAY.match(text)
    return match.group(1) if match else text


def paper_urls(urls: Iterable[object]) -> tuple[str, ...]:
    """Web addresses a source gives for a paper (code, project pages), in order, once each.

    arXiv and DOI resolver pages are left out: they are the paper's ids, not its links.
    A URL holds no whitespace: a piece after a space that does not start a new address is
    a line-wrap and joins the previous one. Trailing punctuation goes, scheme-less
    ``github.com/...`` gets https, and Markdown links give their targets.

    >>> paper_urls(["https://github.com/\\nowner/repo", None, "https://arxiv.org/abs/2401.1"])
    ('https://github.com/owner/repo',)
    >>> paper_urls(["github.com/a/b https://a.example.org/", "[![gh](/i.svg) c/d](https://github.com/c/d)"])
    ('https://github.com/a/b', 'https://a.example.org/', 'https://github.com/c/d')
    """
    kept: list[str] = []
    for value in urls:
        for url in _split_urls(str(value or "")):
            if not _IDENTIFIER_HOSTS.match(url) and url not in kept:
                kept.append(url)
    return tuple(kept)


def _split_urls(text: str) -> list[str]:
    if "](" in text:  # Markdown links: the targets are the addresses
        return _MARKDOWN_TARGET.findall(text)
    pieces: list[str] = []
    for token in text.split():
        if pieces and not _URL_START.match(token):
            pieces[-1] += token
        else:
            pieces.append(token)
    urls = (p.rstrip(".,;") for p in pieces if _URL_START.match(p))
    return [url if _SCHEME.match(url) else "https://" + url for url in urls]


def build_record(build: Callable[[], Record], source: str, line: int | None) -> Record | Failed:
    """`build()`, or a `Failed` naming why the record's content did not fit the format."""
    try:
        return build()
    except BadRecordError as exc:
        return Failed(source, line, str(exc))
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        return Failed(source, line, f"unexpected record shape ({type(exc).__name__}: {exc})")
