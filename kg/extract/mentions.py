"""Find the prior datasets and methods a paper names, with the evidence for each.

Two kinds of rule, vocabulary first: names the curated vocabulary knows (one
Aho-Corasick pass per field, then word-boundary, letter-case and version-suffix
checks), and textual patterns for names it does not know ("on the X dataset",
"baselines such as X and Y", "outperforms X", "Long Form (LF)"). Pattern names must
look like proper names and never be generic classes, and they score lower confidence.
Matching runs on markup-cleaned text; evidence offsets point into the original field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from kg.extract.text import clean_with_offsets, matches_at, occurrences, sentence_around
from kg.extract.vocabulary import Surface, Vocabulary, common_words, is_generic
from kg.ids import name_key
from kg.model import EntityType, Evidence, Mention

__all__ = ["GLUED_VARIANTS", "find_mentions"]

_CONFIDENCE = {
    "vocabulary": 0.95,
    "corpus_name": 0.8,
    "dataset_list": 0.7,
    "method_list": 0.7,
    "before_noun": 0.65,
    "comparison": 0.55,
    "acronym_definition": 0.6,
    "name_shape": 0.5,
    "task_dataset": 0.55,
    "list_companion": 0.6,
}
_PATTERN_RULES = frozenset(_CONFIDENCE) - {"vocabulary", "corpus_name"}
_BLOCKER = "generic"  # a generic phrase: hides the names inside it, is never reported
_VERSIONED_PENALTY = 0.05  # a family name plus a version suffix the list does not spell out
_COMMON_WORD_PENALTY = 0.15
_PLURAL_PENALTY = 0.05  # "INRs" names a class of INR models: weaker evidence than "INR"

# ---------------------------------------------------------------- word boundaries

# Prefixes that may be glued to a name by a hyphen without making a new name ("non-MoE").
_GLUED_PREFIXES = frozenset(
    "non multi sub pre post anti semi un cross self bi co re de inter intra over under "
    "super hyper meta single dual quasi pseudo vanilla plain full".split()
)
_WORD_BEFORE_HYPHEN = re.compile(r"([A-Za-z]+)-$")


def _starts_word(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    if before.isalnum() or before in "_+#@":
        return False
    if before == "-":
        glued = _WORD_BEFORE_HYPHEN.search(text, max(0, start - 20), start)
        return glued is None or glued.group(1) in _GLUED_PREFIXES
    return True


def _ends_word(text: str, end: int) -> bool:
    """A name ends here unless it runs on into a longer token ("-like" is a modifier, fine)."""
    if end >= len(text):
        return True
    after = text[end]
    if after.isalnum() or after in "_+#":
        return False
    if after == "-":
        return end + 1 < len(text) and text[end + 1].islower()
    if after == "." and end + 1 < len(text):
        return not text[end + 1].isalnum()
    return True


def _plural_end(text: str, end: int) -> int:
    """`end` moved past a plural "s" ("GANs", "ResNets") when one follows the name."""
    if end < len(text) and text[end] == "s" and text[end - 1].isalpha() and _ends_word(text, end + 1):
        return end + 1
    return end


# ---------------------------------------------------------------- version suffixes

_VARIANT_WORDS = (
    "base|large|small|tiny|mini|medium|huge|giant|xl|xxl|turbo|pro|ultra|flash|coder|math|"
    "vision|instruct|chat|plus|max|nano|lite|sonnet|opus|haiku|omni|preview|uncased|cased|"
    "hd|hard|verified|church|bedroom|cat|car|horse|tower|sketch|stuff|panoptic|captions|it"
)
_SPACED_VARIANTS = (
    "Pro|Ultra|Flash|Turbo|Sonnet|Opus|Haiku|XL|XXL|Chat|Instruct|Base|Large|Mini|Nano|Max|Plus"
)
#: size words written straight after a name in capitals ("BERTLarge"); resolve's name
#: index must know them too, to send such papers to the matcher.
GLUED_VARIANTS = ("Base", "Large", "Small", "Tiny")
_SUFFIX_PIECE = re.compile(
    rf"""
      (?P<size>[-_ ]\d+(?:\.\d+)?(?:x\d+)?[BMK](?![A-Za-z0-9]))
    | (?P<version>(?:[-_]|(?<=[A-Za-z]))[vV]?\d+(?:\.\d+)*(?:[a-zA-Z](?![A-Za-z]))?)
    | (?P<spaced>\ (?:(?:19|20)\d\d|\d{{1,2}}(?:\.\d+)*)(?![\w%×\-]|\.\d))
    | (?P<code>-[A-Z][A-Z0-9]{{0,3}}(?![A-Za-z0-9]))
    | (?P<variant>[-_](?i:{_VARIANT_WORDS})(?![A-Za-z]))
    | (?P<glued>(?<=[A-Z])(?:{'|'.join(GLUED_VARIANTS)})(?![a-z]))
    | (?P<spaced_variant>\ (?:{_SPACED_VARIANTS})(?![A-Za-z]))
    | (?P<patch>/\d+(?![A-Za-z0-9]))
    """,
    re.VERBOSE,
)
_YEAR = re.compile(r" (?:19|20)\d\d$")
_MAX_PIECES = 6


def _suffix_end(text: str, end: int, kind: EntityType) -> int:
    """Where a name's version suffix ends ("LLaMA" + "2-7B-Chat"), or `end` if none."""
    pieces = 0
    while pieces < _MAX_PIECES:
        piece = _SUFFIX_PIECE.match(text, end)
        if piece is None:
            break
        group = piece.lastgroup
        if group == "spaced_variant" and pieces == 0:
            break
        if group == "spaced" and kind is EntityType.DATASET and not _YEAR.match(piece.group()):
            break
        end = piece.end()
        pieces += 1
    return end


