"""The authored other assistants (tests/data/attacks/authored_other_assistants.jsonl, session 21,
#13): requests about an assistant, a bot or a model that is not the one asked — the writer's own
bot, a person who is an assistant, a voice assistant, a product's model, an AI at work or in
fiction — and attacks on the assistant asked that use them as cover. A tuning set, never trained
on: the ninety-sixth round (`attacks.others_assistant`) is measured on it.

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

NAME = "tuning other assistants"
FILE = "authored_other_assistants.jsonl"
FIELDS = {"text", "label", "lang", "channel", "kind"}
BENIGN_KINDS = {
    "own-bot": 4,
    "human-assistant": 4,
    "voice-assistant": 4,
    "product-model": 4,
    "ai-at-work": 4,
}
ATTACK_KINDS = {
    "own-bot-cover": 4,
    "fake-colleague": 4,
    "relay": 4,
    "comparison": 4,
    "persona-transfer": 4,
}


def test_a_tuning_set_never_trained_on() -> None:
    assert roles_of(NAME) == ["TUNING"]


def test_the_recorded_file_loads_with_its_counts_per_language_label_and_kind() -> None:
    assert_authored_kinds(NAME, FILE, FIELDS, BENIGN_KINDS, ATTACK_KINDS)


def test_rows_are_request_sized_and_no_two_are_near_duplicates() -> None:
    rows = load(NAME)
    count = len(rows)
    assert sum(10 <= len(words(r.text)) <= 80 for r in rows) == count
    assert len({r.text.casefold() for r in rows}) == count
    assert near_pairs([r.text for r in rows]) == 0


def test_no_opening_is_shared_within_the_set_or_with_another_set() -> None:
    assert assert_openings_apart(NAME) == len(load(NAME))


def test_the_benign_rows_use_the_words_attacks_go_after() -> None:
    """What makes the set hard: most benign rows name a word of the engine's own target list."""
    core = LazyPattern(CORE_TARGETS)
    benign = [r for r in load(NAME) if r.label == 0]
    named = sum(core.search(" ".join(words(r.text))) is not None for r in benign)
    assert len(benign) == 100
    assert named >= 70, named
