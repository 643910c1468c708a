"""The CloudFormation target: CloudFormation's names and shapes, the KMS parameter (W301), the
profile ARN, the content-hashed version, cfn-lint cleanliness, determinism and snapshots."""

from __future__ import annotations

import copy
import importlib
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import guardrails, sample_guardrails

from compiler.diagnostics import Diagnostics, Severity
from compiler.ir import FilterRule, Guardrail, Origin, Policy, SideConfig, Tag
from compiler.span import Span
from compiler.targets import Context
from compiler.targets.bedrock import payload
from compiler.targets.cloudformation import KMS_KEY_ARN, KMS_PARAMETER, compile, template
from compiler.vocab import Action, ContentCategory, Strength, Tier

ROOT = Path(__file__).resolve().parent.parent
ORIGIN = Origin(guardrail="g")
SPAN = Span(file="g.guard", start=0, end=9, line=1, column=1, end_line=1, end_column=10)
HATE = FilterRule(
    category=ContentCategory.HATE,
    input=SideConfig(action=Action.BLOCK, strength=Strength.HIGH),
    output=SideConfig(action=Action.BLOCK, strength=Strength.HIGH),
    origin=ORIGIN,
)
KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
VERSION_ID = re.compile(r"GuardrailVersion[0-9a-f]{10}")


def make(**fields: Any) -> Guardrail:
    """A guardrail called `g` (at SPAN) with one HATE filter and `fields`."""
    return Guardrail(**{"name": "g", "span": SPAN, "filters": (HATE,), **fields})


def context() -> Context:
    return Context(policy=Policy(), sink=Diagnostics())


def built(g: Guardrail) -> tuple[dict[str, Any], Diagnostics]:
    """The template `compile` writes for `g`, parsed back, and the diagnostics it gave."""
    ctx = context()
    [artefact] = compile(g, ctx)
    assert artefact.path == "cloudformation.json"
    document: dict[str, Any] = json.loads(artefact.content)
    return document, ctx.sink


def properties(document: dict[str, Any]) -> dict[str, Any]:
    resource: dict[str, Any] = document["Resources"]["Guardrail"]
    assert resource["Type"] == "AWS::Bedrock::Guardrail"
    props: dict[str, Any] = resource["Properties"]
    return props


def version_ids(document: dict[str, Any]) -> list[str]:
    return [k for k, v in document["Resources"].items() if v["Type"].endswith("GuardrailVersion")]


# ── shapes ───────────────────────────────────────────────────────────────────────────────────


def test_properties_use_cloudformation_names_and_containers() -> None:
    document, _ = built(sample_guardrails()["support-bot"])
    props = properties(document)
    assert props["Name"] == "support-bot"
    assert props["BlockedOutputsMessaging"] == "Sorry, I can't share that."
    topics = props["TopicPolicyConfig"]
    assert topics["TopicsTierConfig"] == {"TierName": "STANDARD"}
    assert "TierConfig" not in topics
    assert topics["TopicsConfig"][3] == {
        "Name": "Legal advice",
        "Definition": (
            "Advice on legal rights, obligations, disputes or how to act in a legal matter."
        ),
        "Type": "DENY",
        "InputAction": "BLOCK",
        "InputEnabled": True,
        "OutputEnabled": False,
    }
    content = props["ContentPolicyConfig"]
    assert content["ContentFiltersTierConfig"] == {"TierName": "STANDARD"}
    assert content["FiltersConfig"][2]["InputModalities"] == ["TEXT", "IMAGE"]
    assert props["ContextualGroundingPolicyConfig"]["FiltersConfig"][0] == {
        "Type": "GROUNDING",
        "Threshold": 0.7,
        "Action": "BLOCK",
        "Enabled": True,
    }
    assert props["WordPolicyConfig"]["ManagedWordListsConfig"][0]["Type"] == "PROFANITY"
    regex = props["SensitiveInformationPolicyConfig"]["RegexesConfig"][0]
    assert regex["Pattern"] == r"EMP-\d{6}" and regex["Action"] == "BLOCK"
    assert props["AutomatedReasoningPolicyConfig"]["ConfidenceThreshold"] == 0.8
    assert props["Tags"] == [
        {"Key": "team", "Value": "support"},
        {"Key": "cost-center", "Value": "cc-42"},
    ]
    assert "ClientRequestToken" not in props and "KmsKeyId" not in props


def test_properties_carry_exactly_the_bedrock_policies() -> None:
    g = sample_guardrails()["one-sided"]
    props = properties(built(g)[0])
    request = payload(g)
    expected = {k[0].upper() + k[1:] for k in request} - {"ClientRequestToken", "KmsKeyId"}
    assert set(props) == expected | {"KmsKeyArn"}
    assert len(props["TopicPolicyConfig"]["TopicsConfig"]) == len(g.topics)
    [entity] = props["SensitiveInformationPolicyConfig"]["PiiEntitiesConfig"]
    assert entity == {
        "Type": "IP_ADDRESS",
        "Action": "NONE",
        "InputAction": "NONE",
        "InputEnabled": True,
        "OutputEnabled": False,
    }


