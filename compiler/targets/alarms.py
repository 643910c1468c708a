"""CloudWatch alarms and dashboards on the guardrail metrics, and the outside-change alarm.

Not a registered target: `targets/monitoring.py` calls it. Namespace, metric names and
dimensions are AWS's (aws/monitoring_facts.py, from the Bedrock user guide's
monitoring-guardrails-cw-metrics page). A guardrail's own metrics carry its ARN and version
(`GuardrailArn` + `GuardrailVersion`); those by direction or policy type carry neither, so an
alarm `on input` or `by topics` watches the whole account (W260 says so at the source line).

A guardrail's ARN comes from `--guardrail-arn` or the lock file; when neither knows it, the
template asks for it in a parameter (`GuardrailArnSupportBot`). Its version is the pinned one,
else the ARN's or the lock file's newest, else DRAFT, as the IAM target resolves it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..aws import monitoring_facts as facts
from ..aws.arns import parse_principal
from ..ir import Access, Alarm, Guardrail, GuardrailAlarms, Logging, Origin
from ..vocab import AlarmMetric, ThresholdUnit
from . import Context, iam

JsonObject = dict[str, Any]
CHANGE_NAMESPACE = "guardc/GuardrailChanges"
CHANGE_METRIC = "GuardrailChangesOutsideDeployRoles"
ARN_PATTERN = r"^arn:aws(-[a-z]+)*:bedrock:[a-z0-9-]+:[0-9]{12}:guardrail/[a-z0-9]+$"


def pascal(name: str) -> str:
    """`support-bot` → `SupportBot`: a name as part of a logical id."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name))


@dataclass(frozen=True)
class Target:
    """How the template names one guardrail's metrics: its ARN (a literal or a parameter
    reference) and version."""

    arn: Any
    version: str
    parameter: str | None = None  # the parameter that holds the ARN, when it is not known


def locate(guardrail: Guardrail, ctx: Context, parameters: JsonObject) -> Target:
    """The ARN and version of `guardrail`'s metrics; adds a parameter when the ARN is unknown."""
    ref = iam.known_guardrail(guardrail, ctx)
    access = guardrail.access or Access(origin=Origin(guardrail=guardrail.name))
    version = iam.resolve_version(access, ref, ctx, guardrail.name)
    if ref is not None:
        return Target(ref.arn, version)
    name = f"GuardrailArn{pascal(guardrail.name)}"
    parameters[name] = {
        "Type": "String",
        "Description": f"ARN of guardrail {guardrail.name} (`guardc apply` records it in "
        "guardc.lock.json; compile again to have it here)",
        "AllowedPattern": ARN_PATTERN,
        "ConstraintDescription": "a guardrail ARN (arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID)",
    }
    return Target({"Ref": name}, version, name)


def _dimensions(alarm: Alarm, target: Target) -> list[JsonObject]:
    if alarm.direction is not None:
        return [{"Name": facts.DIM_CONTENT_SOURCE, "Value": facts.CONTENT_SOURCE[alarm.direction]}]
    if alarm.policy_type is not None:
        return [{"Name": facts.DIM_POLICY_TYPE, "Value": facts.POLICY_TYPE[alarm.policy_type]}]
    return [
        {"Name": facts.DIM_GUARDRAIL_ARN, "Value": target.arn},
        {"Name": facts.DIM_GUARDRAIL_VERSION, "Value": target.version},
    ]


def _stat(metric: AlarmMetric) -> str:
    return "Average" if metric is AlarmMetric.LATENCY else "Sum"


def alarm_resource(
    owner: GuardrailAlarms, index: int, alarm: Alarm, target: Target, text: str
) -> JsonObject:
    """One `AWS::CloudWatch::Alarm` for `alarm` (written `text` in the source)."""
    metric = {
        "Namespace": facts.NAMESPACE,
        "MetricName": facts.METRIC_NAME[alarm.metric],
        "Dimensions": _dimensions(alarm, target),
    }
    period = alarm.minutes * 60
    properties: JsonObject = {
        "AlarmName": f"guardc-{owner.guardrail}-{index}",
        "AlarmDescription": f"{owner.guardrail}: {text} (compiled by guardc)",
        "ComparisonOperator": "GreaterThanThreshold",
        "EvaluationPeriods": 1,
        "DatapointsToAlarm": 1,
        "Threshold": alarm.threshold * (1000 if alarm.unit is ThresholdUnit.SECONDS else 1),
        "TreatMissingData": "notBreaching",
    }
    if owner.notify:
        properties["AlarmActions"] = list(owner.notify)
    if alarm.unit is ThresholdUnit.PERCENT:
        invocations = {**metric, "MetricName": facts.METRIC_NAME[AlarmMetric.INVOCATIONS]}
        properties["Metrics"] = [
            {
                "Id": "watched",
                "MetricStat": {"Metric": metric, "Period": period, "Stat": "Sum"},
                "ReturnData": False,
            },
            {
                "Id": "invocations",
                "MetricStat": {"Metric": invocations, "Period": period, "Stat": "Sum"},
                "ReturnData": False,
            },
            {
                "Id": "rate",
                "Expression": "100 * watched / invocations",
                "Label": f"{alarm.metric.value} per 100 invocations",
                "ReturnData": True,
            },
        ]
    else:
        properties.update(metric)
        properties["Statistic"] = _stat(alarm.metric)
        properties["Period"] = period
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": properties}


# ── guardrail changes made outside the deploy roles (CloudTrail) ─────────────────────────────


