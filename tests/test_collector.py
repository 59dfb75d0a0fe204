"""The garbage collector pause: off inside, as it was afterwards, even after an error."""

from __future__ import annotations

import gc

import pytest

from kg.analysis import analyze
from kg.collector import paused_collector


def test_the_collector_is_back_on_after_the_block_and_after_an_error():
    assert gc.isenabled()
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_collector():
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off():
    gc.disable()
    try:
        with paused_collector():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_analysis_runs_with_the_collector_paused(tiny_graph, monkeypatch):
    seen = []
    monkeypatch.setattr("kg.analysis.describe", lambda *args, **kw: seen.append(gc.isenabled()) or [])
    analyze(tiny_graph)
    assert seen == [False] and gc.isenabled()
