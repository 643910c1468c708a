"""`guardc test`: run the language's `test` blocks on the local evaluator and measure rule coverage.

An expectation is judged only on the ApplyGuardrail-shaped response, never on evaluator
internals, so the same judging runs against Bedrock itself (`--against bedrock`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..ir import Expectation, Guardrail, Policy, RuleRef
from ..vocab import (
    FILTER_PHRASE,
    PII_PHRASE,
    ContentCategory,
    Direction,
    Expect,
    PiiType,
    RuleKind,
    Strength,
)

Response = Mapping[str, Any]
# (guardrail, source "INPUT"|"OUTPUT", content blocks) -> ApplyGuardrail response
Evaluate = Callable[[Guardrail, str, list[dict[str, Any]]], Response]


@dataclass(frozen=True, order=True)
class RuleId:
    """One coverable rule: its kind, its target (name, category or entity) and, for content
    filters and PII entities, the direction (they are configured per side)."""

    kind: RuleKind
    target: str
    direction: Direction | None = None

    def label(self) -> str:
        """How the rule is written in the language (`pii email addresses on output`)."""
        text = describe_rule(RuleRef(rule=self.kind, target=self.target))
        return f"{text} on {self.direction.value}" if self.direction else text


@dataclass(frozen=True)
class Hit:
    """A rule the response says fired: the rule, the matched text if any, and the action."""

    rule: RuleId
    match: str | None
    action: str


@dataclass
class Outcome:
    """The verdict on one expectation."""

    suite: str
    guardrail: str
    expectation: Expectation
    passed: bool
    got: str
    hits: list[Hit]
    response: Response
    seconds: float
    # Set by `guardc test` on the local evaluator for a failed expectation that a prompt attack
    # decides: what found it (commands/eval_why.summary); shown by the text report.
    why: str = ""


@dataclass
class Coverage:
    """Per rule of a guardrail: did some expectation make it fire, and did some allowed text
    pass a side where it is enabled without firing it."""

    guardrail: str
    fired: dict[RuleId, bool] = field(default_factory=dict)
    quiet: dict[RuleId, bool] = field(default_factory=dict)

    @property
    def percent(self) -> float:
        """Share of obligations met (each rule: fires once, stays quiet once), 0–100."""
        total = 2 * len(self.fired)
        met = sum(self.fired.values()) + sum(self.quiet.values())
        return 100.0 if total == 0 else 100.0 * met / total

    def unexercised(self) -> list[RuleId]:
        """Rules no expectation made fire."""
        return sorted(r for r, ok in self.fired.items() if not ok)


def describe_rule(ref: RuleRef) -> str:
    """A rule reference in the language's own words: `topic "X"`, `pii credit card numbers`."""
    match ref.rule:
        case RuleKind.TOPIC | RuleKind.WORD | RuleKind.PATTERN:
            return f'{ref.rule.value} "{ref.target}"'
        case RuleKind.FILTER:
            return f"filter {FILTER_PHRASE[ContentCategory(ref.target)]}"
        case RuleKind.PII:
            return f"pii {PII_PHRASE[PiiType(ref.target)]}"
        case RuleKind.PROFANITY | RuleKind.GROUNDING | RuleKind.RELEVANCE:
            return ref.rule.value
    raise AssertionError(ref.rule)  # pragma: no cover - RuleKind is closed


def describe_expectation(e: Expectation) -> str:
    """The expectation as a reader would write it, shortened for one line."""
    text = e.text if len(e.text) <= 60 else e.text[:57] + "..."
    head = f'{e.source.value} "{text}"'
    match e.expect:
        case Expect.ALLOWED:
            return f"{head} is allowed"
        case Expect.BLOCKED:
            return f"{head} is blocked" + (f" by {describe_rule(e.by)}" if e.by else "")
        case Expect.MASKED:
            return f'{head} is masked as "{e.masked_as}"'
        case Expect.DETECTED:
            return f"{head} is detected by {describe_rule(e.by)}" if e.by else head
    raise AssertionError(e.expect)  # pragma: no cover


