"""`guardc calibrate`'s work: recorded Bedrock verdicts → samples → fitted cut points, and how
often the local evaluator agrees with Bedrock before and after.

Per guardrail and per rule kind (`PROMPT_ATTACK`, each content filter category, `topics`,
`GROUNDING`, `RELEVANCE`), each recorded request gives samples (`calibration.Sample`) from the
local engine's raw scores (`runtime.calibration.request_scores`) and Bedrock's response
(`record.verdicts`). Agreement is measured by running the local evaluator itself on every
recorded request, with the old and with the new cut points in its plan: per rule, did it fire on
both or on neither; `verdict` compares the overall action.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..ir import Guardrail, Policy
from ..runtime.calibration import request_scores
from ..runtime.detectors import Detectors, Scorers
from ..runtime.engine import Evaluator
from ..runtime.plan import STRENGTHS, Plan
from .calibration import Sample, fit_ascending, fit_cut
from .record import Recorded, Verdicts, verdicts

# (guardrail, its plan's `calibration` or None) → the guardrail's evaluator plan
PlanOf = Callable[[Guardrail, Mapping[str, Any] | None], Plan]


@dataclass
class Samples:
    """The samples of one guardrail: per filter type one list per cut point, and one list
    each for the topic threshold and each grounding check."""

    filters: dict[str, list[list[Sample]]] = field(default_factory=dict)
    topics: list[Sample] = field(default_factory=list)
    grounding: dict[str, list[Sample]] = field(default_factory=dict)
    recorded: set[str] = field(default_factory=set)


@dataclass
class Fit:
    """One guardrail's result: its calibration entry and agreement (agree, total) per kind."""

    guardrail: str
    entry: dict[str, Any]
    before: dict[str, tuple[int, int]]
    after: dict[str, tuple[int, int]]


def _filter_samples(found: Samples, side: Any, scores: Any, seen: Verdicts) -> None:
    for kind, strength, _ in side.filters:
        score = scores.filters.get(kind)
        if score is None:
            continue
        lists = found.filters.setdefault(kind, [[], [], []])
        acts_on = 4 - STRENGTHS.index(strength)  # the lowest confidence the strength blocks
        confidence = seen.confidence.get(kind)
        for level in (1, 2, 3):
            if confidence is not None:  # reported with its confidence: known for every level
                lists[level - 1].append(Sample(score, confidence >= level))
            elif kind in seen.filters_fired and level <= acts_on:
                lists[level - 1].append(Sample(score, True))
            elif kind not in seen.filters_fired and level >= acts_on:
                lists[level - 1].append(Sample(score, False))


def collect(records: Sequence[Recorded], evaluators: Mapping[str, Evaluator]) -> dict[str, Samples]:
    """Samples per guardrail from the records of guardrails that have an evaluator."""
    found: dict[str, Samples] = {}
    for r in records:
        ev = evaluators.get(r.guardrail)
        if ev is None:
            continue
        samples = found.setdefault(r.guardrail, Samples())
        samples.recorded.add(f"{r.guardrail_id}:{r.guardrail_version}")
        side = ev.plan.sides[r.source]
        scores = request_scores(ev, r.source, r.content)
        seen = verdicts(r.response)
        _filter_samples(samples, side, scores, seen)
        for _, name, _ in side.topics:
            if name in scores.topics:
                samples.topics.append(Sample(scores.topics[name], name in seen.topics_fired))
        for kind, score in scores.grounding.items():
            # a check reaches its cut when it does NOT fire: it fires below the cut
            fired = kind in seen.grounding_fired
            samples.grounding.setdefault(kind, []).append(Sample(score, not fired))
    return found


