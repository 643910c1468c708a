"""Judging expectations and measuring coverage on ApplyGuardrail-shaped responses."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

import pytest

from compiler.ir import (
    Expectation,
    FilterRule,
    Guardrail,
    Origin,
    PiiRule,
    Policy,
    RuleRef,
    SideConfig,
    TestSuite,
    Topic,
    TopicRule,
    WordRule,
)
from compiler.testing.reporting import render_junit, render_text, to_json
from compiler.testing.runner import RuleId, content_for, hits_of, judge, rules_of, run_suites
from compiler.vocab import (
    Action,
    ContentCategory,
    Direction,
    Expect,
    PiiType,
    RuleKind,
    Strength,
)

ORIGIN = Origin(guardrail="g")
BLOCK = SideConfig(action=Action.BLOCK)
MASK = SideConfig(action=Action.ANONYMIZE)
GUARDRAIL = Guardrail(
    name="g",
    topics=(
        TopicRule(
            topic=Topic(name="Gambling", definition="Betting."),
            input=BLOCK,
            output=BLOCK,
            origin=ORIGIN,
        ),
    ),
    filters=(
        FilterRule(
            category=ContentCategory.PROMPT_ATTACK,
            input=SideConfig(action=Action.BLOCK, strength=Strength.HIGH),
            origin=ORIGIN,
        ),
    ),
    words=(WordRule(text="Project Zeus", input=BLOCK, output=BLOCK, origin=ORIGIN),),
    pii=(PiiRule(entity=PiiType.EMAIL, input=BLOCK, output=MASK, origin=ORIGIN),),
)

NOTHING: dict[str, Any] = {"action": "NONE", "outputs": [], "assessments": [{}]}
TOPIC_BLOCK: dict[str, Any] = {
    "action": "GUARDRAIL_INTERVENED",
    "outputs": [{"text": "Sorry"}],
    "assessments": [
        {"topicPolicy": {"topics": [{"name": "Gambling", "type": "DENY", "action": "BLOCKED"}]}}
    ],
}
EMAIL_MASK: dict[str, Any] = {
    "action": "GUARDRAIL_INTERVENED",
    "outputs": [{"text": "mail {EMAIL}"}],
    "assessments": [
        {
            "sensitiveInformationPolicy": {
                "piiEntities": [
                    {"match": "a@b.co", "type": "EMAIL", "action": "ANONYMIZED", "detected": True}
                ],
                "regexes": [],
            }
        }
    ],
}
WORD_BLOCK: dict[str, Any] = {
    "action": "GUARDRAIL_INTERVENED",
    "outputs": [{"text": "Sorry"}],
    "assessments": [
        {"wordPolicy": {"customWords": [{"match": "project  ZEUS", "action": "BLOCKED"}]}}
    ],
}


def _e(expect: Expect, by: RuleRef | None = None, masked: str | None = None) -> Expectation:
    return Expectation(source=Direction.OUTPUT, text="t", expect=expect, by=by, masked_as=masked)


@pytest.mark.parametrize(
    ("expectation", "response", "passes"),
    [
        (_e(Expect.ALLOWED), NOTHING, True),
        (_e(Expect.ALLOWED), TOPIC_BLOCK, False),
        (_e(Expect.ALLOWED), EMAIL_MASK, False),
        (_e(Expect.BLOCKED), TOPIC_BLOCK, True),
        (_e(Expect.BLOCKED), EMAIL_MASK, False),
        (_e(Expect.BLOCKED, RuleRef(rule=RuleKind.TOPIC, target="Gambling")), TOPIC_BLOCK, True),
        (_e(Expect.BLOCKED, RuleRef(rule=RuleKind.TOPIC, target="Other")), TOPIC_BLOCK, False),
        (_e(Expect.BLOCKED, RuleRef(rule=RuleKind.WORD, target="Project Zeus")), WORD_BLOCK, True),
        (_e(Expect.MASKED, masked="mail {EMAIL}"), EMAIL_MASK, True),
        (_e(Expect.MASKED, masked="mail {NAME}"), EMAIL_MASK, False),
        (_e(Expect.MASKED, masked="Sorry"), TOPIC_BLOCK, False),
        (_e(Expect.DETECTED, RuleRef(rule=RuleKind.PII, target="EMAIL")), EMAIL_MASK, True),
        (_e(Expect.DETECTED, RuleRef(rule=RuleKind.PII, target="NAME")), EMAIL_MASK, False),
    ],
)
def test_judge(expectation: Expectation, response: dict[str, Any], passes: bool) -> None:
    hits = hits_of(response, GUARDRAIL, expectation.source)
    assert judge(expectation, response, hits) is passes


def test_word_hits_map_back_to_the_configured_word() -> None:
    (hit,) = hits_of(WORD_BLOCK, GUARDRAIL, Direction.INPUT)
    assert hit.rule == RuleId(RuleKind.WORD, "Project Zeus")
    assert hit.match == "project  ZEUS"


def test_rules_are_per_direction_for_filters_and_pii() -> None:
    rules = rules_of(GUARDRAIL)
    assert RuleId(RuleKind.FILTER, "PROMPT_ATTACK", Direction.INPUT) in rules
    assert RuleId(RuleKind.FILTER, "PROMPT_ATTACK", Direction.OUTPUT) not in rules
    assert RuleId(RuleKind.PII, "EMAIL", Direction.OUTPUT) in rules
    assert RuleId(RuleKind.TOPIC, "Gambling") in rules
    assert len(rules) == 5


def test_grounding_qualifiers_mark_the_guarded_text() -> None:
    e = Expectation(
        source=Direction.OUTPUT, text="r", grounding_source="s", query="q", expect=Expect.ALLOWED
    )
    blocks = content_for(e)
    assert [b["text"]["qualifiers"] for b in blocks] == [
        ["grounding_source"],
        ["query"],
        ["guard_content"],
    ]
    assert content_for(_e(Expect.ALLOWED)) == [{"text": {"text": "t", "qualifiers": []}}]


def _suite(*expectations: Expectation) -> Policy:
    return Policy(
        guardrails=(GUARDRAIL,),
        tests=(TestSuite(name="s", guardrail="g", expectations=expectations),),
    )


def test_an_allowed_only_suite_exercises_no_blocking_rule() -> None:
    policy = _suite(_e(Expect.ALLOWED), _e(Expect.ALLOWED))
    outcomes, coverage = run_suites(policy, lambda g, s, c: NOTHING)
    assert all(o.passed for o in outcomes)
    cov = coverage["g"]
    assert not any(cov.fired.values())
    # Output-side texts show the output-side and two-sided rules quiet, not the input-only filter.
    assert cov.quiet[RuleId(RuleKind.TOPIC, "Gambling")]
    assert not cov.quiet[RuleId(RuleKind.FILTER, "PROMPT_ATTACK", Direction.INPUT)]
    assert cov.percent == pytest.approx(100 * 3 / 10)


def test_coverage_counts_fired_rules_and_failures_are_reported() -> None:
    by_topic = RuleRef(rule=RuleKind.TOPIC, target="Gambling")
    policy = _suite(_e(Expect.BLOCKED, by_topic), _e(Expect.ALLOWED))
    responses = iter([TOPIC_BLOCK, TOPIC_BLOCK])
    outcomes, coverage = run_suites(policy, lambda g, s, c: next(responses))
    assert [o.passed for o in outcomes] == [True, False]
    assert coverage["g"].fired[RuleId(RuleKind.TOPIC, "Gambling")]
    assert outcomes[1].got == 'blocked by topic "Gambling"'
    text = render_text(outcomes, coverage, 0.01)
    assert "1 passed, 1 failed" in text
    assert 'expected: allowed\n    got:      blocked by topic "Gambling"' in text
    report = to_json(outcomes, coverage, 0.01)
    assert report["summary"] == {"passed": 1, "failed": 1, "seconds": 0.01}
    junit = ET.fromstring(render_junit(outcomes))
    cases = junit.findall(".//testcase")
    assert len(cases) == 2
    assert [c.find("failure") is not None for c in cases] == [False, True]
