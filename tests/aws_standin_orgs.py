"""AWS Organizations, as far as `enforce in organization` uses it, for the stand-in control plane
(tests/aws_standin.py): one organization with one root, policies, attachments and policy types.

moto's organizations backend refuses BEDROCK_POLICY (its policy types stop at SERVICE_CONTROL,
TAG, BACKUP, AISERVICES_OPT_OUT and RESOURCE_CONTROL), so this answers instead. Requests arrive
in the JSON protocol (`X-Amz-Target: AWSOrganizationsV20161128.<Operation>`) and are checked like
the Bedrock ones: botocore's parameter validation against the `organizations` model, the
project's strict check for CreatePolicy and UpdatePolicy, and every answer against the
operation's output shape. What AWS documents and this keeps: AttachPolicy needs the policy type
enabled on the root (PolicyTypeNotEnabledException), a policy attached twice is
DuplicatePolicyAttachmentException, a policy still attached cannot be deleted
(PolicyInUseException), names are unique per policy type (DuplicatePolicyException), and a
target must exist (TargetNotFoundException). Lists are paged two items at a time so clients must
follow NextToken.
"""

from __future__ import annotations

import base64
import copy
import json
from dataclasses import dataclass, field
from typing import Any

import botocore.session
from botocore.exceptions import ParamValidationError
from botocore.validate import validate_parameters

from compiler.aws.bedrock_model import check_payload

TARGET_PREFIX = "AWSOrganizationsV20161128."
ORG_ID = "o-exampleorg1"
ROOT_ID = "r-ab12"
PAGE = 2
CHECKED = ("CreatePolicy", "UpdatePolicy")


class OrgError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class OrgPolicy:
    id: str
    name: str
    description: str
    type: str
    content: str
    targets: list[str] = field(default_factory=list)


