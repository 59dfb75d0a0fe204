"""Listing files written at test time: good ones, hostile ones, and whole folders of them.

Fixtures generate their inputs instead of committing binary files, so every hostile
byte sequence is visible here and can be varied.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

#: the console script of the venv running the tests, for real-subprocess runs.
KG_SCRIPT = Path(sys.executable).with_name("kg")

#: titles that break naive writers and query builders; each must come back unchanged.
HOSTILE_TITLES = (
    'Quotes "double" and \'single\' in a title',
    r"Backslashes \ and \\ and \n that is not a newline",
    "Emoji in titles 🤖🧪 and a flag 🇪🇺",
    "Right-to-left \u200fmark and \u202bembedding\u202c: \u05e9\u05dc\u05d5\u05dd",
    "</script><script>alert(1)</script>",
    '<img src=x onerror="alert(1)"> and <a href="javascript:alert(1)">a link</a>',
    "MATCH (n) DETACH DELETE n; // ' } RETURN 1 //",
    'SELECT * WHERE { ?s ?p ?o } ; DROP GRAPH <g> . """ @prefix x: <y> .',
    "Robert'); DROP TABLE papers;-- and %s %(x)s ? :name $1",
    "Ampersands & entities &amp; &#x3c; ]]> <!-- not a comment -->",
)

_CHROME = ("new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers",
           "byAK and the research community")


def listing_text(titles: Sequence[str], *, bullet: bool = True) -> str:
    """A Hugging Face Daily Papers page saved as text, one entry per title.

    `bullet=False` writes an organisation line instead of "• N authors", for encodings
    (Latin-1) that have no bullet character.
    """
    lines = [*_CHROME, "Mar 3"]
    for number, title in enumerate(titles):
        lines += [
            title,
            f"We propose entry {number}, a method whose abstract is long enough to read as one. "
            "It is evaluated on the usual benchmarks and ends like a sentence.",
            f"  \u2022 {number % 7 + 1} authors" if bullet else "acme Acme Research",
            "\u00b7",
            f"Mar {number % 28 + 1}, 2024",
        ]
    return "\n\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def hostile_titles() -> tuple[str, ...]:
    return HOSTILE_TITLES


@pytest.fixture(scope="session")
def kg_script() -> Path:
    return KG_SCRIPT


@pytest.fixture
def write_listing(tmp_path: Path) -> Callable[..., Path]:
    """`write_listing(name, titles, encoding="utf-8", bullet=True)` -> path of the new file.

    Byte-order-specific UTF-16/32 codecs write no mark of their own; one is added, as
    the editors that save such files do.
    """

    def write(name: str, titles: Sequence[str], encoding: str = "utf-8", bullet: bool = True) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        mark = "\ufeff" if encoding.lower().endswith(("-le", "-be")) else ""
        path.write_bytes((mark + listing_text(titles, bullet=bullet)).encode(encoding))
        return path

    return write
