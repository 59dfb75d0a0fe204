"""Paper cards: the guideline's fields, facts in text order, and evidence on request."""

from __future__ import annotations

import json

from click.testing import CliRunner

from kg.cli import cli
from kg.exporters.cards import export, paper_cards

FIELDS = ["id", "title", "authors_count", "org", "date", "upvotes", "proposes", "datasets", "methods", "repos", "links"]


def test_cards_have_exactly_the_guideline_fields_in_order(tiny_graph):
    cards = paper_cards(tiny_graph)
    assert [list(card) for card in cards] == [FIELDS, FIELDS]


def test_card_content_comes_from_the_paper_and_its_edges(tiny_graph):
    transformer, bert = paper_cards(tiny_graph)
    assert transformer["proposes"] == [{"name": "Transformer", "type": "method", "aliases": []}]
    assert transformer["datasets"] == ["WMT 2014"] and transformer["authors_count"] == 8
    assert bert["proposes"][0]["aliases"] == ["Bidirectional Encoder Representations from Transformers"]
    assert bert["methods"] == ["Transformer"]
    assert bert["repos"] == ["google-research/bert"]


def test_evidence_says_why_each_fact_is_there(tiny_graph):
    transformer = paper_cards(tiny_graph, evidence=True)[0]
    [proposal] = [e for e in transformer["evidence"] if e["rel"] == "proposes"]
    assert proposal["sentence"] == "We propose the Transformer, built on attention alone."
    assert proposal["span"] == [7, 22] and proposal["rule"] == "we_propose"


def test_export_writes_one_json_object_per_line(tiny_graph, tmp_path):
    [path] = export(tiny_graph, tmp_path / "papers.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [row["title"] for row in rows] == ["Attention Is All You Need", 'BERT: "deep" <bidirectional> & pre-training']


def test_cli_export_with_evidence(tmp_path):
    db, out = tmp_path / "kg.db", tmp_path / "cards.jsonl"
    from kg.pipeline import EXAMPLE

    assert CliRunner().invoke(cli, ["ingest", str(EXAMPLE), "--db", str(db)]).exit_code == 0
    result = CliRunner().invoke(cli, ["export", "jsonl", "--db", str(db), "--out", str(out), "--evidence"])
    assert result.exit_code == 0, result.output
    card = json.loads(out.read_text().splitlines()[0])
    assert all({"rule", "sentence", "span", "source", "confidence"} <= set(e) for e in card["evidence"])
    wrong = CliRunner().invoke(cli, ["export", "graphml", "--db", str(db), "--out", str(tmp_path / "g"), "--evidence"])
    assert wrong.exit_code == 2 and "jsonl" in wrong.output
