"""Names a paper introduces: its methods, models, datasets and benchmarks.

Authors announce what they introduce in a few fixed ways: a name before the title's
colon ("Serpent: ..."), "we propose / introduce / present X", "called / dubbed /
named X", "X, a novel ...", a long form with its acronym ("Compact Convolutional
Transformer (CCT)"), and size or stage variants of a name ("X-7B"). Each rule below
reads one of those shapes; the results are then merged so that one artifact is one
`Proposal` whose name is the short form and whose aliases are the other spellings.

Rules match on markup-cleaned text and map spans back to the original field, so the
evidence points at the exact characters a reader sees in the record.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from kg.extract.text import CleanText, clean_with_offsets, folded, sentence_around, sentence_spans
from kg.extract.vocabulary import default_vocabulary, is_generic
from kg.ids import name_key, spell_greek
from kg.model import EntityType, Evidence, Proposal, Record

__all__ = ["RULES", "find_proposals"]

#: Confidence of each rule: how often, in our reading, its shape really announces a name.
RULES = {
    "title_prefix": 0.85,
    "title_prefix_phrase": 0.6,
    "title_report": 0.8,
    "we_propose": 0.85,
    "we_propose_apposition": 0.8,
    "we_propose_coordinated": 0.75,
    "passive_announcement": 0.7,
    "named": 0.85,
    "refer_as": 0.85,
    "listed_component": 0.65,
    "acronym_in_proposal": 0.6,
    "our_model_apposition": 0.65,
    "novel_apposition": 0.6,
    "our_name": 0.6,
    "our_novel_phrase": 0.6,
    "proposed_acronym": 0.7,
    "variant": 0.7,
}

# ---------------------------------------------------------------- shapes of names
# One word of a name: capitalised or digit-led ("Falcon", "Qwen2.5-Coder", "NeRV++",
# "FedDCA^*"), or lower-case-led with a capital inside ("seq-JEPA", "timesNet").
_GREEK_LETTERS = "\u0370-\u03ff"
_HYPHEN = r"-(?!-)"  # one hyphen joins a word; "--" is a dash between words
_WORD = (
    rf"(?:[A-Z{_GREEK_LETTERS}0-9](?:(?:[\w{_GREEK_LETTERS}.+^*']|{_HYPHEN})*[\w{_GREEK_LETTERS}+*])?"
    rf"|[a-z{_GREEK_LETTERS}](?:[\w.]|{_HYPHEN})*[A-Z](?:[\w{_GREEK_LETTERS}.+^*]|{_HYPHEN})*[\w+*])"
)
_INNER_WORDS = ("of", "for", "via", "with", "in", "on", "the", "to", "from", "a")
_PHRASE = rf"{_WORD}(?:[ ](?:(?:{'|'.join(_INNER_WORDS)})[ ])?{_WORD}){{0,9}}"
_SHORT = rf"[A-Za-z{_GREEK_LETTERS}0-9][\w{_GREEK_LETTERS}.+^*\-]*"
# A name, optionally followed by its other form in brackets: "Long Form (LF)", "LF (Long Form)".
_NAME = rf"(?P<name>{_PHRASE})(?:[ ]?\((?P<short>{_PHRASE}|{_SHORT})\))?"
# A lower-case long form is a name only when an acronym follows: "rank of attention maps (ARank)".
_LOWER_LONG_FORM = re.compile(rf"(?P<name>[a-zA-Z][\w\-]*(?:[ ][\w\-]+){{0,5}}?)[ ]?\((?P<short>{_SHORT})\)")

# ---------------------------------------------------------------- announcing words
_SUBJECT = (
    r"(?:\bwe|\b(?:this|our|the present) (?:[\w\-]+ ){0,2}(?:paper|work|article|report|study|thesis|letter"
    r"|note|technical report|manuscript|chapter)|\bour (?:method|approach|framework|model|system)|\bby)"
)
_VERB = (
    r"(?:propos|introduc|present|develop|design|build|construct|creat|releas|compil|curat"
    r"|unveil|describ|devis|collect|open-sourc)(?:e|es|ed|ing|s|d)?"
)
_ADVERBS = (
    r"(?:(?:also|further|then|first|additionally|now|hereby|thus|therefore|finally|newly|next"
    r"|instead|subsequently|jointly|formally|here|[a-z]+ly),?[ ])*"
)
# "we extend S-KAN and propose X": a second verb of the same first-person subject, in the
# base form, which third-person accounts of others' work ("and proposed") do not take.
# "we take X into account, introducing Flexible Dual Binarization (FDB)": a participle
# announces only in a first-person sentence (see `_announcements`).
_ANNOUNCE = re.compile(
    rf"(?:{_SUBJECT}[ ]{_ADVERBS}{_VERB}|\band[ ](?:then[ ]|also[ ]|further[ ])?"
    rf"(?:propose|introduce|present|develop|design)|,[ ](?:thereby[ ])?(?:introducing|proposing|presenting))\b[ ]",
    re.IGNORECASE,
)
_DETERMINER = (
    r"(?P<det>(?:a|an|the|our|two|three|four|several|both|a new|a novel|a family of"
    r"|a series of)[ ])?"
)
# Words that describe a name before it is given: "a simple yet effective framework, X".
_DESCRIPTION = r"(?:(?:[a-z][\w\-]*|[A-Z]{2,}s?|\d[\w.\-]*)[ ]){0,10}?[a-z][\w\-]*"
_NAMING_WORD = r"(?:called|named|dubbed|termed|coined|namely)"

_DIRECT = re.compile(rf"{_DETERMINER}{_NAME}")
_DEFINED_OBJECT = re.compile(rf"{_DETERMINER}(?P<words>(?:[\w\-']+[ ]){{1,12}}?)\((?P<short>{_SHORT})\)")
_APPOSITION = re.compile(
    rf"{_DETERMINER}{_DESCRIPTION}(?:,[ ](?:{_NAMING_WORD}[ ]|i\.e\.,?[ ])?|(?<!s):[ ]|[ ]{_NAMING_WORD}[ ]"
    rf"|[ ]of[ ](?=[^,]*\())(?:{_NAME})"
)
_NAMING = re.compile(rf"(?<!so-)\b{_NAMING_WORD}[ ](?:as[ ])?")
# "named X and Y" names two artifacts when X and Y are single words, else one ("Token and Channel Mixer").
_NAMED_PAIR = re.compile(rf"{_NAME}(?:[ ]and[ ](?P<second>{_PHRASE}))?")
_REFER_AS = re.compile(
    rf"\b(?:[Ww]e|which we)[ ](?:will[ ])?(?:refer[ ]to|denote|call|name|term|dub)\b[^.;]{{0,80}}?"
    rf"\bas[ ]{_NAME}"
)
_CALL_IT = re.compile(
    rf"\b(?:[Ww]e|which we)[ ](?:call|name|dub|term)[ ](?:it|this|them|our[ ][\w\-]+)(?:,[^,.;]{{1,100}},)?"
    rf"[ ]{_NAME}"
)
_OUR_MODEL = re.compile(
    rf"\b[Oo]ur[ ](?:[\w\-]+[ ]){{0,4}}?(?:model|method|framework|system|approach|benchmark|dataset"
    rf"|module|architecture|network|pipeline|algorithm|agent|library|tool),[ ](?P<name>{_PHRASE}),"
)
# "our MC-SMoE achieves", "the proposed Poly-INR model", "This TokenSet enhances"; not the
# first word of a longer name ("the proposed Low-Rank Adaptation").
_OUR_NAME = re.compile(rf"\b(?:[Oo]ur(?:[ ]proposed)?|[Tt]he[ ]proposed|This)[ ](?P<name>{_WORD})(?![\w\-]|[ ][A-Z(])")
#: shape -> its rule and the cue groups (see `_CUES`) a sentence needs for it to match.
_CUED_SHAPES = (
    (_REFER_AS, "refer_as", ("we", "refer")),
    (_CALL_IT, "refer_as", ("we", "call")),
    (_OUR_MODEL, "our_model_apposition", ("our",)),
)
# "our novel Bias Loss focuses": a capitalised phrase the paper calls its own.
_OUR_NOVEL_PHRASE = re.compile(rf"\b[Oo]ur[ ](?:novel|new|proposed)[ ](?P<name>{_WORD}(?:[ ]{_WORD}){{1,3}})(?=[ ][a-z])")
# "the proposed Conditional Quantization-Aware Accuracy Predictor (CQAP)": a defined acronym
# that the text itself marks as the paper's own.
_PROPOSED_ACRONYM = re.compile(
    rf"\b(?:(?:[Oo]ur|[Tt]he|[Aa])[ ](?:novel[ ]|new[ ])?proposed|[Oo]ur[ ](?:novel|new))[ ]"
    rf"(?P<name>{_PHRASE})[ ]?\((?P<short>{_SHORT})\)"
)
# "A Cascade Group Strip Mixing Module (CGSMM) is proposed": an announcement in the passive.
_PASSIVE_ANNOUNCE = re.compile(
    r"[ ](?:is|are)[ ](?:(?:also|further|then|additionally|newly|first|specifically)[ ])?"
    r"(?:proposed|introduced|presented|developed|devised)\b(?![ ]by\b)"
)
# The article is required: "Cross-domain few-shot segmentation (CD-FSS) is proposed to ..."
# opens a sentence about a research problem, not about this paper's artifact.
_PASSIVE_PAIR = re.compile(rf"\b(?:[Aa]n?|[Tt]he)[ ](?P<words>(?:[\w\-']+[ ]){{1,12}}?)\((?P<short>{_SHORT})\)$")
_PASSIVE_NAME = re.compile(rf"(?:^|,[ ]|\b(?:[Aa]n?|[Tt]he|novel|new)[ ])(?P<name>{_WORD})$")
# "a novel 8-bit floating-point data format HiFloat8": a description whose last word is a
# kind of artifact, then the coined name with no comma between.
_KIND_THEN_NAME = re.compile(
    rf"{_DETERMINER}(?:[a-z0-9][\w\-]*[ ]){{0,8}}?(?P<kind>[a-z]+)[ ](?P<name>(?![0-9]){_WORD})"
    rf"(?:[ ]?\((?P<short>{_SHORT})\))?"
)
# "a novel task of Distortion Graph (DG)": what is posed is a problem, not an artifact.
_POSED = re.compile(r"\b(?:task|problem|setting|challenge|question)s?\b(?:[ ]of)?[ ,:]*$")
# "we introduce X and Y", "X, Y, and Z": further names joined to an announced one.
_COORDINATION = re.compile(r",[ ](?:and[ ])?|[ ]and[ ]")
_NOVEL_APPOSITION = re.compile(rf"(?P<name>{_WORD}),[ ](?:a|an)[ ](?:novel|new)\b")
# A long form and its acronym anywhere: "Discrete InfoMax Codes (DIMCO)".
_PAIR = re.compile(rf"(?P<name>{_PHRASE})[ ]?\((?P<short>{_SHORT})\)")
# Components listed after an announcement: "including Selective Multi-Head Attention (SMHA)".
_LIST_OPENING = re.compile(
    r"\b(?:including|includes|comprising|comprises|consisting of|consists of|composed of|containing)[ ]"
)
# Numbered parts of a proposal: "two key components: 1) LLMConfig-Gym, a multi-fidelity
# environment", "(ii) Dual Half-Space Projected Gradient (DHSPG): a novel optimizer".
_ENUMERATED_NAME = re.compile(
    rf"(?:^|[:;,][ ]|[ ]and[ ])\(?(?:\d|[ivx]{{1,4}})\)[ ]{_NAME}(?:,|:)[ ]an?[ ](?P<novel>novel|new)?"
)
# "FooNet is a novel framework ...": a sentence that opens by introducing a coined name.
_IS_NOVEL = re.compile(rf"(?P<name>{_WORD})[ ](?:is|are)[ ](?:an?[ ])?(?:novel|new)\b")
_LISTED_PAIR = re.compile(rf"(?:,?[ ]?(?:and[ ])?)?(?:the[ ])?(?P<name>{_PHRASE})[ ]?\((?P<short>{_SHORT})\)")
# The same in lower case ("a compact IR prior extraction network (CPEN)"): the acronym
# must then be spelled out by the words right before it.
_LISTED_LOWER_PAIR = re.compile(
    rf"(?:,?[ ]?(?:and[ ])?)?(?:an?[ ]|the[ ])?(?P<words>(?:[\w\-]+[ ]){{1,8}}?)\((?P<short>{_SHORT})\)"
)

#: Cue groups: every match of a shape contains one string of each group it needs, so a
#: sentence without them is skipped. One `str.find` pass per string over a field is far
#: cheaper than trying the shapes on every sentence (Python's `re` cannot skip ahead to a
#: `\b`). Groups for case-insensitive shapes are searched in `folded` text.
_CUES: dict[str, tuple[str, ...]] = {
    "announce": ("propos", "introduc", "present", "develop", "design", "build", "construct", "creat",
                 "releas", "compil", "curat", "unveil", "describ", "devis", "collect", "open-sourc"),
    "naming": ("called", "named", "dubbed", "termed", "coined", "namely"),
    "we": ("we ", "We "),
    "refer": ("refer", "denote", "call", "name", "term", "dub"),
    "call": ("call", "name", "dub", "term"),
    "our": ("our ", "Our "),
    "our_name": ("ur ", "he proposed ", "This "),
    "own": ("proposed ", "ur novel ", "ur new "),
    "passive": ("proposed", "introduced", "presented", "developed", "devised"),
    "novel_apposition": (", a novel", ", a new", ", an n"),
    "novel": (" novel", " new"),
    "list_opening": ("includ", "compris", "consist", "composed of", "containing"),
    "enumeration": (")",),
}
_FOLDED_CUES = frozenset({"announce"})


def _groups_by_cue() -> dict[tuple[str, bool], frozenset[str]]:
    """(cue, whether searched in folded text) -> its groups, so each string is searched once."""
    groups: dict[tuple[str, bool], set[str]] = {}
    for group, cues in _CUES.items():
        for cue in cues:
            groups.setdefault((cue, group in _FOLDED_CUES), set()).add(group)
    return {cue: frozenset(names) for cue, names in groups.items()}


_CUE_GROUPS = _groups_by_cue()

# After a name, what shows that the name is being announced rather than used.
_ANNOUNCED_AFTER = re.compile(
    r"^(?:\s*[,(]|\s*--|\s+-\s|\s*$|\s*[.;:]|\s+(?:which|that|to|is|as|for)\b)"
)
_WEAKLY_ANNOUNCED_AFTER = re.compile(
    r"^(?:\s*,\s*(?:a|an|the|which|that|our)\b|\s*\(|\s*--|\s+-\s|\s*[.;]?\s*$)"
)
# Signs that a sentence speaks of the paper's own work, so "called X" names its artifact.
_OWN_WORK = re.compile(r"\b(?:propos\w*|novel|new|our)\b", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\bwe\b", re.IGNORECASE)
_COMPARISON = re.compile(r"\b(?:compar\w*|baselines?|than|outperform\w*|unlike|against|versus|vs)\b", re.I)
_OTHERS_WORK = re.compile(
    r"\b(?:recent\w*|existing|previous\w*|earlier|prior|popular|well-known|widely|standard|classic\w*"
    r"|conventional|known)\b",
    re.IGNORECASE,
)
_STRONG_FOLLOWERS = {"which", "that", "to", "for", "is", "as", "with", "and", "or", "by", "in", "on"}
_ADJECTIVE_SUFFIX = re.compile(r"-(?:based|like|style|aware|free|guided|driven|enhanced|specific)$")
# Words before a name that mark it as someone else's, even in a proposal sentence.
_PRIOR_CUES = re.compile(
    r"\b(?:leverag\w*|using|uses?|used|based|built|upon|via|like|such as|unlike|than|compared"
    r"|existing|previous|prior|standard|conventional|popular|widely|traditional|original"
    r"|classic\w*|inspired|following|e\.g\.|incorporat\w*|integrat\w*|adopt\w*|employ\w*"
    r"|utiliz\w*|exploit\w*|apply\w*|applied|extend\w*|enhanc\w*|evaluat\w*|experiment\w*"
    r"|outperform\w*|surpass\w*|achiev\w*|trained on|tested on|from|recent\w*|well-known)\b",
    re.IGNORECASE,
)

# ---------------------------------------------------------------- kinds of artifact
_KIND_NOUNS = {
    **dict.fromkeys(
        ("method", "methods", "model", "models", "framework", "approach", "architecture",
         "algorithm", "system", "network", "technique", "strategy", "scheme", "paradigm",
         "library", "tool", "toolkit", "module", "pipeline", "agent", "codec", "metric",
         "loss", "mechanism", "optimizer", "layer", "encoder", "decoder", "tokenizer",
         "platform", "engine", "implementation", "format"),
        EntityType.METHOD,
    ),
    **dict.fromkeys(
        ("benchmark", "benchmarks", "dataset", "datasets", "corpus", "corpora",
         "leaderboard", "testbed", "benchmarking"),
        EntityType.DATASET,
    ),
}
# Nouns that group artifacts; they may follow a name ("the Qwen2.5-Coder series") but
# say nothing about its kind ("a suite of models", "a collection of datasets").
_GROUP_NOUNS = {"series", "family", "suite", "collection"}

# ---------------------------------------------------------------- titles
_GENRE_PREFIX = re.compile(
    r"^(?:a |an |the )?(?:survey|review|overview|tutorial|primer|position|perspective|keynote"
    r"|editorial|commentary|erratum|correction|introduction|report|technical report|case study"
    r"|preprint|vision|opinion|abstract|chapter|lecture notes?|appendix|supplementary)\b",
    re.IGNORECASE,
)
_QUESTION_OR_CLAIM = re.compile(
    r"^(?:towards?|on|rethinking|revisiting|understanding|beyond|when|why|how|what|is|are|do"
    r"|does|can|should|\w+ing)\b",
    re.IGNORECASE,
)
# A subtitle that announces a study makes a descriptive title phrase a topic, not a name.
_STUDY_SUBTITLE = re.compile(
    r"^(?:evaluating|analy[sz]ing|investigating|assessing|measuring|understanding|exploring"
    r"|quantifying|characteri[sz]ing|an empirical|a study|a case study|an analysis|on)\b",
    re.IGNORECASE,
)
_CLAIM_WORDS = {"is", "are", "was", "were", "be", "need", "needs", "matters", "helps", "works",
                "meets", "all", "you", "your", "my"}
_TITLE_INNER_WORDS = {"of", "for", "and", "&"}
_GENERIC_HEADS = {"model", "models", "network", "networks", "learning", "transformers", "llms",
                  "systems", "methods", "approaches", "agents", "benchmarks", "datasets"}
_REPORT_TITLE = re.compile(
    rf"^(?P<name>{_WORD}(?: {_WORD})?) (?:Technical Report|Model Card|System Card)\b"
)
_TITLE_PREFIX = re.compile(r"^\s*(?P<prefix>[^:]{1,80}?)\s*:\s+(?P<subtitle>\S.*)$")
_VERSION = re.compile(r"^v?\d[\w.]*$")
_SUBTITLE_BREAKS = {"for", "of", "with", "via", "on", "in", "to", "by", "from", "through", "towards",
                    "toward", "that", "using", "based", "leveraging"}

# ---------------------------------------------------------------- variants and keys
_VARIANT_SUFFIX = re.compile(r"(?:[-_](?=[\w.]*[A-Z0-9])[\w.+\-]*[\w+]|\d[\w.]*\w|\^\*|\*|\+\+)")
# Capitalised words that open a clause or label a part of a page, never a name alone.
_FUNCTION_WORDS = {
    "we", "our", "this", "the", "a", "an", "in", "it", "its", "these", "those", "to", "for",
    "code", "data", "results", "experiments", "extensive", "specifically", "finally", "first",
    "second", "third", "here", "there", "however", "moreover", "furthermore", "additionally",
    "project", "github", "section", "appendix", "figure", "table", "state-of-the-art", "sota",
    "both", "each", "all", "new", "novel", "unlike", "instead", "then", "thus", "such",
}


@dataclass(frozen=True, slots=True)
class _Found:
    """One name a rule read, before merging; the span is in the cleaned field text."""

    name: str
    aliases: tuple[str, ...]
    type: EntityType | None
    field: str
    start: int
    end: int
    rule: str


def _sentence_cues(text: str, spans: list[tuple[int, int]]) -> list[set[str]]:
    """For each sentence span, the `_CUES` groups with a string wholly inside it."""
    found: list[set[str]] = [set() for _ in spans]
    starts = [start for start, _ in spans]
    lowered = folded(text)
    for (cue, in_folded), groups in _CUE_GROUPS.items():
        searched = lowered if in_folded else text
        at = searched.find(cue)
        while at >= 0:
            index = bisect_right(starts, at) - 1
            if index >= 0 and at + len(cue) <= spans[index][1]:
                found[index] |= groups
            at = searched.find(cue, at + 1)
    return found


def _is_strong(text: str) -> bool:
    """One word whose shape alone marks a name: a capital or digit inside, or a symbol."""
    return " " not in text and bool(
        re.search(rf".[A-Z0-9+*{_GREEK_LETTERS}]", text) or text[:1].islower()
    )


def _is_name(text: str, *, weak_ok: bool) -> bool:
    """Whether `text` can name an artifact: not generic, not a function word, name-shaped.

    A plain capitalised word ("Falcon") is a "weak" name, accepted only when the caller
    has other evidence (`weak_ok`).
    """
    words = text.split()
    if not words or is_generic(text) or words[-1].lower() in _FUNCTION_WORDS:
        return False
    if len(words) == 1:
        word = words[0]
        if word.lower() in _FUNCTION_WORDS or len(name_key(word)) < 2:
            return False
        if re.fullmatch(r"[\d.,%x×]+[A-Za-z]?", word):
            return False
        return _is_strong(word) or weak_ok
    if words[0].lower() in _FUNCTION_WORDS or words[-1].lower() in _GENERIC_HEADS:
        return False
    return all(word[0].isupper() or word[0].isdigit() or word in _INNER_WORDS
               or re.search("[A-Z]", word) for word in words)


def _initials_fit(long_form: str, short: str) -> bool:
    """Whether an acronym plausibly abbreviates a long form: its first letter starts a word
    of it or is a capital in it ("conTextualized equivariAnt Position Embedding" → TAPE)."""
    spelled = spell_greek(long_form)
    initials = {part[0].lower() for part in re.split(r"[\s\-]+", spelled) if part}
    capitals = {char.lower() for char in spelled if char.isupper()}
    letters = re.sub(r"[^a-z]", "", spell_greek(short).lower())
    return bool(letters) and letters[0] in initials | capitals


def _spells_out(long_form: str, short: str) -> bool:
    """Whether the letters of `short` occur in order in `long_form`, the first at a word start.

    The test of Schwartz and Hearst (2003) for an acronym and its definition, stricter
    than `_initials_fit`; used where nothing but the brackets links the two.
    """
    long_text = spell_greek(long_form).lower()
    letters = [char for char in spell_greek(short).lower() if char.isalnum()]
    position = len(long_text) - 1
    for index in range(len(letters) - 1, -1, -1):
        while position >= 0 and (
            long_text[position] != letters[index]
            or (index == 0 and position > 0 and long_text[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return False
        position -= 1
    return bool(letters)


def _known(name: str) -> bool:
    """Whether the shipped vocabulary already knows `name` as someone else's artifact."""
    return is_generic(name) or default_vocabulary().lookup(name) is not None


