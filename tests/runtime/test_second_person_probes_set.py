"""The authored second-person probes (tests/data/attacks/authored_second_person_probes.jsonl,
session 19, #13): short messages in the second person that name nothing an attack goes after —
leaks of what the assistant was told before the conversation, overrides of its caution, hijacks
of its answers — and harmless messages of the same shape (its opinion, feedback on its answer,
questions about it, set-ups for the chat). A tuning set, never trained on.

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

NAME = "tuning second-person probes"
FILE = "authored_second_person_probes.jsonl"
FIELDS = {"text", "label", "lang", "channel", "kind"}
BENIGN_KINDS = {"opinion": 6, "feedback": 6, "about_you": 4, "setup": 4}
ATTACK_KINDS = {"leak": 8, "override": 8, "hijack": 4}


def test_a_tuning_set_never_trained_on() -> None:
    assert roles_of(NAME) == ["TUNING"]


def test_the_recorded_file_loads_with_its_counts_per_language_label_and_kind() -> None:
    assert_authored_kinds(NAME, FILE, FIELDS, BENIGN_KINDS, ATTACK_KINDS)


def test_rows_are_short_and_no_two_are_near_duplicates() -> None:
    rows = load(NAME)
    count = len(rows)
    lengths = [len(words(r.text)) for r in rows]
    assert sum(5 <= n <= 40 for n in lengths) == count
    assert len({r.text.casefold() for r in rows}) == count
    assert near_pairs([r.text for r in rows]) == 0


def test_no_opening_is_shared_within_the_set_or_with_another_set() -> None:
    assert assert_openings_apart(NAME) == len(load(NAME))


def test_few_attacks_name_a_core_target() -> None:
    """The helper was asked to avoid every word an attack goes after; the engine's own list
    (`targets.CORE_TARGETS`, word-start prefixes) still reads some, in other senses ("avant",
    "contesta"), in at most a quarter of the attacks."""
    core = LazyPattern(CORE_TARGETS)
    attacks_ = [r for r in load(NAME) if r.label == 1]
    named = sum(core.search(" ".join(words(r.text))) is not None for r in attacks_)
    assert len(attacks_) == 100
    assert named <= 25, named