def test_key_arn_goes_in_as_written() -> None:
    document, sink = built(make(kms_key=KEY_ARN))
    assert properties(document)["KmsKeyArn"] == KEY_ARN
    assert "Parameters" not in document
    assert len(sink) == 0


@pytest.mark.parametrize(
    "key",
    [
        "alias/guardrails",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:111122223333:alias/guardrails",
    ],
    ids=["alias", "key-id", "alias-arn"],
)
def test_other_key_forms_become_a_parameter_with_W301(key: str) -> None:
    document, sink = built(make(kms_key=key))
    assert properties(document)["KmsKeyArn"] == {"Ref": KMS_PARAMETER}
    parameter = document["Parameters"][KMS_PARAMETER]
    assert parameter["Type"] == "String"
    assert re.fullmatch(parameter["AllowedPattern"], KEY_ARN)
    assert not re.fullmatch(parameter["AllowedPattern"], key)
    [warning] = sink.items
    assert (warning.code, warning.severity, warning.span) == ("W301", Severity.WARNING, SPAN)
    assert f"`{key}`" in warning.message


def test_profile_id_becomes_an_arn_in_the_stacks_region() -> None:
    document, _ = built(make(tier=Tier.STANDARD, cross_region_profile="us.guardrail.v1:0"))
    assert properties(document)["CrossRegionConfig"] == {
        "GuardrailProfileArn": {
            "Fn::Sub": "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:"
            "guardrail-profile/us.guardrail.v1:0"
        }
    }


def test_profile_arn_goes_in_as_written() -> None:
    arn = "arn:aws:bedrock:eu-west-1:111122223333:guardrail-profile/eu.guardrail.v1:0"
    document, _ = built(make(cross_region_profile=arn))
    assert properties(document)["CrossRegionConfig"] == {"GuardrailProfileArn": arn}


def test_version_and_outputs() -> None:
    document, _ = built(make())
    [version_id] = version_ids(document)
    assert VERSION_ID.fullmatch(version_id)
    version = document["Resources"][version_id]
    assert version["Properties"]["GuardrailIdentifier"] == {
        "Fn::GetAtt": ["Guardrail", "GuardrailId"]
    }
    assert version["UpdateReplacePolicy"] == "Retain"
    outputs = document["Outputs"]
    assert outputs["GuardrailArn"]["Value"] == {"Fn::GetAtt": ["Guardrail", "GuardrailArn"]}
    assert outputs["GuardrailId"]["Value"] == {"Fn::GetAtt": ["Guardrail", "GuardrailId"]}
    assert outputs["GuardrailVersion"]["Value"] == {"Fn::GetAtt": [version_id, "Version"]}


def test_version_id_follows_content_but_not_tags() -> None:
    base = make()
    ids = {
        label: version_ids(built(g)[0])[0]
        for label, g in {
            "base": base,
            "same": make(),
            "tagged": base.model_copy(update={"tags": (Tag(key="team", value="x"),)}),
            "message": base.model_copy(update={"blocked_output_message": "Changed."}),
            "description": base.model_copy(update={"description": "Changed."}),
        }.items()
    }
    assert ids["base"] == ids["same"] == ids["tagged"]
    assert len({ids["base"], ids["message"], ids["description"]}) == 3


def test_invalid_request_gives_E901_and_no_template() -> None:
    ctx = context()
    assert compile(make(tier=Tier.STANDARD), ctx) == []  # STANDARD without a profile
    assert {d.code for d in ctx.sink.items} == {"E901"}


def test_iam_hook_adds_nothing_yet() -> None:
    document = template(make(), context())
    assert {v["Type"] for v in document["Resources"].values()} == {
        "AWS::Bedrock::Guardrail",
        "AWS::Bedrock::GuardrailVersion",
    }


@pytest.mark.parametrize("name", sorted(sample_guardrails()))
def test_compile_is_deterministic(name: str) -> None:
    first = compile(sample_guardrails()[name], context())
    assert first and first == compile(sample_guardrails()[name], context())


