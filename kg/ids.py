"""Stable identifiers: the keys papers are matched by and the ids nodes are known by.

Ids must not change between runs or machines, because RDF IRIs, Neo4j keys and
incremental ingest all rely on them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from kg.model import NodeKind

__all__ = ["name_key", "node_id", "paper_local_id", "slug", "spell_greek", "title_key", "url_local_id"]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPACE = re.compile(r"\s+")


def title_key(title: str) -> str:
    """Case-, accent-, space- and punctuation-insensitive form of a title, for dedup.

    >>> title_key("  HMoE: Heterogeneous  Mixture of Experts ")
    'hmoe heterogeneous mixture of experts'
    """
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return _SPACE.sub(" ", re.sub(r"[^0-9a-z]+", " ", folded)).strip()


def spell_greek(text: str) -> str:
    """Greek letters spelled out, as authors do when they cannot type them.

    >>> spell_greek("γ-MoD")
    'gamma-MoD'
    """
    if not any("\u0370" <= char <= "\u03ff" for char in text):
        return text
    return "".join(_greek_name(char) if "\u0370" <= char <= "\u03ff" else char for char in text)


def _greek_name(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.rsplit(" ", 1)[-1].lower() if "GREEK" in name and "LETTER" in name else char


def name_key(name: str) -> str:
    """Key under which spellings of one name coincide: CIFAR10 = CIFAR-10, γ-MoD = gamma-MoD.

    The marks that make a new variant count ("NeRV++" is not "NeRV").

    >>> name_key("CIFAR-10") == name_key("cifar10"), name_key("NeRV++") == name_key("NeRV")
    (True, False)
    """
    marks = "".join(char for char in name if char in "+*")
    folded = unicodedata.normalize("NFKD", spell_greek(name)).encode("ascii", "ignore").decode().lower()
    key = _NON_ALNUM.sub("", folded) + marks
    return key or name.strip().casefold()


def slug(name: str) -> str:
    """Readable, IRI-safe local id for a named thing; distinct wherever `name_key` is.

    >>> slug("Mixture-of-Experts (MoE)"), slug("NeRV++")
    ('mixture-of-experts-moe', 'nerv-plus-plus')
    """
    marked = spell_greek(name).replace("+", " plus ").replace("*", " star ")
    folded = unicodedata.normalize("NFKD", marked).encode("ascii", "ignore").decode().lower()
    readable = _NON_ALNUM.sub("-", folded).strip("-")
    if readable:
        return readable
    return "u-" + hashlib.sha1(name.encode()).hexdigest()[:12]


def paper_local_id(arxiv_id: str | None, doi: str | None, title: str) -> str:
    """arXiv id first, then DOI, then a hash of the title key.

    >>> paper_local_id("2401.01234v2", None, "x")
    'arxiv-2401.01234'
    """
    if arxiv_id:
        return "arxiv-" + re.sub(r"v\d+$", "", arxiv_id.strip()).replace("/", "_")
    if doi:
        return "doi-" + _NON_ALNUM.sub("-", doi.strip().lower()).strip("-")
    return "t-" + hashlib.sha1(title_key(title).encode()).hexdigest()[:12]


def url_local_id(url: str) -> str:
    """A URL without its scheme, e.g. ``github.com/owner/name``."""
    return re.sub(r"^[a-z]+://", "", url.strip(), flags=re.I).rstrip("/")


def node_id(kind: NodeKind, local: str) -> str:
    """Graph node id ``"<kind>:<local>"``."""
    return f"{kind.value}:{local}"
