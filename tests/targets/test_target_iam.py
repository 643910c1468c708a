"""The IAM/KMS target (compiler/targets/iam.py, kms.py), its ARNs (compiler/aws/arns.py) and the
lock file (compiler/aws/lockfile.py), on hand-built IR guardrails."""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from examples_loader import example_guardrails
from iam_sim import Decision, Request, evaluate
from syrupy.extensions.json import JSONSnapshotExtension

from compiler.aws import arns, lockfile
from compiler.diagnostics.sink import Diagnostics
from compiler.diagnostics.span import Span
from compiler.ir import Access, Enforcement, Guardrail, Origin, Policy, Reasoning
from compiler.targets import Context, iam, kms
from compiler.targets.policy_document import JsonValue
from compiler.vocab import EnforceScope

ACCOUNT = "111122223333"
GID = "abc123def456"
ARN = f"arn:aws:bedrock:us-east-1:{ACCOUNT}:guardrail/{GID}"
CI = f"arn:aws:iam::{ACCOUNT}:role/guardrail-ci"
APP = f"arn:aws:iam::{ACCOUNT}:role/support-bot"
KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab"
AR = f"arn:aws:bedrock:us-east-1:{ACCOUNT}:automated-reasoning-policy/abcdefabcdef"
SPAN = Span(file="g.guard", start=40, end=90, line=5, column=3, end_line=9, end_column=1)
ORIGIN = Origin(guardrail="support-bot")


def make(
    name: str = "support-bot",
    *,
    kms_key: str | None = None,
    profile: str | None = None,
    reasoning: bool = False,
    **access: Any,
) -> Guardrail:
    """A guardrail with an `access:` block; access fields default to a typical setup."""
    fields: dict[str, Any] = {
        "account": ACCOUNT,
        "region": "us-east-1",
        "deployers": (CI,),
        "appliers": (APP,),
        "models": ("anthropic.claude-*", "amazon.nova-pro-v1:0"),
        "version": "3",
    }
    fields.update(access)
    return Guardrail(
        name=name,
        kms_key=kms_key,
        cross_region_profile=profile,
        reasoning=Reasoning(policies=(AR,), origin=ORIGIN) if reasoning else None,
        access=Access(span=SPAN, origin=ORIGIN, **fields),
    )


def context(
    g: Guardrail, arn: str | None = ARN, lock: dict[str, dict[str, object]] | None = None
) -> Context:
    return Context(
        policy=Policy(guardrails=(g,)),
        sink=Diagnostics(),
        guardrail_arns={g.name: arn} if arn else {},
        lock=lock or {},
    )


def run(g: Guardrail, ctx: Context | None = None, **kw: Any) -> tuple[dict[str, Any], Context]:
    ctx = ctx or context(g)
    artefacts = iam.compile(g, ctx, **kw)
    return {a.path: json.loads(a.content) for a in artefacts}, ctx


def codes(ctx: Context) -> list[str]:
    return [d.code for d in ctx.sink.items]


