"""Input formats: a registry of readers, format detection by content, and file opening.

A reader module defines `NAME`, `sniff(head, name) -> bool` and
`read(stream, source) -> Iterator[Record | Failed]`; adding a format is one module and
one line in `SOURCES`. Readers are imported only when a file needs them.
"""

from __future__ import annotations

import gzip
import importlib
import io
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TextIO

from charset_normalizer import from_bytes

from kg.errors import InputError, UnknownFormatError
from kg.model import Failed, Record

__all__ = ["SOURCES", "detect_format", "iter_files", "open_text", "read_path", "reader"]

#: format name -> module; tried in this order by `detect_format`, most specific first.
SOURCES: dict[str, str] = {
    "hf_daily_text": "kg.sources.hf_daily_text",
}

_HEAD_BYTES = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


@cache
def reader(name: str) -> ModuleType:
    """The reader module registered under `name`."""
    try:
        return importlib.import_module(SOURCES[name])
    except KeyError:
        raise UnknownFormatError(f"--format {name}", list(SOURCES)) from None


def _raw_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    if data[:2] == _GZIP_MAGIC:
        try:
            return gzip.decompress(data)
        except (OSError, EOFError) as exc:
            raise InputError(path, f"damaged gzip file ({exc})") from None
    return data


def _decode(path: Path, data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) directly; otherwise ask charset-normalizer."""
    if b"\x00" in data[:_HEAD_BYTES] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "binary file (NUL bytes), not a text listing")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(path, "binary file or unknown text encoding")
    return str(best)


def open_text(path: str | Path) -> TextIO:
    """The file's text, gunzipped and decoded, as a stream with universal newlines."""
    p = Path(path)
    try:
        text = _decode(p, _raw_bytes(p))
    except OSError as exc:
        raise InputError(p, exc.strerror or str(exc)) from None
    return io.StringIO(text, newline=None)


def detect_format(path: str | Path, head: str | None = None) -> str:
    """The name of the first registered reader whose `sniff` accepts the file."""
    p = Path(path)
    if head is None:
        with open_text(p) as stream:
            head = stream.read(_HEAD_BYTES)
    if not head.strip():
        raise InputError(p, "empty file")
    for name in SOURCES:
        if reader(name).sniff(head, p.name):
            return name
    raise UnknownFormatError(p, list(SOURCES))


def read_path(path: str | Path, format: str | None = None) -> Iterator[Record | Failed]:
    """Records of one file; `format` overrides detection."""
    p = Path(path)
    stream = open_text(p)
    name = format or detect_format(p, stream.read(_HEAD_BYTES))
    stream.seek(0)
    yield from reader(name).read(stream, str(p))


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and every non-hidden file below named folders, in sorted order."""
    for path in paths:
        p = Path(path)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(p).parts)
                if child.is_file() and not hidden:
                    yield child
        elif p.is_file():
            yield p
        else:
            raise InputError(p, "no such file or folder")
