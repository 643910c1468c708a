"""What `guardc plan` and `guardc apply` share: the AWS options, compiled payloads, one client
per Region, the lock file and AWS errors as diagnostics.

The Region of a guardrail is `--region`, else the one its `access:` block names, else boto3's own
(AWS_REGION, the profile). `--region` that disagrees with the `access:` block is an error (E503):
the IAM policies compiled from the same source name the block's Region.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import argtypes
from .common import UsageError, add_env_option, add_format_option

if TYPE_CHECKING:
    from mypy_boto3_bedrock.client import BedrockClient

    from ..aws.client import AwsError, Settings
    from ..aws.deploy import Desired, Planned
    from ..aws.enforce_deploy import ExtraPlan
    from ..aws.lockfile import LockEntry, LockFile
    from ..diagnostics.sink import Diagnostics
    from ..diagnostics.span import Span
    from ..ir import Guardrail, Logging, Policy
    from ..targets import Context

LOCK_FILE = "guardc.lock.json"


def add_aws_options(parser: argparse.ArgumentParser) -> None:
    """PATH..., --region, --profile, --lock and --format."""
    parser.add_argument(
        "paths", nargs="+", type=argtypes.path, metavar="PATH", help=".guard file or folder"
    )
    parser.add_argument("--region", metavar="R", help="AWS Region (default: boto3's resolution)")
    parser.add_argument("--profile", metavar="P", help="AWS profile from ~/.aws/config")
    parser.add_argument(
        "--lock", type=argtypes.path, metavar="FILE", help=f"lock file (default ./{LOCK_FILE})"
    )
    add_format_option(parser)
    add_env_option(parser)


@dataclass
class Target:
    """One compiled guardrail and what deploying it needs."""

    guardrail: Guardrail
    desired: Desired


@dataclass
class Prepared:
    """The compiled guardrails, the sink their diagnostics went to, and the sources."""

    sink: Diagnostics
    sources: dict[str, str]
    targets: list[Target] = field(default_factory=list)
    policy: Policy | None = None  # the loaded policy (its tests feed the behavioural plan)
    # each `logging:` block with its PutModelInvocationLoggingConfiguration request and Region
    logging: list[LoggingTarget] = field(default_factory=list)


@dataclass
class LoggingTarget:
    """One `logging:` block and what deploying it needs."""

    block: Logging
    request: dict[str, Any]
    region: str | None


def prepare(args: argparse.Namespace) -> Prepared:
    """Load, check and compile the Bedrock payload of every guardrail (strict check included:
    a payload AWS would reject never leaves the machine)."""
    from ..aws.deploy import Desired
    from ..diagnostics.sink import Diagnostics
    from ..pipeline import load
    from ..targets import Context
    from ..targets.bedrock import CREATE, accepted, payload

    sink = Diagnostics()
    loaded = load(args.paths, sink, env=args.env)
    if loaded.environments and args.env is None:
        raise UsageError(
            "the sources declare environments ("
            + ", ".join(loaded.environments)
            + "): choose the one to deploy with --env NAME"
        )
    prepared = Prepared(sink, loaded.sources, policy=loaded.policy)
    if sink.has_errors:
        return prepared
    ctx = Context(policy=loaded.policy, sink=sink)
    for guardrail in loaded.policy.guardrails:
        request = payload(guardrail)
        if not accepted(request, CREATE, guardrail, ctx):
            continue
        region = guardrail.access.region if guardrail.access else None
        named_by = "the access block of"
        if guardrail.deployment is not None and guardrail.deployment.region:
            region = guardrail.deployment.region
            named_by = f'environment "{guardrail.deployment.environment}" for'
        if args.region and region and args.region != region:
            sink.emit(
                "E503",
                f"--region {args.region} disagrees with {named_by} guardrail "
                f"`{guardrail.name}`, which names {region}",
                guardrail.span,
                help="deploy it to its own Region (leave out --region), or change the block",
            )
            continue
        desired = Desired(guardrail.bedrock_name, request, args.region or region, guardrail.name)
        prepared.targets.append(Target(guardrail, desired))
    _prepare_logging(args, prepared, ctx)
    return prepared


def expected_account(guardrail: Guardrail) -> str | None:
    """The account the guardrail must be deployed to: its environment's, else its `access:`
    block's, else none known."""
    if guardrail.deployment is not None and guardrail.deployment.account:
        return guardrail.deployment.account
    return guardrail.access.account if guardrail.access is not None else None


