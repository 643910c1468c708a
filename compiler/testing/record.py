"""Recorded Bedrock verdicts: `guardc test --against bedrock --record FILE` writes them and
`guardc calibrate FILE` reads them.

One JSON object per line (`format` = RECORD_FORMAT), in the order the requests were sent:

    guardrail         the guardrail's name in the sources
    guardrailId       the deployed guardrail's identifier, and guardrailVersion its version
    guardcVersion     the guardc that recorded it
    origin            where the request came from: `file:line` of an expectation, or
                      `corpus.jsonl:N` for line N of a `--corpus` file
    source            INPUT or OUTPUT
    content           the ApplyGuardrail content blocks, as sent
    outputScope       FULL: the response lists what did not fire too, with its confidence
    response          ApplyGuardrail's response, without botocore's ResponseMetadata

What a response says about each rule is read by `verdicts`: the same reading for Bedrock's
recorded responses and for the local evaluator's, so the two are compared like for like.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics.textsafe import json_safe
from .jsonl import JsonlError, numbered_lines

RECORD_FORMAT = "guardc-record/1"
CONFIDENCE_RANK = {"NONE": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3}


class RecordError(ValueError):
    """A record file that cannot be read (the message names the line)."""


@dataclass(frozen=True)
class Recorded:
    """One recorded request and Bedrock's response to it."""

    guardrail: str
    guardrail_id: str
    guardrail_version: str
    origin: str
    source: str
    content: list[dict[str, Any]]
    response: dict[str, Any]


def record_line(
    *,
    guardrail: str,
    ids: tuple[str, str],
    version: str,
    origin: str,
    source: str,
    content: list[dict[str, Any]],
    response: Mapping[str, Any],
) -> str:
    """One line of a record file (canonical JSON, no trailing newline)."""
    kept = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    dumped = json.dumps(
        {
            "format": RECORD_FORMAT,
            "guardrail": guardrail,
            "guardrailId": ids[0],
            "guardrailVersion": ids[1],
            "guardcVersion": version,
            "origin": origin,
            "source": source,
            "content": content,
            "outputScope": "FULL",
            "response": kept,
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,  # botocore returns datetimes in metadata we do not keep; be safe
    )
    return json_safe(dumped)  # hidden characters of the texts as \uXXXX: safe to `cat`


def read_records(path: Path) -> Iterator[Recorded]:
    """The records of a file, checked line by line (RecordError names the bad line)."""
    try:
        for number, line in numbered_lines(path):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(f"{where}: not JSON ({exc.msg})") from None
            except RecursionError:
                raise RecordError(f"{where}: JSON nested too deeply") from None
            except ValueError as exc:  # an integer of more digits than Python converts
                raise RecordError(f"{where}: not JSON ({exc})") from None
            if not isinstance(raw, dict) or raw.get("format") != RECORD_FORMAT:
                raise RecordError(f"{where}: not a guardc record (format {RECORD_FORMAT})")
            try:
                record = Recorded(
                    guardrail=_str(raw, "guardrail"),
                    guardrail_id=_str(raw, "guardrailId"),
                    guardrail_version=_str(raw, "guardrailVersion"),
                    origin=_str(raw, "origin"),
                    source=_str(raw, "source"),
                    content=_list(raw, "content"),
                    response=_dict(raw, "response"),
                )
            except KeyError as exc:
                message = f"{where}: `{exc.args[0]}` is missing or of the wrong type"
                raise RecordError(message) from None
            if record.source not in ("INPUT", "OUTPUT"):
                raise RecordError(f"{where}: `source` must be INPUT or OUTPUT")
            wrong = _shape_error(record)
            if wrong is not None:
                raise RecordError(f"{where}: {wrong}")
            yield record
    except JsonlError as exc:  # a line over the size bound, or not UTF-8
        raise RecordError(str(exc)) from None


# what `verdicts` reads of a response: per assessment, these policies' lists of entries
_READ: tuple[tuple[str, str], ...] = (
    ("contentPolicy", "filters"),
    ("topicPolicy", "topics"),
    ("contextualGroundingPolicy", "filters"),
)


def _shape_error(record: Recorded) -> str | None:
    """Why `record`'s content or response is not shaped as Bedrock's (None when it is): the
    fitting reads them as ApplyGuardrail's request and response, and a record file is data (it
    may sit in a pull request), so a wrong shape is named here, never an internal error later."""
    for n, block in enumerate(record.content):
        if "text" in block:
            text = block["text"]
            if not isinstance(text, dict) or not isinstance(text.get("text"), str):
                return f"`content[{n}].text.text` must be a string"
            qualifiers = text.get("qualifiers", [])
            if not isinstance(qualifiers, list) or not all(isinstance(q, str) for q in qualifiers):
                return f"`content[{n}].text.qualifiers` must be a list of strings"
    assessments = record.response.get("assessments", [])
    if not isinstance(assessments, list):
        return "`response.assessments` must be a list"
    for n, assessment in enumerate(assessments):
        if not isinstance(assessment, dict):
            return f"`response.assessments[{n}]` must be an object"
        for policy, key in _READ:
            part = assessment.get(policy, {})
            entries = part.get(key, []) if isinstance(part, dict) else None
            if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
                return f"`response.assessments[{n}].{policy}.{key}` must be a list of objects"
    return None


def _str(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str):
        raise KeyError(key)
    return value


def _list(raw: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = raw.get(key)
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise KeyError(key)
    return value


def _dict(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict):
        raise KeyError(key)
    return value


@dataclass(frozen=True)
class Verdicts:
    """What one response says: per filter type its confidence (None when not reported) and
    whether it fired; the topics that fired and those reported quiet; the grounding checks
    that fired, with their scores."""

    confidence: dict[str, int | None]
    filters_fired: frozenset[str]
    topics_fired: frozenset[str]
    grounding_fired: frozenset[str]
    grounding_seen: frozenset[str]


def _detected(entry: Mapping[str, Any]) -> bool:
    """An entry fired when it says so; without `detected`, a response lists only what fired."""
    return bool(entry.get("detected", True))


def verdicts(response: Mapping[str, Any]) -> Verdicts:
    """Read an ApplyGuardrail response (Bedrock's or the local evaluator's) rule by rule."""
    confidence: dict[str, int | None] = {}
    filters: set[str] = set()
    topics: set[str] = set()
    grounding: set[str] = set()
    seen: set[str] = set()
    for a in response.get("assessments", []):
        for f in a.get("contentPolicy", {}).get("filters", []):
            kind = str(f.get("type"))
            rank = CONFIDENCE_RANK.get(str(f.get("confidence")))
            confidence[kind] = max(rank, confidence.get(kind) or 0) if rank is not None else None
            if _detected(f):
                filters.add(kind)
        for t in a.get("topicPolicy", {}).get("topics", []):
            if _detected(t):
                topics.add(str(t.get("name")))
        for g in a.get("contextualGroundingPolicy", {}).get("filters", []):
            kind = str(g.get("type"))
            seen.add(kind)
            if _detected(g):
                grounding.add(kind)
    return Verdicts(
        confidence,
        frozenset(filters),
        frozenset(topics),
        frozenset(grounding),
        frozenset(seen),
    )