def rules_of(guardrail: Guardrail) -> list[RuleId]:
    """Every coverable rule of a guardrail, in a stable order."""
    rules: list[RuleId] = []
    for t in guardrail.topics:
        rules.append(RuleId(RuleKind.TOPIC, t.topic.name))
    for f in guardrail.filters:
        for d in Direction:
            side = f.side(d)
            if side is not None and side.strength not in (None, Strength.NONE):
                rules.append(RuleId(RuleKind.FILTER, f.category.value, d))
    rules.extend(RuleId(RuleKind.WORD, w.text) for w in guardrail.words)
    if guardrail.profanity is not None:
        rules.append(RuleId(RuleKind.PROFANITY, ""))
    for p in guardrail.pii:
        rules.extend(RuleId(RuleKind.PII, p.entity.value, d) for d in Direction if p.side(d))
    rules.extend(RuleId(RuleKind.PATTERN, p.name) for p in guardrail.patterns)
    for g in guardrail.grounding:
        rules.append(RuleId(RuleKind(g.check.value.lower()), ""))
    return rules


def _enabled_on(guardrail: Guardrail, rule: RuleId, direction: Direction) -> bool:
    """Whether `rule` is evaluated on `direction` (for the quiet-side obligation)."""
    if rule.direction is not None:
        return rule.direction is direction
    sides: list[object] = []
    if rule.kind is RuleKind.TOPIC:
        sides = [t.side(direction) for t in guardrail.topics if t.topic.name == rule.target]
    elif rule.kind is RuleKind.WORD:
        sides = [w.side(direction) for w in guardrail.words if w.text == rule.target]
    elif rule.kind is RuleKind.PROFANITY and guardrail.profanity is not None:
        sides = [guardrail.profanity.side(direction)]
    elif rule.kind is RuleKind.PATTERN:
        sides = [p.side(direction) for p in guardrail.patterns if p.name == rule.target]
    elif rule.kind in (RuleKind.GROUNDING, RuleKind.RELEVANCE):
        return direction is Direction.OUTPUT
    return any(s is not None for s in sides)


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def hits_of(response: Response, guardrail: Guardrail, direction: Direction) -> list[Hit]:
    """Every rule the response reports as detected, mapped back to the guardrail's rules."""
    return hits_in(response, direction, word_index(w.text for w in guardrail.words))


def word_index(words: Iterable[str]) -> dict[str, str]:
    """The configured words by their folded form, to name a matched word as it was written."""
    return {_fold(w): w for w in words}


def hits_in(response: Response, direction: Direction, words: Mapping[str, str]) -> list[Hit]:
    """Every rule the response reports as detected, read from the response alone: a matched
    word is named as configured when `words` (`word_index`) holds it, else as matched. No IR is
    needed, so replay's workers and Spark executors name rules exactly as `guardc test` does."""
    hits: list[Hit] = []
    for a in response.get("assessments", []):
        for t in a.get("topicPolicy", {}).get("topics", []):
            if t.get("detected", True):
                hits.append(Hit(RuleId(RuleKind.TOPIC, t["name"]), None, t["action"]))
        for c in a.get("contentPolicy", {}).get("filters", []):
            if c.get("detected", True) and c.get("confidence") != "NONE":
                rule = RuleId(RuleKind.FILTER, c["type"], direction)
                hits.append(Hit(rule, None, c["action"]))
        word_policy = a.get("wordPolicy", {})
        for w in word_policy.get("customWords", []):
            if w.get("detected", True):
                target = words.get(_fold(w["match"]), w["match"])
                hits.append(Hit(RuleId(RuleKind.WORD, target), w["match"], w["action"]))
        for m in word_policy.get("managedWordLists", []):
            if m.get("detected", True):
                hits.append(Hit(RuleId(RuleKind.PROFANITY, ""), m["match"], m["action"]))
        sip = a.get("sensitiveInformationPolicy", {})
        for p in sip.get("piiEntities", []):
            if p.get("detected", True):
                hits.append(
                    Hit(RuleId(RuleKind.PII, p["type"], direction), p["match"], p["action"])
                )
        for r in sip.get("regexes", []):
            if r.get("detected", True):
                rule = RuleId(RuleKind.PATTERN, r.get("name", ""))
                hits.append(Hit(rule, r.get("match"), r["action"]))
        for g in a.get("contextualGroundingPolicy", {}).get("filters", []):
            if g.get("detected", True):
                rule = RuleId(RuleKind(g["type"].lower()), "")
                hits.append(Hit(rule, None, g["action"]))
    return hits


