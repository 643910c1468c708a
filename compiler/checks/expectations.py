"""Stage 4, policy part: test expectations that could never pass against their guardrail (E219).

Run by `validate.validate` after the per-guardrail checks (`POLICY_CHECKS`).
"""

from __future__ import annotations

from typing import assert_never

from ..diagnostics.sink import Diagnostics
from ..ir import Guardrail, Policy, TestSuite
from ..vocab import (
    FILTER_PHRASE,
    PII_PHRASE,
    Action,
    ContentCategory,
    Direction,
    Expect,
    PiiType,
    RuleKind,
    Strength,
)
from .text import show, written


def check_test_expectations(policy: Policy, sink: Diagnostics) -> None:
    """Expectations that could never pass: a rule the guardrail lacks (or has only on the other
    side, or without blocking), masking against a guardrail that masks nothing on that side."""
    # after resolve: `test ... for` names are bound; unknown guardrails were reported there
    for suite in policy.tests:
        guardrail = policy.guardrail(suite.guardrail)
        if guardrail is not None:
            _check_suite(suite, guardrail, sink)


def _check_suite(suite: TestSuite, guardrail: Guardrail, sink: Diagnostics) -> None:
    for exp in suite.expectations:
        side = exp.source
        if exp.expect is Expect.MASKED:
            masks = [
                r.side(side)
                for r in (*guardrail.pii, *guardrail.patterns)
                if (c := r.side(side)) is not None and c.action is Action.ANONYMIZE
            ]
            if not masks:
                sink.emit(
                    "E219",
                    f"`{show(guardrail.name)}` masks nothing on {side.value}, so nothing can be "
                    "masked there",
                    exp.span,
                    help="mask a PII entity or pattern on this side, or expect something else",
                )
            continue
        if exp.by is None:
            if exp.expect is Expect.BLOCKED and not _blocks(guardrail, side):
                sink.emit(
                    "E219",
                    f"`{show(guardrail.name)}` blocks nothing on {side.value}",
                    exp.span,
                    help="every rule on this side masks or only detects; expect something else",
                )
            continue
        actions = _rule_actions(guardrail, exp.by.rule, exp.by.target, side)
        label = _rule_label(exp.by.rule, exp.by.target)
        span = exp.by.span if written(exp.by.span) else exp.span
        if actions is None:
            sink.emit(
                "E219",
                f"`{show(guardrail.name)}` has no rule {label}",
                span,
                help="name a rule the guardrail has, or add the rule",
            )
        elif not actions:
            sink.emit(
                "E219",
                f"rule {label} of `{show(guardrail.name)}` does not check {side.value}",
                span,
                help=f"the rule is disabled on {side.value}",
            )
        elif exp.expect is Expect.BLOCKED and Action.BLOCK not in actions:
            sink.emit(
                "E219",
                f"rule {label} of `{show(guardrail.name)}` never blocks on {side.value}",
                span,
                help="expect `is detected by` or `is masked as`, or make the rule block",
            )


def _blocks(guardrail: Guardrail, side: Direction) -> bool:
    """Whether any rule can block on `side` (automated reasoning counts: it is not modelled)."""
    g = guardrail
    rules = (*g.topics, *g.words, *g.pii, *g.patterns, *([g.profanity] if g.profanity else []))
    if any((c := r.side(side)) is not None and c.action is Action.BLOCK for r in rules):
        return True
    if any(
        (c := f.side(side)) is not None
        and c.action is Action.BLOCK
        and c.strength not in (None, Strength.NONE)
        for f in g.filters
    ):
        return True
    on_output = side is Direction.OUTPUT
    return on_output and (
        g.reasoning is not None or any(r.action is Action.BLOCK for r in g.grounding)
    )


def _rule_actions(
    guardrail: Guardrail, kind: RuleKind, target: str, side: Direction
) -> list[Action] | None:
    """The actions of the named rule on `side` ([] when that side is off), None if absent."""
    g = guardrail
    rules: list[object]
    match kind:
        case RuleKind.TOPIC:
            rules = [r for r in g.topics if r.topic.name == target]
        case RuleKind.FILTER:
            rules = [r for r in g.filters if r.category.value == target]
        case RuleKind.WORD:
            rules = [r for r in g.words if r.text.casefold() == target.casefold()]
        case RuleKind.PROFANITY:
            rules = [g.profanity] if g.profanity is not None else []
        case RuleKind.PII:
            rules = [r for r in g.pii if r.entity.value == target]
        case RuleKind.PATTERN:
            rules = [r for r in g.patterns if r.name == target]
        case RuleKind.GROUNDING | RuleKind.RELEVANCE:
            found = [r for r in g.grounding if r.check.value.lower() == kind.value]
            if not found:
                return None
            # grounding runs on output only (bedrock-contract.md §2.8)
            return [r.action for r in found] if side is Direction.OUTPUT else []
        case _:
            assert_never(kind)
    if not rules:
        return None
    configs = [getattr(r, side.value) for r in rules]
    return [c.action for c in configs if c is not None]


def _rule_label(kind: RuleKind, target: str) -> str:
    """A rule as the language writes it: `pii names`, `filter prompt attacks`, `topic "X"`."""
    if kind is RuleKind.PII and target in PiiType.__members__:
        return f"`pii {PII_PHRASE[PiiType(target)]}`"
    if kind is RuleKind.FILTER and target in ContentCategory.__members__:
        return f"`filter {FILTER_PHRASE[ContentCategory(target)]}`"
    return f'`{kind.value} "{target}"`' if target else f"`{kind.value}`"
