"""BiGGen-Bench's user inputs (scripts/vendor_biggen.py, session 14), the fresh blind
over-defence set of #13: structural checks only.

No row is scored or shown here: the set is scored once, blind, by the lead, so every assertion
compares counts (a failure prints numbers and set names, never a row).
"""

from __future__ import annotations

import json
from collections import Counter

from attack_sets import DATA, opening, recorded

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

NAME = "BiGGen-Bench requests"
ROWS = 545
OPENINGS = 489  # distinct openings (60 folded characters): some tasks share a preamble
FIELDS = {"text", "label", "lang", "channel", "origin", "capability", "task", "source"}
CAPABILITIES = {
    "grounding": 74,
    "instruction_following": 98,
    "planning": 69,
    "reasoning": 99,
    "refinement": 58,
    "theory_of_mind": 98,
    "tool_usage": 49,
}
REPOSITORY = "prometheus-eval/prometheus-eval"
COMMIT = "af610c7dadd0ab49b3326d0e86f097c5df8b7082"
SEEN = {  # shown by a failing assertion of this file's first draft; left out by the converter
    "grounding/demo_vs_instruction/data.json#0",
    "grounding/demo_vs_instruction/data.json#1",
    "grounding/demo_vs_instruction/data.json#4",
    "grounding/demo_vs_instruction/data.json#5",
    "grounding/simulator/data.json#6",
    "reasoning/high_school_mwp/data.json#7",
    "theory_of_mind/faux_pas_explanation/data.json#9",
    "theory_of_mind/thinking_for_doing/data.json#7",
}
LEFT_OUT_TASKS = {  # left out by the dataset's own labels (see the converter)
    "grounding/system_prompt_vs_instruction",
    "grounding/system_prompt_vs_demo",
    "refinement/llm_judge_absolute",
    "refinement/llm_judge_relative",
}


def _raw() -> list[dict[str, object]]:
    data = recorded("biggen/requests.jsonl")
    # split at newlines only: an input may hold U+2028 or another line separator
    return [json.loads(line) for line in data.decode("utf-8").split("\n") if line]


def test_the_set_is_blind_and_in_no_other_role() -> None:
    assert NAME in LOADERS and NAME in BLIND
    assert NAME not in {*TRAINING, *CALIBRATION, *TUNING, *HELD_OUT, *SAME_SOURCE}


def test_the_file_is_the_recorded_one_under_its_licence_and_notice() -> None:
    licence = (DATA / "biggen" / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert f"{REPOSITORY} {COMMIT}" in licence
    notice = (DATA / "biggen" / "NOTICE").read_text(encoding="utf-8")
    assert COMMIT in notice and "Changed by scripts/vendor_biggen.py" in notice


def test_the_loader_returns_benign_english_user_requests_with_valid_fields() -> None:
    rows, raw = load(NAME), _raw()
    where = f"{REPOSITORY}@{COMMIT}:BiGGen-Bench/tasks/"
    # counts only, computed before each assertion: a failure must not print a row
    counts = {
        "rows": len(rows),
        "file rows": len(raw),
        "benign": sum(r.label == 0 for r in rows),
        "en": sum(r.lang == "en" for r in rows),
        "user": sum(r.channel == "user" for r in rows),
        "non-empty, at most 1,000 characters": sum(0 < len(r.text.strip()) <= 1000 for r in rows),
        "the file's text, in order": sum(
            r.text == s["text"] for r, s in zip(rows, raw, strict=False)
        ),
        "all fields, no other": sum(set(s) == FIELDS for s in raw),
        "origin": sum(s["origin"] == "biggen-bench" for s in raw),
        "distinct texts": len({r.text.casefold() for r in rows}),
        "source names the file of its capability and task": sum(
            str(s["source"]).startswith(f"{where}{s['capability']}/{s['task']}/data.json#")
            for s in raw
        ),
    }
    assert counts == dict.fromkeys(counts, ROWS)
    assert Counter(str(s["capability"]) for s in raw) == CAPABILITIES
    tasks = {f"{s['capability']}/{s['task']}" for s in raw}
    task_count, left_out = len(tasks), len(tasks & LEFT_OUT_TASKS)
    assert (task_count, left_out) == (59, 0)
    sources = {str(s["source"]).split("/tasks/", 1)[1] for s in raw}
    seen = len(sources & SEEN)  # the rows a failing test draft showed
    assert (len(sources), seen) == (ROWS, 0)


def test_no_opening_is_shared_with_another_set() -> None:
    # counts only: pytest shows the values of the names in a failing assertion, and a set of
    # openings shown there is the blind set's text
    keys = {opening(r.text) for r in load(NAME)}
    distinct = len(keys)
    assert distinct == OPENINGS
    for other in LOADERS:
        if other != NAME:
            shared = len(keys & {opening(r.text) for r in load(other)})
            assert shared == 0, other
