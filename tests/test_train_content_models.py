"""The content trainer's session-18 and session-19 data (`scripts/train_content_models.py`): the
ordinary requests and the business mail it may add as negatives, where they go, that the cut
points ignore them, and session 19's rule."""

from __future__ import annotations

import numpy as np

from benchmarks.attack_data import load
from compiler.runtime import content
from compiler.runtime.textfeat import words
from scripts.train_content_models import (
    CATEGORIES,
    MAIL,
    MAIL_TUNING,
    MEDIUM_CEILING,
    ORDINARY_CLINC,
    ORDINARY_TUNING,
    HeadResult,
    choose_embed,
    ordinary_rows,
    train,
    training_rows,
)


def test_ordinary_rows_are_training_folds_only() -> None:
    """IFEval's 715 training-fold requests and ORDINARY_CLINC CLINC150 queries of ten words or
    more; no text of a tuning fold or of the held-out GPTeacher set among them."""
    rows = ordinary_rows()
    assert len(rows) == 715 + ORDINARY_CLINC == len(set(rows))
    assert all(len(words(t)) >= content.SHORT_WORDS for t in rows[715:])
    kept_back = {r.text for name in (*ORDINARY_TUNING, "GPTeacher requests") for r in load(name)}
    assert kept_back.isdisjoint(rows)
    assert rows == ordinary_rows()  # the same rows, in the same order, every run


def test_ordinary_rows_are_appended_as_negatives_of_the_chosen_categories() -> None:
    base, base_weights, base_cuts = training_rows(False, False, hatecheck_weight=1.0)
    rows, weights, in_cuts = training_rows(
        False,
        False,
        hatecheck_weight=1.0,
        ordinary_weight=4.0,
        ordinary_categories=("MISCONDUCT",),
    )
    added = len(rows) - len(base)
    assert added == len(ordinary_rows())
    assert rows[: len(base)] == base  # the other rows keep their places, so their folds
    assert all(labels == {"MISCONDUCT": 0} for _, labels in rows[len(base) :])
    assert weights[len(base) :].tolist() == [4.0] * added
    assert base_cuts.all() and in_cuts[: len(base)].all() and not in_cuts[len(base) :].any()
    assert np.array_equal(weights[: len(base)], base_weights)
    every = training_rows(False, False, hatecheck_weight=1.0, ordinary_weight=1.0)[0]
    assert all(set(labels) == set(CATEGORIES) for _, labels in every[len(base) :])


def test_cut_points_ignore_the_rows_left_out_of_them() -> None:
    """The cut points are the quantiles of the counted negatives' out-of-fold scores: negatives
    the rows `in_cuts` leaves out (easy ones here, which would pull the cuts down) move none."""
    rng = np.random.default_rng(3)
    pos = rng.normal(1.5, 1.0, (60, 2))
    neg = rng.normal(-0.5, 1.0, (300, 2))
    easy = rng.normal(-6.0, 0.5, (600, 2))
    x = np.vstack([pos, neg, easy])
    labels = [dict.fromkeys(CATEGORIES, 1)] * 60 + [dict.fromkeys(CATEGORIES, 0)] * 900
    rows = [(str(i), label) for i, label in enumerate(labels)]
    sample = np.ones(len(rows))
    counted = np.array([True] * 360 + [False] * 600)

    def cuts(in_cuts: np.ndarray | None) -> list[float]:
        models, _ = train(x, rows, sample, 0.0, lambda w: w, in_cuts=in_cuts)
        return models["SEXUAL"][2]

    kept, pooled = cuts(counted), cuts(None)
    assert all(k > p for k, p in zip(kept, pooled, strict=True))


def test_business_mail_is_appended_after_the_ordinary_rows_as_every_category_negative() -> None:
    with_ordinary = training_rows(False, False, hatecheck_weight=1.0, ordinary_weight=1.0)
    rows, weights, in_cuts = training_rows(
        False, False, hatecheck_weight=1.0, ordinary_weight=1.0, mail_weight=2.0
    )
    start = len(with_ordinary[0])
    assert rows[:start] == with_ordinary[0]
    mail = [r.text for r in load(MAIL)]
    assert [t for t, _ in rows[start:]] == mail
    assert all(labels == dict.fromkeys(CATEGORIES, 0) for _, labels in rows[start:])
    assert weights[start:].tolist() == [2.0] * len(mail)
    assert not in_cuts[start:].any()
    assert {r.text for r in load(MAIL_TUNING)}.isdisjoint(mail)
    hard, hard_weights, hard_cuts = training_rows(
        False, False, hatecheck_weight=1.0, ordinary_weight=1.0, mail_weight=2.0, hard_weight=4.0
    )
    assert hard[: len(rows)] == rows
    assert len(hard) - len(rows) == 248  # the look-alike training set, never its tuning set
    assert all(labels == dict.fromkeys(CATEGORIES, 0) for _, labels in hard[len(rows) :])
    assert hard_weights[len(rows) :].tolist() == [4.0] * 248
    assert not hard_cuts[len(rows) :].any()


def _result(benign: float, recall: float, ordinary: float, mail: float, failing: int) -> HeadResult:
    return HeadResult(
        {"benign HIGH": benign, "benign MEDIUM": 0.05, "mean recall": recall},
        {"mean HIGH": ordinary},
        {"mail HIGH": mail},
        ["x"] * failing,
    )


def test_the_session_19_rule_takes_the_fewest_ordinary_blocks_among_the_admissible() -> None:
    reference = _result(0.10, 0.20, 0.15, 0.05, 0)
    results = {
        "fewest but an example fails": _result(0.05, 0.30, 0.01, 0.0, 1),
        "more look-alikes blocked": _result(0.11, 0.30, 0.02, 0.0, 0),
        "recall lost": _result(0.05, 0.18, 0.02, 0.0, 0),
        "more mail blocked": _result(0.05, 0.30, 0.02, 0.06, 0),
        "admissible": _result(0.10, 0.195, 0.08, 0.05, 0),
        "admissible, fewer": _result(0.09, 0.25, 0.05, 0.0, 0),
        "ties with it, later": _result(0.09, 0.25, 0.05, 0.0, 0),
    }
    assert choose_embed(results, reference) == "admissible, fewer"
    medium = HeadResult(
        {**results["admissible, fewer"].lookalike, "benign MEDIUM": 0.2},
        *results["admissible, fewer"][1:],
    )
    assert medium.lookalike["benign MEDIUM"] > MEDIUM_CEILING
    assert choose_embed({"medium": medium}, reference) is None
    assert choose_embed({"worse": _result(0.10, 0.20, 0.16, 0.05, 0)}, reference) is None
