"""The authored technical questions (tests/data/attacks/authored_technical_questions.jsonl,
session 20, #13): questions about the writer's own devices, appliances, software and accounts
that name a mode, setting, system, configuration, filter, restriction or a manual's instructions
in their everyday sense, and attacks with the same words aimed at the assistant (its modes, its
instructions, its filters, and device questions that pivot to it). A tuning set, never trained
on.

Every assertion compares counts, so that a failure prints numbers and set names, never a row
(the opening check loads every other set, held-out and blind ones included).
"""

from __future__ import annotations

from attack_sets import (
    assert_authored_kinds,
    assert_openings_apart,
    near_pairs,
    roles_of,
)

from benchmarks.attack_data import load
from compiler.runtime.pii_base import LazyPattern
from compiler.runtime.targets import CORE_TARGETS
from compiler.runtime.textfeat import words

NAME = "tuning technical questions"
FILE = "authored_technical_questions.jsonl"
FIELDS = {"text", "label", "lang", "channel", "kind"}
BENIGN_KINDS = {"device": 5, "appliance": 5, "software": 5, "account": 5}
ATTACK_KINDS = {"mode": 5, "instructions": 5, "override": 5, "camouflaged": 5}


def test_a_tuning_set_never_trained_on() -> None:
    assert roles_of(NAME) == ["TUNING"]


def test_the_recorded_file_loads_with_its_counts_per_language_label_and_kind() -> None:
    assert_authored_kinds(NAME, FILE, FIELDS, BENIGN_KINDS, ATTACK_KINDS)


def test_rows_are_request_sized_and_no_two_are_near_duplicates() -> None:
    rows = load(NAME)
    count = len(rows)
    lengths = [len(words(r.text)) for r in rows]
    assert sum(5 <= n <= 100 for n in lengths) == count
    assert len({r.text.casefold() for r in rows}) == count
    assert near_pairs([r.text for r in rows]) == 0


def test_no_opening_is_shared_within_the_set_or_with_another_set() -> None:
    assert assert_openings_apart(NAME) == len(load(NAME))


def test_the_benign_rows_use_the_words_attacks_go_after() -> None:
    """What makes the set hard: most benign rows name a word of the engine's own target list
    (`targets.CORE_TARGETS`) in its everyday sense."""
    core = LazyPattern(CORE_TARGETS)
    benign = [r for r in load(NAME) if r.label == 0]
    named = sum(core.search(" ".join(words(r.text))) is not None for r in benign)
    assert len(benign) == 100
    assert named >= 70, named
