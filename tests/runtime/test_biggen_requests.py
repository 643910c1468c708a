"""BiGGen-Bench's user inputs (scripts/vendor_biggen.py, session 14), the fresh blind
over-defence set of #13: structural checks only.

No row is scored or shown here: the set is scored once, blind, by the lead, so every assertion
compares counts (a failure prints numbers and set names, never a row).
"""

from __future__ import annotations

from collections import Counter

from attack_sets import (
    assert_apache_folder,
    assert_openings_apart,
    benign_user_counts,
    recorded_rows,
    roles_of,
)

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


def test_the_set_is_blind_and_in_no_other_role() -> None:
    assert NAME in LOADERS and roles_of(NAME) == ["BLIND"]


def test_the_file_is_the_recorded_one_under_its_licence_and_notice() -> None:
    assert_apache_folder("biggen", REPOSITORY, COMMIT, "vendor_biggen.py")


def test_the_loader_returns_benign_english_user_requests_with_valid_fields() -> None:
    rows, raw = load(NAME), recorded_rows("biggen/requests.jsonl")
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
    distinct = assert_openings_apart(NAME)
    assert distinct == OPENINGS
