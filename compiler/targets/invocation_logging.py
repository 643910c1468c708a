"""Model invocation logging: the PutModelInvocationLoggingConfiguration request, the logging
key's policy, and the CloudFormation resources that receive the logs.

Not a registered target: `targets/monitoring.py` (the account-level target) calls it.

- `request(logging)` is the exact keyword arguments of boto3's
  `bedrock.put_model_invocation_logging_configuration(**request)`. Every data flag is written
  (true or false), so the request means the same whatever the service's defaults; with no
  `include` line, text alone is logged.
- `key_policy(logging)` lets CloudWatch Logs encrypt the log group (only that log group, through
  the `kms:EncryptionContext:aws:logs:arn` condition) and Bedrock write SSE-KMS objects into
  the bucket (only for this account's Bedrock, through `aws:SourceAccount`/`aws:SourceArn`),
  besides the account's administration of the key. Actions are listed one by one.
- `resources(logging)` is the bucket(s) with their policies, the log group and the delivery
  role, each limited to Bedrock in this account and Region the way the Bedrock user guide's
  model-invocation-logging page shows (docs/monitoring.md).
"""

from __future__ import annotations

from typing import Any

from ..aws import monitoring_facts as facts
from ..aws.arns import partition_for_region
from ..ir import Logging
from ..vocab import LogData
from .kms import account_administers_key
from .policy_document import VERSION, JsonValue, Statement, statement

JsonObject = dict[str, Any]
PUT = "PutModelInvocationLoggingConfiguration"
DEFAULT_DATA = (LogData.TEXT,)
LOG_STREAM = "aws/bedrock/modelinvocations"  # the stream Bedrock writes into the log group

# CloudWatch Logs encrypting a log group (encrypt-log-data-kms.html), listed action by action.
# Every one takes an encryption context, which the statement's condition pins to the log group;
# DescribeKey takes none, so under that condition it could never be allowed: it is left out.
LOGS_KEY_ACTIONS = (
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
)
# Bedrock writing an SSE-KMS object: a data key per object.
BEDROCK_KEY_ACTIONS = ("kms:GenerateDataKey",)


def request(logging: Logging) -> JsonObject:
    """`put_model_invocation_logging_configuration(**request(logging))`."""
    config: JsonObject = {}
    if logging.bucket is not None:
        config["s3Config"] = _s3(logging.bucket.bucket, logging.bucket.prefix)
    if logging.log_group is not None and logging.role is not None:
        cloudwatch: JsonObject = {"logGroupName": logging.log_group, "roleArn": logging.role}
        if logging.large_data is not None:
            large = logging.large_data
            cloudwatch["largeDataDeliveryS3Config"] = _s3(large.bucket, large.prefix)
        config["cloudWatchConfig"] = cloudwatch
    data = logging.data or DEFAULT_DATA
    for kind, flag in facts.DELIVERY_FLAG.items():
        config[flag] = kind in data
    return {"loggingConfig": config}


def _s3(bucket: str, prefix: str | None) -> JsonObject:
    out: JsonObject = {"bucketName": bucket}
    if prefix:
        out["keyPrefix"] = prefix
    return out


# ── where: account, Region, partition (literal when the block says, else the stack's) ─────────


class Place:
    """The account, Region and partition of the logging block, as literals or as
    CloudFormation pseudo-parameters (`literal=False`, for the template)."""

    def __init__(self, logging: Logging, *, literal: bool) -> None:
        account = logging.account or _role_account(logging.role)
        self.literal = literal and account is not None and logging.region is not None
        self.account: str = account if self.literal and account else "${AWS::AccountId}"
        self.region = logging.region if self.literal and logging.region else "${AWS::Region}"
        partition = partition_for_region(logging.region) if logging.region else "aws"
        self.partition = partition if self.literal else "${AWS::Partition}"

    def value(self, text: str) -> JsonValue:
        """`text` as a literal, or `Fn::Sub` when it holds pseudo-parameters."""
        return text if "${" not in text else {"Fn::Sub": text}

    @property
    def source_arn(self) -> str:
        return f"arn:{self.partition}:bedrock:{self.region}:{self.account}:*"

    def conditions(self) -> dict[str, JsonValue]:
        """Bedrock in this account and Region, nothing else (the confused-deputy guard)."""
        return {
            "StringEquals": {"aws:SourceAccount": self.value(self.account)},
            "ArnLike": {"aws:SourceArn": self.value(self.source_arn)},
        }