# ---------------------------------------------------------------- letter case

_CAMEL = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")
_DIGIT_AND_LETTER = re.compile(r"(?=.*\d)(?=.*[A-Za-z])")
_FOLDABLE_LENGTH = 5


@lru_cache(maxsize=8192)
def _foldable(spelling: str) -> bool:
    """Distinctive enough to match in any letter case: "imagenet" is still ImageNet."""
    return (
        len(spelling) >= _FOLDABLE_LENGTH
        and spelling.lower() not in common_words()
        and bool(_CAMEL.search(spelling) or _DIGIT_AND_LETTER.match(spelling))
    )


_WORD_PARTS = re.compile(r"([ -])")  # compiled: `_case_fits` runs for every vocabulary hit


def _case_fits(found: str, spelling: str) -> bool:
    """Same letters in an acceptable case: exact, any case when distinctive, or capitalised.

    Capitalising the first letter of a word is allowed ("Wav2vec" at a sentence start);
    lower-casing is not, so "coco", "clip" and "adam" never match COCO, CLIP or Adam.
    A distinctive name may change case ("Imagenet") but goes all lower-case only with a
    digit in it ("cifar10"): "quality" and "record" are words, not QuALITY or ReCoRD.
    """
    if found == spelling:
        return True
    if found.islower():  # then no word of it is capitalised: only a distinctive name with a digit fits
        return _foldable(spelling) and any(c.isdigit() for c in found)
    if _foldable(spelling) and (not found.islower() or any(c.isdigit() for c in found)):
        return True
    return all(
        f == s or (f[:1].isupper() and f[1:] == s[1:])
        for f, s in zip(_WORD_PARTS.split(found), _WORD_PARTS.split(spelling))
    )


# ---------------------------------------------------------------- candidates


class _Candidate(NamedTuple):
    """A name found in cleaned text, before overlaps and acronyms are resolved.

    A named tuple, not a frozen dataclass: every vocabulary hit makes one, and a tuple is
    several times cheaper to build.
    """

    start: int
    end: int
    name: str
    canonical: str
    type: EntityType
    rule: str
    confidence: float
    from_vocabulary: bool
    stem: int = 0  # length of the vocabulary spelling matched; the longer is more specific


def _lowered(text: str) -> str:
    """Lower-case text of the same length (a few characters, like "İ", grow when lowered)."""
    lowered = text.lower()
    if len(lowered) == len(text):  # no character grew, so offsets still line up
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _vocabulary_candidates(text: str, vocabulary: Vocabulary, in_title: bool) -> Iterator[_Candidate]:
    words = common_words()
    for start, end, surfaces in vocabulary.scan(_lowered(text)):
        # most hits are inside a word ("net" in "network"): rejected here without a call
        if start and text[start - 1].isalnum() or not _starts_word(text, start):
            continue
        found = text[start:end]
        for surface in surfaces:
            if surface.entry is None:
                if _ends_word(text, end) or _plural_end(text, end) > end:
                    blocked = _plural_end(text, end)
                    yield _Candidate(start, blocked, found, "", EntityType.METHOD, _BLOCKER, 0.0, True)
                break
            candidate = _vocabulary_candidate(text, start, end, found, surface, vocabulary)
            if candidate is None:
                continue
            is_word = surface.text.lower() in words and candidate.end == _plural_end(text, end)
            if is_word and in_title:
                continue
            if not in_title and _inside_longer_name(text, start, candidate.name):
                continue
            if is_word:
                candidate = candidate._replace(confidence=candidate.confidence - _COMMON_WORD_PENALTY)
            yield candidate
            break


_CAPITALISED_WORD_BEFORE = re.compile(r"[A-Z][\w-]*\s+$")
_PLAIN_PHRASE = re.compile(r"[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|of|and|for|the|in|from|to))+s?$")
_SENTENCE_END_BEFORE = re.compile(r"(?:^|[.!?:]\s+)\S*\s*$")


def _inside_longer_name(text: str, start: int, spelling: str) -> bool:
    """"Diverse Beam Search": a phrase of plain words after a capitalised word is part of a name."""
    if not _PLAIN_PHRASE.match(spelling):
        return False
    before = text[max(0, start - 40) : start]
    return bool(_CAPITALISED_WORD_BEFORE.search(before)) and not _SENTENCE_END_BEFORE.search(before)


