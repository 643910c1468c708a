"""`guardc apply PATH... [--yes] [--dry-run] [--publish] [--region R] [--profile P] [--lock FILE]`:
create or update the deployed guardrails so they match the sources. Never deletes one.

Plans first (as `guardc plan`), prints the plan, and asks before writing unless `--yes`; without a
terminal to ask on and without `--yes` it refuses (exit 2). `--dry-run` stops after the plan.
After each guardrail the lock file is written (atomically), so an interrupted run keeps what it
finished, and the next run converges (aws/deploy.py). Exit codes: 0 done, 1 findings in the
sources or the confirmation declined, 2 usage, 3 an AWS call failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from .common import EXIT_AWS, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, report
from .deploying import add_aws_options, add_removal_option

if TYPE_CHECKING:
    from ..aws.deploy import Applied, Planned
    from ..aws.logging_deploy import LoggingPlan


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `apply` and its arguments."""
    parser = subparsers.add_parser(
        "apply",
        help="create or update the deployed guardrails to match the sources",
        description="Create or update Bedrock guardrails so they match the compiled sources. "
        "Never deletes a guardrail.",
    )
    add_aws_options(parser)
    parser.add_argument("--yes", action="store_true", help="apply without asking")
    parser.add_argument(
        "--dry-run", action="store_true", help="print the plan and stop; change nothing"
    )
    parser.add_argument(
        "--publish",
        action="store_true",
        help="create a numbered version when the configuration changed since the last one",
    )
    add_removal_option(parser)


def _confirmed(args: argparse.Namespace) -> bool | None:
    """True to go ahead, False when declined, None when there is no terminal to ask on."""
    if args.yes:
        return True
    if not sys.stdin.isatty():
        return None
    sys.stderr.write("Apply these changes? Only `yes` is accepted: ")
    sys.stderr.flush()
    return sys.stdin.readline().strip() == "yes"


def run(args: argparse.Namespace) -> int:
    """Plan, confirm, apply guardrail by guardrail, record each in the lock file."""
    from ..aws.client import AwsError
    from ..aws.deploy import apply, plan
    from ..aws.enforce_deploy import apply_steps
    from ..aws.identity import KeyResolver
    from ..aws.lockfile import record, save
    from ..aws.logging_deploy import apply_logging
    from ..aws.logging_deploy import plan_lines as logging_lines
    from ..aws.org_deploy import SERVICE as ORG_SERVICE
    from ..aws.org_deploy import apply_organization
    from ..aws.plan_report import plan_text
    from .deploying import (
        Clients,
        aws_diagnostic,
        check_account,
        extra_plan,
        lock_path,
        logging_diagnostic,
        prepare,
        read_lock,
        settings,
        with_extras,
    )
    from .plan import plan_logging_of

    prepared = prepare(args)
    sink = prepared.sink
    if sink.has_errors:
        report(sink.sorted(), prepared.sources)
        return EXIT_FINDINGS
    lock = read_lock(args)
    if not check_account(args, prepared):
        report(sink.sorted(), prepared.sources)
        return EXIT_AWS
    clients = Clients(settings(args))
    keys = KeyResolver(settings(args))
    plans: list[tuple[Planned, Any]] = []
    for target in prepared.targets:
        locked = lock.entries(args.env).get(target.guardrail.name) if lock else None
        try:
            client = clients.get(target.desired.region)
            one = plan(client, target.desired, locked, publish=args.publish, resolve_key=keys.arn)
            fellows = [t.guardrail for t in prepared.targets]
            with_extras(
                one, clients, target.guardrail, locked, args.remove_enforcement, fellows=fellows
            )
            plans.append((one, target))
        except AwsError as exc:
            aws_diagnostic(sink, target.guardrail, exc)
    logging, _ = plan_logging_of(prepared, clients)
    if sink.has_errors:  # nothing is written unless everything could be planned
        report(sink.sorted(), prepared.sources)
        return EXIT_AWS
    planned = [p for p, _ in plans]
    text = args.format != "json"
    if text:
        for planned_logging in logging:
            sys.stdout.write("\n".join(logging_lines(planned_logging)) + "\n")
        sys.stdout.write(plan_text(planned))
        sys.stdout.flush()
    if args.dry_run:
        if text:
            print("Dry run: nothing was changed.")
        else:
            _print_json(planned, [], None, logging)
        return EXIT_OK
    logging_due = any(p.action != "none" for p in logging)
    if logging_due or any(p.action != "none" or p.publish or p.extra for p in planned):
        confirmed = _confirmed(args)
        if confirmed is None:
            sys.stderr.write(
                "error: refusing to apply without confirmation: stdin is not a terminal; "
                "pass --yes to apply (or --dry-run to only plan)\n"
            )
            return EXIT_USAGE
        if not confirmed:
            sys.stderr.write("Apply cancelled: nothing was changed.\n")
            return EXIT_FINDINGS
    for block, planned_logging in zip(prepared.logging, logging, strict=True):
        if planned_logging.action == "none":
            continue
        try:
            apply_logging(clients.get(block.region), planned_logging)
        except AwsError as exc:
            logging_diagnostic(sink, block.block.span, exc)
            report(sink.sorted(), prepared.sources)
            return EXIT_AWS
        if text:
            print(f"Invocation logging in {planned_logging.region}: configuration written.")
    path = lock_path(args)
    done: list[Applied] = []
    for p, target in plans:
        locked = lock.entries(args.env).get(target.guardrail.name) if lock else None
        try:
            applied = apply(clients.get(p.desired.region), p, locked)
            # enforcement and sharing, planned again now that the ARN and version are known
            extras = extra_plan(
                clients,
                target.guardrail,
                applied.entry.arn,
                applied.entry.version,
                remove=args.remove_enforcement,
                fellows=[t.guardrail for t in prepared.targets],
            )
            applied.writes += apply_steps(clients.get, extras)
            org_steps = [s for s in extras.steps if s.service == ORG_SERVICE]
            if org_steps:
                org = clients.organizations(p.desired.region)
                applied.writes += apply_organization(org, org_steps)
        except AwsError as exc:
            aws_diagnostic(sink, target.guardrail, exc)
            break
        done.append(applied)
        if locked != applied.entry:
            lock = record(lock, target.guardrail.name, applied.entry, args.env)
            save(path, lock)
    report(sink.sorted(), prepared.sources)
    if text:
        print(_summary(done, path.as_posix(), len(plans)))
    else:
        _print_json(planned, done, path.as_posix(), logging)
    return EXIT_AWS if sink.has_errors else EXIT_OK


