"""The table reader: CSV and JSON Lines by usual column names or an explicit mapping."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model import Failed, Record
from kg.sources import read_path
from kg.sources.tabular import NAME, read, sniff

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data" / "tabular"
PAPERLISTS = HERE.parents[2] / "shared" / "corpora" / "paperlists_conferences" / "paperlists_linked.jsonl.gz"


def test_a_csv_row_gives_every_field_found_under_usual_names():
    first = next(read_path(DATA / "papers.csv"))
    assert first == Record(
        source=str(DATA / "papers.csv"),
        line=2,
        format=NAME,
        title="Loomformer: Weaving Attention Patterns into Punched Cards",
        abstract="We propose Loomformer, a model that weaves attention.",
        authors=("Ada Byron", "Charles Babbage"),
        authors_count=2,
        institutions=("Analytical Society",),
        date="2025",
        arxiv_id="2501.00001",
        doi="10.1234/loom.2025.1",
        urls=("https://github.com/example/loomformer",),
        categories=("looms", "attention"),
    )


def test_rows_spanning_lines_keep_their_start_line_and_an_untitled_row_fails_alone():
    outcomes = list(read_path(DATA / "papers.csv"))
    assert outcomes[1].line == 4 and outcomes[1].reason.startswith("no title (looked in 'title', 'paper title'")
    assert isinstance(outcomes[1], Failed)
    assert (outcomes[2].line, outcomes[2].title, outcomes[2].published) == (5, "On Computable Tables", "2025-01-04")


def test_json_lines_with_lists_links_and_repeated_affiliations():
    first, second = read_path(DATA / "papers.jsonl")
    assert first.arxiv_id == "2501.00001"  # from the arxiv.org project link
    assert first.urls == ("https://github.com/example/loomformer",)
    assert first.institutions == ("Analytical Society",)
    assert first.authors == ("Ada Byron", "Charles Babbage")
    assert (second.authors, second.categories, second.upvotes, second.published) == (
        ("Grace Hopper", "Alan Turing"), ("compilers", "tables"), 5, "2025-01-04")


def test_a_mapping_names_the_columns():
    mapping = {"title": "Name of the work", "abstract": "Blurb", "authors": "Written by", "urls": ["Repository"]}
    (record,) = read_path(DATA / "custom_columns.csv", "tabular", {"mapping": mapping})
    assert (record.title, record.abstract, record.authors, record.urls) == (
        "Loomformer", "Weaves attention.", ("Ada Byron",), ("https://github.com/example/loomformer",))


def test_a_mapping_overrides_a_usual_name():
    rows = io.StringIO("title,Real Title\nwrong,Right\n")
    (record,) = read(rows, "inline.csv", mapping={"title": "Real Title"})
    assert record.title == "Right"


def test_a_mapping_to_an_absent_column_or_unknown_field_is_refused():
    with pytest.raises(InputError, match="mapped columns \\['Headline'\\] are not in the header"):
        list(read_path(DATA / "papers.csv", "tabular", {"mapping": {"title": "Headline"}}))
    with pytest.raises(InputError, match="unknown fields \\['venue'\\]"):
        list(read_path(DATA / "papers.csv", "tabular", {"mapping": {"venue": "Journal"}}))


def test_sniff_claims_only_tables_with_a_title_column():
    assert sniff("Paper Title,Abstract\nx,y\n", "t.csv")
    assert sniff('{"title": "x", "github": "y"}\n', "t.jsonl")
    assert not sniff("Name,Blurb\nx,y\n", "t.csv")
    assert not sniff("title\nonly one column\n", "t.csv")
    assert not sniff('{"paper": {"id": "1"}}', "t.json")


@pytest.mark.slow
def test_the_real_conference_lists():
    records = list(read_path(PAPERLISTS))
    with gzip.open(PAPERLISTS, "rt", encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines]
    assert len(records) == len(rows) == 9916
    assert all(isinstance(r, Record) and r.authors for r in records)
    assert all(r.arxiv_id for r, row in zip(records, rows) if row.get("arxiv"))
    unlinked = [row["github"] for r, row in zip(records, rows) if row.get("github") and not r.urls]
    # what is left is not an address: "PEPDS_github", "github.com", "teapearce.github.io", ...
    assert len(unlinked) == 10
    first = records[0]
    assert (first.title, first.authors, first.doi, first.arxiv_id, first.urls) == (
        "A Fast Algorithm for PAC Combinatorial Pure Exploration", ("Noa Ben-David", "Sivan Sabato"),
        "10.1609/aaai.v36i6.20553", "2112.04197", ("https://github.com/noabdavid/csale",))
