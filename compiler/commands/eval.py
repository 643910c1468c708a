"""`guardc eval PATH --guardrail NAME (--input TEXT | --output TEXT [--source S] [--query Q] |
--jsonl FILE)`: evaluate text locally and print the ApplyGuardrail-shaped response.

The sources go through the whole pipeline (`pipeline.load`), the guardrail is lowered to its
evaluator plan (`targets.evaluator.plan`) and `compiler.runtime` runs it: the same plan and
interpreter as `evaluator.pyz`, so both answer the same. One response is printed as indented
JSON; `--jsonl` prints one compact line per request line (schemas/eval-input.schema.json): the
response, or an error object (schemas/eval-error.schema.json, runtime/batch.py), and
shows a progress bar on stderr when stderr is a terminal. `--why` (with `--input`) explains the
prompt-attack verdict on stderr (commands/eval_why.py). Exit codes: 0 evaluated (whatever
the verdict), 1 errors in the sources or a rejected `--jsonl` line, 2 usage errors.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TextIO

from . import argtypes
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_calibration_option,
    add_root_option,
    read_calibration,
    report,
)

if TYPE_CHECKING:
    from ..diagnostics.sink import Diagnostics
    from ..ir import Guardrail, Policy
    from ..runtime import Evaluator
    from ..runtime.plan import DeployedPlan


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
    parser.add_argument("path", type=argtypes.path, metavar="PATH", help=".guard file or folder")
    add_root_option(parser)
    add_calibration_option(parser)
    parser.add_argument("--guardrail", required=True, metavar="NAME", help="guardrail to apply")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--input", metavar="TEXT", help="a user prompt (source INPUT)")
    what.add_argument("--output", metavar="TEXT", help="a model response (source OUTPUT)")
    what.add_argument(
        "--jsonl",
        type=argtypes.path,
        metavar="FILE",
        help="one request per line (`-` = stdin); one response or error object per line",
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
        "--log",
        type=argtypes.path,
        metavar="FILE",
        help="append one Bedrock invocation-log record (JSONL, with the guardrail trace) per "
        "evaluation to FILE, the shape `guardc replay` reads",
    )
    parser.add_argument(
        "--why",
        action="store_true",
        help="with --input: also explain the prompt-attack verdict on stderr (the parts of the "
        "score, the cut points, the words that weigh most)",
    )
    parser.add_argument(
        "--deterministic",
        action="store_true",
        help="report guardrailProcessingLatency as 0 (byte-identical output for identical input)",
    )
    parser.add_argument(
        "--caller-account",
        type=_account,
        metavar="ACCOUNT",
        help="the account calling ApplyGuardrail: another than the guardrail's (from "
        "./guardc.lock.json) reports guardrailOwnership CROSS_ACCOUNT",
    )


def run(args: argparse.Namespace) -> int:
    """Load the sources, build the guardrail's plan and evaluate the request(s)."""
    from ..diagnostics.sink import Diagnostics, nearest
    from ..pipeline import load
    from ..runtime import Evaluator, dumps, text_content
    from ..runtime.engine import EngineUnavailableError, default_detectors
    from ..targets.evaluator import plan

    if (args.source is not None or args.query is not None) and args.output is None:
        raise UsageError("--source and --query go with --output")
    if args.why and args.input is None:
        raise UsageError("--why explains the prompt-attack verdict of one --input text")
    _check_arguments(args)
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
    from ..testing.calibration import for_guardrail

    calibration = for_guardrail(read_calibration(args, args.path), guardrail.name)
    try:
        detectors = default_detectors(getattr(args, "engine", None))
    except EngineUnavailableError as exc:  # GUARDC_ENGINE or --engine: how guardc was called
        raise UsageError(str(exc)) from None
    written = plan(guardrail, calibration)
    found = _deployed(guardrail, loaded.policy, sink)
    if found is not None:
        written["deployed"] = found
    try:
        evaluator = Evaluator(written, detectors)
    except ValueError as exc:  # a pattern the runtime cannot compile (validate should catch it)
        message = f"error: cannot evaluate guardrail `{guardrail.name}`: {exc}"
        sys.stderr.write(_visible(message) + "\n")
        return EXIT_FINDINGS
    for item in evaluator.plan.not_evaluated:
        sys.stderr.write(_visible(f"warning: not evaluated locally: {item}") + "\n")
    scope = "FULL" if args.full else "INTERVENTIONS"
    with _log(args, guardrail) as log:
        if args.jsonl is not None:
            return _batch(
                evaluator, args.jsonl, scope, args.deterministic, log, caller=args.caller_account
            )
        if args.input is not None:
            source, content = "INPUT", text_content(args.input)
        else:
            source, content = "OUTPUT", text_content(args.output, args.source, args.query)
        response = evaluator.apply(
            source,
            content,
            scope,
            deterministic=args.deterministic,
            caller_account=args.caller_account,
        )
        log(source, content, response)
        sys.stdout.write(dumps(response))
    if args.why:
        from .eval_why import explain

        sys.stdout.flush()  # the response first, then why
        for line in explain(evaluator, args.input):
            sys.stderr.write(_visible(line) + "\n")
    return EXIT_OK


