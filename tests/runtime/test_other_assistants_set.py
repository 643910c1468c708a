"""The authored other assistants (tests/data/attacks/authored_other_assistants.jsonl, session 21,
#13): requests about an assistant, a bot or a model that is not the one asked — the writer's own
bot, a person who is an assistant, a voice assistant, a product's model, an AI at work or in
fiction — and attacks on the assistant asked that use them as cover. A tuning set, never trained
on: the ninety-sixth round (`attacks.others_assistant`) is measured on it.

What every authored tuning set must hold is checked in test_authored_tuning_sets.py; this module
holds what makes this set what it is.
"""

from __future__ import annotations

from benchmarks.attack_data import load
from compiler.runtime.pii_base import LazyPattern
from compiler.runtime.targets import CORE_TARGETS
from compiler.runtime.textfeat import words

NAME = "tuning other assistants"


def test_the_benign_rows_use_the_words_attacks_go_after() -> None:
    """What makes the set hard: most benign rows name a word of the engine's own target list."""
    core = LazyPattern(CORE_TARGETS)
    benign = [r for r in load(NAME) if r.label == 0]
    named = sum(core.search(" ".join(words(r.text))) is not None for r in benign)
    assert len(benign) == 100
    assert named >= 70, named