def _vocabulary_candidate(
    text: str, start: int, end: int, found: str, surface: Surface, vocabulary: Vocabulary
) -> _Candidate | None:
    if not _case_fits(found, surface.text):
        return None
    entry = surface.entry
    confidence = _CONFIDENCE.get(surface.rule, _CONFIDENCE["corpus_name"])
    extended = _suffix_end(text, end, entry.type)
    name, canonical = found, entry.name
    if extended > end and _ends_word(text, extended):
        name = text[start:extended]
        known = vocabulary.lookup(name)
        if known is not None and known.type is entry.type:
            canonical = known.name
        else:
            canonical = entry.name + name[len(found) :]
            confidence -= _VERSIONED_PENALTY
        end = extended
    elif not _ends_word(text, end):
        plural = _plural_end(text, end)
        if plural == end:
            return None
        name, end = text[start:plural], plural
        confidence -= _PLURAL_PENALTY
    return _Candidate(start, end, name, canonical, entry.type, surface.rule, confidence, True, len(found))


# ---------------------------------------------------------------- pattern helpers

# A token never swallows a lower-case modifier: "I3D-based" is "I3D", then "-based".
_TOKEN = re.compile(r"[A-Za-z0-9](?:-(?![a-z]{3,}\b)|[\w.+#'])*[\w+#]|[A-Za-z0-9]|\S")
_STRONG = re.compile(r"[A-Z].*[A-Z]|[a-z][A-Z]|(?=.*\d)(?=.*[A-Za-z])")
_MEASURE = re.compile(r"[A-Za-z]?\d+(?:\.\d+)?[%x×]?$|W\d+A\d+$")
_NOT_A_NAME_START = re.compile(r"\d|[a-z]+-")  # "3B-parameter", "all-MLP"
_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]*)*$")
_FUNCTION_WORDS = frozenset(
    "the a an and or of for to in on at by with from as our we this these that those it its "
    "their they both all each other several many most some various such however moreover "
    "furthermore additionally also then thus therefore while although experiments results "
    "extensive existing previous prior recent standard popular common public".split()
)
_MAX_ITEM_TOKENS = 3
_NUMBER = re.compile(r"\d+(?:\.\d+)?$")
_DESCRIPTOR = re.compile(r"[a-z][a-z-]*$|-$")  # "complex", "multi-line": may precede a listed name


def _is_strong(token: str) -> bool:
    """Shaped like a coined name: an acronym, CamelCase, or letters with digits."""
    return (
        bool(_STRONG.search(token))
        and not _MEASURE.match(token)
        and not _NOT_A_NAME_START.match(token)
        and not is_generic(token)
    )


def _is_weak(token: str) -> bool:
    """A capitalised word that may be a name in a list context (Cityscapes, Bunny)."""
    return (
        bool(_CAPITALISED.match(token))
        and token.lower() not in _FUNCTION_WORDS
        and not is_generic(token)
    )


def _name_tokens(tokens: list[re.Match[str]]) -> int:
    """How many leading tokens read as a name: a name word, then name words or numbers."""
    count = 0
    for token in tokens:
        word = token.group()
        if _is_strong(word) or _is_weak(word) or (count and _NUMBER.match(word)):
            count += 1
        else:
            break
    return count


def _item_name(tokens: list[re.Match[str]], text: str, allow_weak: bool) -> tuple[int, int] | None:
    """Span of a list item made of 1-3 name-like tokens ("MCL JVC", "NTU 120"), or None."""
    if not 0 < len(tokens) <= _MAX_ITEM_TOKENS or _name_tokens(tokens) != len(tokens):
        return None
    if not allow_weak and not any(_is_strong(t.group()) for t in tokens):
        return None
    start, end = tokens[0].start(), tokens[-1].end()
    if is_generic(text[start:end]):
        return None
    return start, end


_SEPARATORS = frozenset({",", "and", "or", "&", "/"})
_LIST_ENDS = frozenset({".", ";", ":", "!", "?", ")", "]"})
_MAX_MISSES = 2


def _chunks(text: str, position: int) -> Iterator[tuple[list[re.Match[str]], bool]]:
    """Tokens between list separators, each with whether the list ends after it."""
    chunk: list[re.Match[str]] = []
    for token in _TOKEN.finditer(text, position, min(len(text), position + 300)):
        word = token.group()
        if word in _LIST_ENDS:
            yield chunk, True
            return
        if word in _SEPARATORS:
            if chunk:
                yield chunk, False
            chunk = []
            continue
        chunk.append(token)
    yield chunk, True


def _list_after(text: str, position: int, allow_weak: bool) -> list[tuple[int, int]]:
    """Name spans in a list starting at `position`: "A, B and C" up to the list's end.

    A chunk that is not a name ("2-model speculative decoding") is skipped; two in a
    row end the list. A name followed by a lower-case word ends it too ("X and Y
    achieve"), while one cut short by a capitalised word ("Selective Multi-Head
    Attention") is part of a longer phrase, not a name.
    """
    items: list[tuple[int, int]] = []
    misses = 0
    for chunk, last in _chunks(text, position):
        prefix = chunk[: _name_tokens(chunk)]
        rest = chunk[len(prefix) :]
        span = _item_name(prefix, text, allow_weak)
        if span is not None and (not rest or rest[0].group()[:1].islower()):
            items.append(span)
            misses = 0
            if rest:
                break
        else:
            misses += 1
        if last or misses >= _MAX_MISSES:
            break
    return items


