"""Errors kg raises; the CLI turns each into one line for the user, never a traceback."""

from __future__ import annotations

from pathlib import Path

__all__ = [
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


class InputError(KGError):
    """A file (or one line of it) cannot be read; names the place so the user can fix it."""

    def __init__(self, path: str | Path, reason: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


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
