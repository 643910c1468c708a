"""The wire side of the stand-in control plane (tests/aws_standin.py): requests and responses
read and written by botocore's service model for `bedrock`, so routes, member locations, names
and timestamp formats come from the model rather than from hand-typed tables."""

from __future__ import annotations

import copy
import re
from typing import Any

import botocore.session

ACCOUNT = "111122223333"
# Create/Update request member → GetGuardrail response member, and the same for the lists and
# tier inside each policy (bedrock-contract.md §1.5). Items keep their member names.
RESPONSE_NAMES = {
    "topicPolicyConfig": ("topicPolicy", {"topicsConfig": "topics", "tierConfig": "tier"}),
    "contentPolicyConfig": ("contentPolicy", {"filtersConfig": "filters", "tierConfig": "tier"}),
    "wordPolicyConfig": (
        "wordPolicy",
        {"wordsConfig": "words", "managedWordListsConfig": "managedWordLists"},
    ),
    "sensitiveInformationPolicyConfig": (
        "sensitiveInformationPolicy",
        {"piiEntitiesConfig": "piiEntities", "regexesConfig": "regexes"},
    ),
    "contextualGroundingPolicyConfig": (
        "contextualGroundingPolicy",
        {"filtersConfig": "filters", "tierConfig": "tier"},
    ),
    "automatedReasoningPolicyConfig": ("automatedReasoningPolicy", {}),
}
CONFIG_MEMBERS = (
    "name",
    "description",
    "blockedInputMessaging",
    "blockedOutputsMessaging",
    "kmsKeyId",
    "crossRegionConfig",
    *RESPONSE_NAMES,
)


def model() -> Any:
    return botocore.session.get_session().get_service_model("bedrock")


def route(template: str) -> re.Pattern[str]:
    """The model's `requestUri` (`/guardrails/{guardrailIdentifier}`) as a path regex."""
    path = template.split("?", 1)[0]
    pattern = re.sub(r"\\\{([A-Za-z0-9_]+)\\\}", r"(?P<\1>[^/]+)", re.escape(path))
    return re.compile(pattern + r"\Z")


def convert(shape: Any, value: str) -> Any:
    """A URI or query-string value as the member's type."""
    if shape.type_name in ("integer", "long"):
        return int(value)
    if shape.type_name == "boolean":
        return value == "true"
    return value


def from_json(shape: Any, value: Any) -> Any:
    """A JSON body value as botocore's parser would give it (member names from the model)."""
    if shape.type_name == "structure" and isinstance(value, dict):
        out = {}
        for name, member in shape.members.items():
            wire = member.serialization.get("name", name)
            if wire in value:
                out[name] = from_json(member, value[wire])
        for key in value:  # unknown members stay, so validation reports them
            if key not in {m.serialization.get("name", n) for n, m in shape.members.items()}:
                out[key] = value[key]
        return out
    if shape.type_name == "list" and isinstance(value, list):
        return [from_json(shape.member, v) for v in value]
    return value


def to_json(shape: Any, value: Any) -> Any:
    """A response value on the wire: member names from the model, timestamps as the shape says."""
    if shape.type_name == "structure":
        return {
            shape.members[n].serialization.get("name", n): to_json(shape.members[n], v)
            for n, v in value.items()
        }
    if shape.type_name == "list":
        return [to_json(shape.member, v) for v in value]
    if shape.type_name == "timestamp":
        assert shape.serialization.get("timestampFormat") == "iso8601", shape.serialization
        text: str = value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        return text
    return value


def signed_region(headers: dict[str, str]) -> str:
    """The Region the client signed for (`Credential=AKID/20260101/eu-west-1/bedrock/...`)."""
    auth = next((v for k, v in headers.items() if k.lower() == "authorization"), "")
    found = re.search(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/", auth)
    return found.group(1) if found else "us-east-1"


def key_arn(key: str, region: str) -> str:
    """GetGuardrail's `kmsKeyArn`: the key ARN, whatever form the request named the key in."""
    if key.startswith("arn:"):
        return key
    if key.startswith("alias/"):  # the stand-in resolves every alias to one made-up key
        return f"arn:aws:kms:{region}:{ACCOUNT}:key/00000000-0000-0000-0000-000000000000"
    return f"arn:aws:kms:{region}:{ACCOUNT}:key/{key}"


def as_response(config: dict[str, Any], region: str, fill_defaults: bool) -> dict[str, Any]:
    """GetGuardrail's members for a configuration stored in request names. Lists come back
    reversed (AWS promises no order) and, with `fill_defaults`, with the defaults a request may
    leave out filled in (tier CLASSIC, TEXT modalities)."""
    out: dict[str, Any] = {}
    for key in ("name", "description", "blockedInputMessaging", "blockedOutputsMessaging"):
        if key in config:
            out[key] = config[key]
    if "kmsKeyId" in config:
        out["kmsKeyArn"] = key_arn(config["kmsKeyId"], region)
    if "crossRegionConfig" in config:
        profile = config["crossRegionConfig"]["guardrailProfileIdentifier"]
        pid = profile.rsplit("/", 1)[-1]
        out["crossRegionDetails"] = {
            "guardrailProfileId": pid,
            "guardrailProfileArn": f"arn:aws:bedrock:{region}:{ACCOUNT}:guardrail-profile/{pid}",
        }
    for request_name, (response_name, inner) in RESPONSE_NAMES.items():
        if request_name in config:
            out[response_name] = _policy(config[request_name], inner, fill_defaults)
    return out


def _policy(policy: dict[str, Any], inner: dict[str, str], fill_defaults: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in policy.items():
        item = copy.deepcopy(value)
        if isinstance(item, list):
            item.reverse()
            for entry in item:
                if fill_defaults and isinstance(entry, dict) and "inputStrength" in entry:
                    entry.setdefault("inputModalities", ["TEXT"])
                    entry.setdefault("outputModalities", ["TEXT"])
        out[inner.get(key, key)] = item
    if fill_defaults and "tier" in inner.values() and "tier" not in out:
        out["tier"] = {"tierName": "CLASSIC"}
    return out
