"""The authored everyday vocabulary (session 33, #13): benign German, French, Spanish and Italian
messages and documents that use rules, modes, settings, filters, instructions and the like in
their everyday sense, written by helpers who read nothing of the project, a training set with a
tuning fifth, so that the word model can weigh those words against the authored attacks.

Structural checks only: every assertion compares counts, so a failure prints numbers and set
names, never a row.
"""

from __future__ import annotations

from collections import Counter

from attack_sets import recorded_rows, roles_of

from benchmarks.attack_data import fold_of, load

FILE = "authored_everyday_vocabulary.jsonl"
FIELDS = {"text", "label", "lang", "channel", "kind", "fold"}
KINDS = (
    "rules", "mode", "settings", "ignore_forget", "instructions", "filters",
    "restrictions_limits", "system_prompt_words", "roles_pretend", "secrets_passwords",
    "override_unlock_disable", "from_now_on", "developer_admin", "news_report", "tool_output",
    "mixed_long",
)  # fmt: skip
# after the two near-duplicates of tuning rows were dropped
LANGS = {"de": 159, "fr": 160, "es": 159, "it": 160}


def test_a_training_set_with_a_tuning_fifth() -> None:
    assert roles_of("authored everyday vocabulary") == ["TRAINING"]
    assert roles_of("tuning everyday vocabulary") == ["TUNING"]


def test_rows_by_language_kind_and_channel() -> None:
    raw = recorded_rows(FILE)
    assert sum(set(r) == FIELDS for r in raw) == len(raw)
    assert Counter(str(r["lang"]) for r in raw) == LANGS
    assert {int(str(r["label"])) for r in raw} == {0}
    assert len({str(r["text"]).casefold() for r in raw}) == len(raw)
    kinds = Counter(str(r["kind"]) for r in raw)
    assert sorted(kinds) == sorted(KINDS)
    assert min(kinds.values()) >= 39
    documents = [r for r in raw if r["kind"] in ("news_report", "tool_output")]
    assert sum(r["channel"] == "tool" for r in raw) == len(documents) == 80


def test_folds_are_the_texts_and_split_the_loaders() -> None:
    raw = recorded_rows(FILE)
    assert sum(r["fold"] == fold_of(str(r["text"])) for r in raw) == len(raw)
    training, tuning = load("authored everyday vocabulary"), load("tuning everyday vocabulary")
    assert (len(training), len(tuning)) == (519, 119)
    assert {r.text for r in training}.isdisjoint(r.text for r in tuning)
