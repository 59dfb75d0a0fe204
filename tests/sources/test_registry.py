"""The source registry: every real sample and fixture is detected as its format, gzip is
transparent, and reader options reach the reader or are refused by name."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.errors import InputError, UnknownFormatError
from kg.model import Failed, Record
from kg.sources import SOURCES, detect_format, iter_files, read_path, reader

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
SHARED = HERE.parents[2] / "shared"
CORPORA = SHARED / "corpora"

#: every real sample under ../shared, by the folder (or file prefix) it lives in.
SAMPLE_FORMATS = {
    "formats/arxiv_atom": "arxiv_atom",
    "formats/arxiv_oai_pmh": "arxiv_oai",
    "formats/bibtex": "bibtex",
    "formats/hf_daily_papers_api": "hf_api_json",
    "formats/openalex_json": "openalex_json",
    "formats/ris": "ris",
    "citations/openalex_biodiversity_finance": "openalex_json",
    "citations/openalex_snowball": "openalex_json",
    "citations/semantic_scholar_crossref/s2_": "semantic_scholar",
    "citations/semantic_scholar_crossref/crossref_": "crossref",
    "citations/unarxive_2022_sample": "unarxive",
    "arxiv_oai_cs_2016": "arxiv_jsonl",
    "arxiv_daily_cs": "arxiv_jsonl",
    "hf_daily_papers": "hf_api_json",
    "paperlists_conferences": "tabular",
}
NOT_SAMPLES = {"README.md", "README.original", "LICENSE", "SHA256SUMS", "requests.tsv", "request.txt"}
MY_FORMATS = sorted(set(SAMPLE_FORMATS.values()))


def _samples() -> list[Path]:
    return [p for p in iter_files([CORPORA]) if p.name not in NOT_SAMPLES]


def _expected(sample: Path) -> str:
    relative = sample.relative_to(CORPORA).as_posix()
    matches = [fmt for prefix, fmt in SAMPLE_FORMATS.items() if relative.startswith(prefix)]
    assert len(matches) == 1, f"{relative} has no single expected format"
    return matches[0]


def _fixtures() -> list[Path]:
    return [p for fmt in MY_FORMATS for p in sorted((DATA / fmt).iterdir()) if p.name != "custom_columns.csv"]


def test_every_sample_in_shared_has_an_expected_format():
    samples = _samples()
    assert len(samples) > 40
    assert {_expected(p) for p in samples} == set(MY_FORMATS)


@pytest.mark.parametrize("sample", _samples(), ids=lambda p: p.relative_to(CORPORA).as_posix())
def test_each_real_sample_is_detected_as_its_format(sample):
    assert detect_format(sample) == _expected(sample)


@pytest.mark.parametrize("seed", sorted((SHARED / "seeds").glob("*.txt")), ids=lambda p: p.name)
def test_saved_daily_pages_still_go_to_the_text_reader(seed):
    assert detect_format(seed) == "hf_daily_text"


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_each_fixture_is_detected_as_the_format_it_is_filed_under(fixture):
    assert detect_format(fixture) == fixture.parent.name


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_gzipped_file_reads_exactly_like_the_plain_one(fixture, tmp_path):
    packed = tmp_path / (fixture.name + ".gz")
    with fixture.open("rb") as plain, gzip.open(packed, "wb") as zipped:
        shutil.copyfileobj(plain, zipped)
    plain_outcomes = list(read_path(fixture))
    unpacked = [replace(o, source=str(fixture)) for o in read_path(packed)]
    assert detect_format(packed) == fixture.parent.name
    assert unpacked == plain_outcomes
    assert plain_outcomes


def test_every_registered_reader_keeps_the_contract():
    for name in SOURCES:
        module = reader(name)
        assert module.NAME == name
        assert callable(module.sniff) and callable(module.read)


def test_structured_formats_come_before_the_catch_all_table_reader():
    order = list(SOURCES)
    assert order[-1] == "tabular"
    assert order.index("unarxive") < order.index("arxiv_jsonl")
    assert order.index("hf_daily_text") > order.index("ris")


def test_options_reach_the_reader():
    options = {"mapping": {"title": "Name of the work"}}
    outcomes = list(read_path(DATA / "tabular" / "custom_columns.csv", "tabular", options))
    assert [o.title for o in outcomes] == ["Loomformer"]


def test_an_option_the_reader_does_not_take_is_named():
    with pytest.raises(InputError, match=r"format bibtex does not take option\(s\) mapping \(it takes: none\)"):
        list(read_path(DATA / "bibtex" / "refs.bib", options={"mapping": {"title": "x"}}))


def test_a_table_without_a_title_column_is_not_guessed_at():
    with pytest.raises(UnknownFormatError):
        detect_format(DATA / "tabular" / "custom_columns.csv")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_no_sniff_raises_on_any_text(head):
    for name in SOURCES:
        assert reader(name).sniff(head, "any.txt") in (True, False)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400), st.sampled_from(MY_FORMATS))
def test_no_reader_raises_on_any_text(text, name):
    outcomes = list(reader(name).read(io.StringIO(text), "any.txt"))
    assert all(isinstance(o, (Record, Failed)) for o in outcomes)


@settings(max_examples=100, deadline=None)
@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["paper", "title", "id", "authors", "results", "message", "items", "data",
                         "references", "citations", "metadata", "bib_entries", "abstract", "doi"]),
        inner, max_size=5),
    max_leaves=20,
), st.sampled_from(MY_FORMATS))
def test_no_reader_raises_on_any_json_shape(document, name):
    outcomes = list(reader(name).read(io.StringIO(json.dumps(document)), "any.json"))
    assert all(isinstance(o, (Record, Failed)) for o in outcomes)


def test_detection_reads_only_the_start_even_when_a_character_is_cut(tmp_path):
    listing = tmp_path / "cut.bib"
    # "é" is two bytes in UTF-8: the 64 KiB cut falls inside one
    listing.write_text("@misc{k, title={Cut}}\n% " + "é" * 40_000 + "\n", encoding="utf-8")
    assert detect_format(listing) == "bibtex"
    # 38 bytes of BOM and header, then 4-byte surrogate pairs: the cut splits one
    wide = tmp_path / "wide.ris"
    wide.write_text("TY  - JOUR\nTI  - x" + "\U0001F600" * 20_000 + "\nER  - \n", encoding="utf-16")
    assert (len("TY  - JOUR\nTI  - x") * 2 + 2 - 64 * 1024) % 4 != 0
    assert detect_format(wide) == "ris"


def test_detection_reports_damaged_and_empty_files(tmp_path):
    damaged = tmp_path / "damaged.json.gz"
    damaged.write_bytes(gzip.compress(b'{"paper": {}}')[:12])
    with pytest.raises(InputError, match="damaged gzip"):
        detect_format(damaged)
    empty = tmp_path / "empty.json"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="empty file"):
        detect_format(empty)