def stmt(doc: dict[str, Any], sid: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [s for s in doc["Statement"] if s["Sid"] == sid]
    assert len(found) == 1, sid
    return found[0]


def sids(doc: dict[str, Any]) -> list[str]:
    return [s["Sid"] for s in doc["Statement"]]


# ── what is written, and when ─────────────────────────────────────────────────────────────────


def test_full_guardrail_writes_every_document_deterministically() -> None:
    g = make(kms_key=KEY_ID, profile="us.guardrail.v1:0", reasoning=True)
    first = iam.compile(g, context(g))
    second = iam.compile(g, context(g))
    assert [a.path for a in first] == [
        "iam/application.json",
        "iam/deployer.json",
        "iam/enforcement.json",
        "kms-key-policy.json",
    ]
    assert first == second
    for artefact in first:
        text = artefact.content.decode()
        assert text.endswith("}\n")
        assert text == json.dumps(json.loads(text), sort_keys=True, indent=2) + "\n"


def test_no_access_block_writes_nothing_and_says_nothing() -> None:
    g = Guardrail(name="plain")
    ctx = context(g)
    assert iam.compile(g, ctx) == []
    assert codes(ctx) == []


def test_without_guardrail_arn_only_id_free_documents_and_w302() -> None:
    g = make(kms_key=KEY_ID)
    docs, ctx = run(g, context(g, arn=None))
    assert sorted(docs) == ["iam/deployer.json", "kms-key-policy.json"]
    every = f"arn:aws:bedrock:us-east-1:{ACCOUNT}:guardrail/*"
    assert stmt(docs["iam/deployer.json"], "ManageGuardrail")["Resource"] == [every]
    assert stmt(docs["iam/deployer.json"], "TagGuardrail")["Resource"] == [every]
    assert codes(ctx) == ["W302"]
    warning = ctx.sink.items[0]
    assert "iam/application.json" in warning.message and "iam/enforcement.json" in warning.message
    assert warning.span == SPAN
    # no guardrail id was invented anywhere
    assert GID not in json.dumps(docs)


def test_without_arn_and_without_roles_or_models_w302_lists_nothing_left_out() -> None:
    g = make(appliers=(), models=())
    docs, ctx = run(g, context(g, arn=None))
    assert list(docs) == ["iam/deployer.json"]
    assert codes(ctx) == ["W302"]
    assert "not written" not in ctx.sink.items[0].message


def test_appliers_without_models_get_apply_but_no_enforcement() -> None:
    docs, _ = run(make(models=()))
    assert sids(docs["iam/application.json"]) == ["ApplyGuardrail"]
    assert "iam/enforcement.json" not in docs


def test_account_and_region_missing_is_e402_and_writes_nothing() -> None:
    g = make(account=None, region=None)
    docs, ctx = run(g, context(g, arn=None))
    assert docs == {}
    assert codes(ctx) == ["E402"]


def test_account_and_region_come_from_the_arn_when_the_block_has_none() -> None:
    g = make(account=None, region=None)
    docs, ctx = run(g)
    assert "E402" not in codes(ctx)
    allow = stmt(docs["iam/application.json"], "InvokeModelsWithGuardrail")
    assert "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-pro-v1:0" in allow["Resource"]


def test_context_account_and_region_override_the_access_block() -> None:
    g = make()
    ctx = context(g, arn=None)
    ctx.account, ctx.region = "444455556666", "eu-west-1"
    docs, _ = run(g, ctx)
    assert stmt(docs["iam/deployer.json"], "ManageGuardrail")["Resource"] == [
        "arn:aws:bedrock:eu-west-1:444455556666:guardrail/*"
    ]


# ── deployer ──────────────────────────────────────────────────────────────────────────────────


def test_create_guardrail_is_on_resource_star_because_aws_requires_it() -> None:
    docs, _ = run(make())
    create = stmt(docs["iam/deployer.json"], "CreateGuardrailRequiresResourceStar")
    assert create["Action"] == ["bedrock:CreateGuardrail"]
    assert create["Resource"] == ["*"]
    assert create["Condition"] == {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}
    # AWS's own action table: CreateGuardrail has no resource type (the guardrail does not exist
    # yet), so a policy can only name "*" for it.
    table = _parliament_privileges("bedrock")
    assert [r["resource_type"] for r in table["CreateGuardrail"]["resource_types"]] == [""]


def test_delete_only_with_allow_delete() -> None:
    without, _ = run(make(kms_key=KEY_ID))
    assert "bedrock:DeleteGuardrail" not in json.dumps(without)
    assert "kms:RetireGrant" not in json.dumps(without["iam/deployer.json"])
    with_delete, _ = run(make(kms_key=KEY_ID, allow_delete=True))
    manage = stmt(with_delete["iam/deployer.json"], "ManageGuardrail")
    assert manage["Action"] == [
        "bedrock:CreateGuardrailVersion",
        "bedrock:DeleteGuardrail",
        "bedrock:GetGuardrail",
        "bedrock:UpdateGuardrail",
    ]
    assert manage["Resource"] == [ARN]
    assert "kms:RetireGrant" in stmt(with_delete["iam/deployer.json"], "UseGuardrailKey")["Action"]


def test_deployer_profile_and_reasoning_statements() -> None:
    docs, _ = run(make(profile="us.guardrail.v1:0", reasoning=True))
    deployer = docs["iam/deployer.json"]
    # AWS's profile-permissions example: the guardrail and the profile, List included, Delete
    # only with `deployer may delete`
    profile = stmt(deployer, "UseGuardrailProfile")
    assert profile["Resource"] == [
        f"arn:aws:bedrock:us-east-1:{ACCOUNT}:guardrail-profile/us.guardrail.v1:0",
        stmt(deployer, "ManageGuardrail")["Resource"][0],  # the guardrail itself
    ]
    assert profile["Action"] == [
        "bedrock:CreateGuardrail",
        "bedrock:GetGuardrail",
        "bedrock:ListGuardrails",
        "bedrock:UpdateGuardrail",
    ]
    deleting, _ = run(make(profile="us.guardrail.v1:0", allow_delete=True))
    actions = stmt(deleting["iam/deployer.json"], "UseGuardrailProfile")["Action"]
    assert "bedrock:DeleteGuardrail" in actions
    assert stmt(deployer, "UseAutomatedReasoningPolicies")["Resource"] == [AR]
    plain, _ = run(make())
    assert "UseGuardrailProfile" not in sids(plain["iam/deployer.json"])
    assert "UseAutomatedReasoningPolicies" not in sids(plain["iam/deployer.json"])


# ── application and enforcement, checked with the simulator ───────────────────────────────────

CLAUDE = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
TITAN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-text-express-v1"


def invoke(resource: str, identifier: str | None) -> Request:
    ctx = {"bedrock:GuardrailIdentifier": identifier} if identifier is not None else {}
    return Request("bedrock:InvokeModel", resource, ctx)


@pytest.fixture(scope="module")
def app() -> dict[str, Any]:
    g = make(kms_key="alias/guardrails", profile="us.guardrail.v1:0", reasoning=True)
    docs, _ = run(g)
    application: dict[str, Any] = docs["iam/application.json"]
    return application


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        (invoke(CLAUDE, f"{ARN}:3"), Decision.ALLOW),
        (invoke(CLAUDE, f"{ARN}:2"), Decision.EXPLICIT_DENY),  # another version
        (invoke(CLAUDE, ARN), Decision.EXPLICIT_DENY),  # the DRAFT
        (invoke(CLAUDE, None), Decision.EXPLICIT_DENY),  # no guardrail at all
        (invoke(CLAUDE, f"{ARN[:-1]}x:3"), Decision.EXPLICIT_DENY),  # another guardrail
        (invoke(TITAN, f"{ARN}:3"), Decision.IMPLICIT_DENY),  # a model not listed
        (invoke(CLAUDE.replace("us-east-1", "us-west-2"), f"{ARN}:3"), Decision.IMPLICIT_DENY),
        (
            Request(
                "bedrock:InvokeModelWithResponseStream",
                CLAUDE,
                {"bedrock:GuardrailIdentifier": f"{ARN}:3"},
            ),
            Decision.ALLOW,
        ),
        (Request("bedrock:ApplyGuardrail", ARN), Decision.ALLOW),
        (Request("bedrock:ApplyGuardrail", ARN[:-1] + "x"), Decision.IMPLICIT_DENY),
        (Request("bedrock:UpdateGuardrail", ARN), Decision.IMPLICIT_DENY),
        (Request("bedrock:InvokeAutomatedReasoningPolicy", AR), Decision.ALLOW),
    ],
)
def test_application_policy_decisions(
    app: dict[str, Any], request_: Request, expected: Decision
) -> None:
    assert evaluate([app], request_) is expected


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("us-east-1", Decision.ALLOW),
        ("us-east-2", Decision.ALLOW),
        ("us-west-2", Decision.ALLOW),
        ("eu-west-1", Decision.IMPLICIT_DENY),
    ],
)
def test_apply_on_profile_in_every_destination_region(
    app: dict[str, Any], region: str, expected: Decision
) -> None:
    profile = f"arn:aws:bedrock:{region}:{ACCOUNT}:guardrail-profile/us.guardrail.v1:0"
    assert evaluate([app], Request("bedrock:ApplyGuardrail", profile)) is expected