def _camel(value: Any) -> Any:
    """CloudFormation's spelling back to the API's: the inverse of the target's renaming."""
    renames = {"TopicsTierConfig": "tierConfig", "ContentFiltersTierConfig": "tierConfig"}
    if isinstance(value, dict):
        return {
            renames.get(k, k[:1].lower() + k[1:]): _camel(v)
            for k, v in value.items()
            if not (isinstance(v, dict) and ("Ref" in v or "Fn::Sub" in v))
        }
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(guardrails())
def test_properties_are_the_bedrock_request_renamed(g: Guardrail) -> None:
    props = properties(template(g, context()))
    request = payload(g)
    del request["clientRequestToken"]
    key, profile = request.pop("kmsKeyId", None), request.pop("crossRegionConfig", None)
    back = _camel(props)
    # Literal key and profile ARNs go in as written; other forms are intrinsics (tested above).
    assert back.pop("kmsKeyArn", None) == (key if key and re.fullmatch(KMS_KEY_ARN, key) else None)
    region = back.pop("crossRegionConfig", None)
    if profile is None:
        assert region is None
    elif profile["guardrailProfileIdentifier"].startswith("arn:"):
        assert region == {"guardrailProfileArn": profile["guardrailProfileIdentifier"]}
    assert back == request


# ── cfn-lint ─────────────────────────────────────────────────────────────────────────────────

# Bedrock guardrails with cross-region profiles are offered in these; linting per region checks
# the resource types exist there. Informational rules are on; cfn-lint's experimental ones
# (I4010 asks for AI-oriented `Metadata` context blocks) are not.
LINT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"]


@cache
def _runner() -> Any:
    """cfn-lint's runner, built once: loading its rules costs about a second per call."""
    from cfnlint.api import ConfigMixIn, ManualArgs, Runner

    return Runner(ConfigMixIn(**ManualArgs(regions=LINT_REGIONS, include_checks=["I"])))


def lint(document: dict[str, Any]) -> list[str]:
    """What cfn-lint finds in `document` (what `cfnlint.api.lint` does, with cached rules)."""
    from cfnlint.api import decode_str

    template, errors = decode_str(json.dumps(document))
    assert not errors and template is not None
    return [f"{m.rule.id} {m.message}" for m in _runner().validate_template(template)]


def _lint_cases() -> dict[str, Guardrail]:
    cases = dict(sample_guardrails())
    cases["key-arn"] = make(kms_key=KEY_ARN)
    cases["key-id"] = make(kms_key="1234abcd-12ab-34cd-56ef-1234567890ab")
    return cases


@pytest.mark.parametrize("name", sorted(_lint_cases()))
def test_cfn_lint_reports_nothing(name: str) -> None:
    document, _ = built(_lint_cases()[name])
    assert lint(document) == []


def test_cfn_lint_does_report_a_broken_template() -> None:
    # The clean results above mean something only if cfn-lint sees this template's errors.
    document, _ = built(sample_guardrails()["minimal"])
    broken = copy.deepcopy(document)
    properties(broken)["ContentPolicyConfig"]["FiltersConfig"][0]["InputStrength"] = "EXTREME"
    del properties(broken)["BlockedInputMessaging"]
    found = " ".join(lint(broken))
    assert "E3030" in found and "BlockedInputMessaging" in found


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(guardrails(max_items=4))
def test_cfn_lint_accepts_generated_guardrails(g: Guardrail) -> None:
    ctx = context()
    [artefact] = compile(g, ctx)
    assert not ctx.sink.has_errors
    document = json.loads(artefact.content)
    assert lint(document) == []
    assert (KMS_PARAMETER in document.get("Parameters", {})) == (
        g.kms_key is not None and not re.fullmatch(KMS_KEY_ARN, g.kms_key)
    )


# ── snapshots ────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("name", sorted(sample_guardrails()))
def test_snapshot(name: str, snapshot: Any) -> None:
    [artefact] = compile(sample_guardrails()[name], context())
    assert artefact.content.decode() == snapshot


def _example_guardrails() -> list[Guardrail]:
    """Every guardrail of examples/*.guard, once the front end (`compiler.pipeline`) exists."""
    try:
        pipeline = importlib.import_module("compiler.pipeline")
    except ModuleNotFoundError:  # the front end has not landed: collect no example cases
        return []
    files = sorted((ROOT / "examples").glob("*.guard"))
    if not files:
        return []
    sink = Diagnostics()
    loaded = pipeline.load(files, sink)
    errors = [
        f"{d.code} {d.span.file}:{d.span.line}: {d.message}"
        for d in sink.items
        if d.severity is Severity.ERROR
    ]
    assert not errors, errors  # the examples must compile clean
    return list(loaded.policy.guardrails)


EXAMPLES = _example_guardrails()

if EXAMPLES:

    @pytest.mark.parametrize("g", EXAMPLES, ids=[g.name for g in EXAMPLES])
    def test_example_cloudformation_json(g: Guardrail, snapshot: Any) -> None:
        ctx = context()
        [artefact] = compile(g, ctx)
        assert not ctx.sink.has_errors
        assert lint(json.loads(artefact.content)) == []
        assert artefact == compile(g, context())[0]
        assert artefact.content.decode() == snapshot
