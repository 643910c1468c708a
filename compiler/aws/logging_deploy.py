"""Plan and apply the model invocation logging configuration of one account and Region.

`plan_logging` reads GetModelInvocationLoggingConfiguration and compares it, member by member,
with the compiled PutModelInvocationLoggingConfiguration request (`logging.json`); `apply_logging`
sends the Put only when something differs. The configuration is a single document per account
and Region (PUT semantics), so "drift" is any member set otherwise than the sources say,
including logging switched off (no `loggingConfig` in the response). Nothing here calls
DeleteModelInvocationLoggingConfiguration: removing the `logging:` block leaves logging as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .client import call
from .diff import Change

if TYPE_CHECKING:
    from mypy_boto3_bedrock.client import BedrockClient

SUBJECT = "invocation logging"


@dataclass
class LoggingPlan:
    """What `apply` would do to the logging configuration, and why."""

    region: str
    desired: dict[str, Any]  # the Put request: {"loggingConfig": {...}}
    deployed: dict[str, Any] | None  # the deployed loggingConfig, None when logging is off
    changes: list[Change] = field(default_factory=list)
    writes: list[str] = field(default_factory=list)

    @property
    def action(self) -> str:
        """`create` (logging is off), `update` or `none`."""
        if self.deployed is None:
            return "create"
        return "update" if self.changes else "none"


def _flat(value: Any, prefix: str = "") -> dict[str, Any]:
    """`{"a": {"b": 1}}` → `{"a.b": 1}`: members by dotted path."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flat(item, f"{prefix}.{key}" if prefix else key))
        return out
    return {prefix: value}


def _show(value: Any) -> str | None:
    return None if value is None else json.dumps(value)


def differences(desired: dict[str, Any], deployed: dict[str, Any] | None) -> list[Change]:
    """Each member of the desired loggingConfig that the deployed one sets otherwise, and each
    deployed member the desired one leaves out. A data flag the service leaves out is false."""
    want = _flat(desired)
    have = _flat(deployed or {})
    for flag in [k for k in want if k.endswith("DataDeliveryEnabled")]:
        have.setdefault(flag, False)
    changes: list[Change] = []
    for key in sorted(set(want) | set(have)):
        if want.get(key) != have.get(key):
            changes.append(Change(SUBJECT, key, _show(have.get(key)), _show(want.get(key))))
    return changes


def plan_logging(client: BedrockClient, desired: dict[str, Any]) -> LoggingPlan:
    """Read the deployed configuration and compare it with `desired` (the Put request)."""
    got = call(
        "GetModelInvocationLoggingConfiguration",
        client.get_model_invocation_logging_configuration,
    )
    deployed = got.get("loggingConfig")
    deployed_config = dict(deployed) if deployed else None
    region = str(client.meta.region_name)
    changes = differences(desired["loggingConfig"], deployed_config)
    return LoggingPlan(region, desired, deployed_config, changes)


def apply_logging(client: BedrockClient, planned: LoggingPlan) -> LoggingPlan:
    """Send the Put when the plan has changes; `planned.writes` records it."""
    if planned.changes or planned.deployed is None:
        call(
            "PutModelInvocationLoggingConfiguration",
            client.put_model_invocation_logging_configuration,
            **planned.desired,
        )
        planned.writes.append("PutModelInvocationLoggingConfiguration")
    return planned


def plan_lines(planned: LoggingPlan) -> list[str]:
    """The plan's text for the logging configuration."""
    head = {"create": "turn on", "update": "update", "none": "no changes"}[planned.action]
    lines = [f"invocation logging in {planned.region}: {head}"]
    lines += [f"  {c.text()}" for c in planned.changes]
    return [*lines, ""]


def plan_json(planned: LoggingPlan) -> dict[str, Any]:
    """The plan's JSON member `logging`."""
    return {
        "region": planned.region,
        "action": planned.action,
        "changes": [
            {"field": c.field, "old": c.old, "new": c.new, "text": c.text()}
            for c in planned.changes
        ],
    }


__all__ = [
    "LoggingPlan",
    "apply_logging",
    "differences",
    "plan_json",
    "plan_lines",
    "plan_logging",
]
