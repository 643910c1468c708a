"""The CloudFormation target: CloudFormation's names and shapes, the KMS parameter (W301), the
profile ARN, the content-hashed version, cfn-lint cleanliness, determinism and snapshots."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from aws_checks import KNOWN_FINDINGS, lint, lint_all
from examples_loader import example_guardrails
from hypothesis import HealthCheck, given, settings
from strategies import guardrails, sample_guardrails

from compiler.diagnostics.sink import Diagnostics, Severity
from compiler.diagnostics.span import Span
from compiler.ir import (
    Access,
    FilterRule,
    Guardrail,
    Origin,
    Policy,
    SettingSpans,
    SideConfig,
    Tag,
)
from compiler.pipeline import load
from compiler.targets import Context, iam
from compiler.targets.bedrock import payload
from compiler.targets.cloudformation import KMS_KEY_ARN, KMS_PARAMETER, compile, template
from compiler.targets.iam import APPLICATION, DEPLOYER, KEY_POLICY, build_documents
from compiler.vocab import Action, ContentCategory, Strength, Tier

ROOT = Path(__file__).resolve().parents[2]
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


def test_text_holding_a_substitution_is_kept_literal_through_fn_sub() -> None:
    """cfn-lint takes `${…}` outside `Fn::Sub` for a misplaced substitution (E1029, found by the
    property test below): such text goes in as `Fn::Join` of pieces none of which holds `${`,
    joined back to the text as written."""
    text = "Cost: ${AWS::Partition} ${x}${"
    document, _ = built(make(blocked_input_message=text))
    props = properties(document)
    delimiter, pieces = props["BlockedInputMessaging"]["Fn::Join"]
    assert delimiter.join(pieces) == text and "${" not in delimiter
    assert not any("${" in piece for piece in pieces)
    assert props["BlockedOutputsMessaging"] == make().blocked_output_message  # plain text stays
    assert lint(document) == []


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
    # A content change removes this resource from the template: a deletion, which must keep it.
    assert version["DeletionPolicy"] == version["UpdateReplacePolicy"] == "Retain"
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


# ── IAM policies ─────────────────────────────────────────────────────────────────────────────

ACCOUNT = "111122223333"
ACCESS_SPAN = Span(file="g.guard", start=40, end=47, line=4, column=3, end_line=4, end_column=10)
GUARDRAIL_ARN = {"Fn::GetAtt": ["Guardrail", "GuardrailArn"]}
POLICY_IDS = {"DeployerPolicy", "ApplicationPolicy", "EnforcementPolicy"}


def access(**fields: Any) -> Access:
    """An `access:` block (at ACCESS_SPAN) in ACCOUNT and us-east-1 with `fields`."""
    defaults = {"account": ACCOUNT, "region": "us-east-1", "origin": ORIGIN, "span": ACCESS_SPAN}
    return Access(**{**defaults, **fields})


def policies(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The managed policies' properties, by logical id."""
    return {
        logical_id: resource["Properties"]
        for logical_id, resource in document["Resources"].items()
        if resource["Type"] == "AWS::IAM::ManagedPolicy"
    }


def statements(policy: dict[str, Any]) -> dict[str, Any]:
    return {item["Sid"]: item for item in policy["PolicyDocument"]["Statement"]}


def versioned(document: dict[str, Any]) -> dict[str, Any]:
    """`ARN:VERSION` of the version this template publishes."""
    [version_id] = version_ids(document)
    return {"Fn::Join": [":", [GUARDRAIL_ARN, {"Fn::GetAtt": [version_id, "Version"]}]]}


def test_without_an_access_block_there_are_no_iam_resources() -> None:
    document, sink = built(make())
    assert {v["Type"] for v in document["Resources"].values()} == {
        "AWS::Bedrock::Guardrail",
        "AWS::Bedrock::GuardrailVersion",
    }
    assert set(document["Outputs"]) == {"GuardrailArn", "GuardrailId", "GuardrailVersion"}
    assert len(sink) == 0


