"""JSON documents, arrays and JSON Lines read alike: each item with the line it starts on.

API dumps arrive as one array, as one object, as a page that wraps a list
(``{"results": [...]}``), or one object per line; readers should not care which. Lines
are 1-based so a `Failed` points where an editor shows the problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TextIO

from kg.model import Failed, Record
from kg.sources.fields import build_record

__all__ = ["iter_json", "json_records"]

_DECODER = json.JSONDecoder()
_WHITESPACE = re.compile(r"\s*")


_TOO_DEEP = "invalid JSON (nested deeper than Python's parser allows)"

def iter_json(stream: TextIO, source: str, within: tuple[str, ...] = ()) -> Iterator[tuple[int, Any] | Failed]:
    """Each element of a top-level array, each line of JSON Lines, or the one document.

    `within` is a path of object keys to follow while present, e.g. ``("message",
    "items")`` for Crossref: a list found there yields its elements (each with its own
    line in a document), an object found there yields itself. A syntax error ends an
    array or a document (nothing after it can be trusted) but only its own line in
    JSON Lines.
    """
    first_line, second_line = _first_two_lines(stream)
    stream.seek(0)
    if first_line.lstrip().startswith("["):
        text = stream.read()
        yield from _array_elements(text, source, _WHITESPACE.match(text).end())
    elif _is_json_lines(first_line, second_line):
        for item in _json_lines(stream, source):
            if isinstance(item, Failed):
                yield item
            else:
                yield from ((item[0], value) for value in _inner_values(item[1], within))
    else:
        yield from _document(stream.read(), source, within)


def _first_two_lines(stream: TextIO) -> tuple[str, str]:
    found: list[str] = []
    for line in stream:
        if line.strip():
            found.append(line)
            if len(found) == 2:
                break
    return (found + ["", ""])[0], (found + ["", ""])[1]


def _is_json_lines(first: str, second: str) -> bool:
    """One value per line: the first line is whole, or the next one opens a new value."""
    try:
        json.loads(first)
    except ValueError:
        return second.startswith(("{", "["))
    return True


def _json_lines(stream: TextIO, source: str) -> Iterator[tuple[int, Any] | Failed]:
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failed(source, number, f"invalid JSON ({exc.msg} at column {exc.colno})")
        except RecursionError:
            yield Failed(source, number, _TOO_DEEP)


def _inner_values(value: Any, within: tuple[str, ...]) -> list[Any]:
    """What `within` leads to in a parsed value: a list's elements, or one value."""
    for key in within:
        if not (isinstance(value, Mapping) and key in value):
            break
        value = value[key]
    else:
        if within and isinstance(value, list):
            return value
    return [value]


def _document(text: str, source: str, within: tuple[str, ...]) -> Iterator[tuple[int, Any] | Failed]:
    start = _WHITESPACE.match(text).end()
    try:
        value, end = _DECODER.raw_decode(text, start)
    except json.JSONDecodeError as exc:
        yield Failed(source, exc.lineno, f"invalid JSON ({exc.msg})")
        return
    except RecursionError:
        yield Failed(source, text.count("\n", 0, start) + 1, _TOO_DEEP)
        return
    if text[end:].strip():
        yield Failed(source, text.count("\n", 0, end) + 1, "invalid JSON (extra data after the document)")
        return
    position = start
    for key in within:
        if not (isinstance(value, Mapping) and key in value):
            break
        position, value = _member_position(text, position, key), value[key]
    else:
        if within and isinstance(value, list):
            yield from _array_elements(text, source, position)
            return
    yield text.count("\n", 0, position) + 1, value


def _member_position(text: str, opening: int, key: str) -> int:
    """Where the value of `key` starts in the (already validated) object at `opening`."""
    pos = opening + 1
    while True:
        name, pos = _DECODER.raw_decode(text, _WHITESPACE.match(text, pos).end())
        pos = _WHITESPACE.match(text, _WHITESPACE.match(text, pos).end() + 1).end()  # past ":"
        if name == key:
            return pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = _WHITESPACE.match(text, pos).end() + 1  # past ","


def _array_elements(text: str, source: str, opening: int) -> Iterator[tuple[int, Any] | Failed]:
    """Elements of the array whose "[" is at `opening`, each with the line it starts on."""
    pos = opening + 1
    line, counted_to = 1, 0
    while True:
        pos = _WHITESPACE.match(text, pos).end()
        if text.startswith("]", pos):
            return
        line += text.count("\n", counted_to, pos)
        counted_to = pos
        try:
            value, pos = _DECODER.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            yield Failed(source, exc.lineno, f"invalid JSON ({exc.msg})")
            return
        except RecursionError:
            yield Failed(source, line, _TOO_DEEP)
            return
        yield line, value
        pos = _WHITESPACE.match(text, pos).end()
        if text.startswith(",", pos):
            pos += 1
        elif not text.startswith("]", pos):
            yield Failed(source, text.count("\n", 0, pos) + 1, "invalid JSON (expected ',' or ']')")
            return


def json_records(
    stream: TextIO,
    source: str,
    make: Callable[[Any, str, int], Record],
    within: tuple[str, ...] = (),
) -> Iterator[Record | Failed]:
    """`make(item, source, line)` for each JSON item; an item that is not JSON, or does not
    fit the format, becomes a `Failed` at its line and reading goes on."""
    for item in iter_json(stream, source, within):
        if isinstance(item, Failed):
            yield item
        else:
            line, value = item
            yield build_record(lambda: make(value, source, line), source, line)

