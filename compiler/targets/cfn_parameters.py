"""Source parameters as CloudFormation template parameters (docs/language.md, "CloudFormation").

A value a guardrail takes from `parameter "P"` becomes `{"Ref": "PCamelName"}` in the template,
with a `Parameters` entry: `Type` String or Number, `Default` the value of the environment
compiled for (or the default), `AllowedValues` every value the default and the environments give
it. Only where the template takes the value as it is: description, blocked messages, tag values,
grounding and relevance thresholds, the automated-reasoning confidence, and the KMS key or
cross-Region profile when every value given is an ARN (an alias or a profile id is not what
CloudFormation takes there; cloudformation.py handles those). Values in the `access:` block reach
IAM policies and are written as they are.
"""

from __future__ import annotations

import re
from typing import Any

from ..ir import Guardrail, Parameter, Policy

KMS_KEY_ARN = r"arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:key/[a-zA-Z0-9-]{36}"
PROFILE_ARN = r"arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail-profile/.+"

# IR field → the property it fills, for settings taken whole
_SETTINGS = {
    "description": "Description",
    "blocked_input_message": "BlockedInputMessaging",
    "blocked_output_message": "BlockedOutputsMessaging",
}


def logical_id(name: str) -> str:
    """`"grounding threshold"` → `PGroundingThreshold` (letters and digits only)."""
    words = re.findall(r"[A-Za-z0-9]+", name)
    return "P" + "".join(w[:1].upper() + w[1:] for w in words)


def template_parameters(
    guardrail: Guardrail, policy: Policy, properties: dict[str, Any], parameters: dict[str, Any]
) -> dict[str, Any]:
    """`properties` with each parameter-given value the template can take replaced by a `Ref`,
    and those parameters added to `parameters`."""
    if not guardrail.parameters:
        return properties
    out = dict(properties)
    for field, name in guardrail.parameters:
        parameter = policy.parameter(name)
        if parameter is None:
            continue
        ref = {"Ref": logical_id(name)}
        if _replace(out, field, ref, parameter):
            parameters[logical_id(name)] = _declaration(parameter)
    return out


def _replace(out: dict[str, Any], field: str, ref: object, parameter: Parameter) -> bool:
    """Put `ref` where `field` landed in the properties; False where the template cannot take
    it."""
    kind, _, which = field.partition(":")
    if field in _SETTINGS and _SETTINGS[field] in out:
        out[_SETTINGS[field]] = ref
        return True
    if field == "kms_key" and "KmsKeyArn" in out and _all(parameter, KMS_KEY_ARN):
        out["KmsKeyArn"] = ref
        return True
    if field == "cross_region_profile" and "CrossRegionConfig" in out:
        if _all(parameter, PROFILE_ARN):
            out["CrossRegionConfig"] = {"GuardrailProfileArn": ref}
            return True
        return False
    if kind == "tags" and "Tags" in out:
        out["Tags"] = [{**t, "Value": ref} if t["Key"] == which else t for t in out["Tags"]]
        return True
    if kind == "grounding" and "ContextualGroundingPolicyConfig" in out:
        config = dict(out["ContextualGroundingPolicyConfig"])
        config["FiltersConfig"] = [
            {**f, "Threshold": ref} if f["Type"] == which else f for f in config["FiltersConfig"]
        ]
        out["ContextualGroundingPolicyConfig"] = config
        return True
    if field == "reasoning.confidence" and "AutomatedReasoningPolicyConfig" in out:
        config = dict(out["AutomatedReasoningPolicyConfig"])
        if "ConfidenceThreshold" in config:
            config["ConfidenceThreshold"] = ref
            out["AutomatedReasoningPolicyConfig"] = config
            return True
    return False


def _all(parameter: Parameter, pattern: str) -> bool:
    return all(re.fullmatch(pattern, value) for value in parameter.allowed)


def _declaration(parameter: Parameter) -> dict[str, Any]:
    value = parameter.value
    return {
        "Type": "Number" if parameter.number else "String",
        "Default": f"{value:g}" if isinstance(value, float) else value,
        "AllowedValues": list(parameter.allowed),
        "Description": f'guard parameter "{parameter.name}"',
    }
