"""Errors kg raises; the CLI turns each into one line for the user, never a traceback."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "place",
    "KGError",
    "InputError",
    "UnknownFormatError",
    "StoreError",
    "ExportError",
    "QueryError",
    "MissingDependencyError",
]


class KGError(Exception):
    """Base of every error kg raises on purpose."""


def place(path: str | Path, line: int | None = None) -> str:
    r"""`path:line` for a message, with control characters in the name escaped to keep it one line.

    >>> place("odd\nname.txt", 3)
    'odd\\nname.txt:3'
    """
    printable = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in str(path))
    return f"{printable}:{line}" if line is not None else printable


class InputError(KGError):
    """A file (or one line of it) cannot be read; names the place so the user can fix it."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        super().__init__(f"{place(path, line)}: {reason}")


class UnknownFormatError(InputError):
    """No reader recognises a file; the message lists the formats kg knows."""

    def __init__(self, path: str | Path, known: list[str]) -> None:
        super().__init__(path, "unknown format (kg reads: " + ", ".join(sorted(known)) + ")")


class StoreError(KGError):
    """The SQLite workspace is missing, locked or not a kg workspace."""


class ExportError(KGError):
    """An export cannot be written (unknown format, unwritable path)."""


class QueryError(KGError):
    """A named or ad hoc query is unknown or fails."""


class MissingDependencyError(KGError):
    """An optional feature needs an extra; the message says what to install."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(f"{feature} needs an optional dependency: pip install 'kg[{extra}]'")
