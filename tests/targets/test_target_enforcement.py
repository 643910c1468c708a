"""Enforcement and sharing (compiler/targets/enforcement.py, written by the IAM target and
embedded by the CloudFormation target), compiled from tests/cases/ok/enforcement-and-sharing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from aws_checks import lint_all

from compiler.aws.bedrock_model import check_payload
from compiler.diagnostics.sink import Diagnostics
from compiler.ir import Guardrail
from compiler.pipeline import load
from compiler.targets import Context, cloudformation, enforcement, iam

CASE = Path(__file__).parent.parent / "cases" / "ok" / "enforcement-and-sharing" / "input.guard"
ACCOUNT = "111122223333"
ARN = f"arn:aws:bedrock:us-east-1:{ACCOUNT}:guardrail/abcdef123456"


def guardrails() -> dict[str, Guardrail]:
    sink = Diagnostics()
    result = load([CASE], sink)
    assert not sink.items
    return {g.name: g for g in result.policy.guardrails}


def compiled(name: str, arn: str | None = ARN) -> tuple[dict[str, Any], list[str]]:
    g = guardrails()[name]
    sink = Diagnostics()
    ctx = Context(policy=load([CASE], Diagnostics()).policy, sink=sink)
    if arn is not None:
        ctx.guardrail_arns[name] = arn
    documents = {a.path: json.loads(a.content) for a in iam.compile(g, ctx)}
    return documents, [d.code for d in sink.items]


def test_account_enforcement_is_the_exact_request() -> None:
    documents, codes = compiled("org-floor")
    request = documents[enforcement.ACCOUNT_ENFORCEMENT]
    assert request == {
        "guardrailInferenceConfig": {
            "guardrailIdentifier": ARN,
            "guardrailVersion": "3",  # `pin version 3`
            "modelEnforcement": {
                "excludedModels": ["amazon.titan-embed-text-v2:0", "cohere.embed-english-v3"],
                "includedModels": ["ALL"],
            },
            "selectiveContentGuarding": {"messages": "COMPREHENSIVE", "system": "SELECTIVE"},
        }
    }
    assert check_payload(request, "PutEnforcedGuardrailConfiguration") == []
    assert "E901" not in codes


def test_enforce_with_no_lines_sends_only_the_guardrail() -> None:
    documents, _ = compiled("team-floor", ARN + ":7")
    assert documents[enforcement.ACCOUNT_ENFORCEMENT] == {
        "guardrailInferenceConfig": {"guardrailIdentifier": ARN, "guardrailVersion": "7"}
    }


def test_organization_policy_is_a_bedrock_policy() -> None:
    documents, _ = compiled("org-floor")
    request = documents[enforcement.ORGANIZATION_POLICY]
    assert check_payload(request, "CreatePolicy") == []
    assert request["Type"] == "BEDROCK_POLICY"
    content = json.loads(request["Content"])
    config = content["bedrock"]["guardrail_inference"]["us-east-1"]["config_1"]
    assert config == {
        "identifier": {"@@assign": ARN + ":3"},
        "model_enforcement": {
            "excluded_models": {"@@assign": []},
            "included_models": {"@@assign": ["anthropic.claude-3-haiku-20240307-v1:0"]},
        },
    }


def test_resource_policies_cover_the_guardrail_and_each_profile_region() -> None:
    documents, _ = compiled("org-floor")
    requests = documents[enforcement.RESOURCE_POLICIES]
    resources = [r["resourceArn"] for r in requests]
    assert resources[0] == ARN
    assert sorted(r.split(":")[3] for r in resources[1:]) == ["us-east-1", "us-east-2", "us-west-2"]
    for request in requests:
        assert check_payload(request, "PutResourcePolicy") == []
        policy = json.loads(request["resourcePolicy"])
        accounts, org = policy["Statement"]
        assert accounts["Principal"] == {
            "AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:root"]
        }
        assert accounts["Action"] == ["bedrock:ApplyGuardrail"]
        assert accounts["Resource"] == [request["resourceArn"]]
        assert org["Principal"] == "*"
        assert org["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"}}


def test_the_strict_check_guards_these_requests() -> None:
    # the check is live for the new operations: what Bedrock would refuse is found
    rule = guardrails()["org-floor"].enforcements[0]
    draft = enforcement.account_request(rule, ARN, "DRAFT")
    assert check_payload(draft, "PutEnforcedGuardrailConfiguration")
    assert check_payload({"resourceArn": ARN, "resourcePolicy": "{\n}"}, "PutResourcePolicy")
    bad = {"Name": "x", "Description": "", "Type": "BEDROCK", "Content": "{}"}
    assert check_payload(bad, "CreatePolicy")


def test_without_a_published_version_nothing_is_enforced_w310() -> None:
    # team-floor pins nothing and the ARN carries no version: the DRAFT cannot be enforced
    documents, codes = compiled("team-floor")
    assert enforcement.ACCOUNT_ENFORCEMENT not in documents
    assert enforcement.RESOURCE_POLICIES in documents  # sharing needs no version
    assert "W310" in codes


def test_without_an_arn_the_left_out_files_are_named_w302() -> None:
    g = guardrails()["org-floor"]
    sink = Diagnostics()
    ctx = Context(policy=load([CASE], Diagnostics()).policy, sink=sink)
    paths = [a.path for a in iam.compile(g, ctx)]
    assert not any(
        p.startswith("enforcement/") or p == enforcement.RESOURCE_POLICIES for p in paths
    )
    [w302] = [d for d in sink.items if d.code == "W302"]
    for path in (enforcement.ACCOUNT_ENFORCEMENT, enforcement.ORGANIZATION_POLICY):
        assert path in w302.message
    assert enforcement.RESOURCE_POLICIES in w302.message


def test_shared_account_applier_is_no_w307_without_required_models() -> None:
    # an `applied by` role of a shared account may call ApplyGuardrail across accounts
    _, codes = compiled("org-floor")
    assert "W307" not in codes


@pytest.mark.parametrize("name", ["org-floor", "team-floor"])
def test_cloudformation_resources_are_cfn_lint_clean(name: str) -> None:
    g = guardrails()[name]
    ctx = Context(policy=load([CASE], Diagnostics()).policy, sink=Diagnostics())
    template = cloudformation.template(g, ctx)
    types = {r["Type"] for r in template["Resources"].values()}
    assert "AWS::Bedrock::EnforcedGuardrailConfiguration" in types
    assert "AWS::Bedrock::ResourcePolicy" in types
    assert ("AWS::Organizations::Policy" in types) == (name == "org-floor")
    assert lint_all(template) == []
    enforced = template["Resources"]["EnforcedGuardrailConfiguration"]["Properties"]
    assert enforced["GuardrailIdentifier"] == {"Fn::GetAtt": ["Guardrail", "GuardrailId"]}


def test_the_deployer_may_make_exactly_the_calls_apply_makes() -> None:
    documents, _ = compiled("org-floor")
    statements = {s["Sid"]: s for s in documents["iam/deployer.json"]["Statement"]}
    enforce = statements["EnforceGuardrailRequiresResourceStar"]
    assert enforce["Action"] == [
        "bedrock:ListEnforcedGuardrailsConfiguration",
        "bedrock:PutEnforcedGuardrailConfiguration",
    ]
    assert enforce["Resource"] == ["*"]  # the operations name no resource
    assert enforce["Condition"] == {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}
    share = statements["ShareGuardrail"]
    assert share["Action"] == ["bedrock:GetResourcePolicy", "bedrock:PutResourcePolicy"]
    assert ARN in share["Resource"] and len(share["Resource"]) == 4  # + 3 profile Regions
    # `*` appears only where docs/iam.md lists it
    starred = {sid for sid, s in statements.items() if "*" in s["Resource"]}
    assert starred == {
        "CreateGuardrailRequiresResourceStar",
        "ListGuardrailsRequiresResourceStar",
        "EnforceGuardrailRequiresResourceStar",
        "OrganizationPolicyRequiresResourceStar",
        "ListRootsRequiresResourceStar",
    }


@pytest.mark.parametrize("delete", [False, True])
def test_the_deployer_may_make_exactly_the_organizations_calls(delete: bool) -> None:
    """Every Organizations operation plan and apply can call (org_deploy.py) is granted, and
    nothing else: Detach and Delete only with `deployer may delete`."""
    from compiler.aws import org_deploy

    statements = deployer_of_org_floor(delete)["Statement"]
    granted = {a for s in statements for a in s["Action"] if a.startswith("organizations:")}
    calls = {f"organizations:{op}" for op in org_deploy._METHODS} | {"organizations:DescribePolicy"}
    removing = {"organizations:DetachPolicy", "organizations:DeletePolicy"}
    assert granted == (calls if delete else calls - removing)
    [attach] = [s for s in statements if s["Sid"] == "AttachOrganizationPolicy"]
    head = f"arn:aws:organizations::{ACCOUNT}"
    assert f"{head}:root/o-abc1234567/r-ab12" in attach["Resource"]
    assert f"{head}:ou/o-abc1234567/ou-ab12-11111111" in attach["Resource"]
    assert f"{head}:policy/o-abc1234567/bedrock_policy/p-*" in attach["Resource"]
    assert (f"{head}:account/o-abc1234567/*" in attach["Resource"]) is delete


def deployer_of_org_floor(delete: bool) -> dict[str, Any]:
    """org-floor's iam/deployer.json, with or without `deployer may delete`."""
    g = guardrails()["org-floor"]
    assert g.access is not None
    g = g.model_copy(update={"access": g.access.model_copy(update={"allow_delete": delete})})
    ctx = Context(policy=load([CASE], Diagnostics()).policy, sink=Diagnostics())
    ctx.guardrail_arns["org-floor"] = ARN
    documents = {a.path: json.loads(a.content) for a in iam.compile(g, ctx)}
    deployer: dict[str, Any] = documents["iam/deployer.json"]
    return deployer


