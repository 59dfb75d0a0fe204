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
import zlib
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO, TextIO

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
#: bytes read from a file at a time: few Python-level reads, little memory.
_BLOCK_BYTES = 1 << 20
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


class _CheckedBytes(io.RawIOBase):
    """A file's bytes, gunzipped as they are read, with damage reported where it is met.

    Checking the bytes as they pass, rather than decoding the whole file first, keeps a
    field-sized listing out of memory yet still rejects a binary file (a NUL), a cut gzip
    stream or invalid Unicode in a file with a byte-order mark, naming the line or offset.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file = path.open("rb")
        self._gzip = self._file.read(2) == _GZIP_MAGIC
        self._file.seek(0)
        self._source: BinaryIO = gzip.GzipFile(fileobj=self._file) if self._gzip else self._file
        self._checking = False
        self._codec: str | None = None
        self._rewind_checks()

    def check_as(self, codec: str | None) -> None:
        """From now on validate as text in `codec` (a byte-order-mark codec), or for NUL bytes when None."""
        self._checking, self._codec = True, codec
        self._rewind_checks()

    def _rewind_checks(self) -> None:
        self._position = 0
        self._lines = 0
        self._decoder = codecs.getincrementaldecoder(self._codec)() if self._codec else None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        """Only back to the start, which readers use after peeking at a file's head."""
        if (offset, whence) != (0, io.SEEK_SET):
            raise io.UnsupportedOperation("a listing can only be rewound to its start")
        self._source.seek(0)
        self._rewind_checks()
        return 0

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def readall(self) -> bytes:
        """The rest of the file, read in large blocks (RawIOBase's default reads 8 KiB at a time)."""
        return b"".join(iter(lambda: self._read(_BLOCK_BYTES), b""))

    def _read(self, size: int) -> bytes:
        try:
            data = self._source.read(size)
        except (OSError, EOFError, zlib.error) as exc:
            if self._gzip:
                raise InputError(self.path, f"damaged gzip file ({exc})") from None
            raise InputError(self.path, getattr(exc, "strerror", None) or str(exc)) from None
        if self._decoder is not None:
            self._check_text(data)
        elif self._checking:
            self._check_bytes(data)
        self._position += len(data)
        return data

    def _check_bytes(self, data: bytes) -> None:
        """A text listing never holds NUL, so one marks a binary or damaged file."""
        nul = data.find(b"\x00")
        if nul >= 0:
            line = self._lines + data.count(b"\n", 0, nul) + 1
            raise InputError(self.path, "binary file (NUL bytes), not a text listing", line)
        self._lines += data.count(b"\n")

    def _check_text(self, data: bytes) -> None:
        """Decode strictly (NUL is part of every ASCII character in UTF-16/32, so look after decoding)."""
        assert self._decoder is not None
        pending = len(self._decoder.getstate()[0])
        try:
            text = self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            offset = self._position - pending + exc.start
            raise InputError(self.path, f"damaged {self._codec} text (invalid bytes at offset {offset})") from None
        nul = text.find("\x00")
        if nul >= 0:
            line = self._lines + text.count("\n", 0, nul) + 1
            raise InputError(self.path, "binary file (NUL characters), not a text listing", line)
        self._lines += text.count("\n")

    def close(self) -> None:
        if not self.closed:
            self._source.close()
            self._file.close()
        super().close()


def _encoding(path: Path, head: bytes, whole: bool) -> tuple[str, str]:
    """(codec, error handling) for a file, decided on its first bytes.

    A byte-order mark names the codec, and the text is checked strictly. Otherwise UTF-8,
    even with a few bad bytes (a cut download): mostly-valid UTF-8 keeps its text with
    U+FFFD for the bad bytes, where a guessed legacy encoding would garble every other
    non-ASCII character. Otherwise charset-normalizer's guess on the head, which ranks
    cp1250 and cp1252 equal on Western text; the tie goes to cp1252, the encoding Western
    listings are far more often saved in. When `whole` is False the head may end inside a
    character, and a file's later bytes are decoded with the head's codec, bad bytes
    replaced.
    """
    codec = next((codec for bom, codec in _BOMS if head.startswith(bom)), None)
    if codec is not None:
        return codec, "strict"
    if b"\x00" in head:
        return "utf-8", "replace"  # the byte checks reject the file at the NUL's line
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=whole)
        return "utf-8", "replace"
    except UnicodeDecodeError:
        pass
    text = codecs.getincrementaldecoder("utf-8")(errors="replace").decode(head, final=whole)
    bad = text.count("\ufffd")
    if sum(ord(ch) > 127 for ch in text) > 2 * bad:
        return "utf-8", "replace"
    matches = from_bytes(head)
    best = matches.best()
    if best is None:
        raise InputError(path, "binary file or unknown text encoding")
    tied = [m for m in matches
            if m.encoding in _WESTERN and m.chaos <= best.chaos and m.coherence >= best.coherence]
    return (tied[0] if tied else best).encoding, "replace"


def open_text(path: str | Path) -> TextIO:
    """The file's text as a stream, gunzipped and decoded as it is read, with universal newlines.

    The encoding is decided on the first 64 KiB; the rest is never held in memory at once.
    A damaged file raises `InputError` when its damage is read.
    """
    p = Path(path)
    try:
        raw = _CheckedBytes(p)
    except OSError as exc:
        raise InputError(p, exc.strerror or str(exc)) from None
    try:
        head = raw.read(_HEAD_BYTES)
        whole = len(head) < _HEAD_BYTES or not raw.read(1)
        codec, errors = _encoding(p, head, whole)
        raw.check_as(codec if errors == "strict" else None)
        raw.seek(0)
        return io.TextIOWrapper(io.BufferedReader(raw, _BLOCK_BYTES), codec, errors, newline=None)
    except BaseException:
        raw.close()
        raise


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
    _read_through(p)
    raise UnknownFormatError(p, list(SOURCES))


def _read_through(path: Path) -> None:
    """Read a file to its end so that damage past its head (a NUL, a cut gzip) is what gets reported."""
    with open_text(path) as stream:
        while stream.read(_BLOCK_BYTES):
            pass


def _head(path: Path) -> str:
    """The decoded start of a file, without reading or gunzipping all of it."""
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
    with open_text(p) as stream:
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
