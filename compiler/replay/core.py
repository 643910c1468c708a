"""The replay of one record: a pure function of the evaluator plans and one raw line.

`judge(judges, raw)` parses the line (`records.py`), evaluates each of its texts under the
candidate plan and, when there is one, the baseline plan, and returns one `Row` per text (or one
row saying why the line could not be read). It keeps no state between calls apart from the
evaluators `judges_for` builds once per process from a `Spec`, so the local engine's worker
processes and Spark's executors run exactly this code on any split of the input, and the
results do not depend on how the input was split.

A row's verdict is `allowed`, `blocked` or `masked` (with the masked text), as in the
behavioural plan (testing/behaviour.py). Its rules are those whose action was BLOCKED or
ANONYMIZED, named in the runtime's terms (`topic "Investment advice"`, `filter PROMPT_ATTACK`,
`pii EMAIL`, `pattern "gift card code"`, `word "…"`, `profanity`, `grounding RELEVANCE`). A row
whose verdict differs from the baseline's (from "allowed" when there is no baseline) is
`changed`, and only a changed row carries its text, PII-masked unless `show_text`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from ..runtime import Evaluator
from ..runtime.engine import default_detectors, mask
from ..runtime.pii import PII_TYPES
from .records import RecordError, items_of, parse_line
from .sources import Raw

UNITS = (
    "contentPolicyUnits",
    "topicPolicyUnits",
    "sensitiveInformationPolicyUnits",
    "sensitiveInformationPolicyFreeUnits",
    "wordPolicyUnits",
    "contextualGroundingPolicyUnits",
)
ACTED = frozenset({"BLOCKED", "ANONYMIZED"})


class Spec(NamedTuple):
    """What a worker needs to judge records: the plans (JSON data), the engine and whether
    reports may show texts unmasked. Small and picklable: shipped to each worker once."""

    candidate: Mapping[str, Any]
    baseline: Mapping[str, Any] | None = None
    engine: str | None = None
    show_text: bool = False

    def key(self) -> str:
        data = [self.candidate, self.baseline, self.engine, self.show_text]
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


class Judges(NamedTuple):
    candidate: Evaluator
    baseline: Evaluator | None
    show_text: bool


_BUILT: dict[str, Judges] = {}


def judges_for(spec: Spec) -> Judges:
    """The evaluators of `spec`, built once per process (the plans are compiled once)."""
    key = spec.key()
    found = _BUILT.get(key)
    if found is None:
        detectors = default_detectors(spec.engine)
        baseline = Evaluator(spec.baseline, detectors) if spec.baseline is not None else None
        found = _BUILT[key] = Judges(Evaluator(spec.candidate, detectors), baseline, spec.show_text)
    return found


def rules_of(response: Mapping[str, Any]) -> list[str]:
    """The rules that blocked or masked, in the runtime's terms, sorted, without repeats."""
    rules: set[str] = set()
    for a in response.get("assessments", []):
        for t in a.get("topicPolicy", {}).get("topics", []):
            if t.get("action") in ACTED:
                rules.add(f"topic {json.dumps(t['name'])}")
        for f in a.get("contentPolicy", {}).get("filters", []):
            if f.get("action") in ACTED:
                rules.add(f"filter {f['type']}")
        words = a.get("wordPolicy", {})
        for w in words.get("customWords", []):
            if w.get("action") in ACTED:
                rules.add(f"word {json.dumps(w['match'].lower())}")
        if any(m.get("action") in ACTED for m in words.get("managedWordLists", [])):
            rules.add("profanity")
        sip = a.get("sensitiveInformationPolicy", {})
        for p in sip.get("piiEntities", []):
            if p.get("action") in ACTED:
                rules.add(f"pii {p['type']}")
        for r in sip.get("regexes", []):
            if r.get("action") in ACTED:
                rules.add(f"pattern {json.dumps(r['name'])}")
        for g in a.get("contextualGroundingPolicy", {}).get("filters", []):
            if g.get("action") in ACTED:
                rules.add(f"grounding {g['type']}")
    return sorted(rules)


def verdict_of(response: Mapping[str, Any]) -> tuple[str, str, list[str]]:
    """(verdict, masked output, rules) of an ApplyGuardrail-shaped response."""
    if response.get("action") != "GUARDRAIL_INTERVENED":
        return "allowed", "", []
    rules = rules_of(response)
    blocked = any(
        e.get("action") == "BLOCKED"
        for a in response.get("assessments", [])
        for policy in a.values()
        if isinstance(policy, Mapping)
        for entries in policy.values()
        if isinstance(entries, list)
        for e in entries
        if isinstance(e, Mapping)
    )
    if blocked:
        return "blocked", "", rules
    outputs = response.get("outputs") or [{}]
    return "masked", str(outputs[0].get("text", "")), rules


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
        items = items_of(raw.file, raw.line, parse_line(raw.text))
    except RecordError as exc:
        return [_error_row(raw, str(exc))]
    rows: list[Row] = []
    for item in items:
        content = [{"text": {"text": item.text}}]
        response = judges.candidate.apply(item.source, content, deterministic=True)
        verdict, output, rules = verdict_of(response)
        if judges.baseline is not None:
            base = judges.baseline.apply(item.source, content, deterministic=True)
            base_verdict, base_output, base_rules = verdict_of(base)
        else:
            base_verdict, base_output, base_rules = "allowed", "", []
        changed = (verdict, output) != (base_verdict, base_output)
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
                verdict,
                output if changed else "",
                rules,
                base_verdict,
                base_output if changed else "",
                base_rules,
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
