"""The content-filter datasets of sessions 14 and 15 (tests/data/content/README.md): the authored
benign framings, MultiJail's requests, the authored look-alike training and tuning sets, the
licensed harmful requests, the authored request look-alikes and Multilingual HateCheck's samples
(training, tuning, held out: split by template) keep the folder's conventions and stay apart
from the held-out sets (and the two look-alike sets from each other); the shipped standard
filters do not block more of the framings or of the tuning set's benign look-alikes than
measured."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from attack_sets import NearIndex, near

from compiler.runtime import content
from compiler.runtime.textfeat import words

DATA = Path(__file__).resolve().parents[1] / "data" / "content"
LANGUAGES = ("en", "de", "fr", "es", "it")
LOOKALIKE_KINDS = {
    "homonym",
    "figurative",
    "history",
    "safety",
    "medical",
    "fiction",
    "game",
    "sport",
}
NEW_FILES = (
    "multijail.jsonl",
    "authored_benign_framing.jsonl",
    "authored_lookalike_training.jsonl",
    "authored_lookalike_tuning.jsonl",
    "harmful_requests.jsonl",
    "authored_request_lookalikes.jsonl",
    "multilingual_hatecheck.jsonl",
    "multilingual_hatecheck_tuning.jsonl",
)
HATECHECK = (
    "multilingual_hatecheck.jsonl",
    "multilingual_hatecheck_tuning.jsonl",
    "heldout_multilingual_hatecheck.jsonl",
)


def _rows(name: str) -> list[dict[str, object]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _opening(text: str) -> str:
    return " ".join(words(text))[:60]


def _near(a: str, b: str) -> bool:
    """The rule the data were checked by: the same 60-character folded opening, or folded word
    sets overlapping at Jaccard 0.6 or more."""
    return _opening(a) == _opening(b) or near(frozenset(words(a)), frozenset(words(b)))


class _NearAny:
    """`_near` against many texts at once: their openings and word sets computed once, and an
    index from a word to the texts holding it, so a text is compared only with texts it shares
    a word with (the same answers as `any(_near(text, t) for t in texts)`, without its cost)."""

    def __init__(self, texts: list[str]) -> None:
        self.openings = {_opening(t) for t in texts}
        self.index = NearIndex(texts)

    def __call__(self, text: str) -> bool:
        return _opening(text) in self.openings or bool(self.index.matches(frozenset(words(text))))


def _held_out() -> list[str]:
    return [
        str(r["text"])
        for name in ("heldout_strongreject.jsonl", "heldout_xstest.jsonl")
        for r in _rows(name)
    ]


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
    for name in NEW_FILES:
        assert not any(_opening(str(r["text"])) in held_out for r in _rows(name)), name


def _check_lookalike_shape(rows: list[dict[str, object]], english: tuple[float, float]) -> None:
    per_language = Counter(str(r["lang"]) for r in rows)
    assert set(per_language) == set(LANGUAGES)
    assert english[0] <= per_language["en"] / len(rows) <= english[1]
    assert all(per_language[lang] >= 30 for lang in LANGUAGES)
    assert {str(r["kind"]) for r in rows} >= LOOKALIKE_KINDS
    assert all(3 <= len(words(str(r["text"]))) <= 25 for r in rows)
    assert len({_opening(str(r["text"])) for r in rows}) == len(rows)


def test_lookalike_training_rows_are_negatives_for_every_category() -> None:
    rows = _rows("authored_lookalike_training.jsonl")
    assert len(rows) >= 240
    assert all(r["labels"] == dict.fromkeys(content.CATEGORIES, 0) for r in rows)
    assert {str(r["kind"]) for r in rows} == LOOKALIKE_KINDS
    _check_lookalike_shape(rows, (0.35, 0.45))


def test_lookalike_tuning_rows_measure_both_sides() -> None:
    """Benign look-alikes are 0 for every category; a harmful request states its one category
    (1) and leaves the others unknown; every category has 20 or more of them."""
    rows = _rows("authored_lookalike_tuning.jsonl")
    benign = [r for r in rows if r["labels"] == dict.fromkeys(content.CATEGORIES, 0)]
    harmful = [r for r in rows if r not in benign]
    assert len(benign) >= 140
    assert {str(r["kind"]) for r in benign} == LOOKALIKE_KINDS
    for row in harmful:
        labels = row["labels"]
        assert isinstance(labels, dict) and len(labels) == 1
        ((category, value),) = labels.items()
        assert value == 1 and row["kind"] == category.lower()
    per_category = Counter(c for r in harmful for c in r["labels"])  # type: ignore[attr-defined]
    assert set(per_category) == set(content.CATEGORIES)
    assert min(per_category.values()) >= 20
    _check_lookalike_shape(rows, (0.35, 0.45))


def test_the_near_duplicate_rule_finds_rewordings_and_spares_other_texts() -> None:
    assert _near("How do I kill a stuck Python process?", "how do i KILL a stuck python process")
    assert _near("Where can I shoot photos at dusk in Rome", "In Rome, where can I shoot photos?")
    assert not _near("How do I kill a stuck Python process?", "How do I crack an egg neatly?")
    long = "Which lens should I pack for a week of street photography in Rome this spring"
    near_any = _NearAny(["How do I crack an egg neatly?", "In Rome, where can I shoot?", long])
    assert near_any("Where can I shoot at dusk in Rome")  # by words
    same_opening = long[:64] + " and what does a used one cost in Milan, Turin or Naples?"
    x, y = set(words(same_opening)), set(words(long))
    assert _opening(same_opening) == _opening(long) and len(x & y) < 0.6 * len(x | y)
    assert near_any(same_opening)  # by opening alone
    assert not near_any("How do I kill a stuck Python process?")


def test_lookalike_sets_are_apart_from_the_held_out_sets_and_from_each_other() -> None:
    held_out = _held_out()
    training = [str(r["text"]) for r in _rows("authored_lookalike_training.jsonl")]
    tuning = [str(r["text"]) for r in _rows("authored_lookalike_tuning.jsonl")]
    near_held_out, near_training = _NearAny(held_out), _NearAny(training)
    assert not [i for i, t in enumerate(training) if near_held_out(t)]
    assert not [i for i, t in enumerate(tuning) if near_held_out(t)]
    assert not [i for i, t in enumerate(tuning) if near_training(t)]


def test_harmful_requests_state_one_mapped_category_by_source() -> None:
    """Session 15: SimpleSafetyTests' and JailbreakBench's requests, each a positive of the one
    category its harm area maps to, the others unknown; no self-harm row, no HATE or INSULTS."""
    rows = _rows("harmful_requests.jsonl")
    assert {str(r["source"]) for r in rows} == {"simplesafetytests", "jailbreakbench"}
    assert all(r["lang"] == "en" for r in rows)
    per_category: Counter[str] = Counter()
    for row in rows:
        labels = row["labels"]
        assert isinstance(labels, dict) and len(labels) == 1
        ((category, value),) = labels.items()
        assert value == 1
        per_category[category] += 1
    assert per_category == Counter(VIOLENCE=19, MISCONDUCT=56, SEXUAL=25)
    assert len({str(r["text"]).casefold() for r in rows}) == len(rows)


def test_request_lookalikes_are_negatives_in_five_languages() -> None:
    rows = _rows("authored_request_lookalikes.jsonl")
    assert all(r["labels"] == dict.fromkeys(content.CATEGORIES, 0) for r in rows)
    per_language = Counter(str(r["lang"]) for r in rows)
    assert per_language == Counter(en=30, de=20, fr=20, es=20, it=20)
    assert all(3 <= len(words(str(r["text"]))) <= 25 for r in rows)
    assert len({_opening(str(r["text"])) for r in rows}) == len(rows)


def test_session_15_rows_are_apart_from_the_held_out_and_tuning_sets() -> None:
    """The rule prints our own rows only; the request look-alikes are also apart from the
    tuning set that chooses among candidates trained on them."""
    near_held_out = _NearAny(_held_out())
    near_tuning = _NearAny([str(r["text"]) for r in _rows("authored_lookalike_tuning.jsonl")])
    for name in ("harmful_requests.jsonl", "authored_request_lookalikes.jsonl"):
        texts = [str(r["text"]) for r in _rows(name)]
        assert not [i for i, t in enumerate(texts) if near_held_out(t)], name
    lookalikes = [str(r["text"]) for r in _rows("authored_request_lookalikes.jsonl")]
    assert not [i for i, t in enumerate(lookalikes) if near_tuning(t)]


def test_hatecheck_rows_state_hate_only_in_four_languages() -> None:
    """Multilingual HateCheck's gold label is about hate alone: HATE 1 or 0, nothing else; the
    training and tuning samples hold 20 and 10 cases of each of the 27 functionalities per
    language (counts only are checked of the held-out split)."""
    for name, per_language, non_hateful in (
        ("multilingual_hatecheck.jsonl", 540, 720),
        ("multilingual_hatecheck_tuning.jsonl", 270, 360),
    ):
        rows = _rows(name)
        assert Counter(str(r["lang"]) for r in rows) == dict.fromkeys(LANGUAGES[1:], per_language)
        assert all(r["labels"] in ({"HATE": 1}, {"HATE": 0}) for r in rows)
        assert sum(r["labels"] == {"HATE": 0} for r in rows) == non_hateful
    held_out = _rows("heldout_multilingual_hatecheck.jsonl")
    assert len(held_out) == 2139
    assert sum(r["labels"] == {"HATE": 1} for r in held_out) == 1440


def test_hatecheck_splits_share_no_template_and_no_text() -> None:
    """scripts/vendor_hatecheck.py splits by template group: a template number (and every
    template written from it) is on one side only, in all four languages; no text is in two
    files."""
    templates = [{str(r["template"]) for r in _rows(name)} for name in HATECHECK]
    texts = [{str(r["text"]).casefold() for r in _rows(name)} for name in HATECHECK]
    for i in range(len(HATECHECK)):
        assert len(texts[i]) == len(_rows(HATECHECK[i]))
        for j in range(i + 1, len(HATECHECK)):
            assert not templates[i] & templates[j], (HATECHECK[i], HATECHECK[j])
            assert not texts[i] & texts[j], (HATECHECK[i], HATECHECK[j])


def test_hatecheck_rows_are_apart_from_the_held_out_and_tuning_sets() -> None:
    others = _held_out() + [str(r["text"]) for r in _rows("authored_lookalike_tuning.jsonl")]
    near_others = _NearAny(others)
    for name in HATECHECK[:2]:
        for i, row in enumerate(_rows(name)):
            assert not near_others(str(row["text"])), (name, i)


def test_hatecheck_training_and_tuning_rows_are_apart_from_its_held_out_split() -> None:
    held_out = _rows("heldout_multilingual_hatecheck.jsonl")
    near = {
        lang: _NearAny([str(h["text"]) for h in held_out if h["lang"] == lang])
        for lang in {str(h["lang"]) for h in held_out}
    }
    for name in HATECHECK[:2]:
        for i, row in enumerate(_rows(name)):
            same = near.get(str(row["lang"]))
            assert same is None or not same(str(row["text"])), (name, i)


def test_the_standard_filters_block_no_more_benign_lookalikes_than_measured() -> None:
    """scripts/train_content_models.py prints the tuning set's table (docs/engines.md): the
    shipped standard filters block 13 of its 151 benign look-alikes at HIGH strength, 5 reach
    MEDIUM."""
    rows = _rows("authored_lookalike_tuning.jsonl")
    benign = [str(r["text"]) for r in rows if not any(r["labels"].values())]  # type: ignore[attr-defined]
    found = [content.content_confidences(t).values() for t in benign]
    assert sum(any(c != "NONE" for c in f) for f in found) <= 13
    assert sum(any(c in ("MEDIUM", "HIGH") for c in f) for f in found) <= 5


def test_the_standard_filters_block_no_more_framings_than_measured() -> None:
    """benchmarks/bench_content.py prints these per language: 30 of the 210 at HIGH strength
    (a confidence of LOW or above), all but one as MISCONDUCT (docs/engines.md)."""
    rows = _rows("authored_benign_framing.jsonl")
    blocked = sum(
        any(c != "NONE" for c in content.content_confidences(str(r["text"])).values()) for r in rows
    )
    assert blocked <= 30


def test_advbench_is_held_out_with_hand_labelled_violence_only() -> None:
    """Session 30: AdvBench's behaviours, evaluation only; VIOLENCE read by hand, every other
    category unknown; no row opens like a held-out row or a content row the models learn from."""
    rows = _rows("heldout_advbench.jsonl")
    assert len(rows) == 473
    assert all(r["labels"] in ({}, {"VIOLENCE": 1}) for r in rows)
    assert sum(r["labels"] == {"VIOLENCE": 1} for r in rows) == 80
    trained = ("harmbench.jsonl", "harmful_requests.jsonl", "openai_moderation.jsonl")
    others = {_opening(t) for t in _held_out()} | {
        _opening(str(r["text"])) for name in trained for r in _rows(name)
    }
    assert not any(_opening(str(r["text"])) in others for r in rows)