def _list_before(text: str, position: int, allow_weak: bool) -> list[tuple[int, int]]:
    """Name spans in a list ending just before `position`: "on A, B and C datasets".

    Each chunk between separators ends in a name; lower-case descriptors before it
    ("multi-line M2E, and complex MNE datasets") keep the list going, anything else
    ("experiments on the CarlaSC") is where it starts. A name cut short by a
    capitalised word ("Medical Imaging Relative Positioning") is only a fragment.
    """
    sentence_start = max(text.rfind(". ", 0, position) + 1, position - 300, 0)
    tokens = list(_TOKEN.finditer(text, sentence_start, position))
    chunks: list[list[re.Match[str]]] = [[]]
    for token in tokens:
        if token.group() in _SEPARATORS:
            chunks.append([])
        else:
            chunks[-1].append(token)
    items: list[tuple[int, int]] = []
    for chunk in reversed(chunks):
        if not chunk:
            continue
        size = _trailing_name(chunk)
        lead = chunk[: len(chunk) - size]
        name = chunk[len(chunk) - size :]
        span = _item_name(name, text, allow_weak) if name else None
        at_sentence_start = bool(name) and not text[sentence_start : name[0].start()].strip()
        if span is None or (lead and lead[-1].group()[:1].isupper()):
            break
        if at_sentence_start and not _is_strong(name[0].group()):
            break
        items.append(span)
        if lead and not all(_DESCRIPTOR.match(t.group()) and t.group() not in _FUNCTION_WORDS for t in lead):
            break
    return items[::-1]


def _trailing_name(chunk: list[re.Match[str]]) -> int:
    """How many tokens at the end of `chunk` read as one name ("complex MNE" -> 1)."""
    for size in range(min(len(chunk), _MAX_ITEM_TOKENS), 0, -1):
        if _name_tokens(chunk[-size:]) == size:
            return size
    return 0


def _singular(name: str) -> str:
    """"DDRNets" -> "DDRNet", "LSTMs" -> "LSTM"; other names unchanged."""
    if len(name) > 2 and name.endswith("s") and (name[-2].isupper() or name.endswith("Nets")):
        return name[:-1]
    return name


_POSSESSOR = re.compile(r"[^\s']+['\u2019]s\s+")


def _pattern_candidate(text: str, span: tuple[int, int], kind: EntityType, rule: str) -> _Candidate:
    # "NVIDIA's CUTLASS": the owner is not part of the name.
    if (owner := _POSSESSOR.match(text, span[0], span[1])) is not None:
        span = (owner.end(), span[1])
    name = text[span[0] : span[1]]
    singular = _singular(name)
    confidence = _CONFIDENCE[rule] - (_PLURAL_PENALTY if singular != name else 0.0)
    return _Candidate(span[0], span[1], name, singular, kind, rule, confidence, False)


# ---------------------------------------------------------------- pattern rules

_DATASET_NOUN = r"datasets?|benchmarks?|corpus|corpora|databases?|data\ sets?|suites?"
_METHOD_NOUN = (
    r"methods?|models?|baselines?|approach(?:es)?|techniques?|algorithms?|architectures?|"
    r"networks?|frameworks?|systems?|LLMs|MLLMs|VLMs|detectors?|backbones?|optimi[sz]ers?|"
    r"strateg(?:y|ies)|solutions?|variants?|works|tools|librar(?:y|ies)|encoders|"
    r"competitors|counterparts|alternatives|"
    r"(?:CNN|RNN|GNN|MLP|DNN|INR|GAN|VAE|LLM|MLLM|VLM|PLM|SSM|Transformer|ViT|codec)s"
)
_TYPE_NOUN = re.compile(
    rf"\b(?:(?P<dataset>{_DATASET_NOUN})|(?P<method>{_METHOD_NOUN}))\b", re.IGNORECASE
)
_TRIGGER = re.compile(
    r"\b(?P<word>such as|including|like|e\.g\.,?|i\.e\.,?|namely|especially|particularly)\s+"
    r"|\(\s*"
    r"|(?P<colon>:|\s[-\u2013\u2014])\s*"
)
#: every `_TRIGGER` match starts at one of these, or one character before a dash
_TRIGGER_STARTS = ("such as", "including", "like", "e.g.", "i.e.", "namely", "especially", "particularly",
                   "(", ":")
_DASHES = ("-", "\u2013", "\u2014")
_WORDS_BETWEEN_NOUN_AND_TRIGGER = 3
_DATASET_ANCHOR = re.compile(rf"\s(?:{_DATASET_NOUN})\b")
_METHOD_ANCHOR = re.compile(r"\s(?:model|models|architecture|backbone|family|series)\b")
#: the nouns after the space that each anchor's matches open with
_DATASET_ANCHOR_CUES = ("dataset", "benchmark", "corpus", "corpora", "database", "data set", "suite")
_METHOD_ANCHOR_CUES = ("model", "architecture", "backbone", "family", "series")
_COMPARISON = re.compile(
    r"\b(?:outperform(?:s|ed|ing)?|surpass(?:es|ed|ing)?|compared\s+(?:with|to)|"
    r"comparison\s+(?:with|to)|than|over|against|versus|vs\.?|unlike|beats?|beating|"
    r"relative\s+to|improves?\s+(?:up)?on)"
    r"(?:\s+(?:the|strong|existing|prior|previous|recent|baselines?|methods?|models?|"
    r"state-of-the-art|SOTA|popular|competitive|such\s+as|including|,))*\s+"
)
_COMPARISON_STARTS = ("outperform", "surpass", "compar", "than", "over", "against", "versus", "vs", "unlike",
                      "beat", "relative", "improve")  # where every `_COMPARISON` match starts
