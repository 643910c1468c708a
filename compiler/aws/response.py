"""GetGuardrail's answer in CreateGuardrail's names, without AWS.

GetGuardrail answers in other names than CreateGuardrail takes (bedrock-contract.md §1.5:
`topicPolicy.topics` for `topicPolicyConfig.topicsConfig`, `kmsKeyArn` for `kmsKeyId`, ...).
`to_request` translates a response back into request names, so the rest of guardc compares one
shape only (`diff.py`), and `importer.py` reads it. Pure: no boto3 here, so the importer and its
tests need no SDK.
"""

from __future__ import annotations

from typing import Any

# GetGuardrail response member → (request member, {inner response name → inner request name}).
POLICIES: dict[str, tuple[str, dict[str, str]]] = {
    "topicPolicy": ("topicPolicyConfig", {"topics": "topicsConfig", "tier": "tierConfig"}),
    "contentPolicy": ("contentPolicyConfig", {"filters": "filtersConfig", "tier": "tierConfig"}),
    "wordPolicy": (
        "wordPolicyConfig",
        {"words": "wordsConfig", "managedWordLists": "managedWordListsConfig"},
    ),
    "sensitiveInformationPolicy": (
        "sensitiveInformationPolicyConfig",
        {"piiEntities": "piiEntitiesConfig", "regexes": "regexesConfig"},
    ),
    "contextualGroundingPolicy": (
        "contextualGroundingPolicyConfig",
        {"filters": "filtersConfig", "tier": "tierConfig"},
    ),
    "automatedReasoningPolicy": ("automatedReasoningPolicyConfig", {}),
}
SAME_NAME = ("name", "description", "blockedInputMessaging", "blockedOutputsMessaging")
# Members of a GetGuardrail response that describe the resource, not its configuration.
METADATA = frozenset(
    {
        "ResponseMetadata",
        "guardrailId",
        "guardrailArn",
        "version",
        "status",
        "statusReasons",
        "failureRecommendations",
        "createdAt",
        "updatedAt",
    }
)


def to_request(response: dict[str, Any]) -> dict[str, Any]:
    """A GetGuardrail response as the CreateGuardrail members it stands for (tags aside)."""
    request: dict[str, Any] = {k: response[k] for k in SAME_NAME if k in response}
    if "kmsKeyArn" in response:
        request["kmsKeyId"] = response["kmsKeyArn"]
    details = response.get("crossRegionDetails") or {}
    profile = details.get("guardrailProfileId") or details.get("guardrailProfileArn")
    if profile:
        request["crossRegionConfig"] = {"guardrailProfileIdentifier": profile}
    for name, (request_name, inner) in POLICIES.items():
        if name in response:
            policy = response[name]
            request[request_name] = {inner.get(k, k): v for k, v in policy.items()}
    return request