def _kind_in(words: str) -> EntityType | None:
    """The kind named by the first kind noun in `words`, if any."""
    for word in re.findall(r"[a-z]+", words.lower()):
        if word in _KIND_NOUNS:
            return _KIND_NOUNS[word]
    return None


def _kind_near(text: str, start: int, end: int, bounds: tuple[int, int], *,
               from_clause: bool = True) -> EntityType | None:
    """Kind of artifact from the words around a name: the noun right after it ("X
    benchmark"), its apposition ("X, a collection of datasets"), else its own clause."""
    after = text[end:bounds[1]]
    noun = re.match(r"^\)?\s+([a-z]+)", after)
    if noun and noun.group(1) in _KIND_NOUNS:
        return _KIND_NOUNS[noun.group(1)]
    apposition = re.match(r"^\)?\s*(?:,|--|\s-\s|:)\s*((?:[\w\-]+[\s.,;]*){0,8})", after)
    following = _kind_in(apposition.group(1)) if apposition else None
    if following is not None or not from_clause:
        return following
    # Before the name, only its own clause counts; an apposition ("a new dataset, WAT")
    # makes the clause before the comma its own.
    clauses = text[bounds[0]:start].split(",")
    clause = clauses[-1] if clauses[-1].strip() or len(clauses) == 1 else clauses[-2]
    return _kind_in(" ".join(clause.split()[-6:]))