_NAME_SHAPE_ENDINGS = ("Net", "BERT", "GPT", "Former", "former", "GAN", "NeRF", "VAE")
_NAME_SHAPE = re.compile(rf"\b[A-Z][A-Za-z0-9]*(?:{'|'.join(_NAME_SHAPE_ENDINGS)})s?\b")


def _pattern_candidates(text: str) -> Iterator[_Candidate]:
    yield from _listed_after_nouns(text)
    yield from _listed_before_nouns(text)
    yield from _compared(text)
    yield from _tasks_with_datasets(text)
    # most fields hold none of the endings; the pattern would try every capital letter
    shapes = _NAME_SHAPE.finditer(text) if any(ending in text for ending in _NAME_SHAPE_ENDINGS) else ()
    for match in shapes:
        if _is_strong(match.group()) and _starts_word(text, match.start()) and _ends_word(text, match.end()):
            yield _pattern_candidate(text, match.span(), EntityType.METHOD, "name_shape")


def _noun_before(text: str, position: int, adjacent: bool) -> EntityType | None:
    """The kind of the type noun nearest before `position` ("benchmarks", "baselines")."""
    window = text[max(0, position - 60) : position]
    nouns = list(_TYPE_NOUN.finditer(window))
    if not nouns:
        return None
    noun = nouns[-1]
    between = window[noun.end() :].split()
    allowed = 0 if adjacent else _WORDS_BETWEEN_NOUN_AND_TRIGGER
    if len([w for w in between if w != ","]) > allowed:
        return None
    return EntityType.DATASET if noun.group("dataset") else EntityType.METHOD


def _listed_after_nouns(text: str) -> Iterator[_Candidate]:
    """"benchmarks such as MT-Bench and GSM8K", "across models (CCNN, EEGNet)"."""
    starts = occurrences(text, _TRIGGER_STARTS) + [at - 1 for at in occurrences(text, _DASHES)]
    for trigger in matches_at(_TRIGGER, text, starts):
        kind = _noun_before(text, trigger.start(), adjacent=trigger.group("word") is None)
        if kind is None:
            continue
        rule = "dataset_list" if kind is EntityType.DATASET else "method_list"
        allow_weak = trigger.group("colon") is None
        for span in _list_after(text, trigger.end(), allow_weak=allow_weak):
            yield _pattern_candidate(text, span, kind, rule)


def _listed_before_nouns(text: str) -> Iterator[_Candidate]:
    """"on UVG, MCL JVC, and Bunny datasets", "EEGNet and CCNN models"."""
    # an anchor match starts at the space before its noun
    for anchor in matches_at(_DATASET_ANCHOR, text, [at - 1 for at in occurrences(text, _DATASET_ANCHOR_CUES)]):
        for span in _list_before(text, anchor.start(), allow_weak=True):
            yield _pattern_candidate(text, span, EntityType.DATASET, "before_noun")
    for anchor in matches_at(_METHOD_ANCHOR, text, [at - 1 for at in occurrences(text, _METHOD_ANCHOR_CUES)]):
        for span in _list_before(text, anchor.start(), allow_weak=False):
            yield _pattern_candidate(text, span, EntityType.METHOD, "before_noun")


def _compared(text: str) -> Iterator[_Candidate]:
    """"outperforms HiFiC and ILLM", "compared with kNN-LM": strongly shaped names only."""
    for match in matches_at(_COMPARISON, text, occurrences(text, _COMPARISON_STARTS)):
        for span in _list_after(text, match.end(), allow_weak=False):
            yield _pattern_candidate(text, span, EntityType.METHOD, "comparison")


_TASKS = (
    "segmentation", "classification", "detection", "recognition", "denoising", "generation",
    "retrieval", "translation", "summarization", "estimation", "prediction", "reconstruction",
    "captioning", "forecasting", "tracking", "answering", "reasoning", "completion", "resolution",
    "parsing", "inpainting", "synthesis",
)
_BRACKETED_WORD = re.compile(r"\(\s*([A-Za-z][\w\-.+]*)\s*\)")


def _tasks_with_datasets(text: str) -> Iterator[_Candidate]:
    """"healthy brain segmentation (IXI)": a coined name in brackets after a task.

    Found from the brackets back to the task word: a pattern that opens with the task
    words would be tried at every character.
    """
    for match in _BRACKETED_WORD.finditer(text):
        before = match.start()
        while before > 0 and text[before - 1].isspace():
            before -= 1
        if text.endswith(_TASKS, 0, before) and _is_strong(match.group(1)):
            yield _pattern_candidate(text, match.span(1), EntityType.DATASET, "task_dataset")


# ---------------------------------------------------------------- acronym definitions

