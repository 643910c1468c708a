"""Plan and apply `enforce in organization`: the AWS Organizations BEDROCK_POLICY that makes
Bedrock apply a guardrail in every account it is attached to.

The request comes compiled (`targets/enforcement.py`: CreatePolicy's arguments, strict-checked);
this module compares it with what Organizations holds and writes the difference, in the
management account (or a delegated administrator), through the `organizations` client:

- the policy type: ListRoots; BEDROCK_POLICY not enabled on the root is enabled
  (EnablePolicyType), shown in the plan like any other write. Enabling a policy type changes
  nothing by itself: only attached policies of the type act;
- the policy: found by its name among the BEDROCK_POLICY policies (ListPolicies, every page;
  guardc names it `guardc-<guardrail name + name suffix>`), read with DescribePolicy and compared
  member by member (the content's settings and the description); none is CreatePolicy, a
  different one UpdatePolicy;
- the attachments: ListTargetsForPolicy against the `attach to` lines: AttachPolicy for each
  target missing. A target the sources do not name is detached (DetachPolicy) only with `remove`
  (`--remove-enforcement`), and a policy the sources no longer state is detached from everything
  and deleted (DeletePolicy) only with `remove`; otherwise the plan notes what is kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from ..diagnostics.textsafe import clip
from .client import AwsError, call, remote_json
from .enforce_deploy import ExtraPlan, Step

POLICY_TYPE = "BEDROCK_POLICY"
SERVICE = "organizations"
SUBJECT = "enforce in organization"
_TARGET_WORDS = (("r-", "root"), ("ou-", "organizational unit"))

_NO_ORGANIZATION = ("AWSOrganizationsNotInUseException", "AccessDeniedException")

OrgClient = Any  # boto3's `organizations` client (no stubs installed for it)


def _call(operation: str, fn: Callable[..., Any], **params: Any) -> Any:
    """`call`, with AWS's refusal named as the Organizations action (E502's hint)."""
    try:
        return call(operation, fn, **params)
    except AwsError as exc:
        raise AwsError(operation, exc.code, exc.message, SERVICE) from None


def _pages(client: OrgClient, operation: str, key: str, **params: Any) -> list[dict[str, Any]]:
    method = getattr(client, _METHODS[operation])
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        page = _call(operation, method, **params, **({"NextToken": token} if token else {}))
        found += [dict(item) for item in page.get(key, [])]
        token = page.get("NextToken")
        if not token:
            return found


def target_word(target: str) -> str:
    """`root`, `organizational unit` or `account`, by the id's form."""
    return next((word for prefix, word in _TARGET_WORDS if target.startswith(prefix)), "account")


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """The policy content's settings by dotted path, `@@assign` operators dropped, and the
    common head `bedrock.guardrail_inference.` too (`eu-west-1.config_1.identifier`)."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            path = prefix if key == "@@assign" else (f"{prefix}.{key}" if prefix else key)
            out.update(_flat(item, path))
        return {k.removeprefix(_HEAD): v for k, v in out.items()}
    return {prefix: value}


_HEAD = "bedrock.guardrail_inference."


def differences(wanted: dict[str, Any], policy: dict[str, Any]) -> list[str]:
    """The plan lines for each member of the policy that differs from the compiled request:
    the content's settings (`bedrock.guardrail_inference.eu-west-1.config_1.identifier`) and
    the description."""
    lines: list[str] = []
    try:  # someone else may have edited it: any text, any depth
        have = _flat(remote_json(policy.get("Content") or "{}"))
    except (ValueError, RecursionError):
        have = {"content": str(policy.get("Content"))}
    want = _flat(json.loads(wanted["Content"]))
    for key in sorted(set(want) | set(have)):
        if want.get(key) != have.get(key):
            lines.append(f"~ {SUBJECT}: {key}: {_show(have.get(key))} → {_show(want.get(key))}")
    summary = policy.get("PolicySummary", {})
    if summary.get("Description", "") != wanted.get("Description", ""):
        old, new = summary.get("Description", ""), wanted.get("Description", "")
        lines.append(f"~ {SUBJECT}: description {_show(old)} → {_show(new)}")
    return lines


def _show(value: Any) -> str:
    """A setting as a plan line shows it: JSON, cut in the middle when long (a remote policy
    may hold a megabyte where guardc wrote a word)."""
    if value is None:
        return "(none)"
    try:
        return clip(json.dumps(value, ensure_ascii=False))
    except (ValueError, RecursionError):
        return "(a value nested too deeply to show)"


def _find_policy(client: OrgClient, name: str) -> dict[str, Any] | None:
    """The BEDROCK_POLICY named `name` (names are unique per type), with its content."""
    policies = _pages(client, "ListPolicies", "Policies", Filter=POLICY_TYPE)
    summary = next((p for p in policies if p.get("Name") == name), None)
    if summary is None:
        return None
    got = _call("DescribePolicy", client.describe_policy, PolicyId=summary["Id"])
    return dict(got["Policy"])


def organization_policy_of(client: OrgClient, name: str) -> tuple[dict[str, Any], list[str]]:
    """The content (parsed) and the target ids of the BEDROCK_POLICY `name` (`guardc import`);
    ({}, []) when there is none."""
    policy = _find_policy(client, name)
    if policy is None:
        return {}, []
    pages = _pages(
        client, "ListTargetsForPolicy", "Targets", PolicyId=policy["PolicySummary"]["Id"]
    )
    try:
        content = remote_json(policy.get("Content") or "{}")
    except ValueError:  # not a policy guardc wrote: imported as no content
        content = {}
    return (content if isinstance(content, dict) else {}), [str(t["TargetId"]) for t in pages]


def _root(client: OrgClient) -> dict[str, Any]:
    roots = _pages(client, "ListRoots", "Roots")
    if not roots:
        raise AwsError("ListRoots", "NoRoot", "the organization has no root", SERVICE)
    return roots[0]


def plan_organization(
    client: OrgClient,
    name: str,
    request: dict[str, Any] | None,
    targets: list[str],
    *,
    remove: bool,
) -> ExtraPlan:
    """The writes that make the BEDROCK_POLICY `name` hold `request` (CreatePolicy's compiled
    arguments; None when the sources no longer enforce in the organization) attached to exactly
    `targets`. Steps that need the id of a policy still to be created carry `PolicyId: None`;
    `apply_organization` fills it in."""
    plan = ExtraPlan()
    try:
        policy = _find_policy(client, name)
    except AwsError as exc:
        if request is not None or exc.code not in _NO_ORGANIZATION:
            raise
        # only `--remove-enforcement` looks when the sources state nothing: an account outside
        # any organization, or one that may not read it (a member account), has nothing here
        # guardc could remove, and its other removals must not fail for it
        plan.notes.append(
            f"no organization policy {name} looked for: Organizations answered {exc.code}"
        )
        return plan
    policy_id = policy["PolicySummary"]["Id"] if policy is not None else None
    attached = (
        [
            t["TargetId"]
            for t in _pages(client, "ListTargetsForPolicy", "Targets", PolicyId=policy_id)
        ]
        if policy_id is not None
        else []
    )
    if request is None:
        if policy_id is None:
            return plan
        if not remove:
            plan.notes.append(
                f"the organization policy {name} ({policy_id}) enforces this guardrail and the "
                "sources no longer do: kept; --remove-enforcement detaches and deletes it"
            )
            return plan
        for target in sorted(attached):
            plan.steps.append(_detach(policy_id, target))
        text = f"- {SUBJECT}: policy {name} ({policy_id}) (deleted)"
        plan.steps.append(Step("DeletePolicy", {"PolicyId": policy_id}, text, service=SERVICE))
        return plan
    root = _root(client)
    types = {t.get("Type"): t.get("Status") for t in root.get("PolicyTypes", [])}
    if types.get(POLICY_TYPE) is None:
        text = f"+ {SUBJECT}: enable policy type {POLICY_TYPE} on root {root['Id']}"
        params = {"RootId": root["Id"], "PolicyType": POLICY_TYPE}
        plan.steps.append(Step("EnablePolicyType", params, text, service=SERVICE))
    elif types[POLICY_TYPE] != "ENABLED":
        plan.notes.append(
            f"policy type {POLICY_TYPE} on root {root['Id']} is {types[POLICY_TYPE]}: "
            "Organizations is still changing it; attaching may fail until it settles"
        )
    if policy is None:
        text = f"+ {SUBJECT}: policy {name} ({POLICY_TYPE})"
        settings = _flat(json.loads(request["Content"]))
        more = tuple(f"+ {SUBJECT}: {k}: {_show(v)}" for k, v in sorted(settings.items()))
        plan.steps.append(Step("CreatePolicy", dict(request), text, service=SERVICE, more=more))
    else:
        lines = differences(request, policy)
        if lines:
            params = {k: request[k] for k in ("Name", "Description", "Content")}
            params["PolicyId"] = policy_id
            step = Step("UpdatePolicy", params, lines[0], service=SERVICE, more=tuple(lines[1:]))
            plan.steps.append(step)
    for target in targets:
        if target not in attached:
            text = f"+ {SUBJECT}: attach {name} to {target_word(target)} {target}"
            params = {"PolicyId": policy_id, "TargetId": target}
            plan.steps.append(Step("AttachPolicy", params, text, service=SERVICE))
    for target in sorted(set(attached) - set(targets)):
        assert policy_id is not None
        if remove:
            plan.steps.append(_detach(policy_id, target))
        else:
            plan.notes.append(
                f"the organization policy {name} is also attached to {target_word(target)} "
                f"{target}, which the sources do not name: kept; --remove-enforcement detaches it"
            )
    return plan


def _detach(policy_id: str, target: str) -> Step:
    text = f"- {SUBJECT}: detach {policy_id} from {target_word(target)} {target}"
    params = {"PolicyId": policy_id, "TargetId": target}
    return Step("DetachPolicy", params, text, service=SERVICE)


_METHODS = {
    "ListRoots": "list_roots",
    "ListPolicies": "list_policies",
    "ListTargetsForPolicy": "list_targets_for_policy",
    "EnablePolicyType": "enable_policy_type",
    "CreatePolicy": "create_policy",
    "UpdatePolicy": "update_policy",
    "AttachPolicy": "attach_policy",
    "DetachPolicy": "detach_policy",
    "DeletePolicy": "delete_policy",
}


def apply_organization(client: OrgClient, steps: list[Step]) -> list[str]:
    """Make the Organizations steps in order; the operations made. The id CreatePolicy returns
    goes into the steps after it that wait for it (`PolicyId: None`)."""
    done: list[str] = []
    created: str | None = None
    for step in steps:
        params = dict(step.params)
        if "PolicyId" in params and params["PolicyId"] is None:
            params["PolicyId"] = created
        got = _call(step.operation, getattr(client, _METHODS[step.operation]), **params)
        if step.operation == "CreatePolicy":
            created = str(got["Policy"]["PolicySummary"]["Id"])
        done.append(step.operation)
    return done