def _found(match: re.Match[str], field: str, rule: str, text: str, bounds: tuple[int, int]) -> _Found:
    """A `_Found` from a match with a `name` group and an optional bracketed `short` group.

    "Long Form (LF)" gives name LF with alias "Long Form"; "Name (Long Form)" gives Name
    with that alias; any other bracket content is ignored.
    """
    name, short = match.group("name"), match.groupdict().get("short")
    start, end = match.span("name")
    kind = _kind_near(text, start, match.end(), bounds, from_clause=rule != "our_name")
    aliases: tuple[str, ...] = ()
    if short and (_is_strong(short) and _initials_fit(name, short) or _spells_out(name, short)):
        name, aliases, (start, end) = short, (name,), match.span("short")
    elif short and " " in short and _is_strong(name) and _is_name(short, weak_ok=True):
        aliases = (short,)
    return _Found(name, aliases, kind, field, start, end, rule)


# ---------------------------------------------------------------- title rule
def _title_kind(subtitle: str) -> EntityType | None:
    """Kind named by the head of a subtitle that describes the artifact ("A Verifiable
    Synthetic Dataset for Coding"); a subtitle opening with a verb names no kind, except
    "Benchmarking ...", which is what a benchmark paper does."""
    words = subtitle.split()
    if words and words[0].lower() == "benchmarking":
        return EntityType.DATASET
    if not words or words[0].lower() not in {"a", "an", "the"}:
        return None
    head = []
    for word in words[1:]:
        if word.lower() in _SUBTITLE_BREAKS:
            break
        head.append(word)
    return _KIND_NOUNS.get(re.sub(r"[^a-z]", "", head[-1].lower())) if head else None


