"""The raw local scores behind a request's verdicts: what `guardc calibrate` fits cut points on.

`request_scores(evaluator, source, content)` reads a request as `Evaluator.apply` does (the same
guarded blocks, the same side) and returns, for each rule a calibrated plan can move, the score
the engine compares with its cut point:

* each content filter enabled on the side (`PROMPT_ATTACK`, `HATE`, ...): the highest score over
  the guarded blocks (confidence is the highest over blocks, and a level is monotone in the
  score);
* each topic enabled on the side, by name: its highest score over the guarded blocks;
* each grounding check of an OUTPUT request that has its source (or query): the local score.

Standard library only (bundled into the evaluator zipapp with the rest of the runtime).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from .engine import Evaluator
from .grounding import grounding_score, relevance_score
from .request import grounding_texts, guarded_blocks, read_content


class RequestScores(NamedTuple):
    """Raw scores of one request: filter type → score, topic name → score, check → score."""

    filters: dict[str, float]
    topics: dict[str, float]
    grounding: dict[str, float]


def request_scores(
    evaluator: Evaluator, source: str, content: Sequence[Mapping[str, Any]]
) -> RequestScores:
    """The scores `evaluator`'s engine gives the rules of `source`'s side (see module doc).

    Raises ValueError when the evaluator's detectors expose no raw scores."""
    scorers = evaluator.detectors.scorers
    if scorers is None:
        raise ValueError("these detectors expose no raw scores: nothing to calibrate")
    side = evaluator.plan.sides[source]
    texts, _ = read_content(content)
    guarded = guarded_blocks(texts)
    filters: dict[str, float] = {}
    topics: dict[str, float] = {}
    types = sorted({kind for kind, _, _ in side.filters})
    matcher = (
        scorers.topic_index(evaluator.plan.topics, scorers.topic_threshold) if side.topics else None
    )
    for i in guarded:
        text = texts[i][0]
        if types:
            for kind, score in scorers.filters(text, types).items():
                filters[kind] = max(score, filters.get(kind, 0.0))
        if matcher is not None:
            all_scores = matcher.scores(text)
            for index, name, _ in side.topics:
                topics[name] = max(all_scores[index], topics.get(name, 0.0))
    grounding: dict[str, float] = {}
    if source == "OUTPUT" and guarded:
        response, grounding_source, query = grounding_texts(texts, guarded)
        for kind, _, _ in side.grounding:
            if kind == "GROUNDING" and grounding_source and response:
                grounding[kind] = grounding_score(response, grounding_source)
            elif kind == "RELEVANCE" and query and response:
                grounding[kind] = relevance_score(response, query)
    return RequestScores(filters, topics, grounding)
