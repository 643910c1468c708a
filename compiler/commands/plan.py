"""`guardc plan PATH... [--detailed-exitcode] [--format json] [--region R] [--profile P]
[--lock FILE] [--corpus FILE.jsonl] [--engine E]`: compare the compiled guardrails with what is
deployed and print the difference: field by field, and (the behavioural plan) the texts whose
verdict changes, from the guardrail's own `test` blocks and the corpus (plan_behaviour.py).

Reads only (ListGuardrails, GetGuardrail, ListTagsForResource). Exit codes: 0 (with
`--detailed-exitcode`: 0 only when nothing would change), 1 findings in the sources or (with
`--detailed-exitcode`) changes or drift, 3 an AWS call failed. The plan goes to stdout, as text or
as JSON (schemas/plan.schema.json); diagnostics go to stderr.
"""

from __future__ import annotations

import argparse
import sys

from .common import EXIT_AWS, EXIT_FINDINGS, EXIT_OK, report
from .deploying import add_aws_options


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


def run(args: argparse.Namespace) -> int:
    """Plan every guardrail; print the plan; the exit code."""
    from ..aws.client import AwsError
    from ..aws.deploy import Planned, plan
    from ..aws.identity import KeyResolver
    from ..aws.plan_report import plan_json, plan_text
    from ..testing.behaviour import behaviour_document, behaviour_lines, corpus_probes
    from .deploying import Clients, aws_diagnostic, check_account, prepare, read_lock, settings
    from .plan_behaviour import behaviours

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
    failed = False
    for target in prepared.targets:
        locked = lock.entries(args.env).get(target.guardrail.name) if lock else None
        try:
            client = clients.get(target.desired.region)
            plans.append(plan(client, target.desired, locked, resolve_key=keys.arn))
        except AwsError as exc:
            aws_diagnostic(sink, target.guardrail, exc)
            failed = True
    assert prepared.policy is not None  # set whenever the sources loaded without error
    verdicts = behaviours(plans, prepared.policy, corpus, args.engine)
    report(sink.sorted(), prepared.sources)
    if args.format == "json":
        sys.stdout.write(plan_json(plans, {n: behaviour_document(b) for n, b in verdicts.items()}))
    else:
        sys.stdout.write(plan_text(plans, {n: behaviour_lines(b) for n, b in verdicts.items()}))
    if failed:
        return EXIT_AWS
    changed = any(p.action != "none" for p in plans)
    return EXIT_FINDINGS if args.detailed_exitcode and changed else EXIT_OK
