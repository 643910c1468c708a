"""`tuning new-user messages` (tests/data/attacks/authored_new_user.jsonl, session 35): the
messages rounds 138-141 were written from, in sample, so a tuning set only.

It loads whole with its counts; it is no training set; no opening is another set's (counts only
on failure: the other sets include held-out and blind ones); and both engines stay where rounds
138-141 and session 36's rounds 150-152 left them on it (a regression guard: at any strength,
the benign rows flagged and the attacks found).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from attack_sets import assert_openings_apart
from embed_marks import needs_embed

from benchmarks.attack_data import TRAINING, TUNING, load
from compiler.runtime.attacks import prompt_attack_confidence

NAME = "tuning new-user messages"
FILE = Path(__file__).resolve().parent.parent / "data" / "attacks" / "authored_new_user.jsonl"


def test_the_set_loads_whole_as_a_tuning_set() -> None:
    raw = [json.loads(line) for line in FILE.read_text("utf-8").splitlines() if line]
    rows = load(NAME)
    assert len(rows) == len(raw) == 528
    assert Counter(r.label for r in rows) == {0: 479, 1: 49}
    assert {r.lang for r in rows} == {"en", "de", "fr", "es", "it"}
    assert {str(r["by"]) for r in raw} == {"session 35", "helper"}
    assert NAME in TUNING and NAME not in TRAINING


def test_no_opening_is_another_sets() -> None:
    assert assert_openings_apart(NAME) == 528


def _counts(conf: Callable[[str], str]) -> tuple[int, int]:
    rows = load(NAME)
    flagged = sum(conf(r.text) != "NONE" for r in rows if r.label == 0)
    found = sum(conf(r.text) != "NONE" for r in rows if r.label == 1)
    return flagged, found


def test_the_standard_engine_stays_where_the_rounds_left_it() -> None:
    flagged, found = _counts(prompt_attack_confidence)
    assert flagged <= 14 and found >= 47, (flagged, found)


@needs_embed
def test_the_embed_engine_stays_where_the_rounds_left_it() -> None:
    from compiler.runtime import embed_heads  # only with the [embed] extra

    flagged, found = _counts(embed_heads.prompt_attack_confidence)
    assert flagged <= 7 and found >= 47, (flagged, found)
