"""Accuracy and speed of the evaluator's learned/lexical engines: topics, prompt attacks, content.

`make bench` prints, per denied-topic family, AUC, precision, recall and the hard-negative
false-positive rate on the held-out half of tests/data/topics/; prompt-attack recall and false
positives at each filter strength on the held-out datasets only (benchmarks/attack_data.py), per
dataset, language and channel (benchmarks/attack_report.py); and µs per call of each engine on
1 KB texts. `python -m benchmarks.bench_accuracy
--fit-topics` refits the topic engine's combining coefficients on the dev half (pure Python).
"""

from __future__ import annotations

import csv
import json
import math
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import attack_report
from benchmarks.attack_data import load
from compiler.runtime import attacks, content, textfeat, topics

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TOPICS = DATA / "topics"
ATTACKS = DATA / "attacks"
_KINDS = {"+": "positive", "~": "hard negative", "-": "negative"}


@dataclass(frozen=True)
class TopicRow:
    """One labelled text: its family file, kind (`+`, `~`, `-`) and split (dev or test)."""

    text: str
    family: str
    kind: str
    split: str


@dataclass(frozen=True)
class TopicSpec:
    """A topic family's definition as the engine receives it."""

    family: str
    name: str
    definition: str
    examples: tuple[str, ...]


def topic_specs() -> list[TopicSpec]:
    """The five families' topic definitions (tests/data/topics/topics.json)."""
    raw = json.loads((TOPICS / "topics.json").read_text(encoding="utf-8"))["families"]
    return [
        TopicSpec(family, spec["name"], spec["definition"], tuple(spec["examples"]))
        for family, spec in raw.items()
    ]


def topic_rows() -> list[TopicRow]:
    """Every labelled line; even lines of each file are `dev`, odd lines `test`."""
    rows: list[TopicRow] = []
    for path in sorted(TOPICS.glob("*.txt")):
        labelled = [
            line for line in path.read_text(encoding="utf-8").splitlines() if line[:2] in _PREFIXES
        ]
        for i, line in enumerate(labelled):
            split = "dev" if i % 2 == 0 else "test"
            rows.append(TopicRow(line[2:].strip(), path.stem, line[0], split))
    return rows


_PREFIXES = ("+ ", "~ ", "- ")


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """ROC AUC (Mann-Whitney with average ranks for ties)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    pos = sum(labels)
    neg = len(labels) - pos
    rank_sum = sum(r for r, label in zip(ranks, labels, strict=True) if label)
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


@dataclass(frozen=True)
class TopicQuality:
    """Quality of one family on one split at the index's threshold."""

    family: str
    n_pos: int
    n_neg: int
    auc: float
    precision: float
    recall: float
    hard_negative_fp: float


