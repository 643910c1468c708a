"""Finding and reading deployed guardrails: ListGuardrails, GetGuardrail, ListTagsForResource.

GetGuardrail answers in other names than CreateGuardrail takes (bedrock-contract.md §1.5:
`topicPolicy.topics` for `topicPolicyConfig.topicsConfig`, `kmsKeyArn` for `kmsKeyId`, …).
`to_request` (in the boto3-free `response.py`) translates a response back into request names,
so the rest of guardc compares one shape only (`diff.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .client import AwsError, aws_errors, call
from .response import to_request

if TYPE_CHECKING:
    from mypy_boto3_bedrock.client import BedrockClient


@dataclass(frozen=True)
class Found:
    """A deployed guardrail's identity, and how it was found (`lock` or `name`)."""

    id: str
    arn: str
    found_by: str


@dataclass(frozen=True)
class Deployed:
    """A deployed guardrail as guardc compares it: the configuration in request names (no tags,
    no token), its tags, its status, and GetGuardrail's answer as it came (response names: what
    the behavioural plan rebuilds the deployed configuration from, through `guardc import`)."""

    id: str
    arn: str
    status: str
    config: dict[str, Any]
    tags: dict[str, str] = field(default_factory=dict)
    response: dict[str, Any] = field(default_factory=dict)


def find(client: BedrockClient, name: str, locked_id: str | None) -> Found | None:
    """The deployed guardrail called `name`: the lock file's id first (if it still exists),
    else the one of that name among all guardrails of the Region (ListGuardrails, every page).
    Names are unique per account and Region, so there is at most one."""
    if locked_id is not None:
        try:
            got = call("GetGuardrail", client.get_guardrail, guardrailIdentifier=locked_id)
        except AwsError as exc:
            if exc.code != "ResourceNotFoundException":
                raise
        else:
            return Found(got["guardrailId"], got["guardrailArn"], "lock")
    for summary in _summaries(client):
        if summary["name"] == name:
            return Found(summary["id"], summary["arn"], "name")
    return None


def _summaries(client: BedrockClient, identifier: str | None = None) -> list[dict[str, Any]]:
    """Every ListGuardrails summary (of all guardrails, or of one guardrail's versions)."""
    paginator = client.get_paginator("list_guardrails")
    pages = (
        paginator.paginate()
        if identifier is None
        else paginator.paginate(guardrailIdentifier=identifier)
    )
    out: list[dict[str, Any]] = []
    with aws_errors("ListGuardrails"):
        for page in pages:
            out.extend(dict(s) for s in page["guardrails"])
    return out


def read(client: BedrockClient, found: Found, version: str = "DRAFT") -> Deployed:
    """The guardrail's configuration at `version` (GetGuardrail) and its tags."""
    response = call(
        "GetGuardrail",
        client.get_guardrail,
        guardrailIdentifier=found.id,
        guardrailVersion=version,
    )
    got = call("ListTagsForResource", client.list_tags_for_resource, resourceARN=found.arn)
    tags = {t["key"]: t["value"] for t in got.get("tags", [])}
    return Deployed(
        id=found.id,
        arn=found.arn,
        status=response["status"],
        config=to_request(dict(response)),
        tags=tags,
        response=dict(response),
    )


def read_response(
    client: BedrockClient, identifier: str, version: str = "DRAFT"
) -> tuple[dict[str, Any], dict[str, str]]:
    """GetGuardrail's answer for one version as it came (response names) and the guardrail's
    tags: what `guardc import` translates into source."""
    response = call(
        "GetGuardrail",
        client.get_guardrail,
        guardrailIdentifier=identifier,
        guardrailVersion=version,
    )
    got = call(
        "ListTagsForResource",
        client.list_tags_for_resource,
        resourceARN=response["guardrailArn"],
    )
    tags = {t["key"]: t["value"] for t in got.get("tags", [])}
    return dict(response), tags


def all_ids(client: BedrockClient) -> list[str]:
    """The id of every guardrail of the Region (ListGuardrails, every page), oldest first as
    AWS lists them."""
    return [str(s["id"]) for s in _summaries(client)]


def read_config(client: BedrockClient, guardrail_id: str, version: str) -> dict[str, Any]:
    """The configuration of one version, in request names."""
    response = call(
        "GetGuardrail",
        client.get_guardrail,
        guardrailIdentifier=guardrail_id,
        guardrailVersion=version,
    )
    return to_request(dict(response))


def status(client: BedrockClient, guardrail_id: str) -> tuple[str, list[str]]:
    """The DRAFT's status (READY, UPDATING, …) and the reasons AWS gives for it."""
    response = call("GetGuardrail", client.get_guardrail, guardrailIdentifier=guardrail_id)
    return response["status"], list(response.get("statusReasons", []))


def newest_version(client: BedrockClient, guardrail_id: str) -> str | None:
    """The highest numbered version of the guardrail, or None before the first publish."""
    numbers = [
        int(s["version"])
        for s in _summaries(client, guardrail_id)
        if str(s.get("version", "")).isdigit()
    ]
    return str(max(numbers)) if numbers else None