def _title_candidates(title: str) -> Iterator[_Found]:
    """The title's own name: "Name: subtitle", "Name (ACR): subtitle", "Name Technical Report"."""
    report = _REPORT_TITLE.match(title)
    if report and _is_name(report.group("name"), weak_ok=True):
        yield _Found(report.group("name"), (), None, "title", 0, report.end("name"), "title_report")
        return
    match = _TITLE_PREFIX.match(title)
    if match is None or _GENRE_PREFIX.match(match.group("prefix")) \
            or _QUESTION_OR_CLAIM.match(match.group("prefix")):
        return
    prefix, start = match.group("prefix"), match.start("prefix")
    kind = _title_kind(match.group("subtitle"))
    pair = re.fullmatch(rf"(?P<long>.+?)\s*\((?P<short>{_SHORT})\)", prefix)
    words = prefix.split()
    if pair and _is_strong(pair.group("short")):
        yield _Found(pair.group("short"), (pair.group("long"),), kind, "title",
                     start + pair.start("short"), start + pair.end("short"), "title_prefix")
    elif len(words) == 2 and _VERSION.match(words[1]) and _is_name(words[0], weak_ok=True):
        yield _Found(words[0], (prefix,), kind, "title", start, start + len(words[0]), "title_prefix")
    elif len(words) == 1 and re.fullmatch(_WORD, prefix) and _is_name(prefix, weak_ok=True):
        yield _Found(prefix, (), kind, "title", start, start + len(prefix), "title_prefix")
    elif (2 <= len(words) <= 3 and not {word.lower() for word in words} & _CLAIM_WORDS
          and not _STUDY_SUBTITLE.match(match.group("subtitle"))
          and all(re.fullmatch(_WORD, word) or word in _TITLE_INNER_WORDS for word in words)
          and words[-1] not in _TITLE_INNER_WORDS and _is_name(prefix, weak_ok=True)):
        yield _Found(prefix, (), kind, "title", start, start + len(prefix), "title_prefix_phrase")