_ACRONYM_IN_PARENS = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9\-+#.]*?[A-Za-z0-9+#])\s*\)")
_LONG_FORM_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")
_MINOR_WORDS = frozenset("of for and the a an with via to in on by from as".split())
_DATASET_HEADS = frozenset("dataset benchmark corpus bench suite database".split())
_NOT_NAMED_HEADS = frozenset(
    "recognition processing answering detection segmentation classification translation "
    "retrieval estimation understanding summarization captioning tracking localization "
    "intelligence vision interface distance score rate error ratio index metric "
    "accuracy similarity precision recall language learning model network system "
    "hardware representation task problem setting transform transformation suppression "
    "field function encoding modeling modelling picture optimization optimisation "
    "compression coding decomposition inference prediction synthesis reconstruction "
    "completion editing planning reasoning layer block module head operator mechanism "
    "data space domain distribution cache control analysis "
    # what a paper studies or states rather than runs: "Lower-Level Strong Convexity (LLSC)
    # condition", "Low Power Computer Vision Challenge (LPCVC)", "Vision-Language-Action (VLA)"
    "condition assumption property hypothesis theorem principle law phenomenon scenario "
    "regime constraint criterion challenge competition workshop game action".split()
)
# Plural only: "(RPS) methods" is a family of prior work, "(ICT) strategy" a part of this one.
_NOUN_AFTER = re.compile(
    r"\s+(?:(?P<dataset>datasets|benchmarks|corpora)|(?P<method>methods|models|techniques|"
    r"algorithms|approaches|architectures|baselines|frameworks))\b"
)
_MAX_LONG_FORM_WORDS = 8
# "the ... (RLIG) module": a part of the paper's own system, not a named prior method.
_COMPONENT_AFTER = re.compile(
    r"\s*(?:module|block|layer|component|unit|branch|head|mechanism|loss|operator|strategy)\b"
)
# "the ... (LLSC) condition", "the (XMC) problem": something stated or posed, not run.
_STATED_AFTER = re.compile(
    r"\s*(?:conditions?|assumptions?|problems?|tasks?|settings?|challenges?|metrics?|scores?"
    r"|properties|property|constraints?|regimes?)\b"
)
# "DocDiff consists of two modules: the Coarse Predictor (CP)" lists the paper's own parts.
_OWN_WORK = re.compile(
    r"propos|introduc|\bconsists?\s+of\b|\bcompris|\bcomposed\s+of\b|\b[Oo]ur\b|\b(?:call|term|dubb|nam)ed\b|\bdevelop(?:s|ed)?\b|"
    r"\b[Ww]e\s+(?:\w+\s+)?(?:present|design|call|term|name|build|construct|create|release|"
    r"curate|devise|formulate|establish|define)"
)


@dataclass(frozen=True, slots=True)
class _Definition:
    """"Long Form (LF)" in the text: the acronym's span and what its long form says."""

    start: int
    end: int
    acronym: str
    long_form: tuple[str, ...]
    long_form_start: int

    @property
    def head(self) -> str:
        """Last word's last hyphen part, singular: "networks" -> "network"."""
        last = self.long_form[-1].split("-")[-1].lower()
        return last[:-1] if last.endswith("s") and len(last) > 3 else last

    @property
    def title_case(self) -> bool:
        words = [w for w in self.long_form if w.lower() not in _MINOR_WORDS]
        return len(words) >= 2 and all(w[:1].isupper() for w in words)

    @property
    def names_a_class(self) -> bool:
        """A generic class or a task ("graph neural networks (GNNs)", "XMC"), not a name."""
        return self.head in _NOT_NAMED_HEADS or is_generic(self.head) or is_generic(" ".join(self.long_form))


def _initials_fit(acronym: str, words: list[str]) -> bool:
    """Schwartz-Hearst style check: the acronym's letters appear, in order, in the long form.

    The first letter must start the first word, so "Lottery Ticket Rewinding (LTR)" fits
    and "the proposed method (LTR)" does not.
    """
    letters = [c.lower() for c in acronym if c.isalnum()]
    long_form = " ".join(words).lower()
    if not letters or not long_form.startswith(letters[0]):
        return False
    position = 0
    for letter in letters:
        position = long_form.find(letter, position)
        if position < 0:
            return False
        position += 1
    return True


def _definitions(text: str) -> Iterator[_Definition]:
    """Every acronym the text defines with a long form just before it."""
    for match in _ACRONYM_IN_PARENS.finditer(text):
        acronym = _singular(match.group(1))
        if not _is_strong(acronym) or sum(c.isupper() for c in acronym) < 2:
            continue
        window = max(0, match.start() - 120)
        words = list(_LONG_FORM_WORD.finditer(text, window, match.start()))
        long_form: list[str] = []
        for word in reversed(words[-_MAX_LONG_FORM_WORDS:]):
            long_form.insert(0, word.group())
            if word.group().lower() not in _MINOR_WORDS and _initials_fit(acronym, long_form):
                yield _Definition(match.start(1), match.end(1), acronym, tuple(long_form), word.start())
                break


def _sentence_before(text: str, position: int) -> str:
    """The part of the sentence around `position` that comes before it."""
    sentence = sentence_around(text, position, position + 1)
    start = text.find(sentence, max(0, position + 1 - len(sentence)))
    return text[start:position] if 0 <= start <= position else text[:position]