def fit(samples: Samples, scorers: Scorers, current: Mapping[str, Any] | None) -> dict[str, Any]:
    """The calibration entry fitted on `samples`, starting from `current` (the entry in use)
    or the engine's own cut points."""
    current = current or {}
    entry: dict[str, Any] = {}
    counts: dict[str, int] = {}
    filters: dict[str, list[float]] = {}
    for kind, per_cut in sorted(samples.filters.items()):
        start = current.get("filters", {}).get(kind) or list(scorers.cuts[kind])
        filters[kind] = fit_ascending(per_cut, start)
        counts[kind] = max(len(s) for s in per_cut)
    if filters:
        entry["filters"] = filters
    if samples.topics:
        start_topic = current.get("topics")
        entry["topics"] = fit_cut(
            samples.topics, scorers.topic_threshold if start_topic is None else start_topic
        )
        counts["topics"] = len(samples.topics)
    grounding: dict[str, float] = {}
    for kind, found in sorted(samples.grounding.items()):
        start_g = current.get("grounding", {}).get(kind)
        # without a fitted cut the local check uses the configured threshold: start there
        grounding[kind] = fit_cut(found, start_g if start_g is not None else _median(found))
        counts[kind] = len(found)
    if grounding:
        entry["grounding"] = grounding
    entry["samples"] = counts
    entry["recorded"] = sorted(samples.recorded)
    return entry


def _median(samples: Sequence[Sample]) -> float:
    values = sorted(s.score for s in samples)
    return values[len(values) // 2]


def agreement(records: Sequence[Recorded], evaluator: Evaluator) -> dict[str, tuple[int, int]]:
    """Per kind, (agreeing, total) between `evaluator` and Bedrock on `records`."""
    counts: dict[str, Counter[bool]] = {}

    def count(kind: str, same: bool) -> None:
        counts.setdefault(kind, Counter())[same] += 1

    for r in records:
        side = evaluator.plan.sides[r.source]
        remote = verdicts(r.response)
        response = evaluator.apply(r.source, r.content, "FULL", deterministic=True)
        local = verdicts(response)
        for kind, _, _ in side.filters:
            count(kind, (kind in remote.filters_fired) == (kind in local.filters_fired))
        for _, name, _ in side.topics:
            count("topics", (name in remote.topics_fired) == (name in local.topics_fired))
        for kind in sorted(local.grounding_seen | remote.grounding_seen):
            count(kind, (kind in remote.grounding_fired) == (kind in local.grounding_fired))
        count("verdict", r.response.get("action") == response.get("action"))
    return {kind: (c[True], c[True] + c[False]) for kind, c in counts.items()}


def calibrate(
    records: Sequence[Recorded],
    policy: Policy,
    detectors: Detectors,
    current: Mapping[str, Mapping[str, Any]],
    plan_of: PlanOf,
) -> list[Fit]:
    """Fit every guardrail of `policy` that has records; `current` maps a guardrail to its
    plan's `calibration` in use (or nothing). Returns one `Fit` per guardrail, by name."""
    scorers = detectors.scorers
    if scorers is None:
        raise ValueError("the engine exposes no raw scores: nothing to calibrate")
    engine = scorers.engine
    before: dict[str, Evaluator] = {}
    for guardrail in policy.guardrails:
        if any(r.guardrail == guardrail.name for r in records):
            plan = plan_of(guardrail, current.get(guardrail.name))
            before[guardrail.name] = Evaluator(plan, detectors)
    fits: list[Fit] = []
    for name, samples in sorted(collect(records, before).items()):
        found = policy.guardrail(name)
        assert found is not None  # `before` holds only the policy's guardrails
        in_use = (current.get(name) or {}).get(engine)
        entry = fit(samples, scorers, in_use)
        mine = [r for r in records if r.guardrail == name]
        plan_calibration = {**dict(current.get(name) or {}), engine: _plan_keys(entry)}
        after = Evaluator(plan_of(found, plan_calibration), detectors)
        fits.append(Fit(name, entry, agreement(mine, before[name]), agreement(mine, after)))
    return fits


def _plan_keys(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {k: entry[k] for k in ("filters", "topics", "grounding") if k in entry}