def test_decrypt_with_alias_condition(app: dict[str, Any]) -> None:
    key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_ID}"
    aliased = {"kms:ResourceAliases": ["alias/other", "alias/guardrails"]}
    assert evaluate([app], Request("kms:Decrypt", key, aliased)) is Decision.ALLOW
    other = {"kms:ResourceAliases": ["alias/other"]}
    assert evaluate([app], Request("kms:Decrypt", key, other)) is Decision.IMPLICIT_DENY
    assert evaluate([app], Request("kms:Encrypt", key, aliased)) is Decision.IMPLICIT_DENY


def test_cross_region_inference_profile_model() -> None:
    docs, _ = run(make(models=("us.anthropic.claude-3-haiku-20240307-v1:0",)))
    app = docs["iam/application.json"]
    profile = (
        f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/"
        "us.anthropic.claude-3-haiku-20240307-v1:0"
    )
    routed = "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
    for resource in (profile, routed):
        assert evaluate([app], invoke(resource, f"{ARN}:3")) is Decision.ALLOW
        assert evaluate([app], invoke(resource, None)) is Decision.EXPLICIT_DENY


def test_draft_pin_uses_the_bare_arn() -> None:
    docs, ctx = run(make(version="DRAFT"))
    app = docs["iam/application.json"]
    assert evaluate([app], invoke(CLAUDE, ARN)) is Decision.ALLOW
    assert evaluate([app], invoke(CLAUDE, f"{ARN}:1")) is Decision.EXPLICIT_DENY
    assert "W306" not in codes(ctx)  # DRAFT was asked for explicitly


def test_enforcement_denies_only_those_models_without_the_guardrail() -> None:
    docs, _ = run(make())
    enforcement = docs["iam/enforcement.json"]
    assert [s["Effect"] for s in enforcement["Statement"]] == ["Deny"]
    # attached beside a broad grant (or as an SCP under FullAWSAccess)
    broad = {"Statement": [{"Effect": "Allow", "Action": "bedrock:Invoke*", "Resource": "*"}]}
    both = [broad, enforcement]
    assert evaluate(both, invoke(CLAUDE, None)) is Decision.EXPLICIT_DENY
    assert evaluate(both, invoke(CLAUDE, f"{ARN}:3")) is Decision.ALLOW
    assert evaluate(both, invoke(TITAN, None)) is Decision.ALLOW


def test_enforcement_is_the_application_deny() -> None:
    docs, _ = run(make())
    deny = stmt(docs["iam/application.json"], "DenyModelsWithoutGuardrail")
    assert docs["iam/enforcement.json"]["Statement"] == [deny]


# ── versions ──────────────────────────────────────────────────────────────────────────────────


def identifier(docs: dict[str, Any]) -> str:
    allow = stmt(docs["iam/application.json"], "InvokeModelsWithGuardrail")
    value: str = allow["Condition"]["StringEquals"]["bedrock:GuardrailIdentifier"]
    return value


def test_version_resolution_order() -> None:
    g = make(version=None)
    # the ARN's :VERSION suffix
    docs, ctx = run(g, context(g, arn=f"{ARN}:7"))
    assert identifier(docs) == f"{ARN}:7"
    # the lock file's newest published version
    docs, ctx = run(g, context(g, arn=ARN, lock={g.name: {"version": "5"}}))
    assert identifier(docs) == f"{ARN}:5"
    # the source's pin wins over both
    pinned = make(version="4")
    docs, ctx = run(pinned, context(pinned, arn=f"{ARN}:7", lock={g.name: {"version": "5"}}))
    assert identifier(docs) == f"{ARN}:4"
    assert codes(ctx) == []
    # nothing: DRAFT, with a warning
    docs, ctx = run(g, context(g, arn=ARN))
    assert identifier(docs) == ARN
    assert codes(ctx) == ["W306"]


def test_arn_from_raw_lock_entry_when_no_arn_map() -> None:
    g = make(version=None)
    lock: dict[str, dict[str, object]] = {
        g.name: {"id": GID, "arn": ARN, "version": "2", "payload_sha256": "0" * 64}
    }
    docs, ctx = run(g, context(g, arn=None, lock=lock))
    assert identifier(docs) == f"{ARN}:2"
    assert codes(ctx) == []


@pytest.mark.parametrize(
    ("locked", "error"), [("2", True), ("3", False), ("9", False), ("DRAFT", True), (None, True)]
)
def test_e401_pinned_version_not_in_lock(locked: str | None, error: bool) -> None:
    g = make(version="3")
    _, ctx = run(g, context(g, lock={g.name: {"arn": ARN, "version": locked}}))
    assert ("E401" in codes(ctx)) is error
    if error:
        assert ctx.sink.items[0].span == SPAN


def test_lock_entry_of_another_guardrail_is_ignored() -> None:
    other = ARN[:-1] + "x"
    g = make(version="3")
    _, ctx = run(g, context(g, lock={g.name: {"arn": other, "version": "1"}}))
    assert codes(ctx) == []
    g = make(version=None)
    docs, ctx = run(g, context(g, lock={g.name: {"arn": other, "version": "5"}}))
    assert (identifier(docs), codes(ctx)) == (ARN, ["W306"])


def test_no_lock_entry_means_no_e401() -> None:
    _, ctx = run(make(version="30"))
    assert codes(ctx) == []


# ── consistency checks ────────────────────────────────────────────────────────────────────────


def test_w304_models_without_roles() -> None:
    docs, ctx = run(make(appliers=()))
    assert codes(ctx) == ["W304"]
    assert "iam/enforcement.json" in docs


def test_w307_role_in_another_account() -> None:
    other = "arn:aws:iam::999988887777:role/elsewhere"
    _, ctx = run(make(appliers=(APP, other)))
    assert codes(ctx) == ["W307"]
    assert "999988887777" in ctx.sink.items[0].message


def test_w308_arn_disagrees_with_access_block() -> None:
    g = make()
    _, ctx = run(g, context(g, arn=ARN.replace(ACCOUNT, "999988887777")))
    assert codes(ctx) == ["W308"]


def test_w308_partition_disagreement() -> None:
    g = make()
    _, ctx = run(g, context(g, arn=ARN.replace("arn:aws:", "arn:aws-us-gov:")))
    assert codes(ctx) == ["W308"]


