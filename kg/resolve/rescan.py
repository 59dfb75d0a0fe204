"""The corpus-name rescan: which papers mention names other papers propose.

Two passes, so the cost grows with the names' occurrences, not with papers times names:

1. *Survey*: one automaton pass over every paper (`NameIndex`) finds the spellings the
   matcher could accept in it, and counts the papers that use each letters-only
   spelling's lower-case form as a plain word.
2. *Match*: `find_mentions`, a hundred times dearer, runs only on papers where a
   spelling that survived the survey may occur, each batch of papers against a
   vocabulary of only the names its papers contain.

Both passes send batches of papers to forked workers that inherit the index or the
names, and take results back in paper order, so resolve adds the same edges in the
same order on one core or several.

**Ordinary words are not names.** A spelling made of letters whose lower-case form is a
plain word in at least `ORDINARY_FROM` papers ("AND", "QUANTUM" from all-caps titles,
"Network Coding" from title-case ones, "RoBuSt") is ambiguous: it is not looked for,
and a name whose own spelling is ordinary is dropped with its aliases, so no inferred
citation is drawn from it. The corpus decides, not a word list fitted to a sample: a
wrong citation costs more than a missed one, and what is an everyday word depends on
the field.

A paper's matches count only when corpus names are among them (the matcher's pattern
rules, which extraction has already run, add nothing here on their own). The result
is then exactly what matching every paper against every name would give.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import chain, islice
from typing import Any, TypeVar

from kg.extract.mentions import find_mentions
from kg.extract.text import clean_markup
from kg.extract.vocabulary import VOCABULARY_RULE, Vocabulary, VocabularyEntry, is_generic
from kg.model import Mention
from kg.parallel import default_workers
from kg.resolve.name_index import NameIndex

__all__ = ["ORDINARY_FROM", "Paper", "corpus_mentions", "spellings_of"]

#: (paper node id, {"title": ..., "abstract": ...}, source path the evidence cites)
Paper = tuple[str, dict[str, str], str]

#: a letters-only spelling whose lower-case form is a plain word in this many papers is
#: an ordinary word. A few: one paper may write a name in lower case, three rarely do.
ORDINARY_FROM = 3
# Below these counts one process is quicker than starting workers and shipping papers.
_SURVEY_IN_PARALLEL_FROM = 10_000
_MATCH_IN_PARALLEL_FROM = 1_000
_SURVEY_BATCH = 1_000
_MATCH_BATCH = 250
_WINDOW_PER_WORKER = 2
# Markup that can join or change letters ("Fr\'echet", "Res{N}et"): such text is also
# read cleaned, as the matcher reads it.
_MARKUP = ("\\", "{", "}")

#: what the survey keeps of a paper: the spellings the matcher may accept there, and all
#: spellings present in any case; None when the paper may mention anything. Tuples, not
#: sets: a field's worth of papers is held until the survey ends.
_MayMention = tuple[tuple[int, ...], tuple[int, ...]] | None

Batch = TypeVar("Batch")
Result = TypeVar("Result")


def spellings_of(entry: VocabularyEntry) -> list[str]:
    """The spellings of an entry the matcher may look for: name first, then aliases."""
    spellings = (text.strip() for text in (entry.name, *entry.aliases))
    return [text for text in spellings if text and not is_generic(text)]


def corpus_mentions(
    papers: Callable[[], Iterable[Paper]], names: Sequence[VocabularyEntry], workers: int | None = None
) -> Iterator[tuple[str, list[Mention]]]:
    """(paper, its mentions) for every paper that mentions one of `names`, in the order
    `papers()` gives them; `papers` is called twice, once per pass.

    Up to `workers` processes (default: all cores) share each pass when it is large
    enough to gain from them.
    """
    entries = [entry for entry in names if spellings_of(entry)]
    spellings = [(owner, text) for owner, entry in enumerate(entries) for text in spellings_of(entry)]
    index = NameIndex([text for _, text in spellings])
    workers = workers or default_workers()
    found, plain_words = _survey(papers(), index, workers)
    kept, looked_for = _without_ordinary(entries, spellings, index, plain_words)
    to_match = {
        position: set(kept) if may is None else {spellings[n][0] for n in may[1] if n in looked_for}
        for position, may in found.items()
        if may is None or not looked_for.isdisjoint(may[0])
    }
    chosen = ((paper, to_match[position]) for position, paper in enumerate(papers()) if position in to_match)
    batches = iter(lambda: list(islice(chosen, _MATCH_BATCH)), [])
    processes = workers if len(to_match) >= _MATCH_IN_PARALLEL_FROM else 1
    for matched in _in_order(_match_batch, batches, kept, processes):
        yield from matched


def _without_ordinary(
    entries: list[VocabularyEntry], spellings: list[tuple[int, str]], index: NameIndex, plain_words: Counter[int]
) -> tuple[dict[int, VocabularyEntry], set[int]]:
    """The names left, by entry number, once ordinary spellings go (a name whose own
    spelling is ordinary goes whole), and the numbers of the spellings still looked for."""
    ordinary_forms = {form for form, count in plain_words.items() if count >= ORDINARY_FROM}
    ordinary = {text for number, (_, text) in enumerate(spellings) if index.ordinary_of[number] in ordinary_forms}
    kept = {
        owner: VocabularyEntry(entry.name, entry.type, tuple(a for a in entry.aliases if a.strip() not in ordinary))
        for owner, entry in enumerate(entries)
        if entry.name.strip() not in ordinary
    }
    looked_for = {number for number, (owner, text) in enumerate(spellings) if owner in kept and text not in ordinary}
    return kept, looked_for


def _survey(papers: Iterable[Paper], index: NameIndex, workers: int) -> tuple[dict[int, _MayMention], Counter[int]]:
    """Pass 1: per paper position, what it may mention (papers with nothing left out),
    and per ordinary form, the number of papers that use it as a plain word."""
    numbered = enumerate([text for text in fields.values() if text] for _, fields, _ in papers)
    batches = iter(lambda: list(islice(numbered, _SURVEY_BATCH)), [])
    first = list(islice(batches, _SURVEY_IN_PARALLEL_FROM // _SURVEY_BATCH))
    processes = workers if len(first) * _SURVEY_BATCH >= _SURVEY_IN_PARALLEL_FROM else 1
    found: dict[int, _MayMention] = {}
    plain_words: Counter[int] = Counter()
    for batch_found, batch_words in _in_order(_survey_batch, chain(first, batches), index, processes):
        found.update(batch_found)
        plain_words.update(batch_words)
    return found, plain_words


def _survey_batch(index: NameIndex, batch: list[tuple[int, list[str]]]) -> tuple[dict[int, _MayMention], Counter[int]]:
    found: dict[int, _MayMention] = {}
    plain_words: Counter[int] = Counter()
    for position, texts in batch:
        occurrences = index.occurrences(["\n".join(_readings(texts))])  # one pass over all
        if occurrences.plain_words:
            plain_words.update(occurrences.plain_words)
        if occurrences.anything:
            found[position] = None
        elif occurrences.spellings:
            found[position] = (tuple(occurrences.spellings), tuple(occurrences.present))
    return found, plain_words


def _readings(texts: Iterable[str]) -> Iterator[str]:
    """Each text, and its cleaned form too where markup may hide a name from the raw one."""
    for text in texts:
        yield text
        if any(mark in text for mark in _MARKUP):
            yield clean_markup(text)


def _match_batch(
    names: dict[int, VocabularyEntry], batch: list[tuple[Paper, set[int]]]
) -> list[tuple[str, list[Mention]]]:
    """Pass 2 for a batch, against only the names its papers contain: the matcher's own
    automaton then meets a few hundred names, not every proposed one."""
    owners = sorted(set().union(*(present for _, present in batch)))
    vocabulary = Vocabulary.from_entries(names[owner] for owner in owners)
    return [(paper[0], found) for paper, _ in batch if (found := _mentions(paper, vocabulary))]


def _mentions(paper: Paper, names: Vocabulary) -> list[Mention]:
    """The paper's mentions when a corpus name is among them, else none."""
    _, fields, source = paper
    found = find_mentions(fields, source, names)
    return found if any(mention.evidence.rule == VOCABULARY_RULE for mention in found) else []


# The state a worker's batches share (the index, or the names), inherited through fork.
_inherited: Any = None


def _in_order(
    work: Callable[[Any, Batch], Result], batches: Iterable[Batch], state: Any, workers: int
) -> Iterator[Result]:
    """`work(state, batch)` for each batch, in order; on `workers` forked processes that
    inherit `state`, at most `_WINDOW_PER_WORKER` batches each in flight."""
    if workers <= 1:
        for batch in batches:
            yield work(state, batch)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_inherit, initargs=(state,)) as pool:
        pending: deque[Future] = deque()
        for batch in batches:
            pending.append(pool.submit(_run, work, batch))
            if len(pending) >= workers * _WINDOW_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _inherit(state: Any) -> None:
    global _inherited
    _inherited = state


def _run(work: Callable[[Any, Batch], Result], batch: Batch) -> Result:
    return work(_inherited, batch)