def _role_account(role: str | None) -> str | None:
    found = facts.ROLE_ARN.fullmatch(role) if role else None
    return found[2] if found else None


def _service(stmt: Statement, service: JsonValue) -> Statement:
    """`stmt` granted to a service principal instead of AWS principals."""
    stmt.pop("Principal", None)
    return {**stmt, "Principal": {"Service": service}}


# ── the key policy ───────────────────────────────────────────────────────────────────────────


def key_policy(logging: Logging) -> dict[str, JsonValue] | None:
    """The logging key's policy, or None when the block names no key (or no account and
    Region: a key policy names exact principals)."""
    place = Place(logging, literal=True)
    if logging.kms_key is None or not place.literal or logging.region is None:
        return None
    statements: list[Statement] = [account_administers_key(place.partition, place.account)]
    if logging.log_group is not None:
        group = (
            f"arn:{place.partition}:logs:{place.region}:{place.account}:log-group:"
            f"{logging.log_group}"
        )
        condition: dict[str, JsonValue] = {
            # a String key (the log group's ARN, matched exactly)
            "StringEquals": {"kms:EncryptionContext:aws:logs:arn": group}
        }
        logs = statement(
            "CloudWatchLogsEncryptsLogGroup", "Allow", LOGS_KEY_ACTIONS, "*", condition
        )
        statements.append(_service(logs, facts.logs_principal(logging.region)))
    buckets = [d for d in (logging.bucket, logging.large_data) if d is not None]
    if buckets:
        bedrock = statement(
            "BedrockWritesEncryptedLogs", "Allow", BEDROCK_KEY_ACTIONS, "*", place.conditions()
        )
        statements.append(_service(bedrock, facts.BEDROCK_PRINCIPAL))
    return {
        "Id": "guardc-invocation-logging-key-policy",
        "Statement": statements,
        "Version": VERSION,
    }


# ── the deployer's identity policy ───────────────────────────────────────────────────────────

LOGGING_ACTIONS = (
    "bedrock:GetModelInvocationLoggingConfiguration",
    "bedrock:PutModelInvocationLoggingConfiguration",
)


def deployer_policy(logging: Logging) -> dict[str, JsonValue]:
    """What `guardc plan` and `apply` need for the block: read and set the configuration (the
    actions take no resource, so `*`), and pass the delivery role to Bedrock only."""
    statements: list[Statement] = [
        statement("ReadAndSetInvocationLogging", "Allow", LOGGING_ACTIONS, "*")
    ]
    if logging.role is not None and logging.log_group is not None:
        condition: dict[str, JsonValue] = {
            "StringEquals": {"iam:PassedToService": facts.BEDROCK_PRINCIPAL}
        }
        statements.append(
            statement(
                "PassDeliveryRoleToBedrock", "Allow", ["iam:PassRole"], logging.role, condition
            )
        )
    return {"Statement": statements, "Version": VERSION}


# ── CloudFormation resources ─────────────────────────────────────────────────────────────────


def resources(logging: Logging) -> JsonObject:
    """The template resources that receive the logs, by logical id."""
    place = Place(logging, literal=False)
    out: JsonObject = {}
    prefixes: dict[str, list[str | None]] = {}
    for destination in (logging.bucket, logging.large_data):
        if destination is not None:
            prefixes.setdefault(destination.bucket, []).append(destination.prefix)
    for index, (bucket, under) in enumerate(sorted(prefixes.items())):
        logical = "InvocationLogsBucket" if index == 0 else f"InvocationLogsBucket{index + 1}"
        out[logical] = _bucket(bucket, logging.kms_key)
        out[f"{logical}Policy"] = _bucket_policy(logical, under, place)
    if logging.log_group is not None:
        group: JsonObject = {"LogGroupName": logging.log_group}
        if logging.retention_days is not None:
            group["RetentionInDays"] = logging.retention_days
        if logging.kms_key is not None:
            group["KmsKeyId"] = logging.kms_key
        out["InvocationLogGroup"] = {
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Retain",
            "UpdateReplacePolicy": "Retain",
            "Properties": group,
        }
        if logging.role is not None:
            out["InvocationLoggingRole"] = _role(logging, place)
    return out


