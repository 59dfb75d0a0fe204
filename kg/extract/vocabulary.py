"""The curated names of datasets and methods that mention matching looks for.

The shipped lists live in ``kg/data/vocabulary/`` as plain text so a reviewer can read
and diff them: ``datasets.tsv`` and ``methods.tsv`` hold one entry a line (canonical
name, then aliases, tab-separated), ``generic.txt`` the names that are never entities
(generic model classes, metrics, hardware, fields), ``common_words.txt`` names that
are also ordinary English words and so need stricter matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files
from itertools import product

import ahocorasick

from kg.errors import KGError
from kg.ids import name_key
from kg.model import EntityType

__all__ = [
    "VOCABULARY_RULE",
    "CORPUS_RULE",
    "VocabularyEntry",
    "Vocabulary",
    "Surface",
    "default_vocabulary",
    "generic_keys",
    "common_words",
    "is_generic",
]

#: Rule names a vocabulary match is reported under, by where the entry came from.
VOCABULARY_RULE = "vocabulary"
CORPUS_RULE = "corpus_name"

_DATA = files("kg") / "data" / "vocabulary"
_ENTRY_FILES = {"datasets.tsv": EntityType.DATASET, "methods.tsv": EntityType.METHOD}
# Separators inside a name that writers swap freely: "CIFAR-10", "CIFAR 10", "CIFAR10".
_SEPARATOR = re.compile(r"(?<=[A-Za-z0-9])[- ](?=[A-Za-z0-9])")
_MAX_SPELLED_SEPARATORS = 4
_SHORTEST_NAME = 2


@dataclass(frozen=True)
class VocabularyEntry:
    """One named dataset or method: its preferred name and the other ways it is written."""

    name: str
    type: EntityType
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Surface:
    """One spelling the matcher looks for, pointing back to its entry and rule.

    A generic phrase ("Fréchet Inception Distance") has no entry: it is matched only
    so that the names inside it are not.
    """

    text: str
    entry: VocabularyEntry | None
    rule: str


def _spellings(name: str) -> set[str]:
    """The name with each inner hyphen or space written as hyphen, space or nothing.

    Nothing only between a letter and a digit ("CIFAR10"), because "Mask RCNN"-style
    gluing of words would invent spellings nobody uses.
    """
    cuts = list(_SEPARATOR.finditer(name))
    if not cuts or len(cuts) > _MAX_SPELLED_SEPARATORS:
        return {name}
    pieces = []
    position = 0
    for cut in cuts:
        pieces.append(name[position : cut.start()])
        position = cut.end()
    pieces.append(name[position:])
    choices = []
    for cut in cuts:
        left, right = name[cut.start() - 1], name[cut.end()]
        glued = left.isdigit() != right.isdigit()
        choices.append(("-", " ", "") if glued else ("-", " "))
    spelled = set()
    for joins in product(*choices):
        spelled.add(pieces[0] + "".join(j + p for j, p in zip(joins, pieces[1:])))
    return spelled


class Vocabulary:
    """Entries indexed two ways: by name key for lookup, by spelling for text matching.

    Built once (an Aho-Corasick automaton over lower-cased spellings) and then only
    read, so one instance can serve every record of a build, in any process.
    """

    def __init__(self, surfaces: tuple[Surface, ...]) -> None:
        self._surfaces = surfaces
        self._by_key: dict[str, VocabularyEntry] = {}
        self._entries: dict[VocabularyEntry, None] = {}
        automaton = ahocorasick.Automaton()
        spellings: dict[str, list[Surface]] = {}
        for surface in (*surfaces, *_generic_surfaces()):
            if surface.entry is not None:
                self._entries.setdefault(surface.entry)
                self._by_key.setdefault(name_key(surface.text), surface.entry)
            for spelled in _spellings(surface.text):
                found = spellings.setdefault(spelled.lower(), [])
                if all(s.text != spelled or s.entry != surface.entry for s in found):
                    found.append(Surface(spelled, surface.entry, surface.rule))
        for lowered, found in spellings.items():
            automaton.add_word(lowered, (len(lowered), tuple(found)))
        if spellings:
            automaton.make_automaton()
        self._automaton = automaton if spellings else None

    @classmethod
    def from_entries(
        cls, entries: Iterable[VocabularyEntry], rule: str = VOCABULARY_RULE
    ) -> Vocabulary:
        """A vocabulary of `entries`; their matches are reported under `rule`."""
        return cls(tuple(_surfaces_of(entries, rule)))

    def extended(self, entries: Iterable[VocabularyEntry], rule: str = CORPUS_RULE) -> Vocabulary:
        """A new vocabulary with `entries` added, e.g. names other corpus papers propose.

        Existing entries keep precedence in `lookup`; generic names are skipped so a
        paper "proposing" an LLM does not turn every LLM into a mention.
        """
        return Vocabulary(self._surfaces + tuple(_surfaces_of(entries, rule)))

    def lookup(self, name: str) -> VocabularyEntry | None:
        """The entry `name` denotes (any alias, any spelling that keeps its key), if any."""
        return self._by_key.get(name_key(name))

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[VocabularyEntry]:
        return iter(self._entries)

    def scan(self, lowered: str) -> Iterator[tuple[int, int, tuple[Surface, ...]]]:
        """Every ``(start, end, surfaces)`` whose spelling occurs in `lowered` text.

        Candidates only: boundaries and letter case are the matcher's to check.
        """
        if self._automaton is None:
            return
        for last, (length, found) in self._automaton.iter(lowered):
            yield last + 1 - length, last + 1, found


def _surfaces_of(entries: Iterable[VocabularyEntry], rule: str) -> Iterator[Surface]:
    for entry in entries:
        for text in (entry.name, *entry.aliases):
            text = text.strip()
            if len(text) >= _SHORTEST_NAME and not is_generic(text):
                yield Surface(text, entry, rule)


def _data_lines(file_name: str) -> Iterator[tuple[int, str]]:
    """Non-blank, non-comment lines of a shipped data file, with line numbers."""
    try:
        text = (_DATA / file_name).read_text(encoding="utf-8")
    except OSError as exc:
        raise KGError(f"vocabulary data file {file_name} is missing: {exc}") from None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield number, line


def _read_entries(file_name: str, kind: EntityType) -> Iterator[VocabularyEntry]:
    for number, line in _data_lines(file_name):
        names = [part.strip() for part in line.split("\t") if part.strip()]
        if not names:
            raise KGError(f"{file_name}:{number}: no name on this line")
        yield VocabularyEntry(names[0], kind, tuple(names[1:]))


@cache
def _generic_names() -> tuple[str, ...]:
    return tuple(line.strip() for _, line in _data_lines("generic.txt"))


@cache
def _generic_surfaces() -> tuple[Surface, ...]:
    return tuple(Surface(name, None, "generic") for name in _generic_names())


@cache
def generic_keys() -> frozenset[str]:
    """Name keys of words that are never entities: LLM, CNN, Transformer, FID, GPU, ..."""
    return frozenset(name_key(name) for name in _generic_names())


@cache
def common_words() -> frozenset[str]:
    """Lower-cased names that are also ordinary words (Falcon, Whisper, Adam)."""
    return frozenset(line.strip().lower() for _, line in _data_lines("common_words.txt"))


@lru_cache(maxsize=4096)
def is_generic(name: str) -> bool:
    """True for generic classes and non-entities, singular or plural ("LLMs", "CNN").

    Cached: the rules ask about the same few words ("The", "We", "Transformer") in every paper.
    """
    key = name_key(name)
    keys = generic_keys()
    return key in keys or (key.endswith("s") and key[:-1] in keys)


@cache
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary, built once per process."""
    entries = []
    for file_name, kind in _ENTRY_FILES.items():
        entries.extend(_read_entries(file_name, kind))
    return Vocabulary.from_entries(entries)