_UPDATES = frozenset(
    {
        "UpdateGuardrail",
        "TagResource",
        "UntagResource",
        "PutEnforcedGuardrailConfiguration",
        "DeleteEnforcedGuardrailConfiguration",
        "PutResourcePolicy",
        "DeleteResourcePolicy",
        "EnablePolicyType",
        "CreatePolicy",
        "UpdatePolicy",
        "AttachPolicy",
        "DetachPolicy",
        "DeletePolicy",
    }
)


def _summary(done: list[Applied], lock: str, total: int) -> str:
    created = sum("CreateGuardrail" in a.writes for a in done)
    updated = sum(
        "CreateGuardrail" not in a.writes and bool(_UPDATES & set(a.writes)) for a in done
    )
    unchanged = len(done) - created - updated
    line = "Apply complete: " if len(done) == total else "Apply stopped: "
    line += f"{created} created, {updated} updated, {unchanged} unchanged."
    versions = [f"{a.name} version {a.published}" for a in done if a.published]
    if versions:
        line += " Published: " + ", ".join(versions) + "."
    return line + f" Lock file: {lock}."


def _print_json(
    planned: list[Planned], done: list[Applied], lock: str | None, logging: list[LoggingPlan]
) -> None:
    from ..aws.logging_deploy import plan_json as logging_json
    from ..aws.plan_report import plan_document

    document: dict[str, Any] = {
        "plan": plan_document(planned),
        "applied": [
            {
                "name": a.name,
                "writes": a.writes,
                "published": a.published,
                "id": a.entry.id,
                "arn": a.entry.arn,
                "version": a.entry.version,
            }
            for a in done
        ],
        "lock": lock,
    }
    if logging:
        document["plan"]["logging"] = [logging_json(p) for p in logging]
        document["logging_writes"] = [w for p in logging for w in p.writes]
    sys.stdout.write(json.dumps(document, indent=2, sort_keys=True) + "\n")
