"""Inferred citations are precise; explicit ones reach the corpus paper or a cited-work node."""

from __future__ import annotations

from kg.model import RelKind, WorkRef
from kg.resolve.citations import INFERRED_WEIGHT, explicit_citations, inferred_citations
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
