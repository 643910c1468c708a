"""The detector registry: the model-like engines a plan's rules call (PII, topics, prompt
attacks, content filters), as one swappable `Detectors` tuple, and the standard library set.

Apart from `engine.py` so that an engine which offers its own detectors (`embed_heads.py`, the
optional [embed] extra) can build a `Detectors` without importing the interpreter that imports it.
Standard library only (bundled into the evaluator zipapp); each engine is imported on first use,
so a plan that does not use it never loads it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, Protocol


class TopicMatcher(Protocol):
    """What the topic engine offers: indices of the topics a text is about."""

    def matches(self, text: str) -> list[int]: ...


class Detectors(NamedTuple):  # not a dataclass: importing dataclasses slows the zipapp's start
    """The model-like engines, swappable (tests inject deterministic fakes)."""

    find_pii: Callable[[str, Sequence[str]], Sequence[Any]]
    topic_index: Callable[[Sequence[tuple[str, str, Sequence[str]]]], TopicMatcher]
    prompt_attack: Callable[[str], str]
    content: Callable[[str], Mapping[str, str]]


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


DEFAULT_DETECTORS = Detectors(_find_pii, _topic_index, _prompt_attack, _content)
