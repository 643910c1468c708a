"""Enforcement and sharing: the requests behind `enforce in ...` and `shared with ...`.

Part of the IAM target (it needs the `access:` block, the guardrail ARN and a published version,
which `iam.py` resolves); each document is the exact request of one AWS operation and passes the
project's strict check against botocore's model (`bedrock_model.check_payload`) before it is
written, like `bedrock.json`:

- `enforcement/account.json` — PutEnforcedGuardrailConfiguration: Bedrock applies the guardrail
  version to every model call of the account in the guardrail's Region;
- `enforcement/organization.json` — AWS Organizations CreatePolicy of type BEDROCK_POLICY, its
  `Content` the policy document in the syntax of orgs_manage_policies_bedrock_syntax.html
  (`bedrock.guardrail_inference.<region>.config_1`), to attach to a root, OU or account;
- `iam/resource-policies.json` — PutResourcePolicy requests: the guardrail's resource-based policy
  letting the shared accounts (or the organization) call ApplyGuardrail, and the same on the
  guardrail profile in every destination Region, which AWS requires with cross-Region inference
  (guardrails-resource-based-policies.html).

docs/iam.md explains how these relate to the `bedrock:GuardrailIdentifier` condition.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..aws.arns import guardrail_profile_arn, partition_for_region, profile_destinations
from ..ir import ALL_MODELS, Access, Enforcement, Guardrail
from ..vocab import EnforceScope
from . import Context
from .policy_document import VERSION, JsonValue, Statement, statement

ACCOUNT_ENFORCEMENT = "enforcement/account.json"
ORGANIZATION_POLICY = "enforcement/organization.json"
RESOURCE_POLICIES = "iam/resource-policies.json"

PUT_ENFORCED = "PutEnforcedGuardrailConfiguration"
PUT_RESOURCE_POLICY = "PutResourcePolicy"
CREATE_POLICY = "CreatePolicy"
# The configuration key AWS's BEDROCK_POLICY examples use under the Region.
ORG_CONFIG_KEY = "config_1"

JsonObject = dict[str, Any]


def account_request(rule: Enforcement, identifier: str, version: str) -> JsonObject:
    """PutEnforcedGuardrailConfiguration's keyword arguments for `rule` (no `configId`: apply
    adds the id of the account's existing configuration, to update it in place)."""
    config: JsonObject = {"guardrailIdentifier": identifier, "guardrailVersion": version}
    guarding = _guarding(rule, str.upper)
    if guarding:
        config["selectiveContentGuarding"] = guarding
    if rule.models or rule.excluded:
        config["modelEnforcement"] = {
            "includedModels": list(rule.models or (ALL_MODELS,)),
            "excludedModels": list(rule.excluded),
        }
    return {"guardrailInferenceConfig": config}


def _guarding(rule: Enforcement, case: Any) -> JsonObject:
    return {
        part: case(mode.value)
        for part, mode in (("system", rule.system), ("messages", rule.messages))
        if mode is not None
    }


def organization_content(rule: Enforcement, versioned_arn: str, region: str) -> JsonObject:
    """The BEDROCK_POLICY document: every value under `@@assign`, modes in lower case, as AWS's
    syntax page writes them."""
    config: JsonObject = {"identifier": {"@@assign": versioned_arn}}
    guarding = _guarding(rule, str.lower)
    if guarding:
        config["selective_content_guarding"] = {k: {"@@assign": v} for k, v in guarding.items()}
    if rule.models or rule.excluded:
        config["model_enforcement"] = {
            "included_models": {"@@assign": list(rule.models or (ALL_MODELS,))},
            "excluded_models": {"@@assign": list(rule.excluded)},
        }
    return {"bedrock": {"guardrail_inference": {region: {ORG_CONFIG_KEY: config}}}}


def policy_name(guardrail: Guardrail) -> str:
    """The organization policy's name: the guardrail's Bedrock name (with its environment's
    `name suffix`), so each environment has its own policy. `guardc apply` finds the policy by
    this name (ListPolicies), so it must not change between runs."""
    return f"guardc-{guardrail.bedrock_name}"


def policy_description(guardrail: Guardrail) -> str:
    return f"Enforce Bedrock guardrail {guardrail.bedrock_name} (compiled by guardc)"


def attach_targets(rule: Enforcement) -> list[str]:
    """The ids `attach to` names (AttachPolicy's TargetId): root, OUs, accounts, as written."""
    return [*rule.roots, *rule.units, *rule.accounts]


def organization_request(
    guardrail: Guardrail, rule: Enforcement, versioned_arn: str, region: str
) -> JsonObject:
    """AWS Organizations CreatePolicy's keyword arguments (`Content` is a JSON string)."""
    content = organization_content(rule, versioned_arn, region)
    return {
        "Name": policy_name(guardrail),
        "Description": policy_description(guardrail),
        "Type": "BEDROCK_POLICY",
        "Content": _compact(content),
    }


def _compact(document: object) -> str:
    return json.dumps(document, sort_keys=True, separators=(",", ":"))


def shared(access: Access) -> bool:
    """True when the `access:` block shares the guardrail with anyone."""
    return bool(access.shared_accounts or access.shared_organization)


@dataclass(frozen=True)
class Sharing:
    """Who a resource policy lets apply: account ids and organization ids."""

    accounts: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()

    @staticmethod
    def of(access: Access) -> Sharing:
        orgs = (access.shared_organization,) if access.shared_organization else ()
        return Sharing(tuple(access.shared_accounts), orgs)

    def __or__(self, other: Sharing) -> Sharing:
        return Sharing(
            tuple(sorted({*self.accounts, *other.accounts})),
            tuple(sorted({*self.organizations, *other.organizations})),
        )