def _bucket(name: str, key: str | None) -> JsonObject:
    encryption: JsonObject = {"SSEAlgorithm": "AES256"}
    if key is not None:
        encryption = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}
    return {
        "Type": "AWS::S3::Bucket",
        # audit logs outlive the stack
        "DeletionPolicy": "Retain",
        "UpdateReplacePolicy": "Retain",
        "Properties": {
            "BucketName": name,
            "BucketEncryption": {
                "ServerSideEncryptionConfiguration": [
                    {
                        "ServerSideEncryptionByDefault": encryption,
                        "BucketKeyEnabled": key is not None,
                    }
                ]
            },
            "OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True,
                "BlockPublicPolicy": True,
                "IgnorePublicAcls": True,
                "RestrictPublicBuckets": True,
            },
            "VersioningConfiguration": {"Status": "Enabled"},
        },
    }


def _objects(logical: str, prefix: str | None, tail: str) -> JsonValue:
    path = f"{prefix.rstrip('/')}/" if prefix else ""
    return {"Fn::Sub": f"${{{logical}.Arn}}/{path}{tail}"}


def _bucket_policy(logical: str, prefixes: list[str | None], place: Place) -> JsonObject:
    """Bedrock of this account and Region may put objects under each prefix; nobody may use the
    bucket without TLS."""
    tail = f"AWSLogs/{place.account}/BedrockModelInvocationLogs/*"
    writes = statement(
        "AmazonBedrockLogsWrite",
        "Allow",
        ["s3:PutObject"],
        [_objects(logical, p, tail) for p in prefixes],
        place.conditions(),
    )
    tls = statement(
        "DenyInsecureTransport",
        "Deny",
        ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
        [{"Fn::GetAtt": [logical, "Arn"]}, {"Fn::Sub": f"${{{logical}.Arn}}/*"}],
        {"Bool": {"aws:SecureTransport": "false"}},
    )
    tls = {**tls, "Principal": "*"}
    return {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": {"Ref": logical},
            "PolicyDocument": {
                "Version": VERSION,
                "Statement": [_service(writes, facts.BEDROCK_PRINCIPAL), tls],
            },
        },
    }


def _role(logging: Logging, place: Place) -> JsonObject:
    """The role Bedrock assumes to write into the log group (and large data into S3)."""
    found = facts.ROLE_ARN.fullmatch(logging.role or "")
    assert found is not None and logging.log_group is not None  # checked by validate
    trust = statement("BedrockAssumesRole", "Allow", ["sts:AssumeRole"], [], place.conditions())
    trust.pop("Resource")
    stream = (
        f"arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:"
        f"{logging.log_group}:log-stream:{LOG_STREAM}"
    )
    grants = [
        statement(
            "WriteInvocationLogs",
            "Allow",
            ["logs:CreateLogStream", "logs:PutLogEvents"],
            {"Fn::Sub": stream},
        )
    ]
    if logging.large_data is not None:
        prefix = logging.large_data.prefix
        path = f"{prefix.rstrip('/')}/*" if prefix else "*"
        grants.append(
            statement(
                "WriteLargeData",
                "Allow",
                ["s3:PutObject"],
                {"Fn::Sub": f"arn:${{AWS::Partition}}:s3:::{logging.large_data.bucket}/{path}"},
            )
        )
    properties: JsonObject = {
        "RoleName": found[4],
        "Description": "Bedrock writes model invocation logs with this role (compiled by guardc)",
        "AssumeRolePolicyDocument": {
            "Version": VERSION,
            "Statement": [_service(trust, facts.BEDROCK_PRINCIPAL)],
        },
        "Policies": [
            {
                "PolicyName": "bedrock-invocation-logging",
                "PolicyDocument": {"Version": VERSION, "Statement": grants},
            }
        ],
    }
    if found[3]:
        properties["Path"] = f"/{found[3]}"
    return {"Type": "AWS::IAM::Role", "Properties": properties}


__all__ = ["PUT", "Place", "deployer_policy", "key_policy", "request", "resources"]