def test_explicit_draft_is_not_warned() -> None:
    g = make(version=None)
    docs, ctx = run(g, context(g, arn=f"{ARN}:DRAFT"))
    assert (identifier(docs), codes(ctx)) == (ARN, [])
    lower = make(version="draft")
    docs, ctx = run(lower)
    assert (identifier(docs), codes(ctx)) == (ARN, [])


def test_bad_guardrail_arn_is_e214_and_treated_as_unknown() -> None:
    g = make()
    docs, ctx = run(g, context(g, arn="arn:aws:bedrock:us-east-1:1:guardrail/X"))
    assert codes(ctx) == ["E214", "W302"]
    assert "iam/application.json" not in docs


def test_w303_aws_managed_key_and_foreign_key() -> None:
    docs, ctx = run(make(kms_key="alias/aws/bedrock"))
    assert codes(ctx) == ["W303"]
    assert "kms-key-policy.json" not in docs
    foreign = f"arn:aws:kms:us-east-1:999988887777:key/{KEY_ID}"
    docs, ctx = run(make(kms_key=foreign))
    assert codes(ctx) == ["W303"]
    root = stmt(docs["kms-key-policy.json"], "AccountAdministersKey")["Principal"]
    assert root == {"AWS": ["arn:aws:iam::999988887777:root"]}  # the key's owner


# ── cross-Region profiles and partitions ──────────────────────────────────────────────────────


def apply_regions(docs: dict[str, Any]) -> list[str]:
    resources = stmt(docs["iam/application.json"], "ApplyGuardrail")["Resource"]
    return sorted(r.split(":")[3] for r in resources if ":guardrail-profile/" in r)


@pytest.mark.parametrize(
    ("profile", "region", "expected"),
    [
        ("us.guardrail.v1:0", "us-east-1", ["us-east-1", "us-east-2", "us-west-2"]),
        ("us.guardrail.v1:0", "us-west-1", ["us-east-1", "us-east-2", "us-west-1", "us-west-2"]),
        (
            "eu.guardrail.v1:0",
            "eu-west-1",
            ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"],
        ),
        ("uk.guardrail.v1:0", "eu-west-2", ["eu-west-2"]),
        ("ca.guardrail.v1:0", "ca-central-1", ["ca-central-1", "ca-west-1"]),
        (
            "arn:aws:bedrock:ap-northeast-1:111122223333:guardrail-profile/apac.guardrail.v1:0",
            "ap-northeast-1",
            [
                "ap-northeast-1",
                "ap-northeast-2",
                "ap-northeast-3",
                "ap-south-1",
                "ap-southeast-1",
                "ap-southeast-2",
            ],
        ),
    ],
)
def test_profile_destinations(profile: str, region: str, expected: list[str]) -> None:
    g = make(profile=profile, region=region)
    docs, ctx = run(g, context(g, arn=ARN.replace("us-east-1", region)))
    assert apply_regions(docs) == expected
    assert codes(ctx) == []


@pytest.mark.parametrize(
    ("profile", "region"), [("xx.guardrail.v1:0", "us-east-1"), ("us.guardrail.v1:0", "eu-west-1")]
)
def test_unknown_profile_or_source_region_is_w305(profile: str, region: str) -> None:
    g = make(profile=profile, region=region)
    docs, ctx = run(g, context(g, arn=ARN.replace("us-east-1", region)))
    assert apply_regions(docs) == [region]
    assert codes(ctx) == ["W305"]


@pytest.mark.parametrize(
    ("region", "partition", "suffix"),
    [
        ("cn-north-1", "aws-cn", "amazonaws.com.cn"),
        ("us-gov-west-1", "aws-us-gov", "amazonaws.com"),
    ],
)
def test_partitions_follow_the_region(region: str, partition: str, suffix: str) -> None:
    role = f"arn:{partition}:iam::{ACCOUNT}:role/app"
    g = make(region=region, appliers=(role,), deployers=(), kms_key=KEY_ID)
    guardrail = f"arn:{partition}:bedrock:{region}:{ACCOUNT}:guardrail/{GID}"
    docs, ctx = run(g, context(g, arn=guardrail), kms_via_service=True)
    assert codes(ctx) == []
    text = json.dumps(docs)
    assert "arn:aws:" not in text
    assert f"arn:{partition}:bedrock:{region}::foundation-model/amazon.nova-pro-v1:0" in text
    assert f"arn:{partition}:iam::{ACCOUNT}:root" in text
    assert f"bedrock.{region}.{suffix}" in text


# ── KMS ───────────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("key", "resource", "condition"),
    [
        (KEY_ID, f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_ID}", None),
        (
            f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_ID}",
            f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_ID}",
            None,
        ),
        ("alias/guardrails", f"arn:aws:kms:us-east-1:{ACCOUNT}:key/*", "alias/guardrails"),
        (
            f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/guardrails",
            f"arn:aws:kms:us-east-1:{ACCOUNT}:key/*",
            "alias/guardrails",
        ),
    ],
)
def test_key_forms(key: str, resource: str, condition: str | None) -> None:
    docs, _ = run(make(kms_key=key))
    pairs = (
        ("iam/deployer.json", "UseGuardrailKey"),
        ("iam/application.json", "DecryptGuardrailKey"),
    )
    for doc, sid in pairs:
        s = stmt(docs[doc], sid)
        assert s["Resource"] == [resource]
        if condition is None:
            assert "Condition" not in s
        else:
            assert s["Condition"] == {
                "ForAnyValue:StringEquals": {"kms:ResourceAliases": condition}
            }


def test_key_policy_statements() -> None:
    docs, _ = run(make(kms_key=KEY_ID))
    policy = docs["kms-key-policy.json"]
    assert sids(policy) == [
        "AccountAdministersKey",
        "GuardrailDeployersUseKey",
        "GuardrailAppliersDecrypt",
    ]
    admin = stmt(policy, "AccountAdministersKey")
    assert admin["Principal"] == {"AWS": [f"arn:aws:iam::{ACCOUNT}:root"]}
    assert "kms:PutKeyPolicy" in admin["Action"]  # the key can always be repaired
    assert "kms:Decrypt" not in admin["Action"]
    deployers = stmt(policy, "GuardrailDeployersUseKey")
    assert deployers["Principal"] == {"AWS": [CI]}
    assert deployers["Action"] == [
        "kms:CreateGrant",
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:GenerateDataKey",
    ]
    appliers = stmt(policy, "GuardrailAppliersDecrypt")
    assert (appliers["Principal"], appliers["Action"]) == ({"AWS": [APP]}, ["kms:Decrypt"])


