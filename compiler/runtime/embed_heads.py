"""Heads on the `[embed]` embeddings: denied topics, prompt attacks, and the engine's detectors.

Both heads are small logistic models stored as JSON beside the other runtime data and trained by
`scripts/train_embed_heads.py` (numpy only) on the project's labelled data:

* `data/embed_topic_head.json` — a topic's score combines the text's cosine similarity to the
  topic's examples, definition and name with a topic-independent "asks for advice or an opinion"
  direction in embedding space and the standard engine's request-shape features (nothing
  specific to one topic: left out of the fit, a family still scores AUC 0.945-0.996);
* `data/embed_attack_head.json` — weights over the 384 dimensions; a text scores the maximum over
  its windows, so an injection at the end of a long benign text is not averaged away. The standard
  engine's rules (invisible text, look-alike letters, classic phrases, command execution, hidden
  base64/hex/tag-character payloads) are added by maximum, as they see what a sentence embedding
  cannot, and so is the standard engine's confidence (its n-gram model knows the non-English and
  instruction-like texts this English sentence model embeds poorly), mapped onto the head's cut
  points, which the trainer calibrates with it.

Every rule reads the one cached embedding of a text (`embed.Embedder.cache`).
"""

from __future__ import annotations

import importlib.util
import json
import math
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from . import attacks
from .detectors import DEFAULT_DETECTORS, STANDARD_SCORERS, Detectors, Scorers
from .embed import REQUIRED, Embedding, Vector, embedder
from .indirect import rank_score
from .textfeat import words
from .topics import request_shape

TOPIC_HEAD = "embed_topic_head.json"
ATTACK_HEAD = "embed_attack_head.json"
CONFIDENCES = ("NONE", "LOW", "MEDIUM", "HIGH")


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


@cache
def load_head(resource: str) -> dict[str, Any]:
    """A head's JSON from package data (loaded once)."""
    package = __name__.rpartition(".")[0] + ".data"
    data: dict[str, Any] = json.loads(
        resources.files(package).joinpath(resource).read_text(encoding="utf-8")
    )
    return data


@dataclass(frozen=True)
class LinearHead:
    """`sigmoid(weights · x + bias)` over an embedding."""

    weights: Vector
    bias: float

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearHead:
        """Rebuild a head saved as `{"weights": [...], "bias": b}`."""
        return cls(np.asarray(data["weights"], dtype=np.float32), float(data["bias"]))

    def logits(self, rows: Vector) -> Vector:
        """The head's logit for each row of `rows` (or for one vector)."""
        out: Vector = rows @ self.weights + np.float32(self.bias)
        return out


def topic_features(similarities: Vector, advice_logit: float, text: str) -> list[list[float]]:
    """Per topic: [max example similarity, definition similarity, name similarity, advice
    logit, advice, opinion, personal, factual]; `similarities` is (topics, 3)."""
    shape = request_shape(text)
    common = [
        advice_logit,
        float(shape.advice),
        float(shape.opinion),
        float(min(shape.personal, 2)),
        float(shape.factual),
    ]
    return [[float(x) for x in row] + common for row in similarities]


class EmbedTopicIndex:
    """Denied topics scored on sentence embeddings; same interface as `topics.TopicIndex`."""

    def __init__(
        self,
        topics: Sequence[tuple[str, str, Sequence[str]]],
        threshold: float | None = None,
    ) -> None:
        head = load_head(TOPIC_HEAD)
        self.coefficients = np.asarray(head["coefficients"], dtype=np.float64)
        self.intercept = float(head["intercept"])
        self.advice = LinearHead.from_json(head["advice"])
        self.threshold = float(head["threshold"]) if threshold is None else threshold
        self.names = [name for name, _, _ in topics]
        self.model = embedder()
        # Every topic phrase in one batch: (name, definition, examples) per topic.
        phrases = [p for name, defn, examples in topics for p in (name, defn, *examples)]
        vectors = {t: e.vector for t, e in zip(phrases, self.model.embed(phrases), strict=True)}
        self.examples = [
            np.stack([vectors[e] for e in examples]) if examples else vectors[defn][None, :]
            for _, defn, examples in topics
        ]
        self.definitions = np.stack([vectors[d] for _, d, _ in topics]) if topics else None
        self.name_vectors = np.stack([vectors[n] for n, _, _ in topics]) if topics else None

    def _embedding(self, text: str) -> Embedding:
        return self.model.embed([text])[0]

    def features(self, text: str) -> list[list[float]]:
        """The head's inputs for each topic (see `topic_features`)."""
        if self.definitions is None or self.name_vectors is None:
            return []
        v = self._embedding(text).vector
        sims = np.stack(
            [
                np.array([float((ex @ v).max()) for ex in self.examples]),
                self.definitions @ v,
                self.name_vectors @ v,
            ],
            axis=1,
        ).astype(np.float32)
        return topic_features(sims, float(self.advice.logits(v)), text)

    def scores(self, text: str) -> list[float]:
        """One score in 0..1 per topic, in the order the topics were given."""
        rows = self.features(text)
        return [_sigmoid(self.intercept + float(self.coefficients @ np.asarray(r))) for r in rows]

    def matches(self, text: str) -> list[int]:
        """Indices of the topics whose score reaches the index's threshold."""
        return [i for i, s in enumerate(self.scores(text)) if s >= self.threshold]


