"""The Semantic Scholar reader: v1 and Graph API papers, references and citing papers."""

from __future__ import annotations

from pathlib import Path

from kg.model import Failed, Record, WorkRef
from kg.sources import read_path
from kg.sources.semantic_scholar import NAME, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "semantic_scholar"
SAMPLES = HERE.parents[2] / "shared" / "corpora" / "citations" / "semantic_scholar_crossref"
LOOM_S2 = "a" * 40


def test_a_v1_paper_gives_every_field_and_its_references():
    paper = next(read_path(DATA / "paper.json"))
    assert paper == Record(
        source=str(DATA / "paper.json"),
        line=1,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention.",
        authors=("Ada Byron", "Charles Babbage"),
        authors_count=2,
        date="2025",
        arxiv_id="2501.00001",
        doi="10.1234/loom.2025.1",
        s2_id=LOOM_S2,
        references=(
            WorkRef(title="Attention Is All You Need", arxiv_id="1706.03762", s2_id="b" * 40),
            WorkRef(title="Looms", doi="10.1000/jacquard"),
        ),
    )


def test_a_citing_paper_becomes_a_record_that_references_the_paper():
    outcomes = list(read_path(DATA / "paper.json"))
    citer = outcomes[1]
    assert (citer.title, citer.doi, citer.s2_id, citer.authors) == (
        "Building On Loomformer", "10.1234/citer", "c" * 40, ("Grace Hopper",))
    loom = WorkRef(
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        arxiv_id="2501.00001", doi="10.1234/loom.2025.1", s2_id=LOOM_S2)
    assert citer.references == (loom,)
    assert outcomes[2] == Failed(str(DATA / "paper.json"), 1, "citations[1]: no title")


def test_graph_api_hits_use_external_ids_and_publication_dates():
    first, second = read_path(DATA / "graph_search.json")
    assert (first.line, second.line) == (2, 3)
    assert (first.arxiv_id, first.doi, first.published, first.s2_id) == (
        "2501.00003", "10.1234/tables", "2025-01-04", "e" * 40)
    assert (second.title, second.authors, second.date) == ("Only A Title", (), None)


def test_sniff_wants_forty_hex_paper_ids():
    assert sniff('{"paperId": "' + "0" * 40 + '", "title": "x"}', "s2.json")
    assert not sniff('{"paperId": "W1", "title": "x"}', "s2.json")


def test_the_real_v1_responses():
    papers = sorted(SAMPLES.glob("s2_v1_paper_*.json"))
    outcomes = [o for path in papers for o in read_path(path)]
    assert all(isinstance(o, Record) for o in outcomes)
    firsts = [next(read_path(path)) for path in papers]
    assert len(firsts) == 9
    assert sum(len(p.references) for p in firsts) == 506
    assert len(outcomes) - len(firsts) == 920
    by_arxiv = {p.arxiv_id: p for p in firsts}
    assert by_arxiv["1705.10311"].title == (
        "Optimal Multi-Object Segmentation with Novel Gradient Vector Flow Based Shape Priors")
    assert by_arxiv["1705.10311"].doi == "10.1016/j.compmedimag.2018.08.004"


def test_the_real_search_pages():
    assert len(list(read_path(SAMPLES / "s2_graph_v1_search_exascale.json"))) == 100
    (hit,) = read_path(SAMPLES / "s2_graph_v1_search_litstudy.json")
    assert hit.title == "litstudy: A Python package for literature reviews"
    assert hit.s2_id == "53cd64fa35bdb93fee9792cf3fc88a2907ad1de2"
