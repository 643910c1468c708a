"""The deployer's statements for enforcement and sharing (part of `iam/deployer.json`): what
`guardc apply` calls for `enforce in account`, `enforce in organization` and `shared with ...`.

- account enforcement: the enforced-configuration operations on `*` (they name no resource);
- sharing: the resource-policy operations on the guardrail and its profile per destination
  Region;
- organization enforcement (AWS Organizations, Service Authorization Reference
  list_awsorganizations.html): CreatePolicy and ListPolicies name no resource and ListRoots none
  either, so they are on `*` — the first two narrowed by `organizations:PolicyType` =
  BEDROCK_POLICY, a condition ListRoots does not take; DescribePolicy, UpdatePolicy and
  ListTargetsForPolicy on the account's BEDROCK_POLICY policies
  (`policy/o-ORG/bedrock_policy/p-*`); AttachPolicy on those and the `attach to` targets;
  EnablePolicyType on the organization's root. The management account is the guardrail's
  (`access:` `account`); the organization is `shared with organization`'s, else any (`o-*`).

Delete and Detach only with `deployer may delete` (`apply --remove-enforcement`); Detach then
on any target of the organization, since the targets to detach are the ones the sources no
longer name.
"""

from __future__ import annotations

from ..aws.arns import guardrail_profile_arn, profile_destinations
from ..ir import Enforcement, Guardrail
from ..vocab import EnforceScope
from . import enforcement as enforcemod
from .policy_document import JsonValue, Statement, statement

POLICY_TYPE = "BEDROCK_POLICY"
_TYPE_CONDITION: dict[str, JsonValue] = {"StringEquals": {"organizations:PolicyType": POLICY_TYPE}}
# the ARN's resource path per `attach to` kind (list_awsorganizations.html, "Resource types")
_TARGET_PATHS = (("roots", "root"), ("units", "ou"), ("accounts", "account"))


def enforcement_statements(
    guardrail: Guardrail,
    where: tuple[str, str, str],
    target: JsonValue,
    in_region: dict[str, JsonValue],
) -> list[Statement]:
    """The statements for guardrail `guardrail` in `where` (partition, account, Region), whose
    ARN (or `guardrail/*` pattern) is `target`."""
    access = guardrail.access
    assert access is not None
    partition, account, region = where
    delete = access.allow_delete
    out: list[Statement] = []
    if any(e.scope is EnforceScope.ACCOUNT for e in guardrail.enforcements):
        actions = [
            "bedrock:ListEnforcedGuardrailsConfiguration",
            "bedrock:PutEnforcedGuardrailConfiguration",
        ]
        if delete:
            actions.append("bedrock:DeleteEnforcedGuardrailConfiguration")
        out.append(
            statement("EnforceGuardrailRequiresResourceStar", "Allow", actions, "*", in_region)
        )
    if enforcemod.shared(access):
        actions = ["bedrock:GetResourcePolicy", "bedrock:PutResourcePolicy"]
        if delete:
            actions.append("bedrock:DeleteResourcePolicy")
        resources: list[JsonValue] = [target]
        profile = guardrail.cross_region_profile
        if profile is not None:
            regions = profile_destinations(profile, region) or (region,)
            resources += [guardrail_profile_arn(partition, r, account, profile) for r in regions]
        out.append(statement("ShareGuardrail", "Allow", actions, resources))
    for rule in guardrail.enforcements:
        if rule.scope is EnforceScope.ORGANIZATION:
            org = access.shared_organization or "o-*"
            out += organization_statements(rule, partition, account, org, delete)
    return out


def organization_statements(
    rule: Enforcement, partition: str, account: str, org: str, delete: bool
) -> list[Statement]:
    """What plan and apply call in AWS Organizations for `rule` (org_deploy.py), in the
    management account `account` of organization `org` (`o-*` when unknown)."""
    head = f"arn:{partition}:organizations::{account}"
    policies = f"{head}:policy/{org}/{POLICY_TYPE.lower()}/p-*"
    manage = [
        "organizations:DescribePolicy",
        "organizations:ListTargetsForPolicy",
        "organizations:UpdatePolicy",
    ]
    attach = ["organizations:AttachPolicy"]
    targets = [
        f"{head}:{path}/{org}/{t}" for kind, path in _TARGET_PATHS for t in getattr(rule, kind)
    ]
    if delete:
        manage.append("organizations:DeletePolicy")
        attach.append("organizations:DetachPolicy")
        # detaching is from the targets the sources no longer name: any of the organization's
        targets += [f"{head}:{path}/{org}/*" for _, path in _TARGET_PATHS]
    out = [
        # CreatePolicy and ListPolicies name no resource; the policy type narrows them
        statement(
            "OrganizationPolicyRequiresResourceStar",
            "Allow",
            ["organizations:CreatePolicy", "organizations:ListPolicies"],
            "*",
            _TYPE_CONDITION,
        ),
        # ListRoots names no resource and takes no policy-type condition
        statement("ListRootsRequiresResourceStar", "Allow", ["organizations:ListRoots"], "*"),
        statement("ManageOrganizationPolicy", "Allow", manage, [policies], _TYPE_CONDITION),
        statement(
            "EnableBedrockPolicyType",
            "Allow",
            ["organizations:EnablePolicyType"],
            [f"{head}:root/{org}/r-*"],
            _TYPE_CONDITION,
        ),
    ]
    if targets:
        out.append(
            statement(
                "AttachOrganizationPolicy", "Allow", attach, [policies, *targets], _TYPE_CONDITION
            )
        )
    return out
