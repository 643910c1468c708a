"""The `guardc` command line: argument parsing and dispatch to `compiler/commands/<name>.py`.

Each command lives in `compiler/commands/<name>.py` with `register(subparsers)` and `run(args)`.
Only the chosen command's module is imported (start-up time is a feature of `guardc check`), and
command modules import the compiler's stages inside `run`, never at module level.

Exit codes, `UsageError` and the helpers every command shares live in `commands/common.py`:
commands never import this module.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Protocol, cast

from .commands.common import EXIT_FINDINGS, EXIT_USAGE, UsageError

COMMANDS = (
    "check",
    "fmt",
    "compile",
    "explain",
    "test",
    "eval",
    "plan",
    "apply",
    "import",
    "calibrate",
    "replay",
    "lsp",
)
# Commands whose module name differs from the command (`import` is a Python keyword).
_MODULES = {"import": "import_"}
# Commands that live in a wing of their own (full module names): the language server.
_WINGS = {"lsp": "compiler.lsp.command"}


class _Command(Protocol):
    def register(self, subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
        """Add the command's subparser."""

    def run(self, args: argparse.Namespace) -> int:
        """Execute; return the exit code."""


def _load(name: str) -> _Command:
    where = _WINGS.get(name) or f"compiler.commands.{_MODULES.get(name, name)}"
    module: ModuleType = importlib.import_module(where)
    return cast(_Command, module)


def _chosen(argv: Sequence[str]) -> str | None:
    """The command named on the command line: the first argument that is not an option."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


class _Version(argparse.Action):
    """`--version`: print `guardc X.Y.Z` and exit 0. The version is looked up only when asked
    (importlib.metadata is not free, and every command would pay for it at start-up)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print guardc's version and exit")

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from .commands.common import version

        sys.stdout.write(f"guardc {version()}\n")
        parser.exit(0)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser. With `only`, the other commands get empty placeholder subparsers so
    their modules are not imported; without it (e.g. `guardc --help`) every command registers."""
    parser = argparse.ArgumentParser(
        prog="guardc",
        description="Policy-as-code compiler for LLM guardrails (.guard → Amazon Bedrock).",
    )
    parser.add_argument("--version", action=_Version)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        if only is None or name == only:
            _load(name).register(subparsers)
        else:
            subparsers.add_parser(name, add_help=False)
    return parser


def command_list() -> str:
    """What `guardc` alone prints: usage and each command with its one-line help, in the order
    a newcomer meets them."""
    parser = build_parser()
    lines = [
        "usage: guardc [--version] [--help] COMMAND [ARGS...]",
        "",
        "Policy-as-code compiler for LLM guardrails (.guard → Amazon Bedrock).",
        "",
        "commands:",
    ]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            width = max(len(choice.dest) for choice in action._choices_actions)
            lines += [
                f"  {choice.dest:<{width}}  {choice.help}" for choice in action._choices_actions
            ]
    lines += ["", "Each command takes --help for its options (e.g. guardc check --help)."]
    return "\n".join(lines) + "\n"


def _internal_error(exc: BaseException) -> int:
    """An unexpected exception is a bug in guardc: say so as E901, never as a raw traceback."""
    if os.environ.get("GUARDC_DEBUG") == "1":
        import traceback  # only on this path: it is not needed to start

        traceback.print_exception(exc, file=sys.stderr)
    from .diagnostics.textsafe import clip, visible

    sys.stderr.write(  # the message may quote input (a log line, a file name): shown escaped
        f"error[E901]: internal error: {type(exc).__name__}: {visible(clip(str(exc)))}\n"
        "  = help: this is a bug in guardc, not in your sources; rerun with GUARDC_DEBUG=1 for "
        "the traceback and please report it\n"
    )
    return EXIT_FINDINGS


def _os_error(exc: OSError) -> str:
    """`cannot write build/x: Permission denied`: what failed, on which path, and why."""
    from .diagnostics.textsafe import visible

    why = exc.strerror or str(exc)
    paths = [p for p in (exc.filename, exc.filename2) if p is not None]
    where = " → ".join(visible(os.fsdecode(p)) for p in paths)
    return f"{where}: {why}" if where else why


def _without_pydantic_plugins() -> None:
    """guardc uses no pydantic plugin, and looking them up scans the entry points of every
    installed distribution: about a third of `guardc check`'s start-up in a full venv. pydantic's
    documented switch turns the scan off, unless the caller chose otherwise."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `guardc` console script; returns the exit code. A reader that leaves
    early (`guardc test | head -1`) does not change it (commands/streams.py)."""
    from .commands.streams import surviving_pipes

    with surviving_pipes():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    _without_pydantic_plugins()
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list:  # no command: the list of commands, and exit 2 (docs/cli.md)
        sys.stderr.write(command_list())
        return EXIT_USAGE
    only = _chosen(args_list)
    try:
        parser = build_parser(only)
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # argparse's own exit: 0 after --help, 2 on usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    try:
        code = _load(args.command).run(args)
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the file system said no (`-o` is a file, read-only, no folder)
        sys.stderr.write(f"error: {_os_error(exc)}\n")
        return EXIT_USAGE
    except Exception as exc:
        from .outputs.atomic import OutputError  # standard library only, like textsafe

        if isinstance(exc, UsageError | OutputError):  # a refused write is the user's to fix
            from .diagnostics.textsafe import visible

            sys.stderr.write(f"error: {visible(str(exc))}\n")
            return EXIT_USAGE
        return _internal_error(exc)
    if argv is None and args.command in _FAST_EXIT:  # the console script, not a caller in-process
        _exit_now(code)
    return code


# Commands that hold no resource needing cleanup at exit (no atexit hook, thread or temp file).
_FAST_EXIT = frozenset({"check"})


def _exit_now(code: int) -> None:
    """End the process of a finished command at once. The interpreter's own exit frees every
    object one by one (pydantic schemas, parser tables, the IR): about 40 ms after a `guardc
    check`, a sixth of its run, for nothing. Output is flushed first; when that fails, this
    returns and the normal exit reports it."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream
        return
    os._exit(code)
