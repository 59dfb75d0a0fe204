"""The unarXive reader: arXiv metadata plus bibliography entries that carry ids."""

from __future__ import annotations

from pathlib import Path

from kg.model import Failed, Record, WorkRef
from kg.sources import read_path
from kg.sources.unarxive import NAME, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "unarxive"
SAMPLE = HERE.parents[2] / "shared" / "corpora" / "citations" / "unarxive_2022_sample" / "arXiv_src_2212_086.jsonl.gz"


def test_a_paper_gives_metadata_and_its_resolvable_references():
    first, second = read_path(DATA / "sample.jsonl")
    assert first == Record(
        source=str(DATA / "sample.jsonl"),
        line=1,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer.",
        authors=("Ada Byron", "Charles Babbage"),
        authors_count=2,
        date="Thu, 2 Jan 2025 17:30:00 GMT",
        published="2025-01-02",
        arxiv_id="2501.00001",
        categories=("cs.LG",),
        references=(WorkRef(doi="10.1000/loom", openalex_id="W100"), WorkRef(arxiv_id="1706.03762")),
    )
    assert second == Failed(str(DATA / "sample.jsonl"), 2, "no title")


def test_sniff_wants_the_full_text_keys():
    assert sniff('{"paper_id": "2212.1", "metadata": {"id": "2212.1"}, "discipline": "Physics"}', "x.jsonl")
    assert not sniff('{"id": "2212.11867", "abstract": "x", "categories": "cs.LG"}', "x.jsonl")


def test_the_real_sample():
    records = list(read_path(SAMPLE))
    assert len(records) == 49
    assert all(isinstance(r, Record) and r.arxiv_id for r in records)
    references = [ref for r in records for ref in r.references]
    assert sum(ref.openalex_id is not None for ref in references) == 633
    assert sum(ref.doi is not None for ref in references) == 517
    assert records[0].arxiv_id == "2212.11867" and records[0].authors == ("Marcus Michelen", "Xuan-Truong Vu")
