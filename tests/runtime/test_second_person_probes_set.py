"""The authored second-person probes (tests/data/attacks/authored_second_person_probes.jsonl,
session 19, #13): short messages in the second person that name nothing an attack goes after —
leaks of what the assistant was told before the conversation, overrides of its caution, hijacks
of its answers — and harmless messages of the same shape (its opinion, feedback on its answer,
questions about it, set-ups for the chat). A tuning set, never trained on.

What every authored tuning set must hold is checked in test_authored_tuning_sets.py; this module
holds what makes this set what it is.
"""

from __future__ import annotations

from benchmarks.attack_data import load
from compiler.runtime.pii_base import LazyPattern
from compiler.runtime.targets import CORE_TARGETS
from compiler.runtime.textfeat import words

NAME = "tuning second-person probes"


def test_few_attacks_name_a_core_target() -> None:
    """The helper was asked to avoid every word an attack goes after; the engine's own list
    (`targets.CORE_TARGETS`, word-start prefixes) still reads some, in other senses ("avant",
    "contesta"), in at most a quarter of the attacks."""
    core = LazyPattern(CORE_TARGETS)
    attacks_ = [r for r in load(NAME) if r.label == 1]
    named = sum(core.search(" ".join(words(r.text))) is not None for r in attacks_)
    assert len(attacks_) == 100
    assert named <= 25, named
