"""Heads on the `[embed]` embeddings: denied topics, prompt attacks, and the engine's detectors
(with the content head of `embed_content.py`; PII stays the standard engine's).

* `data/embed_topic_head.json` (trained by `scripts/train_embed_heads.py`, numpy only) — a
  topic's score combines the text's cosine similarity to the topic's examples, definition and
  name with a topic-independent "asks for advice or an opinion" direction in embedding space and
  the standard engine's request-shape features (nothing specific to one topic: left out of the
  fit, a family still scores AUC 0.945-0.996);
* `data/embed_token_head.json` (trained by `scripts/train_embed_attack_head.py`, PyTorch
  offline; run with numpy by `token_head.py`) — attention over the model's per-piece states of
  each window; a text's head logit is its most suspicious window's, so an injection at the end
  of a long benign text is not averaged away. It is blended with the standard engine's word
  model (`learned_score`: the n-gram model knows the non-English text this English sentence
  model reads poorly), gated like the standard engine's learned score, and joined by maximum
  with the standard engine's rules (invisible text, look-alike letters, classic phrases, command
  execution, hidden base64/hex/tag-character payloads) and its planted-order rank, which see
  what a learned score cannot. On a request the standard engine's own confidence is not
  joined: its learned part is the word model already blended here, and joining it would bring
  back every false block the token head clears. A document (more than `attacks.REQUEST_WORDS`
  words) keeps the standard engine's verdict (`score_parts`; docs/embed.md).

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

from . import attacks, embed_content, token_head
from .detectors import DEFAULT_DETECTORS, STANDARD_SCORERS, Detectors, Scorers
from .embed import REQUIRED, Embedding, Vector, embedder
from .indirect import rank_score
from .textfeat import words
from .topics import request_shape

TOPIC_HEAD = "embed_topic_head.json"
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


def attack_head() -> tuple[token_head.TokenHead, tuple[float, float, float]]:
    """The attack head and its NONE/LOW/MEDIUM/HIGH cut points."""
    head = token_head.shipped()
    return head, head.cuts


def head_score(embedding: Embedding) -> float:
    """The token head's probability alone: its most suspicious window."""
    return _sigmoid(float(embedding.window_logits.max()))


def standard_logit(tokens: Sequence[str]) -> float:
    """The standard word model's logit of what it reads of a text (`attacks.learned_view`),
    measured from its own LOW cut: 0 where the standard engine would start to flag it."""
    model = attacks.default_model()
    view = attacks.learned_view(tokens) if model.form_free else tokens
    return attacks.logit(model.window_score(view)) - attacks.logit(model.cuts[0])


def blend(head_logit: float, tokens: Sequence[str], mix: float) -> float:
    """The learned probability: (1 - `mix`) x the token head's logit + `mix` x the word model's
    (`standard_logit`), through the sigmoid."""
    return _sigmoid((1.0 - mix) * head_logit + mix * standard_logit(tokens))


def learned_score(embedding: Embedding, tokens: Sequence[str]) -> float:
    """The engine's learned probability: the shipped head's most suspicious window, blended."""
    return blend(float(embedding.window_logits.max()), tokens, token_head.shipped().mix)


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


# Eighty-eighth round (session 20): a request-sized question that names a mode, system,
# configuration or filter in a manual's sense and speaks to no reader (`attacks.plain_question`)
# is judged as a document is, by the standard engine's verdict: the token head reads those words
# as an attack's whatever their sense. False: the head reads it, as until the eighty-seventh; the
# round was not shipped (docs/engines.md), nor was the ninety-fourth (session 21), which tried both
# again with the guard `attacks.ASSISTANT_GUARD`: False, with `attacks.PLAIN_QUESTION` off.
PLAIN_QUESTION_STANDARD = False


def is_document(tokens: Sequence[str]) -> bool:
    """More words than a request (`attacks.REQUEST_WORDS`): a document or a tool's output."""
    return len(tokens) > attacks.REQUEST_WORDS


def judged_as_document(tokens: Sequence[str], text: str) -> bool:
    """A document (`is_document`), or a plain question (`attacks.plain_question`, with
    PLAIN_QUESTION_STANDARD): the standard engine's verdict decides, the head is not read."""
    return is_document(tokens) or (PLAIN_QUESTION_STANDARD and attacks.plain_question(tokens, text))


