"""The detector registry: the model-like engines a plan's rules call (PII, topics, prompt
attacks, content filters), as one swappable `Detectors` tuple, and the standard library set.

Apart from `engine.py` so that an engine which offers its own detectors (`embed_heads.py`, the
optional [embed] extra) can build a `Detectors` without importing the interpreter that imports it.
Standard library only (bundled into the evaluator zipapp); each engine is imported on first use,
so a plan that does not use it never loads it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, Protocol

Topics = Sequence[tuple[str, str, Sequence[str]]]  # (name, definition, examples) per topic


class TopicMatcher(Protocol):
    """What the topic engine offers: indices of the topics a text is about."""

    def matches(self, text: str) -> list[int]: ...


class ScoredTopicMatcher(TopicMatcher, Protocol):
    """A topic engine that also says how much each topic applies (0..1, in topic order)."""

    def scores(self, text: str) -> list[float]: ...


class Scorers(NamedTuple):
    """An engine's raw scores and its own cut points: what `guardc calibrate` fits and what a
    calibrated plan's thresholds apply to (docs/engines.md, "Calibration").

    `filters(text, types)` scores each asked filter type (`PROMPT_ATTACK`, `HATE`, ...) in 0..1;
    `cuts[type]` are the engine's own lowest scores of LOW, MEDIUM and HIGH; `topic_index(topics,
    threshold)` builds the topic engine with a threshold, `topic_threshold` its own."""

    engine: str
    filters: Callable[[str, Collection[str]], Mapping[str, float]]
    cuts: Mapping[str, tuple[float, float, float]]
    topic_index: Callable[[Topics, float], ScoredTopicMatcher]
    topic_threshold: float


class Detectors(NamedTuple):  # not a dataclass: importing dataclasses slows the zipapp's start
    """The model-like engines, swappable (tests inject deterministic fakes)."""

    find_pii: Callable[[str, Sequence[str]], Sequence[Any]]
    topic_index: Callable[[Sequence[tuple[str, str, Sequence[str]]]], TopicMatcher]
    prompt_attack: Callable[[str], str]
    content: Callable[[str], Mapping[str, str]]
    # Raw scores for calibrated plans; None (e.g. test fakes): calibration is not applied.
    scorers: Scorers | None = None


def _find_pii(text: str, types: Sequence[str]) -> Sequence[Any]:
    from .pii import find_pii  # noqa: PLC0415 - loaded only when a plan uses it

    found: Sequence[Any] = find_pii(text, types)
    return found


def _topic_index(topics: Sequence[tuple[str, str, Sequence[str]]]) -> TopicMatcher:
    from .topics import TopicIndex  # noqa: PLC0415 - loaded only when a plan uses it

    index: TopicMatcher = TopicIndex(topics)
    return index


def _prompt_attack(text: str) -> str:
    from .attacks import prompt_attack_confidence  # noqa: PLC0415 - loaded only when a plan uses it

    return str(prompt_attack_confidence(text))


def _content(text: str) -> Mapping[str, str]:
    from .content import content_confidences  # noqa: PLC0415 - loaded only when a plan uses it

    found: Mapping[str, str] = content_confidences(text)
    return found


def _filter_scores(text: str, types: Collection[str]) -> Mapping[str, float]:
    scores: dict[str, float] = {}
    if "PROMPT_ATTACK" in types:
        from .attacks import prompt_attack_score  # noqa: PLC0415 - loaded only when used

        scores["PROMPT_ATTACK"] = prompt_attack_score(text)
    if any(t != "PROMPT_ATTACK" for t in types):
        from .content import content_scores  # noqa: PLC0415 - loaded only when used

        found = content_scores(text)
        scores.update((t, found[t]) for t in types if t in found)
    return scores


class _StandardCuts(Mapping[str, tuple[float, float, float]]):
    """The standard engine's own cut points, read from its models on first use."""

    def _all(self) -> dict[str, tuple[float, float, float]]:
        from .attacks import default_model  # noqa: PLC0415 - loaded only when used
        from .content import CATEGORIES, content_cuts  # noqa: PLC0415

        cuts = {c: content_cuts(c) for c in CATEGORIES}
        cuts["PROMPT_ATTACK"] = default_model().cuts
        return cuts

    def __getitem__(self, key: str) -> tuple[float, float, float]:
        return self._all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def _scored_topic_index(topics: Topics, threshold: float) -> ScoredTopicMatcher:
    from .topics import TopicIndex  # noqa: PLC0415 - loaded only when a plan uses it

    return TopicIndex(topics, threshold)


# 0.5 is topics.DEFAULT_THRESHOLD (not imported here: the topic engine loads on first use)
STANDARD_SCORERS = Scorers("standard", _filter_scores, _StandardCuts(), _scored_topic_index, 0.5)
DEFAULT_DETECTORS = Detectors(_find_pii, _topic_index, _prompt_attack, _content, STANDARD_SCORERS)
