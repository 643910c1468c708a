"""`guardc eval PATH --guardrail NAME (--input TEXT | --output TEXT [--source S] [--query Q] |
--jsonl FILE)`: evaluate text locally and print the ApplyGuardrail-shaped response.

The sources go through the whole pipeline (`pipeline.load`), the guardrail is lowered to its
evaluator plan (`targets.evaluator.plan`) and `compiler.runtime` runs it: the same plan and
interpreter as `evaluator.pyz`, so both answer the same. One response is printed as indented
JSON; `--jsonl` prints one compact line per request line (schemas/eval-input.schema.json) and
shows a progress bar on stderr when stderr is a terminal. Exit codes: 0 evaluated (whatever
the verdict), 1 errors in the sources or a rejected `--jsonl` line, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from .common import EXIT_FINDINGS, EXIT_OK, UsageError, add_root_option, report

if TYPE_CHECKING:
    from ..runtime import Evaluator


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `eval` and its arguments."""
    parser = subparsers.add_parser(
        "eval",
        help="evaluate one text (or a JSONL batch) with a guardrail, locally",
        description=(
            "Evaluate text with a guardrail on the local evaluator and print the "
            "ApplyGuardrail-shaped response as JSON."
        ),
    )
    parser.add_argument("path", metavar="PATH", help=".guard file or folder")
    add_root_option(parser)
    parser.add_argument("--guardrail", required=True, metavar="NAME", help="guardrail to apply")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--input", metavar="TEXT", help="a user prompt (source INPUT)")
    what.add_argument("--output", metavar="TEXT", help="a model response (source OUTPUT)")
    what.add_argument(
        "--jsonl", metavar="FILE", help="one request per line (`-` = stdin); one response per line"
    )
    parser.add_argument("--source", metavar="TEXT", help="grounding source, with --output")
    parser.add_argument("--query", metavar="TEXT", help="the user's query, with --output")
    parser.add_argument(
        "--full", action="store_true", help="outputScope FULL: list rules that did not fire too"
    )
    parser.add_argument(
        "--engine",
        choices=("standard", "embed"),
        help="topic and prompt-attack engine (default: $GUARDC_ENGINE, else standard); "
        "`embed` needs the [embed] extra (docs/embed.md)",
    )
    parser.add_argument(
        "--deterministic",
        action="store_true",
        help="report guardrailProcessingLatency as 0 (byte-identical output for identical input)",
    )


def run(args: argparse.Namespace) -> int:
    """Load the sources, build the guardrail's plan and evaluate the request(s)."""
    from ..diagnostics.sink import Diagnostics, nearest
    from ..pipeline import load
    from ..runtime import Evaluator, dumps, text_content
    from ..runtime.engine import default_detectors
    from ..targets.evaluator import plan

    if (args.source is not None or args.query is not None) and args.output is None:
        raise UsageError("--source and --query go with --output")
    sink = Diagnostics()
    loaded = load([args.path], sink, args.root)
    report(sink.sorted(), loaded.sources)
    if sink.has_errors:
        return EXIT_FINDINGS
    guardrail = loaded.policy.guardrail(args.guardrail)
    if guardrail is None:
        names = [g.name for g in loaded.policy.guardrails]
        hint = nearest(args.guardrail, names)
        known = f"did you mean `{hint}`?" if hint else f"known: {', '.join(names) or 'none'}"
        raise UsageError(f"no guardrail `{args.guardrail}` in {args.path} ({known})")
    try:
        evaluator = Evaluator(plan(guardrail), default_detectors(getattr(args, "engine", None)))
    except ValueError as exc:  # a pattern the runtime cannot compile (validate should catch it)
        sys.stderr.write(f"error: cannot evaluate guardrail `{guardrail.name}`: {exc}\n")
        return EXIT_FINDINGS
    for item in evaluator.plan.not_evaluated:
        sys.stderr.write(f"warning: not evaluated locally: {item}\n")
    scope = "FULL" if args.full else "INTERVENTIONS"
    if args.jsonl is not None:
        return _batch(evaluator, args.jsonl, scope, args.deterministic)
    if args.input is not None:
        source, content = "INPUT", text_content(args.input)
    else:
        source, content = "OUTPUT", text_content(args.output, args.source, args.query)
    sys.stdout.write(
        dumps(evaluator.apply(source, content, scope, deterministic=args.deterministic))
    )
    return EXIT_OK


def _read_lines(path: str) -> list[str]:
    try:
        if path == "-":
            return sys.stdin.read().splitlines()
        with open(path, encoding="utf-8") as handle:
            return handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {path}: {exc}") from None


def _batch(evaluator: Evaluator, path: str, scope: str, deterministic: bool) -> int:
    """One response line per request line; a bad line is reported and skipped (exit 1)."""
    from ..runtime import RequestError, dumps, request_from_json

    lines = _read_lines(path)
    bar = _Progress(sys.stderr, len(lines)) if sys.stderr.isatty() else None
    status = EXIT_OK
    for number, line in enumerate(lines, 1):
        if bar is not None:
            bar.update(number)
        if not line.strip():
            continue
        try:
            source, content = request_from_json(json.loads(line))
        except (ValueError, RequestError) as exc:
            if bar is not None:
                bar.clear()
            sys.stderr.write(f"{path}:{number}: error: {exc}\n")
            status = EXIT_FINDINGS
            continue
        response = evaluator.apply(source, content, scope, deterministic=deterministic)
        sys.stdout.write(dumps(response, indent=None) + "\n")
    if bar is not None:
        bar.clear()
    return status


class _Progress:
    """A one-line progress bar redrawn in place on a terminal."""

    WIDTH = 30

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream = stream
        self.total = max(total, 1)
        self.shown = -1

    def update(self, done: int) -> None:
        filled = self.WIDTH * done // self.total
        if filled == self.shown and done != self.total:
            return  # redraw only when the bar moves
        self.shown = filled
        bar = "#" * filled + " " * (self.WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total}")
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r" + " " * (self.WIDTH + 24) + "\r")
        self.stream.flush()
        self.shown = -1
