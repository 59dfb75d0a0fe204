"""Inferred citations are precise; explicit ones reach the corpus paper or a cited-work node."""

from __future__ import annotations

from kg.model import RelKind, WorkRef
from kg.resolve.citations import (
    INFERRED_WEIGHT,
    PREDATING_USES,
    explicit_citations,
    inferred_citations,
)
from kg.resolve.relations import Relation, RelationSet
from kg.store.workspace import work_keys


def _mention(paper: str, entity: str, confidence: float = 1.0) -> Relation:
    return Relation(paper, RelKind.USES_METHOD.value, entity, "Serpent", confidence, "vocabulary",
                    "We compare with Serpent.", "x.txt", "abstract", 13, 20)


def test_a_name_one_other_paper_proposed_gives_a_cites_edge_with_evidence():
    [edge] = inferred_citations([_mention("paper:b", "method:serpent", 0.9)],
                                {"method:serpent": {"paper:a"}}, {})
    assert (edge.src, edge.rel, edge.dst, edge.inferred) == ("paper:b", "cites", "paper:a", True)
    assert edge.confidence == round(INFERRED_WEIGHT * 0.9, 3)
    assert edge.evidence == "We compare with Serpent." and (edge.start, edge.end) == (13, 20)


def test_a_name_two_papers_propose_is_ambiguous_and_gives_no_edge():
    proposers = {"method:serpent": {"paper:a", "paper:c"}}
    assert list(inferred_citations([_mention("paper:b", "method:serpent")], proposers, {})) == []


def test_a_paper_does_not_cite_itself_for_its_own_name():
    assert list(inferred_citations([_mention("paper:a", "method:serpent")],
                                   {"method:serpent": {"paper:a"}}, {})) == []


def test_no_citation_of_a_paper_published_later():
    dates = {"paper:b": "2020-01-01", "paper:a": "2023-05-01"}
    assert list(inferred_citations([_mention("paper:b", "method:serpent")],
                                   {"method:serpent": {"paper:a"}}, dates)) == []


def test_names_nobody_in_the_corpus_proposed_give_no_edge():
    assert list(inferred_citations([_mention("paper:b", "method:bert")], {}, {})) == []


def test_explicit_references_reach_corpus_papers_or_cited_works():
    known = {"arxiv:1706.03762": "arxiv-1706.03762"}

    def find(keys):
        return next((known[k] for k in keys if k in known), None)

    refs = [
        ("paper:x", "refs.json", WorkRef(arxiv_id="1706.03762v5")),
        ("paper:x", "refs.json", WorkRef(doi="10.1000/XYZ", title="Elsewhere")),
        ("paper:x", "refs.json", WorkRef()),
    ]
    works, edges = explicit_citations(refs, find, work_keys)
    assert [(e.dst, e.rule, e.inferred) for e in edges] == [
        ("paper:arxiv-1706.03762", "reference_list", False),
        ("cited_work:doi-10-1000-xyz", "reference_list", False),
    ]
    assert works["cited_work:doi-10-1000-xyz"][2] == "Elsewhere"


def test_relation_set_keeps_the_most_confident_edge():
    relations = RelationSet()
    relations.add(_mention("paper:b", "method:x", 0.4))
    relations.add(_mention("paper:b", "method:x", 0.9))
    relations.add(_mention("paper:b", "method:x", 0.5))
    assert [r.confidence for r in relations] == [0.9]


def _predated(earlier_users: int, dates: dict[str, str | None] | None = None) -> list[Relation]:
    """Inferred edges for paper:z's mention of a name paper:a proposed in 2020, after
    `earlier_users` other papers (paper:u0, paper:u1, ...) used it in 2015."""
    users = [f"paper:u{i}" for i in range(earlier_users)]
    published = {"paper:a": "2020-06-01", "paper:z": "2022-01-01", **dict.fromkeys(users, "2015-01-01")}
    published.update(dates or {})
    mentions = (_mention(paper, "method:serpent") for paper in [*users, "paper:z"])  # a stream
    return list(inferred_citations(mentions, {"method:serpent": {"paper:a"}}, published))


def test_a_name_one_earlier_paper_used_still_cites_its_proposer():
    assert [(e.src, e.dst) for e in _predated(PREDATING_USES - 1)] == [("paper:z", "paper:a")]


def test_a_name_enough_papers_used_before_its_proposer_cites_nobody():
    assert _predated(PREDATING_USES) == []


def test_uses_on_the_proposal_date_or_undated_do_not_predate_it():
    same_day = {"paper:u0": "2020-06-01"}
    undated = {"paper:u0": None}
    assert [e.src for e in _predated(PREDATING_USES, same_day)] == ["paper:u0", "paper:z"]
    assert [e.src for e in _predated(PREDATING_USES, undated)] == ["paper:u0", "paper:z"]


def test_an_undated_proposer_is_never_predated():
    assert [e.src for e in _predated(PREDATING_USES, {"paper:a": None})] == ["paper:u0", "paper:u1", "paper:z"]


def test_predating_uses_of_one_name_leave_other_names_citing():
    published = {"paper:a": "2020-06-01", "paper:u0": "2015-01-01", "paper:u1": "2015-01-01",
                  "paper:z": "2022-01-01"}
    mentions = [_mention("paper:u0", "method:np-hard"), _mention("paper:u1", "method:np-hard"),
                _mention("paper:z", "method:np-hard"), _mention("paper:z", "method:serpent")]
    proposers = {"method:np-hard": {"paper:a"}, "method:serpent": {"paper:a"}}
    edges = inferred_citations(mentions, proposers, published)
    assert [(e.src, e.dst, e.evidence) for e in edges] == [("paper:z", "paper:a", "We compare with Serpent.")]
