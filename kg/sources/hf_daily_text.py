"""Reader for Hugging Face Daily Papers pages saved as plain text.

People save these pages by "Save as text" or by copy-paste, which gives two layouts:

(a) one block per line, blocks separated by blank lines, with page chrome ("new",
    "Subscribe", "byAK and the research community", ...) and a listing-date header
    ("Mar 11") on top;
(b) no blank lines, the chrome on top and "Subscribe" glued to the first title
    ("SubscribeFederated Instruction Tuning ...").

Both reduce to the same rhythm once blank lines are dropped: title, abstract, then
optional meta lines ("• 8 authors" or an organisation line such as "kyutai Kyutai",
then "·", then a date with an optional upvote count, "Jan 27 2"). Titles and
abstracts are told apart by their place in that rhythm, not by length (length only
helps to notice a lost abstract); chrome, dates and meta lines are recognised by
shape, and whatever breaks the rhythm becomes a `Failed` naming its line.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TextIO

from kg.model import Failed, Record

__all__ = ["NAME", "read", "sniff"]

NAME = "hf_daily_text"

#: Lines of page furniture: never a title, wherever they appear.
CHROME = frozenset(
    {
        "new",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
    }
)

#: Chrome that no other kind of file plausibly has as a line of its own.
_STRONG_CHROME = frozenset(CHROME - {"new", "Subscribe", "Daily Papers"})

_SUBSCRIBE = "Subscribe"
_SEPARATOR = "·"
_MONTHS = {name: number for number, name in enumerate(calendar.month_abbr) if name}
_DATE = re.compile(
    r"(?P<shown>(?P<month>[A-Z][a-z]{2}) (?P<day>\d{1,2})(?:, (?P<year>\d{4}))?)(?: (?P<upvotes>\d+))?"
)
_AUTHORS = re.compile(r"•\s*(?P<count>\d+) authors?")
#: "<handle> <Display Name>": a Hub handle has no spaces; the display name may have several words.
_ORG = re.compile(r"(?P<handle>[A-Za-z0-9][\w.-]*)(?: (?P<display>.+))?")

#: Longer than any real title: such a line where a title belongs is a stray paragraph.
_MAX_TITLE = 400
#: A real abstract is at least this long unless it ends like a sentence.
_SHORT_TEXT = 200
#: How many leading non-blank lines `sniff` searches for chrome.
_SNIFF_TOP = 12


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    text: str


@dataclass(frozen=True, slots=True)
class _ShownDate:
    shown: str
    upvotes: int | None
    published: str | None


@dataclass(frozen=True, slots=True)
class _Meta:
    authors_count: int | None = None
    org: str | None = None
    date: _ShownDate | None = None


def sniff(head: str, name: str) -> bool:
    """True for a saved Daily Papers page: its chrome on top, or the meta-line rhythm."""
    lines = [line.strip() for line in head.splitlines() if line.strip()]
    if not lines or lines[0][0] in "{[<@%":
        return False
    top = lines[:_SNIFF_TOP]
    if any(line in _STRONG_CHROME for line in top):
        return True
    return _meta_groups(lines) >= 2


def read(stream: TextIO, source: str) -> Iterator[Record | Failed]:
    """One `Record` per listed paper, or a `Failed` for a stretch that breaks the rhythm."""
    lines = _content_lines(stream)
    _unglue_first_title(lines)
    listing: str | None = None
    position = 0
    while position < len(lines):
        line = lines[position]
        if line.text in CHROME:
            position += 1
        elif _is_listing_header(line.text):
            listing = line.text
            position += 1
        elif _is_meta(line.text):
            yield Failed(source, line.number, f"meta line outside an entry: {line.text!r}")
            position += 1
        elif len(line.text) > _MAX_TITLE:
            yield Failed(source, line.number, f"expected a title, found a {len(line.text)}-character paragraph")
            position += 1
        else:
            outcome, position = _entry(lines, position, source, listing)
            yield outcome


def _content_lines(stream: TextIO) -> list[_Line]:
    return [_Line(number, raw.strip()) for number, raw in enumerate(stream, start=1) if raw.strip()]


def _unglue_first_title(lines: list[_Line]) -> None:
    """Split "SubscribeTitle ..." (layout b) into chrome and title, in place.

    Only the first line after the top chrome qualifies, and only when the chrome has
    no "Subscribe" line of its own, so a title that merely starts with the word stays.
    """
    seen_chrome = False
    for position, line in enumerate(lines):
        if line.text == _SUBSCRIBE:
            return
        if line.text in CHROME:
            seen_chrome = True
        elif not _is_listing_header(line.text):
            if seen_chrome and line.text.startswith(_SUBSCRIBE) and len(line.text) > len(_SUBSCRIBE):
                lines[position] = _Line(line.number, line.text[len(_SUBSCRIBE) :])
            return


def _entry(lines: Sequence[_Line], position: int, source: str, listing: str | None) -> tuple[Record | Failed, int]:
    """Read the entry whose title is at `position`; return it and where the next one starts."""
    title = lines[position]
    following = lines[position + 1] if position + 1 < len(lines) else None
    if following is None or _is_furniture(following.text):
        # Its own meta lines go with the failed entry, not into stray-line reports.
        return Failed(source, title.number, f"entry {title.text!r} has no abstract"), _meta_end(lines, position + 1)
    after = lines[position + 2] if position + 2 < len(lines) else None
    # Title, title, abstract: the first title lost its abstract; pairing it with the
    # second title would shift every later entry by one line.
    if _looks_like_title(following.text) and after is not None and not _looks_like_title(after.text):
        return Failed(source, title.number, f"entry {title.text!r} has no abstract"), position + 1
    meta_end = _meta_end(lines, position + 2)
    meta = tuple(line.text for line in lines[position + 2 : meta_end])
    try:
        parsed = _parse_meta(meta)
    except ValueError as exc:
        return Failed(source, title.number, f"entry {title.text!r}: {exc}"), meta_end
    record = Record(
        source=source,
        line=title.number,
        format=NAME,
        title=title.text,
        abstract=following.text,
        authors_count=parsed.authors_count,
        org=parsed.org,
        date=parsed.date.shown if parsed.date else None,
        upvotes=parsed.date.upvotes if parsed.date else None,
        published=parsed.date.published if parsed.date else None,
        listing=listing,
        meta_lines=meta,
    )
    return record, meta_end


def _looks_like_title(text: str) -> bool:
    """Short and not ending like a sentence: a title, not an abstract."""
    return len(text) < _SHORT_TEXT and not text.endswith((".", "!", ")"))


def _meta_end(lines: Sequence[_Line], position: int) -> int:
    """Index just past the meta lines starting at `position`.

    Authors lines and separators are meta by shape; a date only after a separator
    (a bare date elsewhere is a listing header); an organisation line only when it
    has the shape of one and a separator follows it. A title is never followed by a
    separator (its abstract follows it), so an entry missing its abstract is not
    swallowed as the previous entry's organisation.
    """
    while position < len(lines):
        text = lines[position].text
        following = lines[position + 1].text if position + 1 < len(lines) else None
        if text == _SEPARATOR:
            if following is not None and _DATE.fullmatch(following):
                return position + 2
            position += 1
        elif _AUTHORS.fullmatch(text):
            position += 1
        elif following == _SEPARATOR and _ORG.fullmatch(text):
            position += 1
        else:
            break
    return position


def _parse_meta(meta: Sequence[str]) -> _Meta:
    """What the meta lines state; ValueError when they contradict or dangle."""
    parsed = _Meta()
    for position, text in enumerate(meta):
        authors = _AUTHORS.fullmatch(text)
        if text == _SEPARATOR:
            if position + 1 == len(meta):
                raise ValueError("meta lines end with '·' and no date")
        elif authors:
            parsed = _set_once(parsed, "authors_count", int(authors["count"]), text)
        elif position > 0 and meta[position - 1] == _SEPARATOR:
            parsed = _set_once(parsed, "date", _parse_date(text), text)
        else:
            parsed = _set_once(parsed, "org", _org_name(text), text)
    return parsed


def _set_once(parsed: _Meta, field: str, value: object, text: str) -> _Meta:
    if getattr(parsed, field) is not None:
        raise ValueError(f"second {field.replace('_', ' ')} in meta line {text!r}")
    return replace(parsed, **{field: value})


def _org_name(text: str) -> str:
    """Display name of an organisation line "<handle> <Display Name>" (the handle has no spaces)."""
    match = _ORG.fullmatch(text)
    if match is None:
        raise ValueError(f"not an organisation line: {text!r}")
    return match["display"] or match["handle"]


def _parse_date(text: str) -> _ShownDate:
    """A meta date as shown, its upvote count, and an ISO date when the year is shown."""
    match = _DATE.fullmatch(text)
    if match is None or match["month"] not in _MONTHS:
        raise ValueError(f"not a date: {text!r}")
    month, day = _MONTHS[match["month"]], int(match["day"])
    year = int(match["year"]) if match["year"] else None
    if not 1 <= day <= calendar.monthrange(year or 2024, month)[1]:
        raise ValueError(f"no such day: {match['shown']!r}")
    upvotes = int(match["upvotes"]) if match["upvotes"] else None
    published = f"{year:04d}-{month:02d}-{day:02d}" if year else None
    return _ShownDate(match["shown"], upvotes, published)


def _is_listing_header(text: str) -> bool:
    """A bare date ("Mar 11") where a title belongs: the day the listing shows."""
    match = _DATE.fullmatch(text)
    return bool(match) and match["upvotes"] is None and match["month"] in _MONTHS


def _is_meta(text: str) -> bool:
    return text == _SEPARATOR or bool(_AUTHORS.fullmatch(text))


def _is_furniture(text: str) -> bool:
    """Chrome, a listing header or a meta line: anything but an abstract after a title."""
    return text in CHROME or _is_listing_header(text) or _is_meta(text)


def _meta_groups(lines: Sequence[str]) -> int:
    """How many "…, ·, date" meta groups the lines contain: the page's rhythm without chrome."""
    return sum(
        1
        for before, separator, date in zip(lines, lines[1:], lines[2:])
        if separator == _SEPARATOR and _DATE.fullmatch(date) and before != _SEPARATOR
    )
