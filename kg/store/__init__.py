"""The SQLite workspace, kg's system of record."""

from kg.store.workspace import Workspace

__all__ = ["Workspace"]