def check_account(args: argparse.Namespace, prepared: Prepared) -> bool:
    """Before any Bedrock call: the credentials' account (STS GetCallerIdentity, asked once and
    only when some guardrail or logging block names an account) must be the one each names.
    E505 for each that names another, E501 when STS cannot be asked; False after either
    (exit 3)."""
    from ..aws.client import AwsError
    from ..aws.identity import caller_account

    named = [(t, a) for t in prepared.targets if (a := expected_account(t.guardrail))]
    logs = [(t, t.block.account) for t in prepared.logging if t.block.account]
    if not named and not logs:
        return True
    try:
        region = named[0][0].desired.region if named else logs[0][0].region
        actual = caller_account(settings(args), region)
    except AwsError as exc:
        if named:
            aws_diagnostic(prepared.sink, named[0][0].guardrail, exc)
        else:
            logging_diagnostic(prepared.sink, logs[0][0].block.span, exc)
        return False
    ok = True
    for target, account in named:
        if account == actual:
            continue
        ok = False
        g = target.guardrail
        env = g.deployment.environment if g.deployment and g.deployment.account else None
        where = dict(g.access.spans).get("account", g.span) if g.access and not env else g.span
        _wrong_account(
            prepared.sink,
            actual,
            f"guardrail `{g.name}` "
            + (f'deploys to {account} (environment "{env}")' if env else f"names {account}"),
            where,
            env,
        )
    for log, account in logs:
        if account != actual:
            ok = False
            env = log.block.environment
            what = f"the logging block names {account}"
            if env is not None:
                what = f'the logging block deploys to {account} (environment "{env}")'
            _wrong_account(prepared.sink, actual, what, log.block.where("account"), env)
    return ok


def _wrong_account(sink: Diagnostics, actual: str, what: str, where: Span, env: str | None) -> None:
    sink.emit(
        "E505",
        f"the AWS credentials in use are for account {actual}, but {what}",
        where,
        note="nothing was read or written",
        help="use the profile or role of that account (--profile, AWS_PROFILE)"
        + (", or choose another environment with --env" if env else ""),
    )


def _prepare_logging(args: argparse.Namespace, prepared: Prepared, ctx: Context) -> None:
    """Each logging block's Put request, strict-checked, and the Region it goes to."""
    from ..aws.bedrock_model import check_payload
    from ..targets.invocation_logging import PUT, request

    for block in prepared.policy.logging if prepared.policy is not None else ():
        put = request(block)
        problems = check_payload(put, PUT)
        for problem in problems:
            ctx.sink.emit(
                "E901",
                f"internal error: the {PUT} request fails the strict check at "
                f"`{problem.path or '<payload>'}`: {problem.message}",
                block.span,
                help="this is a bug in guardc, not in your sources; please report it",
            )
        if problems:
            continue
        if args.region and block.region and args.region != block.region:
            named = "names" if block.environment is None else "deploys to"
            env = f' (environment "{block.environment}")' if block.environment else ""
            ctx.sink.emit(
                "E503",
                f"--region {args.region} disagrees with the logging block, which {named} "
                f"{block.region}{env}",
                block.where("region"),
                help="leave out --region (each logging block goes to its own Region), or "
                "change the block",
            )
            continue
        prepared.logging.append(LoggingTarget(block, put, args.region or block.region))


def logging_diagnostic(sink: Diagnostics, span: Span, exc: AwsError) -> None:
    """An AWS failure while planning or applying invocation logging: E502 naming the IAM
    action when AWS denied access, E501 otherwise."""
    action = exc.denied_action
    if action is not None:
        sink.emit(
            "E502",
            f"AWS denied `{action}` for invocation logging: {exc.message}",
            span,
            help=f"grant `{action}` (and `iam:PassRole` on the delivery role, for the Put) to "
            "the identity guardc runs as",
        )
        return
    sink.emit(
        "E501",
        f"AWS call failed for invocation logging: {exc}",
        span,
        help="check the AWS settings (Region, profile, credentials, endpoint) and retry",
    )


def lock_path(args: argparse.Namespace) -> Path:
    return Path(args.lock) if args.lock is not None else Path(LOCK_FILE)


def read_lock(args: argparse.Namespace) -> LockFile | None:
    """The lock file, or None when there is none yet (`apply` creates it). A bad file is a
    usage error."""
    from ..aws.lockfile import LockFileError, load

    try:
        return load(lock_path(args))
    except LockFileError as exc:
        raise UsageError(f"bad lock file: {exc}") from None


