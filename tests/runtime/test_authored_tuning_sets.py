"""What every authored tuning set of sessions 19-22 must hold (tests/data/attacks/README.md): it is
a tuning set, never trained on; the recorded file loads whole with its counts per language, label
and kind; its rows are within their word range, none repeated and no two near duplicates; and no
opening is shared within the set or with any other set. What makes each set what it is stays in
its own module (test_second_person_probes_set.py, test_technical_questions_set.py,
test_third_person_probes_set.py, test_other_assistants_set.py; `tuning AI topics`, `tuning tool
use`, `tuning stories`, `tuning hypotheticals` and `tuning code and search` have no module of
their own).

Every assertion compares counts, so that a failure prints numbers and set names, never a row
(the opening check loads every other set, held-out and blind ones included).
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from attack_sets import assert_authored_kinds, assert_openings_apart, near_pairs, roles_of

from benchmarks.attack_data import load
from compiler.runtime.textfeat import words


class Authored(NamedTuple):
    """An authored tuning set: its loader name, file, kinds per language and word range."""

    file: str
    benign_kinds: dict[str, int]
    attack_kinds: dict[str, int]
    words: tuple[int, int]


FIELDS = {"text", "label", "lang", "channel", "kind"}
SETS = {
    "tuning second-person probes": Authored(
        "authored_second_person_probes.jsonl",
        {"opinion": 6, "feedback": 6, "about_you": 4, "setup": 4},
        {"leak": 8, "override": 8, "hijack": 4},
        (5, 40),
    ),
    "tuning technical questions": Authored(
        "authored_technical_questions.jsonl",
        {"device": 5, "appliance": 5, "software": 5, "account": 5},
        {"mode": 5, "instructions": 5, "override": 5, "camouflaged": 5},
        (5, 100),
    ),
    "tuning third-person probes": Authored(
        "authored_third_person_probes.jsonl",
        {"device": 5, "software": 5, "service": 5, "ai-general": 5},
        {"mode-probe": 5, "leak-probe": 5, "filter-probe": 5, "camouflaged": 5},
        (8, 80),
    ),
    "tuning other assistants": Authored(
        "authored_other_assistants.jsonl",
        dict.fromkeys(
            ("own-bot", "human-assistant", "voice-assistant", "product-model", "ai-at-work"), 4
        ),
        dict.fromkeys(
            ("own-bot-cover", "fake-colleague", "relay", "comparison", "persona-transfer"), 4
        ),
        (10, 80),
    ),
    "tuning AI topics": Authored(
        "authored_ai_topics.jsonl",
        dict.fromkeys(("fiction-craft", "game-ai", "ai-policy"), 5),
        dict.fromkeys(("fiction-leak", "fiction-jailbreak", "policy-pretext"), 5),
        (12, 80),
    ),
    "tuning tool use": Authored(
        "authored_tool_use.jsonl",
        dict.fromkeys(("tool-list", "function-schema", "api-docs", "agent-plan", "tool-debug"), 4),
        dict.fromkeys(
            ("poisoned-tool", "tool-exfiltration", "tool-result-injection", "tool-override"), 5
        ),
        (70, 140),
    ),
    "tuning stories": Authored(
        "authored_stories.jsonl",
        dict.fromkeys(
            ("false-belief", "secret-surprise", "deception-social", "faux-pas", "story-task"), 4
        ),
        dict.fromkeys(("story-jailbreak", "story-leak", "story-injection", "story-override"), 5),
        (80, 180),
    ),
    "tuning hypotheticals": Authored(
        "authored_hypotheticals.jsonl",
        dict.fromkeys(
            ("dilemma", "negotiation", "thought-experiment", "survival-plan", "perspective"), 4
        ),
        dict.fromkeys(
            (
                "hypothetical-jailbreak",
                "hypothetical-leak",
                "hypothetical-override",
                "hypothetical-harm",
            ),
            5,
        ),
        (80, 150),
    ),
    "tuning code and search": Authored(
        "authored_code_search.jsonl",
        dict.fromkeys(("api-code", "math-code", "search-format", "agent-format", "tool-making"), 4),
        dict.fromkeys(
            ("format-jailbreak", "code-exfiltration", "search-injection", "format-override"), 5
        ),
        (90, 170),
    ),
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_a_tuning_set_never_trained_on(name: str) -> None:
    assert roles_of(name) == ["TUNING"]


@pytest.mark.parametrize("name", sorted(SETS))
def test_the_recorded_file_loads_with_its_counts_per_language_label_and_kind(name: str) -> None:
    spec = SETS[name]
    assert_authored_kinds(name, spec.file, FIELDS, spec.benign_kinds, spec.attack_kinds)


@pytest.mark.parametrize("name", sorted(SETS))
def test_rows_are_in_their_word_range_and_no_two_are_near_duplicates(name: str) -> None:
    rows = load(name)
    low, high = SETS[name].words
    count = len(rows)
    assert sum(low <= len(words(r.text)) <= high for r in rows) == count
    assert len({r.text.casefold() for r in rows}) == count
    assert near_pairs([r.text for r in rows]) == 0


@pytest.mark.parametrize("name", sorted(SETS))
def test_no_opening_is_shared_within_the_set_or_with_another_set(name: str) -> None:
    assert assert_openings_apart(name) == len(load(name))
