"""The IAM target: who may deploy a guardrail, who may apply it, which model calls must carry it.

`compile(guardrail, ctx)` writes, under `<out>/<guardrail>/`:

* `iam/deployer.json` — create, update, version, read, tag (and, with `deployer may delete`,
  delete) the guardrail; its guardrail profile, automated-reasoning policies and KMS key.
* `iam/application.json` — one policy shared by every `applied by` role (the content would be the
  same for each): ApplyGuardrail, model calls allowed only with the guardrail pinned to its
  version, an explicit Deny for calls without it, automated-reasoning and KMS use.
* `iam/enforcement.json` — the Deny alone, for a permissions boundary or an SCP.
* `kms-key-policy.json` — when the guardrail names a customer managed key (see `targets/kms.py`).

The account, Region and partition come from `ctx` (command-line overrides), then the `access:`
block, then the guardrail ARN. The guardrail ARN comes from `ctx.guardrail_arns` (filled from the
lock file and `--guardrail-arn`) or `ctx.lock`; without it, only what needs no id is written and
a warning says what was left out. Layout and decisions are explained in docs/iam.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..aws.arns import (
    GuardrailRef,
    KmsKey,
    Principal,
    guardrail_arn,
    guardrail_profile_arn,
    model_resources,
    parse_guardrail_arn,
    parse_kms_key,
    parse_principal,
    partition_for_region,
    profile_destinations,
    versioned_identifier,
)
from ..aws.model_patterns import model_pattern_findings
from ..ir import Access, Guardrail
from ..vocab import EnforceScope
from . import Artefact, Context, canonical_json
from . import enforcement as enforcemod
from . import kms as kmsmod
from .bedrock import accepted
from .iam_enforcement import enforcement_statements
from .policy_document import VERSION, JsonValue, Statement, statement

DEPLOYER = "iam/deployer.json"
APPLICATION = "iam/application.json"
ENFORCEMENT = "iam/enforcement.json"
KEY_POLICY = "kms-key-policy.json"

INVOKE_ACTIONS = ("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream")
MANAGE_ACTIONS = (
    "bedrock:CreateGuardrailVersion",
    "bedrock:GetGuardrail",
    "bedrock:UpdateGuardrail",
)
TAG_ACTIONS = ("bedrock:ListTagsForResource", "bedrock:TagResource", "bedrock:UntagResource")
GUARDRAIL_ID_KEY = "bedrock:GuardrailIdentifier"

Document = dict[str, JsonValue]


@dataclass(frozen=True)
class Where:
    """The partition, account and Region the guardrail's ARNs are built in."""

    partition: str
    account: str
    region: str


def _arn_text(name: str, ctx: Context) -> str | None:
    """`ARN[:VERSION]` for guardrail `name`: the flag/lock map first, else the raw lock entry."""
    if name in ctx.guardrail_arns:
        return ctx.guardrail_arns[name]
    entry = ctx.lock.get(name) or {}
    arn, version = entry.get("arn"), entry.get("version")
    if not isinstance(arn, str):
        return None
    return f"{arn}:{version}" if isinstance(version, str) and version.isdigit() else arn


def known_guardrail(guardrail: Guardrail, ctx: Context) -> GuardrailRef | None:
    """The deployed guardrail's ARN (and version suffix), if the context knows a valid one."""
    text = _arn_text(guardrail.name, ctx)
    return parse_guardrail_arn(text) if text else None


def locate(guardrail: Guardrail, ctx: Context) -> Where | None:
    """Where the guardrail lives: ctx overrides, then the `access:` block, then its ARN. A
    partition left at its default (`aws`) follows the Region (`cn-north-1` → `aws-cn`)."""
    access = guardrail.access
    ref = known_guardrail(guardrail, ctx)
    account = ctx.account or (access.account if access else None) or (ref.account if ref else None)
    region = ctx.region or (access.region if access else None) or (ref.region if ref else None)
    if not account or not region:
        return None
    declared = access.partition if access else "aws"
    return Where(declared if declared != "aws" else partition_for_region(region), account, region)


