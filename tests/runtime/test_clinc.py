"""CLINC150's queries to a task assistant (scripts/vendor_clinc.py, session 11, #13): benign
imperative requests, four fifths a training set at weight 0 and one fifth a tuning set.

Structural checks only: every assertion compares counts, so a failure prints numbers and set
names, never a row.
"""

from __future__ import annotations

import json
from collections import Counter

from attack_sets import DATA, opening, recorded

from benchmarks.attack_data import (
    BLIND,
    CALIBRATION,
    HELD_OUT,
    SAME_SOURCE,
    TRAINING,
    TUNING,
    fold_of,
    load,
)

TRAIN, TUNE = "CLINC150", "tuning CLINC150"
FIELDS = {"text", "label", "lang", "channel", "intent", "split", "fold"}
ROWS = 23_499
# rows per source split after the converter's drops (data_full.json: 15,000 / 3,000 / 4,500
# in scope, 100 / 100 / 1,000 out of scope)
SPLITS = {
    "train": 14_864,
    "val": 2_976,
    "test": 4_467,
    "oos_train": 98,
    "oos_val": 98,
    "oos_test": 996,
}
FIFTHS = {TRAIN: 18_715, TUNE: 4_784}


def _raw() -> list[dict[str, object]]:
    data = recorded("clinc/queries.jsonl")
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_a_training_set_with_a_tuning_fifth_in_no_other_role() -> None:
    assert TRAIN in TRAINING and TUNE in TUNING
    others = {*CALIBRATION, *HELD_OUT, *BLIND, *SAME_SOURCE}
    assert not {TRAIN, TUNE} & others
    assert TRAIN not in TUNING and TUNE not in TRAINING


def test_the_licence_and_attribution_are_beside_the_data() -> None:
    licence = (DATA / "clinc" / "LICENSE").read_text(encoding="utf-8")
    assert "Creative Commons Legal Code" in licence and "Attribution 3.0 Unported" in licence
    notice = (DATA / "clinc" / "NOTICE").read_text(encoding="utf-8")
    for part in (
        "Stefan Larson",
        "Jason Mars",
        "An Evaluation Dataset for Intent Classification and Out-of-Scope Prediction",
        "github.com/clinc/oos-eval at commit 828f8093932c8fe6ca7936c3d2e52903b1c523de",
        "https://creativecommons.org/licenses/by/3.0/",
        "queries only; intents kept as a field",
    ):
        assert part in notice, part


def test_the_loaders_return_benign_english_user_rows_with_valid_fields() -> None:
    raw = _raw()
    loaded = {name: load(name) for name in FIFTHS}
    rows = [*loaded[TRAIN], *loaded[TUNE]]
    # counts only, computed before each assertion: a failure must not print a row
    counts = {
        "file rows": len(raw),
        "loaded": len(rows),
        "benign English user input": sum(
            (r.label, r.lang, r.channel) == (0, "en", "user") for r in rows
        ),
        "non-empty, at most 1,000 characters": sum(0 < len(r.text.strip()) <= 1000 for r in rows),
        "all fields, no other": sum(set(s) == FIELDS for s in raw),
        "fold recorded": sum(s["fold"] == fold_of(str(s["text"])) for s in raw),
        "intent named": sum(bool(s["intent"]) and isinstance(s["intent"], str) for s in raw),
        "distinct texts": len({str(s["text"]).casefold() for s in raw}),
    }
    assert counts == dict.fromkeys(counts, ROWS)
    assert Counter(str(s["split"]) for s in raw) == SPLITS
    assert {name: len(rows) for name, rows in loaded.items()} == FIFTHS
    intents = Counter(str(s["intent"]) for s in raw)
    assert len(intents) == 151 and intents["oos"] == sum(
        n for split, n in SPLITS.items() if split.startswith("oos")
    )


def test_the_fifths_are_disjoint_and_together_the_whole_file() -> None:
    raw = _raw()
    trained, tuned = load(TRAIN), load(TUNE)
    folds = ([s for s in raw if s["fold"] != 4], [s for s in raw if s["fold"] == 4])
    in_order = [
        sum(r.text == s["text"] for r, s in zip(rows, fold, strict=True))
        for rows, fold in zip((trained, tuned), folds, strict=True)
    ]
    assert in_order == [len(trained), len(tuned)] and len(trained) + len(tuned) == len(raw)
    texts = [{r.text.casefold() for r in rows} for rows in (trained, tuned)]
    keys = [{opening(r.text) for r in rows} for rows in (trained, tuned)]
    assert (len(texts[0] & texts[1]), len(keys[0] & keys[1])) == (0, 0)
