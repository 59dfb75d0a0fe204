"""Several formats written at once by forked workers: same files as one by one, errors as one line."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest

from kg.errors import ExportError
from kg.exporters import DEFAULT_FILES, EXPORTERS, export, export_many

FORMATS = ("jsonl", "turtle", "jsonld", "graphml", "neo4j", "ntriples", "gexf", "html")


def _targets(folder: Path, formats=FORMATS) -> dict[str, Path]:
    return {name: folder / DEFAULT_FILES[name] for name in formats}


def _contents(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def crash_exporter(graph: nx.MultiDiGraph, dest: Path, **options) -> list[Path]:
    """An exporter whose worker dies without a word, as one killed by the kernel would."""
    os._exit(3)


def pid_exporter(graph: nx.MultiDiGraph, dest: Path, **options) -> list[Path]:
    """Writes which process wrote it."""
    dest.write_text(str(os.getpid()))
    return [dest]


def buggy_exporter(graph: nx.MultiDiGraph, dest: Path, **options) -> list[Path]:
    """An exporter with a bug: an exception kg did not mean to raise."""
    return [dest / graph.graph["missing"]]


@pytest.mark.parametrize("workers", [1, 2, 3, None])
def test_workers_write_the_same_files_as_one_by_one(workers, random_graph, tmp_path) -> None:
    serial, forked = tmp_path / "serial", tmp_path / "forked"
    written = export_many(random_graph, _targets(forked), workers=workers)
    for name, dest in _targets(serial).items():
        export(random_graph, name, dest)
    assert _contents(forked) == _contents(serial)
    assert written[:3] == [forked / "papers.jsonl", forked / "graph.ttl", forked / "graph.jsonld"]
    assert set(written) == {forked / path for path in _contents(forked)}


def test_a_failing_format_raises_its_own_error_and_leaves_no_half_file(tiny_graph, tmp_path) -> None:
    tiny_graph.add_edge("paper:t-0123456789ab", "method:bert", key="admires", rel="admires")
    (tmp_path / "graph.ttl").write_text("the previous export")
    with pytest.raises(ExportError, match="unknown relation 'admires'") as raised:
        export_many(tiny_graph, _targets(tmp_path, ("turtle", "graphml")), workers=2)
    assert str(raised.value).count("\n") == 0
    assert (tmp_path / "graph.ttl").read_text() == "the previous export"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["graph.graphml", "graph.ttl"]


def test_an_unwritable_destination_is_one_line_naming_it(tiny_graph, tmp_path) -> None:
    (tmp_path / "taken").write_text("a file where a folder should be")
    with pytest.raises(ExportError, match="taken"):
        export_many(tiny_graph, {"jsonl": tmp_path / "papers.jsonl",
                                 "turtle": tmp_path / "taken" / "graph.ttl"}, workers=2)


def test_an_unknown_format_fails_before_anything_is_written(tiny_graph, tmp_path) -> None:
    with pytest.raises(ExportError, match="unknown export format 'png'"):
        export_many(tiny_graph, {"jsonl": tmp_path / "papers.jsonl", "png": tmp_path / "graph.png"}, workers=2)
    assert not list(tmp_path.iterdir())


def test_a_worker_that_dies_is_an_error_not_a_hang(tiny_graph, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(EXPORTERS, "crash", f"{__name__}:crash_exporter")
    with pytest.raises(ExportError, match="export of crash stopped without finishing .*exit code 3"):
        export_many(tiny_graph, {"crash": tmp_path / "x", "jsonl": tmp_path / "papers.jsonl"}, workers=2)


def test_a_bug_in_a_worker_carries_its_traceback(tiny_graph, tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(EXPORTERS, "buggy", f"{__name__}:buggy_exporter")
    with pytest.raises(ExportError, match="export of buggy failed: KeyError") as raised:
        export_many(tiny_graph, {"buggy": tmp_path / "x", "jsonl": tmp_path / "papers.jsonl"}, workers=2)
    assert "buggy_exporter" in "".join(raised.value.__notes__)


@pytest.mark.parametrize("memory_limit, forked", [(None, True), (1 << 40, True), (1, False)])
def test_writers_are_forked_only_while_they_fit_in_the_memory_limit(memory_limit, forked, tiny_graph, tmp_path,
                                                                    monkeypatch) -> None:
    monkeypatch.setitem(EXPORTERS, "pid", f"{__name__}:pid_exporter")
    monkeypatch.setitem(EXPORTERS, "pid2", f"{__name__}:pid_exporter")
    export_many(tiny_graph, {"pid": tmp_path / "a", "pid2": tmp_path / "b"}, workers=2, memory_limit=memory_limit)
    writers = {int((tmp_path / name).read_text()) for name in "ab"}
    assert (writers != {os.getpid()}) is forked and os.getpid() in writers
