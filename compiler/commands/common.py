"""What every command shares: exit codes, `UsageError`, `--format`, colour and the text report.

Commands import this module, never `compiler.cli` (the dispatcher imports them). It is imported
at start-up, so it stays standard library only; rendering is imported when there is something
to report.

Exit codes (docs/cli.md): 0 ok, 1 findings or failed tests, 2 usage errors, 3 AWS failures.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from ..diagnostics.usage import UsageError
from . import argtypes

if TYPE_CHECKING:  # typing only: importing diagnostics pulls in pydantic
    from ..diagnostics.sink import Diagnostic

__all__ = [
    "EXIT_AWS",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_USAGE",
    "UsageError",
    "add_format_option",
    "add_root_option",
    "report",
    "use_color",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_AWS = 3


def add_format_option(parser: argparse.ArgumentParser) -> None:
    """`--format text|json`, shared by every command that reports."""
    parser.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="report as text for people (default) or JSON for tools",
    )


def add_root_option(parser: argparse.ArgumentParser) -> None:
    """`--root DIR`, on every command that reads sources (docs/security.md)."""
    parser.add_argument(
        "--root",
        type=argtypes.path,  # `--root ""` (an unset variable) is a usage error, not "no root"
        metavar="DIR",
        help="project root: sources are read only inside it (default: the nearest folder "
        "holding guardc.lock.json or .git, else the current folder)",
    )


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set to anything non-empty."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def report(diagnostics: Sequence[Diagnostic], sources: Mapping[str, str]) -> None:
    """Print diagnostics as text on stderr (the text-format path shared by all commands)."""
    if not diagnostics:
        return
    from ..diagnostics.render import render_text

    sys.stderr.write(render_text(diagnostics, sources, color=use_color(sys.stderr)))
