"""Command line of the evaluator zipapp: `python evaluator.pyz --input TEXT`.

    python evaluator.pyz --input TEXT
    python evaluator.pyz --output TEXT [--source S] [--query Q]
    python evaluator.pyz --jsonl FILE          (one request per line, `-` for stdin)

Prints the ApplyGuardrail-shaped response as JSON (one compact line per request with
`--jsonl`). `--plan FILE` evaluates another plan (also `python -m compiler.runtime --plan F`
from a checkout). Exit codes: 0 done, 1 a `--jsonl` line was rejected, 2 bad usage.
Images and automated reasoning cannot be evaluated locally; a warning on stderr says when the
plan has rules of that kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from . import bundled_plan
from .engine import Evaluator
from .plan import PlanError
from .request import RequestError, dumps, request_from_json, text_content


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evaluator.pyz", description="Evaluate text with a compiled guardrail, locally."
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--input", metavar="TEXT", help="a user prompt (source INPUT)")
    what.add_argument("--output", metavar="TEXT", help="a model response (source OUTPUT)")
    what.add_argument("--jsonl", metavar="FILE", help="one JSON request per line (- = stdin)")
    parser.add_argument("--source", metavar="S", help="grounding source for --output")
    parser.add_argument("--query", metavar="Q", help="the user's query for --output")
    parser.add_argument("--plan", metavar="FILE", help="a plan.json other than the bundled one")
    parser.add_argument("--full", action="store_true", help="outputScope FULL")
    parser.add_argument(
        "--deterministic", action="store_true", help="report guardrailProcessingLatency as 0"
    )
    return parser


def _load(path: str | None) -> dict[str, Any] | None:
    if path is None:
        return bundled_plan()
    with open(path, encoding="utf-8") as handle:
        plan: dict[str, Any] = json.load(handle)
        return plan


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    if (args.source is not None or args.query is not None) and args.output is None:
        parser.error("--source and --query go with --output")
    try:
        plan = _load(args.plan)
        if plan is None:
            parser.error("no bundled plan.json: pass --plan FILE")
        evaluator = Evaluator(plan)
    except (OSError, ValueError, PlanError) as exc:
        print(f"error: cannot load the plan: {exc}", file=sys.stderr)
        return 2
    for item in evaluator.plan.not_evaluated:
        print(f"warning: not evaluated locally: {item}", file=sys.stderr)
    scope = "FULL" if args.full else "INTERVENTIONS"
    if args.jsonl is None:
        if args.input is not None:
            source, content = "INPUT", text_content(args.input)
        else:
            source, content = "OUTPUT", text_content(args.output, args.source, args.query)
        response = evaluator.apply(source, content, scope, deterministic=args.deterministic)
        sys.stdout.write(dumps(response))
        return 0
    return _batch(evaluator, args.jsonl, scope, args.deterministic)


def _batch(evaluator: Evaluator, path: str, scope: str, deterministic: bool) -> int:
    try:
        if path == "-":
            lines = sys.stdin.read().splitlines()
        else:
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(f"error: cannot read {path}: {exc}", file=sys.stderr)
        return 2
    status = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            source, content = request_from_json(json.loads(line))
        except (ValueError, RequestError) as exc:
            print(f"{path}:{number}: error: {exc}", file=sys.stderr)
            status = 1
            continue
        response = evaluator.apply(source, content, scope, deterministic=deterministic)
        sys.stdout.write(dumps(response, indent=None) + "\n")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
