"""Which extractor made a workspace's facts: a hash of extraction's code and vocabulary.

A workspace extracts each file once. When extraction changes (an upgrade of kg, an
edited vocabulary), the facts it holds no longer say what kg would find, so ingest
re-extracts the records the workspace keeps, once, before adding anything new.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources

__all__ = ["extractor_fingerprint"]

_PARTS = ("extract", "data/vocabulary")
_SUFFIXES = (".py", ".tsv", ".txt")


@cache
def extractor_fingerprint() -> str:
    """A short hash of every file that decides what extraction finds.

    >>> len(extractor_fingerprint())
    16
    """
    digest = hashlib.sha256()
    package = resources.files("kg")
    for part in _PARTS:
        for item in sorted(package.joinpath(part).iterdir(), key=lambda entry: entry.name):
            if item.is_file() and item.name.endswith(_SUFFIXES):
                digest.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
