"""The RIS reader: rispy per record, mixed line ends, unclosed records reported."""

from __future__ import annotations

from pathlib import Path

from kg.model import Failed, Record
from kg.sources import read_path
from kg.sources.ris import NAME, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "ris"
SAMPLE = HERE.parents[2] / "shared" / "corpora" / "formats" / "ris" / "litstudy_ieee_xplore_example.ris"


def _outcomes() -> list[Record | Failed]:
    return list(read_path(DATA / "refs.ris"))


def test_a_record_gives_every_field():
    assert _outcomes()[0] == Record(
        source=str(DATA / "refs.ris"),
        line=1,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention.",
        authors=("Ada Byron", "Charles Babbage"),
        authors_count=2,
        date="2025/01/02/",
        published="2025-01-02",
        arxiv_id="2501.00001",
        doi="10.1234/loom.2025.1",
        urls=("https://github.com/example/loomformer",),
    )


def test_alternative_tags_and_a_free_text_date():
    tables = _outcomes()[1]
    assert (tables.line, tables.title, tables.authors, tables.abstract) == (
        15, "On Computable Tables", ("Alan Turing",), "Tables, computed.")
    assert (tables.date, tables.published) == ("1 Jan.-Feb. 2025", None)


def test_untitled_and_unclosed_records_fail_at_their_start_and_the_next_is_kept():
    outcomes = _outcomes()
    assert [(o.line, o.reason) for o in outcomes if isinstance(o, Failed)] == [
        (24, "no title"), (28, "RIS record not closed by an ER line")]
    assert outcomes[-1].title == "Kept After The Damage" and outcomes[-1].line == 30


def test_sniff_wants_a_type_line():
    assert sniff("TY  - JOUR\nTI  - x\nER  - \n", "x.ris")
    assert not sniff("TYPE - JOUR\n", "x.txt")


def test_the_real_ieee_export():
    records = list(read_path(SAMPLE))
    assert len(records) == 25
    assert all(isinstance(r, Record) and r.abstract and r.authors for r in records)
    assert sum(r.doi is not None for r in records) == 24
    first = records[0]
    assert (first.title, first.authors, first.doi, first.date) == (
        "The European Approach to the Exascale Challenge", ("G. Kalbe", "G. Kalbe"),
        "10.1109/mcse.2018.2884139", "1 Jan.-Feb. 2019")
