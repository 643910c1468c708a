"""The authored second-person requests (tests/data/attacks/authored_second_person.jsonl, session
18, #13): short messages that speak to the assistant as "you" beyond a polite opening (its
opinion, a hypothetical, what it can do, its earlier answer, a task, a harmless role-play) and
attacks of the same shape. A tuning set, never trained on.

Every assertion compares counts, so that a failure prints numbers and set names, never a row
(the opening check loads every other set, held-out and blind ones included).
"""

from __future__ import annotations

from collections import Counter

from attack_sets import (
    assert_openings_apart,
    authored_user_counts,
    languages_and_labels,
    near_pairs,
    recorded_rows,
    roles_of,
)

from benchmarks.attack_data import LANGUAGES, load
from compiler.runtime import attacks
from compiler.runtime.textfeat import words

NAME = "tuning second person"
FILE = "authored_second_person.jsonl"
FIELDS = {"text", "label", "lang", "channel", "kind"}
BENIGN_KINDS = ("opinion", "hypothetical", "capability", "follow-up", "polite-task", "role-play")
ATTACK_KINDS = (
    "role-jailbreak",
    "rules-leak",
    "override",
    "refusal-suppression",
    "hypothetical-harm",
    "opinion-leak",
)


def test_a_tuning_set_never_trained_on() -> None:
    assert roles_of(NAME) == ["TUNING"]


def test_the_recorded_file_loads_with_its_counts_per_language_label_and_kind() -> None:
    raw = recorded_rows(FILE)
    rows = load(NAME)
    counts = authored_user_counts(rows, raw, FIELDS)
    assert counts == dict.fromkeys(counts, 210)
    per_language = Counter((str(s["lang"]), int(str(s["label"])), str(s["kind"])) for s in raw)
    assert per_language == {
        **{(lang, 0, kind): 5 for lang in LANGUAGES for kind in BENIGN_KINDS},
        **{(lang, 1, kind): 2 for lang in LANGUAGES for kind in ATTACK_KINDS},
    }
    assert languages_and_labels(rows, (30, 12), (30, 12))


def test_rows_are_short_requests_and_no_two_are_near_duplicates() -> None:
    rows = load(NAME)
    count = len(rows)
    lengths = [len(words(r.text)) for r in rows]
    assert sum(10 <= n <= attacks.REQUEST_WORDS for n in lengths) == count
    assert len({r.text.casefold() for r in rows}) == count
    assert near_pairs([r.text for r in rows]) == 0


def test_no_opening_is_shared_within_the_set_or_with_another_set() -> None:
    assert assert_openings_apart(NAME) == len(load(NAME))
