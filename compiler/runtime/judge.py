"""Boosted decision trees over a few numbers, scored with the standard library: the format of
the prompt-attack model's second opinion (`attacks.second_opinion`, data/attack_judge.json).

A model is a list of regression trees, each as parallel arrays (`feature`, `threshold`, `left`,
`right`, `value`; a leaf has `left` -1), as scikit-learn's GradientBoostingClassifier grows them
(scripts/train_attack_judge.py writes them). Its logit is `init` plus `rate` times the sum of
the leaves reached; features compare with `<=`, as in scikit-learn.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, NamedTuple

from .datafiles import read_text

JUDGE_RESOURCE = "attack_judge.json"
# The longest text (in `textfeat.words`) a judge is asked about when its JSON names no
# `max_words`: `attacks.REQUEST_WORDS`, the length the first judges were trained up to.
REQUEST_MAX_WORDS = 80


class Tree(NamedTuple):
    """One regression tree as parallel arrays; node 0 is the root."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def leaf(self, x: Sequence[float]) -> float:
        """The value of the leaf `x` reaches."""
        node = 0
        left, right, feature, threshold = self.left, self.right, self.feature, self.threshold
        while left[node] >= 0:
            node = left[node] if x[feature[node]] <= threshold[node] else right[node]
        return self.value[node]


class TreeJudge(NamedTuple):
    """Boosted trees: the features' names (in order), the trees, `init`, `rate`, `cut` (the
    probability under which the judge finds a text benign) and `max_words`, the longest text it
    was trained on and may be asked about."""

    features: tuple[str, ...]
    trees: tuple[Tree, ...]
    init: float
    rate: float
    cut: float
    max_words: int = REQUEST_MAX_WORDS

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TreeJudge:
        """Rebuild a judge from its JSON."""
        trees = tuple(
            Tree(
                tuple(int(i) for i in t["feature"]),
                tuple(float(v) for v in t["threshold"]),
                tuple(int(i) for i in t["left"]),
                tuple(int(i) for i in t["right"]),
                tuple(float(v) for v in t["value"]),
            )
            for t in data["trees"]
        )
        return cls(
            tuple(str(f) for f in data["features"]),
            trees,
            float(data["init"]),
            float(data["rate"]),
            float(data["cut"]),
            int(data.get("max_words", REQUEST_MAX_WORDS)),
        )

    def probability(self, x: Sequence[float]) -> float:
        """The judge's probability that the text whose features are `x` is an attack."""
        z = self.init + self.rate * sum(tree.leaf(x) for tree in self.trees)
        return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@cache
def default_judge() -> TreeJudge | None:
    """The shipped judge, loaded once; None when the package carries none."""
    try:
        text = read_text("data", JUDGE_RESOURCE)
    except FileNotFoundError:
        return None
    return TreeJudge.from_json(json.loads(text))
