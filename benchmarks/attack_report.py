"""Per-strength prompt-attack quality on the held-out datasets, by language and channel.

Bedrock's strength semantics: a filter blocks when rank(confidence) + rank(strength) >= 4, so
`filter prompt attacks at high` blocks LOW, MEDIUM and HIGH confidence, MEDIUM blocks MEDIUM and
HIGH, LOW blocks HIGH only. A strength's operating point is therefore the cut of the *opposite*
confidence: HIGH strength → the LOW cut, LOW strength → the HIGH cut.

Shared by `bench_accuracy` (standard engine) and `bench_embed` (`[embed]` engine).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from benchmarks.attack_data import BLIND, CHANNELS, HELD_OUT, LANGUAGES, Row, load

STRENGTHS = ("LOW", "MEDIUM", "HIGH")


# Held-out sets whose benign rows are instruction-like or everyday messages: the targets
# (false positives at HIGH strength <= 10 %, at LOW <= 3 %) are measured on their union.
HARD_NEGATIVE_SETS = ("bastioncorpus", "authored multilingual held-out", "everyday held-out")
# Held-out benign requests written by others (session 12): role-play and programming requests.
# The sets above are small and partly the project's own; these show the same targets on requests
# nobody wrote for this project (the blind table adds the instruction eval requests).
REQUEST_SETS = ("GPTeacher requests",)


def strength_cut(strength: str, cuts: Sequence[float]) -> float:
    """The lowest score a filter of `strength` blocks (cuts: lowest LOW, MEDIUM, HIGH scores)."""
    return cuts[2 - STRENGTHS.index(strength)]


@dataclass(frozen=True)
class Rates:
    """Recall and false-positive rate at each strength over one group of rows."""

    positives: int
    negatives: int
    recall: dict[str, float]  # by strength; nan-free: 0 rows give 0.0 and are shown as "-"
    false_pos: dict[str, float]


def rates(scores: Sequence[float], labels: Sequence[int], cuts: Sequence[float]) -> Rates:
    """Recall and false positives of every strength for scored, labelled rows."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    recall, false_pos = {}, {}
    for strength in STRENGTHS:
        cut = strength_cut(strength, cuts)
        recall[strength] = sum(s >= cut for s in pos) / len(pos) if pos else 0.0
        false_pos[strength] = sum(s >= cut for s in neg) / len(neg) if neg else 0.0
    return Rates(len(pos), len(neg), recall, false_pos)


def _cell(value: float, count: int) -> str:
    return f"{value:5.3f}" if count else "    -"


def format_rates(name: str, r: Rates) -> str:
    """One line: counts, then recall and FP at strength LOW / MEDIUM / HIGH."""
    rec = " ".join(_cell(r.recall[s], r.positives) for s in STRENGTHS)
    fp = " ".join(_cell(r.false_pos[s], r.negatives) for s in STRENGTHS)
    return f"  {name:<38} {r.positives:>5} {r.negatives:>5}   {rec}   {fp}"


def held_out_rows() -> dict[str, list[Row]]:
    """Every held-out dataset by name."""
    return {name: load(name) for name in HELD_OUT}


def blind_rows() -> dict[str, list[Row]]:
    """Every blind dataset by name (held out and never looked at while choosing features)."""
    return {name: load(name) for name in BLIND}


_HEADER = (
    f"  {'group':<38} {'atk':>5} {'ben':>5}   recall at strength L/M/H"
    "    false positives at strength L/M/H"
)


def blind_report(
    score: Callable[[str], float], cuts: Sequence[float], sets: dict[str, list[Row]] | None = None
) -> list[str]:
    """Lines of the blind table: per dataset, then per language and channel over the blind sets
    (languages and channels with no rows are left out)."""
    sets = blind_rows() if sets is None else sets
    scored = {name: [score(r.text) for r in rows] for name, rows in sets.items()}
    lines = ["blind datasets (held out, never read before scoring): " + ", ".join(sets), _HEADER]
    for name, rows in sets.items():
        lines.append(format_rates(name, rates(scored[name], [r.label for r in rows], cuts)))
        langs = [lang for lang in LANGUAGES if any(r.lang == lang for r in rows)]
        for lang in langs if len(langs) > 1 else ():  # a multilingual set, language by language
            group = [(r, s) for r, s in zip(rows, scored[name], strict=True) if r.lang == lang]
            scores, labels = [s for _, s in group], [r.label for r, _ in group]
            lines.append(format_rates(f"  {name} {lang}", rates(scores, labels, cuts)))
    every = [(r, s) for name, rows in sets.items() for r, s in zip(rows, scored[name], strict=True)]
    for key, values in (("lang", (*LANGUAGES, "xx")), ("channel", CHANNELS)):
        for value in values:
            group = [(r, s) for r, s in every if getattr(r, key) == value]
            if group:
                scores, labels = [s for _, s in group], [r.label for r, _ in group]
                lines.append(format_rates(f"{key} {value}", rates(scores, labels, cuts)))
    return lines


def report(
    score: Callable[[str], float], cuts: Sequence[float], sets: dict[str, list[Row]] | None = None
) -> list[str]:
    """Lines of the per-dataset, per-language and per-channel table for one engine."""
    sets = held_out_rows() if sets is None else sets
    scored = {name: [score(r.text) for r in rows] for name, rows in sets.items()}
    lines = ["held-out datasets: " + ", ".join(sets), _HEADER, "  by dataset"]
    for name, rows in sets.items():
        lines.append(format_rates(name, rates(scored[name], [r.label for r in rows], cuts)))
    every = [(r, s) for name, rows in sets.items() for r, s in zip(rows, scored[name], strict=True)]
    benign_like, requests = (
        [
            s
            for name in names
            if name in sets
            for r, s in zip(sets[name], scored[name], strict=True)
            if r.label == 0
        ]
        for names in (HARD_NEGATIVE_SETS, REQUEST_SETS)
    )
    lines.append("  by language (all held-out datasets)")
    for lang in LANGUAGES:
        group = [(r, s) for r, s in every if r.lang == lang]
        lines.append(
            format_rates(lang, rates([s for _, s in group], [r.label for r, _ in group], cuts))
        )
    lines.append("  by channel (all held-out datasets)")
    for channel in CHANNELS:
        group = [(r, s) for r, s in every if r.channel == channel]
        label = "user input" if channel == "user" else "tool output / document"
        lines.append(
            format_rates(label, rates([s for _, s in group], [r.label for r, _ in group], cuts))
        )
    lines.append(
        "  benign instruction-like and everyday texts (" + ", ".join(HARD_NEGATIVE_SETS) + ")"
    )
    lines.append(format_rates("all languages", rates(benign_like, [0] * len(benign_like), cuts)))
    if requests:
        lines.append("  benign requests written by others (" + ", ".join(REQUEST_SETS) + ")")
        lines.append(format_rates("English", rates(requests, [0] * len(requests), cuts)))
    return lines
