"""The sentences of the Parallel Universal Dependencies treebanks (scripts/vendor_pud.py, session
32, #13): the same 1,000 news and Wikipedia sentences in English, German, French, Spanish and
Italian, a training set with a tuning fifth, so that the function words of four languages can be
learned as benign from prose that does not speak of accounts and settings.

Structural checks only: every assertion compares counts, so a failure prints numbers and set
names, never a row.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from attack_sets import DATA, recorded_rows, roles_of

from benchmarks.attack_data import fold_of, load

FIELDS = {"text", "label", "lang", "channel", "source", "fold"}
LANGS = ("en", "de", "fr", "es", "it")


def test_a_training_set_with_a_tuning_fifth() -> None:
    assert roles_of("PUD sentences") == ["TRAINING"]
    assert roles_of("tuning PUD sentences") == ["TUNING"]


def test_the_licence_and_notice_are_beside_the_data() -> None:
    licence = (DATA / "pud" / "LICENSE").read_text(encoding="utf-8")
    assert "creativecommons.org/licenses/by-sa/3.0" in licence
    notice = (DATA / "pud" / "NOTICE").read_text(encoding="utf-8")
    for name in ("English", "German", "French", "Spanish", "Italian"):
        assert f"UniversalDependencies/UD_{name}-PUD at commit " in notice, name
    assert "This adapted file is licensed under CC BY-SA 3.0 as well." in notice


def test_the_same_sentences_in_five_languages_folded_together() -> None:
    raw = recorded_rows("pud/sentences.jsonl")
    counts = {
        "all fields, no other": sum(set(r) == FIELDS for r in raw),
        "benign prose": sum((r["label"], r["channel"]) == (0, "tool") for r in raw),
        "non-empty, at most 1,000 characters": sum(0 < len(str(r["text"])) <= 1000 for r in raw),
        "distinct texts": len({str(r["text"]).casefold() for r in raw}),
    }
    assert counts == dict.fromkeys(counts, len(raw))
    assert Counter(str(r["lang"]) for r in raw) == dict.fromkeys(LANGS, 1_000)
    # every sentence id is in all five languages, with one fold, the English sentence's
    by_id: defaultdict[str, set[tuple[str, int]]] = defaultdict(set)
    english = {}
    for r in raw:
        sent_id = str(r["source"]).rsplit("#", 1)[1]
        by_id[sent_id].add((str(r["lang"]), int(str(r["fold"]))))
        if r["lang"] == "en":
            english[sent_id] = fold_of(str(r["text"]))
    assert len(by_id) == 1_000
    assert sum({lang for lang, _ in v} == set(LANGS) for v in by_id.values()) == 1_000
    assert sum({fold for _, fold in v} == {english[k]} for k, v in by_id.items()) == 1_000


def test_the_loaders_split_the_folds() -> None:
    training, tuning = load("PUD sentences"), load("tuning PUD sentences")
    assert (len(training), len(tuning)) == (3_945, 1_055)
    assert not {r.text for r in training} & {r.text for r in tuning}
    assert Counter(r.lang for r in tuning) == dict.fromkeys(LANGS, 211)
