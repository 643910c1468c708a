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
from typing import TYPE_CHECKING, Any, TextIO

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
    "add_calibration_option",
    "add_format_option",
    "add_root_option",
    "read_calibration",
    "report",
    "use_color",
    "version",
]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_AWS = 3


def add_format_option(parser: argparse.ArgumentParser, *, sarif: bool = False) -> None:
    """`--format text|json`, shared by every command that reports; with `sarif`, also
    `--format sarif` (SARIF 2.1.0 for code scanning: `check` and `test`)."""
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif") if sarif else ("text", "json"),
        default="text",
        help="report as text for people (default), JSON for tools"
        + (", or SARIF 2.1.0 for code scanning (GitHub)" if sarif else ""),
    )


def version() -> str:
    """guardc's version, as installed (`guardc --version`, SARIF's tool version)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("guardc")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def add_root_option(parser: argparse.ArgumentParser) -> None:
    """`--root DIR`, on every command that reads sources (docs/security.md)."""
    parser.add_argument(
        "--root",
        type=argtypes.path,  # `--root ""` (an unset variable) is a usage error, not "no root"
        metavar="DIR",
        help="project root: sources are read only inside it (default: the nearest folder "
        "holding guardc.lock.json or .git, else the current folder)",
    )


def add_env_option(parser: argparse.ArgumentParser) -> None:
    """`--env NAME`: the environment to compile, test or deploy (docs/language.md,
    "Environments and parameters")."""
    parser.add_argument(
        "--env",
        metavar="NAME",
        help='environment declared in the sources (`environment "NAME":`); default: none, '
        "each parameter at its default",
    )


def add_calibration_option(parser: argparse.ArgumentParser) -> None:
    """`--calibration FILE`, on every command that builds evaluator plans (docs/engines.md)."""
    parser.add_argument(
        "--calibration",
        type=argtypes.path,
        metavar="FILE",
        help="local cut points fitted by `guardc calibrate` (default: guardc.calibration.json "
        "in the project root, when it exists)",
    )


def read_calibration(args: argparse.Namespace, first_path: str) -> dict[str, Any] | None:
    """The calibration file the command's plans use (None when there is none); a bad file or a
    named file that does not exist is a usage error."""
    from ..testing.calibration import CalibrationError, load, location

    explicit = getattr(args, "calibration", None)
    try:
        path = location(explicit, getattr(args, "root", None), first_path)
        if explicit is not None and not path.is_file():
            raise UsageError(f"calibration file not found: {explicit}")
        return load(path)
    except CalibrationError as exc:
        raise UsageError(f"bad calibration file: {exc}") from None


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
