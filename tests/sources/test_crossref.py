"""The Crossref reader: single works, list pages, JATS abstracts and reference lists."""

from __future__ import annotations

from pathlib import Path

from kg.model import Failed, Record, WorkRef
from kg.sources import read_path
from kg.sources.crossref import NAME, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "crossref"
SAMPLES = HERE.parents[2] / "shared" / "corpora" / "citations" / "semantic_scholar_crossref"


def test_a_work_gives_every_field_and_its_references():
    (work,) = read_path(DATA / "work.json")
    assert work == Record(
        source=str(DATA / "work.json"),
        line=1,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention & cards.",
        authors=("Ada Byron", "The Loom Consortium"),
        authors_count=2,
        institutions=("Analytical Society",),
        date="2025-01-02",
        published="2025-01-02",
        doi="10.1234/loom.2025.1",
        references=(
            WorkRef(title="Looms", doi="10.1000/jacquard"),
            WorkRef(title="Engines, Volume 2"),
            WorkRef(arxiv_id="1706.03762"),
        ),
    )


def test_list_items_each_become_a_record_or_a_failure_naming_the_item():
    outcomes = list(read_path(DATA / "list.json"))
    assert [o.title for o in outcomes if isinstance(o, Record)] == ["On Computable Tables", "Rings"]
    assert [o.line for o in outcomes] == [2, 3, 4]
    assert outcomes[1] == Failed(str(DATA / "list.json"), 3, "10.1234/NO-TITLE: no title")
    assert (outcomes[0].date, outcomes[0].published) == ("2025", None)


def test_sniff_wants_a_crossref_message_or_work_keys():
    assert sniff('{"status":"ok","message-type":"work","message":{}}', "c.json")
    assert sniff('[{"DOI": "10.1/x", "reference-count": 0}]', "c.json")
    assert not sniff('{"doi": "10.1/x", "title": "t"}', "c.json")


def test_the_real_works():
    (litstudy,) = read_path(SAMPLES / "crossref_work_10.1016_j.softx.2022.101207.json")
    assert (litstudy.title, litstudy.doi, litstudy.date) == (
        "litstudy: A Python package for literature reviews", "10.1016/j.softx.2022.101207", "2022-12")
    assert len(litstudy.references) == 36  # of 38: two are unstructured text without any id
    assert sum(ref.doi is not None for ref in litstudy.references) == 13
    for name in ("crossref_work_10.1109_SAMOS.2013.6621096.json", "crossref_work_10.2139_ssrn.4079400.json"):
        (work,) = read_path(SAMPLES / name)
        assert work.doi and work.authors


def test_the_real_cursor_pages_list_dois_without_titles():
    outcomes = list(read_path(SAMPLES / "crossref_works_query_litstudy_cursor_start.json"))
    assert len(outcomes) == 2 and all(isinstance(o, Failed) and o.reason.endswith("no title") for o in outcomes)
    assert list(read_path(SAMPLES / "crossref_works_query_litstudy_cursor_next.json")) == []
