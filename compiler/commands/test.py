"""`guardc test [PATH...]`: run the `test` blocks on the local evaluator (or on Bedrock)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import argtypes
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_calibration_option,
    add_env_option,
    add_root_option,
    read_calibration,
    use_color,
    version,
)

if TYPE_CHECKING:
    from ..ir import Policy
    from ..runtime.detectors import Detectors
    from ..testing.runner import Outcome
    from .against import LocalEvaluators


def register(subparsers: Any) -> None:
    """Add the `test` command's arguments."""
    p = subparsers.add_parser(
        "test",
        help="run the test blocks of .guard files and report rule coverage",
        description="Run every `test` block on the local evaluator; exit 1 if any fails.",
    )
    p.add_argument("paths", nargs="*", type=argtypes.path, default=["."], metavar="PATH")
    p.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="report as text (default), JSON, or SARIF 2.1.0 for code scanning (failed "
        "expectations and diagnostics as results)",
    )
    add_root_option(p)
    p.add_argument(
        "--junit",
        type=argtypes.path,
        metavar="FILE",
        help="also write JUnit XML (one case per expectation)",
    )
    p.add_argument(
        "--min-coverage",
        type=argtypes.percent,
        metavar="N",
        help="fail when a guardrail's rule coverage is below N percent",
    )
    p.add_argument(
        "-v", "--verbose", action="store_true", help="list every rule in the coverage table"
    )
    p.add_argument("--guardrail", action="append", metavar="NAME", help="only these guardrails")
    add_env_option(p)
    p.add_argument(
        "--against",
        choices=("local", "bedrock"),
        default="local",
        help="judge expectations on Bedrock's ApplyGuardrail and report parity with the local one",
    )
    p.add_argument(
        "--guardrail-id",
        type=argtypes.guardrail_identifier,
        metavar="ID",
        help="deployed guardrail, its id or ARN (one guardrail only)",
    )
    p.add_argument(
        "--guardrail-version",
        type=argtypes.guardrail_version,
        metavar="V",
        default=None,
        help="deployed version to judge (1..99999999 or DRAFT; default: the lock file's)",
    )
    p.add_argument("--lock", type=argtypes.path, metavar="FILE", default="guardc.lock.json")
    p.add_argument(
        "--record",
        metavar="FILE",
        help="with --against bedrock: also write every request and Bedrock's response to FILE "
        "(JSON lines, asked with outputScope FULL), for `guardc calibrate`",
    )
    p.add_argument(
        "--corpus",
        action="append",
        default=[],
        metavar="FILE",
        help="with --record: also send each line of FILE (JSON lines as `guardc eval --jsonl` "
        'reads, with an optional "guardrail") to every guardrail under test (repeatable)',
    )
    add_calibration_option(p)
    p.add_argument("--region", metavar="R")
    p.add_argument("--profile", metavar="P")
    p.add_argument(
        "--engine",
        choices=("standard", "embed"),
        help="local topic and prompt-attack engine (default: $GUARDC_ENGINE, else standard); "
        "`embed` needs the [embed] extra (docs/embed.md)",
    )


def _unknown_guardrails(asked: list[str], known: list[str]) -> str | None:
    """What is wrong with `--guardrail` names that name no guardrail of the sources: a typo
    would otherwise run nothing and pass."""
    from ..diagnostics.sink import nearest

    for name in asked:
        if name not in known:
            guess = nearest(name, known)
            hint = f"did you mean `{guess}`?" if guess else f"known: {', '.join(known) or 'none'}"
            return f"--guardrail names no guardrail `{name}` of the sources ({hint})"
    return None


