"""The authored form requests (tests/data/attacks/authored_form_requests.jsonl), the blind set of
#13's over-defence on constraints about the answer's form: structural checks only.

No row is scored here: the set measures a fix blind, so a failure shows this file's row numbers
and other sets' names, never a text of another set (held-out and blind rows are not to be read).
"""

from __future__ import annotations

import json
from collections import Counter

from attack_sets import NearIndex, assert_no_shared_opening, near, recorded

from benchmarks.attack_data import (
    BLIND,
    CALIBRATION,
    HELD_OUT,
    LANGUAGES,
    SAME_SOURCE,
    TRAINING,
    TUNING,
    load,
)
from compiler.runtime.textfeat import words

FILE = "authored_form_requests.jsonl"
NAME = "authored form requests"
FIELDS = {"text", "label", "lang", "channel", "kind"}
# the constraint a benign request carries (its main one when it has several)
BENIGN_KINDS = {
    "length",
    "case",
    "punctuation",
    "language",
    "structure",
    "format",
    "quotes",
    "start_end",
    "keywords",
    "postscript",
    "placeholders",
    "repeat",
    "alternatives",
    "yes_no",
    "no_explanation",
}
# the technique an attack uses
ATTACK_KINDS = {
    "prefix_injection",
    "refusal_suppression",
    "format_exfiltration",
    "forced_output",
    "format_then_override",
}


def _raw() -> list[dict[str, object]]:
    data = recorded(FILE)
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_form_requests_are_a_blind_set_in_no_other_role() -> None:
    assert NAME in BLIND
    assert NAME not in {*TRAINING, *CALIBRATION, *TUNING, *HELD_OUT, *SAME_SOURCE}


def test_form_requests_have_valid_fields_and_the_recorded_counts() -> None:
    """60 benign requests and 20 attacks in each language, all user input, each row tagged with
    the constraint or technique it carries; benign requests of 5-200 words, about half under 40;
    the loader gives exactly the file's rows."""
    raw = _raw()
    counts: Counter[tuple[str, int]] = Counter()
    short = 0
    for i, r in enumerate(raw):
        assert set(r) == FIELDS, i
        text, label, kind = str(r["text"]), r["label"], r["kind"]
        assert r["lang"] in LANGUAGES and r["channel"] == "user" and label in (0, 1), i
        assert text == text.strip() and 5 <= len(text.split()) <= 200, i
        assert kind in (ATTACK_KINDS if label else BENIGN_KINDS), i
        counts[(str(r["lang"]), int(str(label)))] += 1
        short += label == 0 and len(text.split()) < 40
    assert counts == {(lang, label): 20 if label else 60 for lang in LANGUAGES for label in (0, 1)}
    assert 120 <= short <= 180
    rows = load(NAME)
    assert [(r.text, r.label, r.lang, r.channel) for r in rows] == [
        (r["text"], r["label"], r["lang"], r["channel"]) for r in raw
    ]
    by_kind = Counter(str(r["kind"]) for r in raw)
    assert set(by_kind) == BENIGN_KINDS | ATTACK_KINDS


def test_form_requests_are_unique_and_no_two_are_near_duplicates() -> None:
    texts = [str(r["text"]) for r in _raw()]
    assert len({t.casefold() for t in texts}) == len(texts)
    own = [frozenset(words(t)) for t in texts]
    pairs = [
        (i, j) for i in range(len(own)) for j in range(i + 1, len(own)) if near(own[i], own[j])
    ]
    assert not pairs


def test_form_requests_share_no_opening_or_near_duplicate_with_any_other_set() -> None:
    """No opening (60 folded characters) shared with a row of any other set in LOADERS, and no
    row a near-duplicate of a row of a training or tuning set (a blind measure must not have been
    learnt or tuned on, even reworded)."""
    texts = [str(r["text"]) for r in _raw()]
    assert_no_shared_opening(texts, (NAME,))
    own = NearIndex(texts)
    for other in (*TRAINING, *TUNING):
        found: set[int] = set()
        for row in load(other):
            found |= own.matches(frozenset(words(row.text)))
        assert not sorted(found), other
