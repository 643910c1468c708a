"""The replay of one record: a pure function of the evaluator plans and one raw line.

`judge(judges, raw)` parses the line (`records.py`), evaluates each of its texts under the
candidate plan and, when there is one, the baseline plan, and returns one `Row` per text (or one
row saying why the line could not be read). It keeps no state between calls apart from the
evaluators `judges_for` builds once per process from a `Spec`, so the local engine's worker
processes and Spark's executors run exactly this code on any split of the input, and the
results do not depend on how the input was split.

Each text goes through `judge_text`, the one comparison replay and `guardc plan`'s behavioural
plan (`behaviour.py`) both make: its verdict is `allowed`, `blocked` or `masked` (with the masked
text), and its rules are those whose action made that verdict (BLOCKED for a blocked text,
ANONYMIZED for a masked one), read from the ApplyGuardrail response alone (the executors have
evaluator plans, not the IR) and named in the language's words, as `guardc test` names them:
`topic "Investment advice"`, `filter prompt attacks on input`, `pii email addresses on output`,
`pattern "gift card code"`, `word "free refund hack"`, `profanity`, `relevance`. A row whose
verdict differs from the baseline's (from "allowed" when there is no baseline) is `changed`,
and only a changed row carries its text, PII-masked unless `show_text`.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ..runtime import Evaluator
from ..runtime.engine import default_detectors, mask
from ..runtime.pii import PII_TYPES
from ..testing.runner import RuleId, hits_in, word_index
from ..vocab import Direction
from .records import Fetch, RecordError, items_of, parse_line
from .sources import Raw

UNITS = (
    "contentPolicyUnits",
    "topicPolicyUnits",
    "sensitiveInformationPolicyUnits",
    "sensitiveInformationPolicyFreeUnits",
    "wordPolicyUnits",
    "contextualGroundingPolicyUnits",
)


class Spec(NamedTuple):
    """What a worker needs to judge records: the plans (JSON data), the engine and whether
    reports may show texts unmasked. Small and picklable: shipped to each worker once."""

    candidate: Mapping[str, Any]
    baseline: Mapping[str, Any] | None = None
    engine: str | None = None
    show_text: bool = False
    # the buckets whose large-data bodies may be read (largedata.py); none: bodies are not read
    large_buckets: tuple[str, ...] = ()

    def key(self) -> str:
        data = [self.candidate, self.baseline, self.engine, self.show_text, self.large_buckets]
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


class Row(NamedTuple):
    """The replay of one text (or, with `error`, of a line that could not be read)."""

    file: str
    line: int
    sub: int
    timestamp: str
    source: str
    error: str
    verdict: str
    output: str
    rules: list[str]
    base_verdict: str
    base_output: str
    base_rules: list[str]
    changed: bool
    text: str
    units: list[int]


class Verdict(NamedTuple):
    """What the evaluator decided of one text: `allowed`, `blocked` or `masked` (with the masked
    text), and the rules that blocked or masked, in the language's words."""

    kind: str
    output: str | None = None
    rules: tuple[str, ...] = ()

    def same_as(self, other: Verdict) -> bool:
        """Whether the verdicts are the same (which rule blocks is not part of a verdict)."""
        return (self.kind, self.output) == (other.kind, other.output)


ALLOWED = Verdict("allowed")


class Judges(NamedTuple):
    """The evaluators a replay judges with, and the configured words of each (`word_index`)."""

    candidate: Evaluator
    baseline: Evaluator | None
    show_text: bool
    candidate_words: Mapping[str, str]
    baseline_words: Mapping[str, str]
    fetch: Fetch | None = None  # reads large-data bodies from S3 (None: such records unread)


def make_judges(
    candidate: Evaluator, baseline: Evaluator | None, show_text: bool, fetch: Fetch | None = None
) -> Judges:
    """Judges of the two evaluators (the words are read from their plans once)."""

    def words(evaluator: Evaluator | None) -> dict[str, str]:
        rules = evaluator.plan.source.get("words", []) if evaluator is not None else []
        return word_index(str(r["text"]) for r in rules)

    return Judges(candidate, baseline, show_text, words(candidate), words(baseline), fetch)


_BUILT: dict[str, Judges] = {}