class Clients:
    """One `bedrock` client per Region, made when first needed."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._made: dict[str | None, BedrockClient] = {}
        self._organizations: Any = None  # boto3's `organizations` client, made when first needed

    def get(self, region: str | None) -> BedrockClient:
        from ..aws.client import bedrock_client

        if region not in self._made:
            self._made[region] = bedrock_client(self.settings, region)
        return self._made[region]

    def organizations(self, region: str | None) -> Any:
        """The AWS Organizations client (one endpoint per partition: `region` picks it)."""
        from ..aws.client import organizations_client

        if self._organizations is None:
            self._organizations = organizations_client(self.settings, region)
        return self._organizations


def add_removal_option(parser: argparse.ArgumentParser) -> None:
    """--remove-enforcement: the one flag that lets plan/apply delete anything."""
    parser.add_argument(
        "--remove-enforcement",
        action="store_true",
        help="delete the account enforcement, organization policy (and its attachments) and "
        "resource policies of a guardrail whose sources no longer state them (kept otherwise)",
    )


def with_extras(
    planned: Planned,
    clients: Clients,
    guardrail: Guardrail,
    locked: LockEntry | None,
    remove: bool,
    *,
    fellows: Sequence[Guardrail] = (),
) -> None:
    """Add the enforcement and sharing lines to the plan of a guardrail that exists. `fellows`:
    every guardrail deployed with it (those sharing its profile share its profile's policy)."""
    if planned.found is None:
        access = guardrail.access
        shared = access is not None and bool(access.shared_accounts or access.shared_organization)
        if guardrail.enforcements or shared:
            planned.notes.append("enforcement and sharing follow once the guardrail exists")
        return
    own = locked.version if locked is not None and locked.id == planned.found.id else None
    version = planned.newest or own
    extras = extra_plan(
        clients, guardrail, planned.found.arn, version, remove=remove, fellows=fellows
    )
    planned.extra = [line for step in extras.steps for line in step.lines]
    planned.notes += extras.notes


def extra_plan(
    clients: Clients,
    guardrail: Guardrail,
    arn: str,
    version: str | None,
    *,
    remove: bool,
    fellows: Sequence[Guardrail] = (),
) -> ExtraPlan:
    """The enforcement and sharing writes for the deployed guardrail `arn` whose newest
    published version is `version` (`pin version N` wins): built from the compiled requests
    (targets/enforcement.py), compared with AWS by aws/enforce_deploy.py."""
    from ..aws.enforce_deploy import ExtraPlan, plan_enforcement, plan_sharing
    from ..aws.org_deploy import plan_organization
    from ..targets import enforcement as enforcemod
    from ..vocab import EnforceScope

    plan = ExtraPlan()
    access = guardrail.access
    if access is None:
        return plan
    _, partition, _, region, account = arn.split(":", 5)[:5]
    pinned = access.version if access.version and access.version.isdigit() else version
    rules = {e.scope: e for e in guardrail.enforcements}
    account_rule = rules.get(EnforceScope.ACCOUNT)
    if account_rule is not None and not (pinned and pinned.isdigit()):
        plan.notes.append(
            "enforce in account: no published version yet; `guardc apply --publish` makes one"
        )
    elif account_rule is not None or remove:
        # without an `enforce in account` line only `--remove-enforcement` reads (and may
        # delete): a guardrail that states nothing needs no enforcement permissions
        request = (
            enforcemod.account_request(account_rule, arn, str(pinned))
            if account_rule is not None
            else None
        )
        found = plan_enforcement(clients.get(region), arn, request, remove=remove)
        plan.steps += found.steps
        plan.notes += found.notes
    shared = enforcemod.shared(access)
    if shared or remove:
        requests = (
            enforcemod.resource_policy_requests(
                guardrail, partition, region, account, arn, fellows=fellows
            )
            if shared
            else []
        )
        found = plan_sharing(clients.get, requests, [] if shared else [arn], remove=remove)
        plan.steps += found.steps
        plan.notes += found.notes
    # after sharing: member accounts need the resource policy before the policy reaches them
    org_rule = rules.get(EnforceScope.ORGANIZATION)
    if org_rule is not None and not (pinned and pinned.isdigit()):
        plan.notes.append(
            "enforce in organization: no published version yet; `guardc apply --publish` makes one"
        )
    elif org_rule is not None or remove:
        request = (
            enforcemod.organization_request(guardrail, org_rule, f"{arn}:{pinned}", region)
            if org_rule is not None
            else None
        )
        targets = enforcemod.attach_targets(org_rule) if org_rule is not None else []
        found = plan_organization(
            clients.organizations(region),
            enforcemod.policy_name(guardrail),
            request,
            targets,
            remove=remove,
        )
        plan.steps += found.steps
        plan.notes += found.notes
    return plan


def settings(args: argparse.Namespace) -> Settings:
    from ..aws.client import Settings

    return Settings(region=args.region, profile=args.profile)


def aws_diagnostic(sink: Diagnostics, guardrail: Guardrail, exc: AwsError) -> None:
    """An AWS failure as a diagnostic at the guardrail: E502 naming the IAM action when AWS
    denied access, E501 otherwise."""
    action = exc.denied_action
    if action is not None:
        sink.emit(
            "E502",
            f"AWS denied `{action}` for guardrail `{guardrail.name}`: {exc.message}",
            guardrail.span,
            help=f"grant `{action}` to the identity guardc runs as; `guardc compile --target "
            "iam` writes a deployer policy (iam/deployer.json) with every action plan and "
            "apply use",
        )
        return
    sink.emit(
        "E501",
        f"AWS call failed for guardrail `{guardrail.name}`: {exc}",
        guardrail.span,
        help="check the AWS settings (Region, profile, credentials, endpoint) and retry",
    )
