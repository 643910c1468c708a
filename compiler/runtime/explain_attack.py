"""Why a text gets its prompt-attack confidence: the parts of its score and, for the standard
engine's word model, the words that weigh most (`guardc eval --why`, scripts/attack_evidence.py).

The parts are the engine's own (`attacks.attack_parts`, `embed_heads.request_parts`), so the
explanation cannot drift from the verdict: the score is their maximum. The word shares split the
learned score's dot product over the words and adjacent word pairs of the window the model kept
(the whole text when short), scaled as the features are (by the root of their count).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from . import attacks
from .attacks import AttackModel, AttackParts
from .textfeat import pair_id, token_ids, words

TOP_WORDS = 8  # word and pair shares reported


class AttackEvidence(NamedTuple):
    """What decides a text's prompt-attack confidence on one engine.

    `raw` is the learned score before the gates (short messages, role set-ups, form requests,
    requests to rework or analyse a given text, taking back a message) and, on the standard
    engine, before its second opinion; `gated` is after the gates only; `parts` are what the
    score is the maximum of, on the scale of `cuts` (the engine's own lowest scores of LOW,
    MEDIUM and HIGH); `words` the words and word pairs
    adding most to the standard word model's score (none for the `[embed]` head, which reads
    words in context). `document`: an `[embed]` text too long for its head, which keeps the
    standard engine's verdict (its parts and cuts are then the standard engine's). `length`: the
    text's words; `stretch`: on the standard word model, the words of the stretch whose score is
    the learned score when the text is longer than one window (empty otherwise); `long_request`:
    a long text opening as a request, whose stretch is held to `attacks.LONG_REQUEST_LOW`."""

    engine: str
    raw: float
    gated: float
    parts: AttackParts
    cuts: tuple[float, float, float]
    words: tuple[tuple[str, float], ...] = ()
    document: bool = False
    length: int = 0
    stretch: tuple[str, ...] = ()
    long_request: bool = False


def worst_window(model: AttackModel, tokens: Sequence[str]) -> Sequence[str]:
    """The stretch of `tokens` the model's `window_score` keeps: the whole text when short."""
    starts = attacks.window_starts(len(tokens))
    if not starts:
        return tokens
    dots = model.scorer.window_dots(tokens, attacks.WINDOW, starts)
    start = starts[max(range(len(dots)), key=dots.__getitem__)]
    return tokens[start : start + attacks.WINDOW]


def word_shares(model: AttackModel, tokens: Sequence[str]) -> dict[str, float]:
    """Each word's and word pair's share of the dot product of `tokens` (summed per distinct
    word or pair), scaled as `textfeat.token_features` scales: by the root of the feature count."""
    weights, bits = model.scorer.weights, model.bits
    mask = (1 << bits) - 1
    shares: defaultdict[str, float] = defaultdict(float)
    count = 0
    previous: tuple[int, str] | None = None
    for token in tokens:
        word_hash, ids = token_ids(token, bits)
        if token in model.scorer.pair_only:
            ids = ()  # scored through its bigrams only
        shares[token] += sum(weights.get(i, 0.0) for i in ids)
        count += len(ids)
        if previous is not None:
            pair = pair_id(previous[0], word_hash, mask)
            shares[f"{previous[1]} {token}"] += weights.get(pair, 0.0)
            count += 1
        previous = (word_hash, token)
    scale = 1.0 / math.sqrt(count or 1)
    return {key: value * scale for key, value in shares.items()}


def top_shares(shares: dict[str, float], top: int = TOP_WORDS) -> tuple[tuple[str, float], ...]:
    """The `top` largest positive shares, largest first (ties by text)."""
    ranked = sorted(((k, v) for k, v in shares.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))
    return tuple(ranked[:top])


def standard_evidence(text: str) -> AttackEvidence:
    """The standard engine's evidence for `text` (the shipped model and second opinion)."""
    model = attacks.default_model()
    tokens = words(text)
    view = attacks.learned_view(tokens) if model.form_free else tokens
    raw = attacks.learned_raw(model, tokens, text)
    gated = attacks.gated(raw, tokens, model.cuts, text)
    parts = attacks.attack_parts(model, text, attacks.shipped_judge)
    window = worst_window(model, view)
    shares = top_shares(word_shares(model, window))
    stretch = tuple(window) if len(window) < len(view) else ()
    long_request = (
        attacks.long_request(tokens, text) and attacks.long_request_cut(model.cuts) is not None
    )
    return AttackEvidence(
        "standard", raw, gated, parts, model.cuts, shares, False, len(tokens), stretch, long_request
    )


def embed_evidence(text: str) -> AttackEvidence:
    """The `[embed]` engine's evidence for `text` (needs the `[embed]` extra)."""
    from . import embed_heads  # noqa: PLC0415 - numpy and the model, only when asked
    from .embed import embedder  # noqa: PLC0415

    tokens = words(text)
    if embed_heads.is_document(tokens):
        return standard_evidence(text)._replace(engine="embed", document=True)
    head, cuts = embed_heads.attack_head()
    raw = embed_heads.learned_score(embedder().embed([text])[0], tokens)
    gated = attacks.gated(raw, tokens, cuts, text, english_statements=False)
    parts = embed_heads.request_parts(text, raw, cuts, head.agree, tokens)
    return AttackEvidence("embed", raw, gated, parts, cuts)


def evidence(text: str, engine: str = "standard") -> AttackEvidence:
    """The evidence for `text` on `engine` ("standard" or "embed")."""
    return embed_evidence(text) if engine == "embed" else standard_evidence(text)
