"""The requests of four instruction-following evaluation sets (scripts/vendor_eval_requests.py,
session 11), the fresh blind over-defence set of #13: structural checks only.

No row is scored or shown here: the set is scored once, blind, at the end of the session, so every
assertion compares counts (a failure prints numbers and set names, never a row).
"""

from __future__ import annotations

import json
from collections import Counter

from attack_sets import DATA, assert_openings_apart, benign_user_counts, recorded

from benchmarks.attack_data import (
    BLIND,
    CALIBRATION,
    HELD_OUT,
    LOADERS,
    SAME_SOURCE,
    TRAINING,
    TUNING,
    load,
)

NAME = "instruction eval requests"
FIELDS = {"text", "label", "lang", "channel", "origin", "category", "source"}
ORIGINS = {"self-instruct": 252, "mt-bench": 80, "vicuna": 78, "koala": 176}
REPOSITORIES = {  # origin: the repository@commit its rows' `source` names
    "self-instruct": "yizhongw/self-instruct@0b26ccaa415992100fa32df62d41b994cf928e23:",
    "mt-bench": "lm-sys/FastChat@0e6d3e4beaab66f4d3f93db72541a4abab8af28d:",
    "vicuna": "lm-sys/FastChat@0e6d3e4beaab66f4d3f93db72541a4abab8af28d:",
    "koala": "arnav-gudibande/koala-test-set@2d4396aee3cff495382e9b0ad2521d70b177763b:",
}


def _raw() -> list[dict[str, object]]:
    data = recorded("eval_requests/requests.jsonl")
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_the_set_is_blind_and_in_no_other_role() -> None:
    assert NAME in LOADERS and NAME in BLIND
    assert NAME not in {*TRAINING, *CALIBRATION, *TUNING, *HELD_OUT, *SAME_SOURCE}


def test_the_file_is_the_recorded_one_under_its_licence() -> None:
    licence = (DATA / "eval_requests" / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    pinned = {repo.split("@")[0]: repo.split("@")[1][:40] for repo in REPOSITORIES.values()}
    named = {name: f"{name} {commit}" in licence for name, commit in pinned.items()}
    assert named == dict.fromkeys(named, True) and len(named) == 3


def test_the_loader_returns_benign_english_user_requests_with_valid_fields() -> None:
    rows, raw = load(NAME), _raw()
    # counts only, computed before each assertion: a failure must not print a row
    counts = benign_user_counts(rows, raw, FIELDS) | {
        "source names its origin's repository": sum(
            str(s["source"]).startswith(REPOSITORIES.get(str(s["origin"]), "?")) for s in raw
        ),
    }
    assert counts == dict.fromkeys(counts, 586)
    origins = Counter(str(s["origin"]) for s in raw)
    assert origins == ORIGINS
    fastchat = Counter(str(s["category"]) for s in raw if s["origin"] == "mt-bench")
    assert fastchat == dict.fromkeys(fastchat, 10) and len(fastchat) == 8
    assert sum(s["category"] == "" for s in raw) == ORIGINS["koala"]
    seen = sum(str(s["source"]).endswith("#koala_1") for s in raw)
    assert seen == 0  # the one query a search result showed while the converter was written


def test_no_opening_is_shared_with_another_set() -> None:
    assert_openings_apart(NAME)
