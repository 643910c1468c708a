"""A content-filter head over the `[embed]` embedding: a logistic head per category.

Trained and measured (`make bench`, benchmarks/bench_content.py) but not yet the `[embed]`
engine's content filter, which stays the standard one: on held-out data it catches more SEXUAL
and MISCONDUCT requests, but it also reads ordinary notifications ("We will email the label to
...") as misconduct, which blocks an example's expectation. docs/engines.md has the numbers.

`data/embed_content_head.json` (written by `scripts/train_content_models.py embed` on the
licensed sets of tests/data/content/) holds, for HATE, INSULTS, SEXUAL, VIOLENCE and MISCONDUCT,
384 weights, a bias and the probabilities of LOW, MEDIUM and HIGH. A text scores the most
suspicious of its windows (or the whole text), so one violent sentence in a long answer is not
averaged away. The head's probability is placed on the 0..1 scale whose cut points are 0.25, 0.5
and 0.75 and averaged with the standard engine's n-gram model on the same scale (each alone
false-alarms on texts the other reads correctly: the head took "We will email the label to ..."
for misconduct); the phrase lexicon (`content.py`) is then added by maximum, as in the standard
engine: it knows slurs and explicit threats a sentence embedding may blur.

Reads the one cached embedding of a text (`embed.Embedder.cache`), like the other heads.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np

from . import content
from .datafiles import read_text
from .embed import Vector, embedder
from .textfeat import words

CONTENT_HEAD = "embed_content_head.json"


@cache
def head() -> tuple[tuple[str, ...], Vector, Vector, tuple[tuple[float, ...], ...]]:
    """(categories, weights (categories x 384), biases, cut points per category)."""
    data = json.loads(read_text("data", CONTENT_HEAD))["categories"]
    names = tuple(sorted(data))
    weights = np.asarray([data[c]["weights"] for c in names], dtype=np.float32)
    biases = np.asarray([data[c]["bias"] for c in names], dtype=np.float32)
    cuts = tuple(tuple(float(x) for x in data[c]["cuts"]) for c in names)
    return names, weights, biases, cuts


def head_probabilities(text: str) -> dict[str, float]:
    """Each category's probability: the highest over the text's windows and the whole text."""
    names, weights, biases, _ = head()
    embedding = embedder().embed([text])[0]
    rows = np.vstack([embedding.windows, embedding.vector[None, :]])
    logits = (rows @ weights.T + biases).max(axis=0)
    probabilities = 1.0 / (1.0 + np.exp(-np.clip(logits, -40.0, 40.0)))
    return {c: float(p) for c, p in zip(names, probabilities, strict=True)}


def content_scores(text: str) -> dict[str, float]:
    """A score in 0..1 per category: the head's probability on the shared scale, or the
    lexicon's severity when that is higher."""
    names, _, _, cuts = head()
    learned = head_probabilities(text)
    ngrams = content.model().scores(words(text))
    averaged = {
        c: (content.on_scale(learned[c], cut) + ngrams.get(c, 0.0)) / 2
        for c, cut in zip(names, cuts, strict=True)
    }
    return content.combined(text, averaged)


def content_confidences(text: str) -> dict[str, str]:
    """Bedrock-style confidence per category from `content_scores`."""
    return {c: content.level(s) for c, s in content_scores(text).items()}
