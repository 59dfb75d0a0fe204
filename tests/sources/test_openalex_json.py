"""The OpenAlex reader: list pages and single works, abstracts rebuilt, references by id."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import Failed, Record, WorkRef
from kg.sources import read_path
from kg.sources.openalex_json import NAME, abstract_text, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "openalex_json"
CORPORA = HERE.parents[2] / "shared" / "corpora"


def test_a_work_gives_every_field():
    first = next(read_path(DATA / "page.json"))
    assert first == Record(
        source=str(DATA / "page.json"),
        line=4,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention.",
        authors=("Ada Byron", "Charles Babbage"),
        authors_count=2,
        institutions=("Analytical Society", "Difference Works"),
        date="2025-01-02",
        published="2025-01-02",
        arxiv_id="2501.00001",
        doi="10.48550/arxiv.2501.00001",
        openalex_id="W1001",
        references=(WorkRef(openalex_id="W2002"), WorkRef(openalex_id="W2003")),
    )


def test_each_work_of_a_page_has_its_own_line_and_an_untitled_one_fails_alone():
    outcomes = list(read_path(DATA / "page.json"))
    assert [o.line for o in outcomes] == [4, 22, 30]
    assert outcomes[1] == Failed(str(DATA / "page.json"), 22, "no title")
    located = outcomes[2]
    assert (located.arxiv_id, located.date, located.published, located.abstract) == ("2412.09999", "2024", None, "")
    assert located.references == (WorkRef(openalex_id="W1001"),)


def test_a_single_work_response():
    (work,) = read_path(DATA / "work.json")
    assert (work.openalex_id, work.doi, work.abstract, work.arxiv_id) == ("W2003", "10.1234/rings", "Ideal and Ideal", None)


def test_words_repeated_at_several_positions_go_back_to_each():
    assert abstract_text({"to": [0, 4], "be": [1, 5], "or": [2], "not": [3]}) == "to be or not to be"
    assert abstract_text(None) == ""


def test_sniff_wants_openalex_work_ids():
    assert sniff('{"meta": {}, "results": [{"id": "https://openalex.org/W1", "doi": null}]}', "p.json")
    assert not sniff('{"ids": {"open_alex_id": "https://openalex.org/W1"}}', "p.json")


@pytest.mark.parametrize(
    ("path", "works", "failed", "references"),
    [
        ("citations/openalex_biodiversity_finance/works_page1.json.gz", 200, 0, 2682),
        ("citations/openalex_snowball/seeds.json", 2, 0, 43),
        ("citations/openalex_snowball/citing.json", 5, 0, 298),
        ("citations/openalex_snowball/cited.json", 37, 1, 1026),
        ("formats/openalex_json/work_W2741809807.json", 1, 0, 45),
    ],
)
def test_real_responses(path, works, failed, references):
    outcomes = list(read_path(CORPORA / path))
    records = [o for o in outcomes if isinstance(o, Record)]
    assert (len(records), len(outcomes) - len(records)) == (works, failed)
    assert sum(len(r.references) for r in records) == references
    assert all(r.openalex_id and r.openalex_id.startswith("W") for r in records)


def test_the_snowball_cites_inside_itself():
    folder = CORPORA / "citations" / "openalex_snowball"
    records = [o for name in ("seeds.json", "citing.json", "cited.json") for o in read_path(folder / name)]
    works = {r.openalex_id for r in records if isinstance(r, Record)}
    inside = {(r.openalex_id, ref.openalex_id) for r in records if isinstance(r, Record)
              for ref in r.references if ref.openalex_id in works}
    # 45 works and 76 edges, less the untitled work (W2963341956) and its 4 edges
    assert len(works) == 44 and len(inside) == 72


def test_the_single_work_reads_exactly():
    (work,) = read_path(CORPORA / "formats" / "openalex_json" / "work_W2741809807.json")
    assert work.doi == "10.7717/peerj.4375" and work.published == "2018-02-13"
    assert work.authors[0] == "Heather Piwowar"
    assert "Impact Technology Development (United States)" in work.institutions
    assert work.abstract.startswith("Despite growing interest in Open Access")
