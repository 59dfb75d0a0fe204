"""The examples in the analysis docstrings run and say what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "kg.analysis",
    "kg.analysis.centrality",
    "kg.analysis.communities",
    "kg.analysis.cooccurrence",
    "kg.analysis.engines",
    "kg.analysis.trends",
    "kg.analysis.views",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
