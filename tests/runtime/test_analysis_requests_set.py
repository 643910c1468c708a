"""The authored analysis requests (tests/data/attacks/authored_analysis_requests.jsonl, session
15, #13): requests to classify, extract, identify, detect, rate, explain, sort or find something
in a text the user gives, and attacks of the same shapes. A tuning set, never trained on.

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
from compiler.runtime.textfeat import words

NAME = "tuning analysis requests"
FILE = "authored_analysis_requests.jsonl"
FIELDS = {"text", "label", "lang", "channel", "kind"}
# rows per kind in English and in each of the other four languages
BENIGN_KINDS = {
    "classify": (7, 4),
    "extract": (7, 3),
    "identify": (6, 3),
    "detect": (6, 3),
    "rate": (6, 3),
    "explain": (6, 3),
    "sort": (6, 3),
    "find": (6, 3),
}
ATTACK_KINDS = {
    "planted-override": (4, 2),
    "planted-leak": (4, 2),
    "planted-tool": (4, 2),
    "planted-jailbreak": (4, 2),
    "wrapper-order": (4, 2),
}
MIN_WORDS, MAX_WORDS = 8, 80


def _expected() -> Counter[tuple[str, int, str]]:
    """(lang, label, kind) -> rows, as the data README records them."""
    expected: Counter[tuple[str, int, str]] = Counter()
    for label, kinds in ((0, BENIGN_KINDS), (1, ATTACK_KINDS)):
        for kind, (english, other) in kinds.items():
            for lang in LANGUAGES:
                expected[(lang, label, kind)] = english if lang == "en" else other
    return expected


def test_a_tuning_set_never_trained_on() -> None:
    assert roles_of(NAME) == ["TUNING"]


def test_the_recorded_file_loads_with_its_counts_per_language_label_and_kind() -> None:
    raw = recorded_rows(FILE)
    rows = load(NAME)
    counts = authored_user_counts(rows, raw, FIELDS)
    assert counts == dict.fromkeys(counts, 210)
    found = Counter((str(s["lang"]), int(str(s["label"])), str(s["kind"])) for s in raw)
    assert found == _expected()
    assert languages_and_labels(rows, (50, 20), (25, 10))


def test_rows_are_short_requests_and_no_two_are_near_duplicates() -> None:
    rows = load(NAME)
    lengths = [len(words(r.text)) for r in rows]
    assert sum(MIN_WORDS <= n <= MAX_WORDS for n in lengths) == len(rows)
    assert len({r.text.casefold() for r in rows}) == len(rows)
    assert near_pairs([r.text for r in rows]) == 0


def test_no_opening_is_shared_within_the_set_or_with_another_set() -> None:
    assert assert_openings_apart(NAME) == len(load(NAME))
