"""Every hostile file is read correctly or rejected in one line that names it.

These tests drive the real source layer (`kg.sources.read_path`) on files generated here:
odd encodings must decode to exactly the text written, and anything kg cannot read must
come back as an `InputError` (whole file) or a `Failed` (one record) naming the file and,
where there is one, the line.
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import InputError
from kg.model import Failed, Record
from kg.sources import SOURCES, read_path

WESTERN_TITLES = (
    "Café-Net: naïve Bayes für Müller",
    "Señor Gödel and the Æther",
    "Fréchet distance à la française",
)


def _outcomes(path: Path) -> list[Record | Failed]:
    return list(read_path(path))


def _titles(path: Path) -> list[str]:
    outcomes = _outcomes(path)
    assert all(isinstance(o, Record) for o in outcomes), [str(o) for o in outcomes if isinstance(o, Failed)]
    return [o.title for o in outcomes]


def _rejection(path: Path) -> InputError:
    with pytest.raises(InputError) as caught:
        _outcomes(path)
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path)), message
    return caught.value


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
def test_unicode_encodings_with_a_byte_order_mark_or_utf8_read_exactly(encoding, write_listing, hostile_titles):
    path = write_listing(f"{encoding}.txt", hostile_titles, encoding)
    assert _titles(path) == list(hostile_titles)


CYRILLIC_TITLES = ("Глубокое обучение для распознавания речи", "Нейронные сети и трансформеры в переводе",
                   "Обучение с подкреплением без модели")
CHINESE_TITLES = ("深度学习在语音识别中的应用", "基于注意力机制的神经机器翻译", "大规模预训练语言模型研究")


@pytest.mark.parametrize("encoding, titles", [
    ("latin-1", WESTERN_TITLES),
    ("cp1252", WESTERN_TITLES),
    ("cp1251", CYRILLIC_TITLES),
    ("gb18030", CHINESE_TITLES),
])
def test_legacy_encodings_are_detected_not_garbled(encoding, titles, write_listing):
    path = write_listing(f"{encoding}.txt", titles, encoding, bullet=False)
    assert _titles(path) == list(titles)


def test_a_gzipped_utf16_listing_reads_like_the_plain_one(write_listing, hostile_titles, tmp_path):
    plain = write_listing("plain.txt", hostile_titles, "utf-16")
    packed = tmp_path / "packed.txt.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert _titles(packed) == list(hostile_titles)


def test_a_few_bad_bytes_in_utf8_cost_only_those_bytes(write_listing, hostile_titles):
    path = write_listing("cut.txt", hostile_titles)
    path.write_bytes(path.read_bytes() + "\nTrailing note cut mid-character 🤖".encode()[:-2] + b"\n")
    outcomes = _outcomes(path)
    assert [o.title for o in outcomes if isinstance(o, Record)] == list(hostile_titles)
    (failure,) = [o for o in outcomes if isinstance(o, Failed)]
    assert "Trailing note cut mid-character \ufffd" in failure.reason


@pytest.mark.parametrize(
    "name, content, line",
    [
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, 3),
        ("nul_late.txt", ("new\n\nSubscribe\n\n" + "x" * 100 + "\n") * 2000 + "\x00tail\n", 10001),
        ("utf16_nul.txt", "Daily Papers\nfine\nbad \x00 here\n".encode("utf-16"), 3),
    ],
)
def test_nul_bytes_anywhere_reject_the_file_at_their_line(name, content, line, tmp_path):
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    error = _rejection(path)
    assert "NUL" in error.reason and error.line == line


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n\r\n", "empty file"),
        ("prose.txt", b"Just a note to self.\nNothing to see here.\n", "unknown format"),
        ("notes.md", "# Reading list\n\n- one\n- two 🤖\n".encode(), "unknown format"),
        ("damaged.txt.gz", gzip.compress(b"new\nSubscribe\n" * 100, mtime=0)[:40], "damaged gzip"),
        ("bad_bom.txt", b"\xff\xfeA\x00B", "damaged utf-16"),
        ("random.bin", bytes((i * 7919 + 13) % 255 + 1 for i in range(20000)), ""),
    ],
)
def test_unreadable_files_are_rejected_in_one_line_naming_them(name, content, reason, tmp_path):
    path = tmp_path / name
    path.write_bytes(content)
    assert reason in _rejection(path).reason


def test_a_missing_file_is_rejected_in_one_line(tmp_path):
    assert _rejection(tmp_path / "gone.txt").reason


def test_a_ten_megabyte_line_is_rejected_quickly(tmp_path):
    path = tmp_path / "one_line.txt"
    path.write_text("word " * 2_000_000)
    started = time.perf_counter()
    assert "unknown format" in _rejection(path).reason
    assert time.perf_counter() - started < 10


def test_a_ten_megabyte_line_inside_a_listing_costs_only_its_entry(write_listing, hostile_titles):
    path = write_listing("huge_entry.txt", hostile_titles)
    good = path.read_text()
    path.write_text(good + "\n" + "A runaway paragraph " * 500_000 + "\n\n" + good.split("Mar 3\n\n", 1)[1])
    started = time.perf_counter()
    outcomes = _outcomes(path)
    assert time.perf_counter() - started < 20
    titles = [o.title for o in outcomes if isinstance(o, Record)]
    assert titles == list(hostile_titles) * 2
    failures = [o for o in outcomes if isinstance(o, Failed)]
    assert failures and all(f.source == str(path) and f.line for f in failures)
    assert all("\n" not in str(f) and len(str(f)) < 1000 for f in failures)


def _hf_api_items(titles: list[str]) -> list[dict]:
    return [
        {"paper": {"id": f"2501.{i:05d}", "title": title, "summary": f"We propose thing {i}.",
                   "authors": [{"name": "Ada"}], "publishedAt": "2025-01-02T17:30:00.000Z", "upvotes": i},
         "publishedAt": "2025-01-03T00:00:00.000Z", "title": title, "numComments": 0}
        for i, title in enumerate(titles)
    ]


def test_hostile_titles_survive_json(hostile_titles, tmp_path):
    path = tmp_path / "daily.json"
    path.write_text(json.dumps(_hf_api_items(list(hostile_titles)), indent=1))
    assert _titles(path) == list(hostile_titles)


def test_truncated_json_keeps_what_came_before_and_names_the_line(hostile_titles, tmp_path):
    path = tmp_path / "daily.json"
    text = json.dumps(_hf_api_items(list(hostile_titles)), indent=1)
    path.write_text(text[: text.index('"2501.00003"')])
    outcomes = _outcomes(path)
    assert [o.title for o in outcomes if isinstance(o, Record)] == list(hostile_titles[:3])
    (failure,) = [o for o in outcomes if isinstance(o, Failed)]
    assert failure.source == str(path) and failure.line == path.read_text().count("\n") + 1
    assert "invalid JSON" in failure.reason


def test_duplicate_ids_in_one_file_are_all_read(tmp_path):
    items = _hf_api_items(["First spelling", "Second spelling"])
    items[1]["paper"]["id"] = items[0]["paper"]["id"]
    path = tmp_path / "dupes.json"
    path.write_text(json.dumps(items))
    outcomes = _outcomes(path)
    assert [(o.arxiv_id, o.title) for o in outcomes] == [("2501.00000", "First spelling"),
                                                          ("2501.00000", "Second spelling")]


def _atom(titles: list[str]) -> str:
    entries = "".join(
        f"<entry><id>http://arxiv.org/abs/2501.{i:05d}v1</id><title>{escape(t)}</title>"
        f"<summary>We propose thing {i}.</summary><published>2025-01-02T17:30:00Z</published>"
        f"<author><name>Ada</name></author></entry>\n"
        for i, t in enumerate(titles)
    )
    head = '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<id>http://arxiv.org/api/x</id>\n'
    return f"{head}{entries}</feed>\n"


def test_hostile_titles_survive_xml(hostile_titles, tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(_atom(list(hostile_titles)))
    assert _titles(path) == list(hostile_titles)


@pytest.mark.parametrize("damage", ["truncate", "unclosed_tag", "dtd"])
def test_malformed_xml_keeps_what_came_before_and_names_the_line(damage, hostile_titles, tmp_path):
    text = _atom(list(hostile_titles))
    cut = text.index("<entry><id>http://arxiv.org/abs/2501.00004")
    damaged = {
        "truncate": text[: cut + 60],
        "unclosed_tag": text[:cut] + "<entry><title>oops</entry>\n" + text[cut:],
        "dtd": text.replace("<feed", '<!DOCTYPE feed [<!ENTITY x "y">]>\n<feed', 1),
    }[damage]
    path = tmp_path / "feed.xml"
    path.write_text(damaged)
    outcomes = _outcomes(path)
    kept = [o.title for o in outcomes if isinstance(o, Record)]
    assert kept == ([] if damage == "dtd" else list(hostile_titles[:4]))
    (failure,) = [o for o in outcomes if isinstance(o, Failed)]
    assert failure.source == str(path) and failure.line and "\n" not in str(failure)


def test_malformed_bibtex_keeps_the_good_entries_and_names_the_bad_line(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{good1,\n  title = {A Good Entry},\n  year = {2020}\n}\n\n"
        "@article{broken,\n  title = {Never closed,\n  year = 2021\n\n"
        "@misc{good2,\n  title = {Another Good One},\n  year = {2022}\n}\n"
        "@article{nokey title = \"missing comma\" }\n"
    )
    outcomes = _outcomes(path)
    titles = [o.title for o in outcomes if isinstance(o, Record)]
    failures = [o for o in outcomes if isinstance(o, Failed)]
    assert "A Good Entry" in titles
    assert failures and all(f.source == str(path) and f.line for f in failures)
    assert all("\n" not in str(f) for f in failures)


def test_deeply_nested_json_costs_only_its_item(tmp_path):
    items = _hf_api_items(["Good", "Deep"])
    items[1]["numComments"] = "DEEP"
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(items, indent=1).replace('"DEEP"', "[" * 100_000 + "]" * 100_000))
    outcomes = _outcomes(path)
    assert [o.title for o in outcomes if isinstance(o, Record)] == ["Good"]
    assert [o.source for o in outcomes if isinstance(o, Failed) and o.line] == [str(path)]


#: fragments of every supported format, so generated files get past the first checks of each reader.
_FRAGMENTS = st.sampled_from([
    "{", "}", "[", "]", '"', ",", ":", "\n", " ", "null", "1", '"title"', '"paper"', '"id"', '"2501.00001"',
    '"abstract"', '"authors"', '"results"', '"data"', '"message"', '"items"', '"references"', '"DOI"',
    '"metadata"', '"categories"', '"authorships"', "@article{", "title = {", "TY  - ", "TI  - ", "ER  - ",
    '<feed xmlns="http://www.w3.org/2005/Atom">', "<entry>", "</entry>", "<title>", "</title>", "&amp;", "&x;",
    "\u00b7", "  \u2022 3 authors", "Mar 3", "Feb 30, 2023", "Subscribe", "title,abstract\n", "\t",
])


@pytest.mark.parametrize("name", sorted(SOURCES))
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_FRAGMENTS | st.text(max_size=4), max_size=40))
def test_every_reader_yields_or_rejects_and_never_raises(name, parts, tmp_path):
    path = tmp_path / "fuzz.txt"
    path.write_text("".join(parts), encoding="utf-8")
    try:
        outcomes = list(read_path(path, format=name))
    except InputError as error:
        assert "\n" not in str(error)
        return
    assert all(isinstance(o, Record) or (isinstance(o, Failed) and o.source == str(path) and "\n" not in str(o))
               for o in outcomes)
