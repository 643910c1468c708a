"""Fitting cut points (testing/calibration.py) and reading responses (testing/record.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.testing.calibration import (
    CalibrationError,
    Sample,
    check,
    dumps,
    empty,
    errors_at,
    fit_ascending,
    fit_cut,
    merge,
)
from compiler.testing.record import read_records, record_line, verdicts


def _samples(negatives: list[float], positives: list[float]) -> list[Sample]:
    return [Sample(s, False) for s in negatives] + [Sample(s, True) for s in positives]


def test_separable_data_puts_the_cut_in_the_middle_of_the_gap() -> None:
    samples = _samples([0.1, 0.2, 0.3], [0.5, 0.7])
    assert fit_cut(samples, current=0.9) == pytest.approx(0.4)
    assert fit_cut(samples, current=0.05) == pytest.approx(0.4)


def test_the_current_cut_stays_when_it_is_already_best() -> None:
    samples = _samples([0.1, 0.2, 0.3], [0.5, 0.7])
    assert fit_cut(samples, current=0.45) == 0.45


def test_noisy_data_gets_the_fewest_errors() -> None:
    samples = _samples([0.1, 0.2, 0.6], [0.3, 0.5, 0.7, 0.8])
    cut = fit_cut(samples, current=0.95)
    assert errors_at(samples, cut) == 1
    assert min(errors_at(samples, c / 100) for c in range(101)) == 1


def test_no_samples_keep_the_current_cut() -> None:
    assert fit_cut([], current=0.33) == 0.33


def test_all_negative_moves_the_cut_above_every_score() -> None:
    samples = _samples([0.2, 0.4, 1.0], [])
    cut = fit_cut(samples, current=0.3)
    assert cut > 1.0
    assert errors_at(samples, cut) == 0


def test_ties_pick_the_gap_nearest_the_current_cut() -> None:
    # one error whichever gap the cut is in (the 0.5 positive among negatives)
    samples = _samples([0.1, 0.3, 0.6], [0.5, 0.8])
    assert fit_cut(samples, current=0.95) == pytest.approx(0.7)
    assert fit_cut(samples, current=0.05) == pytest.approx(0.4)


def test_ascending_cuts_never_cross() -> None:
    low = _samples([0.1], [0.6])
    medium = _samples([0.1, 0.2], [0.3])  # would fit at 0.25, below LOW's fit
    high = _samples([0.4], [0.9])
    cuts = fit_ascending([low, medium, high], [0.5, 0.5, 0.5])
    assert cuts == sorted(cuts)
    assert cuts[1] == cuts[0]


def test_calibration_files_are_checked() -> None:
    good = merge(None, {"g": {"filters": {"HATE": [0.1, 0.2, 0.3]}, "samples": {}}}, "standard")
    check(good, "f")
    assert dumps(good) == dumps(json.loads(dumps(good)))  # canonical: sorted, stable
    with pytest.raises(CalibrationError, match="not a calibration file"):
        check({"format": "x"}, "f")
    bad = merge(empty(), {"g": {"topics": "high"}}, "standard")
    with pytest.raises(CalibrationError, match="topics"):
        check(bad, "f")
    with pytest.raises(CalibrationError, match="unknown keys"):
        check(merge(empty(), {"g": {"thresholds": 1}}, "standard"), "f")


def test_merge_keeps_other_guardrails_and_engines() -> None:
    first = merge(None, {"a": {"topics": 0.4}}, "standard")
    second = merge(first, {"a": {"topics": 0.6}, "b": {"topics": 0.3}}, "embed")
    assert second["guardrails"]["a"] == {"standard": {"topics": 0.4}, "embed": {"topics": 0.6}}
    assert second["guardrails"]["b"] == {"embed": {"topics": 0.3}}
    assert first["guardrails"]["a"] == {"standard": {"topics": 0.4}}  # not changed in place


def test_verdicts_read_full_and_intervention_responses() -> None:
    full = {
        "action": "GUARDRAIL_INTERVENED",
        "assessments": [
            {
                "contentPolicy": {
                    "filters": [
                        {"type": "HATE", "confidence": "LOW", "detected": False},
                        {"type": "PROMPT_ATTACK", "confidence": "HIGH", "detected": True},
                    ]
                },
                "topicPolicy": {
                    "topics": [
                        {"name": "A", "detected": True},
                        {"name": "B", "detected": False},
                    ]
                },
                "contextualGroundingPolicy": {
                    "filters": [{"type": "GROUNDING", "score": 0.2, "detected": True}]
                },
            }
        ],
    }
    seen = verdicts(full)
    assert seen.confidence == {"HATE": 1, "PROMPT_ATTACK": 3}
    assert seen.filters_fired == {"PROMPT_ATTACK"}
    assert seen.topics_fired == {"A"}
    assert seen.grounding_fired == {"GROUNDING"}
    # INTERVENTIONS responses list only what fired, without `detected`
    short = {"assessments": [{"topicPolicy": {"topics": [{"name": "A", "action": "BLOCKED"}]}}]}
    assert verdicts(short).topics_fired == {"A"}


def test_record_lines_round_trip(tmp_path: Path) -> None:
    line = record_line(
        guardrail="g",
        ids=("abc", "2"),
        version="0.1.0",
        origin="x.guard:3",
        source="INPUT",
        content=[{"text": {"text": "hi"}}],
        response={"action": "NONE", "ResponseMetadata": {"HTTPStatusCode": 200}},
    )
    path = tmp_path / "r.jsonl"
    path.write_text(line + "\n\n")
    (record,) = read_records(path)
    assert (record.guardrail, record.guardrail_id, record.guardrail_version) == ("g", "abc", "2")
    assert record.response == {"action": "NONE"}
