"""Where proposed names may occur: one automaton pass per paper over word starts only.

The corpus-name rescan must not send every paper to the matcher (`find_mentions`
costs a hundred automaton passes), so this index says which papers can mention which
spellings. It errs only one way: a spelling the matcher would accept in a paper is
always reported for that paper, a reported one may still be rejected by the matcher.

Text and spellings are brought to one form: lower case, each run of characters that
are neither letters nor digits written as one separator, so "GPT-4", "GPT 4" and
"gpt-4" meet. Every key starts with a separator, which keeps the automaton's hits on
word starts ("ion" is not found in "information"), so the work grows with the names'
occurrences, not with papers times names. A separator between two word characters
without a space ("github.com/x/electra", "node.js") is written differently from a
plain one, so a word inside an address or a file name is not counted as prose.

The same pass counts, for each spelling of ordinary shape, the papers that use its
lower-case form as a plain word: the corpus's own evidence that a name in capitals
("QUANTUM", "Network Coding") is also an everyday word of the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import product

import ahocorasick

from kg.extract.mentions import GLUED_VARIANTS

__all__ = ["NameIndex", "Occurrences", "ordinary_shape"]

# The three separators of the normal form: an ordinary one; one that joins the words
# of an address, a path or a number, or marks a variant ("C++", "A*"), instead of
# parting them; and an opening parenthesis, where an acronym may be defined.
_PLAIN, _JOINED, _OPENING = " ", "\x01", "\x02"
_JOINERS = "/.@\\:_+*#"
_JOINER = re.compile(f"[{re.escape(_JOINERS)}]")
_OTHER_SEPARATORS = re.compile(r"[^\w\x01\x02]+")
_ASCII_FORMS = bytes(
    code if chr(code).isalnum() or code > 127
    else ord(_JOINED) if chr(code) in _JOINERS + _JOINED
    else ord(_OPENING) if chr(code) in "(" + _OPENING
    else ord(_PLAIN)
    for code in range(256)
)
_LETTERS_THEN_DIGIT = re.compile(r"(?<=[^\W\d_]) (?=\d)|(?<=\d) (?=[^\W\d_])")
_MAX_GLUE_CHOICES = 4
_LETTERS_AND_SPACES = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+)*")


def ordinary_shape(spelling: str) -> bool:
    """Letters only, like a word or a phrase: a spelling that may also be prose.

    >>> [ordinary_shape(s) for s in ("QUANTUM", "Network Coding", "RoBuSt", "GPT-4", "C++")]
    [True, True, True, False, False]
    """
    return bool(_LETTERS_AND_SPACES.fullmatch(spelling))


def _normal_form(text: str) -> str:
    """`text` with each joining character written `_JOINED`, each "(" as `_OPENING`
    and a space, and each run of other non-word characters as one `_PLAIN`; letter
    case is kept.

    >>> _normal_form("See github.com/a, and\\n  GPT-4 (G4).") == "See github\x01com\x01a and GPT 4 \x02 G4 \x01"
    True
    """
    if text.isascii():  # most abstracts: a byte table is ten times faster than patterns
        form = text.encode("ascii").translate(_ASCII_FORMS).replace(b"\x02", b"\x02 ")
        while b"  " in form:
            form = form.replace(b"  ", b" ")
        return form.decode("ascii")
    form = _OTHER_SEPARATORS.sub(_PLAIN, _JOINER.sub(_JOINED, text.replace("(", _OPENING)))
    form = form.replace(_OPENING, _OPENING + _PLAIN)
    while "  " in form:
        form = form.replace("  ", " ")
    return form


def _form(spelling: str) -> str:
    """A spelling's normal form in lower case, without leading or trailing separators."""
    return _normal_form(spelling.lower()).strip(_PLAIN)


def _keys(form: str) -> set[str]:
    """The forms a spelling may take in text: with or without a separator where letters
    meet digits ("CIFAR-10", "CIFAR10")."""
    cuts = list(_LETTERS_THEN_DIGIT.finditer(form))
    if not cuts or len(cuts) > _MAX_GLUE_CHOICES:
        return {form} if form else set()
    keys = set()
    for glue in product((_PLAIN, ""), repeat=len(cuts)):
        pieces, position = [], 0
        for cut, joiner in zip(cuts, glue):
            pieces += [form[position:cut.start()], joiner]
            position = cut.end()
        keys.add("".join(pieces) + form[position:])
    return keys


# How a key may end, and what must follow it for the matcher to accept a name there:
# nothing more after a separator or a digit ("CIFAR-10", "LLaMA2"); after a plural "s"
# or a version "v" the next character decides; a variant glued to capitals ("BERTLarge")
# needs the capital. Before "(" a long form may define an acronym, and the matcher looks
# long forms up in any letter case ("binary symmetric channel (BSC)").
_ENDS_ANYWHERE, _PLURAL, _VERSION, _GLUED, _DEFINES = range(5)
_ENDINGS = (
    *((ending, _ENDS_ANYWHERE) for ending in (_PLAIN, _JOINED, *"0123456789")),
    ("s", _PLURAL),
    ("v", _VERSION),
    *((variant.lower(), _GLUED) for variant in GLUED_VARIANTS),
    *((ending, _DEFINES) for ending in (_OPENING, _PLAIN + _OPENING, "s" + _OPENING, "s" + _PLAIN + _OPENING)),
)


