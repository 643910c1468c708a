"""The interface messages of Django, Wagtail, Sphinx and django-allauth
(scripts/vendor_ui_strings.py, session 32, #13): benign text in five languages by the packages'
translators, a training set with a tuning fifth, so that the function words of German, French,
Spanish and Italian can be learned as benign.

Structural checks only: every assertion compares counts, so a failure prints numbers and set
names, never a row.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from attack_sets import DATA, recorded_rows, roles_of

from benchmarks.attack_data import fold_of, load

FIELDS = {"text", "label", "lang", "channel", "package", "fold"}
LANGS = {"en": 1_741, "de": 1_111, "fr": 1_697, "es": 1_354, "it": 1_141}
PACKAGES = ("django", "wagtail", "sphinx", "django-allauth")


def test_a_training_set_with_a_tuning_fifth() -> None:
    assert roles_of("UI strings") == ["TRAINING"]
    assert roles_of("tuning UI strings") == ["TUNING"]


def test_the_licences_and_notice_are_beside_the_data() -> None:
    licence = (DATA / "ui_strings" / "LICENSE").read_text(encoding="utf-8")
    for package in PACKAGES:
        assert f"==== {package}: " in licence, package
    assert licence.count("Redistribution and use in source and binary forms") == 3
    assert licence.count("Permission is hereby granted, free of charge") == 1
    notice = (DATA / "ui_strings" / "NOTICE").read_text(encoding="utf-8")
    for wheel in ("Django-5.1.4", "wagtail-8.0.1", "sphinx-9.0.4", "django_allauth-65.22.1"):
        assert wheel in notice, wheel


def test_rows_are_benign_messages_in_five_languages_folded_by_message() -> None:
    raw = recorded_rows("ui_strings/strings.jsonl")
    counts = {
        "all fields, no other": sum(set(r) == FIELDS for r in raw),
        "benign text an application shows": sum(
            (r["label"], r["channel"]) == (0, "tool") for r in raw
        ),
        "at least four words, at most 1,000 characters": sum(
            len(str(r["text"]).split()) >= 4 and len(str(r["text"])) <= 1000 for r in raw
        ),
        "no placeholder or markup left": sum(
            not any(mark in str(r["text"]) for mark in ("%(", "%s", "{{", "</", "<a ")) for r in raw
        ),
        "distinct texts": len({str(r["text"]).casefold() for r in raw}),
        "a known package": sum(r["package"] in PACKAGES for r in raw),
    }
    assert counts == dict.fromkeys(counts, len(raw))
    assert Counter(str(r["lang"]) for r in raw) == LANGS
    # an English row's fold is its own text's; each translation shares one English message's
    # fold, so the tuning fifth holds no translation of a message trained on
    english = [r for r in raw if r["lang"] == "en"]
    assert sum(r["fold"] == fold_of(str(r["text"])) for r in english) == len(english)
    per_fold: defaultdict[int, int] = defaultdict(int)
    for r in raw:
        per_fold[int(str(r["fold"]))] += 1
    assert sorted(per_fold) == [0, 1, 2, 3, 4]


def test_the_loaders_split_the_folds() -> None:
    training, tuning = load("UI strings"), load("tuning UI strings")
    raw = recorded_rows("ui_strings/strings.jsonl")
    assert len(tuning) == sum(r["fold"] == 4 for r in raw) == 1_518
    assert len(training) + len(tuning) == len(raw)
    assert not {r.text for r in training} & {r.text for r in tuning}
    assert Counter(r.lang for r in (*training, *tuning)) == LANGS