def _matches(hit: Hit, ref: RuleRef) -> bool:
    return hit.rule.kind is ref.rule and hit.rule.target == (ref.target or "")


def _summary(response: Response, hits: list[Hit]) -> str:
    """What happened, in the words of the expectations (`blocked by topic "X"`)."""
    if response.get("action") != "GUARDRAIL_INTERVENED":
        detected = [h for h in hits if h.action == "NONE"]
        if detected:
            return "allowed; detected " + ", ".join(_hit_text(h) for h in detected)
        return "allowed (no rule fired)"
    blocked = [h for h in hits if h.action == "BLOCKED"]
    if blocked:
        return "blocked by " + ", ".join(_hit_text(h) for h in blocked)
    outputs = response.get("outputs") or [{}]
    masked = [h for h in hits if h.action == "ANONYMIZED"]
    return f'masked as "{outputs[0].get("text", "")}" by ' + ", ".join(_hit_text(h) for h in masked)


def _hit_text(hit: Hit) -> str:
    text = describe_rule(RuleRef(rule=hit.rule.kind, target=hit.rule.target))
    return f'{text} (match "{hit.match}")' if hit.match else text


def judge(e: Expectation, response: Response, hits: list[Hit]) -> bool:
    """Whether the response satisfies the expectation."""
    intervened = response.get("action") == "GUARDRAIL_INTERVENED"
    blocked = [h for h in hits if h.action == "BLOCKED"]
    match e.expect:
        case Expect.ALLOWED:
            return not intervened
        case Expect.BLOCKED:
            if not (intervened and blocked):
                return False
            return e.by is None or any(_matches(h, e.by) for h in blocked)
        case Expect.MASKED:
            outputs = response.get("outputs") or []
            texts = [o.get("text") for o in outputs]
            return intervened and not blocked and texts == [e.masked_as]
        case Expect.DETECTED:
            return e.by is not None and any(_matches(h, e.by) for h in hits)
    raise AssertionError(e.expect)  # pragma: no cover


def content_for(e: Expectation) -> list[dict[str, Any]]:
    """The ApplyGuardrail `content` blocks of an expectation (source and query qualified)."""
    blocks: list[dict[str, Any]] = []
    if e.grounding_source is not None:
        blocks.append({"text": {"text": e.grounding_source, "qualifiers": ["grounding_source"]}})
    if e.query is not None:
        blocks.append({"text": {"text": e.query, "qualifiers": ["query"]}})
    qualifiers = ["guard_content"] if blocks else []
    blocks.append({"text": {"text": e.text, "qualifiers": qualifiers}})
    return blocks


def run_suites(
    policy: Policy, evaluate: Evaluate, only: Sequence[str] | None = None
) -> tuple[list[Outcome], dict[str, Coverage]]:
    """Run every test block of `policy` (or those whose guardrail is in `only`)."""
    outcomes: list[Outcome] = []
    coverage: dict[str, Coverage] = {}
    for suite in policy.tests:
        guardrail = policy.guardrail(suite.guardrail)
        if guardrail is None or (only is not None and guardrail.name not in only):
            continue
        cov = coverage.get(guardrail.name)
        if cov is None:
            rules = rules_of(guardrail)
            cov = coverage[guardrail.name] = Coverage(
                guardrail.name, dict.fromkeys(rules, False), dict.fromkeys(rules, False)
            )
        for e in suite.expectations:
            started = time.perf_counter()
            source = "INPUT" if e.source is Direction.INPUT else "OUTPUT"
            response = evaluate(guardrail, source, content_for(e))
            hits = hits_of(response, guardrail, e.source)
            passed = judge(e, response, hits)
            fired = {h.rule for h in hits}
            for rule in cov.fired:
                if rule in fired:
                    cov.fired[rule] = True
                elif (
                    e.expect is Expect.ALLOWED and passed and _enabled_on(guardrail, rule, e.source)
                ):
                    cov.quiet[rule] = True
            outcomes.append(
                Outcome(
                    suite=suite.name,
                    guardrail=guardrail.name,
                    expectation=e,
                    passed=passed,
                    got=_summary(response, hits),
                    hits=hits,
                    response=response,
                    seconds=time.perf_counter() - started,
                )
            )
    return outcomes, coverage