def resource_policy(
    access: Access | Sharing, partition: str, resource: JsonValue
) -> dict[str, JsonValue]:
    """The resource-based policy on `resource` (the guardrail or one of its profiles): the shared
    accounts, and the members of the shared organizations, may call ApplyGuardrail on it."""
    sharing = Sharing.of(access) if isinstance(access, Access) else access
    statements: list[Statement] = []
    if sharing.accounts:
        roots = [f"arn:{partition}:iam::{a}:root" for a in sorted(set(sharing.accounts))]
        statements.append(
            statement(
                "ApplyFromSharedAccounts",
                "Allow",
                ["bedrock:ApplyGuardrail"],
                [resource],
                principal=roots,
            )
        )
    if sharing.organizations:
        orgs = sorted(set(sharing.organizations))
        member = statement(
            "ApplyFromOrganization",
            "Allow",
            ["bedrock:ApplyGuardrail"],
            [resource],
            {"StringEquals": {"aws:PrincipalOrgID": orgs[0] if len(orgs) == 1 else orgs}},
        )
        member["Principal"] = "*"
        statements.append(member)
    return {"Statement": statements, "Version": VERSION}


def _profile_arns(guardrail: Guardrail, partition: str, region: str, account: str) -> list[str]:
    """The guardrail's profile in each destination Region (a profile or Region not in the
    table: its own Region only); none without a profile."""
    profile = guardrail.cross_region_profile
    if profile is None:
        return []
    regions = profile_destinations(profile, region) or (region,)
    return [guardrail_profile_arn(partition, r, account, profile) for r in regions]


def _place(guardrail: Guardrail) -> tuple[str, str, str] | None:
    """Partition, Region and account from the `access:` block (an environment's already filled
    in), for finding the guardrails that share a profile."""
    access = guardrail.access
    if access is None or access.account is None or access.region is None:
        return None
    partition = access.partition if access.partition != "aws" else None
    return partition or partition_for_region(access.region), access.region, access.account


def profile_sharing(guardrails: Sequence[Guardrail], profile_arn: str) -> Sharing:
    """Everyone the guardrails of `guardrails` share with through the profile `profile_arn`.
    A profile holds one resource policy per account and Region, so every guardrail that uses it
    must put the same policy, naming everyone any of them shares with: each guardrail's own
    resource policy still decides which guardrail an account may apply."""
    merged = Sharing()
    for other in guardrails:
        place = _place(other)
        if place is None or other.access is None or not shared(other.access):
            continue
        if profile_arn in _profile_arns(other, *place):
            merged = merged | Sharing.of(other.access)
    return merged


def resource_policy_requests(
    guardrail: Guardrail,
    partition: str,
    region: str,
    account: str,
    arn: str,
    *,
    fellows: Sequence[Guardrail] = (),
) -> list[JsonObject]:
    """PutResourcePolicy's keyword arguments for the guardrail, then for its profile in each
    destination Region. `fellows` are the other guardrails compiled with it: the profile's
    policy names whoever any guardrail on the same profile shares with (`profile_sharing`)."""
    access = guardrail.access
    assert access is not None
    own = Sharing.of(access)
    requests = [(arn, own)]
    for profile_arn in _profile_arns(guardrail, partition, region, account):
        requests.append((profile_arn, own | profile_sharing(fellows, profile_arn)))
    return [
        {
            "resourceArn": resource,
            # compact: the model's pattern for the document, as botocore ships it, is
            # `[ -\xff]+`, which admits no line break (the IAM form adds tab, LF and CR)
            "resourcePolicy": _compact(resource_policy(sharing, partition, resource)),
        }
        for resource, sharing in requests
    ]


def documents(
    guardrail: Guardrail,
    ctx: Context,
    where: tuple[str, str, str],
    arn: str | None,
    version: str,
) -> dict[str, tuple[str, JsonObject | list[JsonObject]]]:
    """Every request of this module for `guardrail`, by artefact path, with the operation each
    is checked against: nothing without an ARN, no enforcement without a published version."""
    access = guardrail.access
    if access is None or arn is None:
        return {}
    partition, region, account = where
    out: dict[str, tuple[str, JsonObject | list[JsonObject]]] = {}
    if shared(access):
        fellows = ctx.policy.guardrails
        requests = resource_policy_requests(
            guardrail, partition, region, account, arn, fellows=fellows
        )
        out[RESOURCE_POLICIES] = (PUT_RESOURCE_POLICY, requests)
    if version == "DRAFT":
        return out
    for rule in guardrail.enforcements:
        if rule.scope is EnforceScope.ACCOUNT:
            out[ACCOUNT_ENFORCEMENT] = (PUT_ENFORCED, account_request(rule, arn, version))
        else:
            request = organization_request(guardrail, rule, f"{arn}:{version}", region)
            out[ORGANIZATION_POLICY] = (CREATE_POLICY, request)
    return out


__all__ = [
    "ACCOUNT_ENFORCEMENT",
    "ORGANIZATION_POLICY",
    "RESOURCE_POLICIES",
    "account_request",
    "attach_targets",
    "documents",
    "organization_content",
    "organization_request",
    "policy_name",
    "profile_sharing",
    "resource_policy",
    "resource_policy_requests",
    "shared",
]
