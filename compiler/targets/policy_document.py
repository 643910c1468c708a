"""IAM policy documents: the JSON value type and the canonical statement builder shared by the
IAM and KMS documents (`iam.py`, `kms.py`) and the CloudFormation template that embeds them.

Not a target. Statements are canonical so documents diff and hash stably: actions and resources
sorted and de-duplicated, a condition only when there is one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeAlias

VERSION = "2012-10-17"  # the IAM policy language version every document declares

# A JSON value; policy documents hold CloudFormation intrinsics (`{"Fn::GetAtt": [...]}`) too.
# Read-only (covariant) containers, so `list[str]` is a JsonValue without copies or casts.
JsonValue: TypeAlias = "str | int | float | Sequence[JsonValue] | Mapping[str, JsonValue] | None"
Statement: TypeAlias = dict[str, JsonValue]


def _order(value: JsonValue) -> str:
    return json.dumps(value, sort_keys=True)


def statement(
    sid: str,
    effect: str,
    actions: Iterable[str],
    resources: str | Mapping[str, JsonValue] | Iterable[JsonValue],
    condition: dict[str, JsonValue] | None = None,
    *,
    principal: list[str] | None = None,
) -> Statement:
    """One policy statement in canonical form: actions and resources as sorted, de-duplicated
    lists (resources may be CloudFormation intrinsics), a condition only when there is one."""
    items = [resources] if isinstance(resources, str | Mapping) else list(resources)
    unique = {_order(r): r for r in items}
    result: Statement = {
        "Sid": sid,
        "Effect": effect,
        "Action": sorted(set(actions)),
        "Resource": [unique[k] for k in sorted(unique)],
    }
    if principal is not None:
        result["Principal"] = {"AWS": list(principal)}
    if condition:
        result["Condition"] = condition
    return result