# ---------------------------------------------------------------- abstract rules
def _glued(text: str, index: int) -> bool:
    """Whether the character at `index` (if any) would join a name to it: a word character or hyphen."""
    return 0 <= index < len(text) and (text[index].isalnum() or text[index] in "_-")


def _standalone(text: str, name: str, *, both_ends: bool) -> Iterator[int]:
    r"""Starts of `name` in `text` not glued to what comes before (nor after, with `both_ends`):
    the matches of ``(?<![\w\-])NAME(?![\w\-])``, without compiling a pattern per name."""
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if _glued(text, at - 1) or both_ends and _glued(text, end):
            at = text.find(name, at + 1)
        else:
            yield at
            at = text.find(name, end)


def _occurrences(text: str, name: str) -> int:
    return sum(1 for _ in _standalone(text, name, both_ends=True))


def _direct_object_is_name(match: re.Match[str], text: str, end_of_sentence: int, full_text: str) -> bool:
    """Whether the words right after "we propose" are a name being announced.

    Shape decides for strong names; a plain capitalised word needs an announcing
    context: "X, a ...", "X (", end of sentence, or "the X model" with X used again.
    """
    name, short = match.group("name"), match.group("short")
    if short:
        return (_is_strong(short) or _spells_out(name, short)) and not _known(short) \
            or _is_strong(name) and _is_name(name, weak_ok=False)
    after = text[match.end():end_of_sentence]
    if after.startswith(" et al"):
        return False
    determiner = (match.group("det") or "").strip().lower()
    following = re.match(r"^\s+([a-z][\w\-]*)", after)
    noun = following.group(1) if following else None
    if _ADJECTIVE_SUFFIX.search(name):
        return False
    if " " in name:
        return (_is_name(name, weak_ok=True) and bool(_ANNOUNCED_AFTER.match(after))
                and not re.match(r"^\s+(?:to|for|is)\b", after))
    if _is_strong(name):
        if not _is_name(name, weak_ok=False):
            return False
        if noun in _KIND_NOUNS or noun in _GROUP_NOUNS:
            return determiner in {"", "the", "our", "a family of", "a series of"}
        return noun is None or noun in _STRONG_FOLLOWERS
    if not _is_name(name, weak_ok=True):
        return False
    if _WEAKLY_ANNOUNCED_AFTER.match(after) or (determiner == "" and after.startswith(",")):
        return True
    return bool((noun in _KIND_NOUNS or noun in _GROUP_NOUNS) and determiner in {"the", "our"}
                and _occurrences(full_text, name) >= 2)


def _defined_object(position: int, text: str, field: str, bounds: tuple[int, int]) -> _Found | None:
    """Rule "we propose a novel content-motion latent diffusion model (CMD)": the object of
    the announcement ends in an acronym, and the shortest run of words before it that
    spells the acronym out is its long form. The run must head the object: a preposition
    before it ("a method for visual question answering (VQA)") makes it someone else's."""
    match = _DEFINED_OBJECT.match(text, position, bounds[1])
    # Only the long form must be new: short acronyms collide ("CTC" for two things).
    if match is None or not _is_strong(match.group("short")) or is_generic(match.group("short")) \
            or _ADJECTIVE_SUFFIX.match(text[match.end():match.end() + 12].split(" ")[0]):
        return None
    short = match.group("short")
    long_form = _long_form_ending(match.group("words"), short)
    if long_form is None:
        return None
    start, end = match.span("short")
    return _Found(short, (long_form,), _kind_near(text, match.start("words"), match.end(), bounds),
                  field, start, end, "we_propose")


def _long_form_ending(words_before: str, short: str) -> str | None:
    """The shortest run of words ending `words_before` that spells `short` out, if it heads
    the phrase: words before it, after any dash of apposition ("a strategy -- bidirectional
    training (BiT)"), must hold no preposition, conjunction, prior-work cue or known name."""
    words = words_before.split()
    for first in range(len(words) - 1, -1, -1):
        long_form = " ".join(words[first:])
        if long_form[0].lower() == short[0].lower() and _spells_out(long_form, short):
            dashes = [index for index, word in enumerate(words[:first]) if word in {"-", "--"}]
            lead = words[dashes[-1] + 1 if dashes else 0:first]
            if set(lead) & {*_INNER_WORDS, "and", "or", "that", "which"} or _known(long_form) \
                    or _PRIOR_CUES.search(" ".join(lead)):
                return None
            return long_form
    return None


