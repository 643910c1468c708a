"""The content trainer's session-18 data (`scripts/train_content_models.py`): the ordinary
requests it may add as negatives, where they go, and that the cut points ignore them."""

from __future__ import annotations

import numpy as np

from benchmarks.attack_data import load
from compiler.runtime import content
from compiler.runtime.textfeat import words
from scripts.train_content_models import (
    CATEGORIES,
    ORDINARY_CLINC,
    ORDINARY_TUNING,
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