def caller_pattern(principal: str) -> str | None:
    """How CloudTrail's `userIdentity.arn` shows a call by `principal`: a role's calls come from
    its sessions (`arn:P:sts::A:assumed-role/NAME/SESSION`, no path), a user's from its ARN."""
    parsed = parse_principal(principal)
    if parsed is None:
        return None
    if parsed.is_role:
        return f"arn:{parsed.partition}:sts::{parsed.account}:assumed-role/{parsed.name}/*"
    return principal


def change_filter(principals: list[str]) -> str:
    """The metric filter pattern: a guardrail change event by anyone but `principals`."""
    events = " || ".join(f'($.eventName = "{e}")' for e in facts.CHANGE_EVENTS)
    terms = [f'($.eventSource = "{facts.BEDROCK_EVENT_SOURCE}")', f"({events})"]
    for principal in principals:
        pattern = caller_pattern(principal)
        if pattern is not None:
            terms.append(f'($.userIdentity.arn != "{pattern}")')
    return "{ " + " && ".join(terms) + " }"


def change_resources(logging: Logging, principals: list[str]) -> JsonObject:
    """The metric filter on the trail's log group and the alarm on its metric; `principals`
    (the deploy roles, `Policy.deploy_principals`) are left out."""
    if logging.trail_log_group is None:
        return {}
    alarm: JsonObject = {
        "AlarmName": "guardc-guardrail-changes-outside-deploy-roles",
        "AlarmDescription": "A guardrail was created, updated, deleted or versioned by someone "
        "other than the deploy roles: " + (", ".join(principals) or "(none named)"),
        "Namespace": CHANGE_NAMESPACE,
        "MetricName": CHANGE_METRIC,
        "Statistic": "Sum",
        "Period": 300,
        "EvaluationPeriods": 1,
        "DatapointsToAlarm": 1,
        "Threshold": 0,
        "ComparisonOperator": "GreaterThanThreshold",
        "TreatMissingData": "notBreaching",
    }
    if logging.notify:
        alarm["AlarmActions"] = list(logging.notify)
    return {
        "GuardrailChangeFilter": {
            "Type": "AWS::Logs::MetricFilter",
            "Properties": {
                "LogGroupName": logging.trail_log_group,
                "FilterName": "guardc-guardrail-changes-outside-deploy-roles",
                "FilterPattern": change_filter(principals),
                "MetricTransformations": [
                    {
                        "MetricNamespace": CHANGE_NAMESPACE,
                        "MetricName": CHANGE_METRIC,
                        "MetricValue": "1",
                    }
                ],
            },
        },
        "GuardrailChangeAlarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": alarm},
    }


# ── dashboards: one per policy file ──────────────────────────────────────────────────────────


def _widget(title: str, y: int, metrics: list[list[Any]], stat: str) -> JsonObject:
    return {
        "type": "metric",
        "x": 0,
        "y": y,
        "width": 24,
        "height": 6,
        "properties": {
            "title": title,
            "view": "timeSeries",
            "region": "${AWS::Region}",
            "stat": stat,
            "period": 300,
            "metrics": metrics,
        },
    }


def dashboard(file: str, name: str, targets: dict[str, Target]) -> JsonObject:
    """The dashboard of one policy file: invocations, interventions (per guardrail and by policy
    type) and latency."""

    def per_guardrail(metric: AlarmMetric) -> list[list[Any]]:
        rows: list[list[Any]] = []
        for guardrail, target in sorted(targets.items()):
            arn = f"${{{target.parameter}}}" if target.parameter else target.arn
            rows.append(
                [
                    facts.NAMESPACE,
                    facts.METRIC_NAME[metric],
                    facts.DIM_GUARDRAIL_ARN,
                    arn,
                    facts.DIM_GUARDRAIL_VERSION,
                    target.version,
                    {"label": guardrail},
                ]
            )
        return rows

    by_policy = [
        [
            facts.NAMESPACE,
            facts.METRIC_NAME[AlarmMetric.INTERVENTIONS],
            facts.DIM_POLICY_TYPE,
            value,
            {"label": kind.value},
        ]
        for kind, value in facts.POLICY_TYPE.items()
    ]
    body = {
        "widgets": [
            _widget("Invocations", 0, per_guardrail(AlarmMetric.INVOCATIONS), "Sum"),
            _widget("Interventions", 6, per_guardrail(AlarmMetric.INTERVENTIONS), "Sum"),
            _widget("Interventions by policy type (whole account)", 12, by_policy, "Sum"),
            _widget("Latency (ms, average)", 18, per_guardrail(AlarmMetric.LATENCY), "Average"),
        ]
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return {
        "Type": "AWS::CloudWatch::Dashboard",
        "Properties": {"DashboardName": name, "DashboardBody": {"Fn::Sub": text}},
        # the file's name only: the folder it was compiled from must not change the template
        "Metadata": {"guardc": {"policyFile": file.replace("\\", "/").rsplit("/", 1)[-1]}},
    }


def dashboard_name(file: str, taken: set[str]) -> str:
    """`guardc-healthcare_assistant` for `examples/healthcare_assistant.guard`: letters, digits,
    `-` and `_`, unique within the template."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", file.rsplit("/", 1)[-1].removesuffix(".guard"))
    base = f"guardc-{stem.strip('-') or 'policy'}"[:240]
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


__all__ = [
    "CHANGE_METRIC",
    "CHANGE_NAMESPACE",
    "Target",
    "alarm_resource",
    "caller_pattern",
    "change_filter",
    "change_resources",
    "dashboard",
    "dashboard_name",
    "locate",
    "pascal",
]