@pytest.mark.parametrize(
    ("principal", "action", "expected"),
    [
        (APP, "kms:Decrypt", Decision.ALLOW),
        (APP, "kms:GenerateDataKey", Decision.IMPLICIT_DENY),
        (CI, "kms:GenerateDataKey", Decision.ALLOW),
        (CI, "kms:CreateGrant", Decision.ALLOW),
        (CI, "kms:PutKeyPolicy", Decision.IMPLICIT_DENY),
        (f"arn:aws:iam::{ACCOUNT}:root", "kms:PutKeyPolicy", Decision.ALLOW),
        (f"arn:aws:iam::{ACCOUNT}:root", "kms:Decrypt", Decision.IMPLICIT_DENY),
        (f"arn:aws:iam::{ACCOUNT}:role/someone-else", "kms:Decrypt", Decision.IMPLICIT_DENY),
    ],
)
def test_key_policy_decisions(principal: str, action: str, expected: Decision) -> None:
    docs, _ = run(make(kms_key=KEY_ID))
    key = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/{KEY_ID}"
    request = Request(action, key, principal=principal)
    assert evaluate([docs["kms-key-policy.json"]], request) is expected


def test_key_policy_without_roles_keeps_only_administration() -> None:
    docs, _ = run(make(kms_key=KEY_ID, deployers=(), appliers=(), models=()))
    assert sids(docs["kms-key-policy.json"]) == ["AccountAdministersKey"]


def via_service_conditions(docs: dict[str, Any]) -> list[str]:
    found = []
    for path, doc in sorted(docs.items()):
        for s in doc["Statement"]:
            if "kms:ViaService" in json.dumps(s.get("Condition", {})):
                found.append(f"{path}#{s['Sid']}")
    return found


