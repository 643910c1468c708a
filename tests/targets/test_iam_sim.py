"""Unit tests of the project's own IAM policy simulator (tests/iam_sim.py)."""

from __future__ import annotations

from typing import Any

import pytest
from iam_sim import Decision, Request, arn_match, conditions_hold, evaluate, glob_match

ARN = "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123def456"


def policy(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    stmt: dict[str, Any] = {"Effect": "Allow", "Action": action, "Resource": resource}
    if condition:
        stmt["Condition"] = condition
    return stmt


def deny(action: Any, resource: Any, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    return {**allow(action, resource, condition), "Effect": "Deny"}


def test_no_policy_is_implicit_deny() -> None:
    assert evaluate([], Request("s3:GetObject", "arn:aws:s3:::b/k")) is Decision.IMPLICIT_DENY


def test_allow_then_explicit_deny_wins_in_any_order() -> None:
    request = Request("s3:GetObject", "arn:aws:s3:::b/k")
    a, d = policy(allow("s3:GetObject", "*")), policy(deny("s3:GetObject", "arn:aws:s3:::b/*"))
    assert evaluate([a], request) is Decision.ALLOW
    assert evaluate([a, d], request) is Decision.EXPLICIT_DENY
    assert evaluate([d, a], request) is Decision.EXPLICIT_DENY


def test_deny_alone_does_not_allow_other_calls() -> None:
    d = policy(deny("s3:GetObject", "*"))
    assert evaluate([d], Request("s3:PutObject", "arn:aws:s3:::b/k")) is Decision.IMPLICIT_DENY


@pytest.mark.parametrize(
    ("pattern", "value", "ignore_case", "expected"),
    [
        ("s3:Get*", "s3:GetObject", False, True),
        ("s3:Get*", "s3:PutObject", False, False),
        ("s3:get*", "s3:GetObject", True, True),
        ("s3:get*", "s3:GetObject", False, False),
        ("a?c", "abc", False, True),
        ("a?c", "abbc", False, False),
        ("arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y", False, True),
        ("a.c", "abc", False, False),  # regex metacharacters are literal
    ],
)
def test_glob(pattern: str, value: str, ignore_case: bool, expected: bool) -> None:
    assert glob_match(pattern, value, ignore_case=ignore_case) is expected


def test_actions_are_case_insensitive_resources_are_not() -> None:
    p = policy(allow("BEDROCK:applyguardrail", ARN))
    assert evaluate([p], Request("bedrock:ApplyGuardrail", ARN)) is Decision.ALLOW
    assert evaluate([p], Request("bedrock:ApplyGuardrail", ARN.upper())) is Decision.IMPLICIT_DENY


def test_not_action_and_not_resource() -> None:
    p = policy({"Effect": "Allow", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::secret/*"})
    assert evaluate([p], Request("s3:GetObject", "arn:aws:s3:::b/k")) is Decision.ALLOW
    assert evaluate([p], Request("iam:CreateUser", "*")) is Decision.IMPLICIT_DENY
    assert evaluate([p], Request("s3:GetObject", "arn:aws:s3:::secret/k")) is (
        Decision.IMPLICIT_DENY
    )


def test_arn_like_matches_per_part() -> None:
    assert arn_match("arn:aws:bedrock:*:*:guardrail/*", ARN)
    assert arn_match(f"{ARN}:*", f"{ARN}:3")
    assert not arn_match(f"{ARN}:*", ARN)
    # `*` in the Region part cannot swallow the account part's colon
    assert not arn_match("arn:aws:bedrock:*:guardrail/abc123def456", ARN)
    assert not arn_match("not-an-arn", "also-not")


KEY = "bedrock:GuardrailIdentifier"


@pytest.mark.parametrize(
    ("operator", "context", "expected"),
    [
        ("StringEquals", {KEY: ARN}, True),
        ("StringEquals", {KEY: ARN + ":1"}, False),
        ("StringEquals", {}, False),  # missing key: positive operator is false
        ("StringNotEquals", {KEY: ARN}, False),
        ("StringNotEquals", {KEY: ARN + ":1"}, True),
        ("StringNotEquals", {}, True),  # missing key: negated operator is true
        ("StringEqualsIfExists", {}, True),
        ("StringNotEqualsIfExists", {}, True),
        ("ArnLike", {KEY: ARN}, True),
        ("ArnNotLike", {}, True),
        ("ArnNotLike", {KEY: ARN}, False),
        ("StringLike", {KEY: ARN}, True),
        ("StringNotLike", {KEY: "x"}, True),
        ("ArnEquals", {KEY: ARN}, True),
        ("ArnNotEquals", {KEY: ARN}, False),
    ],
)
def test_condition_operators(operator: str, context: dict[str, str], expected: bool) -> None:
    assert conditions_hold({operator: {KEY: ARN}}, context) is expected


def test_condition_values_are_or_keys_and_operators_are_and() -> None:
    block = {"StringEquals": {"a": ["1", "2"], "b": "x"}}
    assert conditions_hold(block, {"a": "2", "b": "x"})
    assert not conditions_hold(block, {"a": "3", "b": "x"})
    assert not conditions_hold(block, {"a": "1"})
    both = {"StringEquals": {"a": "1"}, "StringNotEquals": {"b": "x"}}
    assert conditions_hold(both, {"a": "1", "b": "y"})
    assert not conditions_hold(both, {"a": "1", "b": "x"})


def test_negated_operator_with_several_values_denies_only_outside_the_set() -> None:
    block = {"StringNotEquals": {"a": ["1", "2"]}}
    assert not conditions_hold(block, {"a": "1"})
    assert conditions_hold(block, {"a": "3"})


def test_null_operator() -> None:
    assert conditions_hold({"Null": {"k": "true"}}, {})
    assert not conditions_hold({"Null": {"k": "true"}}, {"k": "v"})
    assert conditions_hold({"Null": {"k": "false"}}, {"k": "v"})
    assert not conditions_hold({"Null": {"k": "false"}}, {})


def test_set_operators_and_missing_keys() -> None:
    any_alias = {"ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/g"}}
    assert conditions_hold(any_alias, {"kms:ResourceAliases": ["alias/x", "alias/g"]})
    assert not conditions_hold(any_alias, {"kms:ResourceAliases": ["alias/x"]})
    assert not conditions_hold(any_alias, {})  # ForAnyValue: missing key is false
    all_of = {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}
    assert conditions_hold(all_of, {"aws:TagKeys": ["a"]})
    assert not conditions_hold(all_of, {"aws:TagKeys": ["a", "c"]})
    assert conditions_hold(all_of, {})  # ForAllValues: missing key is true


def test_multivalued_key_needs_a_set_operator() -> None:
    with pytest.raises(ValueError, match="multivalued"):
        conditions_hold({"StringEquals": {"k": "a"}}, {"k": ["a", "b"]})


def test_bool_operator() -> None:
    block = {"Bool": {"aws:SecureTransport": "true"}}
    assert conditions_hold(block, {"aws:SecureTransport": "True"})
    assert not conditions_hold(block, {"aws:SecureTransport": "false"})


def test_intrinsics_are_refused() -> None:
    p = policy(allow("s3:GetObject", {"Fn::GetAtt": ["X", "Arn"]}))
    with pytest.raises(TypeError):
        evaluate([p], Request("s3:GetObject", "arn:aws:s3:::b/k"))


def test_principal_of_a_resource_policy() -> None:
    role = "arn:aws:iam::111122223333:role/app"
    p = policy({**allow("kms:Decrypt", "*"), "Principal": {"AWS": [role]}})
    assert evaluate([p], Request("kms:Decrypt", "k", principal=role)) is Decision.ALLOW
    other = role.replace("app", "other")
    assert evaluate([p], Request("kms:Decrypt", "k", principal=other)) is Decision.IMPLICIT_DENY
    assert evaluate([p], Request("kms:Decrypt", "k")) is Decision.IMPLICIT_DENY
    anyone = policy({**allow("kms:Decrypt", "*"), "Principal": "*"})
    assert evaluate([anyone], Request("kms:Decrypt", "k", principal=other)) is Decision.ALLOW
