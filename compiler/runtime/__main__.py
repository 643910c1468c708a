"""Command line of the evaluator zipapp: `python evaluator.pyz --input TEXT`.

    python evaluator.pyz --input TEXT
    python evaluator.pyz --output TEXT [--source S] [--query Q]
    python evaluator.pyz --jsonl FILE          (one request per line, `-` for stdin)

Prints the ApplyGuardrail-shaped response as JSON (with `--jsonl`, one compact line per request
line: a response or an error object, see batch.py). `--plan FILE` evaluates another plan (also
`python -m compiler.runtime --plan F` from a checkout). Exit codes: 0 done, 1 a `--jsonl` line
was rejected (or an internal error, one line on stderr, never a traceback), 2 bad usage.
Images and automated reasoning cannot be evaluated locally; a warning on stderr says when the
plan has rules of that kind.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from . import bundled_plan
from .batch import LineError, answer_all
from .engine import Evaluator
from .plan import PlanError
from .request import RequestError, check_unicode, dumps, text_content


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
    """Run the command line; returns the exit code. Never a traceback: an unexpected error is
    one line on stderr and exit 1 (GUARDC_DEBUG=1 shows the traceback)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last guard of a shipped artefact: one line, no traceback
        if os.environ.get("GUARDC_DEBUG") == "1":
            raise
        _write(sys.stderr, f"error: internal error in the evaluator: {type(exc).__name__}: {exc}\n")
        return 1
    finally:
        _flush(sys.stdout)
        _flush(sys.stderr)


def _main(argv: Sequence[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if (args.source is not None or args.query is not None) and args.output is None:
        parser.error("--source and --query go with --output")
    try:
        plan = _load(args.plan)
        if plan is None:
            parser.error("no bundled plan.json: pass --plan FILE")
        evaluator = Evaluator(plan)
    except (OSError, ValueError, PlanError, RecursionError) as exc:
        _write(sys.stderr, f"error: cannot load the plan: {exc}\n")
        return 2
    for item in evaluator.plan.not_evaluated:
        _write(sys.stderr, f"warning: not evaluated locally: {item}\n")
    scope = "FULL" if args.full else "INTERVENTIONS"
    if args.jsonl is not None:
        return _batch(evaluator, args.jsonl, scope, args.deterministic)
    try:
        for flag in ("input", "output", "source", "query"):
            value = getattr(args, flag)
            if value is not None:
                check_unicode(f"--{flag}", value, argument=True)
    except RequestError as exc:
        parser.error(str(exc))
    if args.input is not None:
        source, content = "INPUT", text_content(args.input)
    else:
        source, content = "OUTPUT", text_content(args.output, args.source, args.query)
    response = evaluator.apply(source, content, scope, deterministic=args.deterministic)
    _write(sys.stdout, dumps(response))
    return 0


def _batch(evaluator: Evaluator, path: str, scope: str, deterministic: bool) -> int:
    """One output line per request line (batch.py); 1 when any line was an error."""

    def answer(source: str, content: list[dict[str, Any]]) -> dict[str, Any]:
        return evaluator.apply(source, content, scope, deterministic=deterministic)

    def report(number: int, error: LineError) -> None:
        _write(sys.stderr, f"{path}:{number}: error: {error.message}\n")

    try:
        if path == "-":
            errors = answer_all(sys.stdin.buffer, answer, lambda t: _write(sys.stdout, t), report)
        else:
            with open(path, "rb") as stream:
                errors = answer_all(stream, answer, lambda t: _write(sys.stdout, t), report)
    except OSError as exc:
        _write(sys.stderr, f"error: cannot read {path}: {exc.strerror or exc}\n")
        return 2
    return 1 if errors else 0


def _write(stream: TextIO, text: str) -> None:
    """Write; once the reader has left (`| head -1`), send the rest to os.devnull so the run
    still ends with the status it earns (and the exit-time flush cannot fail again)."""
    try:
        stream.write(text)
    except BrokenPipeError:
        _divert(stream)


def _flush(stream: TextIO) -> None:
    try:
        stream.flush()
    except BrokenPipeError:
        _divert(stream)
    except (OSError, ValueError):  # closed by the caller (tests): nothing left to flush
        pass


def _divert(stream: TextIO) -> None:
    try:
        fd = stream.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
    with contextlib.suppress(OSError):
        stream.flush()


if __name__ == "__main__":
    raise SystemExit(main())
