"""The CloudFormation target: a template with `AWS::Bedrock::Guardrail` and its version.

The guardrail's properties are the Bedrock request (`bedrock.payload`) in CloudFormation's
spelling: PascalCase names, `TopicsTierConfig` / `ContentFiltersTierConfig` instead of
`tierConfig`, `{Key, Value}` tags, and no `clientRequestToken`. Two members take narrower values
than the API (bedrock-contract.md §5):

- `KmsKeyArn` takes a key ARN only. A key id, alias or alias ARN cannot be turned into one
  inside a template, so it becomes the parameter `GuardrailKmsKeyArn` (W301) that the deployer
  fills with the key's ARN.
- `CrossRegionConfig.GuardrailProfileArn` takes an ARN only. A profile id (`us.guardrail.v1:0`)
  becomes the profile's ARN in the stack's own partition, region and account (`Fn::Sub`).

`AWS::Bedrock::GuardrailVersion` is create-only, so its logical id embeds a short hash of the
guardrail's content: any content change declares a new version resource, and CloudFormation
publishes a new numbered version. The old one is retained on replacement (`UpdateReplacePolicy`)
so callers pinned to it keep working until they move; tags are not part of a version's content.
"""

from __future__ import annotations

import re
from typing import Any

from ..ir import Guardrail
from . import Artefact, Context
from .bedrock import CREATE, JsonObject, accepted, content_hash, payload, render_json

GUARDRAIL = "Guardrail"
KMS_PARAMETER = "GuardrailKmsKeyArn"
VERSION_HASH_LENGTH = 10

# CloudFormation's own pattern for `KmsKeyArn` (cfn-lint's registry schema).
KMS_KEY_ARN = r"arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:key/[a-zA-Z0-9-]{36}"
# A guardrail profile id, as opposed to its ARN (service model pattern, first alternative).
PROFILE_ID = r"[a-z0-9-]+[.]guardrail[.]v[0-9:]+"

# API container names CloudFormation renames; everything else is the API name capitalised.
_TIER_CONTAINERS = {
    "TopicPolicyConfig": "TopicsTierConfig",
    "ContentPolicyConfig": "ContentFiltersTierConfig",
}


def compile(guardrail: Guardrail, ctx: Context) -> list[Artefact]:
    """`cloudformation.json` for `guardrail`, or nothing (with E901) if its request is invalid."""
    request = payload(guardrail)
    if not accepted(request, CREATE, guardrail, ctx):
        return []
    return [Artefact("cloudformation.json", render_json(template(guardrail, ctx, request)))]


def template(guardrail: Guardrail, ctx: Context, request: JsonObject | None = None) -> JsonObject:
    """The template as a JSON object; `request` is `bedrock.payload(guardrail)` if already built."""
    request = payload(guardrail) if request is None else request
    parameters: JsonObject = {}
    properties = _properties(guardrail, ctx, request, parameters)

    # The version's identity is the guardrail's content: everything but the tags.
    content = {key: value for key, value in properties.items() if key != "Tags"}
    digest = content_hash(content)[:VERSION_HASH_LENGTH]
    version_id = f"GuardrailVersion{digest}"

    resources: JsonObject = {
        GUARDRAIL: {"Type": "AWS::Bedrock::Guardrail", "Properties": properties},
        version_id: {
            "Type": "AWS::Bedrock::GuardrailVersion",
            "UpdateReplacePolicy": "Retain",
            "DeletionPolicy": "Delete",
            "Properties": {
                "GuardrailIdentifier": {"Fn::GetAtt": [GUARDRAIL, "GuardrailId"]},
                "Description": f"{guardrail.name} content {digest}, published by guardc",
            },
        },
    }
    resources.update(_iam_resources(guardrail, ctx))

    document: JsonObject = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": f"Amazon Bedrock guardrail {guardrail.name}, compiled by guardc",
    }
    if parameters:
        document["Parameters"] = parameters
    document["Resources"] = resources
    document["Outputs"] = {
        "GuardrailArn": {
            "Description": "ARN of the guardrail (all versions)",
            "Value": {"Fn::GetAtt": [GUARDRAIL, "GuardrailArn"]},
        },
        "GuardrailId": {
            "Description": "Id of the guardrail",
            "Value": {"Fn::GetAtt": [GUARDRAIL, "GuardrailId"]},
        },
        "GuardrailVersion": {
            "Description": "The numbered version published for this content",
            "Value": {"Fn::GetAtt": [version_id, "Version"]},
        },
    }
    return document


def _iam_resources(guardrail: Guardrail, ctx: Context) -> JsonObject:
    """IAM resources for the guardrail's `access:` block, keyed by logical id.

    Hook for the IAM target: it will build the policy documents with the guardrail ARN given as
    `{"Fn::GetAtt": ["Guardrail", "GuardrailArn"]}` and return them as
    `AWS::IAM::ManagedPolicy` resources. Until that is wired, the template holds none.
    """
    del guardrail, ctx  # unused until the IAM target is wired in
    return {}


def _properties(
    guardrail: Guardrail, ctx: Context, request: JsonObject, parameters: JsonObject
) -> JsonObject:
    """The `AWS::Bedrock::Guardrail` properties for `request`; may add template parameters."""
    properties: JsonObject = {}
    for key, value in request.items():
        if key == "clientRequestToken":
            continue  # no CloudFormation equivalent; stack updates are idempotent anyway
        if key == "kmsKeyId":
            properties["KmsKeyArn"] = _kms_key_arn(guardrail, ctx, str(value), parameters)
        elif key == "crossRegionConfig":
            properties["CrossRegionConfig"] = {
                "GuardrailProfileArn": _profile_arn(str(value["guardrailProfileIdentifier"]))
            }
        else:
            name = _pascal(key)
            converted = _convert(value)
            if name in _TIER_CONTAINERS and "TierConfig" in converted:
                converted[_TIER_CONTAINERS[name]] = converted.pop("TierConfig")
            properties[name] = converted
    return properties


def _kms_key_arn(guardrail: Guardrail, ctx: Context, key: str, parameters: JsonObject) -> object:
    """The key ARN as written, or a reference to a parameter the deployer fills (W301)."""
    if re.fullmatch(KMS_KEY_ARN, key):
        return key
    parameters[KMS_PARAMETER] = {
        "Type": "String",
        "Description": f"ARN of the KMS key `{key}` that encrypts the guardrail",
        "AllowedPattern": f"^{KMS_KEY_ARN}$",
        "ConstraintDescription": "a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/KEY-ID)",
    }
    ctx.sink.emit(
        "W301",
        f"the template asks for the KMS key ARN in parameter `{KMS_PARAMETER}`: "
        f"CloudFormation cannot take `{key}`",
        guardrail.span,
        help="write the key ARN in `encrypt with key` to have it in the template",
    )
    return {"Ref": KMS_PARAMETER}


def _profile_arn(profile: str) -> object:
    """The guardrail profile as an ARN; an id is resolved in the stack's partition and region."""
    if re.fullmatch(PROFILE_ID, profile):
        return {
            "Fn::Sub": "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:"
            f"guardrail-profile/{profile}"
        }
    return profile


def _pascal(name: str) -> str:
    """`topicPolicyConfig` → `TopicPolicyConfig`."""
    return name[:1].upper() + name[1:]


def _convert(value: Any) -> Any:
    """Capitalise every object key below `value`; leave strings, numbers and lists' items be."""
    if isinstance(value, dict):
        return {_pascal(key): _convert(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_convert(item) for item in value]
    return value
