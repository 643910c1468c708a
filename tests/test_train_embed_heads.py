"""The `[embed]` attack head's calibration (`scripts/train_embed_heads.py`, `calibrate_cuts`): each
cut point is a quantile of the head's scores among the benign texts the rank terms (the standard
engine's confidence, the planted-order rank) leave unflagged, so that the share flagged at each
level is the target, raised where the ranks alone already flag more. numpy only: the trainer's
scikit-learn import (the standard model's weights) happens in `main`, not at import."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from scripts.train_embed_heads import CUT_MARGIN, calibrate_cuts

N = 2000
TARGETS = (0.05, 0.03, 0.015)


def _scores() -> npt.NDArray[np.float64]:
    """N distinct scores on a 1/N grid (coarser than the stored cut points), shuffled."""
    return np.random.default_rng(7).permutation(np.arange(N) / N)


def _flagged(
    scores: npt.NDArray[np.float64], ranks: npt.NDArray[np.int_], cuts: list[float]
) -> list[float]:
    """The share flagged at each level, as the engine decides it."""
    return [float(((ranks >= k) | (scores >= c)).mean()) for k, c in enumerate(cuts, start=1)]


def test_with_nothing_flagged_by_the_ranks_each_cut_is_the_plain_quantile() -> None:
    scores = _scores()
    ranks = np.zeros(N, dtype=np.int_)
    cuts, shares = calibrate_cuts(scores, ranks, TARGETS)
    assert shares == list(TARGETS)
    assert _flagged(scores, ranks, cuts) == pytest.approx(TARGETS)
    top = np.sort(scores)[::-1]
    for cut, target in zip(cuts, TARGETS, strict=True):
        allowed = round(target * N)
        # the lowest stored cut flagging `allowed` texts: above the next score, not above the last
        assert top[allowed] < cut <= top[allowed - 1]


def test_targets_under_what_the_ranks_flag_are_raised_and_the_head_gets_the_margin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    scores = _scores()
    ranks = np.zeros(N, dtype=np.int_)
    ranks[:160] = 1  # the ranks alone: 8 % at LOW, 6 % at MEDIUM, 2 % at HIGH
    ranks[:120] = 2
    ranks[:40] = 3
    cuts, shares = calibrate_cuts(scores, ranks, TARGETS)
    by_ranks = (0.08, 0.06, 0.02)
    assert shares == pytest.approx(
        [r + CUT_MARGIN * t for r, t in zip(by_ranks, TARGETS, strict=True)]
    )
    assert _flagged(scores, ranks, cuts) == pytest.approx(shares)
    assert cuts == sorted(set(cuts))
    assert capsys.readouterr().out.count("raised to") == 3


def test_a_feasible_target_leaves_the_head_what_the_ranks_do_not_use() -> None:
    scores = _scores()
    ranks = np.zeros(N, dtype=np.int_)
    ranks[np.argsort(scores)[:40]] = 1  # 2 % at LOW, on texts the head scores lowest
    cuts, shares = calibrate_cuts(scores, ranks, TARGETS)
    assert shares == list(TARGETS)
    assert _flagged(scores, ranks, cuts) == pytest.approx(TARGETS)
    assert float((scores >= cuts[0]).mean()) == pytest.approx(0.03)  # 5 % less the ranks' 2 %


def test_cuts_stay_strictly_ascending_when_the_quantiles_coincide() -> None:
    scores = _scores() / 2
    scores[:120] = 0.9  # a tie above every level's quantile: each lands on the same cut
    ranks = np.zeros(N, dtype=np.int_)
    cuts, shares = calibrate_cuts(scores, ranks, TARGETS)
    assert cuts == pytest.approx([0.90001, 0.90002, 0.90003])
    # the ascending cuts only flag fewer: never more than the targets
    assert all(f <= s for f, s in zip(_flagged(scores, ranks, cuts), shares, strict=True))
