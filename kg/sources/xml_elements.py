"""Safe, streaming XML for the arXiv feeds: one element at a time, with its line.

Safety: documents that carry a DTD (``<!DOCTYPE``) are refused before parsing. Entity
declarations can only live in a DTD, so this rules out entity-expansion bombs and
external entities without a third-party parser; arXiv's Atom and OAI-PMH responses never
have one. The standard library's expat does the parsing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from kg.model import Failed

__all__ = ["child_text", "iter_elements"]


def iter_elements(stream: TextIO, source: str, tag: str) -> Iterator[tuple[int, Element] | Failed]:
    """Each complete `tag` element (``{namespace}name``) and the line its start tag is on.

    Elements are yielded as soon as they close and cleared afterwards, so memory stays
    flat on large harvests. A syntax error ends the document with a `Failed` at its line;
    elements read before it are kept.
    """
    parser = XMLPullParser(events=("start", "end"))
    open_lines: list[int] = []
    for number, text in enumerate(stream, 1):
        if "<!DOCTYPE" in text:
            yield Failed(source, number, "XML with a DTD (<!DOCTYPE) is refused: entity declarations are unsafe")
            return
        try:
            parser.feed(text)
            events = list(parser.read_events())
        except ParseError as exc:
            yield Failed(source, exc.position[0], f"invalid XML ({exc})")
            return
        for event, element in events:
            if element.tag != tag:
                continue
            if event == "start":
                open_lines.append(number)
            else:
                yield open_lines.pop(), element
                element.clear()
    try:
        parser.close()
    except ParseError as exc:
        yield Failed(source, exc.position[0], f"invalid XML ({exc})")


def child_text(element: Element, path: str, namespaces: dict[str, str]) -> str | None:
    """Text of the first child at `path`, or None when it is absent."""
    child = element.find(path, namespaces)
    return None if child is None else "".join(child.itertext())
