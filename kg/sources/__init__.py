"""Input formats: a registry of readers, format detection by content, and file opening.

A reader module defines `NAME`, `sniff(head, name) -> bool` and
`read(stream, source, **options) -> Iterator[Record | Failed]` (options such as the
``tabular`` column mapping are keyword-only extras); adding a format is one module and
one line in `SOURCES`. Readers are imported only when a file needs them.
"""

from __future__ import annotations

import codecs
import gzip
import importlib
import inspect
import io
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO

from charset_normalizer import from_bytes

from kg.errors import InputError, UnknownFormatError
from kg.model import Failed, Record

__all__ = ["SOURCES", "detect_format", "iter_files", "open_text", "read_path", "reader"]

#: format name -> module; tried in this order by `detect_format`, most specific first:
#: XML by root element, then JSON by keys only one API writes, then text formats by
#: their record markers, and last the generic table reader that any titled table fits.
SOURCES: dict[str, str] = {
    "arxiv_oai": "kg.sources.arxiv_oai",
    "arxiv_atom": "kg.sources.arxiv_atom",
    "crossref": "kg.sources.crossref",
    "semantic_scholar": "kg.sources.semantic_scholar",
    "unarxive": "kg.sources.unarxive",
    "openalex_json": "kg.sources.openalex_json",
    "hf_api_json": "kg.sources.hf_api_json",
    "arxiv_jsonl": "kg.sources.arxiv_jsonl",
    "bibtex": "kg.sources.bibtex",
    "ris": "kg.sources.ris",
    "hf_daily_text": "kg.sources.hf_daily_text",
    "tabular": "kg.sources.tabular",
}

_HEAD_BYTES = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
#: byte-order marks and the codecs that read past them; UTF-32 LE first, as its mark starts with UTF-16 LE's.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WESTERN = ("cp1252", "latin_1")


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
    """Decode by byte-order mark, else as UTF-8, else by charset-normalizer's guess.

    A text listing never holds NUL, so one anywhere (outside UTF-16/32, where it is part
    of every ASCII character) marks a binary or damaged file.
    """
    codec = next((codec for bom, codec in _BOMS if data.startswith(bom)), None)
    if codec is None:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise InputError(path, "binary file (NUL bytes), not a text listing", data.count(b"\n", 0, nul) + 1)
        return _utf8_or_guess(path, data)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(path, f"damaged {codec} text (invalid bytes at offset {exc.start})") from None
    nul = text.find("\x00")
    if nul >= 0:
        raise InputError(path, "binary file (NUL characters), not a text listing", text.count("\n", 0, nul) + 1)
    return text


def _utf8_or_guess(path: Path, data: bytes) -> str:
    """UTF-8, even with a few bad bytes (a cut download); else the likeliest legacy encoding.

    Mostly-valid UTF-8 keeps its text with U+FFFD for the bad bytes, where a guessed
    legacy encoding would garble every other non-ASCII character. charset-normalizer
    ranks cp1250 and cp1252 equal on Western text; the tie goes to cp1252, the encoding
    Western listings are far more often saved in.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if sum(ord(ch) > 127 for ch in text) > 2 * bad:
        return text
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise InputError(path, "binary file or unknown text encoding")
    tied = [m for m in matches
            if m.encoding in _WESTERN and m.chaos <= best.chaos and m.coherence >= best.coherence]
    return str(tied[0] if tied else best)


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
        head = _head(p)
    if not head.strip():
        raise InputError(p, "empty file")
    for name in SOURCES:
        if reader(name).sniff(head, p.name):
            return name
    raise UnknownFormatError(p, list(SOURCES))


def _head(path: Path) -> str:
    """The decoded start of a file, without reading or gunzipping all of it.

    A start cut inside a character can fail to decode on its own; then the whole file
    is read, which also reports a damaged file the way `open_text` does.
    """
    try:
        with path.open("rb") as raw:
            compressed = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
            data = (gzip.GzipFile(fileobj=raw) if compressed else raw).read(_HEAD_BYTES)
        return _decode(path, data)
    except (InputError, OSError, EOFError):
        with open_text(path) as stream:
            return stream.read(_HEAD_BYTES)


def read_path(
    path: str | Path, format: str | None = None, options: Mapping[str, Any] | None = None
) -> Iterator[Record | Failed]:
    """Records of one file; `format` overrides detection.

    `options` go to the reader's `read` as keyword arguments, e.g.
    ``options={"mapping": {"title": "Paper Title"}}`` for the ``tabular`` reader; an
    option the chosen reader does not take raises `InputError`.
    """
    p = Path(path)
    stream = open_text(p)
    name = format or detect_format(p, stream.read(_HEAD_BYTES))
    module = reader(name)
    _check_options(p, name, module, options or {})
    stream.seek(0)
    yield from module.read(stream, str(p), **(options or {}))


def _check_options(path: Path, name: str, module: ModuleType, options: Mapping[str, Any]) -> None:
    """Name a misspelt or misplaced option instead of failing with a TypeError."""
    takes = list(inspect.signature(module.read).parameters)[2:]
    unknown = sorted(set(options) - set(takes))
    if unknown:
        offered = ", ".join(takes) if takes else "none"
        raise InputError(path, f"format {name} does not take option(s) {', '.join(unknown)} (it takes: {offered})")


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
