"""The name index reports every place the matcher could take a name, and counts ordinary words."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.mentions import find_mentions
from kg.extract.vocabulary import VOCABULARY_RULE, Vocabulary, VocabularyEntry
from kg.model import EntityType
from kg.resolve.name_index import NameIndex

ENTRIES = [
    VocabularyEntry("FlashWeave", EntityType.METHOD, ("Flash Weave",)),
    VocabularyEntry("GPT-4", EntityType.METHOD),
    VocabularyEntry("CIFAR-10", EntityType.DATASET),
    VocabularyEntry("QUANTUM", EntityType.METHOD),
    VocabularyEntry("Binary Symmetric Channel", EntityType.METHOD, ("BSC",)),
    VocabularyEntry("Map++", EntityType.METHOD),
    VocabularyEntry("dropout", EntityType.METHOD),
]
SPELLINGS = [text for entry in ENTRIES for text in (entry.name, *entry.aliases)]


def _occurrences(*texts: str) -> tuple[set[str], set[str]]:
    index = NameIndex(SPELLINGS)
    found = index.occurrences(texts)
    return {index.spellings[n] for n in found.spellings}, {index.ordinary_forms[n] for n in found.plain_words}


def test_names_are_found_as_words_whatever_their_separators():
    names, _ = _occurrences("We pair GPT 4 with FlashWeaves on CIFAR10 (and Map++).")
    assert names == {"GPT-4", "FlashWeave", "CIFAR-10", "Map++"}


def test_names_inside_longer_words_are_not_found():
    names, _ = _occurrences("Superflashweaves and QUANTUMS of Map and GPT-4x are something else.")
    assert names == set()


def test_lower_case_text_is_no_name_in_capitals_unless_it_defines_an_acronym():
    assert _occurrences("Quantum effects on a binary symmetric channel.")[0] == set()
    assert _occurrences("QUANTUM EFFECTS")[0] == {"QUANTUM"}
    assert _occurrences("Coding over a binary symmetric channel (BSC).")[0] == {"Binary Symmetric Channel", "BSC"}


def test_plain_lower_case_words_are_counted_but_not_inside_addresses():
    assert _occurrences("quantum walks, and quantum. Also dropout.")[1] == {"quantum", "dropout"}
    assert _occurrences("Code: github.com/lab/quantum and www.quantum.org/dropout/x")[1] == set()
    assert _occurrences("QUANTUM WALKS")[1] == set()


def test_text_that_changes_length_when_lower_cased_is_left_to_the_matcher():
    index = NameIndex(SPELLINGS)
    assert index.occurrences(["İstanbul FlashWeave"]).anything


WORDS = st.sampled_from([
    "FlashWeave", "flashweave", "FLASHWEAVE", "Flash Weave", "Flash-Weave", "GPT-4", "GPT4", "gpt-4", "GPT-4o",
    "CIFAR-10", "CIFAR10", "cifar-10", "QUANTUM", "quantum", "Quantum", "binary symmetric channel",
    "Binary Symmetric Channel", "BSC", "Map++", "dropout", "Dropout", "we", "use", "the", "on",
])
GLUE = st.sampled_from([" ", " ", ", ", ". ", "-", "s ", "v2 ", "Large ", " (", ") ", "/", "\n  ", "~"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(WORDS, GLUE), min_size=1, max_size=12))
def test_every_name_the_matcher_takes_is_reported(pieces):
    text = "".join(word + glue for word, glue in pieces)
    index = NameIndex(SPELLINGS)
    reported = {index.spellings[n] for n in index.occurrences([text]).spellings}
    for mention in find_mentions({"abstract": text}, "t.txt", Vocabulary.from_entries(ENTRIES)):
        if mention.evidence.rule == VOCABULARY_RULE:
            entry = next(e for e in ENTRIES if mention.canonical.startswith(e.name))
            assert reported & {entry.name, *entry.aliases}, (text, mention)