def topic_quality(split: str = "test") -> list[TopicQuality]:
    """Per family: the texts of every file are scored against that family's topic.

    Negatives of a family are its own hard negatives, the general texts and every other family's
    texts, so "Should I sue my landlord?" must not trigger "Investment advice".
    """
    specs = topic_specs()
    index = topics.TopicIndex([(s.name, s.definition, s.examples) for s in specs])
    rows = [r for r in topic_rows() if r.split == split]
    all_scores = [index.scores(r.text) for r in rows]
    result = []
    for k, spec in enumerate(specs):
        scores = [s[k] for s in all_scores]
        labels = [int(r.family == spec.family and r.kind == "+") for r in rows]
        flagged = [s >= index.threshold for s in scores]
        tp = sum(f and y for f, y in zip(flagged, labels, strict=True))
        hard = [f for f, r in zip(flagged, rows, strict=True) if r.family == spec.family]
        hard_kinds = [r.kind for r in rows if r.family == spec.family]
        hard_fp = [f for f, kind in zip(hard, hard_kinds, strict=True) if kind == "~"]
        result.append(
            TopicQuality(
                spec.family,
                sum(labels),
                len(labels) - sum(labels),
                auc(scores, labels),
                tp / max(1, sum(flagged)),
                tp / max(1, sum(labels)),
                sum(hard_fp) / max(1, len(hard_fp)),
            )
        )
    return result


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve a small dense linear system by Gaussian elimination with partial pivoting."""
    n = len(vector)
    rows = [[*matrix[i], vector[i]] for i in range(n)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(rows[r][col]))
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(col + 1, n):
            factor = rows[r][col] / rows[col][col]
            for c in range(col, n + 1):
                rows[r][c] -= factor * rows[col][c]
    solution = [0.0] * n
    for r in range(n - 1, -1, -1):
        tail = sum(rows[r][c] * solution[c] for c in range(r + 1, n))
        solution[r] = (rows[r][n] - tail) / rows[r][r]
    return solution


def fit_topic_coefficients(iterations: int = 25, l2: float = 0.1) -> list[float]:
    """Refit `topics.COEFFICIENTS` on the dev split: L2-regularised logistic regression by Newton
    steps, in pure Python (6 parameters, a few thousand rows)."""
    specs = topic_specs()
    lex = topics.lexicon()
    profiles = [topics.build_profile(s.name, s.definition, s.examples) for s in specs]
    xs: list[tuple[float, ...]] = []
    ys: list[int] = []
    for row in (r for r in topic_rows() if r.split == "dev"):
        stems = topics.content_stems(row.text, lex)
        shape = topics.request_shape(row.text)
        for spec, profile in zip(specs, profiles, strict=True):
            evidence = topics.lexical_evidence(profile, stems, lex)
            xs.append((1.0, *topics.features(evidence, shape)))
            ys.append(int(row.family == spec.family and row.kind == "+"))
    d = len(xs[0])
    weights = [0.0] * d
    for _ in range(iterations):
        grad = [0.0 if j == 0 else l2 * weights[j] for j in range(d)]
        hess = [[l2 if i == j and i else 0.0 for j in range(d)] for i in range(d)]
        for x, y in zip(xs, ys, strict=True):
            z = sum(w * v for w, v in zip(weights, x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))
            for i in range(d):
                grad[i] += (p - y) * x[i]
                for j in range(d):
                    hess[i][j] += p * (1.0 - p) * x[i] * x[j]
        step = _solve(hess, grad)
        weights = [w - s for w, s in zip(weights, step, strict=True)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return [round(w, 2) for w in weights]


def _jsonl(path: Path) -> list[tuple[str, int]]:
    with path.open(encoding="utf-8") as f:
        return [(r["text"], int(r["label"])) for r in map(json.loads, f)]


def benign_texts() -> list[str]:
    """Texts with nothing for a content filter: S-Labs benign test prompts and the topic sets."""
    with (ATTACKS / "slabs" / "test.csv").open(encoding="utf-8", newline="") as f:
        texts = [r["text"] for r in csv.DictReader(f) if r["label"] == "0"]
    return texts + [r.text for r in topic_rows()]


def content_false_positives(texts: Sequence[str]) -> dict[str, tuple[float, float, float]]:
    """Per category, the share of `texts` at LOW or above, MEDIUM or above, HIGH."""
    counts = {c: [0, 0, 0] for c in content.CATEGORIES}
    for text in texts:
        for category, severity in content.content_severities(text).items():
            for level in range(severity):
                counts[category][level] += 1
    return {c: (v[0] / len(texts), v[1] / len(texts), v[2] / len(texts)) for c, v in counts.items()}


def harmbench_pairs() -> tuple[list[str], list[str]]:
    """HarmBench goals (harmful) and their benign counterparts, as vendored in neuralchemy."""
    rows = _jsonl_rows(ATTACKS / "neuralchemy" / "validation.jsonl")
    rows += _jsonl_rows(ATTACKS / "neuralchemy" / "test.jsonl")
    harmful = [r["text"] for r in rows if r["source"] == "harmbench"]
    benign = [r["text"] for r in rows if r["source"] == "harmbench_benign"]
    return harmful, benign


def _jsonl_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def kilobyte_texts(count: int = 200, seed: int = 7) -> list[str]:
    """1 KB texts stitched from the benign and attack sentences of the vendored sets."""
    pool = [text for text, _ in _jsonl(ATTACKS / "neuralchemy" / "test.jsonl")]
    pool += [r.text for r in topic_rows()]
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < 1024:
            parts.append(rng.choice(pool))
        texts.append(" ".join(parts)[:1024])
    return texts


def _forget_text() -> None:
    """Empty the per-text caches (fold, words) so that a repeat is not a cache hit; the per-word
    caches stay warm, as they are in a long-running evaluator."""
    textfeat.fold.cache_clear()
    textfeat.words.cache_clear()


def microseconds(
    call: Callable[[str], object], texts: Sequence[str], repeats: int = 3
) -> tuple[float, float]:
    """(p50, p90) µs per call over `texts` after a warm-up pass; each text's time is the best of
    `repeats` runs, which filters out pauses caused by other processes on a shared machine."""
    for text in texts:
        call(text)
    times = []
    for text in texts:
        best = math.inf
        for _ in range(repeats):
            _forget_text()
            start = time.perf_counter()
            call(text)
            best = min(best, time.perf_counter() - start)
        times.append(best * 1e6)
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))]


def main() -> None:
    """Print the accuracy tables and the per-call timings."""
    if "--fit-topics" in sys.argv:
        print("fitted topic coefficients:", fit_topic_coefficients())
        return
    print("denied topics (held-out half, threshold", topics.DEFAULT_THRESHOLD, ")")
    print(
        f"  {'family':<11} {'pos':>4} {'neg':>4} {'AUC':>6} {'prec':>6} {'recall':>6} {'hardFP':>6}"
    )
    for q in topic_quality("test"):
        print(
            f"  {q.family:<11} {q.n_pos:>4} {q.n_neg:>4} {q.auc:>6.3f} {q.precision:>6.3f}"
            f" {q.recall:>6.3f} {q.hard_negative_fp:>6.3f}"
        )
    cuts = attacks.default_model().cuts
    print(f"prompt attacks, standard engine (cut points {list(cuts)})")
    print("\n".join(attack_report.report(attacks.prompt_attack_score, cuts)))
    print("\n".join(attack_report.blind_report(attacks.prompt_attack_score, cuts)))
    same = load("S-Labs test")
    print(
        "  not held out: "
        + attack_report.format_rates(
            "S-Labs test (same source as training)",
            attack_report.rates(
                [attacks.prompt_attack_score(r.text) for r in same], [r.label for r in same], cuts
            ),
        ).strip()
    )
    print("content filters: benign texts reaching LOW / MEDIUM / HIGH")
    benign = benign_texts()
    for category, (low, medium, high) in content_false_positives(benign).items():
        print(f"  {category:<11} n={len(benign)}  {low:.4f} / {medium:.4f} / {high:.4f}")
    harmful, counterparts = harmbench_pairs()
    for name, texts_ in (("HarmBench goals", harmful), ("their benign counterparts", counterparts)):
        shares = [
            sum(max(content.content_severities(t).values()) >= level for t in texts_) / len(texts_)
            for level in (1, 2, 3)
        ]
        print(
            f"  {name}: n={len(texts_)}, any category at LOW+ {shares[0]:.2f},"
            f" MEDIUM+ {shares[1]:.2f}, HIGH {shares[2]:.2f}"
        )
    texts = kilobyte_texts()
    specs = topic_specs()
    index = topics.TopicIndex([(s.name, s.definition, s.examples) for s in specs])

    def whole_policy(text: str) -> object:
        return (
            index.scores(text),
            attacks.prompt_attack_confidence(text),
            content.content_confidences(text),
        )

    engines: list[tuple[str, Callable[[str], object]]] = [
        ("topics (5 topics)", index.scores),
        ("prompt attacks", attacks.prompt_attack_confidence),
        ("content filters", content.content_confidences),
        ("all three", whole_policy),
    ]
    print(f"speed on {len(texts)} texts of 1 KB (µs per call, best of 3 per text)")
    for name, call in engines:
        p50, p90 = microseconds(call, texts)
        print(f"  {name:<18} p50 {p50:7.0f}  p90 {p90:7.0f}")


if __name__ == "__main__":
    main()
