"""The monitoring target: account- and Region-level artefacts, in `<out>/@monitoring/`
(`targets.ACCOUNT_FOLDER`).

Written when the sources hold a `logging:` block or `alarms for` blocks (docs/monitoring.md):

- `logging.json`: the keyword arguments of `bedrock.put_model_invocation_logging_configuration`,
  after the project's strict check against botocore's model (a request it rejects is E901 and
  nothing is written);
- `kms-key-policy.json`: the logging key's policy, when the block names a key;
- `cloudformation.json`: the bucket(s) and bucket policies, the log group, the delivery role,
  one `AWS::CloudWatch::Alarm` per `alarm when` line, the CloudTrail metric filter and alarm for
  guardrail changes outside the deploy roles, and one `AWS::CloudWatch::Dashboard` per policy
  file. It does not set the logging configuration itself (CloudFormation has no resource for
  it): `guardc apply` does, or `logging.json` with any SDK.
"""

from __future__ import annotations

from typing import Any

from ..aws.bedrock_model import check_payload
from ..ir import Policy
from ..vocab import alarm_phrase
from . import Artefact, Context, alarms, canonical_json
from . import invocation_logging as logs

JsonObject = dict[str, Any]


def compile_account(policy: Policy, ctx: Context) -> list[Artefact]:
    """The account-level artefacts of `policy`, or none when it asks for no monitoring."""
    if policy.logging is None and not policy.alarms:
        return []
    out: list[Artefact] = []
    logging = policy.logging
    if logging is not None:
        request = logs.request(logging)
        problems = check_payload(request, logs.PUT)
        for problem in problems:
            ctx.sink.emit(
                "E901",
                f"internal error: the {logs.PUT} request fails the strict check at "
                f"`{problem.path or '<payload>'}`: {problem.message}",
                logging.span,
                help="this is a bug in guardc, not in your sources; please report it",
            )
        if problems:
            return []
        out.append(Artefact("logging.json", canonical_json(request)))
        key_policy = logs.key_policy(logging)
        if key_policy is not None:
            out.append(Artefact("kms-key-policy.json", canonical_json(key_policy)))
    out.append(Artefact("cloudformation.json", canonical_json(template(policy, ctx))))
    return out


def template(policy: Policy, ctx: Context) -> JsonObject:
    """The account-level template as a JSON object."""
    parameters: JsonObject = {}
    resources: JsonObject = {}
    if policy.logging is not None:
        resources.update(logs.resources(policy.logging))
        resources.update(alarms.change_resources(policy.logging, policy))
    targets = {g.name: alarms.locate(g, ctx, parameters) for g in policy.guardrails}
    names: dict[str, str] = {}
    for owner in policy.alarms:
        base = alarms.pascal(owner.guardrail)
        logical = base
        while logical in names.values():
            logical += "X"
        names[owner.guardrail] = logical
        for index, alarm in enumerate(owner.alarms, 1):
            text = alarm_phrase(
                alarm.metric,
                direction=alarm.direction,
                policy_type=alarm.policy_type,
                threshold=alarm.threshold,
                unit=alarm.unit,
                minutes=alarm.minutes,
            )
            resources[f"Alarm{logical}{index}"] = alarms.alarm_resource(
                owner, index, alarm, targets[owner.guardrail], text
            )
    files: dict[str, dict[str, alarms.Target]] = {}
    for guardrail in policy.guardrails:
        files.setdefault(guardrail.span.file, {})[guardrail.name] = targets[guardrail.name]
    taken: set[str] = set()
    for index, (file, members) in enumerate(sorted(files.items()), 1):
        name = alarms.dashboard_name(file, taken)
        resources[f"Dashboard{index}"] = alarms.dashboard(file, name, members)
    used = {p for t in targets.values() if t.parameter for p in [t.parameter]}
    document: JsonObject = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Amazon Bedrock invocation logging, guardrail alarms and dashboards, "
        "compiled by guardc",
    }
    kept = {k: v for k, v in sorted(parameters.items()) if k in used}
    if kept:
        document["Parameters"] = kept
    document["Resources"] = resources
    return document


__all__ = ["compile_account", "template"]
