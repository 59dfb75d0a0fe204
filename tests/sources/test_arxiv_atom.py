"""The arXiv API Atom reader: both feed layouts, error entries, broken and hostile XML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.model import Failed, Record
from kg.sources import read_path
from kg.sources.arxiv_atom import NAME, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "arxiv_atom"
SAMPLES = HERE.parents[2] / "shared" / "corpora" / "formats" / "arxiv_atom"


def test_an_entry_gives_every_field_with_the_version_dropped():
    first = next(read_path(DATA / "feed.xml"))
    assert first == Record(
        source=str(DATA / "feed.xml"),
        line=7,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention.",
        comment="12 pages; code at github.com/loom/loomformer",
        authors=("Ada Byron", "Charles Babbage"),
        authors_count=2,
        institutions=("Analytical Society",),
        date="2025-01-02",
        published="2025-01-02",
        arxiv_id="2501.00001",
        doi="10.1234/loom.2025.1",
        categories=("cs.LG", "cs.CL"),
    )


def test_old_style_ids_are_kept_and_api_errors_are_reported():
    outcomes = list(read_path(DATA / "feed.xml"))
    assert outcomes[1].arxiv_id == "cs/9901001" and outcomes[1].line == 29
    assert isinstance(outcomes[2], Failed) and outcomes[2].line == 36
    assert "not an arXiv id" in outcomes[2].reason


def test_a_broken_feed_keeps_the_entries_before_the_break():
    outcomes = list(read_path(DATA / "truncated.xml"))
    assert [o.title for o in outcomes if isinstance(o, Record)] == ["Read Before The Break"]
    assert isinstance(outcomes[-1], Failed) and outcomes[-1].line == 11


def test_a_document_with_a_dtd_is_refused_before_any_entity_expands():
    outcomes = list(read_path(DATA / "entity_bomb.xml"))
    assert outcomes == [Failed(str(DATA / "entity_bomb.xml"), 2, outcomes[0].reason)]
    assert "DTD" in outcomes[0].reason


def test_sniff_wants_an_atom_feed_from_arxiv():
    assert sniff('<feed xmlns="http://www.w3.org/2005/Atom"><id>http://arxiv.org/api/x</id>', "q.xml")
    assert not sniff('<feed xmlns="http://www.w3.org/2005/Atom"><id>https://example.org/blog</id>', "q.xml")
    assert not sniff('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">', "q.xml")


@pytest.mark.parametrize(
    ("name", "entries", "with_doi"),
    [
        ("2016_id_list_1111.2011v2.xml", 1, 1),
        ("2016_query_au_del_maestro.xml", 10, 10),
        ("2016_query_au_del_maestro_ANDNOT_checkerboard_pyrochlore.xml", 10, 10),
        ("2025_id_list_empty_result.xml", 0, 0),
        ("2025_id_list_with_missing_id.xml", 1, 0),
        ("2025_query_all_electron_AND_all_proton.xml", 10, 7),
        ("2026_query_all_testing_max100.xml", 100, 32),
    ],
)
def test_real_responses_of_both_layouts(name, entries, with_doi):
    records = list(read_path(SAMPLES / name))
    assert all(isinstance(r, Record) for r in records)
    assert len(records) == entries
    assert sum(r.doi is not None for r in records) == with_doi
    assert all(r.arxiv_id and not re.search(r"v\d+$", r.arxiv_id) and r.published for r in records)


def test_the_2016_layout_entry_reads_exactly():
    (record,) = read_path(SAMPLES / "2016_id_list_1111.2011v2.xml")
    assert record.arxiv_id == "1111.2011"
    assert record.title == "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"
    assert record.authors == ("James M. Murray", "Adrian Del Maestro", "Zlatko Tesanovic")
    assert record.doi == "10.1103/physrevb.85.115117"
    assert record.published == "2011-11-08"
    assert record.categories == ("cond-mat.str-el", "cond-mat.stat-mech")


def test_the_2026_sample_keeps_its_non_ascii_names():
    names = {a for r in read_path(SAMPLES / "2026_query_all_testing_max100.xml") for a in r.authors}
    assert any("ä" in n for n in names)
    assert not any("Ã" in n for n in names)