def _announcements(text: str, bounds: tuple[int, int], cues: set[str]) -> Iterator[re.Match[str]]:
    """Announcing words in a sentence; a participle (", introducing") only after "we"."""
    if "announce" not in cues:
        return
    for announce in _ANNOUNCE.finditer(text, *bounds):
        if not announce.group().startswith(",") or _FIRST_PERSON.search(text, bounds[0], announce.start()):
            yield announce


def _announced(text: str, field: str, bounds: tuple[int, int], full_text: str,
               announcements: list[re.Match[str]]) -> Iterator[_Found]:
    """Rule "we propose X" and its apposition form "we propose a new method, X"."""
    for announce in announcements:
        direct = _DIRECT.match(text, announce.end(), bounds[1])
        if direct and _direct_object_is_name(direct, text, bounds[1], full_text):
            yield _found(direct, field, "we_propose", text, bounds)
            if direct.group("short"):
                yield from _pairs_from(direct.end(), text, field, bounds)
            yield from _coordinated(direct.end(), text, field, bounds, full_text)
            continue
        defined = _defined_object(announce.end(), text, field, bounds)
        if defined is not None:
            yield defined
            continue
        apposition = _APPOSITION.match(text, announce.end(), bounds[1])
        if (apposition and (_is_name(apposition.group("name"), weak_ok=True)
                            or _defines_new_acronym(apposition.group("name"), apposition.group("short")))
                and not text.startswith(" et al", apposition.end())
                and not _POSED.search(text, announce.end(), apposition.start("name"))
                # after a colon a capitalised word may just open a clause ("method: Latent space ...")
                and not (text.startswith(": ", apposition.start("name") - 2)
                         and not _ANNOUNCED_AFTER.match(text[apposition.end():bounds[1]]))
                and not _PRIOR_CUES.search(text, announce.end(), apposition.start("name"))):
            yield _found(apposition, field, "we_propose_apposition", text, bounds)
            continue
        labelled = _KIND_THEN_NAME.match(text, announce.end(), bounds[1])
        if (labelled and labelled.group("kind") in _KIND_NOUNS and _is_own_name(labelled.group("name"))
                and _ANNOUNCED_AFTER.match(text[labelled.end():bounds[1]])
                and not _PRIOR_CUES.search(text, announce.end(), labelled.start("name"))):
            yield _found(labelled, field, "we_propose_apposition", text, bounds)


def _coordinated(position: int, text: str, field: str, bounds: tuple[int, int],
                 full_text: str) -> Iterator[_Found]:
    """Rule "we introduce X and Y": coined names joined to an announced one are announced
    too; a plain word or a name the vocabulary knows ends the list."""
    while (joint := _COORDINATION.match(text, position, bounds[1])) is not None:
        follower = _DIRECT.match(text, joint.end(), bounds[1])
        short = follower.group("short") if follower else None
        # "Hyper-GCN and Shuffle Mamba (HGMamba)": an acronym of the whole pair ends the list.
        if (follower is None or follower.group("det")
                or short and not _spells_out(follower.group("name"), short)
                or not _is_own_name(short or follower.group("name"))
                or not _direct_object_is_name(follower, text, bounds[1], full_text)):
            return
        yield _found(follower, field, "we_propose_coordinated", text, bounds)
        position = follower.end()


def _passive(text: str, field: str, bounds: tuple[int, int], cues: set[str]) -> Iterator[_Found]:
    """Rule "a Cascade Group Strip Mixing Module (CGSMM) is proposed": a defined acronym or a
    coined name right before a passive announcing verb, unless the sentence cites others."""
    if "passive" not in cues:
        return
    for verb in _PASSIVE_ANNOUNCE.finditer(text, *bounds):
        before = text[bounds[0]:verb.start()]
        if _OTHERS_WORK.search(before):
            continue
        pair = _PASSIVE_PAIR.search(before)
        if pair is not None:
            short = pair.group("short")
            long_form = _long_form_ending(pair.group("words"), short)
            if long_form is not None and _is_strong(short) and not _known(short):
                start, end = bounds[0] + pair.start("short"), bounds[0] + pair.end("short")
                kind = _kind_near(text, bounds[0] + pair.start(), verb.start(), bounds)
                yield _Found(short, (long_form,), kind, field, start, end, "passive_announcement")
            continue
        single = _PASSIVE_NAME.search(before)
        if single is not None and _is_own_name(single.group("name")):
            start, end = bounds[0] + single.start("name"), bounds[0] + single.end("name")
            yield _Found(single.group("name"), (), _kind_near(text, start, end, bounds), field,
                         start, end, "passive_announcement")


def _defines_new_acronym(long_form: str, short: str | None) -> bool:
    """Whether `short` is a coined acronym that `long_form` spells out: then a long form
    ending in a generic head ("Deep Interest Network (DIN)") still names the artifact."""
    return bool(short) and _is_strong(short) and _spells_out(long_form, short) and not _known(short)


def _named(text: str, field: str, bounds: tuple[int, int], announced: bool, cues: set[str]) -> Iterator[_Found]:
    """Rule "called / named / dubbed / namely X", in sentences about the paper's own work."""
    if "naming" not in cues:
        return
    sentence = text[bounds[0]:bounds[1]]
    if not (announced or _OWN_WORK.search(sentence)
            or _FIRST_PERSON.search(sentence) and not _COMPARISON.search(sentence)):
        return
    for naming in _NAMING.finditer(text, *bounds):
        lead = text[max(bounds[0], naming.start() - 60):naming.start()].split()
        # A name is given to one thing: after a plural ("for existing MLLMs called X") it
        # names the thing described earlier, so the cue before the plural does not count.
        if lead and not re.search(r"[^s]s,?$", lead[-1]) and _OTHERS_WORK.search(" ".join(lead)):
            continue
        long_form = _LOWER_LONG_FORM.match(text, naming.end(), bounds[1])
        if long_form and _is_strong(long_form.group("short")) \
                and _initials_fit(long_form.group("name"), long_form.group("short")):
            yield _found(long_form, field, "named", text, bounds)
            continue
        match = _NAMED_PAIR.match(text, naming.end(), bounds[1])
        if match is None or not _is_name(match.group("name"), weak_ok=True):
            continue
        second = match.group("second")
        if second and not (_is_strong(match.group("name")) and _is_strong(second)):
            if _is_name(text[match.start("name"):match.end("second")], weak_ok=True):
                yield _Found(text[match.start("name"):match.end("second")], (), None, field,
                             match.start("name"), match.end("second"), "named")
            continue
        yield _found(match, field, "named", text, bounds)
        if second and _is_name(second, weak_ok=False):
            yield _Found(second, (), None, field, match.start("second"), match.end("second"), "named")


