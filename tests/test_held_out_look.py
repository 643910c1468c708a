"""scripts/held_out_look.py: the all-attacks line a registered recall gate reads."""

from __future__ import annotations

from benchmarks.attack_data import Row
from scripts.held_out_look import found_line


def test_found_line_counts_attacks_at_or_over_low_only() -> None:
    sets = {
        "a": [Row("hit", 1, "en", "user"), Row("edge", 1, "en", "user")],
        "b": [Row("miss", 1, "de", "tool"), Row("ok", 0, "en", "user")],
    }
    scores = {"hit": 0.9, "edge": 0.2, "miss": 0.19, "ok": 0.99}
    line = found_line(scores.__getitem__, (0.2, 0.5, 0.8), sets)
    assert line.endswith("2 of 3 (0.6667)")  # the benign row's high score does not count
