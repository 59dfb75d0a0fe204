"""The corpus-name rescan finds what matching every paper would, skips ordinary words,
and gives the same result, in the same order, on one core or several."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.mentions import find_mentions
from kg.extract.vocabulary import VOCABULARY_RULE, Vocabulary, VocabularyEntry
from kg.model import EntityType
from kg.resolve.rescan import ORDINARY_FROM, corpus_mentions

NAMES = [
    VocabularyEntry("FlashWeave", EntityType.METHOD, ("Flash Weave",)),
    VocabularyEntry("QuokkaBench-2", EntityType.DATASET),
    VocabularyEntry("Binary Symmetric Channel", EntityType.METHOD, ("BSC",)),
    VocabularyEntry("Fréchet Pooling", EntityType.METHOD),
    VocabularyEntry("LLaMA", EntityType.METHOD),
]


def _paper(number: int, abstract: str, title: str = "A paper") -> tuple[str, dict[str, str], str]:
    return f"paper:p{number}", {"title": title, "abstract": abstract}, "list.jsonl"


def _found(papers, names=NAMES, workers=1) -> dict[str, list[str]]:
    return {paper: [m.name for m in mentions] for paper, mentions in corpus_mentions(lambda: papers, names, workers)}


def _every_paper_matched(papers, names=NAMES) -> dict[str, list[str]]:
    vocabulary = Vocabulary.from_entries(names)
    found = {}
    for paper, fields, source in papers:
        mentions = find_mentions(fields, source, vocabulary)
        if any(m.evidence.rule == VOCABULARY_RULE for m in mentions):
            found[paper] = [m.name for m in mentions]
    return found


def test_mentions_are_found_only_where_a_name_forms_a_word():
    papers = [
        _paper(0, "We speed up attention with FlashWeave and test on QuokkaBench-2."),
        _paper(1, "Superflashweaves are not a method."),
        _paper(2, "Nothing to see here."),
    ]
    assert _found(papers) == {"paper:p0": ["FlashWeave", "QuokkaBench-2"]}


# Names in every case and context; "quantum"-like lower-case uses of letters-only names
# go only into the first two papers, so no name turns ordinary and matching every paper
# against every name is the oracle.
def test_a_long_form_in_lower_case_that_defines_an_acronym_is_a_mention():
    papers = [_paper(0, "We build on fréchet pooling (FP) here."), _paper(1, "Plain fréchet pooling.")]
    assert _found(papers) == {"paper:p0": ["FP"]}


SENTENCES = st.sampled_from([
    "We use FlashWeave.", "Flash-Weave, and Flash Weave too.", "Superflashweaves are no method.",
    "On QuokkaBench-2 and QuokkaBench2 and QuokkaBench-20.", "quokkabench-2 in lower case.",
    "The BSC is simple.", "A {B}inary Symmetric Channel.", "Fr\\'echet Pooling works.",
    "We fine-tune LLaMA-2-7B and LLaMA2 (Touvron et al.).", "Unlike LLaMAs, we win.",
    "We compare to RoBERTa, FooNet and LLaMA.", "Results on ImageNet, FooSet and QuokkaBench-2 improve.",
    "Low-Rank Adaptation (LoRA) is used.", "Code: https://github.com/x/flashweave and www.llama.org/bsc.",
])
LOWER_CASE_SENTENCES = st.sampled_from([
    "flashweave is a word here.", "Coding over a binary symmetric channel (BSC) helps.",
    "A binary symmetric channel, flash weave.", "fréchet pooling (FP) again.",
])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(SENTENCES, min_size=1, max_size=4), min_size=1, max_size=8),
       st.lists(st.lists(LOWER_CASE_SENTENCES, max_size=2), min_size=2, max_size=2))
def test_the_rescan_equals_matching_every_paper(abstracts, lower_case):
    for sentences, extra in zip(abstracts, lower_case):
        sentences.extend(extra)
    papers = [_paper(number, " ".join(sentences)) for number, sentences in enumerate(abstracts)]
    assert _found(papers) == _every_paper_matched(papers)


def _quantum_corpus(lower_case_papers: int) -> list:
    names = "In QUANTUM COMPUTING we use FlashWeave. Network Coding (NC) helps."
    prose = "Here quantum effects and network coding are plain words."
    return [_paper(0, names, title="QUANTUM NETWORK CODING"),
            *(_paper(number, prose) for number in range(1, 1 + lower_case_papers))]


QUANTUM_NAMES = [*NAMES, VocabularyEntry("QUANTUM", EntityType.METHOD),
                 VocabularyEntry("Network Coding", EntityType.METHOD, ("NC",))]


def test_a_name_the_corpus_uses_as_an_ordinary_word_is_not_looked_for():
    found = _found(_quantum_corpus(ORDINARY_FROM), QUANTUM_NAMES)
    assert found == {"paper:p0": ["FlashWeave"]}  # nor "NC", an alias of the ordinary "Network Coding"


def test_a_name_a_few_papers_write_in_lower_case_is_still_a_name():
    found = _found(_quantum_corpus(ORDINARY_FROM - 1), QUANTUM_NAMES)
    assert found == {"paper:p0": ["QUANTUM", "FlashWeave", "NC"]}  # "NETWORK CODING" is no spelling of it


def test_workers_return_what_one_process_does_in_paper_order():
    texts = (
        "We speed up attention with FlashWeave and test on QuokkaBench-2.",
        "Superflashweaves are not a method, and quantum is a word.",
        "Nothing to see here, we fine-tune LLaMA.",
        "Nothing at all.",
    )
    chooser = random.Random(6)
    # enough papers for both passes to go to workers, in several batches each
    papers = [_paper(number, chooser.choice(texts)) for number in range(12_000)]
    alone = _found(papers)
    shared = _found(papers, workers=2)
    assert list(shared.items()) == list(alone.items())
    assert len(alone) > 4_000