@dataclass(frozen=True, slots=True)
class _Key:
    """What a hit on one key means: which spellings it may be, and in which letter case."""

    spellings: tuple[int, ...]  # every spelling with this key
    lower_case: tuple[int, ...]  # those the matcher may find in all-lower-case text
    mixed_case: tuple[int, ...]  # those it may find in mixed case: not in capitals throughout
    ordinary: int | None  # the lower-case form counted as a plain word, if any
    has_digit: bool


@dataclass
class Occurrences:
    """What one paper may mention, by spelling id, and the ordinary forms it uses as words.

    `spellings` are those the matcher may accept; `present` also holds those written
    in a letter case it would not accept, which it may still look up ("binary symmetric
    channel" before "(BSC)" is Binary Symmetric Channel). `anything` is set for text
    the index cannot read letter for letter (a character that grows when lower-cased):
    the matcher must see that paper whatever it names.
    """

    spellings: set[int] = field(default_factory=set)
    present: set[int] = field(default_factory=set)
    plain_words: set[int] = field(default_factory=set)
    anything: bool = False


class NameIndex:
    """Spellings, numbered in the order given, in one automaton of word starts and ends.

    Each key is a separator, a spelling's form, and one of `_ENDINGS`, so a hit is
    already a whole word in nearly every case ("com" is not found in "computer").
    """

    def __init__(self, spellings: Sequence[str]) -> None:
        self.spellings = tuple(spellings)
        ordinary_ids: dict[str, int] = {}
        self.ordinary_of: list[int | None] = []
        by_key: dict[str, list[int]] = {}
        for number, spelling in enumerate(self.spellings):
            form = _form(spelling)
            if ordinary_shape(spelling):
                self.ordinary_of.append(ordinary_ids.setdefault(form, len(ordinary_ids)))
            else:
                self.ordinary_of.append(None)
            for key in _keys(form):
                by_key.setdefault(key, []).append(number)
        self.ordinary_forms = tuple(ordinary_ids)
        self._automaton = ahocorasick.Automaton()
        for key, numbers in by_key.items():
            lower_case = tuple(n for n in numbers if not any(c.isupper() for c in self.spellings[n]))
            mixed_case = tuple(n for n in numbers if not self.spellings[n].isupper())
            ordinary = next((self.ordinary_of[n] for n in numbers if self.ordinary_of[n] is not None), None)
            meaning = _Key(tuple(numbers), lower_case, mixed_case, ordinary, any(c.isdigit() for c in key))
            for separator in (_PLAIN, _JOINED):
                for ending, check in _ENDINGS:
                    self._automaton.add_word(separator + key + ending, (len(key), len(ending), check, meaning))
        if by_key:
            self._automaton.make_automaton()
        self._empty = not by_key

    def occurrences(self, texts: Iterable[str]) -> Occurrences:
        """The spellings that may be mentioned in `texts`, and the plain lower-case words among them."""
        found = Occurrences()
        if self._empty:
            return found
        spellings, present, plain_words = found.spellings, found.present, found.plain_words
        for text in texts:
            original = _PLAIN + _normal_form(text) + _PLAIN
            lowered = original.lower()
            if len(lowered) != len(original):
                found.anything = True
                continue
            for last, (length, tail, check, key) in self._automaton.iter(lowered):
                end = last + 1 - tail
                if check and check != _DEFINES and not _may_end_here(check, original, lowered, end):
                    continue
                start = end - length
                word = original[start:end]
                in_lower_case = word.islower()
                present.update(key.spellings)
                if in_lower_case and check != _DEFINES and not key.has_digit:
                    spellings.update(key.lower_case)
                    word_end = end + 1 if check == _PLURAL else end  # "ecosystems" uses "ecosystem"
                    if key.ordinary is not None and lowered[start - 1] == _PLAIN and _ends_prose_word(lowered, word_end):
                        plain_words.add(key.ordinary)
                else:
                    spellings.update(_case_fits(key, word, check))
        return found


def _case_fits(key: _Key, word: str, check: int) -> tuple[int, ...]:
    """The spellings of `key` the matcher may take `word` (not all in lower case) for. It
    may capitalise a word but never lower-cases a letter, unless a digit makes the name
    distinctive enough to match in any case ("cifar10"); long forms before "(" are looked
    up in any case."""
    if key.has_digit or check == _DEFINES or word.isupper():
        return key.spellings
    return key.mixed_case


def _may_end_here(check: int, original: str, lowered: str, end: int) -> bool:
    """Whether the matcher may take a name ending at `end`, for endings that need more context."""
    if check == _PLURAL:
        return original[end] == "s" and lowered[end + 1] in (_PLAIN, _JOINED, _OPENING)
    if check == _VERSION:
        return lowered[end + 1].isdigit()
    return original[end - 1].isupper()


def _ends_prose_word(lowered: str, end: int) -> bool:
    """A word ends at `end` in prose: a space, or a stop before one ("quantum.")."""
    after = lowered[end]
    return after == _PLAIN or (after == _JOINED and lowered[end + 1:end + 2] in ("", _PLAIN))
