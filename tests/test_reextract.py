"""A workspace made by another extractor is re-extracted once, from the records it keeps."""

from __future__ import annotations

from kg.extract.fingerprint import extractor_fingerprint
from kg.pipeline import EXAMPLE, ingest
from kg.store import Workspace


def _facts(workspace: Workspace) -> list[tuple]:
    return sorted(tuple(row) for row in workspace.db.execute("SELECT * FROM facts"))


def test_an_unchanged_extractor_extracts_nothing_again(tmp_path):
    with Workspace(tmp_path / "kg.db") as workspace:
        first = ingest([EXAMPLE], workspace)
        again = ingest([EXAMPLE], workspace)
        assert workspace.extractor == extractor_fingerprint()
    assert (first.reextracted, again.reextracted, again.unchanged) == (0, 0, [EXAMPLE])


def test_facts_of_an_older_extractor_are_replaced_by_what_kg_finds_now(tmp_path):
    with Workspace(tmp_path / "fresh.db") as fresh:
        ingest([EXAMPLE], fresh)
        expected = _facts(fresh)
        relations = fresh.counts()["relations"]
    with Workspace(tmp_path / "old.db") as old:
        ingest([EXAMPLE], old)
        with old.transaction():
            old.db.execute("UPDATE facts SET name = 'stale', canonical = 'stale' WHERE rel = 'uses_method'")
            old.set_extractor("an-older-kg")
        report = ingest([EXAMPLE], old)
        assert report.reextracted == 22 and report.resolved is not None
        assert _facts(old) == expected
        assert old.counts()["relations"] == relations and old.extractor == extractor_fingerprint()
