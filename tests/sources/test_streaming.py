"""Files are read as streams: a field-sized listing is never held as one string, and damage
past the first 64 KiB (which decide format and encoding) still rejects the file where it is."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import Record
from kg.sources import read_path


def _paper(number: int) -> str:
    return json.dumps({
        "id": f"2501.{number:05d}",
        "title": f"Paper number {number}",
        "abstract": "We study streams. " * 40,
        "categories": "cs.LG",
        "authors": "Ada Byron and Alan Turing",
    }) + "\n"


def _listing(path: Path, papers: int, tail: bytes = b"", encoding: str = "utf-8") -> Path:
    """`papers` arXiv JSON Lines (about 800 bytes each), then `tail`; gzipped for a .gz name."""
    data = "".join(_paper(n) for n in range(papers)).encode(encoding) + tail
    path.write_bytes(gzip.compress(data) if path.suffix == ".gz" else data)
    return path


def test_a_large_listing_is_read_in_far_less_memory_than_its_text(tmp_path):
    path = _listing(tmp_path / "big.jsonl.gz", 12_000)  # about 10 MB of text
    tracemalloc.start()
    try:
        count = sum(isinstance(outcome, Record) for outcome in read_path(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 12_000
    assert peak < 4_000_000, f"peak {peak:,} bytes"


def test_a_nul_past_the_head_rejects_the_file_at_its_line(tmp_path):
    path = _listing(tmp_path / "late.jsonl", 200, b'{"id": "2501.99999", "title": "\x00"}\n')
    with pytest.raises(InputError, match="NUL") as caught:
        list(read_path(path))
    assert caught.value.line == 201


def test_a_gzip_stream_cut_past_the_head_is_reported_as_damaged(tmp_path):
    path = _listing(tmp_path / "cut.jsonl.gz", 2_000)
    path.write_bytes(path.read_bytes()[:-2_000])
    with pytest.raises(InputError, match="damaged gzip"):
        list(read_path(path))


def test_invalid_utf16_past_the_head_names_its_byte_offset(tmp_path):
    path = _listing(tmp_path / "wide.jsonl", 200, encoding="utf-16")
    size = path.stat().st_size
    path.write_bytes(path.read_bytes() + b"\x00\xd8" + b"x\x00")  # a high surrogate without its low half
    with pytest.raises(InputError, match=f"damaged utf-16 text \\(invalid bytes at offset {size}\\)"):
        list(read_path(path))


def test_a_listing_that_turns_out_not_utf8_past_the_head_keeps_its_records(tmp_path):
    """The encoding is decided on the head; later bad bytes cost only themselves (U+FFFD)."""
    path = _listing(tmp_path / "late.jsonl", 200, _paper(200).replace("Paper", "Caf\u00e9").encode("cp1252"))
    records = [o for o in read_path(path) if isinstance(o, Record)]
    assert len(records) == 201 and records[-1].title == "Caf\ufffd number 200"
