"""The service's rules for guardrail payloads that Bedrock's model cannot express.

From bedrock-contract.md §1.2, §2 and §7: the topic definition limit depends on the tier; a
PROMPT_ATTACK filter has no output strength; the STANDARD tier and automated reasoning need a
cross-Region profile; grounding thresholds stop at 0.99; names, keys and types are unique within
their lists. `bedrock_model.check_payload` runs these after the model's own constraints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One reason a payload would be rejected: where (`topicPolicyConfig.topicsConfig[3].name`)
    and why."""

    path: str
    message: str


def _fmt(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


# The model says 200 for every tier; guardrails-tiers.html and the CloudFormation schema say
# 1,000 for STANDARD. CLASSIC keeps the model's number.
STANDARD_DEFINITION_MAX = 1000
# Image content filters by Region (guardrails-mmfilter.html, "Prerequisites and Limitations"):
# generally available, for all six categories, in these Regions; in preview, for hate, insults,
# sexual and violence only, in the others listed (Tokyo is listed in both: GA wins); elsewhere
# not documented at all.
IMAGE_GA_REGIONS = frozenset({"us-east-1", "us-west-2", "eu-central-1", "ap-northeast-1"})
IMAGE_PREVIEW_REGIONS = frozenset(
    {
        "us-east-2",
        "ap-south-1",
        "ap-northeast-2",
        "ap-southeast-1",
        "eu-west-1",
        "eu-west-2",
        "us-gov-west-1",
    }
)
IMAGE_PREVIEW_CATEGORIES = frozenset({"HATE", "INSULTS", "SEXUAL", "VIOLENCE"})
IMAGE_FILTERS_PAGE = "https://docs.aws.amazon.com/bedrock/latest/userguide/guardrails-mmfilter.html"

# The input model has no maximum; the docs say "a threshold of 1 is invalid" (valid 0–0.99).
GROUNDING_THRESHOLD_MAX = 0.99


def _get(value: object, *names: str) -> object:
    for name in names:
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
    return value


def _entries(value: object) -> list[tuple[int, Mapping[str, object]]]:
    """The (index, mapping) items of a list, skipping what the generic walk already reported."""
    if not isinstance(value, (list, tuple)):
        return []
    return [(i, item) for i, item in enumerate(value) if isinstance(item, Mapping)]


def _duplicates(items: object, key: str, path: str, what: str) -> list[Problem]:
    seen: dict[object, int] = {}
    out: list[Problem] = []
    for i, item in _entries(items):
        value = item.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            out.append(
                Problem(f"{path}[{i}].{key}", f"duplicate {what} `{value}` (first [{seen[value]}])")
            )
        else:
            seen[value] = i
    return out


def cross_field(
    payload: Mapping[str, object], classic_definition_max: float | None
) -> list[Problem]:
    """Problems of a CreateGuardrail/UpdateGuardrail payload that its model cannot express.
    `classic_definition_max` is the model's topic definition limit (it holds for CLASSIC)."""
    out: list[Problem] = []
    topics = _get(payload, "topicPolicyConfig", "topicsConfig")
    standard = _get(payload, "topicPolicyConfig", "tierConfig", "tierName") == "STANDARD"
    limit = STANDARD_DEFINITION_MAX if standard else classic_definition_max
    for i, topic in _entries(topics):
        definition = topic.get("definition")
        if isinstance(definition, str) and limit is not None and len(definition) > limit:
            tier = "standard" if standard else "classic"
            out.append(
                Problem(
                    f"topicPolicyConfig.topicsConfig[{i}].definition",
                    f"{len(definition)} characters, more than the {tier} tier's {_fmt(limit)}",
                )
            )
    filters = _get(payload, "contentPolicyConfig", "filtersConfig")
    for i, flt in _entries(filters):
        if flt.get("type") == "PROMPT_ATTACK" and flt.get("outputStrength", "NONE") != "NONE":
            out.append(
                Problem(
                    f"contentPolicyConfig.filtersConfig[{i}].outputStrength",
                    "PROMPT_ATTACK applies to input only: outputStrength must be NONE",
                )
            )
    profile = _get(payload, "crossRegionConfig")
    for policy in ("topicPolicyConfig", "contentPolicyConfig", "contextualGroundingPolicyConfig"):
        if _get(payload, policy, "tierConfig", "tierName") == "STANDARD" and profile is None:
            out.append(
                Problem(f"{policy}.tierConfig", "the STANDARD tier requires crossRegionConfig")
            )
    if _get(payload, "automatedReasoningPolicyConfig") is not None and profile is None:
        out.append(
            Problem(
                "automatedReasoningPolicyConfig", "automated reasoning requires crossRegionConfig"
            )
        )
    grounding = _get(payload, "contextualGroundingPolicyConfig", "filtersConfig")
    for i, flt in _entries(grounding):
        threshold = flt.get("threshold")
        if isinstance(threshold, (int, float)) and threshold > GROUNDING_THRESHOLD_MAX:
            out.append(
                Problem(
                    f"contextualGroundingPolicyConfig.filtersConfig[{i}].threshold",
                    f"{threshold} is above the maximum {GROUNDING_THRESHOLD_MAX}",
                )
            )
    sipc = "sensitiveInformationPolicyConfig"
    out += _duplicates(topics, "name", "topicPolicyConfig.topicsConfig", "topic name")
    out += _duplicates(filters, "type", "contentPolicyConfig.filtersConfig", "content filter")
    out += _duplicates(_get(payload, "tags"), "key", "tags", "tag key")
    out += _duplicates(
        _get(payload, sipc, "regexesConfig"), "name", f"{sipc}.regexesConfig", "regex name"
    )
    out += _duplicates(
        _get(payload, sipc, "piiEntitiesConfig"), "type", f"{sipc}.piiEntitiesConfig", "PII type"
    )
    out += _duplicates(
        grounding, "type", "contextualGroundingPolicyConfig.filtersConfig", "grounding filter"
    )
    return out
