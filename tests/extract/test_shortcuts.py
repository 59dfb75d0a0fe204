"""The shortcuts that keep extraction cheap find exactly what the patterns they stand for find.

Each shortcut tries a pattern only where a cue occurs, or replaces a pattern compiled per
name with a substring search; random texts made of the characters that matter check
that nothing is lost or added.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.mentions import (
    _COMPARISON,
    _COMPARISON_STARTS,
    _DASHES,
    _DATASET_ANCHOR,
    _DATASET_ANCHOR_CUES,
    _TRIGGER,
    _TRIGGER_STARTS,
)
from kg.extract.proposals import _standalone
from kg.extract.text import matches_at, occurrences

_PIECES = st.sampled_from(
    ["such as", "like", "e.g.,", "i.e.", "(", ")", ":", " - ", "\u2013", "\u00a0-", " than ", "over",
     "moreover", "compared with", "outperforms", " datasets", "benchmark", "x", "Net", "A", " ", ",", "-"]
)
_TEXTS = st.lists(_PIECES, max_size=12).map("".join)


def _spans(matches) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_list_triggers_are_found_where_finditer_finds_them(text: str) -> None:
    starts = occurrences(text, _TRIGGER_STARTS) + [at - 1 for at in occurrences(text, _DASHES)]
    assert _spans(matches_at(_TRIGGER, text, starts)) == _spans(_TRIGGER.finditer(text))


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_comparisons_and_anchors_are_found_where_finditer_finds_them(text: str) -> None:
    compared = matches_at(_COMPARISON, text, occurrences(text, _COMPARISON_STARTS))
    assert _spans(compared) == _spans(_COMPARISON.finditer(text))
    anchors = matches_at(_DATASET_ANCHOR, text, [at - 1 for at in occurrences(text, _DATASET_ANCHOR_CUES)])
    assert _spans(anchors) == _spans(_DATASET_ANCHOR.finditer(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab-_ .é1", max_size=24), st.text(alphabet="ab-", min_size=1, max_size=3))
def test_standalone_names_are_what_the_boundary_pattern_finds(text: str, name: str) -> None:
    for both_ends, pattern in ((False, rf"(?<![\w\-]){re.escape(name)}"),
                               (True, rf"(?<![\w\-]){re.escape(name)}(?![\w\-])")):
        found = list(_standalone(text, name, both_ends=both_ends))
        assert found == [match.start() for match in re.finditer(pattern, text)]
