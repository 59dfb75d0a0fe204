"""The workspace: papers merge by identity keys, files are atomic, foreign files are refused."""

from __future__ import annotations

import sqlite3

import pytest

from kg.errors import StoreError
from kg.model import EntityType, Evidence, Extraction, Mention, Record
from kg.store import Workspace
from kg.store.workspace import identity_keys


def _record(title: str, line: int = 1, **fields) -> Record:
    return Record(source="a.txt", line=line, format="test", title=title, **fields)


def _mention(name: str) -> Extraction:
    evidence = Evidence("a.txt", "abstract", f"We use {name}.", 7, 7 + len(name), "vocabulary", 0.9)
    return Extraction(mentions=(Mention(name, name, EntityType.DATASET, evidence),))


@pytest.fixture
def workspace(tmp_path):
    with Workspace(tmp_path / "kg.db") as ws:
        yield ws


def test_identity_keys_prefer_arxiv_then_doi_then_title():
    keys = identity_keys(arxiv_id="2401.00001v3", doi="10.1/ABC", title="A  Title!")
    assert keys == ["arxiv:2401.00001", "doi:10.1/abc", "title:a title"]


def test_same_title_from_two_sources_is_one_paper(workspace):
    with workspace.transaction():
        a = workspace.add_source("a.txt", "sha-a", "test")
        first = workspace.store_record(a, _record("Deep Residual Learning", date="Dec 10, 2015"), Extraction())
        b = workspace.add_source("b.json", "sha-b", "test")
        second = workspace.store_record(
            b, _record("deep residual learning.", arxiv_id="1512.03385", upvotes=4), Extraction())
    assert first == second
    paper = next(workspace.papers())
    assert (paper["date"], paper["upvotes"], paper["arxiv_id"]) == ("Dec 10, 2015", 4, "1512.03385")
    assert workspace.paper_id_for(["arxiv:1512.03385"]) == first


def test_first_stated_value_wins_but_longer_abstract_replaces(workspace):
    with workspace.transaction():
        s = workspace.add_source("a.txt", "sha", "test")
        workspace.store_record(s, _record("T", upvotes=2, abstract="short"), Extraction())
        workspace.store_record(s, _record("T", line=9, upvotes=7, abstract="a longer abstract"), Extraction())
    paper = next(workspace.papers())
    assert (paper["upvotes"], paper["abstract"]) == (2, "a longer abstract")


def test_records_sharing_a_line_are_all_kept_and_their_facts_once(workspace):
    with workspace.transaction():
        s = workspace.add_source("a.json", "sha", "test")
        for title in ("One", "Two", "Two"):
            workspace.store_record(s, _record(title), _mention("ImageNet"))
    counts = workspace.counts()
    assert (counts["papers"], counts["occurrences"], counts["facts"]) == (2, 3, 2)


def test_the_same_failure_is_listed_once(workspace):
    from kg.model import Failed

    for _ in range(2):
        workspace.add_failure(Failed("notes.md", None, "unknown format"))
    assert len(list(workspace.failures())) == 1


def test_a_failed_transaction_stores_nothing(workspace):
    with pytest.raises(RuntimeError):
        with workspace.transaction():
            s = workspace.add_source("a.txt", "sha", "test")
            workspace.store_record(s, _record("T"), Extraction())
            raise RuntimeError("crash in the middle of a file")
    assert workspace.counts()["papers"] == 0 and not workspace.has_source("sha")


def test_nested_transaction_rolls_back_alone(workspace):
    with workspace.transaction():
        s = workspace.add_source("a.txt", "sha", "test")
        workspace.store_record(s, _record("kept"), Extraction())
        with pytest.raises(ValueError):
            with workspace.transaction():
                workspace.store_record(s, _record("dropped", line=2), Extraction())
                raise ValueError
    assert [p["title"] for p in workspace.papers()] == ["kept"]


def test_records_round_trip_through_the_store(workspace):
    record = _record("T", authors=("Ada", "Alan"), categories=("cs.LG",))
    with workspace.transaction():
        workspace.store_record(workspace.add_source("a.txt", "sha", "test"), record, Extraction())
    [(_, path, stored)] = list(workspace.occurrences())
    assert (path, stored) == ("a.txt", record)


def test_storing_marks_dirty_and_resolve_clears_it(workspace):
    assert not workspace.dirty
    with workspace.transaction():
        workspace.add_source("a.txt", "sha", "test")
    assert workspace.dirty
    with workspace.transaction():
        workspace.replace_derived([], [])
    assert not workspace.dirty


def test_refuses_a_foreign_sqlite_file(tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a kg workspace"):
        Workspace(path)


def test_refuses_a_file_that_is_not_sqlite(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("hello, this is not a database at all" * 100)
    with pytest.raises(StoreError, match="not a kg workspace"):
        Workspace(path)


def test_missing_workspace_is_an_error_when_not_creating(tmp_path):
    with pytest.raises(StoreError, match="no such workspace"):
        Workspace(tmp_path / "none.db", create=False)


def _contents(workspace: Workspace) -> dict[str, list[tuple]]:
    """Every ingested table in insertion order, times left out."""
    tables = {"papers": "*", "paper_keys": "*", "occurrences": "*", "facts": "*"}
    return {table: [tuple(row) for row in workspace.db.execute(f"SELECT {cols} FROM {table} ORDER BY rowid")]
            for table, cols in tables.items()}


def test_a_batch_stores_exactly_what_its_records_stored_one_by_one_would(tmp_path):
    earlier = [(_record("Stored Before", arxiv_id="2401.00001"), Extraction())]
    batch = [
        (_record("A Paper", doi="10.1/a-b", abstract="short"), _mention("ImageNet")),
        (_record("stored before!", line=2, upvotes=3), Extraction()),         # found by a key in the workspace
        (_record("Another", line=3, doi="10.1/a.b"), Extraction()),           # same paper id, other keys
        (_record("A paper", line=4, arxiv_id="2402.00002", abstract="a longer one"), _mention("ImageNet")),
        (_record("Fresh", line=5, arxiv_id="2402.00002v2"), _mention("COCO")),  # found by a key added in the batch
    ]
    one_by_one, batched = Workspace(tmp_path / "one.db"), Workspace(tmp_path / "batch.db")
    with one_by_one, batched:
        for workspace in (one_by_one, batched):
            with workspace.transaction():
                workspace.store_records(workspace.add_source("a.txt", "sha-a", "test"), earlier)
        with one_by_one.transaction():
            source = one_by_one.add_source("b.txt", "sha-b", "test")
            ids = [one_by_one.store_record(source, record, extraction) for record, extraction in batch]
        with batched.transaction():
            assert batched.store_records(batched.add_source("b.txt", "sha-b", "test"), batch) == ids
        assert _contents(batched) == _contents(one_by_one)
        assert ids == ["doi-10-1-a-b", "arxiv-2401.00001"] + ["doi-10-1-a-b"] * 3
