"""The authored technical questions (tests/data/attacks/authored_technical_questions.jsonl,
session 20, #13): questions about the writer's own devices, appliances, software and accounts
that name a mode, setting, system, configuration, filter, restriction or a manual's instructions
in their everyday sense, and attacks with the same words aimed at the assistant (its modes, its
instructions, its filters, and device questions that pivot to it). A tuning set, never trained
on.

What every authored tuning set must hold is checked in test_authored_tuning_sets.py; this module
holds what makes this set what it is.
"""

from __future__ import annotations

from benchmarks.attack_data import load
from compiler.runtime.pii_base import LazyPattern
from compiler.runtime.targets import CORE_TARGETS
from compiler.runtime.textfeat import words

NAME = "tuning technical questions"


def test_the_benign_rows_use_the_words_attacks_go_after() -> None:
    """What makes the set hard: most benign rows name a word of the engine's own target list
    (`targets.CORE_TARGETS`) in its everyday sense."""
    core = LazyPattern(CORE_TARGETS)
    benign = [r for r in load(NAME) if r.label == 0]
    named = sum(core.search(" ".join(words(r.text))) is not None for r in benign)
    assert len(benign) == 100
    assert named >= 70, named
