"""The arXiv OAI-PMH reader: arXiv-format metadata, deleted records, the real harvest page."""

from __future__ import annotations

from pathlib import Path

from kg.model import Failed, Record
from kg.sources import read_path
from kg.sources.arxiv_oai import NAME, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "arxiv_oai"
PAGE = HERE.parents[2] / "shared" / "corpora" / "formats" / "arxiv_oai_pmh" / "listrecords_set_cs_page_1.xml.gz"


def test_a_record_gives_every_field():
    first = next(read_path(DATA / "listrecords.xml"))
    assert first == Record(
        source=str(DATA / "listrecords.xml"),
        line=6,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention.",
        comment="12 pages. Code: https://github.com/loom/loomformer",
        authors=("Ada Byron", "Charles Babbage Jr"),
        authors_count=2,
        institutions=("Analytical Society",),
        date="2025-01-02",
        published="2025-01-02",
        arxiv_id="2501.00001",
        doi="10.1234/loom.2025.1",
        categories=("cs.LG", "cs.CL"),
    )


def test_deleted_records_are_passed_over_and_a_bad_one_fails_alone():
    outcomes = list(read_path(DATA / "listrecords.xml"))
    assert [type(o) for o in outcomes] == [Record, Failed, Record]
    assert (outcomes[1].line, outcomes[1].reason) == (26, "no title")
    assert outcomes[2].arxiv_id == "math/0101001"


def test_sniff_wants_arxiv_metadata_in_an_oai_response():
    assert sniff('<OAI-PMH xmlns="x"><metadata><arXiv xmlns="http://arxiv.org/OAI/arXiv/">', "p.xml")
    assert not sniff('<OAI-PMH xmlns="x"><metadata><oai_dc:dc>', "p.xml")


def test_the_real_harvest_page():
    records = list(read_path(PAGE))
    assert len(records) == 1000
    assert all(isinstance(r, Record) for r in records)
    assert records[0].arxiv_id == "0704.0002"
    assert records[0].title == "Sparsity-certifying Graph Decompositions"
    assert records[0].authors == ("Ileana Streinu", "Louis Theran")
    assert records[0].published == "2007-03-30"
    assert records[0].categories == ("math.CO", "cs.CG")
