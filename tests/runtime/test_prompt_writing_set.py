"""`tuning prompt writing` and `tuning prompt writing, second writer`
(tests/data/attacks/authored_prompt_writing.jsonl, session 37): requests to write, improve or
review another AI's instructions or system prompt, in five languages, with attacks that use such
a request as cover, written by two helpers. Helper A's rows were read to write round 153, helper
B's only counted, so both are in sample: tuning sets only.

They load whole with their counts; neither is a training set; no opening is another set's
(counts only on failure: the other sets include held-out and blind ones); and both engines stay
where rounds 153-158 left them (a regression guard: at any strength, the benign rows flagged and the
attacks found). Main before the round flagged about half of the benign rows (docs/engines.md,
round 153).
"""

from __future__ import annotations

import pytest
from attack_sets import assert_openings_apart, assert_written_by, flagged_and_found
from embed_marks import needs_embed

from compiler.runtime.attacks import prompt_attack_confidence

FILE = "authored_prompt_writing.jsonl"
SETS = {
    "tuning prompt writing": ("helper A", 200, 60),
    "tuning prompt writing, second writer": ("helper B", 191, 57),
}
# benign rows flagged at most, attacks found at least, at any strength
STANDARD = {"tuning prompt writing": (53, 57), "tuning prompt writing, second writer": (69, 53)}
EMBED = {"tuning prompt writing": (60, 55), "tuning prompt writing, second writer": (70, 53)}


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_set_loads_whole_as_a_tuning_set(name: str) -> None:
    writer, benign, attacks = SETS[name]
    assert_written_by(name, FILE, writer, (benign, attacks), "user")


@pytest.mark.parametrize("name", sorted(SETS))
def test_no_opening_is_another_sets(name: str) -> None:
    assert assert_openings_apart(name) == sum(SETS[name][1:])


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_standard_engine_stays_where_the_round_left_it(name: str) -> None:
    flagged, found = flagged_and_found(name, prompt_attack_confidence)
    most, least = STANDARD[name]
    assert flagged <= most and found >= least, (flagged, found)


@needs_embed
@pytest.mark.parametrize("name", sorted(SETS))
def test_the_embed_engine_stays_where_the_round_left_it(name: str) -> None:
    from compiler.runtime import embed_heads  # only with the [embed] extra

    flagged, found = flagged_and_found(name, embed_heads.prompt_attack_confidence)
    most, least = EMBED[name]
    assert flagged <= most and found >= least, (flagged, found)
