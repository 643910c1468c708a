"""The authored pasted material (tests/data/attacks/authored_pasted_material.jsonl, session 17,
#13): material a user pastes with no request (reports, papers, contracts, stories, notes,
manuals, ads, news, lessons, listings) and the same kinds carrying an order for the model that
reads them. A tuning set, never trained on.

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

NAME = "tuning pasted material"
FILE = "authored_pasted_material.jsonl"
FIELDS = {"text", "label", "lang", "channel", "kind"}
BENIGN_KINDS = {
    "legal": 17,
    "literary": 16,
    "marketing": 16,
    "product": 16,
    "report": 15,
    "education": 15,
    "academic": 14,
    "notes": 14,
    "news": 14,
    "data": 13,
}
ATTACK_KINDS = ("planted-order", "third-person", "persona", "tool-data", "harmful-story")


def test_a_tuning_set_never_trained_on() -> None:
    assert roles_of(NAME) == ["TUNING"]


def test_the_recorded_file_loads_with_its_counts_per_language_label_and_kind() -> None:
    raw = recorded_rows(FILE)
    rows = load(NAME)
    counts = authored_user_counts(rows, raw, FIELDS)
    assert counts == dict.fromkeys(counts, 210)
    kinds = Counter((int(str(s["label"])), str(s["kind"])) for s in raw)
    assert kinds == {
        **{(0, kind): n for kind, n in BENIGN_KINDS.items()},
        **{(1, kind): 12 for kind in ATTACK_KINDS},
    }
    # every attack kind in every language: four in English, two in each other language
    per_language = Counter((str(s["lang"]), str(s["kind"])) for s in raw if s["label"] == 1)
    assert per_language == {
        (lang, kind): 4 if lang == "en" else 2 for lang in LANGUAGES for kind in ATTACK_KINDS
    }
    assert languages_and_labels(rows, (50, 20), (25, 10))


def test_rows_are_documents_and_no_two_are_near_duplicates() -> None:
    rows = load(NAME)
    lengths = [len(words(r.text)) for r in rows]
    assert sum(attacks.REQUEST_WORDS < n <= 200 for n in lengths) == len(rows)
    assert len({r.text.casefold() for r in rows}) == len(rows)
    assert near_pairs([r.text for r in rows]) == 0


def test_no_opening_is_shared_within_the_set_or_with_another_set() -> None:
    assert assert_openings_apart(NAME) == len(load(NAME))
