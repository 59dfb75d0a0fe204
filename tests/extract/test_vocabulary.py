"""The shipped vocabulary: its data files, lookup by any spelling, and extension."""

from __future__ import annotations

from collections import Counter
from importlib.resources import files

import pytest

from kg.extract.vocabulary import (
    CORPUS_RULE,
    Vocabulary,
    VocabularyEntry,
    common_words,
    default_vocabulary,
    is_generic,
)
from kg.model import EntityType


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return default_vocabulary()


def test_default_vocabulary_is_built_once(vocabulary):
    assert default_vocabulary() is vocabulary


def test_shipped_lists_are_broad(vocabulary):
    kinds = Counter(entry.type for entry in vocabulary)
    assert kinds[EntityType.DATASET] >= 400
    assert kinds[EntityType.METHOD] >= 600


@pytest.mark.parametrize(
    ("spelling", "canonical", "kind"),
    [
        ("cifar10", "CIFAR-10", EntityType.DATASET),
        ("CIFAR 10", "CIFAR-10", EntityType.DATASET),
        ("Mixture of Experts", "MoE", EntityType.METHOD),
        ("mixture-of-experts", "MoE", EntityType.METHOD),
        ("Low-Rank Adaptation", "LoRA", EntityType.METHOD),
        ("MS-COCO", "COCO", EntityType.DATASET),
        ("3D Gaussian Splatting", "3DGS", EntityType.METHOD),
    ],
)
def test_lookup_finds_every_alias_and_spelling(vocabulary, spelling, canonical, kind):
    entry = vocabulary.lookup(spelling)
    assert entry is not None
    assert (entry.name, entry.type) == (canonical, kind)


def test_lookup_of_an_unknown_or_generic_name_is_none(vocabulary):
    assert vocabulary.lookup("Serpentine-9000") is None
    assert vocabulary.lookup("LLM") is None
    assert vocabulary.lookup("Transformer") is None


@pytest.mark.parametrize("name", ["LLM", "LLMs", "CNNs", "Transformer", "diffusion models", "GNN", "FID"])
def test_generic_classes_are_generic(name):
    assert is_generic(name)


@pytest.mark.parametrize("name", ["BERT", "Vision Transformer", "GAN", "LSTM", "ResNet"])
def test_named_artifacts_are_not_generic(name):
    assert not is_generic(name)


def test_no_shipped_entry_is_generic(vocabulary):
    assert [e.name for e in vocabulary if is_generic(e.name)] == []


@pytest.mark.parametrize("file_name", ["datasets.tsv", "methods.tsv", "generic.txt", "common_words.txt"])
def test_data_files_list_each_name_once(file_name):
    text = (files("kg") / "data" / "vocabulary" / file_name).read_text(encoding="utf-8")
    first_names = [line.split("\t")[0].strip().lower() for line in text.splitlines()
                   if line.strip() and not line.startswith("#")]
    assert [name for name, count in Counter(first_names).items() if count > 1] == []


def test_common_words_are_lower_case_and_include_model_names_that_are_words():
    words = common_words()
    assert {"whisper", "falcon", "mamba", "lion"} <= words
    assert all(word == word.lower() for word in words)


def test_from_entries_and_len():
    small = Vocabulary.from_entries(
        [VocabularyEntry("FooNet", EntityType.METHOD, ("Foo Network",)),
         VocabularyEntry("BarSet", EntityType.DATASET)]
    )
    assert len(small) == 2
    assert small.lookup("foo network").name == "FooNet"


def test_extended_adds_entries_and_keeps_existing_precedence(vocabulary):
    bigger = vocabulary.extended(
        [VocabularyEntry("Serpent", EntityType.METHOD),
         VocabularyEntry("BERT", EntityType.DATASET)]
    )
    assert len(bigger) == len(vocabulary) + 2
    assert bigger.lookup("Serpent").name == "Serpent"
    assert bigger.lookup("BERT").type is EntityType.METHOD
    assert vocabulary.lookup("Serpent") is None


def test_extended_skips_generic_names(vocabulary):
    bigger = vocabulary.extended([VocabularyEntry("LLMs", EntityType.METHOD)], rule=CORPUS_RULE)
    assert bigger.lookup("LLMs") is None
