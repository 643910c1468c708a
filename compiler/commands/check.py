"""`guardc check PATH... [--format text|json|sarif]`: parse, resolve, validate; print findings."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..frontend.gcpause import paused_gc
from . import argtypes
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    add_format_option,
    add_root_option,
    report,
    version,
)

if TYPE_CHECKING:
    from ..diagnostics.sink import Diagnostics
    from ..pipeline import Loaded


# What the last check loaded, kept past its return: a big file's IR is millions of objects,
# and freeing them one by one costs about a tenth of the check (0.7 s of a 15 MB file) just
# before the process ends anyway (cli.py exits without a teardown). A caller in the same
# process frees it with its next check.
_KEPT: list[object] = []


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `check` and its arguments."""
    parser = subparsers.add_parser(
        "check",
        help="parse, resolve and validate; print diagnostics",
        description="Parse, resolve and validate .guard sources and print every diagnostic.",
    )
    parser.add_argument(
        "paths", nargs="+", type=argtypes.path, metavar="PATH", help=".guard file or folder"
    )
    add_format_option(parser, sarif=True)
    add_root_option(parser)


def run(args: argparse.Namespace) -> int:
    """Check the sources; exit 1 when any error was found (warnings alone pass)."""
    # paused before the pipeline is imported: its imports build classes that live until exit
    with paused_gc():
        return _check(args)


def _check_environment(loaded: Loaded, env: str, sink: Diagnostics) -> None:
    """Validate the sources again in environment `env`; what only it finds is reported with a
    note naming it (what every environment finds is reported once, as found without one)."""
    from ..diagnostics.sink import Diagnostics

    here = Diagnostics()
    loaded.in_environment(env, here)
    seen = {(d.code, d.span.file, d.span.start, d.message) for d in sink.items}
    for d in here.items:
        if (d.code, d.span.file, d.span.start, d.message) in seen:
            continue
        note = f'in environment "{env}"'
        if d.note and note not in d.note:
            note = f"{d.note} ({note})"
        sink.extend([d.model_copy(update={"note": note})])


def _check(args: argparse.Namespace) -> int:
    from ..diagnostics.render import render_json, summary_line
    from ..diagnostics.sink import Diagnostics
    from ..pipeline import load

    sink = Diagnostics()
    loaded = load(args.paths, sink, args.root)
    _KEPT[:] = [loaded]
    for env in loaded.environments:
        _check_environment(loaded, env, sink)
    diagnostics = sink.sorted()
    files = len(loaded.roots)
    guardrails = len(loaded.policy.guardrails)
    if args.format == "json":
        sys.stdout.write(
            render_json(diagnostics, loaded.sources, files=files, guardrails=guardrails)
        )
    else:
        if args.format == "sarif":  # the log for code scanning; the text still for CI's log
            from ..diagnostics.sarif import diagnostics_sarif

            log = diagnostics_sarif(diagnostics, loaded.sources, command="check", version=version())
            sys.stdout.write(log)
        report(diagnostics, loaded.sources)
        sys.stderr.write(summary_line(diagnostics, files, guardrails) + "\n")
    return EXIT_FINDINGS if sink.has_errors else EXIT_OK
