"""The authored third-person probes (tests/data/attacks/authored_third_person_probes.jsonl,
session 21, #13): questions asked in the third person or impersonally about the writer's devices,
software and services and about AI systems in general, and attacks of the same form aimed at the
assistant asked (its modes, its instructions, its filters, a device question that pivots to it).
A tuning set, never trained on: the ninety-fourth round's guard (`targets.ASSISTANT_NAMED`) was
written for its attacks.

What every authored tuning set must hold is checked in test_authored_tuning_sets.py; this module
holds what makes this set what it is.
"""

from __future__ import annotations

from benchmarks.attack_data import load
from compiler.runtime import attacks
from compiler.runtime.pii_base import LazyPattern
from compiler.runtime.targets import ASSISTANT_NAMED
from compiler.runtime.textfeat import words

NAME = "tuning third-person probes"


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
