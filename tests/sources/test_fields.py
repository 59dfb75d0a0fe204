"""Field normalisation shared by the readers: one paper read from two formats must agree."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.sources.fields import arxiv_id, clean, date_text, doi, iso_date, paper_urls


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2404.02258", "2404.02258"),
        ("2404.02258v3", "2404.02258"),
        ("http://arxiv.org/abs/1111.2011v2", "1111.2011"),
        ("https://arxiv.org/pdf/2412.09999v2", "2412.09999"),
        ("10.48550/arXiv.1611.01891", "1611.01891"),
        ("arXiv preprint arXiv:1705.10762", "1705.10762"),
        ("http://arxiv.org/abs/nucl-ex/0408020v1", "nucl-ex/0408020"),
        ("math.GT/0309136", "math.GT/0309136"),
        ("10.1103/PhysRevB.85.115117", None),
        ("06064", None),
        ("", None),
        (None, None),
    ],
)
def test_arxiv_ids_lose_their_version_and_wrapping(value, expected):
    assert arxiv_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://doi.org/10.7717/peerj.4375", "10.7717/peerj.4375"),
        ("http://dx.doi.org/10.1103/PhysRevB.85.115117", "10.1103/physrevb.85.115117"),
        ("doi: 10.1016/J.SOFTX.2022.101207", "10.1016/j.softx.2022.101207"),
        ("not a doi", None),
        (None, None),
    ],
)
def test_dois_are_bare_and_lower_case(value, expected):
    assert doi(value) == expected


@pytest.mark.parametrize(
    ("value", "iso", "shown"),
    [
        ("2024-05-24T17:34:15.000Z", "2024-05-24", "2024-05-24"),
        ("2016-10-09T00:00:00-04:00", "2016-10-09", "2016-10-09"),
        ("Thu, 22 Dec 2022 17:01:56 GMT", "2022-12-22", "Thu, 22 Dec 2022 17:01:56 GMT"),
        ("2022-02-30", None, "2022-02-30"),
        ("2019", None, "2019"),
        ("nov 2018", None, "nov 2018"),
        (None, None, None),
    ],
)
def test_published_dates_are_iso_only_when_whole_and_shown_dates_stay(value, iso, shown):
    assert (iso_date(value), date_text(value)) == (iso, shown)


def test_text_loses_layout_whitespace():
    assert clean("  ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal\n  Models ") == (
        "ConvLLaVA: Hierarchical Backbones as Visual Encoder for Large Multimodal Models")


#: every character Unicode counts as a space, and its neighbours, so generated text hits them often.
_SPACES = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


@given(st.lists(st.sampled_from(_SPACES) | st.characters(), max_size=40).map("".join))
def test_whitespace_runs_become_one_space_for_every_unicode_space(text):
    assert clean(text) == re.sub(r"\s+", " ", text).strip()


def test_paper_urls_are_unwrapped_deduplicated_and_skip_identifier_pages():
    assert paper_urls([
        "https://github.com/\nFightingFighting/NeuroAda.git",
        "github.com/kzl/universal-computation",
        "https://github.com/decile-team/submodlib; https://github.com/decile-team/trust",
        "https://arxiv.org/abs/2112.04197",
        "https://doi.org/10.1/x",
        "https://github.com/kzl/universal-computation",
        "PEPDS_github",
        None,
    ]) == (
        "https://github.com/FightingFighting/NeuroAda.git",
        "https://github.com/kzl/universal-computation",
        "https://github.com/decile-team/submodlib",
        "https://github.com/decile-team/trust",
    )