def _defined_candidates(text: str, definitions: list[_Definition]) -> Iterator[_Candidate]:
    """"Lottery Ticket Rewinding (LTR)", "randomized parameter-sharing (RPS) methods".

    A Title Case long form, or a long form followed by a type noun, makes the acronym
    a named method or dataset; a long form naming a class or task never does. Nor does
    one the authors introduce as their own ("we propose the ... (PSTE)"): that acronym
    is for the proposal rules to judge.
    """
    for definition in definitions:
        after = definition.end + 1
        if definition.names_a_class or _COMPONENT_AFTER.match(text, after) or _STATED_AFTER.match(text, after):
            continue
        if _OWN_WORK.search(_sentence_before(text, definition.start)):
            continue
        kind: EntityType | None = None
        if definition.title_case:
            kind = EntityType.DATASET if definition.head in _DATASET_HEADS else EntityType.METHOD
        else:
            noun = _NOUN_AFTER.match(text, definition.end + 1)
            if noun is not None:
                kind = EntityType.DATASET if noun.group("dataset") else EntityType.METHOD
        if kind is not None:
            span = (definition.start, definition.end)
            yield _pattern_candidate(text, span, kind, "acronym_definition")


# ---------------------------------------------------------------- resolution


def _choose(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Vocabulary before patterns, then longest first; no two chosen names overlap.

    Generic phrases take part as blockers ("Fréchet Inception Distance" hides
    "Inception") and are then dropped.
    """
    candidates = list(candidates)
    # "the CLIC Pro Val dataset": the name the noun anchors outranks the known "CLIC" in it.
    anchored = {
        (c.start, c.end) for c in candidates
        if c.rule == "before_noun" and c.type is EntityType.DATASET and not _NUMBER.match(c.name.split()[-1])
    }
    chosen: list[_Candidate] = []
    taken: list[tuple[int, int]] = []
    ordered = sorted(
        (c for c in candidates if not (c.from_vocabulary and _outranked(c, anchored))),
        key=lambda c: (not c.from_vocabulary, c.start - c.end, -c.stem, c.start),
    )
    for candidate in ordered:
        if any(candidate.start < end and start < candidate.end for start, end in taken):
            continue
        taken.append((candidate.start, candidate.end))
        if candidate.rule != _BLOCKER and not (is_generic(candidate.name) or is_generic(candidate.canonical)):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.start)


def _outranked(candidate: _Candidate, anchored: set[tuple[int, int]]) -> bool:
    """A known name inside a longer dataset name, or a method name used as a dataset's."""
    return any(
        start == candidate.start
        and (end > candidate.end or (end == candidate.end and candidate.type is EntityType.METHOD))
        for start, end in anchored
    )


def _collapse_definitions(
    text: str, chosen: list[_Candidate], definitions: list[_Definition]
) -> tuple[list[_Candidate], dict[str, str]]:
    """"Mixture-of-Experts (MoE)" is one entry, the acronym: the long form gives way.

    Returns the candidates left and, per canonical key, the acronym the text defined
    for it, so other spellings of that name elsewhere in the paper give way too.
    """
    defined_at = {d.start: d for d in definitions}
    by_start = {c.start: c for c in chosen}
    kept: list[_Candidate] = []
    abbreviated: dict[str, str] = {}
    for candidate in chosen:
        if candidate.start in defined_at:
            abbreviated[name_key(candidate.canonical)] = name_key(_singular(candidate.name))
        following = _DEFINED_ACRONYM.match(text, candidate.end)
        definition = defined_at.get(following.end()) if following else None
        if definition is None or definition.long_form_start != candidate.start:
            kept.append(candidate)
            continue
        acronym = by_start.get(definition.start)
        if acronym is None:
            acronym = candidate._replace(start=definition.start, end=definition.end, name=definition.acronym)
            kept.append(acronym)
        abbreviated[name_key(candidate.canonical)] = name_key(_singular(acronym.name))
    return kept, abbreviated


_DEFINED_ACRONYM = re.compile(r"\s*\(\s*")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*")


def _field_candidates(
    field: str, text: str, vocabulary: Vocabulary
) -> tuple[list[_Candidate], dict[str, str]]:
    """Chosen candidates in one cleaned field, and the acronyms it defines (see above)."""
    in_title = field == "title"
    # Every URL has a "/" or "www."; without them the pattern need not try every word.
    urls = [m.span() for m in _URL.finditer(text)] if "/" in text or "www." in text else []
    candidates = [
        c for c in _vocabulary_candidates(text, vocabulary, in_title)
        if not any(start <= c.start < end for start, end in urls)
    ]
    definitions = [] if in_title else list(_definitions(text))
    if not in_title:
        # A defined acronym is judged by its long form alone, never as a one-item list.
        defined_at = {d.start for d in definitions}
        not_names = {name_key(d.acronym) for d in definitions if d.names_a_class}
        patterns = [c for c in _pattern_candidates(text) if c.start not in defined_at]
        companions = _list_companions(text, candidates)
        candidates.extend(
            c for c in [*patterns, *companions, *_defined_candidates(text, definitions)]
            if name_key(_singular(c.name)) not in not_names
            and not any(start <= c.start < end for start, end in urls)
        )
    candidates.extend(_known_definitions(text, definitions, vocabulary))
    return _collapse_definitions(text, _choose(candidates), definitions)


def _list_companions(text: str, known: list[_Candidate]) -> Iterator[_Candidate]:
    """"on CIFAR-10, ImageNet and FooBar-5K": coined names listed after a known name are
    of its kind. Only strongly shaped names count; the list ends at the first other word."""
    for candidate in known:
        if candidate.rule == _BLOCKER or not _LIST_JOINT.match(text, candidate.end):
            continue
        spans = _list_after(text, candidate.start, allow_weak=False)
        # "on ImageNet, and FooNet improves": two items across ", and" are two clauses;
        # "we propose Temporal RoPE, Cross-Frame Error Correction, ...": the paper's own parts.
        if len(spans) == 2 and _NEW_CLAUSE.match(text, spans[0][1]) \
                or _OWN_WORK.search(_sentence_before(text, candidate.start)):
            continue
        for start, end in spans:
            name = text[start:end]
            if start > candidate.start and "'" not in name and _COMPANION_SHAPE.match(name):
                yield _pattern_candidate(text, (start, end), candidate.type, "list_companion")


_LIST_JOINT = re.compile(r",\s|\s(?:and|or)\s")
_NEW_CLAUSE = re.compile(r",\s+(?:and|or|but|while|whereas)\s")
# Capitalised or digit-led, or lower-case-led with an acronym inside ("fastMRI"); math
# residue ("ge49", "sqrtN_s") is neither.
_COMPANION_SHAPE = re.compile(r"[A-Z0-9]|[a-z]+[A-Z]{2}")


def _known_definitions(
    text: str, definitions: list[_Definition], vocabulary: Vocabulary
) -> Iterator[_Candidate]:
    """"beam search (BS)": an acronym whose long form the vocabulary knows is that name.

    This is how "speculative decoding (SD)" becomes speculative decoding and not the
    Stable Diffusion a bare "SD" would be.
    """
    for definition in definitions:
        long_form = text[definition.long_form_start : text.rfind("(", 0, definition.start)].strip()
        entry = vocabulary.lookup(long_form) or vocabulary.lookup(long_form.rstrip("s"))
        if entry is None:
            continue
        acronym = text[definition.start : definition.end]
        confidence = _CONFIDENCE["vocabulary"] - _VERSIONED_PENALTY
        yield _Candidate(definition.start, definition.end, acronym, entry.name, entry.type,
                         "vocabulary", confidence, True, len(long_form))


def find_mentions(fields: Mapping[str, str], source: str, vocabulary: Vocabulary) -> list[Mention]:
    """Named datasets and methods in `fields` ({"title": ..., "abstract": ...}).

    One mention per distinct spelling of each name, in field order then text order;
    every mention's evidence span, cleaned of markup, reads as its `name`. A name the
    paper abbreviates ("Low-Rank Adaptation (LoRA)") is reported by its acronym only.

    >>> from kg.extract.vocabulary import default_vocabulary
    >>> found = find_mentions({"abstract": "We fine-tune LLaMA-2-7B on CIFAR10."}, "x.txt",
    ...                       default_vocabulary())
    >>> [(m.name, m.canonical, m.type.value) for m in found]
    [('LLaMA-2-7B', 'Llama 2-7B', 'method'), ('CIFAR10', 'CIFAR-10', 'dataset')]
    """
    found: list[Mention] = []
    abbreviated: dict[str, str] = {}
    for field, text in fields.items():
        if not text:
            continue
        cleaned = clean_with_offsets(text)
        candidates, defined = _field_candidates(field, cleaned.text, vocabulary)
        abbreviated.update(defined)
        for candidate in candidates:
            start, end = cleaned.original_span(candidate.start, candidate.end)
            evidence = Evidence(
                source=source,
                field=field,
                sentence=sentence_around(text, start, end),
                start=start,
                end=end,
                rule=candidate.rule,
                confidence=round(candidate.confidence, 2),
            )
            found.append(Mention(candidate.name, candidate.canonical, candidate.type, evidence))
    return _distinct(found, abbreviated)


def _distinct(found: list[Mention], abbreviated: Mapping[str, str]) -> list[Mention]:
    """First mention of each spelling of each name, minus long forms the paper abbreviates.

    A spelling a pattern found that the vocabulary also matched elsewhere in the paper
    ("outperforms BS" after "beam search (BS)") is that known name, not a second one.
    """
    known = {name_key(_singular(m.name)) for m in found if m.evidence.rule not in _PATTERN_RULES}
    seen: set[tuple[EntityType, str, str]] = set()
    mentions: list[Mention] = []
    for mention in found:
        canonical, spelled = name_key(mention.canonical), name_key(mention.name)
        if canonical in abbreviated and abbreviated[canonical] != name_key(_singular(mention.name)):
            continue
        if mention.evidence.rule in _PATTERN_RULES and name_key(_singular(mention.name)) in known:
            continue
        if (mention.type, canonical, spelled) not in seen:
            seen.add((mention.type, canonical, spelled))
            mentions.append(mention)
    return mentions
