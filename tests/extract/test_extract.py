"""extract(): proposals, mentions and links of one record, with exact evidence, purely."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kg.extract
from kg.extract import extract
from kg.extract.text import clean_markup
from kg.extract.vocabulary import Vocabulary, VocabularyEntry
from kg.model import EntityType, Evidence, Extraction, Record
from kg.sources import read_path

SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"

ABSTRACT = textwrap.dedent(r"""
    Vision Transformer (ViT) models scale well but waste compute. We propose Compact
    Convolutional Transformer (CCT), a new model that outperforms ResNet-50 on CIFAR-10
    and ImageNet. CCT-7 uses {\it only} 3.7M parameters.
    Code: https://github.com/SHI-Labs/Compact-Transformers. Demo at https://cct.github.io/.
""").strip()
RECORD = Record("listing.txt", 3, "hf_daily_text", "Escaping the Big Data Paradigm with CCT",
                ABSTRACT, urls=("https://github.com/SHI-Labs/Compact-Transformers",))


def _evidence(found: Extraction) -> list[Evidence]:
    return [item.evidence for group in (found.proposals, found.mentions, found.links) for item in group]


def test_extract_finds_proposals_mentions_and_links() -> None:
    found = extract(RECORD)
    assert [(p.name, p.aliases) for p in found.proposals] == [
        ("CCT", ("Compact Convolutional Transformer",)), ("CCT-7", ())]
    mentioned = {(m.name, m.type) for m in found.mentions}
    assert {("ResNet-50", EntityType.METHOD), ("CIFAR-10", EntityType.DATASET),
            ("ImageNet", EntityType.DATASET)} <= mentioned
    assert [(link.url, link.is_repository) for link in found.links] == [
        ("https://github.com/SHI-Labs/Compact-Transformers", True),
        ("https://cct.github.io", False),
    ]


def test_mentions_of_the_papers_own_proposals_are_dropped() -> None:
    vocabulary = Vocabulary.from_entries([
        VocabularyEntry("CCT", EntityType.METHOD, ("Compact Convolutional Transformer",)),
        VocabularyEntry("ResNet-50", EntityType.METHOD),
    ])
    names = {m.name for m in extract(RECORD, vocabulary).mentions}
    assert "ResNet-50" in names
    assert not names & {"CCT", "Compact Convolutional Transformer"}


def test_every_evidence_points_into_its_field() -> None:
    found = extract(RECORD)
    for evidence in _evidence(found):
        assert evidence.source == "listing.txt"
        assert 0 < evidence.confidence <= 1
        assert evidence.rule
        if evidence.field == "metadata":
            continue
        text = getattr(RECORD, evidence.field)
        assert evidence.field in ("title", "abstract", "comment")
        assert text[evidence.start:evidence.end] in evidence.sentence
        assert evidence.sentence in text
    for proposal in found.proposals:
        text = getattr(RECORD, proposal.evidence.field)
        spelled = clean_markup(text[proposal.evidence.start:proposal.evidence.end])
        assert spelled in (proposal.name, *proposal.aliases)


def test_the_authors_comment_gives_links_but_no_names() -> None:
    paper = Record("arxiv.jsonl", 1, "arxiv_jsonl", "Weaving attention into looms", "We study attention.",
                   comment="Accepted at CVPR 2024 with ImageNet results; code: github.com/loom/loom")
    found = extract(paper)
    assert [(link.url, link.evidence.field) for link in found.links] == [("https://github.com/loom/loom", "comment")]
    assert found.links[0].evidence.sentence in paper.comment
    assert not found.mentions and not found.proposals


def test_extract_is_pure() -> None:
    assert extract(RECORD) == extract(RECORD)
    assert extract(RECORD, None) == extract(RECORD)


def test_public_names() -> None:
    assert kg.extract.__all__ == ["extract", "find_links", "find_mentions", "find_proposals"]


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds not present")
def test_evidence_invariant_holds_on_every_seed_paper() -> None:
    records = [item for path in sorted(SEEDS.glob("*.txt")) for item in read_path(path)
               if isinstance(item, Record)]
    assert len(records) > 500
    for record in records:
        for evidence in _evidence(extract(record)):
            if evidence.field == "metadata":
                continue
            text = getattr(record, evidence.field)
            assert 0 <= evidence.start < evidence.end <= len(text), (record.title, evidence)
            assert text[evidence.start:evidence.end] in evidence.sentence, (record.title, evidence)


_PIECES = st.sampled_from([*"aAzZ09 .,;:()[]{}\\'~-_^*+/γé", "we propose ", "called ", "https://",
                           "github.com/", " (ABC)", "X-Net", "\\method", "{\\it ", "--", "et al. "])


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join), st.lists(_PIECES, max_size=60).map("".join))
def test_evidence_invariant_on_arbitrary_text(title: str, abstract: str) -> None:
    record = Record("f.txt", 1, "hf_daily_text", title, abstract)
    for evidence in _evidence(extract(record)):
        text = getattr(record, evidence.field)
        assert 0 <= evidence.start < evidence.end <= len(text)
        assert text[evidence.start:evidence.end] in evidence.sentence
