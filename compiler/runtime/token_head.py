"""The `[embed]` engine's prompt-attack head: attention over MiniLM's token states (numpy only).

A window's word pieces come out of the model as one 384-d state each. The head normalises every
state (layer norm), maps it to `hidden` features (linear, then GELU in its tanh form), and pools
them twice: weighted by a learned attention score per piece, and evenly. A linear layer over the
two pooled vectors gives the window's logit; a text's logit is that of its most suspicious window.
Reading every piece in its context is what a mean-pooled sentence vector cannot do: "ignore the
letter case" and "ignore the instructions" share their strongest word but not its neighbours.

The weights are written by scripts/train_embed_attack_head.py (PyTorch, offline) into
`data/embed_token_head.json` as base64 little-endian float32 arrays; the trainer checks that this
module reproduces PyTorch's logits on every calibration text before it writes the file.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

Array: TypeAlias = npt.NDArray[np.float32]

RESOURCE = "embed_token_head.json"
FORMAT = "guardc-token-head/1"
NORM_EPS = 1e-5  # PyTorch's LayerNorm default
_GELU_C = float(np.sqrt(2.0 / np.pi))


def encode(values: npt.ArrayLike) -> str:
    """An array as base64 of its little-endian float32 bytes (what the JSON stores)."""
    return base64.b64encode(np.asarray(values, dtype="<f4").tobytes()).decode("ascii")


def decode(text: str, shape: tuple[int, ...]) -> Array:
    """The inverse of `encode`, checked against the expected `shape`."""
    flat = np.frombuffer(base64.b64decode(text), dtype="<f4").astype(np.float32)
    if flat.size != int(np.prod(shape)):
        raise ValueError(f"token head array of {flat.size} values, expected shape {shape}")
    return flat.reshape(shape)


def gelu(x: Array) -> Array:
    """GELU in its tanh form (PyTorch's `approximate="tanh"`, as the head is trained)."""
    inner = x * x
    inner *= 0.044715
    inner += 1.0
    inner *= x
    inner *= _GELU_C  # sqrt(2/pi) * (x + 0.044715 x^3), in place: no power, few temporaries
    np.tanh(inner, out=inner)
    inner += 1.0
    inner *= x
    inner *= 0.5
    return inner


@dataclass(frozen=True)
class TokenHead:
    """The head's weights, its share of the standard word model, and its cut points."""

    norm_weight: Array  # (dim,)
    norm_bias: Array  # (dim,)
    proj_weight: Array  # (dim, hidden)
    proj_bias: Array  # (hidden,)
    attention: Array  # (hidden,)
    attention_bias: float
    out_weight: Array  # (2 * hidden,)
    out_bias: float
    # The text's learned logit is (1 - mix) * head logit + mix * the standard word model's logit
    # measured from its own LOW cut (embed_heads.learned_score).
    mix: float
    cuts: tuple[float, float, float]
    # A request's learned score counts only up to the standard engine's confidence of it
    # (embed_heads.score_parts; the head's JSON says "agree": true).
    agree: bool = False

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TokenHead:
        """Read the trainer's JSON (`FORMAT`)."""
        if data.get("format") != FORMAT:
            raise ValueError(f"token head format {data.get('format')!r}, expected {FORMAT!r}")
        dim, hidden = int(data["dim"]), int(data["hidden"])
        arrays = data["arrays"]
        low, medium, high = (float(c) for c in data["cuts"])
        return cls(
            norm_weight=decode(arrays["norm_weight"], (dim,)),
            norm_bias=decode(arrays["norm_bias"], (dim,)),
            proj_weight=decode(arrays["proj_weight"], (dim, hidden)),
            proj_bias=decode(arrays["proj_bias"], (hidden,)),
            attention=decode(arrays["attention"], (hidden,)),
            attention_bias=float(data["attention_bias"]),
            out_weight=decode(arrays["out_weight"], (2 * hidden,)),
            out_bias=float(data["out_bias"]),
            mix=float(data["mix"]),
            cuts=(low, medium, high),
            agree=bool(data.get("agree", False)),
        )

    def logits(self, hidden: Array, mask: npt.NDArray[np.bool_]) -> Array:
        """One logit per window: `hidden` (windows, pieces, dim) as the model gave them, `mask`
        (windows, pieces) true on real pieces (padding is left out of both poolings)."""
        windows, pieces, dim = hidden.shape
        x = hidden.astype(np.float32).reshape(windows * pieces, dim)  # 2-D: a faster matmul
        x = x - x.mean(axis=-1, keepdims=True)
        x /= np.sqrt((x * x).mean(axis=-1, keepdims=True) + NORM_EPS)
        x = x * self.norm_weight + self.norm_bias
        flat = x @ self.proj_weight
        flat += self.proj_bias
        h = gelu(flat).reshape(windows, pieces, -1)
        scores = h @ self.attention + self.attention_bias
        scores = np.where(mask, scores, -np.inf)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        weights = scores / scores.sum(axis=-1, keepdims=True)
        attended = (weights[..., None] * h).sum(axis=1)
        real = mask[..., None].astype(np.float32)
        pooled = (h * real).sum(axis=1) / np.maximum(real.sum(axis=1), 1.0)
        out: Array = np.concatenate([attended, pooled], axis=-1) @ self.out_weight + self.out_bias
        return out.astype(np.float32)


@cache
def shipped() -> TokenHead:
    """The head shipped in package data."""
    package = __name__.rpartition(".")[0] + ".data"
    raw = resources.files(package).joinpath(RESOURCE).read_text(encoding="utf-8")
    return TokenHead.from_json(json.loads(raw))