def locate_or_report(guardrail: Guardrail, access: Access, ctx: Context) -> Where | None:
    """`locate`, reporting E402 at the `access:` block when nothing says where. The IAM and the
    CloudFormation targets both call it: same finding, same words, so running both reports it
    once (the sink drops exact repeats)."""
    where = locate(guardrail, ctx)
    if where is None:
        ctx.sink.emit(
            "E402",
            f"no AWS account or Region known for guardrail `{guardrail.name}`",
            access.span,
            help='add `account "123456789012"` and `region "us-east-1"` to the `access:` block',
        )
    return where


def applier_role_names(guardrail: Guardrail) -> tuple[str, ...]:
    """Role names (last path segment) of `applied by`, for attaching iam/application.json, e.g.
    as the `Roles` of an AWS::IAM::ManagedPolicy."""
    access = guardrail.access
    principals = [parse_principal(a) for a in (access.appliers if access else ())]
    return tuple(p.name for p in principals if p is not None and p.is_role)


def resolve_version(access: Access, ref: GuardrailRef | None, ctx: Context, name: str) -> str:
    """The version the policies pin: `pin version` in the source, else the ARN's `:VERSION`
    suffix, else the lock file's newest published version, else DRAFT."""
    if access.version:
        return "DRAFT" if access.version.upper() == "DRAFT" else access.version
    if ref is not None and ref.version:
        return ref.version
    locked = (_lock_entry(ctx, name, ref) or {}).get("version")
    return locked if isinstance(locked, str) and locked.isdigit() else "DRAFT"


def _lock_entry(ctx: Context, name: str, ref: GuardrailRef | None) -> dict[str, object] | None:
    """The lock entry of `name`, unless it records another guardrail than the ARN in use (a
    `--guardrail-arn` pointing elsewhere): its versions would say nothing about this one."""
    entry = ctx.lock.get(name)
    if entry is None or (ref is not None and entry.get("arn") not in (None, ref.arn)):
        return None
    return entry


# ── documents ─────────────────────────────────────────────────────────────────────────────────


def _profile_arns(guardrail: Guardrail, where: Where, ctx: Context) -> list[str]:
    """The guardrail profile's ARN in every destination Region of the guardrail's Region."""
    profile = guardrail.cross_region_profile
    if profile is None:
        return []
    regions = profile_destinations(profile, where.region)
    if regions is None:
        assert guardrail.access is not None
        ctx.sink.emit(
            "W305",
            f"no known destination Regions for guardrail profile `{profile}` from `{where.region}`",
            guardrail.access.span,
            help="the policies allow the profile in the guardrail's own Region only",
        )
        regions = (where.region,)
    return [guardrail_profile_arn(where.partition, r, where.account, profile) for r in regions]


def _deployer(
    guardrail: Guardrail, where: Where, target: JsonValue, key: KmsKey | None, via: bool
) -> Document:
    access = guardrail.access
    assert access is not None
    in_region: dict[str, JsonValue] = {"StringEquals": {"aws:RequestedRegion": where.region}}
    manage = (*MANAGE_ACTIONS, "bedrock:DeleteGuardrail") if access.allow_delete else MANAGE_ACTIONS
    statements: list[Statement] = [
        # AWS requires Resource "*" here: the guardrail has no ARN before CreateGuardrail returns.
        statement(
            "CreateGuardrailRequiresResourceStar",
            "Allow",
            ["bedrock:CreateGuardrail"],
            "*",
            in_region,
        ),
        # ListGuardrails without a guardrailIdentifier names no guardrail, so it is checked on "*".
        statement(
            "ListGuardrailsRequiresResourceStar",
            "Allow",
            ["bedrock:ListGuardrails"],
            "*",
            in_region,
        ),
        statement("ManageGuardrail", "Allow", manage, [target]),
        statement("TagGuardrail", "Allow", TAG_ACTIONS, [target]),
    ]
    if guardrail.cross_region_profile:
        # CreateGuardrail is repeated on the profile (AWS's example names it) although "*" above
        # covers it, so this statement stays complete on its own.
        home = guardrail_profile_arn(
            where.partition, where.region, where.account, guardrail.cross_region_profile
        )
        # The actions of AWS's profile-permissions example (guardrail-profiles-permissions.html):
        # List too, and Delete only when the block allows deleting at all.
        profile_actions = [
            "bedrock:CreateGuardrail",
            "bedrock:GetGuardrail",
            "bedrock:ListGuardrails",
            "bedrock:UpdateGuardrail",
        ]
        if access.allow_delete:
            profile_actions.append("bedrock:DeleteGuardrail")
        # AWS's example names both the guardrail and the profile: ListGuardrails is authorized
        # on guardrail resources, so the statement stays complete on its own.
        statements.append(
            statement("UseGuardrailProfile", "Allow", profile_actions, [target, home])
        )
    place = (where.partition, where.account, where.region)
    statements += enforcement_statements(guardrail, place, target, in_region)
    if guardrail.reasoning is not None:
        statements.append(
            statement(
                "UseAutomatedReasoningPolicies",
                "Allow",
                ["bedrock:CreateGuardrail", "bedrock:UpdateGuardrail"],
                list(guardrail.reasoning.policies),
            )
        )
    if key is not None:
        actions = kmsmod.deployer_actions(access.allow_delete)
        statements.append(
            kmsmod.identity_statement(
                "UseGuardrailKey", actions, key, region=where.region, via_service=via
            )
        )
    return {"Statement": statements, "Version": VERSION}


