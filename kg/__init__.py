"""kg: a citation and knowledge graph of a research field, from the paper listings you have."""

from kg.errors import ExportError, InputError, KGError, QueryError, StoreError, UnknownFormatError

__all__ = ["ExportError", "InputError", "KGError", "QueryError", "StoreError", "UnknownFormatError"]
__version__ = "0.1.0"
