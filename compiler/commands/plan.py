"""`guardc plan PATH... [--detailed-exitcode] [--format json] [--region R] [--profile P]
[--lock FILE] [--corpus FILE.jsonl] [--engine E]`: compare the compiled guardrails with what is
deployed and print the difference: field by field, and (the behavioural plan) the texts whose
verdict changes, from the guardrail's own `test` blocks and the corpus (plan_behaviour.py).

Reads only (ListGuardrails, GetGuardrail, ListTagsForResource, and
GetModelInvocationLoggingConfiguration for a `logging:` block, whose drift is shown first).
Exit codes: 0 (with
`--detailed-exitcode`: 0 only when nothing would change), 1 findings in the sources or (with
`--detailed-exitcode`) changes or drift, 3 an AWS call failed. The plan goes to stdout, as text or
as JSON (schemas/plan.schema.json); diagnostics go to stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from .common import EXIT_AWS, EXIT_FINDINGS, EXIT_OK, report
from .deploying import add_aws_options, add_removal_option

if TYPE_CHECKING:
    from ..aws.logging_deploy import LoggingPlan
    from .deploying import Clients, Prepared


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `plan` and its arguments."""
    parser = subparsers.add_parser(
        "plan",
        help="show what apply would change in AWS",
        description="Compare compiled guardrails with the deployed ones and print the difference.",
    )
    add_aws_options(parser)
    parser.add_argument(
        "--detailed-exitcode",
        action="store_true",
        help="exit 1 when anything would change (0 when nothing would), 3 on AWS errors",
    )
    parser.add_argument(
        "--corpus",
        metavar="FILE",
        help="JSONL request lines (as `guardc eval --jsonl`) to evaluate on the deployed and "
        "the proposed configuration, besides the test blocks' texts",
    )
    parser.add_argument(
        "--engine",
        choices=("standard", "embed"),
        help="local evaluator engine (default: $GUARDC_ENGINE, else standard)",
    )
    add_removal_option(parser)


def plan_logging_of(prepared: Prepared, clients: Clients) -> tuple[list[LoggingPlan], bool]:
    """The invocation-logging plan of each `logging:` block, and whether reading a deployed
    configuration failed (reported as E501/E502 at the block)."""
    from ..aws.client import AwsError
    from ..aws.logging_deploy import plan_logging
    from .deploying import logging_diagnostic

    plans: list[LoggingPlan] = []
    failed = False
    for target in prepared.logging:
        try:
            plans.append(plan_logging(clients.get(target.region), target.request))
        except AwsError as exc:
            logging_diagnostic(prepared.sink, target.block.span, exc)
            failed = True
    return plans, failed


def with_logging(document: str, logging: list[LoggingPlan]) -> str:
    """The JSON plan with its `logging` member (schemas/plan.schema.json)."""
    from ..aws.logging_deploy import plan_json as logging_json
    from ..diagnostics.textsafe import json_safe

    data = json.loads(document)
    data["logging"] = [logging_json(p) for p in logging]
    return json_safe(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n"


def run(args: argparse.Namespace) -> int:
    """Plan every guardrail; print the plan; the exit code."""
    from ..aws.client import AwsError
    from ..aws.deploy import Planned, plan
    from ..aws.identity import KeyResolver
    from ..aws.logging_deploy import plan_lines as logging_lines
    from ..aws.plan_report import plan_json, plan_text
    from ..replay.behaviour import behaviour_document, behaviour_lines, corpus_probes
    from .deploying import (
        Clients,
        aws_diagnostic,
        check_account,
        prepare,
        read_lock,
        settings,
        with_extras,
    )
    from .plan_behaviour import Against, behaviours, deployed_per_lock

    prepared = prepare(args)
    sink = prepared.sink
    if sink.has_errors:
        report(sink.sorted(), prepared.sources)
        return EXIT_FINDINGS
    corpus = corpus_probes(args.corpus) if args.corpus is not None else []
    lock = read_lock(args)
    if not check_account(args, prepared):
        report(sink.sorted(), prepared.sources)
        return EXIT_AWS
    clients = Clients(settings(args))
    keys = KeyResolver(settings(args))
    plans: list[Planned] = []
    against: dict[str, Against] = {}
    failed = False
    for target in prepared.targets:
        locked = lock.entries(args.env).get(target.guardrail.name) if lock else None
        try:
            client = clients.get(target.desired.region)
            one = plan(client, target.desired, locked, resolve_key=keys.arn)
            fellows = [t.guardrail for t in prepared.targets]
            with_extras(
                one, clients, target.guardrail, locked, args.remove_enforcement, fellows=fellows
            )
            plans.append(one)
            if one.found is not None and one.deployed is not None:  # what the lock file pins
                against[one.desired.name] = deployed_per_lock(
                    client, one.found, locked, one.deployed
                )
        except AwsError as exc:
            aws_diagnostic(sink, target.guardrail, exc)
            failed = True
    assert prepared.policy is not None  # set whenever the sources loaded without error
    logging, logging_failed = plan_logging_of(prepared, clients)
    verdicts = behaviours(plans, prepared.policy, corpus, args.engine, against)
    report(sink.sorted(), prepared.sources)
    if args.format == "json":
        document = plan_json(plans, {n: behaviour_document(b) for n, b in verdicts.items()})
        if logging:
            document = with_logging(document, logging)
        sys.stdout.write(document)
    else:
        text = plan_text(plans, {n: behaviour_lines(b) for n, b in verdicts.items()})
        for planned in reversed(logging):
            text = "\n".join(logging_lines(planned)) + "\n" + text
        sys.stdout.write(text)
    if failed or logging_failed:
        return EXIT_AWS
    changed = any(p.action != "none" or p.extra for p in plans)
    changed = changed or any(p.action != "none" for p in logging)
    return EXIT_FINDINGS if args.detailed_exitcode and changed else EXIT_OK