def _pr(where: Where, region: str) -> tuple[str, str, str]:
    return where.partition, region, where.account


def _model_statements(
    guardrail: Guardrail, where: Where, versioned: JsonValue
) -> tuple[Statement, Statement] | None:
    """Allow the listed models only with the pinned guardrail; Deny them without it. A request
    without the guardrail has no `bedrock:GuardrailIdentifier` key: StringEquals is false for it
    (no Allow) and StringNotEquals true (explicit Deny, which no other policy can override)."""
    access = guardrail.access
    assert access is not None
    if not access.models:
        return None
    resources = [r for m in access.models for r in model_resources(*_pra(where), m)]
    allow = statement(
        "InvokeModelsWithGuardrail",
        "Allow",
        INVOKE_ACTIONS,
        resources,
        {"StringEquals": {GUARDRAIL_ID_KEY: versioned}},
    )
    deny = statement(
        "DenyModelsWithoutGuardrail",
        "Deny",
        INVOKE_ACTIONS,
        resources,
        {"StringNotEquals": {GUARDRAIL_ID_KEY: versioned}},
    )
    return allow, deny


def _pra(where: Where) -> tuple[str, str, str]:
    return where.partition, where.region, where.account


def _application(
    guardrail: Guardrail,
    *,
    target: JsonValue,
    models: tuple[Statement, Statement] | None,
    profiles: list[str],
    key: KmsKey | None,
    where: Where,
    via: bool,
) -> Document:
    statements: list[Statement] = [
        statement("ApplyGuardrail", "Allow", ["bedrock:ApplyGuardrail"], [target, *profiles])
    ]
    if models is not None:
        statements.extend(models)
    if guardrail.reasoning is not None:
        statements.append(
            statement(
                "InvokeAutomatedReasoningPolicies",
                "Allow",
                ["bedrock:InvokeAutomatedReasoningPolicy"],
                list(guardrail.reasoning.policies),
            )
        )
    if key is not None:
        statements.append(
            kmsmod.identity_statement(
                "DecryptGuardrailKey",
                kmsmod.APPLIER_KEY_ACTIONS,
                key,
                region=where.region,
                via_service=via,
            )
        )
    return {"Statement": statements, "Version": VERSION}


def guardrail_key(guardrail: Guardrail, where: Where) -> KmsKey | None:
    """The guardrail's KMS key, completed with its partition, Region and account."""
    if guardrail.kms_key is None:
        return None
    return parse_kms_key(guardrail.kms_key, where.partition, where.region, where.account)


