"""scripts/head_agreement.py: which tuning sets a head flatters itself on, and the means."""

from __future__ import annotations

import math

from benchmarks.attack_data import TRAINING, TUNING, Row
from scripts.head_agreement import SOURCE, agree, means, overruled, own_sets, rates
from scripts.train_embed_attack_head import MIN_SET


def test_sources_name_real_sets() -> None:
    assert set(SOURCE) <= set(TUNING)
    assert set(SOURCE.values()) <= set(TRAINING)


def test_own_sets_are_the_fifths_of_sources_only_the_head_learns() -> None:
    # as in scripts/train_attack_model.WEIGHTS (which needs scikit-learn to import)
    weights = {"real requests": 0.0, "JailbreakBench": 1.0, "CLINC150": 0.0}
    own = own_sets(weights)
    assert "tuning real requests" in own  # weight 0 for the word model, `--zero` for the head
    assert "tuning JailbreakBench" not in own  # the word model learns JailbreakBench too
    assert "tuning CLINC150" not in own  # held back from the head as well
    assert own_sets({source: 1.0 for source in SOURCE.values()}) == set()


def test_rates_skip_small_sets_and_means_split_own_from_clean() -> None:
    benign = [Row(f"b{i}", 0, "en", "user") for i in range(MIN_SET)]
    attacks = [Row(f"a{i}", 1, "en", "user") for i in range(MIN_SET)]
    few = [Row(f"f{i}", 1, "en", "user") for i in range(MIN_SET - 1)]
    sets = {"mine": benign + few, "theirs": attacks}
    blocked = {r.text for r in benign[: MIN_SET // 2]} | {r.text for r in attacks}
    per = rates(sets, blocked.__contains__)
    assert per == {("mine", 0): 0.5, ("theirs", 1): 1.0}  # "mine"'s few attacks do not count
    summary = means(per, {"mine"})
    assert summary["all"] == (0.5, 1.0)
    assert summary["own"][0] == 0.5 and math.isnan(summary["own"][1])
    assert math.isnan(summary["clean"][0]) and summary["clean"][1] == 1.0


def test_agree_blocks_only_what_both_block() -> None:
    both = agree({"x", "y"}.__contains__, {"y", "z"}.__contains__)
    assert [both(t) for t in ("x", "y", "z")] == [False, True, False]


def test_overruled_adds_what_the_head_alone_blocks_at_its_stricter_cut() -> None:
    either = overruled({"y"}.__contains__, {"z"}.__contains__)
    assert [either(t) for t in ("x", "y", "z")] == [False, True, True]
