"""The behavioural plan: which texts change verdict between the deployed and the proposed
configuration of a guardrail, and which rule made the difference.

The texts are the guardrail's own `test` expectations (in source order) and the lines of any
`--corpus FILE.jsonl` (eval's request lines, schemas/eval-input.schema.json). Each is evaluated
on both configurations with the local evaluator through replay's own per-text comparison
(`core.judge_text`, the function `guardc replay` runs on every logged text), so the two features
cannot disagree on a verdict or a rule. A text is listed when its verdict differs; a blocked
text stays "blocked" whatever rule blocks it (which rule blocks is not a verdict), a masked text
is listed when its masked output differs.

With nothing deployed (a create) the proposed configuration is compared with no guardrail at
all, under which every text is allowed: the list then shows what the new guardrail will stop.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics.textsafe import clip, visible
from ..diagnostics.usage import UsageError
from ..ir import Policy
from ..runtime import Evaluator, RequestError, request_from_json
from ..testing.jsonl import JsonlError, numbered_lines
from ..testing.runner import content_for
from ..vocab import Direction
from .core import Verdict, judge_text, make_judges

AGAINST_DEPLOYED = "deployed"
AGAINST_NOTHING = "no guardrail"
TEXT_LIMIT = 120  # characters of a text shown in the text plan (JSON carries it whole)


@dataclass(frozen=True)
class Probe:
    """One text to evaluate: its side, its ApplyGuardrail content blocks, the text itself and
    where it was written (`FILE:LINE` of the expectation or the corpus line)."""

    source: str  # INPUT | OUTPUT
    content: tuple[Mapping[str, Any], ...]
    text: str
    origin: str

    @property
    def key(self) -> str:
        """What makes two probes the same request (no qualifiers = empty qualifiers)."""
        blocks = [
            [b.get("text", {}).get("text"), sorted(b.get("text", {}).get("qualifiers") or [])]
            for b in self.content
        ]
        return json.dumps([self.source, blocks], sort_keys=True)


@dataclass(frozen=True)
class VerdictChange:
    """One text whose verdict differs, with the rules that act now but did not (`now`) and
    those that acted but no longer do (`no_longer`)."""

    probe: Probe
    old: Verdict
    new: Verdict
    now: tuple[str, ...]
    no_longer: tuple[str, ...]


@dataclass
class Behaviour:
    """The behavioural plan of one guardrail."""

    against: str  # AGAINST_DEPLOYED | AGAINST_NOTHING
    compared: int = 0
    changes: list[VerdictChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the deployed version compared: the lock file's published one ("3"), or "DRAFT"
    version: str | None = None


def expectation_probes(policy: Policy, guardrail: str) -> list[Probe]:
    """The texts of every expectation of the test blocks for `guardrail`, in source order."""
    probes: list[Probe] = []
    for suite in policy.tests:
        if suite.guardrail != guardrail:
            continue
        for e in suite.expectations:
            source = "INPUT" if e.source is Direction.INPUT else "OUTPUT"
            origin = f"{e.span.file}:{e.span.line}" if e.span.file else f'test "{suite.name}"'
            probes.append(Probe(source, tuple(content_for(e)), e.text, origin))
    return probes


def corpus_probes(path: str) -> list[Probe]:
    """The request lines of a JSONL corpus (blank lines skipped). A line that is not a valid
    request is a usage error naming its line number."""
    try:  # line by line, each bounded: a 200 MB line is refused, not read whole
        lines = list(numbered_lines(path))
    except JsonlError as exc:
        raise UsageError(f"--corpus: cannot read {exc}") from None
    except OSError as exc:
        raise UsageError(f"--corpus: cannot read {path}: {exc}") from None
    probes: list[Probe] = []
    for number, line in lines:
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            source, content = request_from_json(data)
        except (ValueError, RequestError) as exc:
            raise UsageError(f"--corpus {path}:{number}: {exc}") from None
        probes.append(Probe(source, tuple(content), str(data["text"]), f"{path}:{number}"))
    return probes


def unique(probes: Iterable[Probe]) -> list[Probe]:
    """The probes without repeats (same side and content), first occurrence kept."""
    seen: dict[str, Probe] = {}
    for probe in probes:
        seen.setdefault(probe.key, probe)
    return list(seen.values())


def compare(deployed: Evaluator | None, proposed: Evaluator, probes: Sequence[Probe]) -> Behaviour:
    """Evaluate every probe on both configurations (`deployed` None: no guardrail, every text
    allowed) with replay's own per-text comparison (`core.judge_text`), and keep the texts whose
    verdict changes."""
    behaviour = Behaviour(AGAINST_NOTHING if deployed is None else AGAINST_DEPLOYED)
    judges = make_judges(proposed, deployed, show_text=True)
    for probe in unique(probes):
        new, old, _ = judge_text(judges, probe.source, probe.content)
        behaviour.compared += 1
        if old.same_as(new):
            continue
        now = tuple(r for r in new.rules if r not in old.rules)
        gone = tuple(r for r in old.rules if r not in new.rules)
        behaviour.changes.append(VerdictChange(probe, old, new, now, gone))
    return behaviour


def verdict_text(v: Verdict) -> str:
    """A verdict as the text plan shows it: `allowed`, `blocked`, `masked as "…"`."""
    if v.kind == "masked":
        return f"masked as {json.dumps(visible(clip(v.output or '', TEXT_LIMIT)))}"
    return v.kind


def _side(probe: Probe) -> str:
    return "input" if probe.source == "INPUT" else "output"


def _because(change: VerdictChange) -> str:
    parts: list[str] = []
    if change.now:
        parts.append("now fires: " + ", ".join(change.now))
    if change.no_longer:
        parts.append("no longer fires: " + ", ".join(change.no_longer))
    if not parts:  # the same rules act, differently (a masked text masked otherwise)
        acting = change.new.rules or change.old.rules
        parts.append("by: " + (", ".join(acting) if acting else "no rule named"))
    return "; ".join(parts)


def behaviour_lines(behaviour: Behaviour) -> list[str]:
    """The "Verdicts that change" section of the text plan, indented for a guardrail."""
    if behaviour.against != AGAINST_DEPLOYED:
        against = "no guardrail (nothing deployed: every text allowed)"
    elif behaviour.version in (None, "DRAFT"):
        against = "the deployed DRAFT"
    else:
        against = f"deployed version {behaviour.version}, the lock file's"
    head = f"  Verdicts that change ({behaviour.compared} texts compared with {against}):"
    lines = [head]
    if behaviour.compared == 0:
        lines[0] = "  Verdicts that change: no texts to compare (no test block, no --corpus)"
    elif not behaviour.changes:
        lines.append("    none")
    for c in behaviour.changes:
        text = json.dumps(visible(clip(c.probe.text, TEXT_LIMIT)), ensure_ascii=False)
        lines.append(
            f"    ~ {_side(c.probe)} {text}: {verdict_text(c.old)} → {verdict_text(c.new)}"
        )
        lines.append(f"      {_because(c)}; from {visible(c.probe.origin)}")
    lines.extend(f"  note: {n}" for n in behaviour.notes)
    return lines


def _verdict_json(v: Verdict) -> dict[str, Any]:
    return {"verdict": v.kind, "output": v.output, "rules": list(v.rules)}


def behaviour_document(behaviour: Behaviour) -> dict[str, Any]:
    """The section as JSON data (schemas/plan.schema.json, `behaviour`)."""
    return {
        "against": behaviour.against,
        "version": behaviour.version,
        "compared": behaviour.compared,
        "changes": [
            {
                "source": c.probe.source,
                "text": c.probe.text,
                "origin": c.probe.origin,
                "old": _verdict_json(c.old),
                "new": _verdict_json(c.new),
                "now": list(c.now),
                "no_longer": list(c.no_longer),
            }
            for c in behaviour.changes
        ],
        "notes": list(behaviour.notes),
    }
