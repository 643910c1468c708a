"""The `logging:` and `alarms for` blocks against AWS's rules, at the source line.

Bucket names S3 would reject (E262), retentions CloudWatch Logs does not offer (E263), SNS
topics that are no topic ARN or live in another partition or Region (E264), a logging block
that cannot be delivered (E266), alarms that count the whole account (W260) and an
outside-change alarm that would exclude no one (W261). The facts and their sources are in
`aws/monitoring_facts.py`.
"""

from __future__ import annotations

import re

from ..aws import monitoring_facts as facts
from ..aws.arns import partition_for_region
from ..diagnostics.sink import Diagnostics, Label
from ..diagnostics.span import Span
from ..ir import GuardrailAlarms, Logging, Policy
from .text import show

_ACCOUNT = re.compile(r"[0-9]{12}")
_REGION = re.compile(r"[a-z]{2}(-gov)?-[a-z]+-[0-9]")


def check_monitoring(policy: Policy, sink: Diagnostics) -> None:
    """Every rule of the logging block and the alarm blocks of `policy`."""
    for logging in policy.logging:
        _logging(logging, sink)
        if logging.trail_log_group is not None and not policy.deploy_principals(logging.place[0]):
            sink.emit(
                "W261",
                "no compiled guardrail names `deployed by`: every guardrail change will alarm",
                logging.where("trail_log_group"),
                help="add `deployed by` to the guardrails' `access:` blocks, so that their "
                "deployments do not alarm",
            )
    for alarms in policy.alarms:
        guardrail = policy.guardrail(alarms.guardrail)
        region = guardrail.place[1] if guardrail is not None else None
        if region is None and len(policy.logging) == 1:
            region = policy.logging[0].region
        _alarms(alarms, region, sink)


def _from(block: Logging | GuardrailAlarms, field: str) -> tuple[Label, ...]:
    """For a value a parameter gives, a label where that value is written (the environment's
    `set` line or the parameter's default): that is where a bad value is fixed."""
    return tuple(
        Label(span=span, message=f"the value of parameter `{name}`, given here")
        for where, name, span in block.parameters
        if where == field
    )


def _logging(logging: Logging, sink: Diagnostics) -> None:
    where = logging.where
    if logging.account is not None and not _ACCOUNT.fullmatch(logging.account):
        sink.emit(
            "E218",
            f"`{show(logging.account)}` is not an AWS account id",
            where("account"),
            help="an account id is 12 digits, e.g. `111122223333`",
            labels=_from(logging, "account"),
        )
    if logging.region is not None and not _REGION.fullmatch(logging.region):
        sink.emit(
            "E218",
            f"`{show(logging.region)}` is not an AWS region",
            where("region"),
            help="a region looks like `us-east-1`",
            labels=_from(logging, "region"),
        )
    for name, destination in (("bucket", logging.bucket), ("large_data", logging.large_data)):
        if destination is not None:
            _bucket(destination.bucket, where(name), sink, _from(logging, name))
            prefix = f"{name}.prefix"
            _prefix(destination.prefix, where(prefix), sink, _from(logging, prefix))
    _delivery(logging, sink)
    if logging.retention_days is not None and logging.retention_days not in facts.RETENTION_DAYS:
        closest = nearest_retention(logging.retention_days)
        sink.emit(
            "E263",
            f"CloudWatch Logs does not offer a retention of {logging.retention_days} days",
            where("retention"),
            note="not one of CloudWatch Logs' retention periods",
            help=f"the nearest it offers is {closest} days; `guardc explain E263` lists them all",
            labels=_from(logging, "retention"),
        )
    _keys_and_roles(logging, sink)
    for index, topic in enumerate(logging.notify):
        field = f"notify[{index}]"
        _topic(topic, logging.region, where(field), sink, _from(logging, field))


def _bucket(name: str, span: Span, sink: Diagnostics, labels: tuple[Label, ...]) -> None:
    problem = facts.bucket_problem(name)
    if problem is not None:
        fixed = re.sub(r"[^a-z0-9.-]+", "-", name.lower()).strip(".-")
        sink.emit(
            "E262",
            f"S3 would reject the bucket name `{show(name)}`: it {problem}",
            span,
            note="not a valid S3 bucket name",
            help=f"e.g. `{fixed}`" if facts.bucket_problem(fixed) is None else None,
            labels=labels,
        )


def _prefix(prefix: str | None, span: Span, sink: Diagnostics, labels: tuple[Label, ...]) -> None:
    if prefix is None:
        return
    if len(prefix) > facts.MAX_PREFIX or prefix.startswith("/"):
        sink.emit(
            "E262",
            f"key prefix `{show(prefix)}` "
            + ("starts with `/`" if prefix.startswith("/") else "is longer than 1,024 characters"),
            span,
            help="write the prefix without a leading `/`, e.g. `bedrock/invocations/`",
            labels=labels,
        )


