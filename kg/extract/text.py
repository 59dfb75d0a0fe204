"""Text helpers every extraction rule shares: LaTeX residue removal and sentence spans.

Abstracts on listing pages are often pasted from LaTeX sources, so names arrive as
``Fr\\'echet``, ``{\\it determinism}`` or ``distillation~(KD)``. Rules match on the
original text (evidence offsets must point into it) and clean what they report.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CleanText", "clean_markup", "clean_with_offsets", "folded", "matches_at", "occurrences",
    "sentence_around", "sentence_spans",
]

_ACCENTS = {
    "'": "\u0301",
    "`": "\u0300",
    '"': "\u0308",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "c": "\u0327",
    "v": "\u030c",
    "u": "\u0306",
    "H": "\u030b",
}

_NAMED_MACROS = {
    "eg": "e.g.",
    "ie": "i.e.",
    "etc": "etc.",
    "vs": "vs.",
    "etal": "et al.",
    "times": "×",
    "sim": "~",
    "approx": "≈",
    "cdot": "·",
    "ldots": "…",
    "dots": "…",
}

_FONT_SWITCHES = "it|em|bf|rm|sc|tt|sl|sf|small|large|Large|tiny|footnotesize|normalsize"
_WRAPPING_MACROS = (
    "textbf|textit|textsc|texttt|textrm|textsf|textup|emph|underline|mathrm|mathbf|"
    "mathcal|mathit|mathsf|mathtt|mathbb|text|url|href"
)

_MARKUP = re.compile(
    r"""
      (?P<accent>\\(?P<mark>['`"^~=.])\{?(?P<base>[A-Za-z])\}?)
    | (?P<lettered>\\(?P<lmark>[cvuH])\{(?P<lbase>[A-Za-z])\})
    | (?P<escaped>\\(?P<char>[%&_\#$\{\}]))
    | (?P<font>\\(?:"""
    + _FONT_SWITCHES
    + r""")(?![A-Za-z])\s*)
    | (?P<wrapping>\\(?:"""
    + _WRAPPING_MACROS
    + r""")\s*\{)
    | (?P<named>\\(?P<macro>"""
    + "|".join(_NAMED_MACROS)
    + r""")(?![A-Za-z]))
    | (?P<math>\\[()\[\]])
    | (?P<inline_math>\$(?P<formula>[^$\s]{1,20})\$)
    | (?P<linebreak>\\\\|\\(?=\s))
    | (?P<macro_other>\\[A-Za-z]+\*?)
    | (?P<brace>[{}])
    | (?P<tie>(?<=\S)~(?=[A-Za-z(\[]))
    | (?P<quotes>``|'')
    | (?P<space>\s{2,}|[\t\n\r\f\v])
    """,
    re.VERBOSE,
)
#: every `_MARKUP` match starts here; Python's `re` cannot skip ahead through a pattern
#: of many named alternatives, so jumping from trigger to trigger is ten times faster.
_MARKUP_TRIGGER = re.compile(r"""[\\$\{\}~`'\t\n\r\f\v]|\s(?=\s)""")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text plus, for each of its characters, where it came from in the original.

    `replaced` holds one ``(clean_start, clean_end, start, end)`` per markup construct, in
    order: cleaned characters ``clean_start:clean_end`` stand for the original ``start:end``;
    every other character is copied from the original, so a match in the clean text maps
    back to an exact span. Keeping only the constructs, not an offset per character, is
    what makes cleaning cheap.
    """

    text: str
    replaced: tuple[tuple[int, int, int, int], ...]
    replaced_starts: tuple[int, ...]  # each construct's clean_start, for bisection

    def _original(self, index: int) -> tuple[int, int]:
        """Original span of the construct (or the character) cleaned character `index` comes from."""
        which = bisect_right(self.replaced_starts, index) - 1
        if which < 0:
            return index, index + 1
        _, clean_end, start, end = self.replaced[which]
        if index < clean_end:
            return start, end
        copied = end + index - clean_end
        return copied, copied + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Original-text span covering the cleaned characters ``text[start:end]`` (end > start)."""
        return self._original(start)[0], self._original(end - 1)[1]


def _replacement(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "accent" or kind == "lettered":
        mark = match.group("mark") or match.group("lmark")
        base = match.group("base") or match.group("lbase")
        return unicodedata.normalize("NFC", base + _ACCENTS[mark])
    if kind == "escaped":
        return match.group("char")
    if kind == "inline_math":
        return re.sub(r"[{}]|\\(?=[A-Za-z])", "", match.group("formula"))
    if kind == "named":
        return _NAMED_MACROS[match.group("macro")]
    if kind in ("tie", "linebreak", "space"):
        return " "
    if kind == "quotes":
        return '"'
    return ""


def _matches_from_triggers(pattern: re.Pattern[str], trigger: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` would give, tried only where `trigger` matches.

    Exact when every match of `pattern` starts at a `trigger` match and none is empty.
    """
    position = 0
    while found := trigger.search(text, position):
        match = pattern.match(text, found.start())
        if match is None:
            position = found.start() + 1
            continue
        yield match
        position = match.end()


def occurrences(text: str, cues: tuple[str, ...]) -> list[int]:
    """Where each of `cues` occurs in `text`, overlaps included, cue by cue."""
    found = []
    for cue in cues:
        at = text.find(cue)
        while at >= 0:
            found.append(at)
            at = text.find(cue, at + 1)
    return found


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(text)` would give, tried only at `starts`.

    Exact when every match starts at one of `starts` (see `occurrences`); much cheaper
    than `finditer` for a pattern that opens with a word boundary or many alternatives,
    which `re` tries at every character.

    >>> text = "more than X, less than Y"
    >>> [m.group() for m in matches_at(re.compile(r"\\bthan \\w+"), text, occurrences(text, ("than",)))]
    ['than X', 'than Y']
    """
    end = 0
    for start in sorted(starts):
        if start >= end and (match := pattern.match(text, start)) is not None:
            yield match
            end = match.end()


@lru_cache(maxsize=256)
def clean_with_offsets(text: str) -> CleanText:
    """Remove LaTeX and markup residue, remembering the original span of every character.

    >>> cleaned = clean_with_offsets(r"the Fr\\'echet {\\it distance}")
    >>> cleaned.text
    'the Fréchet distance'
    >>> start, end = cleaned.original_span(4, 11)
    >>> text = r"the Fr\\'echet {\\it distance}"
    >>> text[start:end]
    "Fr\\\\'echet"
    """
    # Listings wrap abstracts with newlines. A lone newline cleans to a space and a run of
    # whitespace cleans the same whatever it holds, so spacing them first gives the same
    # text and offsets with far fewer constructs to match.
    text = text.replace("\n", " ")
    pieces: list[str] = []
    replaced: list[tuple[int, int, int, int]] = []
    position = 0
    length = 0  # of the cleaned text so far
    for match in _matches_from_triggers(_MARKUP, _MARKUP_TRIGGER, text):
        start, end = match.span()
        replacement = _replacement(match)
        length += start - position
        pieces.append(text[position:start])
        pieces.append(replacement)
        replaced.append((length, length + len(replacement), start, end))
        length += len(replacement)
        position = end
    pieces.append(text[position:])
    return CleanText("".join(pieces), tuple(replaced), tuple(r[0] for r in replaced))


def clean_markup(text: str) -> str:
    r"""Text with LaTeX residue removed: accents composed, macros and braces dropped.

    >>> clean_markup(r"Q\&A with {\em entropy collapse} and distillation~(KD), \eg BERT")
    'Q&A with entropy collapse and distillation (KD), e.g. BERT'
    """
    return clean_with_offsets(text).text


#: the characters that a case-insensitive pattern takes for an ASCII letter but that do not
#: lower-case to it ("İ" even lower-cases to two characters, which would shift offsets).
_FOLDED_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


@lru_cache(maxsize=256)
def folded(text: str) -> str:
    """Lower-case `text`, offsets unchanged, for cheap cue tests before case-insensitive patterns.

    Every substring a ``re.IGNORECASE`` pattern of ASCII letters matches reads, in the
    folded text, as the pattern's lower-case letters, so a cue missing there rules it out.

    >>> folded("We PROPOSE ſome İdeas")
    'we propose some ideas'
    """
    return text.lower() if text.isascii() else text.translate(_FOLDED_TO_ASCII).lower()


# Words that end in a period without ending the sentence.
_ABBREVIATIONS = frozenset(
    {
        "e.g", "i.e", "al", "cf", "vs", "fig", "figs", "eq", "eqs", "sec", "tab", "ref",
        "refs", "approx", "resp", "no", "nos", "dr", "mr", "ms", "prof", "st", "vol",
        "pp", "ch", "viz", "ca", "incl", "esp", "w.r.t", "a.k.a", "aka", "u.s", "e.g.,",
        "i.e.,", "et", "appx",
    }
)
_BOUNDARY = re.compile(r"""[.!?]["')\]]*(?=\s+["'(\[]?[A-Z0-9])|\n\s*\n|\n(?=\S)""")
_BOUNDARY_TRIGGER = re.compile(r"[.!?\n]")  # where every `_BOUNDARY` match starts
_WORD_BEFORE = re.compile(r"(?<![\w\-])([A-Za-z][A-Za-z.]*)$")
_LONGEST_ABBREVIATION = 12


def _ends_sentence(text: str, match: re.Match[str]) -> bool:
    """A period after an abbreviation or a lone initial does not end a sentence."""
    if text[match.start()] != ".":
        return True
    word = _WORD_BEFORE.search(text, max(0, match.start() - _LONGEST_ABBREVIATION), match.start())
    if word is None:
        return True
    token = word.group(1).lower()
    if token in _ABBREVIATIONS:
        return False
    return not (len(token) == 1 and word.group(1).isupper())


@lru_cache(maxsize=256)
def _boundaries(text: str) -> tuple[int, ...]:
    """Offsets where a sentence starts, in ascending order (always including 0).

    Cached: every rule asks for the sentence around its match in the same few fields.
    """
    cuts = [0]
    for match in _matches_from_triggers(_BOUNDARY, _BOUNDARY_TRIGGER, text):
        if _ends_sentence(text, match):
            cuts.append(match.end())
    return tuple(cuts)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every sentence in `text`, whitespace trimmed, empty ones skipped.

    >>> text = "We use BERT, e.g. for QA. Then X."
    >>> [text[start:end] for start, end in sentence_spans(text)]
    ['We use BERT, e.g. for QA.', 'Then X.']
    """
    cuts = (*_boundaries(text), len(text))
    spans = []
    for begin, finish in zip(cuts, cuts[1:]):
        chunk = text[begin:finish]
        start = begin + len(chunk) - len(chunk.lstrip())
        end = begin + len(chunk.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` containing the span ``[start, end)``, stripped.

    Spans that straddle a boundary get every sentence they touch.

    >>> sentence_around("We use BERT, e.g. for QA. Then we propose X-Net.", 40, 45)
    'Then we propose X-Net.'
    >>> sentence_around("Results of Smith et al. Show gains. Next.", 11, 16)
    'Results of Smith et al. Show gains.'
    """
    cuts = _boundaries(text)
    begin = cuts[bisect_right(cuts, start) - 1]
    following = bisect_left(cuts, max(end, start + 1))
    finish = cuts[following] if following < len(cuts) else len(text)
    return text[begin:finish].strip()
