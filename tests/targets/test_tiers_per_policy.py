"""`tier X for topics|content filters|grounding` (tests/cases/ok/tiers-per-policy): each policy's
tierConfig in the Bedrock request, strict-checked, and CloudFormation's gap for grounding."""

from __future__ import annotations

from pathlib import Path

from aws_checks import lint_all

from compiler.aws.bedrock_model import check_payload
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load
from compiler.targets import Context, bedrock, cloudformation

CASE = Path(__file__).parent.parent / "cases" / "ok" / "tiers-per-policy" / "input.guard"


def test_each_policy_gets_its_own_tier_and_passes_the_strict_check() -> None:
    [g] = load([CASE], Diagnostics()).policy.guardrails
    request = bedrock.payload(g)
    assert request["topicPolicyConfig"]["tierConfig"] == {"tierName": "STANDARD"}
    assert request["contentPolicyConfig"]["tierConfig"] == {"tierName": "CLASSIC"}
    assert request["contextualGroundingPolicyConfig"]["tierConfig"] == {"tierName": "STANDARD"}
    assert check_payload(request, "CreateGuardrail") == []


def test_plain_tier_still_sets_topics_and_filters_but_not_grounding() -> None:
    [g] = load([CASE], Diagnostics()).policy.guardrails
    from compiler.vocab import Tier

    plain = g.model_copy(
        update={"tier": Tier.STANDARD, "topics_tier": None, "filters_tier": None,
                "grounding_tier": None}
    )  # fmt: skip
    request = bedrock.payload(plain)
    assert request["topicPolicyConfig"]["tierConfig"] == {"tierName": "STANDARD"}
    assert request["contentPolicyConfig"]["tierConfig"] == {"tierName": "STANDARD"}
    assert "tierConfig" not in request["contextualGroundingPolicyConfig"]


def test_cloudformation_leaves_the_grounding_tier_out_with_w311() -> None:
    policy = load([CASE], Diagnostics()).policy
    [g] = policy.guardrails
    sink = Diagnostics()
    template = cloudformation.template(g, Context(policy=policy, sink=sink))
    properties = template["Resources"]["Guardrail"]["Properties"]
    assert "TierConfig" not in properties["ContextualGroundingPolicyConfig"]
    assert properties["TopicPolicyConfig"]["TopicsTierConfig"] == {"TierName": "STANDARD"}
    assert properties["ContentPolicyConfig"]["ContentFiltersTierConfig"] == {"TierName": "CLASSIC"}
    assert [d.code for d in sink.items] == ["W311"]
    assert lint_all(template) == []
