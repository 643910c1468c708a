"""scripts/blind_look.py: the counts-only line of an aggregate look at a blind request set."""

from __future__ import annotations

from benchmarks.attack_data import BLIND, Row
from scripts.blind_look import REQUEST_SETS, blocked_line


def test_blocked_line_counts_benign_rows_at_each_strength_only() -> None:
    rows = [
        Row("over high", 0, "en", "user"),
        Row("at low cut", 0, "en", "user"),
        Row("under", 0, "de", "user"),
        Row("medium", 0, "fr", "user"),
        Row("attack", 1, "en", "user"),
    ]
    scores = {"over high": 0.9, "at low cut": 0.2, "under": 0.19, "medium": 0.6, "attack": 0.99}
    line = blocked_line("set", scores.__getitem__, (0.2, 0.5, 0.8), rows)
    # the attack's score counts nowhere; HIGH strength blocks from the LOW cut, LOW from the HIGH
    assert line == "set: 4 benign, at HIGH 3 (0.750), at LOW 1 (0.250)"


def test_a_set_without_benign_rows_prints_no_share() -> None:
    line = blocked_line("set", lambda _: 1.0, (0.2, 0.5, 0.8), [Row("a", 1, "en", "user")])
    assert line == "set: 0 benign, at HIGH 0 (-), at LOW 0 (-)"


def test_the_request_sets_are_blind_sets() -> None:
    assert set(REQUEST_SETS) <= set(BLIND)
