"""What `guardc explain PATH --guardrail NAME` says about monitoring: the guardrail's alarms
(each with the metric and dimensions it compiles to) and the account's logging block."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..diagnostics.textsafe import visible
from ..vocab import AlarmMetric, ThresholdUnit, alarm_phrase

if TYPE_CHECKING:
    from ..ir import Alarm, GuardrailAlarms, Logging, Policy


def _alarm(alarm: Alarm) -> str:
    return alarm_phrase(alarm)


def _metric(alarm: Alarm) -> str:
    """`InvocationsIntervened by GuardrailArn+GuardrailVersion` (AWS's names)."""
    from ..aws import monitoring_facts as facts

    name = facts.METRIC_NAME[alarm.metric]
    if alarm.direction is not None:
        return f"{name} by {facts.DIM_CONTENT_SOURCE}={facts.CONTENT_SOURCE[alarm.direction]}"
    if alarm.policy_type is not None:
        return f"{name} by {facts.DIM_POLICY_TYPE}={facts.POLICY_TYPE[alarm.policy_type]}"
    dims = f"by {facts.DIM_GUARDRAIL_ARN}+{facts.DIM_GUARDRAIL_VERSION}"
    if alarm.unit is ThresholdUnit.PERCENT:
        invocations = facts.METRIC_NAME[AlarmMetric.INVOCATIONS]
        return f"100 * {name} / {invocations} {dims}"
    return f"{name} {dims}"


def _logging_lines(logging: Logging) -> list[str]:
    account, region = logging.place
    where = " ".join(f"{k} {v}" for k, v in (("account", account), ("region", region)) if v)
    lines = ["", f"logging ({where or 'the account and Region deployed to'}):"]
    if logging.bucket is not None:
        lines.append(
            f"  s3 bucket              {logging.bucket.bucket}/{logging.bucket.prefix or ''}"
        )
    if logging.log_group is not None:
        kept = f"{logging.retention_days} days" if logging.retention_days else "forever"
        lines.append(f"  log group              {logging.log_group} (kept {kept})")
    if logging.large_data is not None:
        large = logging.large_data
        lines.append(f"  large data             {large.bucket}/{large.prefix or ''}")
    data = ", ".join(d.value for d in logging.data) or "text (default)"
    lines.append(f"  data                   {data}")
    if logging.kms_key:
        lines.append(f"  key                    {logging.kms_key}")
    if logging.trail_log_group:
        lines.append(f"  outside-change alarm   on trail log group {logging.trail_log_group}")
    return lines + _given(logging)


def _given(block: Logging | GuardrailAlarms) -> list[str]:
    """The environment a block was resolved in and the parameter behind each of its values."""
    lines = []
    if block.environment is not None:
        lines.append(f'  environment            "{block.environment}"')
    for where, parameter, _ in block.parameters:
        field, _, part = where.partition(".")
        name, _, index = field.partition("[")
        if name == "alarms":  # `alarms[0].threshold`: the first alarm's threshold
            words = f"the threshold of alarm {int(index.rstrip(']')) + 1}"
        else:
            words = _LINE_WORDS[name] + (" prefix" if part else "")
        lines.append(f'  parameter              "{parameter}" gives {words}')
    return lines


# a logging field (`ir.Logging.spans`' keys) in the language's words
_LINE_WORDS = {
    "account": "account",
    "region": "region",
    "bucket": "deliver to bucket",
    "log_group": "deliver to log group",
    "large_data": "deliver large data to bucket",
    "key": "encrypt with key",
    "role": "delivered by role",
    "trail_log_group": "watch guardrail changes in trail log group",
    "notify": "notify",
}


def monitoring_text(policy: Policy, name: str) -> str:
    """The monitoring lines of guardrail `name`'s explanation ("" when there are none)."""
    lines: list[str] = []
    alarms = next((a for a in policy.alarms if a.guardrail == name), None)
    if alarms is not None:
        lines += ["", f"alarms ({len(alarms.alarms)}):"]
        lines += [f"  {_alarm(a)}  ->  {_metric(a)}" for a in alarms.alarms]
        lines += [f"  notify {topic}" for topic in alarms.notify]
        lines += _given(alarms)
    for block in policy.logging:
        lines += _logging_lines(block)
    # names, buckets and prefixes come from the sources: shown escaped, like the rest of explain
    return "\n".join(visible(line) for line in lines) + "\n" if lines else ""


def monitoring_json(policy: Policy, name: str) -> dict[str, Any]:
    """The same as JSON members: `alarms` (with metric names) and `logging`."""
    alarms = next((a for a in policy.alarms if a.guardrail == name), None)
    return {
        "alarms": None
        if alarms is None
        else {
            "notify": list(alarms.notify),
            "alarms": [{"alarm": _alarm(a), "metric": _metric(a)} for a in alarms.alarms],
        },
        "logging": [block.model_dump(mode="json") for block in policy.logging],
    }