def _other_shapes(text: str, field: str, bounds: tuple[int, int],
                  announce: re.Match[str] | None, cues: set[str]) -> Iterator[_Found]:
    """Rules "we refer to it as X", "our ... model, X,", "X, a novel ...", listed components."""
    for pattern, rule, needed in _CUED_SHAPES:
        if not cues.issuperset(needed):
            continue
        for match in pattern.finditer(text, *bounds):
            short = match.groupdict().get("short")
            # "our baseline model, BERT,": a known name is coined here only when the text
            # says so ("our proposed model, DeepLabv3+,": seeds hold the papers behind names).
            if rule == "our_model_apposition" and _known(match.group("name")) \
                    and not re.search(r"\b(?:proposed|novel|new)\b", match.group()):
                continue
            if _is_name(match.group("name"), weak_ok=rule == "refer_as") \
                    or short and _is_strong(short) and not _known(short):
                yield _found(match, field, rule, text, bounds)
    our_names = _OUR_NAME.finditer(text, *bounds) if "our_name" in cues else ()
    for match in our_names:
        if _is_own_name(match.group("name")):
            yield _found(match, field, "our_name", text, bounds)
    own = "own" in cues
    for match in _OUR_NOVEL_PHRASE.finditer(text, *bounds) if own else ():
        if _is_name(match.group("name"), weak_ok=True) and not _known(match.group("name")):
            yield _found(match, field, "our_novel_phrase", text, bounds)
    for match in _PROPOSED_ACRONYM.finditer(text, *bounds) if own and text.find("(", *bounds) >= 0 else ():
        if _defines_new_acronym(match.group("name"), match.group("short")):
            yield _found(match, field, "proposed_acronym", text, bounds)
    yield from _passive(text, field, bounds, cues)
    # The pattern opens with a name, so it is tried at every word: look only where it can match.
    appositions = _NOVEL_APPOSITION.finditer(text, *bounds) if "novel_apposition" in cues else ()
    for match in appositions:
        opening = text[bounds[0]:match.start()].strip()
        if (opening == "" or opening.endswith(";")) \
                and _is_name(match.group("name"), weak_ok=True):
            yield _found(match, field, "novel_apposition", text, bounds)
    opening = _IS_NOVEL.match(text, bounds[0], bounds[1]) if "novel" in cues else None
    if opening is not None and _is_own_name(opening.group("name")):
        yield _found(opening, field, "novel_apposition", text, bounds)
    yield from _enumerated(text, field, bounds, announce is not None, cues)
    if announce is not None:
        yield from _listed_components(text, field, bounds, cues)
        yield from _defined_in_announcement(text, field, bounds, announce)


def _enumerated(text: str, field: str, bounds: tuple[int, int], announced: bool,
                cues: set[str]) -> Iterator[_Found]:
    """Rule "1) X, a ...": a numbered part named and then described, in a sentence that
    announces it or that calls the part novel."""
    if "enumeration" not in cues or not (text.find(", a", *bounds) >= 0 or text.find(": a", *bounds) >= 0):
        return
    for match in _ENUMERATED_NAME.finditer(text, *bounds):
        name, short = match.group("name"), match.group("short")
        if (announced or match.group("novel")) \
                and (_is_own_name(name) or _defines_new_acronym(name, short)):
            yield _found(match, field, "listed_component", text, bounds)


def _defined_in_announcement(text: str, field: str, bounds: tuple[int, int],
                             announce: re.Match[str]) -> Iterator[_Found]:
    """Rule: an acronym defined after "we propose" ("a model that produces Discrete InfoMax
    Codes (DIMCO)"), unless a cue, a preposition or the vocabulary marks it as prior work."""
    if text.find("(", announce.end(), bounds[1]) < 0:
        return
    for pair in _PAIR.finditer(text, announce.end(), bounds[1]):
        long_form = _drop_leading_inner_words(pair.group("name"))
        before = text[announce.end():pair.start("name")].split()
        if (_is_strong(pair.group("short")) and " " in long_form and _is_name(long_form, weak_ok=True)
                and _spells_out(long_form, pair.group("short"))
                and not _PRIOR_CUES.search(text, announce.end(), pair.start())
                and not (before and before[-1].lower() in (*_INNER_WORDS, "and", "or"))
                and not _known(pair.group("short")) and not _known(long_form)):
            kind = _kind_near(text, pair.start(), pair.end(), bounds)
            start, end = pair.span("short")
            yield _Found(pair.group("short"), (long_form,), kind, field, start, end, "acronym_in_proposal")


def _drop_leading_inner_words(phrase: str) -> str:
    words = phrase.split()
    while words and words[0] in _INNER_WORDS:
        words.pop(0)
    return " ".join(words)


def _is_own_name(name: str) -> bool:
    """A name shaped like a coined one that the vocabulary does not know as prior work:
    not an adjective ("PC-based"), not lower-case words around a known one ("all-MLP")."""
    parts = name.split("-")
    return (_is_strong(name) and _is_name(name, weak_ok=False) and not _ADJECTIVE_SUFFIX.search(name)
            and not any(part.islower() for part in parts)
            and not _known(name) and not _known(re.sub(r"s$", "", name)))


def _listed_components(text: str, field: str, bounds: tuple[int, int], cues: set[str]) -> Iterator[_Found]:
    """Rule "including Long Form (LF) and Other Form (OF)" after an announcement."""
    if "list_opening" not in cues:
        return
    for opening in _LIST_OPENING.finditer(text, *bounds):
        if _PRIOR_CUES.search(text, bounds[0], opening.start()):
            return
        yield from _pairs_from(opening.end(), text, field, bounds, lower_case=True)


def _pairs_from(position: int, text: str, field: str, bounds: tuple[int, int],
                lower_case: bool = False) -> Iterator[_Found]:
    """Consecutive "Long Form (LF)" pairs from `position`, joined by commas or "and";
    lower-case long forms only in a list a word like "consists of" opens (`lower_case`),
    as a bare "(WSD) learning rate scheduler (LRS)" is a description, not a part."""
    while True:
        match = _LISTED_PAIR.match(text, position, bounds[1])
        if match is not None and _is_strong(match.group("short")) \
                and _is_name(match.group("name"), weak_ok=True) \
                and _initials_fit(match.group("name"), match.group("short")):
            yield _found(match, field, "listed_component", text, bounds)
            position = match.end()
            continue
        lower = _LISTED_LOWER_PAIR.match(text, position, bounds[1]) if lower_case else None
        short = lower.group("short") if lower else ""
        long_form = _long_form_ending(lower.group("words"), short) if lower else None
        if long_form is None or not _is_strong(short) or _known(short):
            return
        start, end = lower.span("short")
        yield _Found(short, (long_form,), _kind_near(text, lower.start("words"), lower.end(), bounds),
                     field, start, end, "listed_component")
        position = lower.end()


