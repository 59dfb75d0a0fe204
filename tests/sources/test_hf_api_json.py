"""The Hugging Face Daily Papers API reader: arrays and JSON Lines, old and new schema."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from kg.model import Failed, Record
from kg.sources import read_path
from kg.sources.hf_api_json import NAME, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "hf_api_json"
SAMPLES = HERE.parents[2] / "shared" / "corpora" / "formats" / "hf_daily_papers_api"
ARCHIVE = HERE.parents[2] / "shared" / "corpora" / "hf_daily_papers" / "hf_daily_papers.jsonl.gz"


def test_a_current_item_gives_every_field():
    first = list(read_path(DATA / "daily.json"))[0]
    assert first == Record(
        source=str(DATA / "daily.json"),
        line=2,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention.",
        authors=("Ada Byron", "Charles Babbage"),
        authors_count=2,
        org="Analytical Engines Ltd",
        date="2025-01-02",
        published="2025-01-02",
        upvotes=42,
        arxiv_id="2501.00001",
        urls=("https://github.com/example/loomformer", "https://loomformer.example.org/"),
    )


def test_the_wrapper_fills_what_the_paper_lacks_and_versions_are_dropped():
    second = list(read_path(DATA / "daily.json"))[1]
    assert (second.line, second.title, second.arxiv_id, second.upvotes) == (22, "Compiling Without Bugs", "2501.00002", 0)
    assert second.abstract.startswith("A wrapper-only title")
    assert second.org is None and second.urls == ()


def test_a_broken_line_and_an_untitled_item_fail_alone():
    outcomes = list(read_path(DATA / "daily.jsonl"))
    failed = [(o.line, o.reason) for o in outcomes if isinstance(o, Failed)]
    assert [line for line, _ in failed] == [2, 3]
    assert failed[0][1].startswith("invalid JSON") and failed[1][1] == "no title"
    assert [o.title for o in outcomes if isinstance(o, Record)] == ["On Computable Tables", "Kept After The Damage"]


def test_sniff_wants_the_daily_papers_shape():
    assert sniff('[{"paper":{"id":"2404.02258","upvotes":3}}]', "x.json")
    assert not sniff('{"paper": {"id": "1"}, "title": "no daily keys"}', "x.json")
    assert not sniff("@article{x, title={paper: {}}}", "x.bib")
    many_authors = ", ".join(f'{{"_id": "{n}", "name": "Author {n}", "hidden": false}}' for n in range(2000))
    assert sniff('[{"paper": {"id": "2501.00001", "authors": [' + many_authors, "big.json")


@pytest.mark.parametrize(
    ("name", "papers"),
    [("2024-04-04_api_response_raw.json", 8), ("2026-08-19.json", 26), ("2026-08-20.json", 15), ("2026-08-21.json", 17)],
)
def test_real_api_responses(name, papers):
    records = list(read_path(SAMPLES / name))
    raw = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
    assert all(isinstance(r, Record) for r in records)
    assert len(records) == papers == len(raw)
    for record, item in zip(records, raw):
        assert record.arxiv_id == item["paper"]["id"]
        assert record.upvotes == item["paper"]["upvotes"]
        assert (item["paper"].get("githubRepo") in record.urls) == bool(item["paper"].get("githubRepo"))
    assert all(r.published and r.authors for r in records)


def test_the_2024_response_reads_its_first_paper_exactly():
    first = next(read_path(SAMPLES / "2024-04-04_api_response_raw.json"))
    assert first.arxiv_id == "2404.02258"
    assert first.title == "Mixture-of-Depths: Dynamically allocating compute in transformer-based language models"
    assert first.authors[0] == "David Raposo" and first.authors_count == 6
    assert first.published == "2024-04-02"


@pytest.mark.slow
def test_the_whole_archive_reads_without_a_failure():
    records = list(read_path(ARCHIVE))
    assert len(records) == 9581
    assert all(isinstance(r, Record) for r in records)
    with gzip.open(ARCHIVE, "rt", encoding="utf-8") as lines:
        repos = [json.loads(line)["paper"].get("githubRepo") for line in lines]
    unwrapped = [re.sub(r"\s", "", repo) if repo else None for repo in repos]
    assert sum(repo in record.urls for record, repo in zip(records, unwrapped) if repo) == 3692
    assert len({r.arxiv_id for r in records}) == 9577