def test_access_block_gives_a_managed_policy_per_iam_document() -> None:
    g = sample_guardrails()["support-bot"]
    document, _ = built(g)
    found = policies(document)
    assert set(found) == POLICY_IDS
    assert found["DeployerPolicy"]["Roles"] == ["guardrail-ci"]
    assert found["ApplicationPolicy"]["Roles"] == ["support-bot"]
    assert "Roles" not in found["EnforcementPolicy"]  # a boundary or SCP: the caller's choice
    deployer, application = (
        statements(found["DeployerPolicy"]),
        statements(found["ApplicationPolicy"]),
    )
    assert deployer["ManageGuardrail"]["Resource"] == [GUARDRAIL_ARN]
    assert GUARDRAIL_ARN in application["ApplyGuardrail"]["Resource"]
    identifier = versioned(document)
    assert application["InvokeModelsWithGuardrail"]["Condition"] == {
        "StringEquals": {"bedrock:GuardrailIdentifier": identifier}
    }
    deny = application["DenyModelsWithoutGuardrail"]
    assert deny["Condition"] == {"StringNotEquals": {"bedrock:GuardrailIdentifier": identifier}}
    assert found["EnforcementPolicy"]["PolicyDocument"]["Statement"] == [deny]
    # The documents are the IAM target's, unchanged.
    expected = build_documents(g, context(), GUARDRAIL_ARN, identifier)
    assert found["ApplicationPolicy"]["PolicyDocument"] == expected[APPLICATION]
    assert found["DeployerPolicy"]["PolicyDocument"] == expected[DEPLOYER]
    for logical_id in POLICY_IDS:
        assert document["Outputs"][f"{logical_id}Arn"]["Value"] == {"Ref": logical_id}


def test_only_models_and_no_roles_gives_unattached_policies() -> None:
    document, _ = built(make(access=access(models=("amazon.nova-pro-v1:0",))))
    found = policies(document)
    assert set(found) == POLICY_IDS
    assert all("Roles" not in policy for policy in found.values())


def test_deployers_alone_give_only_the_deployer_policy() -> None:
    role = f"arn:aws:iam::{ACCOUNT}:role/ci"
    document, _ = built(make(access=access(deployers=(role,))))
    assert policies(document) == {
        "DeployerPolicy": {
            "Description": "Deploy and manage guardrail g (iam/deployer.json, compiled by guardc)",
            "PolicyDocument": build_documents(
                make(access=access(deployers=(role,))), context(), GUARDRAIL_ARN, None
            )[DEPLOYER],
            "Roles": ["ci"],
        }
    }


@pytest.mark.parametrize(
    ("pin", "expected"),
    [
        ("DRAFT", GUARDRAIL_ARN),
        ("3", {"Fn::Join": [":", [GUARDRAIL_ARN, "3"]]}),
    ],
    ids=["draft", "number"],
)
def test_a_pinned_version_wins_over_the_published_one(pin: str, expected: object) -> None:
    g = make(access=access(models=("amazon.nova-pro-v1:0",), version=pin))
    application = statements(policies(built(g)[0])["ApplicationPolicy"])
    condition = application["InvokeModelsWithGuardrail"]["Condition"]["StringEquals"]
    assert condition["bedrock:GuardrailIdentifier"] == expected


def test_roles_are_attached_by_name_when_the_stack_can_reach_them() -> None:
    appliers = (
        f"arn:aws:iam::{ACCOUNT}:role/service-role/app-runtime",  # a path: the name is the tail
        f"arn:aws:iam::{ACCOUNT}:role/batch",
        f"arn:aws:iam::{ACCOUNT}:role/other/batch",  # the same name twice is attached once
        f"arn:aws:iam::{ACCOUNT}:user/alice",  # users are not roles
        "arn:aws:iam::444455556666:role/elsewhere",  # another account: a different role here
        f"arn:aws-cn:iam::{ACCOUNT}:role/china",  # another partition
    )
    document, _ = built(make(access=access(appliers=appliers)))
    assert policies(document)["ApplicationPolicy"]["Roles"] == ["app-runtime", "batch"]


def test_the_key_policy_stays_out_of_the_template() -> None:
    # A key ARN goes into KmsKeyArn as written; the roles get the identity statements for it,
    # but the key policy belongs to the key, which the template does not own.
    appliers = (f"arn:aws:iam::{ACCOUNT}:role/app",)
    g = make(kms_key=KEY_ARN, access=access(appliers=appliers))
    assert KEY_POLICY in build_documents(g, context(), GUARDRAIL_ARN, GUARDRAIL_ARN)
    document, _ = built(g)
    assert properties(document)["KmsKeyArn"] == KEY_ARN
    application = statements(policies(document)["ApplicationPolicy"])
    assert application["DecryptGuardrailKey"]["Resource"] == [KEY_ARN]
    types = {resource["Type"] for resource in document["Resources"].values()}
    assert not any(t.startswith("AWS::KMS::") for t in types)
    assert '"Principal"' not in json.dumps(document)