def test_kms_via_service_off_by_default_and_on_by_argument(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    g = make(kms_key=KEY_ID)
    off, _ = run(g)
    assert via_service_conditions(off) == []
    on, _ = run(g, kms_via_service=True)
    assert via_service_conditions(on) == [
        "iam/application.json#DecryptGuardrailKey",
        "iam/deployer.json#UseGuardrailKey",
        "kms-key-policy.json#GuardrailDeployersUseKey",
        "kms-key-policy.json#GuardrailAppliersDecrypt",
    ]
    assert stmt(on["kms-key-policy.json"], "GuardrailAppliersDecrypt")["Condition"] == {
        "StringEquals": {"kms:ViaService": "bedrock.us-east-1.amazonaws.com"}
    }
    # the module-level default switches it too, and the argument still wins
    monkeypatch.setattr(kms, "KMS_VIA_SERVICE", True)
    assert via_service_conditions(run(g)[0]) == via_service_conditions(on)
    assert via_service_conditions(run(g, kms_via_service=False)[0]) == []


# ── properties over every document ────────────────────────────────────────────────────────────


def variants() -> Iterator[tuple[str, Guardrail, str | None]]:
    yield "plain", make(), ARN
    yield "everything", make(kms_key=KEY_ID, profile="us.guardrail.v1:0", reasoning=True), ARN
    yield "alias-delete", make(kms_key="alias/g", allow_delete=True, version=None), ARN
    yield "no-arn", make(kms_key=KEY_ID, profile="eu.guardrail.v1:0", region="eu-west-1"), None
    yield "cross-region-models", make(models=("us.amazon.nova-pro-v1:0",)), ARN
    for example in EXAMPLES:  # examples/*.guard, when the front end can load them
        yield f"example-{example.name}", example, example_arn(example)
    yield "enforcing", enforcing(), ARN
    yield "enforcing-no-org", enforcing(shared_organization=None, allow_delete=False), ARN


def enforcing(**access: Any) -> Guardrail:
    """`enforce in account` and `enforce in organization` attached to a root, an OU and an
    account, shared with the organization; `deployer may delete` unless said otherwise."""
    fields: dict[str, Any] = {"shared_organization": "o-abc1234567", "allow_delete": True}
    fields.update(access)
    rules = (
        Enforcement(scope=EnforceScope.ACCOUNT, origin=ORIGIN),
        Enforcement(
            scope=EnforceScope.ORGANIZATION,
            roots=("r-ab12",),
            units=("ou-ab12-11111111",),
            accounts=("444455556666",),
            origin=ORIGIN,
        ),
    )
    return make(**fields).model_copy(update={"enforcements": rules})


def all_documents() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for label, g, arn in variants():
        assert g.access is not None and g.access.region is not None
        ctx = context(g, arn=arn.replace("us-east-1", g.access.region) if arn else None)
        for path, doc in run(g, ctx, kms_via_service=label == "everything")[0].items():
            if (
                path.startswith("iam/") and path != "iam/resource-policies.json"
            ) or path.startswith("kms"):
                yield label, path, doc  # policy documents (the rest are API requests)


def test_no_star_action_anywhere() -> None:
    seen = 0
    for label, path, doc in all_documents():
        for s in doc["Statement"]:
            seen += 1
            assert "NotAction" not in s and "NotResource" not in s, (label, path)
            for action in s["Action"]:
                service, _, name = action.partition(":")
                assert service and name and "*" not in action, (label, path, action)
    assert seen > 40


# Every place a compiled document names Resource "*", and why.
RESOURCE_STAR = {
    # AWS: CreateGuardrail has no resource type; the guardrail has no ARN before it exists.
    ("iam/deployer.json", "CreateGuardrailRequiresResourceStar"),
    # Listing every guardrail (no guardrailIdentifier) names no guardrail.
    ("iam/deployer.json", "ListGuardrailsRequiresResourceStar"),
    # The enforced-configuration operations name no resource: the configuration is the account's.
    ("iam/deployer.json", "EnforceGuardrailRequiresResourceStar"),
    # Organizations CreatePolicy, ListPolicies (narrowed to BEDROCK_POLICY) and ListRoots name
    # no resource (list_awsorganizations.html).
    ("iam/deployer.json", "OrganizationPolicyRequiresResourceStar"),
    ("iam/deployer.json", "ListRootsRequiresResourceStar"),
    # In a key policy, "*" is the key the policy is attached to, never any other resource.
    ("kms-key-policy.json", "AccountAdministersKey"),
    ("kms-key-policy.json", "GuardrailDeployersUseKey"),
    ("kms-key-policy.json", "GuardrailAppliersDecrypt"),
}


def test_resource_star_only_where_listed() -> None:
    found = {
        (path, s["Sid"])
        for _, path, doc in all_documents()
        for s in doc["Statement"]
        if "*" in s["Resource"]
    }
    assert found == RESOURCE_STAR


def test_sids_are_unique_and_alphanumeric() -> None:
    for label, path, doc in all_documents():
        names = sids(doc)
        assert len(names) == len(set(names)), (label, path)
        assert all(n.isalnum() for n in names), (label, path)


# ── moto: AWS's document validator accepts every document ─────────────────────────────────────


def test_moto_accepts_every_document() -> None:
    import boto3
    from moto import mock_aws

    with mock_aws():
        client = boto3.client(
            "iam", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        keys = boto3.client(
            "kms", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        count = 0
        for label, path, doc in all_documents():
            body = json.dumps(doc)
            if path == "kms-key-policy.json":
                created = keys.create_key(Policy=body)["KeyMetadata"]["KeyId"]
                stored = keys.get_key_policy(KeyId=created, PolicyName="default")["Policy"]
                assert json.loads(stored) == doc
            else:
                name = f"{label}-{path.replace('/', '-').removesuffix('.json')}"
                client.create_policy(PolicyName=name, PolicyDocument=body)
            count += 1
        assert count >= 15


def test_moto_rejects_a_broken_document() -> None:
    """The acceptance above means something: moto's validator does reject bad documents."""
    import boto3
    from botocore.exceptions import ClientError
    from moto import mock_aws

    docs, _ = run(make())
    broken = json.loads(json.dumps(docs["iam/application.json"]))
    broken["Statement"][1]["Condition"] = {"StringEqualz": {"bedrock:GuardrailIdentifier": ARN}}
    with mock_aws():
        client = boto3.client(
            "iam", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
        )
        with pytest.raises(ClientError, match="MalformedPolicyDocument"):
            client.create_policy(PolicyName="broken", PolicyDocument=json.dumps(broken))


# ── parliament: nothing beyond its documented gaps ────────────────────────────────────────────


@cache
def _parliament_services() -> dict[str, dict[str, Any]]:
    import parliament

    path = Path(parliament.__file__).parent / "iam_definition.json"
    return {s["prefix"]: s for s in json.loads(path.read_text())}


def _parliament_privileges(prefix: str) -> dict[str, dict[str, Any]]:
    return {p["privilege"]: p for p in _parliament_services()[prefix]["privileges"]}


def _resource_type(arn: str) -> str:
    """`foundation-model` of `arn:aws:bedrock:R::foundation-model/x`."""
    return arn.split(":", 5)[5].split("/", 1)[0]


def _gap(finding: Any, path: str, statement: dict[str, Any]) -> str | None:
    """The name of the documented parliament gap a finding on one statement comes from."""
    detail = json.dumps(finding.detail, sort_keys=True, default=str)
    resources = {_resource_type(r) for r in statement["Resource"] if r != "*"}
    if finding.issue == "UNKNOWN_CONDITION_FOR_ACTION" and "bedrock:GuardrailIdentifier" in detail:
        return "no-guardrail-identifier-key"
    if finding.issue == "UNKNOWN_CONDITION_FOR_ACTION" and "kms:ResourceAliases" in detail:
        return "resource-condition-keys-ignored"
    if finding.issue == "UNKNOWN_ACTION" and "bedrock:InvokeAutomatedReasoningPolicy" in detail:
        return "no-automated-reasoning-actions"
    if finding.issue == "UNKNOWN_ACTION" and "EnforcedGuardrail" in detail:
        return "no-enforced-guardrail-actions"
    custom_only = all(
        isinstance(d, dict) and str(d.get("required_format", "")).endswith(":custom-model/*")
        for d in finding.detail
    )
    if (
        finding.issue == "RESOURCE_MISMATCH"
        and statement["Sid"] == "ShareGuardrail"
        and custom_only
    ):
        return "resource-policy-only-on-custom-models"
    if finding.issue == "RESOURCE_MISMATCH":
        if statement["Sid"] == "UseGuardrailProfile" and all(
            d["required_format"] == "*" for d in finding.detail
        ):
            # parliament's CreateGuardrail takes no resource; AWS's profile example
            # (guardrail-profile-permissions.html) grants it on guardrail/* and the profile
            return "profile-example-create-on-resources"
        if resources <= {"guardrail-profile", "automated-reasoning-policy"}:
            return "no-guardrail-profile-or-reasoning-resource"
        bedrock = _parliament_privileges("bedrock")
        for action in {d["action"] for d in finding.detail}:
            listed = {
                r["resource_type"].rstrip("*")
                for r in bedrock[action.split(":")[1]]["resource_types"]
            }
            if not resources <= listed | {"guardrail-profile"}:
                return None
        return "wants-every-resource-type"
    if finding.issue == "RESOURCE_STAR" and path == "kms-key-policy.json":
        return "resource-star-in-key-policy"
    return None


def test_parliament_finds_nothing_beyond_its_gaps() -> None:
    from parliament import analyze_policy_string

    gaps: set[str] = set()
    seen: set[str] = set()
    for label, path, doc in all_documents():
        for s in doc["Statement"]:
            single = json.dumps({"Version": doc["Version"], "Statement": [s]}, sort_keys=True)
            if (path + single) in seen:  # the same statement in another variant
                continue
            seen.add(path + single)
            for finding in analyze_policy_string(single).findings:
                gap = _gap(finding, path, s)
                assert gap is not None, (label, path, s["Sid"], finding.issue, finding.detail)
                gaps.add(gap)
    # every allow-listed gap is actually met (none is dead weight hiding real findings)
    assert gaps == {
        "no-guardrail-identifier-key",
        "resource-condition-keys-ignored",
        "no-automated-reasoning-actions",
        "no-guardrail-profile-or-reasoning-resource",
        "wants-every-resource-type",
        "resource-star-in-key-policy",
        "profile-example-create-on-resources",
        "no-enforced-guardrail-actions",
        "resource-policy-only-on-custom-models",
    }


def test_gap_enforcement_and_guardrail_resource_policies_missing_from_parliament() -> None:
    bedrock = _parliament_privileges("bedrock")
    assert "PutEnforcedGuardrailConfiguration" not in bedrock
    assert "ListEnforcedGuardrailsConfiguration" not in bedrock
    for action in ("GetResourcePolicy", "PutResourcePolicy", "DeleteResourcePolicy"):
        types = [r["resource_type"] for r in bedrock[action]["resource_types"]]
        assert "guardrail*" not in types and "custom-model*" in types, types


def test_organizations_statements_use_parliaments_resources_and_keys() -> None:
    """The Organizations statements get no parliament finding, and each action they grant
    takes the resource types and the `organizations:PolicyType` key they use."""
    organizations = _parliament_privileges("organizations")
    docs, _ = run(enforcing(), context(enforcing()))
    granted = [
        s for s in docs["iam/deployer.json"]["Statement"] if s["Action"][0].startswith("org")
    ]
    assert len(granted) == 5
    for s in granted:
        for action in s["Action"]:
            kinds = {
                r["resource_type"].rstrip("*")
                for r in organizations[action.split(":")[1]]["resource_types"]
            }
            if s["Resource"] == ["*"]:
                assert kinds <= {""}, action  # no resource type: "*" is required
            else:
                # the ARN says `ou/`, the resource type is `organizationalunit`
                paths = {r.split(":")[5].split("/")[0] for r in s["Resource"]}
                used = {"organizationalunit" if p == "ou" else p for p in paths}
                assert used <= kinds, (action, used, kinds)
            if "Condition" in s:
                assert "organizations:PolicyType" in json.dumps(organizations[action.split(":")[1]])


def test_parliament_does_report_real_problems() -> None:
    """The allow-list is narrow: a genuine mistake in a compiled document is still caught."""
    from parliament import analyze_policy_string

    docs, _ = run(make())
    s = json.loads(json.dumps(stmt(docs["iam/application.json"], "ApplyGuardrail")))
    s["Action"] = ["bedrock:ApplyGuardrails"]  # a misspelt action
    single = json.dumps({"Version": "2012-10-17", "Statement": [s]})
    findings = analyze_policy_string(single).findings
    assert [_gap(f, "iam/application.json", s) for f in findings] == [None]


def test_gap_guardrail_identifier_missing_from_parliament() -> None:
    invoke_keys = json.dumps(_parliament_privileges("bedrock")["InvokeModel"])
    assert "bedrock:GuardrailIdentifier" not in invoke_keys
    assert "bedrock:InferenceProfileArn" in invoke_keys  # its other keys are there


def test_gap_guardrail_profile_and_reasoning_missing_from_parliament() -> None:
    bedrock = _parliament_privileges("bedrock")
    assert "guardrail-profile" not in json.dumps(bedrock)
    assert "automated-reasoning-policy" not in json.dumps(bedrock)
    assert "InvokeAutomatedReasoningPolicy" not in bedrock
    assert "ApplyGuardrail" in bedrock


def test_gap_resource_condition_keys_not_applied_to_actions() -> None:
    service = _parliament_services()["kms"]
    assert "kms:ResourceAliases" in {c["condition"] for c in service["conditions"]}
    assert "kms:ResourceAliases" not in json.dumps(_parliament_privileges("kms")["Decrypt"])


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("bedrock:InvokeModel", "arn:aws:bedrock:us-east-1::foundation-model/*"),
        ("bedrock:ListTagsForResource", ARN),
    ],
)
def test_gap_resource_mismatch_on_aws_own_examples(action: str, resource: str) -> None:
    """AWS's documented example (InvokeModel on foundation-model/*) and a tag listing on one
    guardrail get the finding: parliament wants every alternative resource type at once."""
    from parliament import analyze_policy_string

    example = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": [action], "Resource": [resource]}],
    }
    findings = analyze_policy_string(json.dumps(example)).findings
    assert [f.issue for f in findings] == ["RESOURCE_MISMATCH"]
    wanted = {d["required_format"].split(":", 5)[5].split("/")[0] for d in findings[0].detail}
    assert _resource_type(resource) not in wanted and len(wanted) > 1


