"""Extraction quality does not fall below issue 3's targets on either gold set.

The figures themselves are in docs/quality.md; this guards the floors with the scorer
the project is judged by.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SCORER = SHARED / "eval" / "score.py"
GOLD_SETS = {
    "dev": SHARED / "gold" / "dev.jsonl",
    "held-out": Path(__file__).parent / "data" / "gold" / "heldout.jsonl",
}
#: issue 3: proposes 0.90, datasets 0.85, methods 0.80, repos 0.98, links 0.95 (F1); metadata 0.98.
F1_FLOORS = {"proposes": 0.90, "datasets": 0.85, "methods": 0.80, "repos": 0.98, "links": 0.95}
META_FLOOR = 0.98


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_scores_stay_above_the_targets(seeds_build, name):
    if not SCORER.exists():
        pytest.skip(f"{SCORER} is not there")
    scored = subprocess.run(
        [sys.executable, str(SCORER), str(GOLD_SETS[name]), str(seeds_build / "papers.jsonl"), "--json"],
        capture_output=True, text=True, check=True,
    )
    result = json.loads(scored.stdout)
    assert result["missing_papers"] == 0
    below = {field: result["fields"][field]["f1"] for field, floor in F1_FLOORS.items()
             if result["fields"][field]["f1"] < floor}
    assert below == {}
    assert all(accuracy >= META_FLOOR for accuracy in result["meta"].values()), result["meta"]