def test_no_account_or_region_is_E402_and_no_policies() -> None:
    g = make(
        access=Access(origin=ORIGIN, span=ACCESS_SPAN, appliers=(f"arn:aws:iam::{ACCOUNT}:role/a",))
    )
    document, sink = built(g)
    assert policies(document) == {}
    [error] = sink.items
    assert (error.code, error.span) == ("E402", ACCESS_SPAN)
    # Given on the command line instead, they are enough.
    ctx = Context(policy=Policy(), sink=Diagnostics(), account=ACCOUNT, region="us-west-2")
    assert set(policies(template(g, ctx))) == {"DeployerPolicy", "ApplicationPolicy"}
    assert len(ctx.sink) == 0


def test_E402_is_reported_once_when_the_iam_target_runs_too() -> None:
    g = make(access=Access(origin=ORIGIN, span=ACCESS_SPAN))
    ctx = context()
    assert iam.compile(g, ctx) == []
    compile(g, ctx)
    assert [d.code for d in ctx.sink.items] == ["E402"]


def test_W301_points_at_the_encrypt_line() -> None:
    key_span = Span(file="g.guard", start=30, end=60, line=3, column=3, end_line=3, end_column=33)
    _, sink = built(make(kms_key="alias/guardrails", spans=SettingSpans(kms_key=key_span)))
    [warning] = sink.items
    assert (warning.code, warning.span) == ("W301", key_span)


def test_W301_points_at_the_encrypt_line_of_a_source_file(tmp_path: Path) -> None:
    source = tmp_path / "g.guard"
    source.write_text(
        'guardrail "g":\n  filter hate at high\n  encrypt with key "alias/guardrails"\n'
    )
    sink = Diagnostics()
    loaded = load([source], sink)
    assert not sink.has_errors
    [g] = loaded.policy.guardrails
    [warning] = [d for d in (built(g)[1]).items if d.code == "W301"]
    assert (warning.span.line, warning.span.column) == (3, 3)


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


def _lint_cases() -> dict[str, Guardrail]:
    cases = dict(sample_guardrails())
    cases["key-arn"] = make(kms_key=KEY_ARN)
    cases["key-id"] = make(kms_key="1234abcd-12ab-34cd-56ef-1234567890ab")
    roles = (f"arn:aws:iam::{ACCOUNT}:role/ci", f"arn:aws:iam::{ACCOUNT}:role/path/app")
    models = ("amazon.nova-pro-v1:0", "us.anthropic.claude-3-haiku-20240307-v1:0")
    for pin in ("DRAFT", "4"):
        cases[f"access-pinned-{pin}"] = make(
            kms_key=KEY_ARN,
            access=access(deployers=roles[:1], appliers=roles, models=models, version=pin),
        )
    cases["access-cn"] = make(access=access(region="cn-north-1", models=models[:1]))
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


def test_cfn_lint_does_report_a_broken_policy() -> None:
    # The same for the IAM resources: cfn-lint reads their policy documents.
    document, _ = built(sample_guardrails()["support-bot"])
    broken = copy.deepcopy(document)
    statement = broken["Resources"]["ApplicationPolicy"]["Properties"]["PolicyDocument"]
    statement["Statement"][0]["Effect"] = "Perhaps"
    assert any("Perhaps" in finding for finding in lint(broken))


def test_the_accepted_cfn_lint_findings_still_occur() -> None:
    # Each entry of KNOWN_FINDINGS must still be found somewhere, or it hides nothing and should
    # go. Today there are none: the profile statement names the guardrail beside the profile, so
    # cfn-lint's I3510 finds nothing in it, with every informational rule on.
    document, _ = built(sample_guardrails()["support-bot"])
    assert set(lint_all(document)) - set(lint(document)) == KNOWN_FINDINGS
    statements = document["Resources"]["DeployerPolicy"]["Properties"]["PolicyDocument"]
    profile = next(s for s in statements["Statement"] if s["Sid"] == "UseGuardrailProfile")
    assert "bedrock:ListGuardrails" in profile["Action"]
    assert not [f for f in lint_all(document) if f.startswith("I3510")]


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


EXAMPLES, _ = example_guardrails()  # load errors: test_target_iam.test_examples_load_clean


@pytest.mark.parametrize("g", EXAMPLES, ids=[g.name for g in EXAMPLES])
def test_example_cloudformation_json(g: Guardrail, snapshot: Any) -> None:
    ctx = context()
    [artefact] = compile(g, ctx)
    assert not ctx.sink.has_errors
    assert lint(json.loads(artefact.content)) == []
    assert artefact == compile(g, context())[0]
    assert artefact.content.decode() == snapshot
