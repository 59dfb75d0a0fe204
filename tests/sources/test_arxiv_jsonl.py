"""The arXiv metadata JSON Lines reader: snapshot, daily-listing and OAI-dump shapes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kg.model import Failed, Record
from kg.sources import read_path
from kg.sources.arxiv_jsonl import NAME, read, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "arxiv_jsonl"
CORPORA = HERE.parents[2] / "shared" / "corpora"


@pytest.fixture(scope="module")
def outcomes() -> list[Record | Failed]:
    return list(read_path(DATA / "metadata.jsonl"))


def test_the_snapshot_shape_gives_every_field(outcomes):
    assert outcomes[0] == Record(
        source=str(DATA / "metadata.jsonl"),
        line=1,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention.",
        comment="12 pages, code: https://github.com/loom/loomformer",
        authors=("Ada Byron", "Charles Babbage Jr", "Grace Hopper"),
        authors_count=3,
        date="Thu, 2 Jan 2025 17:30:00 GMT",
        published="2025-01-02",
        arxiv_id="2501.00001",
        doi="10.1234/loom.2025.1",
        categories=("cs.LG", "cs.CL"),
    )


def test_the_daily_listing_shape(outcomes):
    daily = outcomes[1]
    assert (daily.title, daily.abstract, daily.authors) == (
        "Daily Listing Shape", "From a daily listing dump.", ("Grace Hopper", "Alan Turing"))
    assert (daily.published, daily.categories) == ("2025-01-06", ("cs.PL",))


def test_the_oai_dump_shape_with_affiliations(outcomes):
    oai = outcomes[2]
    assert (oai.arxiv_id, oai.authors, oai.institutions, oai.published) == (
        "cs/9901001", ("Emmy Noether",), ("Göttingen",), "1999-01-05")


def test_bad_lines_fail_with_their_line_and_later_lines_are_kept(outcomes):
    failed = [(o.line, o.reason) for o in outcomes if isinstance(o, Failed)]
    assert [line for line, _ in failed] == [4, 5]
    assert failed[0][1].startswith("invalid JSON") and "not an arXiv id" in failed[1][1]
    assert outcomes[-1].title == "Kept After The Damage" and outcomes[-1].line == 6


def test_a_plain_author_string_is_split_on_commas_and_and():
    line = (
        '{"id": "2501.00009", "title": "T", "abstract": "A", "categories": "cs.LG",'
        ' "authors": "A. One, B. Two, and C. Three"}'
    )
    (record,) = read(io.StringIO(line), "inline.jsonl")
    assert record.authors == ("A. One", "B. Two", "C. Three")


def test_sniff_wants_an_arxiv_id_an_abstract_and_categories():
    assert sniff('{"id": "2503.11731", "categories": ["cs.CV"], "summary": "x"}', "a.jsonl")
    assert not sniff('{"id": "06064", "title": "t", "abstract": "x"}', "a.jsonl")
    assert not sniff('{"id": "2503.11731", "title": "t", "abstract": "x"}', "a.jsonl")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "count", "with_doi"),
    [("arxiv_oai_cs_2016/arxiv_oai_cs_2016.jsonl.gz", 102_538, 17_361),
     ("arxiv_daily_cs/arxiv_daily_cs.jsonl.gz", 74_728, 0)],
)
def test_the_real_scale_sets(name, count, with_doi):
    records = list(read_path(CORPORA / name))
    assert len(records) == count
    assert all(isinstance(r, Record) and r.arxiv_id and r.abstract and r.published for r in records)
    assert len({r.arxiv_id for r in records}) == count
    assert sum(r.doi is not None for r in records) == with_doi