def test_gap_resource_star_in_any_key_policy() -> None:
    from parliament import analyze_policy_string

    minimal = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": ["kms:DescribeKey"],
                "Resource": "*",
            }
        ],
    }
    issues = [f.issue for f in analyze_policy_string(json.dumps(minimal)).findings]
    assert "RESOURCE_STAR" in issues


# ── snapshots ─────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("label", "index"), [("plain", 0), ("everything", 1), ("no-arn", 3)])
def test_snapshot(label: str, index: int, snapshot: Any) -> None:
    name, g, arn = list(variants())[index]
    assert name == label
    ctx = context(g, arn=arn)
    docs = {a.path: json.loads(a.content) for a in iam.compile(g, ctx)}
    result = {"documents": docs, "diagnostics": [f"{d.code} {d.message}" for d in ctx.sink.items]}
    assert result == snapshot(extension_class=JSONSnapshotExtension)


# ── build_documents for CloudFormation ────────────────────────────────────────────────────────


def test_build_documents_with_cloudformation_intrinsics() -> None:
    g = make(kms_key=KEY_ID, profile="us.guardrail.v1:0")
    ctx = context(g, arn=None)
    arn: JsonValue = {"Fn::GetAtt": ["Guardrail", "GuardrailArn"]}
    versioned: JsonValue = {
        "Fn::Join": [":", [arn, {"Fn::GetAtt": ["GuardrailVersion", "Version"]}]]
    }
    docs = iam.build_documents(g, ctx, arn, versioned)
    assert sorted(docs) == sorted(
        ["iam/application.json", "iam/deployer.json", "iam/enforcement.json", "kms-key-policy.json"]
    )
    assert arn in stmt(docs["iam/application.json"], "ApplyGuardrail")["Resource"]
    deny = stmt(docs["iam/enforcement.json"], "DenyModelsWithoutGuardrail")
    assert deny["Condition"] == {"StringNotEquals": {"bedrock:GuardrailIdentifier": versioned}}
    assert stmt(docs["iam/deployer.json"], "ManageGuardrail")["Resource"] == [arn]
    assert codes(ctx) == []
    assert iam.applier_role_names(g) == ("support-bot",)