def run(args: argparse.Namespace) -> int:
    """Load, evaluate every expectation, report; exit 0 all pass, 1 any failure, 2 usage."""
    engine = getattr(args, "engine", None)
    detectors: Detectors | None = None  # None: the evaluator's default (GUARDC_ENGINE)
    if engine or os.environ.get("GUARDC_ENGINE"):  # the [embed] engine may be missing
        from ..runtime.engine import default_detectors

        try:
            detectors = default_detectors(engine)
        except ValueError as exc:
            print(f"guardc test: {_visible(str(exc))}", file=sys.stderr)
            return EXIT_USAGE
    from ..diagnostics.render import render_text as render_diagnostics
    from ..diagnostics.sink import Diagnostics
    from ..pipeline import load
    from ..testing.reporting import (
        render_json,
        render_junit,
        render_sarif_report,
        render_text,
        unexercised_text,
    )
    from ..testing.runner import run_suites

    sink = Diagnostics()
    try:
        loaded = load(
            [Path(p) for p in args.paths], sink, getattr(args, "root", None), env=args.env
        )
    except UsageError as exc:
        print(f"guardc test: {_visible(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    if not sink.has_errors:
        unknown = _unknown_guardrails(
            args.guardrail or [], [g.name for g in loaded.policy.guardrails]
        )
        if unknown:
            print(f"guardc test: {_visible(unknown)}", file=sys.stderr)
            return EXIT_USAGE
        tested = {suite.guardrail for suite in loaded.policy.tests}
        for g in loaded.policy.guardrails:
            if g.name not in tested and (not args.guardrail or g.name in args.guardrail):
                sink.emit(
                    "W204",
                    f"guardrail `{g.name}` has no test",
                    g.span,
                    note="no `test` block names this guardrail",
                    help=f'add `test "{g.name} basics" for "{g.name}":` with expectations',
                )
    if len(sink):
        print(
            render_diagnostics(sink.sorted(), loaded.sources, color=use_color(sys.stderr)),
            file=sys.stderr,
            end="",
        )
    if sink.has_errors:
        if args.format == "sarif":
            sys.stdout.write(render_sarif_report([], sink.sorted(), loaded.sources, version()))
        return EXIT_FINDINGS
    if (args.record or args.corpus) and args.against != "bedrock":
        print("guardc test: --record and --corpus go with --against bedrock", file=sys.stderr)
        return EXIT_USAGE
    if args.corpus and not args.record:
        print("guardc test: --corpus goes with --record FILE", file=sys.stderr)
        return EXIT_USAGE
    try:
        calibration = read_calibration(args, args.paths[0])
    except UsageError as exc:
        print(f"guardc test: {_visible(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    if args.against == "bedrock":
        from .against import run_against_bedrock

        return run_against_bedrock(args, loaded.policy, detectors, calibration)
    from .against import local_evaluator

    evaluators = local_evaluator(detectors, calibration=calibration)
    outcomes, coverage = run_suites(loaded.policy, evaluators, args.guardrail)
    _explain_prompt_attacks(outcomes, loaded.policy, evaluators)
    seconds = time.perf_counter() - started
    if args.junit is not None:
        _write_junit(args.junit, render_junit(outcomes))
    if args.format == "json":
        sys.stdout.write(render_json(outcomes, coverage, seconds))
    elif args.format == "sarif":
        sys.stdout.write(render_sarif_report(outcomes, sink.sorted(), loaded.sources, version()))
    else:
        color = use_color(sys.stdout)
        sys.stdout.write(
            render_text(outcomes, coverage, seconds, color=color, verbose=args.verbose)
        )
        for name, cov in sorted(coverage.items()):
            missing = cov.unexercised()
            if missing:
                sys.stderr.write(unexercised_text(name, missing))
    if not outcomes:
        print("guardc test: no test blocks found", file=sys.stderr)
    failed = any(not o.passed for o in outcomes)
    low = [
        name
        for name, cov in coverage.items()
        if args.min_coverage is not None and cov.percent < args.min_coverage
    ]
    for name in sorted(low):
        print(
            f"guardc test: coverage of `{_visible(name)}` is {coverage[name].percent:.0f}%, "
            f"below --min-coverage {args.min_coverage:g}",
            file=sys.stderr,
        )
    return EXIT_FINDINGS if failed or low else EXIT_OK


def _explain_prompt_attacks(
    outcomes: list[Outcome], policy: Policy, evaluators: LocalEvaluators
) -> None:
    """Say what found (or missed) the prompt attack behind each failed input expectation that
    one decides (a prompt-attack finding, or an expectation naming the filter), on the
    evaluator that judged it."""
    from ..vocab import Direction, RuleKind
    from .eval_why import summary

    for o in outcomes:
        e = o.expectation
        named = e.by is not None and e.by.rule is RuleKind.FILTER and e.by.target == "PROMPT_ATTACK"
        found = any(h.rule.kind is RuleKind.FILTER and h.rule.target == "PROMPT_ATTACK"
                    for h in o.hits)  # fmt: skip
        guardrail = policy.guardrail(o.guardrail)
        if o.passed or e.source is not Direction.INPUT or not (named or found) or not guardrail:
            continue
        o.why = summary(evaluators.evaluator(guardrail), e.text)


def _visible(text: str) -> str:
    """A message that may quote a lock file, a flag or GUARDC_ENGINE, safe for a terminal."""
    from ..diagnostics.textsafe import visible

    return visible(text)


def _write_junit(path: str, report: bytes) -> None:
    """Write the JUnit report atomically (never half a file for CI to parse; never through a
    symlink); a file-system problem is a usage error (exit 2)."""
    from ..outputs import OutputError, replace_file
    from .common import UsageError

    try:
        replace_file(path, report)
    except OutputError as exc:
        raise UsageError(str(exc)) from None
