"""The authored attack training set (session 32, #13): attacks of ten families and benign
look-alikes in German, French, Spanish and Italian, written by helpers who read nothing of the
project, so that the word model can learn those languages' attack words rather than the languages.

Structural checks only: every assertion compares counts, so a failure prints numbers and set
names, never a row.
"""

from __future__ import annotations

from collections import Counter

from attack_sets import recorded_rows, roles_of

from benchmarks.attack_data import load

NAME = "authored attack training"
FILE = "authored_attack_training.jsonl"
ATTACK_KINDS = (
    "override", "persona", "leak", "mode", "authority",
    "fiction", "hijack", "planted", "obfuscated", "reset",
)  # fmt: skip
# (lang, label) -> rows, after the three near-duplicates of held-out or blind rows were dropped
COUNTS = {
    ("de", 1): 120, ("fr", 1): 120, ("es", 1): 119, ("it", 1): 120,
    ("de", 0): 79, ("fr", 0): 80, ("es", 0): 79, ("it", 0): 80,
}  # fmt: skip


def test_a_training_set_only() -> None:
    assert roles_of(NAME) == ["TRAINING"]


def test_rows_by_language_label_and_kind() -> None:
    raw = recorded_rows(FILE)
    assert Counter((str(r["lang"]), int(str(r["label"]))) for r in raw) == COUNTS
    assert sum(set(r) == {"text", "label", "lang", "channel", "kind"} for r in raw) == len(raw)
    assert len({str(r["text"]).casefold() for r in raw}) == len(raw)
    attacks = Counter(str(r["kind"]) for r in raw if r["label"] == 1)
    assert sorted(attacks) == sorted(ATTACK_KINDS)
    assert min(attacks.values()) >= 11
    # planted orders are tool output; every other attack is user input
    planted = [r for r in raw if r["kind"] == "planted"]
    assert sum(r["channel"] == "tool" for r in planted) == len(planted) == 48
    assert sum(r["channel"] == "user" for r in raw if r["label"] == 1) == 479 - 48


def test_the_loader_returns_every_row() -> None:
    rows, raw = load(NAME), recorded_rows(FILE)
    assert [(r.text, r.label, r.lang, r.channel) for r in rows] == [
        (r["text"], r["label"], r["lang"], r["channel"]) for r in raw
    ]
