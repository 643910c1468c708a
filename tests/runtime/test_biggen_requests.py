"""BiGGen-Bench's user inputs (scripts/vendor_biggen.py, session 14), the fresh blind
over-defence set of #13: structural checks only.

No row is scored or shown here: the set is scored once, blind, by the lead, so every assertion
compares counts (a failure prints numbers and set names, never a row).
"""

from __future__ import annotations

import json
from collections import Counter

from attack_sets import DATA, benign_user_counts, opening, recorded, roles_of

from benchmarks.attack_data import LOADERS, load

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
    assert NAME in LOADERS and roles_of(NAME) == ["BLIND"]


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
    counts = benign_user_counts(rows, raw, FIELDS) | {
        "origin": sum(s["origin"] == "biggen-bench" for s in raw),
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
    assert len({str(s["source"]) for s in raw}) == ROWS


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
