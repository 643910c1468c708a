"""The Bedrock target: field mapping per statement, botocore's and the strict check's acceptance,
the idempotency token, E901 on a bad payload, determinism and snapshots."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from aws_checks import IDENTIFIER, input_shape, stubbed_call
from examples_loader import example_guardrails
from hypothesis import HealthCheck, given, settings
from strategies import guardrails, sample_guardrails

from compiler.aws.bedrock_model import check_payload
from compiler.diagnostics.sink import Diagnostics
from compiler.diagnostics.span import Span
from compiler.ir import (
    FilterRule,
    GroundingRule,
    Guardrail,
    Origin,
    PatternRule,
    PiiRule,
    Policy,
    ProfanityRule,
    Reasoning,
    SideConfig,
    Tag,
    Topic,
    TopicRule,
    WordRule,
)
from compiler.targets import Context, canonical_json
from compiler.targets.bedrock import compile, payload, update_payload
from compiler.vocab import Action, ContentCategory, GroundingKind, PiiType, Strength, Tier

ROOT = Path(__file__).resolve().parents[2]
ORIGIN = Origin(guardrail="g")
BLOCK, MASK, DETECT = Action.BLOCK, Action.ANONYMIZE, Action.NONE
TOKEN = re.compile(r"[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?")


def side(action: Action, strength: Strength | None = None) -> SideConfig:
    return SideConfig(action=action, strength=strength)


def both(action: Action, strength: Strength | None = None) -> dict[str, SideConfig]:
    return {"input": side(action, strength), "output": side(action, strength)}


HATE = FilterRule(category=ContentCategory.HATE, origin=ORIGIN, **both(BLOCK, Strength.HIGH))


def make(**fields: Any) -> Guardrail:
    """A guardrail called `g` with `fields`."""
    return Guardrail(name="g", **fields)


def context(*items: Guardrail) -> Context:
    return Context(policy=Policy(guardrails=items), sink=Diagnostics())


# ── per statement ────────────────────────────────────────────────────────────────────────────


def test_deny_topic_on_both_sides_with_examples() -> None:
    topic = Topic(name="Gambling", definition="Betting.", examples=("Odds?", "Casinos?"))
    request = payload(make(topics=(TopicRule(topic=topic, origin=ORIGIN, **both(BLOCK)),)))
    assert request["topicPolicyConfig"] == {
        "topicsConfig": [
            {
                "name": "Gambling",
                "definition": "Betting.",
                "examples": ["Odds?", "Casinos?"],
                "type": "DENY",
                "inputAction": "BLOCK",
                "inputEnabled": True,
                "outputAction": "BLOCK",
                "outputEnabled": True,
            }
        ]
    }


def test_topic_on_input_disables_output_and_omits_empty_examples() -> None:
    topic = Topic(name="Legal advice", definition="Legal matters.")
    entry = payload(make(topics=(TopicRule(topic=topic, input=side(BLOCK), origin=ORIGIN),)))[
        "topicPolicyConfig"
    ]["topicsConfig"][0]
    assert entry["inputEnabled"] is True and entry["inputAction"] == "BLOCK"
    assert entry["outputEnabled"] is False
    assert "outputAction" not in entry
    assert "examples" not in entry


def test_detect_topic_reports_without_blocking() -> None:
    topic = Topic(name="Crypto", definition="Coins.")
    entry = payload(make(topics=(TopicRule(topic=topic, origin=ORIGIN, **both(DETECT)),)))[
        "topicPolicyConfig"
    ]["topicsConfig"][0]
    assert (entry["inputAction"], entry["outputAction"]) == ("NONE", "NONE")
    assert (entry["inputEnabled"], entry["outputEnabled"]) == (True, True)


def test_filter_strength_per_direction() -> None:
    rule = FilterRule(
        category=ContentCategory.INSULTS,
        input=side(BLOCK, Strength.MEDIUM),
        output=side(BLOCK, Strength.LOW),
        origin=ORIGIN,
    )
    entry = payload(make(filters=(rule,)))["contentPolicyConfig"]["filtersConfig"][0]
    assert entry == {
        "type": "INSULTS",
        "inputStrength": "MEDIUM",
        "outputStrength": "LOW",
        "inputAction": "BLOCK",
        "outputAction": "BLOCK",
        "inputEnabled": True,
        "outputEnabled": True,
    }


def test_filter_on_output_only_sets_input_strength_none_and_disabled() -> None:
    rule = FilterRule(
        category=ContentCategory.HATE, output=side(BLOCK, Strength.HIGH), origin=ORIGIN
    )
    entry = payload(make(filters=(rule,)))["contentPolicyConfig"]["filtersConfig"][0]
    assert entry["inputStrength"] == "NONE" and entry["inputEnabled"] is False
    assert "inputAction" not in entry
    assert entry["outputStrength"] == "HIGH" and entry["outputAction"] == "BLOCK"


def test_detect_filter_keeps_strength_with_action_none() -> None:
    rule = FilterRule(
        category=ContentCategory.VIOLENCE, origin=ORIGIN, **both(DETECT, Strength.LOW)
    )
    entry = payload(make(filters=(rule,)))["contentPolicyConfig"]["filtersConfig"][0]
    assert (entry["inputStrength"], entry["outputStrength"]) == ("LOW", "LOW")
    assert (entry["inputAction"], entry["outputAction"]) == ("NONE", "NONE")


def test_images_add_modalities_on_enabled_sides_only() -> None:
    with_images = FilterRule(
        category=ContentCategory.SEXUAL,
        images=True,
        input=side(BLOCK, Strength.HIGH),
        origin=ORIGIN,
    )
    without = FilterRule(category=ContentCategory.HATE, origin=ORIGIN, **both(BLOCK, Strength.HIGH))
    first, second = payload(make(filters=(with_images, without)))["contentPolicyConfig"][
        "filtersConfig"
    ]
    assert first["inputModalities"] == ["TEXT", "IMAGE"]
    assert "outputModalities" not in first
    assert "inputModalities" not in second and "outputModalities" not in second


def test_prompt_attack_is_input_only_with_output_strength_none() -> None:
    rule = FilterRule(
        category=ContentCategory.PROMPT_ATTACK, input=side(BLOCK, Strength.HIGH), origin=ORIGIN
    )
    entry = payload(make(filters=(rule,)))["contentPolicyConfig"]["filtersConfig"][0]
    assert entry == {
        "type": "PROMPT_ATTACK",
        "inputStrength": "HIGH",
        "inputAction": "BLOCK",
        "inputEnabled": True,
        "outputStrength": "NONE",
        "outputEnabled": False,
    }


def test_words_and_profanity() -> None:
    request = payload(
        make(
            words=(
                WordRule(text="Project Zeus", origin=ORIGIN, **both(BLOCK)),
                WordRule(text="blue falcon", input=side(DETECT), origin=ORIGIN),
            ),
            profanity=ProfanityRule(output=side(BLOCK), origin=ORIGIN),
        )
    )
    assert request["wordPolicyConfig"] == {
        "wordsConfig": [
            {
                "text": "Project Zeus",
                "inputAction": "BLOCK",
                "inputEnabled": True,
                "outputAction": "BLOCK",
                "outputEnabled": True,
            },
            {
                "text": "blue falcon",
                "inputAction": "NONE",
                "inputEnabled": True,
                "outputEnabled": False,
            },
        ],
        "managedWordListsConfig": [
            {
                "type": "PROFANITY",
                "inputEnabled": False,
                "outputAction": "BLOCK",
                "outputEnabled": True,
            }
        ],
    }


def test_profanity_alone_gives_no_words_config() -> None:
    request = payload(make(profanity=ProfanityRule(origin=ORIGIN, **both(BLOCK))))
    assert list(request["wordPolicyConfig"]) == ["managedWordListsConfig"]


@pytest.mark.parametrize(
    ("inp", "out", "legacy"),
    [
        (BLOCK, BLOCK, "BLOCK"),
        (BLOCK, MASK, "BLOCK"),
        (MASK, BLOCK, "BLOCK"),
        (MASK, DETECT, "ANONYMIZE"),
        (DETECT, MASK, "ANONYMIZE"),
        (None, MASK, "ANONYMIZE"),
        (DETECT, None, "NONE"),
        (DETECT, DETECT, "NONE"),
        (None, BLOCK, "BLOCK"),
    ],
)
def test_pii_legacy_action_is_the_strongest_enabled_side(
    inp: Action | None, out: Action | None, legacy: str
) -> None:
    rule = PiiRule(
        entity=PiiType.EMAIL,
        input=side(inp) if inp else None,
        output=side(out) if out else None,
        origin=ORIGIN,
    )
    entry = payload(make(pii=(rule,)))["sensitiveInformationPolicyConfig"]["piiEntitiesConfig"][0]
    assert entry["type"] == "EMAIL"
    assert entry["action"] == legacy
    assert entry.get("inputAction") == (inp.value if inp else None)
    assert entry.get("outputAction") == (out.value if out else None)
    assert (entry["inputEnabled"], entry["outputEnabled"]) == (inp is not None, out is not None)


def test_patterns_with_and_without_description() -> None:
    request = payload(
        make(
            patterns=(
                PatternRule(
                    name="employee id",
                    regex=r"EMP-\d{6}",
                    description="Internal employee numbers",
                    origin=ORIGIN,
                    **both(BLOCK),
                ),
                PatternRule(name="ticket id", regex=r"TCK-\d+", output=side(MASK), origin=ORIGIN),
            )
        )
    )
    sensitive = request["sensitiveInformationPolicyConfig"]
    assert "piiEntitiesConfig" not in sensitive
    employee, ticket = sensitive["regexesConfig"]
    assert employee["pattern"] == "EMP-\\d{6}"
    assert employee["description"] == "Internal employee numbers"
    assert employee["action"] == "BLOCK"
    assert ticket == {
        "name": "ticket id",
        "pattern": "TCK-\\d+",
        "action": "ANONYMIZE",
        "inputEnabled": False,
        "outputAction": "ANONYMIZE",
        "outputEnabled": True,
    }


def test_grounding_and_relevance() -> None:
    request = payload(
        make(
            grounding=(
                GroundingRule(
                    check=GroundingKind.GROUNDING, threshold=0.7, action=BLOCK, origin=ORIGIN
                ),
                GroundingRule(
                    check=GroundingKind.RELEVANCE, threshold=0.5, action=DETECT, origin=ORIGIN
                ),
            )
        )
    )
    assert request["contextualGroundingPolicyConfig"] == {
        "filtersConfig": [
            {"type": "GROUNDING", "threshold": 0.7, "action": "BLOCK", "enabled": True},
            {"type": "RELEVANCE", "threshold": 0.5, "action": "NONE", "enabled": True},
        ]
    }


ARN = "arn:aws:bedrock:us-east-1:111122223333:automated-reasoning-policy/abcdefabcdef"


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        (0.8, {"policies": [ARN], "confidenceThreshold": 0.8}),
        (None, {"policies": [ARN]}),
    ],
)
def test_automated_reasoning(confidence: float | None, expected: dict[str, object]) -> None:
    reasoning = Reasoning(policies=(ARN,), confidence=confidence, origin=ORIGIN)
    request = payload(make(reasoning=reasoning, cross_region_profile="us.guardrail.v1:0"))
    assert request["automatedReasoningPolicyConfig"] == expected


def test_tier_sets_topics_and_content_filters_but_not_grounding() -> None:
    topic = TopicRule(topic=Topic(name="T", definition="d"), origin=ORIGIN, **both(BLOCK))
    grounding = GroundingRule(
        check=GroundingKind.GROUNDING, threshold=0.7, action=BLOCK, origin=ORIGIN
    )
    request = payload(
        make(
            tier=Tier.STANDARD,
            cross_region_profile="us.guardrail.v1:0",
            topics=(topic,),
            filters=(HATE,),
            grounding=(grounding,),
        )
    )
    assert request["topicPolicyConfig"]["tierConfig"] == {"tierName": "STANDARD"}
    assert request["contentPolicyConfig"]["tierConfig"] == {"tierName": "STANDARD"}
    assert "tierConfig" not in request["contextualGroundingPolicyConfig"]
    assert request["crossRegionConfig"] == {"guardrailProfileIdentifier": "us.guardrail.v1:0"}


def test_each_policy_takes_its_own_tier() -> None:
    """`tier standard for topics`, `tier classic for filters`, `tier standard for grounding`."""
    topic = TopicRule(topic=Topic(name="T", definition="d"), origin=ORIGIN, **both(BLOCK))
    grounding = GroundingRule(
        check=GroundingKind.GROUNDING, threshold=0.7, action=BLOCK, origin=ORIGIN
    )
    g = make(
        tier=Tier.STANDARD,  # overridden for filters below
        filters_tier=Tier.CLASSIC,
        grounding_tier=Tier.STANDARD,
        cross_region_profile="us.guardrail.v1:0",
        topics=(topic,),
        filters=(HATE,),
        grounding=(grounding,),
    )
    request = payload(g)
    assert request["topicPolicyConfig"]["tierConfig"] == {"tierName": "STANDARD"}
    assert request["contentPolicyConfig"]["tierConfig"] == {"tierName": "CLASSIC"}
    assert request["contextualGroundingPolicyConfig"]["tierConfig"] == {"tierName": "STANDARD"}
    stubbed_call("create_guardrail", request)
    assert check_payload(request, "CreateGuardrail") == []
    assert check_payload(update_payload(g, IDENTIFIER), "UpdateGuardrail") == []


def test_a_standard_grounding_tier_without_a_profile_is_rejected_by_the_strict_check() -> None:
    grounding = GroundingRule(
        check=GroundingKind.GROUNDING, threshold=0.7, action=BLOCK, origin=ORIGIN
    )
    request = payload(make(grounding_tier=Tier.STANDARD, grounding=(grounding,)))
    assert [p.path for p in check_payload(request, "CreateGuardrail")] == [
        "contextualGroundingPolicyConfig.tierConfig"
    ]


def test_no_tier_statement_gives_no_tier_config() -> None:
    request = payload(make(filters=(HATE,)))
    assert "tierConfig" not in request["contentPolicyConfig"]
    assert "crossRegionConfig" not in request


def test_guardrail_settings() -> None:
    request = payload(
        make(
            description="Retail support assistant",
            kms_key="alias/guardrails",
            tags=(Tag(key="team", value="support"), Tag(key="cost-center", value="")),
            blocked_input_message="No.",
            blocked_output_message="Nope.",
            filters=(HATE,),
        )
    )
    assert request["name"] == "g"
    assert request["description"] == "Retail support assistant"
    assert request["kmsKeyId"] == "alias/guardrails"
    assert request["tags"] == [
        {"key": "team", "value": "support"},
        {"key": "cost-center", "value": ""},
    ]
    assert request["blockedInputMessaging"] == "No."
    assert request["blockedOutputsMessaging"] == "Nope."


def test_unset_settings_and_empty_policies_are_left_out() -> None:
    rule = PiiRule(entity=PiiType.NAME, origin=ORIGIN, **both(DETECT))
    request = payload(make(pii=(rule,)))
    assert set(request) == {
        "name",
        "blockedInputMessaging",
        "blockedOutputsMessaging",
        "sensitiveInformationPolicyConfig",
        "clientRequestToken",
    }
    assert request["blockedInputMessaging"] == "Sorry, I can't help with that request."
    assert list(request["sensitiveInformationPolicyConfig"]) == ["piiEntitiesConfig"]


def test_rules_keep_source_order() -> None:
    names = ["Zebra", "Apple", "Mango"]
    topics = tuple(
        TopicRule(topic=Topic(name=n, definition="d"), origin=ORIGIN, **both(BLOCK)) for n in names
    )
    entries = payload(make(topics=topics))["topicPolicyConfig"]["topicsConfig"]
    assert [e["name"] for e in entries] == names


def test_inherited_and_overriding_rules_compile_like_any_other() -> None:
    # `guardrail "child" extends "base"` with `mask email addresses on output`: resolve replaces
    # the base's EMAIL rule whole, so only the child's single-sided rule reaches the payload.
    base, child = Origin(guardrail="base"), Origin(guardrail="child")
    inherited = PiiRule(entity=PiiType.PHONE, origin=base, **both(BLOCK))
    override = PiiRule(entity=PiiType.EMAIL, output=side(MASK), origin=child)
    g = Guardrail(name="child", extends="base", pii=(inherited, override))
    entries = payload(g)["sensitiveInformationPolicyConfig"]["piiEntitiesConfig"]
    assert [e["type"] for e in entries] == ["PHONE", "EMAIL"]
    assert entries[1] == {
        "type": "EMAIL",
        "action": "ANONYMIZE",
        "inputEnabled": False,
        "outputAction": "ANONYMIZE",
        "outputEnabled": True,
    }
    # Where a rule came from is for `guardc explain`, not for Bedrock.
    same_rules_own = Guardrail(
        name="child",
        pii=(inherited.model_copy(update={"origin": child}), override),
    )
    assert payload(same_rules_own) == payload(g)


# ── token, update, compile ───────────────────────────────────────────────────────────────────


def test_client_request_token_is_the_hash_of_the_rest() -> None:
    request = payload(sample_guardrails()["support-bot"])
    token = request.pop("clientRequestToken")
    assert token == hashlib.sha256(canonical_json(request)).hexdigest()
    assert TOKEN.fullmatch(token)


def test_client_request_token_follows_content_and_tags() -> None:
    base = make(filters=(HATE,))
    tokens = {
        payload(g)["clientRequestToken"]
        for g in (
            base,
            base.model_copy(update={"blocked_input_message": "Other."}),
            base.model_copy(update={"tags": (Tag(key="a", value="b"),)}),
        )
    }
    assert len(tokens) == 3
    assert (
        payload(base)["clientRequestToken"] == payload(make(filters=(HATE,)))["clientRequestToken"]
    )


def test_update_payload_is_create_minus_tags_and_token_plus_identifier() -> None:
    g = sample_guardrails()["support-bot"]
    create, update = payload(g), update_payload(g, IDENTIFIER)
    assert update["guardrailIdentifier"] == IDENTIFIER
    assert "tags" in create and "tags" not in update
    assert "clientRequestToken" not in update
    rest = {k: v for k, v in create.items() if k not in ("tags", "clientRequestToken")}
    assert {k: v for k, v in update.items() if k != "guardrailIdentifier"} == rest


def test_compile_writes_the_payload_as_canonical_json() -> None:
    g = sample_guardrails()["support-bot"]
    ctx = context(g)
    [artefact] = compile(g, ctx)
    assert artefact.path == "bedrock.json"
    text = artefact.content.decode()
    assert text.endswith("}\n")
    assert json.loads(text) == payload(g)
    assert text == json.dumps(payload(g), sort_keys=True, indent=2) + "\n"
    assert len(ctx.sink) == 0


SPAN = Span(file="bad.guard", start=10, end=20, line=3, column=1, end_line=3, end_column=11)


@pytest.mark.parametrize(
    ("g", "path"),
    [
        # STANDARD tier without a profile: the validator should have said E209.
        (
            Guardrail(name="g", span=SPAN, tier=Tier.STANDARD, filters=(HATE,)),
            "contentPolicyConfig.tierConfig",
        ),
        # An enabled filter side without a strength: the validator should have said E207.
        (
            Guardrail(
                name="g",
                span=SPAN,
                filters=(
                    FilterRule(category=ContentCategory.HATE, input=side(BLOCK), origin=ORIGIN),
                ),
            ),
            "contentPolicyConfig.filtersConfig[0]",
        ),
        # ANONYMIZE on a topic: the validator should have said E204.
        (
            Guardrail(
                name="g",
                span=SPAN,
                topics=(
                    TopicRule(
                        topic=Topic(name="T", definition="d"), input=side(MASK), origin=ORIGIN
                    ),
                ),
            ),
            "topicPolicyConfig.topicsConfig[0].inputAction",
        ),
    ],
    ids=["standard-without-profile", "filter-without-strength", "masked-topic"],
)
def test_a_payload_the_strict_check_rejects_is_E901_and_no_file(g: Guardrail, path: str) -> None:
    ctx = context(g)
    assert compile(g, ctx) == []
    assert ctx.sink.has_errors
    assert {d.code for d in ctx.sink.items} == {"E901"}
    assert all(d.span == SPAN for d in ctx.sink.items)
    assert any(path in d.message for d in ctx.sink.items), [d.message for d in ctx.sink.items]


@pytest.mark.parametrize("name", sorted(sample_guardrails()))
def test_compile_is_deterministic(name: str) -> None:
    first = compile(sample_guardrails()[name], context())
    again = compile(sample_guardrails()[name], context())
    assert first and first == again


# ── botocore and the strict check ────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", sorted(sample_guardrails()))
def test_botocore_and_the_strict_check_accept_create_and_update(name: str) -> None:
    g = sample_guardrails()[name]
    create, update = payload(g), update_payload(g, IDENTIFIER)
    stubbed_call("create_guardrail", create)
    stubbed_call("update_guardrail", update)
    assert check_payload(create, "CreateGuardrail") == []
    assert check_payload(update, "UpdateGuardrail") == []


def test_the_stubbed_client_does_reject_a_broken_payload() -> None:
    # The acceptance test above means something only if this client would refuse a bad request.
    from botocore.exceptions import ParamValidationError

    request = payload(sample_guardrails()["minimal"])
    request["contentPolicyConfig"]["filtersConfig"][0].pop("outputStrength")
    with pytest.raises(ParamValidationError):
        stubbed_call("create_guardrail", request)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(guardrails())
def test_every_valid_guardrail_compiles_to_an_accepted_payload(g: Guardrail) -> None:
    from botocore.validate import validate_parameters

    create, update = payload(g), update_payload(g, IDENTIFIER)
    validate_parameters(create, input_shape("CreateGuardrail"))
    validate_parameters(update, input_shape("UpdateGuardrail"))
    assert check_payload(create, "CreateGuardrail") == []
    assert check_payload(update, "UpdateGuardrail") == []


# ── snapshots ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", sorted(sample_guardrails()))
def test_snapshot(name: str, snapshot: Any) -> None:
    [artefact] = compile(sample_guardrails()[name], context())
    assert artefact.content.decode() == snapshot


EXAMPLES, _ = example_guardrails()  # load errors: test_target_iam.test_examples_load_clean


@pytest.mark.parametrize("g", EXAMPLES, ids=[g.name for g in EXAMPLES])
def test_example_bedrock_json(g: Guardrail, snapshot: Any) -> None:
    ctx = context(g)
    [artefact] = compile(g, ctx)
    assert not ctx.sink.has_errors
    request = json.loads(artefact.content)
    assert check_payload(request, "CreateGuardrail") == []
    stubbed_call("create_guardrail", request)
    stubbed_call("update_guardrail", update_payload(g, IDENTIFIER))
    assert artefact == compile(g, context(g))[0]
    assert artefact.content.decode() == snapshot
