"""The corpus-name rescan finds the same mentions, in the same order, on one core or several."""

from kg.extract.vocabulary import Vocabulary, VocabularyEntry
from kg.model import EntityType
from kg.resolve.rescan import mentions_in

NAMES = Vocabulary.from_entries([
    VocabularyEntry("FlashWeave", EntityType.METHOD, ("Flash Weave",)),
    VocabularyEntry("QuokkaBench-2", EntityType.DATASET, ()),
])


def _papers(count: int) -> list[tuple[str, dict[str, str], str]]:
    """Papers that mention a name, one that only contains a spelling inside a word, and silent ones."""
    texts = (
        "We speed up attention with FlashWeave and test on QuokkaBench-2.",
        "Superflashweaves are not a method.",
        "Nothing to see here.",
    )
    return [(f"paper:p{number}", {"title": f"Paper {number}", "abstract": texts[number % 3]}, "list.jsonl")
            for number in range(count)]


def test_mentions_are_found_only_where_a_name_forms_a_word():
    found = dict(mentions_in(_papers(3), NAMES))
    assert list(found) == ["paper:p0"]
    assert [mention.canonical for mention in found["paper:p0"]] == ["FlashWeave", "QuokkaBench-2"]


def test_workers_return_what_one_process_does_in_paper_order():
    papers = _papers(1_300)  # more than two batches, so results cross batch boundaries
    alone = [(paper, [m.name for m in found]) for paper, found in mentions_in(papers, NAMES)]
    shared = [(paper, [m.name for m in found]) for paper, found in mentions_in(iter(papers), NAMES, workers=2)]
    assert shared == alone
    assert len(alone) == 434
