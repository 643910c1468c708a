"""A small evaluator of IAM identity policies, written for this project's tests.

Not AWS's engine: one account, one policy set at a time (no sessions, SCP hierarchy or
cross-account rules; a key policy is evaluated alone, its `Principal` matched exactly), but
faithful on what the compiled policies rely on:

* the decision: an explicit Deny wins; otherwise any Allow allows; otherwise implicit deny;
* `Action`/`NotAction` with `*` and `?` wildcards, case-insensitive;
* `Resource`/`NotResource` with wildcards, case-sensitive;
* conditions: every operator in a block and every key under it must hold (AND); the values of one
  key are alternatives (OR); `StringEquals`, `StringNotEquals`, `StringLike`, `StringNotLike`,
  `ArnEquals`, `ArnLike`, `ArnNotEquals`, `ArnNotLike` (ARNs compared per colon-separated part),
  `Bool`, `Null`, the `IfExists` suffix and the `ForAnyValue:`/`ForAllValues:` prefixes;
* missing keys: a positive operator is false, a negated one (`...Not...`) is true, `IfExists`
  is true, `ForAllValues` is true and `ForAnyValue` false (the IAM user guide's rules).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any

Context = Mapping[str, str | Sequence[str]]


class Decision(StrEnum):
    """The outcome of evaluating a request."""

    ALLOW = "allow"
    EXPLICIT_DENY = "explicit-deny"
    IMPLICIT_DENY = "implicit-deny"


@dataclass(frozen=True)
class Request:
    """One API call as IAM sees it: the action, the resource ARN and the request context."""

    action: str
    resource: str
    context: Context = field(default_factory=dict)
    principal: str | None = None  # the caller's ARN, matched against resource-policy Principals


@cache
def _glob(pattern: str, ignore_case: bool) -> re.Pattern[str]:
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def glob_match(pattern: str, value: str, *, ignore_case: bool = False) -> bool:
    """IAM wildcard match: `*` any run of characters, `?` one character, whole string."""
    return _glob(pattern, ignore_case).fullmatch(value) is not None


def arn_match(pattern: str, value: str) -> bool:
    """`ArnLike`: both split into six colon-separated parts (the last keeps its colons), each
    part matched with wildcards."""
    p_parts, v_parts = pattern.split(":", 5), value.split(":", 5)
    if len(p_parts) != 6 or len(v_parts) != 6:
        return False
    return all(glob_match(p, v) for p, v in zip(p_parts, v_parts, strict=True))


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _equal(pattern: str, value: str) -> bool:
    return pattern == value


_POSITIVE: dict[str, Callable[[str, str], bool]] = {
    "StringEquals": _equal,
    "StringLike": glob_match,
    "ArnEquals": _equal,
    "ArnLike": arn_match,
    "Bool": lambda p, v: str(p).lower() == str(v).lower(),
}
_NEGATED = {
    "StringNotEquals": "StringEquals",
    "StringNotLike": "StringLike",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
}


def _operator(name: str, key: str, expected: Any, context: Context) -> bool:
    """One operator on one key, with the missing-key and set-operator rules."""
    qualifier, _, op = name.rpartition(":")
    if_exists = op.endswith("IfExists")
    op = op.removesuffix("IfExists")
    values = [str(v) for v in _as_list(expected)]
    present = key in context
    if op == "Null":
        # `Null: true` holds when the key is absent; `false` when it is present.
        return any((v.lower() == "true") != present for v in values)
    if not present:
        if if_exists or qualifier == "ForAllValues":
            return True
        return op in _NEGATED and qualifier != "ForAnyValue"
    actual = [str(v) for v in _as_list(context[key])]
    negated = op in _NEGATED
    test = _POSITIVE[_NEGATED.get(op, op)]

    def one(value: str) -> bool:
        hit = any(test(p, value) for p in values)
        return not hit if negated else hit

    if qualifier == "ForAnyValue":
        return any(one(v) for v in actual)
    if qualifier == "ForAllValues":
        return all(one(v) for v in actual)
    if len(actual) != 1:
        raise ValueError(f"{key} is multivalued; use ForAnyValue/ForAllValues")
    return one(actual[0])


def conditions_hold(block: Mapping[str, Mapping[str, Any]] | None, context: Context) -> bool:
    """Every operator and every key of a Condition block holds for `context`."""
    if not block:
        return True
    return all(
        _operator(op, key, expected, context)
        for op, keys in block.items()
        for key, expected in keys.items()
    )


def _matches_any(patterns: Iterable[Any], value: str, *, action: bool) -> bool:
    for p in patterns:
        if not isinstance(p, str):
            raise TypeError(f"not a literal: {p!r}")
        if glob_match(p, value, ignore_case=action):
            return True
    return False


def _principal_matches(stmt: Mapping[str, Any], principal: str | None) -> bool:
    """Resource policies (key policies) name who they apply to; identity policies do not. Only
    exact ARNs and `*` are understood (no account-root delegation to IAM policies)."""
    if "Principal" not in stmt:
        return True
    named = stmt["Principal"]
    arns = _as_list(named.get("AWS", [])) if isinstance(named, Mapping) else _as_list(named)
    return "*" in arns or (principal is not None and principal in arns)


def statement_applies(stmt: Mapping[str, Any], request: Request) -> bool:
    """Whether a statement's principal, action, resource and condition all match the request."""
    if not _principal_matches(stmt, request.principal):
        return False
    if "Action" in stmt:
        if not _matches_any(_as_list(stmt["Action"]), request.action, action=True):
            return False
    elif _matches_any(_as_list(stmt["NotAction"]), request.action, action=True):
        return False
    if "Resource" in stmt:
        if not _matches_any(_as_list(stmt["Resource"]), request.resource, action=False):
            return False
    elif _matches_any(_as_list(stmt["NotResource"]), request.resource, action=False):
        return False
    return conditions_hold(stmt.get("Condition"), request.context)


def evaluate(policies: Sequence[Mapping[str, Any]], request: Request) -> Decision:
    """The decision for `request` under a set of identity policies attached to one principal."""
    allowed = False
    for policy in policies:
        for stmt in _as_list(policy["Statement"]):
            if not statement_applies(stmt, request):
                continue
            if stmt["Effect"] == "Deny":
                return Decision.EXPLICIT_DENY
            allowed = True
    return Decision.ALLOW if allowed else Decision.IMPLICIT_DENY
