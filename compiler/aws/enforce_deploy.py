"""Plan and apply enforcement and sharing: the account's enforced guardrail configuration and
the guardrail's resource-based policies, once the guardrail itself exists.

The requests come compiled (`targets/enforcement.py`, through `guardc apply`); this module only
compares them with what AWS holds and writes the difference:

- enforcement: ListEnforcedGuardrailsConfiguration finds the account's configuration that names
  this guardrail; a different one is updated in place (PutEnforcedGuardrailConfiguration with its
  `configId`), none is created. Configurations of other guardrails are never touched.
- sharing: GetResourcePolicy on each resource (the guardrail, its profile per destination
  Region), compared as parsed JSON; PutResourcePolicy where it differs.
- removal: a configuration or resource policy of this guardrail that the sources no longer state
  is deleted only with `remove` (`guardc apply --remove-enforcement`); otherwise it stays and the
  plan says so. Nothing else here deletes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .client import AwsError, call, remote_json

if TYPE_CHECKING:
    from mypy_boto3_bedrock.client import BedrockClient


@dataclass(frozen=True)
class Step:
    """One write `apply` would make: the operation, its keyword arguments, and the plan's line
    (`+ enforce in account: version 3`), with the Region of the client to make it in."""

    operation: str
    params: dict[str, Any]
    text: str
    region: str | None = None
    service: str = "bedrock"  # or "organizations" (org_deploy.py)
    more: tuple[str, ...] = ()  # further plan lines of the same write (one per member)

    @property
    def lines(self) -> list[str]:
        return [self.text, *self.more]


@dataclass
class ExtraPlan:
    """The enforcement and sharing writes of one guardrail, and what is kept without `remove`."""

    steps: list[Step] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _configurations(client: BedrockClient) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        kwargs = {"nextToken": token} if token else {}
        page = call(
            "ListEnforcedGuardrailsConfiguration",
            client.list_enforced_guardrails_configuration,
            **kwargs,
        )
        found += [dict(c) for c in page.get("guardrailsConfig", [])]
        token = page.get("nextToken")
        if not token:
            return found


def _same_configuration(deployed: dict[str, Any], wanted: dict[str, Any]) -> bool:
    keys = ("guardrailVersion", "selectiveContentGuarding", "modelEnforcement")
    ours = {k: wanted[k] for k in keys if k in wanted}
    theirs = {k: deployed[k] for k in keys if k in deployed}
    if "modelEnforcement" in theirs and "modelEnforcement" not in ours:
        ours["modelEnforcement"] = {"includedModels": ["ALL"], "excludedModels": []}
    for value in (ours.get("modelEnforcement"), theirs.get("modelEnforcement")):
        if value is not None:
            value["includedModels"] = sorted(value.get("includedModels", []))
            value["excludedModels"] = sorted(value.get("excludedModels", []))
    return ours == theirs


def plan_enforcement(
    client: BedrockClient, arn: str, request: dict[str, Any] | None, *, remove: bool
) -> ExtraPlan:
    """The account enforcement writes for guardrail `arn`: `request` is the compiled
    PutEnforcedGuardrailConfiguration request, or None when the sources enforce nothing."""
    plan = ExtraPlan()
    ours = [c for c in _configurations(client) if c.get("guardrailArn") == arn]
    if request is None:
        for config in ours:
            if remove:
                params = {"configId": config["configId"]}
                text = f"- enforce in account: configuration {config['configId']} (removed)"
                plan.steps.append(Step("DeleteEnforcedGuardrailConfiguration", params, text))
            else:
                plan.notes.append(
                    f"the account enforces this guardrail (configuration {config['configId']}) "
                    "and the sources no longer do: kept; --remove-enforcement deletes it"
                )
        return plan
    wanted = request["guardrailInferenceConfig"]
    if any(_same_configuration(c, json.loads(json.dumps(wanted))) for c in ours):
        return plan
    params = json.loads(json.dumps(request))
    verb = "~" if ours else "+"
    if ours:
        params["configId"] = ours[0]["configId"]
    text = f"{verb} enforce in account: version {wanted['guardrailVersion']}"
    plan.steps.append(Step("PutEnforcedGuardrailConfiguration", params, text))
    return plan


def _region(arn: str) -> str:
    return arn.split(":")[3]


def plan_sharing(
    clients: Callable[[str | None], BedrockClient],
    requests: list[dict[str, Any]],
    held: list[str],
    *,
    remove: bool,
) -> ExtraPlan:
    """The resource-policy writes: `requests` are the compiled PutResourcePolicy requests;
    `held` the resources (guardrail, profiles) whose policy guardc wrote before and the sources
    no longer share (deleted only with `remove`)."""
    plan = ExtraPlan()
    for request in requests:
        arn = request["resourceArn"]
        client = clients(_region(arn))
        current = _current_policy(client, arn)
        if current is not None and current == json.loads(request["resourcePolicy"]):
            continue
        verb = "~" if current is not None else "+"
        text = f"{verb} shared: resource policy on {arn}"
        plan.steps.append(Step("PutResourcePolicy", dict(request), text, _region(arn)))
    for arn in held:
        if _current_policy(clients(_region(arn)), arn) is None:
            continue
        if remove:
            text = f"- shared: resource policy on {arn} (removed)"
            plan.steps.append(
                Step("DeleteResourcePolicy", {"resourceArn": arn}, text, _region(arn))
            )
        else:
            plan.notes.append(
                f"{arn} keeps a resource policy the sources no longer state: kept; "
                "--remove-enforcement deletes it"
            )
    return plan


def _current_policy(client: BedrockClient, arn: str) -> Any:
    try:
        got = call("GetResourcePolicy", client.get_resource_policy, resourceArn=arn)
    except AwsError as exc:
        if exc.code == "ResourceNotFoundException":
            return None
        raise
    text = got.get("resourcePolicy")
    if not text:
        return None
    try:
        return remote_json(text)
    except ValueError:  # someone else's text: it differs from the compiled policy
        return text


_METHODS = {
    "PutEnforcedGuardrailConfiguration": "put_enforced_guardrail_configuration",
    "DeleteEnforcedGuardrailConfiguration": "delete_enforced_guardrail_configuration",
    "PutResourcePolicy": "put_resource_policy",
    "DeleteResourcePolicy": "delete_resource_policy",
}


def apply_steps(clients: Callable[[str | None], BedrockClient], plan: ExtraPlan) -> list[str]:
    """Make the planned Bedrock writes in order; the operations made. The Organizations steps
    (`service == "organizations"`, planned last) are org_deploy.apply_organization's."""
    done: list[str] = []
    for step in plan.steps:
        if step.service != "bedrock":
            continue
        client = clients(step.region)
        call(step.operation, getattr(client, _METHODS[step.operation]), **step.params)
        done.append(step.operation)
    return done


def enforcement_of(client: BedrockClient, arn: str) -> dict[str, Any] | None:
    """The account's enforced configuration naming guardrail `arn`, if any (`guardc import`)."""
    return next((c for c in _configurations(client) if c.get("guardrailArn") == arn), None)


def resource_policy_of(client: BedrockClient, arn: str) -> dict[str, Any] | None:
    """The resource policy on `arn`, parsed, or None (`guardc import`)."""
    found = _current_policy(client, arn)
    return dict(found) if isinstance(found, dict) else None