def _delivery(logging: Logging, sink: Diagnostics) -> None:
    """Where the logs go, and what each destination needs."""
    if logging.bucket is None and logging.log_group is None:
        sink.emit(
            "E266",
            "the logging block delivers nowhere",
            logging.span,
            help='add `deliver to bucket "NAME"` or `deliver to log group "NAME"` (or both)',
        )
    if logging.log_group is not None:
        if not facts.LOG_GROUP_NAME.fullmatch(logging.log_group):
            sink.emit(
                "E266",
                f"`{show(logging.log_group)}` is not a CloudWatch Logs group name",
                logging.where("log_group"),
                help="1-512 letters, digits and `_-/.#`, e.g. `/aws/bedrock/invocations`",
                labels=_from(logging, "log_group"),
            )
        if logging.role is None:
            sink.emit(
                "E266",
                "delivery to a log group needs the role Bedrock writes with",
                logging.where("log_group"),
                help='add `delivered by role "arn:aws:iam::ACCOUNT:role/NAME"`',
            )
    if logging.large_data is not None and logging.log_group is None:
        sink.emit(
            "E266",
            "large data is delivered beside a log group, and there is none",
            logging.where("large_data"),
            help="Bedrock sends data too large for CloudWatch Logs to this bucket: add "
            '`deliver to log group "NAME"`, or remove the line',
        )
    if logging.trail_log_group is not None and not facts.LOG_GROUP_NAME.fullmatch(
        logging.trail_log_group
    ):
        sink.emit(
            "E266",
            f"`{show(logging.trail_log_group)}` is not a CloudWatch Logs group name",
            logging.where("trail_log_group"),
            help="name the log group your CloudTrail trail delivers to",
            labels=_from(logging, "trail_log_group"),
        )


def _keys_and_roles(logging: Logging, sink: Diagnostics) -> None:
    if logging.role is not None:
        role = facts.ROLE_ARN.fullmatch(logging.role)
        if role is None:
            sink.emit(
                "E266",
                f"`{show(logging.role)}` is not an IAM role ARN",
                logging.where("role"),
                help="write `arn:aws:iam::ACCOUNT:role/NAME`",
                labels=_from(logging, "role"),
            )
        elif logging.account is not None and role[2] != logging.account:
            sink.emit(
                "E266",
                f"the delivery role belongs to account {role[2]}, not {logging.account}",
                logging.where("role"),
                help="Bedrock assumes a role of the account it logs for",
                labels=_from(logging, "role"),
            )
    if logging.kms_key is not None:
        key = facts.KMS_KEY_ARN.fullmatch(logging.kms_key)
        if key is None:
            sink.emit(
                "E266",
                f"`{show(logging.kms_key)}` is not a KMS key ARN",
                logging.where("key"),
                help="CloudWatch Logs takes a key ARN only (no id, no alias): "
                "`arn:aws:kms:REGION:ACCOUNT:key/KEY-ID`",
                labels=_from(logging, "key"),
            )
        elif logging.region is not None and key[2] != logging.region:
            sink.emit(
                "E266",
                f"the key is in {key[2]}, the logs in {logging.region}",
                logging.where("key"),
                help="CloudWatch Logs and S3 use a key of the log group's own Region",
                labels=_from(logging, "key"),
            )


def _topic(
    topic: str,
    region: str | None,
    span: Span,
    sink: Diagnostics,
    labels: tuple[Label, ...],
) -> None:
    """E264 unless `topic` is an SNS topic ARN an alarm in `region` (if known) can notify."""
    found = facts.SNS_TOPIC_ARN.fullmatch(topic)
    if found is None:
        sink.emit(
            "E264",
            f"`{show(topic)}` is not an SNS topic ARN",
            span,
            note="an SNS topic ARN goes here",
            help="write `arn:aws:sns:REGION:ACCOUNT:TOPIC`",
            labels=labels,
        )
        return
    if region is None:
        return
    partition = partition_for_region(region)
    if found[1] != partition:
        sink.emit(
            "E264",
            f"the topic is in partition `{found[1]}`, the alarm in `{partition}` ({region})",
            span,
            note="another partition",
            help="CloudWatch alarms notify topics of their own partition and Region: "
            f"`arn:{partition}:sns:{region}:...`",
            labels=labels,
        )
    elif found[2] != region:
        sink.emit(
            "E264",
            f"the topic is in {found[2]}, the alarm in {region}",
            span,
            note="another Region",
            help=f"CloudWatch alarms notify topics of their own Region: create it in {region}",
            labels=labels,
        )


def _alarms(alarms: GuardrailAlarms, region: str | None, sink: Diagnostics) -> None:
    for index, (topic, span) in enumerate(zip(alarms.notify, alarms.notify_spans, strict=True)):
        _topic(topic, region, span, sink, _from(alarms, f"notify[{index}]"))
    for alarm in alarms.alarms:
        clause = (
            f"on {alarm.direction.value}"
            if alarm.direction is not None
            else f"by {alarm.policy_type.value}"
            if alarm.policy_type is not None
            else None
        )
        if clause is not None:
            sink.emit(
                "W260",
                f"`{clause}` counts every guardrail in the account, not only `{alarms.guardrail}`",
                alarm.span,
                note="Bedrock publishes this metric without the guardrail's ARN",
                help=f"leave out `{clause}` to alarm on this guardrail alone",
            )


def nearest_retention(days: int) -> int:
    """The offered retention closest to `days` (ties: the shorter)."""
    return min(facts.RETENTION_DAYS, key=lambda d: (abs(d - days), d))


__all__ = ["check_monitoring", "nearest_retention"]
