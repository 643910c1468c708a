"""The monitoring target: account- and Region-level artefacts, in `<out>/@monitoring/PLACE/`
(`targets.ACCOUNT_FOLDER`; PLACE is `ACCOUNT-REGION`, or `default` when the sources name none).

A CloudFormation stack and a logging configuration each live in one account and Region, so the
artefacts are grouped by place: each `logging:` block has its own, and so has each guardrail
with `alarms for` (by its `access:` block's account and Region; a guardrail that names none
goes with the only logging block, if there is one). Written only when the sources hold a
`logging:` block or `alarms for` blocks (docs/monitoring.md):

- `logging.json`: the keyword arguments of `bedrock.put_model_invocation_logging_configuration`,
  after the project's strict check against botocore's model (a request it rejects is E901 and
  nothing is written);
- `iam/logging-deployer.json`: what `guardc plan`/`apply` need to read and set the
  configuration, and to pass the delivery role to Bedrock;
- `kms-key-policy.json`: the logging key's policy, when the block names a key;
- `cloudformation.json`: the bucket(s) and bucket policies, the log group, the delivery role,
  one `AWS::CloudWatch::Alarm` per `alarm when` line, the CloudTrail metric filter and alarm for
  guardrail changes outside the deploy roles, and one `AWS::CloudWatch::Dashboard` per policy
  file. It does not set the logging configuration itself (CloudFormation has no resource for
  it): `guardc apply` does, or `logging.json` with any SDK.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..aws.bedrock_model import check_payload
from ..ir import Guardrail, GuardrailAlarms, Logging, Policy
from ..vocab import alarm_phrase
from . import Artefact, Context, alarms, canonical_json
from . import invocation_logging as logs

JsonObject = dict[str, Any]
Place = tuple[str | None, str | None]


@dataclass
class Group:
    """What one account and Region gets: its logging block, alarms and guardrails."""

    logging: Logging | None = None
    alarms: list[GuardrailAlarms] = field(default_factory=list)
    guardrails: list[Guardrail] = field(default_factory=list)


def folder(place: Place) -> str:
    """`111122223333-us-east-1`, or `default` when the sources name no account or Region."""
    named = [part for part in place if part]
    return "-".join(named) if named else "default"


def groups(policy: Policy) -> dict[Place, Group]:
    """The places the policy monitors, and what each gets."""
    found: dict[Place, Group] = {block.place: Group(logging=block) for block in policy.logging}

    def place_of(guardrail: Guardrail) -> Place:
        own = guardrail.place  # with `--env`, the environment's when `access:` says none
        if own[0] and own[1] and (own in found or len(policy.logging) != 1):
            return own
        return policy.logging[0].place if len(policy.logging) == 1 else (None, None)

    places = {g.name: place_of(g) for g in policy.guardrails}
    for owner in policy.alarms:
        found.setdefault(places[owner.guardrail], Group()).alarms.append(owner)
    for guardrail in policy.guardrails:
        if places[guardrail.name] in found:
            found[places[guardrail.name]].guardrails.append(guardrail)
    return found


def compile_account(policy: Policy, ctx: Context) -> list[Artefact]:
    """The account-level artefacts of `policy`, or none when it asks for no monitoring."""
    out: list[Artefact] = []
    for place, group in sorted(groups(policy).items(), key=lambda item: folder(item[0])):
        where = folder(place)
        if group.logging is not None:
            request = logs.request(group.logging)
            if not _accepted(request, group.logging, ctx):
                return []
            out.append(Artefact(f"{where}/logging.json", canonical_json(request)))
            deployer = canonical_json(logs.deployer_policy(group.logging))
            out.append(Artefact(f"{where}/iam/logging-deployer.json", deployer))
            key_policy = logs.key_policy(group.logging)
            if key_policy is not None:
                out.append(Artefact(f"{where}/kms-key-policy.json", canonical_json(key_policy)))
        document = template(policy, group, ctx)
        out.append(Artefact(f"{where}/cloudformation.json", canonical_json(document)))
    return out


def _accepted(request: JsonObject, logging: Logging, ctx: Context) -> bool:
    problems = check_payload(request, logs.PUT)
    for problem in problems:
        ctx.sink.emit(
            "E901",
            f"internal error: the {logs.PUT} request fails the strict check at "
            f"`{problem.path or '<payload>'}`: {problem.message}",
            logging.span,
            help="this is a bug in guardc, not in your sources; please report it",
        )
    return not problems


def template(policy: Policy, group: Group, ctx: Context) -> JsonObject:
    """The template of one account and Region as a JSON object."""
    parameters: JsonObject = {}
    resources: JsonObject = {}
    if group.logging is not None:
        resources.update(logs.resources(group.logging))
        principals = policy.deploy_principals(group.logging.place[0])
        resources.update(alarms.change_resources(group.logging, principals))
    targets = {g.name: alarms.locate(g, ctx, parameters) for g in group.guardrails}
    taken: set[str] = set()
    for owner in group.alarms:
        logical = alarms.pascal(owner.guardrail)
        while logical in taken:
            logical += "X"
        taken.add(logical)
        for index, alarm in enumerate(owner.alarms, 1):
            text = alarm_phrase(alarm)
            resources[f"Alarm{logical}{index}"] = alarms.alarm_resource(
                owner, index, alarm, targets[owner.guardrail], text
            )
    files: dict[str, dict[str, alarms.Target]] = {}
    for guardrail in group.guardrails:
        files.setdefault(guardrail.span.file, {})[guardrail.name] = targets[guardrail.name]
    names: set[str] = set()
    for index, (file, members) in enumerate(sorted(files.items()), 1):
        name = alarms.dashboard_name(file, names)
        resources[f"Dashboard{index}"] = alarms.dashboard(file, name, members)
    document: JsonObject = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Amazon Bedrock invocation logging, guardrail alarms and dashboards, "
        "compiled by guardc",
    }
    if parameters:
        document["Parameters"] = dict(sorted(parameters.items()))
    document["Resources"] = resources
    return document


__all__ = ["Group", "compile_account", "folder", "groups", "template"]
