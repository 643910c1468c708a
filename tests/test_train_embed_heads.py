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

N = 1000
TARGETS = (0.05, 0.03, 0.015)


def _scores() -> npt.NDArray[np.float64]:
    """N distinct scores on a 0.001 grid (coarser than the stored cut points), shuffled."""
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
    ranks[:80] = 1  # the ranks alone: 8 % at LOW, 6 % at MEDIUM, 2 % at HIGH
    ranks[:60] = 2
    ranks[:20] = 3
    cuts, shares = calibrate_cuts(scores, ranks, TARGETS)
    assert shares == pytest.approx([0.08 + CUT_MARGIN, 0.06 + CUT_MARGIN, 0.02 + CUT_MARGIN])
    assert _flagged(scores, ranks, cuts) == pytest.approx(shares)
    assert cuts == sorted(set(cuts))
    assert capsys.readouterr().out.count("raised to") == 3


def test_a_feasible_target_leaves_the_head_what_the_ranks_do_not_use() -> None:
    scores = _scores()
    ranks = np.zeros(N, dtype=np.int_)
    ranks[np.argsort(scores)[:20]] = 1  # 2 % at LOW, on texts the head scores lowest
    cuts, shares = calibrate_cuts(scores, ranks, TARGETS)
    assert shares == list(TARGETS)
    assert _flagged(scores, ranks, cuts) == pytest.approx(TARGETS)
    assert float((scores >= cuts[0]).mean()) == pytest.approx(0.03)  # 5 % less the ranks' 2 %


def test_cuts_stay_strictly_ascending_when_the_quantiles_coincide() -> None:
    scores = np.full(N, 0.5)
    scores[:5] = 0.9  # every level's quantile lands on the same score
    ranks = np.zeros(N, dtype=np.int_)
    ranks[5:60] = 1
    ranks[5:40] = 2
    ranks[5:20] = 3
    cuts, shares = calibrate_cuts(scores, ranks, TARGETS)
    assert cuts[0] < cuts[1] < cuts[2]
    assert cuts[1] - cuts[0] == pytest.approx(1e-5)
    # the ascending cuts only flag fewer: never more than the (raised) targets
    assert all(f <= s + 1e-12 for f, s in zip(_flagged(scores, ranks, cuts), shares, strict=True))
