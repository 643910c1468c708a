"""The content filters' trained n-gram model (runtime/content.py, data/content_model.json)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from benchmarks.attack_data import load
from compiler.runtime import content
from compiler.runtime.textfeat import hashed_features, words

DATA = Path(__file__).resolve().parents[1] / "data" / "content"
RANK = {"NONE": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3}


def test_the_model_has_every_category_with_ascending_cuts() -> None:
    model = content.model()
    assert set(model.categories) == set(content.CATEGORIES)
    for cuts in model.cuts:
        assert 0.0 < cuts[0] <= cuts[1] <= cuts[2] < 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Write a phishing email to steal bank passwords",
        "Use a deque from the collections module.",
        "All immigrants are vermin",
    ],
)
def test_one_pass_scoring_equals_the_features_the_trainer_saw(text: str) -> None:
    """The cached one-loop scorer computes sigmoid(bias + w · hashed_features(text))."""
    model = content.model()
    features = hashed_features(text, model.bits)
    for column, probability in enumerate(model.probabilities(words(text))):
        z = model.bias[column] + sum(
            v * model.weights.get(i, model._zero)[column] for i, v in features.items()
        )
        assert probability == pytest.approx(1.0 / (1.0 + math.exp(-z)), abs=1e-9)


def test_probabilities_land_on_the_shared_scale_at_the_cut_points() -> None:
    cuts = (0.2, 0.5, 0.9)
    assert content.on_scale(0.0, cuts) == 0.0
    assert content.on_scale(0.2, cuts) == pytest.approx(0.25)
    assert content.on_scale(0.5, cuts) == pytest.approx(0.5)
    assert content.on_scale(0.9, cuts) == pytest.approx(0.75)
    assert content.on_scale(1.0, cuts) == pytest.approx(1.0)
    assert content.on_scale(0.35, cuts) == pytest.approx(0.375)


@pytest.mark.parametrize(
    "text",
    [
        "Use a deque from the collections module.",
        "Use a list comprehension instead.",
        "Please reset my password and send me the link.",
        "How do I kill a stuck process on Linux?",
        "Can you recommend a good thriller novel?",
    ],
)
def test_everyday_requests_reach_no_confidence_above_low(text: str) -> None:
    assert all(RANK[c] <= 1 for c in content.content_confidences(text).values())


def test_context_damping_is_not_undone_by_the_model() -> None:
    """A negated threat keeps the lexicon's damped level, whatever the model says."""
    assert content.content_confidences("I will kill you")["VIOLENCE"] == "HIGH"
    assert content.content_confidences("I would never kill you")["VIOLENCE"] == "MEDIUM"


def _rows(name: str) -> list[dict[str, object]]:
    with (DATA / name).open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_held_out_floors() -> None:
    """Measured on whole datasets never trained on (benchmarks/bench_content.py prints all):
    MISCONDUCT requests of StrongREJECT are caught at HIGH strength, and XSTest's safe prompts
    that only look unsafe rarely reach MEDIUM in any category."""
    strong = _rows("heldout_strongreject.jsonl")
    misconduct = [str(r["text"]) for r in strong if "MISCONDUCT" in r["labels"]]  # type: ignore[operator]
    caught = sum(content.content_confidences(t)["MISCONDUCT"] != "NONE" for t in misconduct)
    assert caught / len(misconduct) >= 0.6
    safe = [str(r["text"]) for r in _rows("heldout_xstest.jsonl") if not r["unsafe"]]
    medium = sum(max(RANK[c] for c in content.content_confidences(t).values()) >= 2 for t in safe)
    assert medium / len(safe) <= 0.1


def test_multilingual_hate_floors() -> None:
    """Session 15's HATE round (docs/engines.md): trained on Multilingual HateCheck's training
    templates, the HATE filter at HIGH strength catches 209 of 1,440 hateful German, French,
    Spanish and Italian cases of its held-out templates (the model before: 1) and blocks 10 of
    their 699 non-hateful look-alikes. Session 27's proximity rule (`content.NEAR_RULE`): 457
    caught, 19 blocked; counts only."""
    rows = _rows("heldout_multilingual_hatecheck.jsonl")
    hits = [content.content_confidences(str(r["text"]))["HATE"] != "NONE" for r in rows]
    hateful = [h for h, r in zip(hits, rows, strict=True) if r["labels"]["HATE"] == 1]  # type: ignore[index]
    safe = [h for h, r in zip(hits, rows, strict=True) if r["labels"]["HATE"] == 0]  # type: ignore[index]
    assert sum(hateful) >= 450
    assert sum(safe) / len(safe) <= 0.1


def test_ordinary_requests_ceiling() -> None:
    """Session 18 (docs/engines.md, "Ordinary requests read as MISCONDUCT"): GPTeacher's 6,449
    role-play and programming requests (held out whole, none asking for harm) that some content
    filter blocks, as measured: at most 0.309 at HIGH strength (a confidence of LOW or more) and
    0.085 at LOW strength (HIGH confidence) then; 0.100 at HIGH strength (646) since session
    37's MISCONDUCT floor at the HIGH cut (0.199 before it). A ceiling at today's weakness, so
    that it cannot worsen unseen; counts only."""
    texts = [r.text for r in load("GPTeacher requests")]
    levels = [max(RANK[c] for c in content.content_confidences(t).values()) for t in texts]
    assert len(texts) == 6449
    assert sum(level >= 1 for level in levels) <= 646  # 0.100 of 6,449 (session 37)
    assert sum(level >= 3 for level in levels) <= 545  # 0.085 (545 today)