@dataclass
class Organizations:
    """The organization's state, and the calls made to it (operation, parsed parameters)."""

    management: str
    enabled: set[str] = field(default_factory=set)  # policy types enabled on the root
    units: set[str] = field(default_factory=lambda: {"ou-ab12-11111111", "ou-ab12-22222222"})
    accounts: set[str] = field(default_factory=lambda: {"444455556666", "777788889999"})
    policies: dict[str, OrgPolicy] = field(default_factory=dict)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    denied: set[str] = field(default_factory=set)
    _next: int = 0

    def __post_init__(self) -> None:
        self.model = botocore.session.get_session().get_service_model("organizations")

    def by_name(self, name: str) -> OrgPolicy:
        (found,) = [p for p in self.policies.values() if p.name == name]
        return found

    # ── the wire ──────────────────────────────────────────────────────────────────────────

    def answer(self, target: str, body: bytes) -> tuple[int, bytes]:
        """One JSON-protocol request: (HTTP status, body)."""
        operation = target.removeprefix(TARGET_PREFIX)
        op = self.model.operation_model(operation)
        params = json.loads(body or b"{}")
        self.calls.append((operation, copy.deepcopy(params)))
        try:
            if operation in self.denied:
                raise OrgError(
                    "AccessDeniedException",
                    f"not authorized to perform: organizations:{operation}",
                )
            try:
                assert op.input_shape is not None  # every Organizations operation takes input
                validate_parameters(params, op.input_shape)
            except ParamValidationError as exc:
                raise OrgError("InvalidInputException", str(exc)) from None
            if operation in CHECKED:
                problems = check_payload(params, operation)
                if problems:
                    text = "; ".join(f"{p.path}: {p.message}" for p in problems)
                    raise OrgError("InvalidInputException", text)
            result = getattr(self, f"_{operation}")(params)
            if op.output_shape is not None:
                validate_parameters(result, op.output_shape)
            return 200, json.dumps(result).encode()
        except OrgError as exc:
            return 400, json.dumps({"__type": exc.code, "Message": exc.message}).encode()

    # ── helpers ───────────────────────────────────────────────────────────────────────────

    def _policy(self, policy_id: str) -> OrgPolicy:
        if policy_id not in self.policies:
            raise OrgError("PolicyNotFoundException", f"no policy {policy_id}")
        return self.policies[policy_id]

    def _arn(self, policy: OrgPolicy) -> str:
        kind = policy.type.lower()
        return f"arn:aws:organizations::{self.management}:policy/{ORG_ID}/{kind}/{policy.id}"

    def _summary(self, policy: OrgPolicy) -> dict[str, Any]:
        return {
            "Id": policy.id,
            "Arn": self._arn(policy),
            "Name": policy.name,
            "Description": policy.description,
            "Type": policy.type,
            "AwsManaged": False,
        }

    def _described(self, policy: OrgPolicy) -> dict[str, Any]:
        return {"Policy": {"PolicySummary": self._summary(policy), "Content": policy.content}}

    @staticmethod
    def _paged(items: list[dict[str, Any]], key: str, params: dict[str, Any]) -> dict[str, Any]:
        start = int(base64.b64decode(params["NextToken"])) if "NextToken" in params else 0
        out: dict[str, Any] = {key: items[start : start + PAGE]}
        if start + PAGE < len(items):
            out["NextToken"] = base64.b64encode(str(start + PAGE).encode()).decode()
        return out

    def _target_kind(self, target: str) -> str:
        if target == ROOT_ID:
            return "ROOT"
        if target in self.units:
            return "ORGANIZATIONAL_UNIT"
        if target in self.accounts or target == self.management:
            return "ACCOUNT"
        raise OrgError("TargetNotFoundException", f"no target {target}")

    # ── operations ────────────────────────────────────────────────────────────────────────

    def _ListRoots(self, params: dict[str, Any]) -> dict[str, Any]:
        root = {
            "Id": ROOT_ID,
            "Arn": f"arn:aws:organizations::{self.management}:root/{ORG_ID}/{ROOT_ID}",
            "Name": "Root",
            "PolicyTypes": [{"Type": t, "Status": "ENABLED"} for t in sorted(self.enabled)],
        }
        return self._paged([root], "Roots", params)

    def _EnablePolicyType(self, params: dict[str, Any]) -> dict[str, Any]:
        if params["RootId"] != ROOT_ID:
            raise OrgError("RootNotFoundException", params["RootId"])
        if params["PolicyType"] in self.enabled:
            raise OrgError("PolicyTypeAlreadyEnabledException", params["PolicyType"])
        self.enabled.add(params["PolicyType"])
        return {"Root": self._ListRoots({})["Roots"][0]}

    def _ListPolicies(self, params: dict[str, Any]) -> dict[str, Any]:
        found = [self._summary(p) for p in self.policies.values() if p.type == params["Filter"]]
        return self._paged(found, "Policies", params)

    def _DescribePolicy(self, params: dict[str, Any]) -> dict[str, Any]:
        return self._described(self._policy(params["PolicyId"]))

    def _CreatePolicy(self, params: dict[str, Any]) -> dict[str, Any]:
        json.loads(params["Content"])  # content that is not JSON is refused
        for policy in self.policies.values():
            if policy.name == params["Name"] and policy.type == params["Type"]:
                raise OrgError("DuplicatePolicyException", params["Name"])
        self._next += 1
        policy = OrgPolicy(
            id=f"p-{self._next:010d}",
            name=params["Name"],
            description=params["Description"],
            type=params["Type"],
            content=params["Content"],
        )
        self.policies[policy.id] = policy
        return self._described(policy)

    def _UpdatePolicy(self, params: dict[str, Any]) -> dict[str, Any]:
        policy = self._policy(params["PolicyId"])
        if "Content" in params:
            json.loads(params["Content"])
            policy.content = params["Content"]
        policy.name = params.get("Name", policy.name)
        policy.description = params.get("Description", policy.description)
        return self._described(policy)

    def _AttachPolicy(self, params: dict[str, Any]) -> dict[str, Any]:
        policy = self._policy(params["PolicyId"])
        self._target_kind(params["TargetId"])
        if policy.type not in self.enabled:
            raise OrgError("PolicyTypeNotEnabledException", policy.type)
        if params["TargetId"] in policy.targets:
            raise OrgError("DuplicatePolicyAttachmentException", params["TargetId"])
        policy.targets.append(params["TargetId"])
        return {}

    def _DetachPolicy(self, params: dict[str, Any]) -> dict[str, Any]:
        policy = self._policy(params["PolicyId"])
        if params["TargetId"] not in policy.targets:
            raise OrgError("PolicyNotAttachedException", params["TargetId"])
        policy.targets.remove(params["TargetId"])
        return {}

    def _DeletePolicy(self, params: dict[str, Any]) -> dict[str, Any]:
        policy = self._policy(params["PolicyId"])
        if policy.targets:
            raise OrgError("PolicyInUseException", policy.id)
        del self.policies[policy.id]
        return {}

    def _ListTargetsForPolicy(self, params: dict[str, Any]) -> dict[str, Any]:
        policy = self._policy(params["PolicyId"])
        targets = [
            {
                "TargetId": t,
                "Arn": f"arn:aws:organizations::{self.management}:target/{ORG_ID}/{t}",
                "Name": t,
                "Type": self._target_kind(t),
            }
            for t in policy.targets
        ]
        return self._paged(targets, "Targets", params)