def build_documents(
    guardrail: Guardrail,
    ctx: Context,
    guardrail_arn_value: JsonValue,
    versioned_arn: JsonValue,
    *,
    kms_via_service: bool | None = None,
) -> dict[str, Document]:
    """Every document of the IAM target, keyed by artefact path (`iam/deployer.json`, ...).

    `guardrail_arn_value` is the unversioned guardrail ARN and `versioned_arn` the value of
    `bedrock:GuardrailIdentifier` (`ARN:N`, or the bare ARN for DRAFT). Both may be literal
    strings or CloudFormation intrinsics such as `{"Fn::GetAtt": ["Guardrail", "GuardrailArn"]}`;
    they are placed in the documents as given. With `None` (no ARN known) the deployer policy is
    scoped to every guardrail of the account and the application and enforcement policies are
    left out. Returns {} when the guardrail has no `access:` block or no account/Region is known.
    """
    access = guardrail.access
    where = locate(guardrail, ctx)
    if access is None or where is None:
        return {}
    via = kmsmod.KMS_VIA_SERVICE if kms_via_service is None else kms_via_service
    key = guardrail_key(guardrail, where)
    known = guardrail_arn_value is not None
    target = guardrail_arn_value if known else guardrail_arn(*_pra(where), "*")
    documents = {DEPLOYER: _deployer(guardrail, where, target, key, via)}
    if known and (access.appliers or access.models):
        profiles = _profile_arns(guardrail, where, ctx)
        models = _model_statements(guardrail, where, versioned_arn)
        documents[APPLICATION] = _application(
            guardrail,
            target=target,
            models=models,
            profiles=profiles,
            key=key,
            where=where,
            via=via,
        )
        if models is not None:
            documents[ENFORCEMENT] = {"Statement": [models[1]], "Version": VERSION}
    if key is not None and not key.aws_managed:
        documents[KEY_POLICY] = kmsmod.key_policy(
            key,
            guardrail=guardrail.name,
            region=where.region,
            deployers=access.deployers,
            appliers=access.appliers,
            allow_delete=access.allow_delete,
            via_service=via,
        )
    return documents


# ── checks and the target entry point ─────────────────────────────────────────────────────────


def _check(guardrail: Guardrail, ctx: Context, where: Where, ref: GuardrailRef | None) -> None:
    """Cross-target consistency checks, reported at the `access:` block."""
    access = guardrail.access
    assert access is not None
    span, sink = access.span, ctx.sink
    if access.models and not access.appliers:
        sink.emit(
            "W304",
            "`required for models` is set but no role is listed in `applied by`",
            span,
            help='add `applied by "arn:...:role/NAME"` or attach iam/enforcement.json',
        )
    spans = dict(access.spans)
    for i, model in enumerate(access.models):  # again with the account the ARN may have given
        for found in model_pattern_findings(model, where.partition, where.account):
            sink.emit(found.code, found.message, spans.get(f"models[{i}]", span), help=found.help)
    for arn in (*access.deployers, *access.appliers):
        principal = parse_principal(arn)
        if principal is not None and arn not in access.deployers and _shared_use(access, principal):
            continue  # cross-account use the resource policy allows (docs/iam.md, "Sharing")
        if principal is not None and principal.account != where.account:
            sink.emit(
                "W307",
                f"`{arn}` is in account `{principal.account}`, the guardrail in `{where.account}`",
                span,
            )
    key = guardrail_key(guardrail, where)
    if key is not None and access.appliers:
        roles = ", ".join(f"`{a}`" for a in access.appliers)
        if key.aws_managed:
            sink.emit(
                "W303",
                f"key `{key.alias}` is AWS managed: its key policy cannot grant {roles}",
                span,
                help="use a customer managed key; kms-key-policy.json is not written",
            )
        elif key.account != where.account:
            sink.emit(
                "W303",
                f"key is in account `{key.account}`: {roles} can decrypt only once that account "
                "applies kms-key-policy.json",
                span,
            )
    if ref is not None and (ref.partition, ref.account, ref.region) != (
        where.partition,
        where.account,
        where.region,
    ):
        sink.emit(
            "W308",
            f"guardrail ARN `{ref.arn}` is not in partition `{where.partition}`, account "
            f"`{where.account}`, Region `{where.region}`",
            span,
        )
    entry = _lock_entry(ctx, guardrail.name, ref)
    if access.version and access.version.isdigit() and entry is not None:
        newest = entry.get("version")
        if not (
            isinstance(newest, str) and newest.isdigit() and int(newest) >= int(access.version)
        ):
            shown = f"`{newest}`" if isinstance(newest, str) else "none"
            sink.emit(
                "E401",
                f"pinned version `{access.version}` is not published (newest in the lock file: "
                f"{shown})",
                span,
                help="publish it with `guardc apply --publish`, or pin an existing version",
            )


def _shared_use(access: Access, principal: Principal) -> bool:
    """An `applied by` role of another account that the guardrail is shared with: it may call
    ApplyGuardrail across accounts, but `required for models` (the GuardrailIdentifier
    condition) only works with a guardrail of the caller's own account, so that keeps W307."""
    shared = principal.account in access.shared_accounts or access.shared_organization
    return bool(shared) and not access.models