def test_deleting_enforcement_is_granted_only_with_deployer_may_delete() -> None:
    actions = {a for s in deployer_of_org_floor(True)["Statement"] for a in s["Action"]}
    assert {
        "bedrock:DeleteEnforcedGuardrailConfiguration",
        "bedrock:DeleteResourcePolicy",
    } <= actions
    plain, _ = compiled("org-floor")
    plain_actions = {a for s in plain["iam/deployer.json"]["Statement"] for a in s["Action"]}
    assert not {a for a in plain_actions if "Delete" in a}


SHARING_ONE_PROFILE = """guardrail "a":
  cross region profile "us.guardrail.v1:0"
  tier standard
  filter hate at high
  access:
    account "111122223333"
    region "us-east-1"
    shared with account "444455556666"

guardrail "b":
  cross region profile "us.guardrail.v1:0"
  tier standard
  filter insults at high
  access:
    account "111122223333"
    region "us-west-1"
    shared with account "777788889999"
    shared with organization "o-abc1234567"
"""


def test_guardrails_on_one_profile_put_one_merged_profile_policy() -> None:
    """A profile holds one resource policy per account and Region: every guardrail on it puts
    the same document, naming whoever any of them shares with, so neither overwrites the
    other's. The guardrails' own policies stay their own."""
    from compiler.pipeline import load_text

    sink = Diagnostics()
    policy = load_text(SHARING_ONE_PROFILE, sink).policy
    assert not [d for d in sink.items if d.severity.name == "ERROR"]
    ctx = Context(policy=policy, sink=Diagnostics())
    arns = {}
    for g in policy.guardrails:
        assert g.access is not None and g.access.region is not None
        arns[g.name] = f"arn:aws:bedrock:{g.access.region}:{ACCOUNT}:guardrail/{g.name * 12}"
        ctx.guardrail_arns[g.name] = arns[g.name]
    put: dict[str, list[str]] = {}
    for g in policy.guardrails:
        [requests] = [a for a in iam.compile(g, ctx) if a.path == enforcement.RESOURCE_POLICIES]
        for request in json.loads(requests.content):
            put.setdefault(request["resourceArn"], []).append(request["resourcePolicy"])
    # the guardrails' own policies: each its own sharing
    own_a = json.loads(put.pop(arns["a"])[0])
    assert [s["Principal"] for s in own_a["Statement"]] == [
        {"AWS": ["arn:aws:iam::444455556666:root"]}
    ]
    assert len(json.loads(put.pop(arns["b"])[0])["Statement"]) == 2
    # us-east-1, us-east-2 and us-west-2 profiles are written by both: the same merged bytes
    shared_regions = {arn.split(":")[3] for arn, docs in put.items() if len(docs) == 2}
    assert shared_regions == {"us-east-1", "us-east-2", "us-west-2"}
    for arn, docs in put.items():
        assert len(set(docs)) == 1, arn  # both write the same bytes: nothing is overwritten
        accounts, org = json.loads(docs[0])["Statement"]
        assert org["Condition"] == {"StringEquals": {"aws:PrincipalOrgID": "o-abc1234567"}}
        if arn.split(":")[3] in shared_regions:
            assert accounts["Principal"] == {
                "AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:root"]
            }
        else:  # us-west-1: b's profile reaches it, a's does not; b's sharing only
            assert arn.split(":")[3] == "us-west-1"
            assert accounts["Principal"] == {"AWS": ["arn:aws:iam::777788889999:root"]}
