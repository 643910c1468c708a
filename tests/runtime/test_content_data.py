"""The content-filter datasets of session 14 (tests/data/content/README.md): the authored benign
framings and MultiJail's requests keep the folder's conventions and stay apart from the held-out
sets; the shipped standard filters do not block more of the framings than they did."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from compiler.runtime import content
from compiler.runtime.textfeat import words

DATA = Path(__file__).resolve().parents[1] / "data" / "content"
LANGUAGES = ("en", "de", "fr", "es", "it")


def _rows(name: str) -> list[dict[str, object]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _opening(text: str) -> str:
    return " ".join(words(text))[:60]


def test_authored_framings_are_negatives_for_every_category_in_five_languages() -> None:
    rows = _rows("authored_benign_framing.jsonl")
    assert all(r["labels"] == dict.fromkeys(content.CATEGORIES, 0) for r in rows)
    per_language = Counter(str(r["lang"]) for r in rows)
    assert set(per_language) == set(LANGUAGES)
    assert per_language["en"] >= 60
    assert all(per_language[lang] >= 35 for lang in LANGUAGES)
    assert len({str(r["text"]).casefold() for r in rows}) == len(rows)


def test_multijail_rows_state_only_positives_of_known_categories() -> None:
    """A red-team tag list says what a prompt is, not all it is not: no row states a 0."""
    rows = _rows("multijail.jsonl")
    assert {r["lang"] for r in rows} == {"en", "it"}
    for row in rows:
        labels = row["labels"]
        assert isinstance(labels, dict) and labels
        assert set(labels) <= set(content.CATEGORIES)
        assert set(labels.values()) == {1}


def test_new_rows_do_not_open_like_a_held_out_row() -> None:
    held_out = {
        _opening(str(r["text"]))
        for name in ("heldout_strongreject.jsonl", "heldout_xstest.jsonl")
        for r in _rows(name)
    }
    for name in ("multijail.jsonl", "authored_benign_framing.jsonl"):
        assert not any(_opening(str(r["text"])) in held_out for r in _rows(name)), name


def test_the_standard_filters_block_no_more_framings_than_measured() -> None:
    """benchmarks/bench_content.py prints these per language: 30 of the 210 at HIGH strength
    (a confidence of LOW or above), all but one as MISCONDUCT (docs/engines.md)."""
    rows = _rows("authored_benign_framing.jsonl")
    blocked = sum(
        any(c != "NONE" for c in content.content_confidences(str(r["text"])).values()) for r in rows
    )
    assert blocked <= 30