def compile(
    guardrail: Guardrail, ctx: Context, *, kms_via_service: bool | None = None
) -> list[Artefact]:
    """The IAM and KMS artefacts of one guardrail (none without an `access:` block: the CLI
    reports that, W205). Diagnostics go to `ctx.sink`."""
    access = guardrail.access
    if access is None:
        return []
    where = locate_or_report(guardrail, access, ctx)
    if where is None:
        return []
    text = _arn_text(guardrail.name, ctx)
    ref = parse_guardrail_arn(text) if text else None
    if text and ref is None:
        ctx.sink.emit(
            "E214",
            f"`{text}` is not a guardrail ARN",
            access.span,
            help="expected arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID, optionally with :VERSION",
        )
    _check(guardrail, ctx, where, ref)
    arn = ref.arn if ref else None
    version = resolve_version(access, ref, ctx, guardrail.name)
    versioned = versioned_identifier(arn, version) if arn else None
    chosen = access.version or (ref.version if ref else None)  # DRAFT asked for explicitly
    if arn and version == "DRAFT" and not chosen and (access.appliers or access.models):
        ctx.sink.emit(
            "W306",
            f"policies accept the DRAFT of guardrail `{guardrail.name}`: no version is pinned",
            access.span,
            help="publish a version and add `pin version N` to the `access:` block",
        )
    documents = build_documents(guardrail, ctx, arn, versioned, kms_via_service=kms_via_service)
    artefacts = [Artefact(path, canonical_json(doc)) for path, doc in documents.items()]
    artefacts += _enforcement_artefacts(guardrail, ctx, where, arn, version)
    if ref is None:
        left_out = [APPLICATION] if access.appliers or access.models else []
        left_out += [ENFORCEMENT] if access.models else []
        left_out += [enforcemod.RESOURCE_POLICIES] if enforcemod.shared(access) else []
        left_out += [_ENFORCED_PATH[e.scope] for e in guardrail.enforcements]
        skipped = f"; not written: {', '.join(left_out)}" if left_out else ""
        ctx.sink.emit(
            "W302",
            f"no ARN known for guardrail `{guardrail.name}`: {DEPLOYER} covers every guardrail "
            f"of the account{skipped}",
            access.span,
            help=f"run `guardc apply --publish` (it records the ARN and version in "
            f"guardc.lock.json) and compile again, or pass "
            f"`--guardrail-arn {guardrail.name}=ARN:VERSION`",
        )
    return sorted(artefacts, key=lambda a: a.path)


_ENFORCED_PATH = {
    EnforceScope.ACCOUNT: enforcemod.ACCOUNT_ENFORCEMENT,
    EnforceScope.ORGANIZATION: enforcemod.ORGANIZATION_POLICY,
}


def _enforcement_artefacts(
    guardrail: Guardrail, ctx: Context, where: Where, arn: str | None, version: str
) -> list[Artefact]:
    """The enforcement and sharing requests (`targets/enforcement.py`), each strict-checked
    against its operation's model: one that fails is E901 and is not written."""
    if arn is not None and version == "DRAFT" and guardrail.enforcements:
        assert guardrail.access is not None
        ctx.sink.emit(
            "W310",
            f"no published version of guardrail `{guardrail.name}` to enforce: "
            f"{', '.join(_ENFORCED_PATH[e.scope] for e in guardrail.enforcements)} not written",
            guardrail.enforcements[0].span,
            help="publish one with `guardc apply --publish` (it records the version in "
            "guardc.lock.json) and compile again, or `pin version N`",
        )
    out: list[Artefact] = []
    requests = enforcemod.documents(guardrail, ctx, _pra(where), arn, version)
    for path, (operation, request) in sorted(requests.items()):
        each = request if isinstance(request, list) else [request]
        if all(accepted(r, operation, guardrail, ctx) for r in each):
            out.append(Artefact(path, canonical_json(request)))
    return out


__all__ = [
    "APPLICATION",
    "DEPLOYER",
    "ENFORCEMENT",
    "KEY_POLICY",
    "Where",
    "applier_role_names",
    "build_documents",
    "compile",
    "known_guardrail",
    "locate",
]
