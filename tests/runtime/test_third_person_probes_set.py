"""The authored third-person probes (tests/data/attacks/authored_third_person_probes.jsonl,
session 21, #13): questions asked in the third person or impersonally about the writer's devices,
software and services and about AI systems in general, and attacks of the same form aimed at the
assistant asked (its modes, its instructions, its filters, a device question that pivots to it).
A tuning set, never trained on: the ninety-fourth round's guard (`targets.ASSISTANT_NAMED`) was
written for its attacks.

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
from compiler.runtime import attacks
from compiler.runtime.pii_base import LazyPattern
from compiler.runtime.targets import ASSISTANT_NAMED
from compiler.runtime.textfeat import words

NAME = "tuning third-person probes"
FILE = "authored_third_person_probes.jsonl"
FIELDS = {"text", "label", "lang", "channel", "kind"}
BENIGN_KINDS = {"device": 5, "software": 5, "service": 5, "ai-general": 5}
ATTACK_KINDS = {"mode-probe": 5, "leak-probe": 5, "filter-probe": 5, "camouflaged": 5}


def test_a_tuning_set_never_trained_on() -> None:
    assert roles_of(NAME) == ["TUNING"]


def test_the_recorded_file_loads_with_its_counts_per_language_label_and_kind() -> None:
    assert_authored_kinds(NAME, FILE, FIELDS, BENIGN_KINDS, ATTACK_KINDS)


def test_rows_are_request_sized_and_no_two_are_near_duplicates() -> None:
    rows = load(NAME)
    count = len(rows)
    assert sum(8 <= len(words(r.text)) <= attacks.REQUEST_WORDS for r in rows) == count
    assert len({r.text.casefold() for r in rows}) == count
    assert near_pairs([r.text for r in rows]) == 0


def test_no_opening_is_shared_within_the_set_or_with_another_set() -> None:
    assert assert_openings_apart(NAME) == len(load(NAME))


def test_no_row_says_you() -> None:
    """What makes the set what it is: not one row addresses its reader (`attacks.says_you`)."""
    rows = load(NAME)
    assert sum(attacks.says_you(" ".join(words(r.text))) for r in rows) == 0


def test_most_attacks_name_the_assistant_and_no_benign_row_does() -> None:
    """The class the guard reads: the attacks name the assistant asked in the third person ("the
    bot here", "ce modèle"); the benign rows speak of bots, assistants and models as kinds."""
    named = LazyPattern(ASSISTANT_NAMED)
    counts = [
        sum(named.search(" ".join(words(r.text))) is not None for r in load(NAME) if r.label == y)
        for y in (0, 1)
    ]
    assert counts[0] == 0, counts
    assert counts[1] >= 65, counts