def test_build_documents_without_access_or_place_is_empty() -> None:
    plain = Guardrail(name="plain")
    assert iam.build_documents(plain, context(plain), ARN, ARN) == {}
    nowhere = make(account=None, region=None)
    assert iam.build_documents(nowhere, context(nowhere, arn=None), None, None) == {}


# ── arns ──────────────────────────────────────────────────────────────────────────────────────


def test_parse_guardrail_arn() -> None:
    ref = arns.parse_guardrail_arn(f"{ARN}:12")
    assert ref == arns.GuardrailRef("aws", "us-east-1", ACCOUNT, GID, "12")
    assert ref.arn == ARN
    assert arns.parse_guardrail_arn(f"{ARN}:DRAFT") is not None
    for bad in (f"{ARN}:0", f"{ARN}:x", ARN.replace("guardrail/", "guardrails/"), "arn:aws:s3:::b"):
        assert arns.parse_guardrail_arn(bad) is None


def test_model_resources() -> None:
    assert arns.model_resources("aws", "us-east-1", ACCOUNT, "meta.llama3-8b-instruct-v1:0") == (
        "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-8b-instruct-v1:0",
    )
    assert arns.model_resources("aws", "eu-west-1", ACCOUNT, "eu.meta.llama3-2-1b-v1:0") == (
        f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/eu.meta.llama3-2-1b-v1:0",
        "arn:aws:bedrock:*::foundation-model/meta.llama3-2-1b-v1:0",
    )
    custom = f"arn:aws:bedrock:us-east-1:{ACCOUNT}:provisioned-model/abc"
    assert arns.model_resources("aws", "us-east-1", ACCOUNT, custom) == (custom,)


def test_parse_principal_and_key() -> None:
    p = arns.parse_principal(f"arn:aws:iam::{ACCOUNT}:role/team/app")
    assert p is not None and (p.name, p.is_role) == ("app", True)
    assert arns.parse_principal("arn:aws:sts::1:assumed-role/x/y") is None
    assert arns.parse_kms_key("not a key", "aws", "us-east-1", ACCOUNT) is None


# ── lock file ─────────────────────────────────────────────────────────────────────────────────

ENTRY = lockfile.LockEntry(id=GID, arn=ARN, version="3", payload_sha256="ab" * 32)


def test_lock_round_trip_and_context(tmp_path: Path) -> None:
    path = tmp_path / lockfile.LOCK_NAME
    assert lockfile.load(path) is None
    lock = lockfile.record(None, "support-bot", ENTRY)
    lock = lockfile.record(lock, "another", ENTRY.model_copy(update={"version": None}))
    lockfile.save(path, lock)
    text = path.read_text()
    assert list(json.loads(text)["guardrails"]) == ["another", "support-bot"]
    assert lockfile.load(path) == lock
    assert lockfile.dumps(lockfile.load(path) or lock) == text
    assert lockfile.to_context_arns(lock) == {"another": ARN, "support-bot": f"{ARN}:3"}
    g = make(version=None)
    ctx = Context(
        policy=Policy(guardrails=(g,)),
        sink=Diagnostics(),
        guardrail_arns=lockfile.to_context_arns(lock),
        lock=lockfile.to_context_lock(lock),
    )
    assert identifier(run(g, ctx)[0]) == f"{ARN}:3"
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON"),
        ('{"version": 3, "guardrails": {}}', "unsupported lock file version 3"),
        ('{"version": 1, "guardrails": {"g": {"id": "x"}}}', "guardrails.g"),
        ('{"version": 1, "guardrails": {}, "extra": 1}', "extra"),
        (
            json.dumps({"version": 1, "guardrails": {"g": {**ENTRY.model_dump(), "version": 3}}}),
            "guardrails.g.version",
        ),
        (
            json.dumps({"version": 1, "guardrails": {"g": {**ENTRY.model_dump(), "arn": "x"}}}),
            "guardrail/ID",
        ),
    ],
)
def test_bad_lock_files(text: str, message: str) -> None:
    with pytest.raises(lockfile.LockFileError, match=message):
        lockfile.parse(text)


# ── the examples (examples/*.guard), once the front end can load them ─────────────────────────


def test_examples_load_clean() -> None:
    assert EXAMPLE_ERRORS == ()


_ALL_EXAMPLES, EXAMPLE_ERRORS = example_guardrails()
EXAMPLES = [g for g in _ALL_EXAMPLES if g.access is not None]


def example_arn(g: Guardrail) -> str:
    """What `--guardrail-arn NAME=ARN:1` would give for the example (a made-up test id)."""
    assert g.access is not None
    return (
        f"arn:aws:bedrock:{g.access.region}:{g.access.account}:guardrail/example{len(g.name):07d}:1"
    )


@pytest.mark.parametrize("g", EXAMPLES, ids=[g.name for g in EXAMPLES])
def test_example_documents(g: Guardrail, snapshot: Any) -> None:
    ctx = context(g, arn=example_arn(g))
    artefacts = iam.compile(g, ctx)
    assert not ctx.sink.has_errors
    docs = {a.path: json.loads(a.content) for a in artefacts}
    assert "iam/application.json" in docs and "iam/deployer.json" in docs
    for doc in docs.values():
        for s in doc["Statement"]:
            assert all("*" not in action for action in s["Action"])
    result = {"documents": docs, "diagnostics": [f"{d.code} {d.message}" for d in ctx.sink.items]}
    assert result == snapshot(extension_class=JSONSnapshotExtension)
    # without an ARN (a first `make run`): only the id-free documents and W302
    bare = context(g, arn=None)
    assert "iam/application.json" not in {a.path for a in iam.compile(g, bare)}
    assert "W302" in codes(bare) and not bare.sink.has_errors


def test_lock_file_without_format_version_is_rejected() -> None:
    from compiler.aws.lockfile import LockFileError, parse

    with pytest.raises(LockFileError, match="version"):
        parse("{}")
    assert parse('{"version": 1}').guardrails == {}