def judges_for(spec: Spec) -> Judges:
    """The evaluators of `spec`, built once per process (the plans are compiled once)."""
    key = spec.key()
    found = _BUILT.get(key)
    if found is None:
        detectors = default_detectors(spec.engine)
        baseline = Evaluator(spec.baseline, detectors) if spec.baseline is not None else None
        candidate = Evaluator(spec.candidate, detectors)
        fetch: Fetch | None = None
        if spec.large_buckets:
            from .largedata import LargeData  # noqa: PLC0415 - boto3 only when a body is in S3

            fetch = LargeData(spec.large_buckets)
        found = _BUILT[key] = make_judges(candidate, baseline, spec.show_text, fetch)
    return found


@functools.lru_cache(maxsize=4096)
def _label(rule: RuleId) -> str:
    """A rule's label, computed once per process (a replay meets the same few rules millions
    of times)."""
    return rule.label()


def verdict_of(response: Mapping[str, Any], source: str, words: Mapping[str, str]) -> Verdict:
    """The verdict of an ApplyGuardrail-shaped response to a text of `source`: blocked by the
    rules that blocked, else masked (as `outputs[0]`) by the rules that masked, else allowed.
    Rules are read from the response alone (testing/runner.py `hits_in`; `words` names a matched
    word as configured) and named in the language's words, as `guardc test` names them."""
    if response.get("action") != "GUARDRAIL_INTERVENED":
        return ALLOWED
    direction = Direction.INPUT if source == "INPUT" else Direction.OUTPUT
    hits = hits_in(response, direction, words)
    blocked = sorted({_label(h.rule) for h in hits if h.action == "BLOCKED"})
    if blocked:
        return Verdict("blocked", None, tuple(blocked))
    masked = sorted({_label(h.rule) for h in hits if h.action == "ANONYMIZED"})
    outputs = response.get("outputs") or [{}]
    return Verdict("masked", str(outputs[0].get("text", "")), tuple(masked))


def judge_text(
    judges: Judges, source: str, content: Sequence[Mapping[str, Any]]
) -> tuple[Verdict, Verdict, Mapping[str, Any]]:
    """The one comparison replay and `guardc plan`'s behavioural plan both make: the verdicts
    of one request (`source`, ApplyGuardrail `content`) under the candidate and the baseline
    (allowed when there is none), and the candidate's response (for its usage)."""
    response = judges.candidate.apply(source, content, deterministic=True)
    new = verdict_of(response, source, judges.candidate_words)
    if judges.baseline is None:
        return new, ALLOWED, response
    base = judges.baseline.apply(source, content, deterministic=True)
    return new, verdict_of(base, source, judges.baseline_words), response


def masked_for_report(evaluator: Evaluator, text: str) -> str:
    """`text` with every PII entity the evaluator's detectors find replaced by `{TYPE}`."""
    found = evaluator.detectors.find_pii(text, list(PII_TYPES))
    return mask(text, [(m.start, m.end, m.type) for m in found])


def _error_row(raw: Raw, message: str) -> Row:
    return Row(raw.file, raw.line, 0, "", "", message, "", "", [], "", "", [], False, "", [])


def judge(judges: Judges, raw: Raw) -> list[Row]:
    """The rows of one raw line: one per text it holds, or one error row."""
    if raw.text is None:
        return [_error_row(raw, raw.error or "unreadable")]
    try:
        items = items_of(raw.file, raw.line, parse_line(raw.text), judges.fetch)
    except RecordError as exc:
        return [_error_row(raw, str(exc))]
    rows: list[Row] = []
    for item in items:
        new, old, response = judge_text(judges, item.source, item.content)
        output, base_output = new.output or "", old.output or ""
        changed = not new.same_as(old)
        shown = ""
        if changed:
            shown = item.text
            if not judges.show_text:
                shown = masked_for_report(judges.candidate, item.text)
                output = masked_for_report(judges.candidate, output) if output else output
                base_output = (
                    masked_for_report(judges.candidate, base_output) if base_output else ""
                )
        usage = response.get("usage", {})
        rows.append(
            Row(
                item.file,
                item.line,
                item.sub,
                item.timestamp,
                item.source,
                "",
                new.kind,
                output if changed else "",
                list(new.rules),
                old.kind,
                base_output if changed else "",
                list(old.rules),
                changed,
                shown,
                [int(usage.get(k, 0)) for k in UNITS],
            )
        )
    return rows


def judge_all(spec: Spec, raws: Sequence[Raw]) -> list[Row]:
    """The rows of a batch of lines (what one worker task or Spark partition runs)."""
    judges = judges_for(spec)
    return [row for raw in raws for row in judge(judges, raw)]