def _account(text: str) -> str:
    if len(text) != 12 or not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a 12-digit AWS account id")
    return text


def _deployed(guardrail: Guardrail, policy: Policy, sink: Diagnostics) -> DeployedPlan | None:
    """The deployed guardrail from ./guardc.lock.json, when it records this one (the evaluator
    reports it in appliedGuardrailDetails); a lock file that cannot be read is ignored here."""
    from ..aws.lockfile import LockFileError, load, to_context_arns, to_context_lock
    from ..targets import Context
    from ..targets.evaluator import deployed

    try:
        lock = load(Path("guardc.lock.json"))
    except LockFileError:
        return None
    ctx = Context(policy, sink, to_context_arns(lock), to_context_lock(lock))
    return deployed(guardrail, ctx)


Log = Callable[[str, list[dict[str, Any]], dict[str, Any]], None]


@contextlib.contextmanager
def _log(args: argparse.Namespace, guardrail: Guardrail) -> Iterator[Log]:
    """`--log FILE`: a function that appends the invocation-log record of one evaluation
    (replay/logrecord.py); a no-op without the flag."""
    if args.log is None:
        yield lambda source, content, response: None
        return
    from ..replay.logrecord import line, record

    access = guardrail.access
    where = {
        "account": (access.account if access and access.account else "000000000000"),
        "region": (access.region if access and access.region else "local"),
    }
    from ..outputs.atomic import OutputError, open_append

    try:  # never through a symlink, never into a FIFO or a device (docs/security.md)
        handle = open_append(args.log)
    except OutputError as exc:
        raise UsageError(f"--log: {exc}") from None
    except OSError as exc:
        raise UsageError(f"--log: cannot write {args.log}: {exc.strerror or exc}") from None

    def write(source: str, content: list[dict[str, Any]], response: dict[str, Any]) -> None:
        text = str(content[-1]["text"]["text"])  # text_content puts the guarded text last
        query = next(
            (b["text"]["text"] for b in content if "query" in b["text"].get("qualifiers", [])),
            None,
        )
        rec = record(
            source,
            text,
            response,
            guardrail.name,
            query=query,
            deterministic=args.deterministic,
            **where,
        )
        handle.write(line(rec))

    with handle:
        yield write


def _check_arguments(args: argparse.Namespace) -> None:
    """Text arguments must be valid UTF-8: Python keeps undecodable bytes of an argument as
    lone surrogates, which would be evaluated (and echoed) as text nobody wrote."""
    from ..runtime.request import RequestError, check_unicode

    for flag in ("input", "output", "source", "query"):
        value = getattr(args, flag)
        if value is not None:
            try:
                check_unicode(f"--{flag}", value, argument=True)
            except RequestError as exc:
                raise UsageError(str(exc)) from None


def _batch(
    evaluator: Evaluator,
    path: str,
    scope: str,
    deterministic: bool,
    log: Log,
    *,
    caller: str | None = None,
) -> int:
    """One output line per request line, in order: a response or an error object
    (runtime/batch.py); exit 1 when any line was an error."""
    from ..runtime.batch import LineError, answer_all, count_lines

    def answer(source: str, content: list[dict[str, Any]]) -> dict[str, Any]:
        response = evaluator.apply(
            source, content, scope, deterministic=deterministic, caller_account=caller
        )
        log(source, content, response)
        return response

    bar: _Progress | None = None

    def tell(number: int, error: LineError) -> None:
        if bar is not None:
            bar.clear()
        sys.stderr.write(_visible(f"{path}:{number}: error: {error.message}") + "\n")

    try:
        if sys.stderr.isatty() and os.path.isfile(path):  # counting must not drain a pipe
            bar = _Progress(sys.stderr, count_lines(path))
        with _open_binary(path) as stream:
            errors = answer_all(stream, answer, sys.stdout.write, tell, bar.update if bar else None)
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    if bar is not None:
        bar.clear()
    return EXIT_FINDINGS if errors else EXIT_OK


def _open_binary(path: str) -> contextlib.AbstractContextManager[IO[bytes]]:
    """The `--jsonl` input as bytes (`-` is stdin), decoded line by line by the batch reader."""
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)
    return open(path, "rb")


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


def _visible(text: str) -> str:
    """A message that may quote a source or an input line, safe for a terminal."""
    from ..diagnostics.textsafe import visible

    return visible(text)