def score_parts(
    text: str, learned: float, cuts: Sequence[float] | None = None, agree: bool | None = None
) -> float:
    """The engine's score of `text` given its learned probability, under the shipped head's cut
    points and agreement unless `cuts` and `agree` are given (the trainer's, before it writes
    them).

    A request: the learned probability gated as the standard engine's (`attacks.gated`: a
    greeting, a role set-up, a form request, taking back one's own message), then the rules and
    the planted-order rank by maximum; when the head agrees (`TokenHead.agree`), the gated score
    is first capped at the lowest score of the standard engine's confidence of the text, so the
    learned score alone never gives a request more than the standard engine does. A document
    or a plain question (`judged_as_document`): the standard engine's verdict, its confidence
    mapped onto these cut points, and `learned` is not read — the token head, chosen on
    requests, blocked more benign documents than the standard engine on the held-out emails
    (docs/embed.md, session 11)."""
    cuts = attack_head()[1] if cuts is None else cuts
    tokens = words(text)
    if judged_as_document(tokens, text):
        rank = attacks.planted_rank(tokens, text)
        return max(rank_score(max(rank, standard_rank(text)), cuts), rules_score(text))
    return max(request_parts(text, learned, cuts, agree, tokens))


def request_parts(
    text: str,
    learned: float,
    cuts: Sequence[float] | None = None,
    agree: bool | None = None,
    tokens: Sequence[str] | None = None,
) -> attacks.AttackParts:
    """What a request's score (`score_parts`) is the maximum of: the gated learned probability,
    the rules (decoded views included, `rules_score`), the planted-order rank as a score; no
    separate decoded part (0). `tokens` are `words(text)` when the caller has them."""
    cuts = attack_head()[1] if cuts is None else cuts
    agree = attack_head()[0].agree if agree is None else agree
    tokens = words(text) if tokens is None else tokens
    gated = attacks.gated(learned, tokens, cuts, text, english_statements=False)
    if agree and gated >= cuts[0]:
        gated = min(gated, rank_score(standard_rank(text), cuts))
    rank = rank_score(attacks.planted_rank(tokens, text), cuts)
    return attacks.AttackParts(gated, rules_score(text), rank, 0.0)


def prompt_attack_score(text: str) -> float:
    """Score in 0..1 that `text` is a jailbreak, injection or prompt leak (head and rules)."""
    tokens = words(text)
    if is_document(tokens):
        return score_parts(text, 0.0)
    return score_parts(text, learned_score(embedder().embed([text])[0], tokens))


def prompt_attack_confidence(text: str) -> str:
    """Bedrock-style confidence of a prompt attack: NONE, LOW, MEDIUM or HIGH."""
    _, cuts = attack_head()
    return CONFIDENCES[sum(prompt_attack_score(text) >= c for c in cuts)]


def embed_detectors() -> Detectors:
    """The engine's detectors with the `[embed]` topic, prompt-attack and content engines (the
    content head switched on in session 19, docs/engines.md); PII stays the standard engine's."""
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    if missing:  # numpy alone (imported above) is not the extra: fail now, not mid-request
        raise ImportError(f"No module named {', '.join(repr(m) for m in missing)}")
    return Detectors(
        find_pii=DEFAULT_DETECTORS.find_pii,
        topic_index=EmbedTopicIndex,
        prompt_attack=prompt_attack_confidence,
        content=embed_content.content_confidences,
        scorers=EMBED_SCORERS,
    )


def _filter_scores(text: str, types: Collection[str]) -> Mapping[str, float]:
    scores: dict[str, float] = {}
    if "PROMPT_ATTACK" in types:
        scores["PROMPT_ATTACK"] = prompt_attack_score(text)
    if any(t != "PROMPT_ATTACK" for t in types):
        found = embed_content.content_scores(text)
        scores.update((t, found[t]) for t in types if t in found)
    return scores


class _EmbedCuts(Mapping[str, tuple[float, float, float]]):
    """The engine's own cut points: the attack head's, and the content scale's (the head's scores
    are placed on the standard engine's scale, so their cut points are the same)."""

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