@cache
def attack_head() -> tuple[LinearHead, tuple[float, float, float]]:
    """The attack head and its NONE/LOW/MEDIUM/HIGH cut points."""
    data = load_head(ATTACK_HEAD)
    low, medium, high = (float(c) for c in data["cuts"])
    return LinearHead.from_json(data), (low, medium, high)


def head_score(embedding: Embedding) -> float:
    """The attack head's probability: the most suspicious window (or the whole text)."""
    head, _ = attack_head()
    logits = head.logits(embedding.windows)
    best = max(float(logits.max()), float(head.logits(embedding.vector)))
    return _sigmoid(best)


def rules_score(text: str) -> float:
    """What the standard engine's rules see: phrases, invisible or look-alike text, command
    execution, and instructions hidden in base64/hex/tag characters (scored lexically)."""
    best = attacks.rule_score(text)
    model = attacks.default_model()
    for view in attacks.decoded_views(text):
        hidden = max(model.model_score(view), attacks.phrase_score(words(view)))
        if hidden >= 0.5:
            best = max(best, min(1.0, hidden + 0.1))
    return best


def standard_rank(text: str) -> int:
    """The standard engine's confidence rank (0 NONE .. 3 HIGH) for `text`."""
    return CONFIDENCES.index(attacks.prompt_attack_confidence(text))


def prompt_attack_score(text: str) -> float:
    """Score in 0..1 that `text` is a jailbreak, injection or prompt leak (head and rules).

    As in the standard engine, a short text that names no attack target (a greeting, "ignore my
    last message") keeps the head's score under the LOW cut (`attacks.gated`). The standard
    engine's confidence counts too (mapped onto this head's cut points, which are calibrated with
    it), so the extra adds to what the standard engine finds and never loses it."""
    _, cuts = attack_head()
    tokens = words(text)
    head = attacks.gated(head_score(embedder().embed([text])[0]), tokens, cuts, text)
    standard = rank_score(standard_rank(text), cuts)
    rank = rank_score(attacks.planted_rank(tokens, text), cuts)
    return max(head, rules_score(text), rank, standard)


def prompt_attack_confidence(text: str) -> str:
    """Bedrock-style confidence of a prompt attack: NONE, LOW, MEDIUM or HIGH."""
    _, cuts = attack_head()
    return CONFIDENCES[sum(prompt_attack_score(text) >= c for c in cuts)]


def embed_detectors() -> Detectors:
    """The engine's detectors with the `[embed]` topic and prompt-attack engines; PII and content
    filters stay those of the standard engine."""
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    if missing:  # numpy alone (imported above) is not the extra: fail now, not mid-request
        raise ImportError(f"No module named {', '.join(repr(m) for m in missing)}")
    return Detectors(
        find_pii=DEFAULT_DETECTORS.find_pii,
        topic_index=EmbedTopicIndex,
        prompt_attack=prompt_attack_confidence,
        content=DEFAULT_DETECTORS.content,
        scorers=EMBED_SCORERS,
    )


def _filter_scores(text: str, types: Collection[str]) -> Mapping[str, float]:
    scores: dict[str, float] = {}
    if "PROMPT_ATTACK" in types:
        scores["PROMPT_ATTACK"] = prompt_attack_score(text)
    if any(t != "PROMPT_ATTACK" for t in types):
        scores.update(STANDARD_SCORERS.filters(text, [t for t in types if t != "PROMPT_ATTACK"]))
    return scores


class _EmbedCuts(Mapping[str, tuple[float, float, float]]):
    """The engine's own cut points: the attack head's, and the standard content engine's."""

    def __getitem__(self, key: str) -> tuple[float, float, float]:
        return attack_head()[1] if key == "PROMPT_ATTACK" else STANDARD_SCORERS.cuts[key]

    def __iter__(self) -> Iterator[str]:
        return iter(STANDARD_SCORERS.cuts)

    def __len__(self) -> int:
        return len(STANDARD_SCORERS.cuts)


EMBED_SCORERS = Scorers(
    engine="embed",
    filters=_filter_scores,
    cuts=_EmbedCuts(),
    topic_index=EmbedTopicIndex,
    topic_threshold=float(load_head(TOPIC_HEAD)["threshold"]),
)
