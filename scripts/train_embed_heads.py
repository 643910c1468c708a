"""Train the `[embed]` engine's topic head and write it as runtime data (numpy only).

    .venv/bin/python scripts/train_embed_heads.py [--cache /tmp/embed-cache.npz]

The prompt-attack head is trained by scripts/train_embed_attack_head.py (attention over the
model's token states, PyTorch offline), which reuses this script's `calibrate_cuts`.

Denied topics → compiler/runtime/data/embed_topic_head.json: a topic-independent "asks for
advice or an opinion" direction plus eight combining coefficients, fitted on the dev split (even
lines) of tests/data/topics/ and evaluated on the test split (odd lines), the same protocol as
benchmarks/bench_accuracy.py.

`--cache` keeps the embeddings between runs.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_accuracy import TopicRow, TopicSpec, topic_rows, topic_specs  # noqa: E402
from compiler.runtime import embed, embed_heads  # noqa: E402

Array = npt.NDArray[np.float64]
ATTACKS = ROOT / "tests" / "data" / "attacks"
OUT = ROOT / "compiler" / "runtime" / "data"
# Share of S-Labs validation benign texts the engine may flag at each level. LOW is what `filter
# prompt attacks at high` blocks (Bedrock: rank(confidence) + rank(strength) >= 4), the usual
# setting. A target below what the standard engine's confidence, the planted-order rank and the
# rules already flag by themselves cannot be met; `calibrate_cuts` raises it to that share plus
# CUT_MARGIN of the target itself (a tenth: 0.5 / 0.3 / 0.15 points), so the head keeps some room
# of its own at every level, less at the stricter ones. (An equal half point at every level gave
# the head the same one text of the 364 then calibrated on at each level: cut points one stored
# unit apart, 0.78011 / 0.78012 / 0.78013.)
CUT_FP = {"LOW": 0.05, "MEDIUM": 0.03, "HIGH": 0.015}
CUT_MARGIN = 0.1
CUT_DECIMALS = 5  # the head's JSON stores its cut points to this many decimals
TOPIC_FP = 0.02  # share of dev (text, topic) negatives a topic's threshold may flag


class Vectors:
    """Text → embedding (and window embeddings), computed once, optionally cached on disk."""

    def __init__(self, texts: Sequence[str], cache: Path | None) -> None:
        unique = sorted(set(texts))
        self.vectors: dict[str, Array] = {}
        self.windows: dict[str, Array] = {}
        if cache is not None and cache.exists():
            data = np.load(cache, allow_pickle=False)
            stored = json.loads(str(data["texts"]))
            self.vectors = dict(zip(stored, data["vectors"].astype(np.float64), strict=True))
            starts, windows = data["window_starts"], data["windows"].astype(np.float64)
            for i, text in enumerate(stored):  # (an NpzFile reads an array at each access)
                self.windows[text] = windows[starts[i] : starts[i + 1]]
        missing = [t for t in unique if t not in self.vectors]
        model = embed.embedder()
        for start in range(0, len(missing), 256):
            chunk = missing[start : start + 256]
            for text, e in zip(chunk, model.embed(chunk), strict=True):
                self.vectors[text] = e.vector.astype(np.float64)
                self.windows[text] = e.windows.astype(np.float64)
            model.cache.clear()
            print(f"  embedded {start + len(chunk)}/{len(missing)}", file=sys.stderr)
            if cache is not None and (start // 256) % 8 == 7:
                self.save(cache)  # a stopped run keeps what it embedded
        if cache is not None and missing:
            self.save(cache)

    def save(self, cache: Path) -> None:
        """Write every embedding so far to `cache` (npz)."""
        stored = sorted(self.vectors)
        counts = [len(self.windows[t]) for t in stored]
        np.savez(
            cache,
            texts=json.dumps(stored),
            vectors=np.stack([self.vectors[t] for t in stored]).astype(np.float32),
            windows=np.concatenate([self.windows[t] for t in stored]).astype(np.float32),
            window_starts=np.concatenate([[0], np.cumsum(counts)]),
        )

    def matrix(self, texts: Sequence[str]) -> Array:
        """Embeddings of `texts`, one row each."""
        return np.stack([self.vectors[t] for t in texts])


def fit_logistic(x: Array, y: Array, l2: float, weights: Array | None = None) -> Array:
    """L2-regularised logistic regression by Newton steps; returns coefficients + intercept."""
    n, d = x.shape
    a = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    sw = np.ones(n) if weights is None else weights
    reg = l2 * np.eye(d + 1)
    reg[-1, -1] = 0.0  # the intercept is not shrunk
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ w, -40, 40)))
        grad = a.T @ (sw * (p - y)) + reg @ w
        hess = (a * (sw * p * (1 - p))[:, None]).T @ a + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def auc(scores: Array, labels: Array) -> float:
    """ROC AUC (Mann-Whitney, ties counted half)."""
    pos, neg = scores[labels == 1], scores[labels == 0]
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def _round_up(x: float, units: int = 10**CUT_DECIMALS) -> int:
    """The smallest multiple of 1/`units` not below `x`, in units (what the JSON stores)."""
    k = math.ceil(x * units)
    while k / units < x:  # the float product may round down
        k += 1
    return k


def calibrate_cuts(
    scores: Array,
    ranks: npt.NDArray[np.int_],
    targets: Sequence[float],
    margin: float = CUT_MARGIN,
) -> tuple[list[float], list[float]]:
    """The head's cut points and the shares they were set for, from calibration benign texts.

    `ranks[i]` is the level (0 NONE .. 3 HIGH) the rank terms give benign text i by themselves —
    the larger of the standard engine's confidence and the planted-order rank; `scores[i]` is the
    continuous part of its score, the larger of the rules' score and the head's, the head left out
    where the gate applies. A text is then flagged at level k (1 LOW .. 3 HIGH) when
    `ranks[i] >= k` or `scores[i] >= c_k`: with strictly ascending cuts, a rank r mapped to
    `cuts[r - 1]` reaches `c_k` exactly when r >= k, and a gated head score stays under
    0.99 c_1 <= c_k, so no flag depends on where the cuts land and there is no fixed point.

    For each level, the target share t_k of benign texts is `targets[k - 1]`; s_k is the share
    the ranks flag already. A target under s_k cannot be met: it is raised to s_k + `margin`
    t_k (printed; raising it to s_k alone would leave the head no room at that level, and a
    margin in proportion to the target leaves less room at the stricter levels). c_k is
    the lowest cut, rounded up to `CUT_DECIMALS` decimals, at which at most floor(t_k n) - n s_k
    of the texts the ranks leave unflagged reach it: a quantile of their scores; with nothing
    flagged by the ranks, the plain quantile. The cuts are then made strictly ascending (c_k at
    least one stored unit above c_{k-1}), which can only flag fewer."""
    n = len(scores)
    units = 10**CUT_DECIMALS
    cuts: list[int] = []
    shares: list[float] = []
    for level, target in enumerate(targets, start=1):
        ranked = ranks >= level
        already = float(ranked.mean()) if n else 0.0
        goal = already + margin * target if already > target else target
        if goal != target:
            print(
                f"level {level}: target {target:.4f} is below the {already:.4f} the ranks flag "
                f"already; raised to {goal:.4f}"
            )
        budget = math.floor(goal * n + 1e-9) - int(ranked.sum())
        rest = np.sort(scores[~ranked])[::-1]
        if budget < len(rest):
            cut = float(np.nextafter(rest[budget], np.inf))
        else:
            cut = float(rest[-1]) if len(rest) else 0.0
        k = _round_up(cut, units)
        cuts.append(max(k, cuts[-1] + 1) if cuts else k)
        shares.append(goal)
    return [round(k / units, CUT_DECIMALS) for k in cuts], shares


def rates(scores: Array, labels: Array, cut: float) -> tuple[float, float]:
    """(recall, false-positive rate) at `cut`."""
    flagged = scores >= cut
    return float(flagged[labels == 1].mean()), float(flagged[labels == 0].mean())


def topic_matrix(
    vecs: Vectors, specs: Sequence[TopicSpec], rows: Sequence[TopicRow], advice: Array
) -> tuple[Array, Array]:
    """Features (rows x topics, 8) and labels for the topic head."""
    feats, labels = [], []
    examples = [vecs.matrix(s.examples) for s in specs]
    definitions = vecs.matrix([s.definition for s in specs])
    names = vecs.matrix([s.name for s in specs])
    for row in rows:
        v = vecs.vectors[row.text]
        sims = np.stack(
            [np.array([(e @ v).max() for e in examples]), definitions @ v, names @ v], axis=1
        ).astype(np.float32)
        logit = float(v @ advice[:-1] + advice[-1])
        for k, spec in enumerate(embed_heads.topic_features(sims, logit, row.text)):
            feats.append(spec)
            labels.append(int(row.family == specs[k].family and row.kind == "+"))
    return np.asarray(feats), np.asarray(labels, dtype=np.float64)


def train_topic_head(vecs: Vectors, l2_advice: float, l2: float) -> dict[str, object]:
    """Fit the advice direction and the combining coefficients on dev; report test per family."""
    specs = topic_specs()
    rows = topic_rows()
    dev = [r for r in rows if r.split == "dev"]
    test = [r for r in rows if r.split == "test"]
    xa = vecs.matrix([r.text for r in dev])
    ya = np.asarray([float(r.kind == "+") for r in dev])
    advice = fit_logistic(xa, ya, l2_advice)
    xd, yd = topic_matrix(vecs, specs, dev, advice)
    coef = fit_logistic(xd, yd, l2)
    # The lowest threshold (most recall) flagging at most TOPIC_FP of the dev negatives.
    dev_scores = 1.0 / (1.0 + np.exp(-(xd @ coef[:-1] + coef[-1])))
    candidates = [t / 100 for t in range(5, 96, 5)]
    threshold = min(t for t in candidates if rates(dev_scores, yd, t)[1] <= TOPIC_FP)
    xt, yt = topic_matrix(vecs, specs, test, advice)
    scores = 1.0 / (1.0 + np.exp(-(xt @ coef[:-1] + coef[-1])))
    k = len(specs)
    for j, spec in enumerate(specs):
        s, y = scores[j::k], yt[j::k]
        recall, fp = rates(s, y, threshold)
        hard = np.asarray([r.family == spec.family and r.kind == "~" for r in test])
        hard_fp = float((s[hard] >= threshold).mean())
        print(
            f"topic {spec.family:11} test AUC={auc(s, y):.4f} recall={recall:.3f} "
            f"fp={fp:.3f} hard-negative fp={hard_fp:.3f}"
        )
    return {
        "_comment": "guardc [embed] denied-topic head (scripts/train_embed_heads.py): features "
        "[max example cos, definition cos, name cos, advice logit, advice, opinion, personal, "
        "factual]",
        "advice": {
            "weights": [round(float(v), 5) for v in advice[:-1]],
            "bias": round(float(advice[-1]), 5),
        },
        "coefficients": [round(float(v), 4) for v in coef[:-1]],
        "intercept": round(float(coef[-1]), 4),
        "threshold": threshold,
    }


def write(name: str, data: dict[str, object]) -> None:
    """Deterministic JSON into the runtime's data folder."""
    (OUT / name).write_text(json.dumps(data, sort_keys=True, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT / name}")


def main(argv: Sequence[str] | None = None) -> None:
    """Embed the topic data, fit the topic head, print its quality and write it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="npz file keeping the embeddings")
    parser.add_argument("--l2-advice", type=float, default=1.0)
    parser.add_argument("--l2-topic", type=float, default=0.1)
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)
    specs = topic_specs()
    texts = [r.text for r in topic_rows()]
    texts += [p for s in specs for p in (s.name, s.definition, *s.examples)]
    vecs = Vectors(texts, args.cache)
    topic = train_topic_head(vecs, args.l2_advice, args.l2_topic)
    if not args.dry_run:
        write(embed_heads.TOPIC_HEAD, topic)


if __name__ == "__main__":
    main()
