"""`make bench` for the optional `[embed]` engine: load time, speed, topic AUC, attack rates.

Prints a note and returns when the extra is not installed. Timings are wall-clock on this
machine; on a shared one the CPU time of the process is printed too (less disturbed by others).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence

from benchmarks import attack_report
from benchmarks.bench_accuracy import (
    ATTACKS,
    _jsonl,
    auc,
    kilobyte_texts,
    topic_quality,
    topic_rows,
    topic_specs,
)
from compiler.runtime import embed

_LOAD = (
    "import time; t = time.perf_counter(); c = time.process_time();"
    "from compiler.runtime.embed import embedder; e = embedder(); e.embed(['warm up']);"
    "print(time.perf_counter() - t, time.process_time() - c)"
)


def neuralchemy_test() -> list[tuple[str, int]]:
    """The cross-dataset held-out set (never used for training or calibration)."""
    return _jsonl(ATTACKS / "neuralchemy" / "test.jsonl")


def attack_rates(rows: Sequence[tuple[str, int]], level: str) -> tuple[float, float]:
    """(recall, false-positive rate) of `confidence >= level` on labelled rows."""
    from compiler.runtime.embed_heads import CONFIDENCES, prompt_attack_confidence

    rank = CONFIDENCES.index(level)
    flagged = [CONFIDENCES.index(prompt_attack_confidence(t)) >= rank for t, _ in rows]
    pos = [f for f, (_, y) in zip(flagged, rows, strict=True) if y]
    neg = [f for f, (_, y) in zip(flagged, rows, strict=True) if not y]
    return sum(pos) / len(pos), sum(neg) / len(neg)


def model_ready_seconds() -> tuple[float, float]:
    """(wall, CPU) seconds from import to a first embedding, in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def milliseconds(
    texts: Sequence[str], run: Callable[[str], object] | None = None
) -> tuple[float, float, float]:
    """(p50 wall, p90 wall, mean CPU) ms to embed one uncached text (or to `run` on it, the
    embedding uncached)."""
    model = embed.embedder()
    times = []
    cpu = time.process_time()
    for text in texts:
        model.cache.clear()
        start = time.perf_counter()
        if run is None:
            model.embed([text])
        else:
            run(text)
        times.append((time.perf_counter() - start) * 1000)
    cpu_ms = (time.process_time() - cpu) * 1000 / len(texts)
    times.sort()
    return statistics.median(times), times[int(0.9 * (len(times) - 1))], cpu_ms


def main() -> None:
    """Print the `[embed]` engine's numbers (or why there are none)."""
    if not embed.available():
        print("[embed] extra not installed: pip install -e '.[embed]' (skipped)")
        return
    from compiler.runtime.embed_heads import EmbedTopicIndex, attack_head, prompt_attack_score

    wall, cpu = model_ready_seconds()
    print(f"model ready (import + load + first text): {wall:.3f} s wall, {cpu:.3f} s CPU")
    embed.embedder().embed(["warm up"])
    short = [r.text for r in topic_rows()][:150]
    p50, p90, cpu_ms = milliseconds(short)
    print(f"short prompt (~60 chars): p50 {p50:.1f} ms, p90 {p90:.1f} ms, CPU {cpu_ms:.1f} ms")
    kilobytes = kilobyte_texts(60)
    p50, p90, cpu_ms = milliseconds(kilobytes)
    print(f"1 KB text: p50 {p50:.1f} ms, p90 {p90:.1f} ms, CPU {cpu_ms:.1f} ms")
    from compiler.runtime.embed_content import content_confidences

    p50, p90, cpu_ms = milliseconds(kilobytes, content_confidences)
    print(
        f"content filters on 1 KB (embedding included): p50 {p50:.1f} ms, p90 {p90:.1f} ms, "
        f"CPU {cpu_ms:.1f} ms"
    )

    specs = topic_specs()
    index = EmbedTopicIndex([(s.name, s.definition, s.examples) for s in specs])
    rows = [r for r in topic_rows() if r.split == "test"]
    scores = [index.scores(r.text) for r in rows]
    standard = {q.family: q.auc for q in topic_quality("test")}
    print(f"denied topics, held-out half (threshold {index.threshold}):")
    print(f"  {'family':<11} {'AUC':>6} {'std AUC':>8} {'recall':>7} {'FP':>6} {'hardFP':>7}")
    for k, spec in enumerate(specs):
        family_scores = [s[k] for s in scores]
        labels = [int(r.family == spec.family and r.kind == "+") for r in rows]
        hits = [s >= index.threshold for s in family_scores]
        recall = sum(h for h, y in zip(hits, labels, strict=True) if y) / sum(labels)
        fp = sum(h for h, y in zip(hits, labels, strict=True) if not y) / (len(rows) - sum(labels))
        hard = [
            h for h, r in zip(hits, rows, strict=True) if r.family == spec.family and r.kind == "~"
        ]
        print(
            f"  {spec.family:<11} {auc(family_scores, labels):>6.3f} {standard[spec.family]:>8.3f}"
            f" {recall:>7.3f} {fp:>6.3f} {sum(hard) / len(hard):>7.3f}"
        )
    _, cuts = attack_head()
    print(f"prompt attacks, [embed] engine (head + standard rules; cut points {list(cuts)})")
    print("\n".join(attack_report.report(prompt_attack_score, cuts)))
    print("\n".join(attack_report.blind_report(prompt_attack_score, cuts)))


if __name__ == "__main__":
    main()
