"""KMS pieces of the IAM target: the key policy and the key statements of identity policies.

Not a registered target: `targets/iam.py` calls it and writes `kms-key-policy.json` beside the
IAM documents. The statements follow the Bedrock user guide (guardrails-permissions-kms.html):
deployers (creators) need Decrypt, GenerateDataKey, DescribeKey and CreateGrant; roles that apply
an encrypted guardrail need Decrypt (bedrock-contract.md §4).
"""

from __future__ import annotations

from ..aws.arns import KmsKey, account_root, dns_suffix
from .policy_document import VERSION, JsonValue, Statement, statement

# Hardening that AWS documents for other Bedrock resources but not for guardrails: restrict key
# use to calls made through Bedrock in the guardrail's Region. Off by default (unverified against
# a live account); `compile` and `build_documents` take an argument that overrides it.
KMS_VIA_SERVICE = False

DEPLOYER_KEY_ACTIONS = ("kms:CreateGrant", "kms:Decrypt", "kms:DescribeKey", "kms:GenerateDataKey")
APPLIER_KEY_ACTIONS = ("kms:Decrypt",)

# The account keeps full administration of the key, listed action by action (this project never
# writes `kms:*`). PutKeyPolicy is the one that matters: with it the account can always repair
# the policy, so the key never becomes unmanageable. Using the key (Decrypt, ...) is left to the
# statements below, so IAM policies in the account cannot widen who decrypts guardrails.
ADMIN_ACTIONS = (
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListKeyPolicies",
    "kms:ListKeyRotations",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:ReplicateKey",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:RotateKeyOnDemand",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
    "kms:UpdatePrimaryRegion",
)


def account_administers_key(partition: str, account: str) -> Statement:
    """The key-policy statement that keeps the key administrable by its account."""
    root = [account_root(partition, account)]
    return statement("AccountAdministersKey", "Allow", ADMIN_ACTIONS, "*", principal=root)


def deployer_actions(allow_delete: bool) -> tuple[str, ...]:
    """What deployers do with the key; deleting through CloudFormation also retires its grant."""
    extra = ("kms:RetireGrant",) if allow_delete else ()
    return tuple(sorted((*DEPLOYER_KEY_ACTIONS, *extra)))


def _via_service(key: KmsKey, region: str, via_service: bool) -> dict[str, JsonValue]:
    """The optional `kms:ViaService` condition: bedrock's endpoint in the guardrail's Region."""
    if not via_service:
        return {}
    endpoint = f"bedrock.{region}.{dns_suffix(key.partition)}"
    return {"StringEquals": {"kms:ViaService": endpoint}}


def identity_statement(
    sid: str, actions: tuple[str, ...], key: KmsKey, *, region: str, via_service: bool
) -> Statement:
    """An identity-policy statement on the key. A key named by alias is matched through
    `kms:ResourceAliases`: KMS authorizes Decrypt & co. against the key ARN, never the alias
    ARN, so naming the alias ARN as the Resource would grant nothing."""
    condition: dict[str, JsonValue] = dict(_via_service(key, region, via_service))
    if key.key_id is None and key.alias is not None:
        condition["ForAnyValue:StringEquals"] = {"kms:ResourceAliases": key.alias}
    return statement(sid, "Allow", actions, key.key_arn, condition or None)


def key_policy(
    key: KmsKey,
    *,
    guardrail: str,
    region: str,
    deployers: tuple[str, ...],
    appliers: tuple[str, ...],
    allow_delete: bool,
    via_service: bool,
) -> dict[str, JsonValue]:
    """The key policy: account administration, deployers' and appliers' use. `Resource: "*"` is
    how a key policy names its own key (a key policy cannot name another one)."""
    condition = _via_service(key, region, via_service) or None
    statements: list[Statement] = [account_administers_key(key.partition, key.account)]
    if deployers:
        statements.append(
            statement(
                "GuardrailDeployersUseKey",
                "Allow",
                deployer_actions(allow_delete),
                "*",
                condition,
                principal=sorted(deployers),
            )
        )
    if appliers:
        statements.append(
            statement(
                "GuardrailAppliersDecrypt",
                "Allow",
                APPLIER_KEY_ACTIONS,
                "*",
                condition,
                principal=sorted(appliers),
            )
        )
    return {"Id": f"guardc-{guardrail}-key-policy", "Statement": statements, "Version": VERSION}
