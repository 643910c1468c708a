"""A content-filter head over the `[embed]` embedding: a logistic head per category.

The `[embed]` engine's content filter since session 19 (`embed_heads.embed_detectors`): on
held-out data it finds more SEXUAL and MISCONDUCT requests than the standard engine and blocks
fewer ordinary requests (GPTeacher's at HIGH strength: 0.024 against the standard engine's
0.199 since session 29's look-alikes, 0.028 against 0.203 after session 28's MISCONDUCT floors,
0.216 against 0.309 before them; 0.001 at LOW);
docs/engines.md has the rounds and their gates, `make bench` the numbers.

`data/embed_content_head.json` (written by `scripts/train_content_models.py embed` on the
licensed sets of tests/data/content/, with ordinary requests, business mail and benign
look-alikes as negatives) holds, for HATE, INSULTS, SEXUAL, VIOLENCE and MISCONDUCT,
384 weights, a bias and the probabilities of LOW, MEDIUM and HIGH. A text scores the most
suspicious of its windows (or the whole text), so one violent sentence in a long answer is not
averaged away. The head's probability is placed on the 0..1 scale whose cut points are 0.25, 0.5
and 0.75 and averaged with the standard engine's n-gram model on the same scale (each alone
false-alarms on texts the other reads correctly: an earlier head took "We will email the
label to ..." for misconduct); the phrase lexicon (`content.py`) is then added by maximum, as in
the standard engine: it knows slurs and explicit threats a sentence embedding may blur.

Reads the one cached embedding of a text (`embed.Embedder.cache`), like the other heads.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np

from . import content
from .datafiles import read_text
from .embed import Embedding, embedder
from .textfeat import words

CONTENT_HEAD = "embed_content_head.json"
# Session 28's fourth content round (docs/engines.md): where no wrongdoing is named, an averaged
# MISCONDUCT reading under this counts for nothing (the standard engine's `MISCONDUCT_FLOOR`;
# readings from MEDIUM are kept as they are, so only a filter at HIGH strength can move).
# The LOW cut: every reading counts, as until then.
MISCONDUCT_FLOOR = content.content_cuts("MISCONDUCT")[1]


class ContentHead:
    """The five categories' logistic heads over one embedding (`embed_content_head.json`'s data:
    per category 384 weights, a bias and the probabilities of LOW, MEDIUM and HIGH)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        entries = data["categories"]
        self.names = tuple(sorted(entries))
        self.weights = np.asarray([entries[c]["weights"] for c in self.names], dtype=np.float32)
        self.biases = np.asarray([entries[c]["bias"] for c in self.names], dtype=np.float32)
        self.cuts = tuple(tuple(float(x) for x in entries[c]["cuts"]) for c in self.names)

    def probabilities(self, embedding: Embedding) -> dict[str, float]:
        """Each category's probability: the highest over the text's windows and the whole text."""
        rows = np.vstack([embedding.windows, embedding.vector[None, :]])
        logits = (rows @ self.weights.T + self.biases).max(axis=0)
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(logits, -40.0, 40.0)))
        return {c: float(p) for c, p in zip(self.names, probabilities, strict=True)}

    def scores(self, text: str, embedding: Embedding) -> dict[str, float]:
        """A score in 0..1 per category: the head's probability on the shared scale averaged
        with the n-gram model's, or the lexicon's severity when that is higher; MISCONDUCT
        under MISCONDUCT_FLOOR only where the text names a wrongdoing."""
        learned = self.probabilities(embedding)
        tokens = content.model_words(words(text))  # look-alikes in their ordinary sense left out
        ngrams = content.model().scores(tokens)
        averaged = {
            c: (content.on_scale(learned[c], cut) + ngrams.get(c, 0.0)) / 2
            for c, cut in zip(self.names, self.cuts, strict=True)
        }
        # as on the standard engine, only a reading between the LOW cut and the floor is
        # dropped: one under LOW blocks nothing at the default cuts and is left for calibration
        low = content.content_cuts("MISCONDUCT")[0]
        faint = low <= averaged.get("MISCONDUCT", 0.0) < MISCONDUCT_FLOOR
        if faint and not content.goal_named(tokens):
            averaged["MISCONDUCT"] = 0.0
        return content.combined(text, averaged)


@cache
def head() -> ContentHead:
    """The shipped head (data/embed_content_head.json), loaded once."""
    return ContentHead(json.loads(read_text("data", CONTENT_HEAD)))


def content_scores(text: str) -> dict[str, float]:
    """A score in 0..1 per category: the head's probability on the shared scale, or the
    lexicon's severity when that is higher."""
    return head().scores(text, embedder().embed([text])[0])


def content_confidences(text: str) -> dict[str, str]:
    """Bedrock-style confidence per category from `content_scores`."""
    return {c: content.level(s) for c, s in content_scores(text).items()}
