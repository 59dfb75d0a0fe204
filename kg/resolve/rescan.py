"""The corpus-name rescan, on every core: which papers mention names other papers propose.

At a field's scale this is most of resolve (every paper is matched against every
distinctive proposed name), and each paper's matches depend on nothing but its own text
and the names, so papers go in batches to forked workers that inherit the names'
automaton instead of receiving it. Results come back in paper order, so resolve adds
edges in the same order, with the same outcome, as a run in one process.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from kg.extract.mentions import find_mentions
from kg.extract.text import clean_markup
from kg.extract.vocabulary import Vocabulary
from kg.model import Mention

__all__ = ["PARALLEL_FROM", "Paper", "mentions_in"]

#: (paper node id, {"title": ..., "abstract": ...}, source path the evidence cites)
Paper = tuple[str, dict[str, str], str]

#: fewer papers than this are rescanned in this process: starting workers would cost more.
PARALLEL_FROM = 5_000
_BATCH = 500
_WINDOW_PER_WORKER = 2

# The names a worker matches; set once per worker, inherited through fork.
_names: Vocabulary | None = None


def mentions_in(papers: Iterable[Paper], names: Vocabulary, workers: int = 1) -> Iterator[tuple[str, list[Mention]]]:
    """(paper, its mentions of `names`) for every paper that has any, in the order given."""
    if workers <= 1:
        for paper in papers:
            found = _mentions(paper, names)
            if found:
                yield paper[0], found
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_use, initargs=(names,)) as pool:
        pending: deque[Future] = deque()
        remaining = iter(papers)
        batches = iter(lambda: list(islice(remaining, _BATCH)), [])
        for batch in batches:
            pending.append(pool.submit(_mentions_of_batch, batch))
            if len(pending) >= workers * _WINDOW_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def _use(names: Vocabulary) -> None:
    global _names
    _names = names


def _mentions_of_batch(batch: list[Paper]) -> list[tuple[str, list[Mention]]]:
    assert _names is not None, "worker started without names"
    return [(paper[0], found) for paper in batch if (found := _mentions(paper, _names))]


def _mentions(paper: Paper, names: Vocabulary) -> list[Mention]:
    _, fields, source = paper
    if not _may_mention(names, fields.values()):
        return []
    return find_mentions(fields, source, names)


def _may_mention(names: Vocabulary, texts: Iterable[str]) -> bool:
    """Whether a name may be mentioned in `texts`: one of its spellings there forms a word.

    One automaton pass, so `find_mentions`, a hundred times dearer, runs only on papers
    that can mention a proposed name. Text with LaTeX residue is also checked cleaned,
    where accents are composed as the matcher sees them.
    """
    for text in texts:
        for variant in (text, clean_markup(text)) if "\\" in text else (text,):
            lowered = variant.lower()
            if len(lowered) != len(variant):  # offsets would not line up: let the matcher decide
                return True
            for start, end, surfaces in names.scan(lowered):
                if _may_be_word(variant, start, end) and any(
                    surface.entry is not None and _case_may_fit(variant[start:end], surface.text)
                    for surface in surfaces
                ):
                    return True
    return False


def _may_be_word(text: str, start: int, end: int) -> bool:
    """Looser than the matcher's boundaries, never stricter: no letter glued before, and
    after it the end of a word, a plural "s" or a version ("v2", "3")."""
    if start and (text[start - 1].isalnum() or text[start - 1] in "_+#@"):
        return False
    after, then = text[end:end + 1], text[end + 1:end + 2]
    return (not after.isalnum() or after.isdigit() or (after == "s" and not then.isalnum())
            or (after in "vV" and then.isdigit()))


def _case_may_fit(found: str, spelling: str) -> bool:
    """The matcher never takes an all-lower-case spelling without digits for a name with capitals."""
    return not (found.islower() and not spelling.islower() and not any(c.isdigit() for c in found))
