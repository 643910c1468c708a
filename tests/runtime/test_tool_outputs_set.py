"""`tuning tool outputs` and `tuning tool outputs, second writer`
(tests/data/attacks/authored_tool_outputs.jsonl, session 36): realistic tool outputs in five
languages with planted orders in the same shapes, written by two helpers. Helper A's rows were
read to write rounds 146-148, helper B's only counted, so both are in sample: tuning sets only.

They load whole with their counts; neither is a training set; no opening is another set's
(counts only on failure: the other sets include held-out and blind ones); and both engines stay
where rounds 145-148 left them (a regression guard: at any strength, the benign rows flagged and
the attacks found). The benign rows flagged are the open problem these sets measure: about a
third, nearly all by the learned score alone (docs/engines.md, session 36).
"""

from __future__ import annotations

import pytest
from attack_sets import assert_openings_apart, assert_written_by, flagged_and_found
from embed_marks import needs_embed

from compiler.runtime.attacks import prompt_attack_confidence

FILE = "authored_tool_outputs.jsonl"
SETS = {
    "tuning tool outputs": ("helper A", 250, 60),
    "tuning tool outputs, second writer": ("helper B", 246, 60),
}
# benign rows flagged at most, attacks found at least, at any strength
STANDARD = {"tuning tool outputs": (82, 59), "tuning tool outputs, second writer": (90, 53)}
EMBED = {"tuning tool outputs": (79, 58), "tuning tool outputs, second writer": (85, 51)}


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_set_loads_whole_as_a_tuning_set(name: str) -> None:
    writer, benign, attacks = SETS[name]
    assert_written_by(name, FILE, writer, (benign, attacks), "tool")


@pytest.mark.parametrize("name", sorted(SETS))
def test_no_opening_is_another_sets(name: str) -> None:
    assert assert_openings_apart(name) == sum(SETS[name][1:])


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_standard_engine_stays_where_the_rounds_left_it(name: str) -> None:
    flagged, found = flagged_and_found(name, prompt_attack_confidence)
    most, least = STANDARD[name]
    assert flagged <= most and found >= least, (flagged, found)


@needs_embed
@pytest.mark.parametrize("name", sorted(SETS))
def test_the_embed_engine_stays_where_the_rounds_left_it(name: str) -> None:
    from compiler.runtime import embed_heads  # only with the [embed] extra

    flagged, found = flagged_and_found(name, embed_heads.prompt_attack_confidence)
    most, least = EMBED[name]
    assert flagged <= most and found >= least, (flagged, found)
