"""Single calls whose parameters matter, checked with botocore's Stubber on a real client (the
client validates and serialises each request; the Stubber asserts the parameters exactly), and
the difference engine on its own."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import Stubber

from compiler.aws.client import Settings, bedrock_client
from compiler.aws.deploy import Desired, Planned, apply, sha256
from compiler.aws.diff import Change, diff, diff_tags
from compiler.aws.lockfile import LockEntry
from compiler.aws.remote import Deployed, Found
from compiler.aws.response import to_request
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load
from compiler.targets.bedrock import payload, update_payload

ROOT = Path(__file__).resolve().parents[2]
ARN = "arn:aws:bedrock:eu-west-1:111122223333:guardrail/abcdefghijkl"
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return bedrock_client(Settings(region="eu-west-1"))


def retail() -> tuple[Any, dict[str, Any]]:
    sink = Diagnostics()
    policy = load([ROOT / "examples" / "retail_support.guard"], sink).policy
    guardrail = policy.guardrail("retail-support")
    assert guardrail is not None
    return guardrail, payload(guardrail)


def planned_update(desired: Desired, deployed_tags: dict[str, str], publish: bool) -> Planned:
    deployed = Deployed("abcdefghijkl", ARN, "READY", {"name": desired.name}, deployed_tags)
    changes, _ = diff(desired.config, deployed.config)
    return Planned(
        desired,
        "eu-west-1",
        Found("abcdefghijkl", ARN, "lock"),
        deployed,
        changes,
        diff_tags(desired.tags, deployed_tags),
        publish=publish,
        newest="4",
    )


def test_update_tag_and_version_calls_carry_exactly_these_parameters(client: Any) -> None:
    guardrail, request = retail()
    desired = Desired("retail-support", request, "eu-west-1")
    planned = planned_update(
        desired, {"team": "old", "stale": "x", "aws:cloudformation": "y"}, True
    )
    token = sha256(["abcdefghijkl", desired.config_sha256, "4"])
    with Stubber(client) as stub:
        stub.add_response(
            "update_guardrail",
            {
                "guardrailId": "abcdefghijkl",
                "guardrailArn": ARN,
                "version": "DRAFT",
                "updatedAt": NOW,
            },
            # the target's own UpdateGuardrail request: whole configuration, no tags, no token
            update_payload(guardrail, "abcdefghijkl"),
        )
        stub.add_response(
            "tag_resource",
            {},
            {
                "resourceARN": ARN,
                "tags": [
                    {"key": "data-classification", "value": "public"},
                    {"key": "team", "value": "customer-care"},
                ],
            },
        )
        stub.add_response(
            "untag_resource", {}, {"resourceARN": ARN, "tagKeys": ["stale"]}
        )  # aws: tags are AWS's: never removed
        stub.add_response(
            "get_guardrail",
            {
                "name": "retail-support",
                "guardrailId": "abcdefghijkl",
                "guardrailArn": ARN,
                "version": "DRAFT",
                "status": "READY",
                "createdAt": NOW,
                "updatedAt": NOW,
                "blockedInputMessaging": "x",
                "blockedOutputsMessaging": "y",
            },
            {"guardrailIdentifier": "abcdefghijkl"},
        )
        stub.add_response(
            "create_guardrail_version",
            {"guardrailId": "abcdefghijkl", "version": "5"},
            {
                "guardrailIdentifier": "abcdefghijkl",
                "description": f"guardc: configuration sha256 {desired.config_sha256[:16]}",
                "clientRequestToken": token,
            },
        )
        applied = apply(client, planned, None)
        stub.assert_no_pending_responses()
    assert applied.writes == [
        "UpdateGuardrail",
        "TagResource",
        "UntagResource",
        "CreateGuardrailVersion",
    ]
    assert applied.entry == LockEntry(
        id="abcdefghijkl",
        arn=ARN,
        version="5",
        payload_sha256=desired.payload_sha256,
        published_sha256=desired.config_sha256,
    )
    assert re.fullmatch(r"[a-zA-Z0-9]([-a-zA-Z0-9]{0,254}[a-zA-Z0-9])?", token)


def test_the_version_token_differs_when_the_same_content_follows_another_version() -> None:
    """Publishing A, then B, then A again must make a third version, not return the first."""
    config = sha256({"name": "a"})
    assert sha256(["id", config, None]) != sha256(["id", config, "2"])


def test_create_sends_the_compiled_payload_with_its_token(client: Any) -> None:
    _, request = retail()
    desired = Desired("retail-support", request, "eu-west-1")
    changes, _ = diff(desired.config, {})
    planned = Planned(desired, "eu-west-1", None, None, changes, [])
    with Stubber(client) as stub:
        stub.add_response(
            "create_guardrail",
            {
                "guardrailId": "abcdefghijkl",
                "guardrailArn": ARN,
                "version": "DRAFT",
                "createdAt": NOW,
            },
            request,
        )
        stub.add_response(
            "list_guardrails", {"guardrails": []}, {"guardrailIdentifier": "abcdefghijkl"}
        )
        applied = apply(client, planned, None)
        stub.assert_no_pending_responses()
    assert request["clientRequestToken"] == sha256(
        {k: v for k, v in request.items() if k != "clientRequestToken"}
    )
    assert applied.entry.version is None


# ── the difference engine ──────────────────────────────────────────────────────────────────


BASE: dict[str, Any] = {
    "name": "g",
    "blockedInputMessaging": "no",
    "blockedOutputsMessaging": "no",
    "contentPolicyConfig": {
        "filtersConfig": [
            {"type": "HATE", "inputStrength": "HIGH", "outputStrength": "HIGH",
             "inputEnabled": True, "outputEnabled": True, "inputAction": "BLOCK",
             "outputAction": "BLOCK"},
            {"type": "PROMPT_ATTACK", "inputStrength": "HIGH", "outputStrength": "NONE",
             "inputEnabled": True, "outputEnabled": False, "inputAction": "BLOCK"},
        ]
    },
    "sensitiveInformationPolicyConfig": {
        "piiEntitiesConfig": [
            {"type": "EMAIL", "action": "ANONYMIZE", "inputEnabled": False,
             "outputEnabled": True, "outputAction": "ANONYMIZE"},
        ]
    },
}  # fmt: skip


def texts(changes: list[Change]) -> list[str]:
    return [c.text() for c in changes]


def test_order_defaults_and_switched_off_sides_are_not_differences() -> None:
    deployed = to_request(
        {
            "name": "g",
            "blockedInputMessaging": "no",
            "blockedOutputsMessaging": "no",
            "contentPolicy": {
                "filters": [
                    {**f, "inputModalities": ["TEXT"], "outputModalities": ["TEXT"]}
                    for f in reversed(BASE["contentPolicyConfig"]["filtersConfig"])
                ],
                "tier": {"tierName": "CLASSIC"},
            },
            "sensitiveInformationPolicy": {
                "piiEntities": [
                    # a switched-off side may come back with an action: it is still off
                    {**BASE["sensitiveInformationPolicyConfig"]["piiEntitiesConfig"][0],
                     "inputAction": "BLOCK"}
                ]
            },
        }
    )  # fmt: skip
    assert diff(BASE, deployed) == ([], [])


def test_changes_are_phrased_in_the_language() -> None:
    new = {
        **BASE,
        "contentPolicyConfig": {
            "filtersConfig": [
                {**BASE["contentPolicyConfig"]["filtersConfig"][0], "inputStrength": "LOW",
                 "outputAction": "NONE"},
                BASE["contentPolicyConfig"]["filtersConfig"][1],
            ],
            "tierConfig": {"tierName": "STANDARD"},
        },
        "sensitiveInformationPolicyConfig": {
            "piiEntitiesConfig": [
                {"type": "EMAIL", "action": "BLOCK", "inputEnabled": True, "inputAction": "BLOCK",
                 "outputEnabled": True, "outputAction": "BLOCK"},
                {"type": "US_SOCIAL_SECURITY_NUMBER", "action": "BLOCK", "inputEnabled": True,
                 "inputAction": "BLOCK", "outputEnabled": True, "outputAction": "BLOCK"},
            ]
        },
        "description": "now described",
    }  # fmt: skip
    changes, _ = diff(new, BASE)
    assert texts(changes) == [
        '+ description: "now described"',
        "~ filters tier: classic → standard",
        "~ filter hate: input high → low",
        "~ filter hate: output high → high, detect",
        "~ pii email addresses: input off → block",
        "~ pii email addresses: output mask → block",
        "~ pii email addresses: legacy action mask → block",
        "+ pii us social security numbers: input block, output block",
    ]
    assert texts(diff(BASE, new)[0])[-1] == (
        "- pii us social security numbers (was input block, output block)"
    )


def test_keys_and_profiles_compare_by_id_whatever_form_names_them() -> None:
    key = "1234abcd-12ab-34cd-56ef-1234567890ab"
    arn = f"arn:aws:kms:eu-west-1:111122223333:key/{key}"
    assert diff({**BASE, "kmsKeyId": key}, {**BASE, "kmsKeyId": arn}) == ([], [])
    other = arn.replace("1234abcd", "99999999")
    assert texts(diff({**BASE, "kmsKeyId": key}, {**BASE, "kmsKeyId": other})[0]) == [
        f"~ encryption key: {other} → {key}"
    ]
    changes, notes = diff({**BASE, "kmsKeyId": "alias/guardrails"}, {**BASE, "kmsKeyId": arn})
    assert changes == [] and "alias" in notes[0]
    profile_arn = "arn:aws:bedrock:us-east-1:111122223333:guardrail-profile/us.guardrail.v1:0"
    details = {"guardrailProfileId": "us.guardrail.v1:0", "guardrailProfileArn": profile_arn}
    got = {**BASE, **to_request({"crossRegionDetails": details})}
    desired = {**BASE, "crossRegionConfig": {"guardrailProfileIdentifier": profile_arn}}
    assert diff(desired, got) == ([], [])


def test_members_without_a_phrase_are_still_compared() -> None:
    deployed = {
        **BASE,
        "contentPolicyConfig": {
            "filtersConfig": [
                {**BASE["contentPolicyConfig"]["filtersConfig"][0], "futureMember": 1},
                BASE["contentPolicyConfig"]["filtersConfig"][1],
            ]
        },
        "futureTopLevel": {"a": 1},
    }
    assert texts(diff(BASE, deployed)[0]) == [
        '- futureTopLevel (was {"a": 1})',
        "~ filter hate: futureMember 1 → not set",
    ]


def test_tags_managed_by_aws_are_left_alone() -> None:
    assert texts(diff_tags({"a": "1"}, {"a": "2", "aws:cloudformation:stack-name": "s"})) == [
        '~ tag a: "2" → "1"'
    ]


def test_no_code_path_deletes_a_guardrail() -> None:
    """Next to the stand-in's record of every call: no module calls the boto3 method."""
    for path in (ROOT / "compiler").rglob("*.py"):
        assert "delete_guardrail" not in path.read_text(encoding="utf-8"), path
