"""The BibTeX reader: bibtexparser's entries become records, its failed blocks `Failed`s."""

from __future__ import annotations

import io
from pathlib import Path

from kg.model import Failed, Record
from kg.sources import read_path
from kg.sources.bibtex import NAME, read, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "bibtex"
SAMPLE = HERE.parents[2] / "shared" / "corpora" / "formats" / "bibtex" / "multivae_joss_paper.bib"


def _outcomes() -> list[Record | Failed]:
    return list(read_path(DATA / "refs.bib"))


def test_an_entry_gives_every_field_with_latex_and_names_decoded():
    assert _outcomes()[0] == Record(
        source=str(DATA / "refs.bib"),
        line=3,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention.",
        authors=("Ada Byron", "Charles Babbage, Jr", "Grace Hopper"),
        authors_count=3,
        date="jan 2025",
        arxiv_id="2501.00001",
        urls=("https://github.com/example/loomformer",),
    )


def test_eprint_and_arxiv_doi_give_the_unversioned_id():
    tables = _outcomes()[1]
    assert (tables.arxiv_id, tables.doi, tables.date, tables.published) == (
        "2501.00003", "10.48550/arxiv.2501.00003", "2025", None)


def test_a_date_field_is_an_iso_publication_date_and_accents_decode():
    rings = _outcomes()[3]
    assert (rings.title, rings.date, rings.published, rings.doi) == (
        "Rings in Ödland", "2025-02-14", "2025-02-14", "10.1234/rings.2025")


def test_a_broken_block_fails_at_its_line_and_the_entries_around_it_are_kept():
    outcomes = _outcomes()
    failed = [(o.line, o.reason) for o in outcomes if isinstance(o, Failed)]
    assert failed[0][0] == 24 and failed[0][1].startswith("BibTeX block not read: ")
    assert failed[1] == (35, "no title")
    assert [o.line for o in outcomes if isinstance(o, Record)] == [3, 14, 28]


def test_upper_case_field_names_read_like_lower_case_ones():
    text = (
        "@INPROCEEDINGS{ Key-06,\r\n  AUTHOR = {L. Righetti and A. Ijspeert},\r\n"
        "  TITLE = {Crawling},\r\n  DOI = {10.15607/RSS.2006.II.025}\r\n}"
    )
    (record,) = read(io.StringIO(text), "upper.bib")
    assert (record.title, record.authors) == ("Crawling", ("L. Righetti", "A. Ijspeert"))
    assert record.doi == "10.15607/rss.2006.ii.025"


def test_sniff_wants_entry_starts_at_line_starts():
    assert sniff("% refs\n@article{key,\n title={x}}", "r.bib")
    assert not sniff('{"bibtex": "@inproceedings{key, title={x}}"}', "r.json")
    assert not sniff("Contact me @ home {soon}", "r.txt")


def test_the_real_bibliography():
    records = list(read_path(SAMPLE))
    assert len(records) == 30
    assert all(isinstance(r, Record) for r in records)
    by_line = {r.line: r for r in records}
    assert by_line[1].title == "Multimodal Generative Models for Scalable Weakly-Supervised Learning"
    assert by_line[1].authors == ("Mike Wu", "Noah Goodman")
    assert by_line[14].arxiv_id == "1611.01891"
    assert sum(r.arxiv_id is not None for r in records) == 9
    assert any("é" in a for r in records for a in r.authors)
