"""`kg view` from the user's side: the page it names is what the browser is asked to open.

The "browser" is a script named by BROWSER (the variable Python's webbrowser module
honours) that records the URL it was given; kg runs in a subprocess so that webbrowser
reads the variable afresh.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from kg.exporters import export
from kg.pipeline import EXAMPLE


@pytest.fixture
def browser_log(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose browser writes the URL it opens to the returned file."""
    log = tmp_path / "opened.txt"
    script = tmp_path / "record-url"
    script.write_text(f'#!/bin/sh\nprintf "%s" "$1" > "{log}"\n')
    script.chmod(0o755)
    return os.environ | {"BROWSER": str(script)}, log


def _kg(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], env=env, capture_output=True, text=True, timeout=300)


def test_view_opens_an_existing_page(browser_log, tiny_graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    env, log = browser_log
    (page,) = export(tiny_graph, "html", tmp_path / "my graph.html")
    result = _kg("view", str(page), env=env)
    assert result.returncode == 0, result.stderr
    assert log.read_text() == page.resolve().as_uri()
    assert f"opened {page.resolve().as_uri()}" in result.stdout


def test_view_of_a_workspace_writes_the_page_first(browser_log, tmp_path: Path) -> None:
    env, log = browser_log
    db = tmp_path / "kg.db"
    assert _kg("ingest", str(EXAMPLE), "--db", str(db), env=env).returncode == 0
    result = _kg("view", "--db", str(db), "--max-nodes", "25", env=env)
    assert result.returncode == 0, result.stderr
    page = tmp_path / "graph.html"
    assert log.read_text() == page.resolve().as_uri()
    block = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page.read_text("utf-8"), re.S)
    data = json.loads(block.group(1))
    assert len(data["nodes"]) == 25 < data["total"]
    assert data["rankedBy"] == "PageRank"  # the workspace was analysed before drawing


def test_view_needs_exactly_one_source(tmp_path: Path) -> None:
    result = _kg("view", env=dict(os.environ))
    assert result.returncode == 2 and "give either FILE.html or --db PATH" in result.stderr
    missing = _kg("view", str(tmp_path / "nope.html"), env=dict(os.environ))
    assert missing.returncode == 2 and "does not exist" in missing.stderr
