"""What AWS documents about invocation logging, guardrail metrics and the services around them.

Each fact names its source (docs/monitoring.md lists them with their URLs); `checks/monitoring.py`
holds sources to them and `targets/monitoring.py` writes them into templates. Standard library
only, so `guardc check` pays nothing for it.
"""

from __future__ import annotations

import ipaddress
import re

from ..vocab import AlarmMetric, Direction, LogData, PolicyType

# ── CloudWatch metrics of Amazon Bedrock Guardrails ─────────────────────────────────────────
# https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-guardrails-cw-metrics.html
METRICS_DOC = (
    "https://docs.aws.amazon.com/bedrock/latest/userguide/monitoring-guardrails-cw-metrics.html"
)
NAMESPACE = "AWS/Bedrock/Guardrails"
METRIC_NAME: dict[AlarmMetric, str] = {
    AlarmMetric.INVOCATIONS: "Invocations",
    AlarmMetric.LATENCY: "InvocationLatency",
    AlarmMetric.CLIENT_ERRORS: "InvocationClientErrors",
    AlarmMetric.SERVER_ERRORS: "InvocationServerErrors",
    AlarmMetric.THROTTLES: "InvocationThrottles",
    AlarmMetric.TEXT_UNITS: "TextUnitCount",
    AlarmMetric.INTERVENTIONS: "InvocationsIntervened",
}
# The dimension sets the page lists: per guardrail (ARN and version together), and, without the
# guardrail, by operation, by content source and by policy type.
DIM_GUARDRAIL_ARN = "GuardrailArn"
DIM_GUARDRAIL_VERSION = "GuardrailVersion"
DIM_CONTENT_SOURCE = "GuardrailContentSource"
DIM_POLICY_TYPE = "GuardrailPolicyType"
DIM_OPERATION = "Operation"
CONTENT_SOURCE: dict[Direction, str] = {Direction.INPUT: "Input", Direction.OUTPUT: "Output"}
POLICY_TYPE: dict[PolicyType, str] = {
    PolicyType.CONTENT: "ContentPolicy",
    PolicyType.TOPICS: "TopicPolicy",
    PolicyType.WORDS: "WordPolicy",
    PolicyType.SENSITIVE: "SensitiveInformationPolicy",
}

# ── model invocation logging ─────────────────────────────────────────────────────────────────
# https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html
LOGGING_DOC = "https://docs.aws.amazon.com/bedrock/latest/userguide/model-invocation-logging.html"
BEDROCK_PRINCIPAL = "bedrock.amazonaws.com"
DELIVERY_FLAG: dict[LogData, str] = {
    LogData.TEXT: "textDataDeliveryEnabled",
    LogData.IMAGE: "imageDataDeliveryEnabled",
    LogData.EMBEDDING: "embeddingDataDeliveryEnabled",
    LogData.VIDEO: "videoDataDeliveryEnabled",
    LogData.AUDIO: "audioDataDeliveryEnabled",
}

# ── CloudWatch Logs ──────────────────────────────────────────────────────────────────────────
# https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
RETENTION_DOC = "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html"
RETENTION_DAYS = (
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731,
    1096, 1827, 2192, 2557, 2922, 3288, 3653,
)  # fmt: skip
# CreateLogGroup: 1-512 characters of `[\.\-_/#A-Za-z0-9]+`
LOG_GROUP_NAME = re.compile(r"[.\-_/#A-Za-z0-9]{1,512}")


def logs_principal(region: str) -> str:
    """CloudWatch Logs' service principal in `region`, the one a key policy names
    (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html)."""
    return f"logs.{region}.amazonaws.com"


# ── S3 ───────────────────────────────────────────────────────────────────────────────────────
# https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
BUCKET_DOC = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_BUCKET_PREFIXES = ("xn--", "sthree-", "amzn-s3-demo-")
_BUCKET_SUFFIXES = ("-s3alias", "--ol-s3", "--x-s3", ".mrap")
MAX_PREFIX = 1024  # botocore: KeyPrefix max 1024


def bucket_problem(name: str) -> str | None:
    """Why S3 would reject `name` as a general purpose bucket name, or None."""
    if not 3 <= len(name) <= 63:
        return f"is {len(name)} characters long; bucket names have 3 to 63"
    if not _BUCKET.fullmatch(name):
        return (
            "may hold only lower-case letters, digits, `.` and `-`, and must begin and end "
            "with a letter or digit"
        )
    for bad in ("..", ".-", "-."):
        if bad in name:
            return f"holds `{bad}`"
    try:
        ipaddress.IPv4Address(name)
    except ValueError:
        pass
    else:
        return "is formatted like an IP address"
    for prefix in _BUCKET_PREFIXES:
        if name.startswith(prefix):
            return f"starts with the reserved prefix `{prefix}`"
    for suffix in _BUCKET_SUFFIXES:
        if name.endswith(suffix):
            return f"ends with the reserved suffix `{suffix}`"
    return None


# ── SNS, KMS, IAM ARNs ───────────────────────────────────────────────────────────────────────
# https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (topic names)
SNS_TOPIC_ARN = re.compile(
    r"arn:(aws|aws-cn|aws-us-gov):sns:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):([A-Za-z0-9_-]{1,256}(?:\.fifo)?)"
)
KMS_KEY_ARN = re.compile(
    r"arn:(aws|aws-cn|aws-us-gov):kms:([a-z]{2}(?:-gov)?-[a-z]+-\d):(\d{12}):key/([a-zA-Z0-9-]{36})"
)
ROLE_ARN = re.compile(
    r"arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):role/((?:[\w+=,.@-]+/)*)([\w+=,.@-]{1,64})"
)

# ── CloudTrail: the management events of a guardrail change ────────────────────────────────
# https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html
CLOUDTRAIL_DOC = (
    "https://docs.aws.amazon.com/bedrock/latest/userguide/logging-using-cloudtrail.html"
)
CHANGE_EVENTS = ("CreateGuardrail", "CreateGuardrailVersion", "DeleteGuardrail", "UpdateGuardrail")
BEDROCK_EVENT_SOURCE = "bedrock.amazonaws.com"


__all__ = [
    "BEDROCK_EVENT_SOURCE",
    "BEDROCK_PRINCIPAL",
    "BUCKET_DOC",
    "CHANGE_EVENTS",
    "CLOUDTRAIL_DOC",
    "CONTENT_SOURCE",
    "DELIVERY_FLAG",
    "DIM_CONTENT_SOURCE",
    "DIM_GUARDRAIL_ARN",
    "DIM_GUARDRAIL_VERSION",
    "DIM_OPERATION",
    "DIM_POLICY_TYPE",
    "KMS_KEY_ARN",
    "LOGGING_DOC",
    "LOG_GROUP_NAME",
    "MAX_PREFIX",
    "METRICS_DOC",
    "METRIC_NAME",
    "NAMESPACE",
    "POLICY_TYPE",
    "RETENTION_DAYS",
    "RETENTION_DOC",
    "ROLE_ARN",
    "SNS_TOPIC_ARN",
    "bucket_problem",
    "logs_principal",
]