def _abstract_candidates(text: str, field: str, full_text: str) -> Iterator[_Found]:
    """Names announced in the sentences of one cleaned field."""
    spans = sentence_spans(text)
    for bounds, cues in zip(spans, _sentence_cues(text, spans)):
        # Scanned once per sentence: several rules ask whether, and where, it announces.
        announcements = list(_announcements(text, bounds, cues))
        yield from _announced(text, field, bounds, full_text, announcements)
        yield from _named(text, field, bounds, bool(announcements), cues)
        yield from _other_shapes(text, field, bounds, announcements[0] if announcements else None, cues)


def _variants(text: str, field: str, names: set[str]) -> Iterator[_Found]:
    """Sizes and stages of a proposed name: "X-7B", "X8L", "X-Base", "X^*"."""
    for name in sorted(names, key=len, reverse=True):
        for start in _standalone(text, name, both_ends=False):
            suffix = _VARIANT_SUFFIX.match(text, start + len(name))
            if suffix is None:
                continue
            variant = text[start:suffix.end()]
            if re.fullmatch(r"[\w.+\-^*]*", variant) and not _ADJECTIVE_SUFFIX.search(variant):
                yield _Found(variant, (), None, field, start, suffix.end(), "variant")


# ---------------------------------------------------------------- merging
@dataclass
class _Group:
    """The spellings and evidence of one artifact while merging."""

    members: list[_Found]

    @property
    def spellings(self) -> list[str]:
        names: list[str] = []
        for found in self.members:
            names.extend(s for s in (found.name, *found.aliases) if s not in names)
        return names

    def keys(self) -> set[str]:
        return {name_key(spelling) for spelling in self.spellings}


def _initials(phrase: str) -> str:
    return "".join(part[0] for part in re.split(r"[\s\-]+", phrase) if part).lower()


def _abbreviates(acronym: str, title_phrase: str) -> bool:
    """Whether a title's phrase ("One-for-All") spells the start of an acronym ("OFA-KD")."""
    initials = _initials(title_phrase)
    return (len(initials) >= 2 and _is_strong(acronym) and " " not in title_phrase.strip("-")
            and "-" in title_phrase and name_key(acronym).startswith(initials)
            and sum(char.isupper() for char in acronym) >= len(initials))


def _belong_together(a: _Group, b: _Group) -> bool:
    """Same key; one name a word-prefix of the other; or a title phrase abbreviated."""
    if a.keys() & b.keys():
        return True
    for x in a.spellings:
        for y in b.spellings:
            shorter, longer = sorted((x, y), key=len)
            if longer.startswith(shorter + " "):
                return True
    titled = [(m.name, g) for g in (a, b) for m in g.members if m.rule.startswith("title_prefix")]
    return any(_abbreviates(spelling, name) for name, group in titled
               for spelling in (b if group is a else a).spellings)


def _merge(found: list[_Found]) -> list[_Group]:
    """Groups of findings that name one artifact, in order of first appearance."""
    groups: list[_Group] = []
    for item in found:
        group = _Group([item])
        for other in [g for g in groups if _belong_together(g, group)]:
            groups.remove(other)
            group = _Group(other.members + group.members)
        groups.append(group)
    return sorted(groups, key=lambda g: min((m.field != "title", m.start) for m in g.members))


def _without_lone_title_phrase(groups: list[_Group]) -> list[_Group]:
    """Drop a title phrase ("Multi-Stage Token Dropping: ...") when the abstract names
    its artifact otherwise: the phrase is then a description, not the name."""
    def lone_phrase(group: _Group) -> bool:
        return all(member.rule == "title_prefix_phrase" for member in group.members)

    named_elsewhere = any(not lone_phrase(group) for group in groups)
    return [group for group in groups if not (named_elsewhere and lone_phrase(group))]


def _preferred_name(group: _Group) -> str:
    """The short name: an acronym given with or abbreviating a long form, else the first
    one-word spelling."""
    for member in group.members:
        if member.aliases and _is_strong(member.name):
            return member.name
    spellings = group.spellings
    for acronym in spellings:
        if any(_abbreviates(acronym, phrase) for phrase in spellings if phrase != acronym):
            return acronym
    single_words = [spelling for spelling in group.spellings if " " not in spelling]
    return (single_words or group.spellings)[0]


def _kind_of(group: _Group, name: str) -> EntityType:
    """The kind the most confident finding read; else a "-Bench" name is a dataset."""
    for member in sorted(group.members, key=lambda m: -RULES[m.rule]):
        if member.type is not None:
            return member.type
    return EntityType.DATASET if re.search(r"bench(?:mark)?$", name, re.IGNORECASE) else EntityType.METHOD


def _evidence(member: _Found, record: Record, cleaned: dict[str, CleanText]) -> Evidence:
    original = getattr(record, member.field)
    start, end = cleaned[member.field].original_span(member.start, member.end)
    return Evidence(record.source, member.field, sentence_around(original, start, end),
                    start, end, member.rule, RULES[member.rule])


def find_proposals(record: Record) -> list[Proposal]:
    """Named methods and datasets the record's paper introduces, one `Proposal` each.

    Parameters
    ----------
    record : the paper; its title and abstract are read

    Returns
    -------
    Proposals in order of first appearance (title first), each carrying the evidence of
    the most confident rule that found it.

    Examples
    --------
    >>> from kg.model import Record
    >>> paper = Record("p.txt", 1, "text", "Serpent: Scalable Vision Models",
    ...                "We propose Compact Convolutional Transformer (CCT), a new model.")
    >>> [(p.name, p.aliases) for p in find_proposals(paper)]
    [('Serpent', ()), ('CCT', ('Compact Convolutional Transformer',))]
    """
    cleaned = {"title": clean_with_offsets(record.title), "abstract": clean_with_offsets(record.abstract)}
    full_text = cleaned["title"].text + "\n" + cleaned["abstract"].text
    found = list(_title_candidates(cleaned["title"].text))
    found += _abstract_candidates(cleaned["abstract"].text, "abstract", full_text)
    names = {item.name for item in found if item.rule != "title_prefix_phrase"}
    for field, text in cleaned.items():
        found += _variants(text.text, field, names)
    proposals = []
    for group in _without_lone_title_phrase(_merge(found)):
        name = _preferred_name(group)
        best = max(group.members, key=lambda m: (RULES[m.rule], m.field == "abstract"))
        aliases = tuple(spelling for spelling in group.spellings if spelling != name)
        proposals.append(Proposal(name, _kind_of(group, name), aliases, _evidence(best, record, cleaned)))
    return proposals
