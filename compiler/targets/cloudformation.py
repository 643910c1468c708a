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
publishes a new numbered version; tags are not part of a version's content. The old resource
then leaves the template, which CloudFormation treats as a deletion: `DeletionPolicy: Retain`
keeps that version, so callers and policies pinned to it keep working until they move.

A guardrail with an `access:` block also gets the IAM target's policies as
`AWS::IAM::ManagedPolicy` resources, naming the stack's own guardrail and version through
intrinsics and attached to the block's roles by name (docs/targets.md, "IAM policies").
"""

from __future__ import annotations

import re
from typing import Any

from ..aws.arns import parse_principal
from ..ir import Access, Guardrail
from ..vocab import EnforceScope
from . import Artefact, Context, canonical_json, iam
from . import enforcement as enforcemod
from .bedrock import JsonObject, checked_payload, content_hash, payload
from .cfn_parameters import template_parameters
from .policy_document import JsonValue

GUARDRAIL = "Guardrail"
KMS_PARAMETER = "GuardrailKmsKeyArn"
VERSION_HASH_LENGTH = 10

# CloudFormation's own pattern for `KmsKeyArn` (cfn-lint's registry schema).
KMS_KEY_ARN = r"arn:aws(-[^:]+)?:kms:[a-zA-Z0-9-]*:[0-9]{12}:key/[a-zA-Z0-9-]{36}"
# A guardrail profile id, as opposed to its ARN (service model pattern, first alternative).
PROFILE_ID = r"[a-z0-9-]+[.]guardrail[.]v[0-9:]+"

# IAM documents that become managed policies, by artefact path: logical id, and what the policy
# grants. The key policy (`kms-key-policy.json`) is not among them: it belongs to the key, which
# the template does not own.
MANAGED_POLICIES = {
    iam.DEPLOYER: ("DeployerPolicy", "Deploy and manage guardrail {}"),
    iam.APPLICATION: ("ApplicationPolicy", "Apply guardrail {} and call models with it"),
    iam.ENFORCEMENT: ("EnforcementPolicy", "Deny model calls without guardrail {}"),
}

# API container names CloudFormation renames; everything else is the API name capitalised.
_TIER_CONTAINERS = {
    "TopicPolicyConfig": "TopicsTierConfig",
    "ContentPolicyConfig": "ContentFiltersTierConfig",
}


def compile(guardrail: Guardrail, ctx: Context) -> list[Artefact]:
    """`cloudformation.json` for `guardrail`, or nothing (with E901) if its request is invalid."""
    request = checked_payload(guardrail, ctx)
    if request is None:
        return []
    return [Artefact("cloudformation.json", canonical_json(template(guardrail, ctx, request)))]


def template(guardrail: Guardrail, ctx: Context, request: JsonObject | None = None) -> JsonObject:
    """The template as a JSON object; `request` is `bedrock.payload(guardrail)` if already built."""
    request = payload(guardrail) if request is None else request
    parameters: JsonObject = {}
    properties = _properties(guardrail, ctx, request, parameters)

    # The version's identity is the guardrail's content: everything but the tags (with the
    # values of the environment compiled for, before parameters replace them).
    content = {key: value for key, value in properties.items() if key != "Tags"}
    digest = content_hash(content)[:VERSION_HASH_LENGTH]
    properties = template_parameters(guardrail, ctx.policy, properties, parameters)
    version_id = f"GuardrailVersion{digest}"

    resources: JsonObject = {
        GUARDRAIL: {"Type": "AWS::Bedrock::Guardrail", "Properties": properties},
        version_id: {
            "Type": "AWS::Bedrock::GuardrailVersion",
            # Retained when a content change drops it from the template (a deletion, not a
            # replacement); deleting the guardrail with the stack removes every version anyway.
            "UpdateReplacePolicy": "Retain",
            "DeletionPolicy": "Retain",
            "Properties": {
                "GuardrailIdentifier": {"Fn::GetAtt": [GUARDRAIL, "GuardrailId"]},
                "Description": f"{guardrail.name} content {digest}, published by guardc",
            },
        },
    }
    policies = _iam_resources(guardrail, ctx, version_id)
    resources.update(policies)
    resources.update(_enforcement_resources(guardrail, ctx, version_id))

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
    for logical_id in policies:
        document["Outputs"][f"{logical_id}Arn"] = {
            "Description": f"ARN of the managed policy {logical_id}",
            "Value": {"Ref": logical_id},
        }
    return document


def _iam_resources(guardrail: Guardrail, ctx: Context, version_id: str) -> JsonObject:
    """`AWS::IAM::ManagedPolicy` resources for the guardrail's `access:` block, by logical id.

    The documents are the IAM target's (`iam.build_documents`), given this stack's guardrail ARN
    and published version as intrinsics. The deployer policy goes to the `deployed by` roles and
    the application policy to the `applied by` roles; the enforcement policy stays unattached
    (a permissions boundary or an SCP is the caller's choice).
    """
    access = guardrail.access
    if access is None:
        return {}
    where = iam.locate_or_report(guardrail, access, ctx)
    if where is None:
        return {}
    arn = {"Fn::GetAtt": [GUARDRAIL, "GuardrailArn"]}
    documents = iam.build_documents(guardrail, ctx, arn, _versioned(access, arn, version_id))
    roles = {
        iam.DEPLOYER: _role_names(access.deployers, where),
        iam.APPLICATION: _role_names(access.appliers, where),
    }
    resources: JsonObject = {}
    for path, (logical_id, purpose) in MANAGED_POLICIES.items():
        if path not in documents:
            continue
        description = purpose.format(guardrail.name)
        properties: JsonObject = {
            "Description": f"{description} ({path}, compiled by guardc)",
            "PolicyDocument": documents[path],
        }
        if roles.get(path):
            properties["Roles"] = roles[path]
        resources[logical_id] = {"Type": "AWS::IAM::ManagedPolicy", "Properties": properties}
    return resources


def _enforcement_resources(guardrail: Guardrail, ctx: Context, version_id: str) -> JsonObject:
    """`shared with ...` and `enforce in ...` as resources of this stack: the guardrail's
    `AWS::Bedrock::ResourcePolicy`, `AWS::Bedrock::EnforcedGuardrailConfiguration` and an
    (unattached) `AWS::Organizations::Policy` of type BEDROCK_POLICY. The profile's resource
    policies in other Regions are not here: a stack writes its own Region only (they are in
    iam/resource-policies.json)."""
    access = guardrail.access
    where = iam.locate(guardrail, ctx) if access is not None else None
    if access is None or where is None:
        return {}
    arn = {"Fn::GetAtt": [GUARDRAIL, "GuardrailArn"]}
    version = access.version or {"Fn::GetAtt": [version_id, "Version"]}
    resources: JsonObject = {}
    if enforcemod.shared(access):
        resources["GuardrailResourcePolicy"] = {
            "Type": "AWS::Bedrock::ResourcePolicy",
            "Properties": {
                "ResourceArn": arn,
                "PolicyDocument": enforcemod.resource_policy(access, where.partition, arn),
            },
        }
    for rule in guardrail.enforcements:
        if rule.scope is EnforceScope.ACCOUNT:
            # the request's members in CloudFormation's spelling; id and version as intrinsics
            request = enforcemod.account_request(rule, "", "")["guardrailInferenceConfig"]
            properties = _convert(request)
            properties["GuardrailIdentifier"] = {"Fn::GetAtt": [GUARDRAIL, "GuardrailId"]}
            properties["GuardrailVersion"] = version
            resources["EnforcedGuardrailConfiguration"] = {
                "Type": "AWS::Bedrock::EnforcedGuardrailConfiguration",
                "Properties": properties,
            }
        else:
            versioned = {"Fn::Join": [":", [arn, version]]}
            content = enforcemod.organization_content(rule, "", where.region)
            config = content["bedrock"]["guardrail_inference"][where.region]
            config[enforcemod.ORG_CONFIG_KEY]["identifier"]["@@assign"] = versioned
            policy: JsonObject = {
                "Name": enforcemod.policy_name(guardrail),
                "Description": enforcemod.policy_description(guardrail),
                "Type": "BEDROCK_POLICY",
                "Content": content,
            }
            targets = enforcemod.attach_targets(rule)
            if targets:  # `attach to ...`; without it the policy is created unattached (W244)
                policy["TargetIds"] = targets
            resources["OrganizationBedrockPolicy"] = {
                "Type": "AWS::Organizations::Policy",
                "Properties": policy,
            }
    return resources


def _versioned(access: Access, arn: JsonValue, version_id: str) -> JsonValue:
    """The `bedrock:GuardrailIdentifier` the policies require: `pin version` in the source wins
    (the bare ARN for DRAFT, `ARN:N` for a number), else the version this stack publishes."""
    if access.version is not None and access.version.upper() == "DRAFT":
        return arn
    version = access.version or {"Fn::GetAtt": [version_id, "Version"]}
    return {"Fn::Join": [":", [arn, version]]}


def _role_names(principals: tuple[str, ...], where: iam.Where) -> list[str]:
    """Names of the roles among `principals` that this stack's account can attach a policy to.

    `Roles` takes names, not ARNs: the name is the ARN's last path segment
    (`role/service/app` → `app`). Users and roles of another account or partition are left out;
    attaching by name would reach a different role, or none, in the stack's account.
    """
    names = set()
    for text in principals:
        principal = parse_principal(text)
        if (
            principal is not None
            and principal.is_role
            and (principal.partition, principal.account) == (where.partition, where.account)
        ):
            names.add(principal.name)
    return sorted(names)


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
            elif name == "ContextualGroundingPolicyConfig" and "TierConfig" in converted:
                converted.pop("TierConfig")
                tier = guardrail.grounding_tier
                ctx.unsupported(
                    "W311",
                    "CloudFormation cannot set the grounding checks' tier: the template leaves "
                    f"`tier {tier.value.lower() if tier else ''} for grounding` out",
                    guardrail.setting_span(guardrail.spans.grounding_tier),
                    help="apply bedrock.json with `guardc apply` to set it, or drop the line",
                )
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
    ctx.unsupported(
        "W301",
        f"the template asks for the KMS key ARN in parameter `{KMS_PARAMETER}`: "
        f"CloudFormation cannot take `{key}`",
        guardrail.setting_span(guardrail.spans.kms_key),
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
    """Capitalise every object key below `value`; leave numbers and lists' items be, and strings
    too unless they hold `${`, which cfn-lint takes for a substitution written outside `Fn::Sub`
    (E1029): those become `Fn::Join` on "$" of pieces cut before each `${`'s brace, which joins
    back to the text as written (a message or pattern that mentions `${AWS::Partition}`).
    `Fn::Sub` with `${!` would do too, but cfn-lint finds a `Fn::Sub` without variables needless
    (W1020), and a join on "" better written as `Fn::Sub` (I1022)."""
    if isinstance(value, dict):
        return {_pascal(key): _convert(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_convert(item) for item in value]
    if isinstance(value, str) and "${" in value:
        first, *rest = value.split("${")
        return {"Fn::Join": ["$", [first, *(f"{{{piece}" for piece in rest)]]}
    return value
