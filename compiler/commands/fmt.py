"""`guardc fmt PATH...` / `guardc fmt --check [--diff] PATH...`: canonical form, comments kept.

`--format json` prints one document instead of the text lines (schemas/fmt.schema.json): the
files that changed (or, with `--check`, would change), those left alone for errors, and the
diagnostics.

A file with errors is left alone and its diagnostics are reported. Before a file is rewritten the
new text is parsed again and must lower to the same IR — a formatter bug must never cost a user
their policy — and that failure is an internal error (E901), not a rewrite. A file is rewritten
atomically and keeps its mode (compiler/outputs/atomic.py); a symlinked file's target is
rewritten and the link stays a link.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import argtypes
from .common import EXIT_FINDINGS, EXIT_OK, UsageError, add_format_option, add_root_option, report

if TYPE_CHECKING:
    from ..diagnostics.sink import Diagnostics
    from ..frontend.syntax import Module


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `fmt` and its arguments."""
    parser = subparsers.add_parser(
        "fmt",
        help="rewrite files in canonical form (comments kept)",
        description="Rewrite .guard files in canonical form. With --check, change nothing and "
        "exit 1 if any file would change.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        type=argtypes.path,
        metavar="PATH",
        help=".guard file or folder; `-` for stdin → stdout",
    )
    parser.add_argument("--check", action="store_true", help="only report files that would change")
    parser.add_argument(
        "--diff",
        action="store_true",
        help="print a unified diff of what would change; implies --check (writes nothing)",
    )
    add_format_option(parser)
    add_root_option(parser)


def lower_text(text: str, file: str, sink: Diagnostics) -> Module | None:
    """Parse and lower `text`; None when that reported any error for `file`."""
    from ..frontend.lower import lower
    from ..frontend.parse import parse

    before = sink.errors_in(file)
    tree = parse(text, file, sink)
    if tree is None or sink.errors_in(file) > before:
        return None
    module = lower(tree, text, file, sink)
    return None if sink.errors_in(file) > before else module


def reformat(module: Module, text: str) -> str | None:
    """The canonical form of `text` (already lowered to `module`), verified to mean the same;
    None if the formatted text would not lower to the same IR (a formatter bug)."""
    from ..diagnostics.sink import Diagnostics
    from ..frontend.fmt import format_source

    formatted = format_source(module, text)
    if formatted != text:
        again = lower_text(formatted, module.file, Diagnostics())
        if again is None or again.model_dump() != module.model_dump():
            return None
    return formatted


def _rewrite(path: Path, text: str) -> None:
    """Replace the source atomically (a temporary file beside it, fsynced, renamed over it), so
    a killed `fmt` or a full disk leaves the old text, never an empty file; the file keeps its
    mode. A symlinked source stays a link: its target is rewritten, as editors do."""
    from ..outputs import OutputError, replace_file

    try:
        replace_file(path, text.encode("utf-8"), follow=True)
    except OutputError as exc:
        raise UsageError(str(exc)) from None


def _stdin(args: argparse.Namespace) -> int:
    """`guardc fmt -`: format standard input to standard output (for editors)."""
    from ..diagnostics.sink import Diagnostics

    text = sys.stdin.read()
    sink = Diagnostics()
    module = lower_text(text, "<stdin>", sink)
    report(sink.sorted(), {"<stdin>": text})
    if module is None:
        return EXIT_FINDINGS
    formatted = reformat(module, text)
    if formatted is None:  # a formatter bug: say so (E901) rather than print a changed policy
        raise RuntimeError("formatting would change what the input means")
    if not args.check:
        sys.stdout.write(formatted)
    return EXIT_FINDINGS if args.check and formatted != text else EXIT_OK


def run(args: argparse.Namespace) -> int:
    """Format (or check) every file; exit 1 on errors or, with --check, on any change."""
    if args.diff:  # a diff is a preview: like black and ruff, `--diff` never writes
        args.check = True
    if args.paths == ["-"]:
        if args.format == "json":
            raise UsageError("`fmt -` prints the formatted text; --format json goes with files")
        return _stdin(args)
    from ..diagnostics.sink import Diagnostics, Severity
    from ..diagnostics.span import Span
    from ..diagnostics.textsafe import visible
    from ..pipeline import expand, parse_file

    sink = Diagnostics()
    sources: dict[str, str] = {}
    files = expand(args.paths, sink, args.root)
    failed = len(sink)  # files and folders refused by the project root (E111/E112)
    done = _Done(files=len(files), left=[d.span.file for d in sink.items])
    changed, left, diffs = done.changed, done.left, done.diffs
    text_report = args.format != "json"
    for path in files:
        seen = len(sink)
        module, text = parse_file(path, sink)
        name = module.file if module is not None else str(path)
        sources[name] = sources[str(path)] = text
        new_errors = any(d.severity is Severity.ERROR for d in sink.items[seen:])
        if module is None or new_errors:
            failed += 1
            left.append(name)
            continue
        formatted = reformat(module, text)
        if formatted is None:
            message = "formatting would change what this file means, so it was left alone"
            sink.emit("E901", message, Span.point(name, text, 0, 0))
            failed += 1
            left.append(name)
            continue
        if formatted == text:
            continue
        changed.append(name)
        if args.check:
            diff = _diff(name, text, formatted) if args.diff else ""
            diffs[name] = diff
            if text_report:
                sys.stdout.write(f"would reformat {visible(name)}\n{_shown(diff)}")
        else:
            _rewrite(path, formatted)
            if text_report:
                sys.stdout.write(f"reformatted {visible(name)}\n")
    if not text_report:
        sys.stdout.write(_json(args, sink, sources, done))
    else:
        report(sink.sorted(), sources)
    if failed and text_report:
        sys.stderr.write(f"{failed} file{'s' if failed != 1 else ''} with errors left alone\n")
    if failed or (args.check and changed):
        return EXIT_FINDINGS
    return EXIT_OK


def _diff(name: str, text: str, formatted: str) -> str:
    """The unified diff of a source, its lines split at newlines only, as the parser reads them
    (`splitlines` would also split at a form feed, a bare CR or U+2028 inside a comment)."""
    return "".join(
        difflib.unified_diff(_lines(text), _lines(formatted), fromfile=name, tofile=name)
    )


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _shown(diff: str) -> str:
    """A diff for the terminal: the source may be untrusted, so each line goes through
    `visible` (no control or bidi character reaches the terminal raw) and ends with one newline.
    The JSON report keeps the diff as data (json_safe escapes it there)."""
    from ..diagnostics.textsafe import visible

    lines = diff.split("\n")
    if lines[-1] == "":
        lines.pop()
    return "".join(visible(line.removesuffix("\r")) + "\n" for line in lines)


@dataclass
class _Done:
    """What a run did: the files changed (or, with --check, that would change), the files left
    alone, the diffs (--check --diff) and how many files were read."""

    files: int
    changed: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)
    diffs: dict[str, str] = field(default_factory=dict)


def _json(args: argparse.Namespace, sink: Diagnostics, sources: dict[str, str], done: _Done) -> str:
    """The JSON report (schemas/fmt.schema.json)."""
    import json

    from ..diagnostics.render import to_json_obj
    from ..diagnostics.textsafe import json_safe

    report_obj: dict[str, object] = {
        "version": 1,
        "check": bool(args.check),
        "changed": done.changed,
        "failed": done.left,
        "diagnostics": [to_json_obj(d, sources) for d in sink.sorted()],
        "summary": {"files": done.files, "changed": len(done.changed), "failed": len(done.left)},
    }
    if args.check and args.diff:
        report_obj["diffs"] = done.diffs
    dumped = json.dumps(report_obj, sort_keys=True, indent=2, ensure_ascii=False)
    return json_safe(dumped) + "\n"
