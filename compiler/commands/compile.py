"""`guardc compile PATH... [-o DIR] [--target T]... [--guardrail-arn NAME=ARN[:VERSION]]...
[--lock FILE]`: write every target's artefacts for every guardrail under DIR/<guardrail>/.

Nothing is written when the sources or any target report an error. Otherwise each guardrail's
folder is built beside the old one and swapped in whole, under a lock on DIR, never through a
symlink (compiler/outputs/folder.py): a guardrail's folder is never half updated, even by a
killed compile, and holds exactly what this compile produced for it. Deployed identities come
from `guardc.lock.json` (validated against schemas/lock.schema.json by compiler.aws.lockfile) and
`--guardrail-arn`, which wins.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..targets import TARGETS, TargetSpec, listed
from . import argtypes
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_calibration_option,
    add_env_option,
    add_format_option,
    add_root_option,
    read_calibration,
    report,
)

if TYPE_CHECKING:
    from ..diagnostics.sink import Diagnostics
    from ..targets import Artefact, CompileFn

DEFAULT_OUT = "build/guardc"
LOCK_FILE = "guardc.lock.json"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `compile` and its arguments."""
    parser = subparsers.add_parser(
        "compile",
        help=f"write {listed(spec.title for spec in TARGETS.values())} artefacts",
        description="Compile .guard sources and write one folder of artefacts per guardrail.",
    )
    parser.add_argument(
        "paths", nargs="+", type=argtypes.path, metavar="PATH", help=".guard file or folder"
    )
    parser.add_argument(
        "-o", "--out", type=argtypes.path, default=DEFAULT_OUT, metavar="DIR", help="output folder"
    )
    parser.add_argument(
        "--target",
        action="append",
        choices=(*TARGETS, "all"),
        metavar="T",
        help=f"{listed([*TARGETS, 'all'], 'or')} (default; repeatable)",
    )
    parser.add_argument(
        "--guardrail-arn",
        action="append",
        default=[],
        metavar="NAME=ARN[:VERSION]",
        help="a deployed guardrail's ARN (wins over the lock file; repeatable)",
    )
    parser.add_argument(
        "--lock", type=argtypes.path, metavar="FILE", help=f"lock file (default ./{LOCK_FILE})"
    )
    add_format_option(parser)
    add_root_option(parser)
    add_env_option(parser)
    add_calibration_option(parser)


# ── the lock file ─────────────────────────────────────────────────────────────────────────────


def read_lock(
    path: str | None, env: str | None = None
) -> tuple[dict[str, str], dict[str, dict[str, object]]]:
    """ARNs (`ARN[:VERSION]`) and raw entries from the lock file; empty when there is none.

    `compiler.aws.lockfile` checks the rules of schemas/lock.schema.json (a test keeps the two in
    agreement) so the runtime needs no JSON-schema library. A bad file is a usage error.
    """
    from ..aws.lockfile import LockFileError, load, to_context_arns, to_context_lock

    file = Path(path) if path is not None else Path(LOCK_FILE)
    if path is not None and not file.is_file():
        raise UsageError(f"lock file not found: {path}")
    try:
        lock = load(file)
    except LockFileError as exc:
        raise UsageError(f"bad lock file: {exc}") from None
    return to_context_arns(lock, env), to_context_lock(lock, env)


def parse_arns(values: list[str], known: list[str]) -> dict[str, str]:
    """`--guardrail-arn NAME=ARN[:VERSION]` values as name → ARN[:VERSION]."""
    from ..aws.arns import parse_guardrail_arn
    from ..diagnostics.sink import nearest

    arns: dict[str, str] = {}
    for value in values:
        name, sep, arn = value.partition("=")
        if not sep or not name or parse_guardrail_arn(arn) is None or arn != arn.strip():
            raise UsageError(
                f"--guardrail-arn expects NAME=ARN[:VERSION] with a guardrail ARN "
                f"(arn:aws:bedrock:REGION:ACCOUNT:guardrail/ID, VERSION 1..99999999 or DRAFT), "
                f"got `{value}`"
            )
        if name not in known:
            guess = nearest(name, known)
            hint = f"; did you mean `{guess}`?" if guess else ""
            raise UsageError(f"--guardrail-arn names unknown guardrail `{name}`{hint}")
        arns[name] = arn
    return arns


# ── running the targets ───────────────────────────────────────────────────────────────────────


def _selected(requested: list[str] | None) -> tuple[list[TargetSpec], set[str]]:
    """Targets to run, in registry order, and those the user named explicitly."""
    asked = requested or ["all"]
    explicit = {t for t in asked if t != "all"}
    wanted = set(TARGETS) if "all" in asked else explicit
    return [spec for name, spec in TARGETS.items() if name in wanted], explicit


def _load_targets(specs: list[TargetSpec]) -> list[tuple[TargetSpec, CompileFn]]:
    """The compile function of each target, imported only when the target is asked for."""
    from ..targets import load_target

    return [(spec, load_target(spec.name)) for spec in specs]


def _safe(guardrail: str, path: str) -> PurePosixPath:
    """`<guardrail>/<path>` relative to the output folder. Names are validated upstream (E216),
    so anything that could escape the folder is a bug in guardc, not in the sources."""
    folder, rel = PurePosixPath(guardrail), PurePosixPath(path)
    for part in (folder, rel):
        if part.is_absolute() or ".." in part.parts or part.name in ("", "."):
            raise RuntimeError(f"unsafe artefact path `{guardrail}/{path}`")
    return folder / rel


def run(args: argparse.Namespace) -> int:
    """Compile; write artefacts only when nothing reported an error."""
    from ..diagnostics.sink import Diagnostics
    from ..pipeline import load
    from ..targets import ACCOUNT_FOLDER, Context, run_account_targets, run_target

    specs, explicit = _selected(args.target)
    sink = Diagnostics()
    # only the check scopes of the targets asked for: a target bound for Bedrock is held to its
    # quotas, one that is not is not blocked by them
    limits = {scope for spec in specs for scope in spec.limits}
    loaded = load(args.paths, sink, args.root, limits=limits, env=args.env)
    if sink.has_errors:
        return _finish(args, sink, loaded.sources, [])
    policy = loaded.policy
    known = [g.name for g in policy.guardrails]
    arns, lock = read_lock(args.lock, args.env)
    arns.update(parse_arns(args.guardrail_arn, known))
    for spec in specs:
        bare = [g.name for g in policy.guardrails if g.access is None]
        if spec.needs_access and spec.name in explicit and bare:
            names = ", ".join(f"`{n}`" for n in bare)
            raise UsageError(f"--target {spec.name} needs an `access:` block, and {names} has none")
    targets = _load_targets(specs)
    calibration = read_calibration(args, args.paths[0])
    ctx = Context(policy=policy, sink=sink, guardrail_arns=arns, lock=lock, calibration=calibration)
    outputs: dict[str, list[tuple[str, Artefact]]] = {}
    for guardrail in policy.guardrails:
        for spec, compile_fn in targets:
            for artefact in run_target(spec, compile_fn, guardrail, ctx):
                rel = _safe(guardrail.name, artefact.path)
                outputs.setdefault(guardrail.name, []).append((rel.as_posix(), artefact))
    for artefact in run_account_targets(specs, policy, ctx):
        rel = _safe(ACCOUNT_FOLDER, artefact.path)  # `PLACE/file`: one folder per place
        outputs.setdefault(ACCOUNT_FOLDER, []).append((rel.as_posix(), artefact))
    written: list[str] = []
    if not sink.has_errors:  # all or nothing: nothing is written when anything failed
        written = write(Path(args.out), outputs)
    return _finish(args, sink, loaded.sources, written)


def write(out: Path, outputs: dict[str, list[tuple[str, Artefact]]]) -> list[str]:
    """Replace the folder of each guardrail in `outputs` (name → its artefacts, with their paths
    relative to `out`) as a whole; the paths written. Refusals (a symlink in the way) are usage
    errors raised before anything is written; a file-system error (OSError) leaves every
    guardrail's folder as it was, or, during the swaps, each one old or new."""
    from ..outputs import OutputError
    from ..outputs.folder import BuildFolder

    def waiting() -> None:
        sys.stderr.write(f"waiting for another guardc compile into {out} to finish\n")

    folders = {
        name: [(artefact.path, artefact.parts) for _, artefact in artefacts]
        for name, artefacts in outputs.items()
    }
    try:
        with BuildFolder(out, on_wait=waiting) as folder:
            folder.replace(folders)
    except OutputError as exc:  # refused; a file system error (OSError) is reported by the CLI
        raise UsageError(str(exc)) from None
    return [(out / rel).as_posix() for artefacts in outputs.values() for rel, _ in artefacts]


def _finish(
    args: argparse.Namespace, sink: Diagnostics, sources: dict[str, str], written: list[str]
) -> int:
    """Report diagnostics and what was written (text: one `wrote` line per file; JSON: the
    diagnostics report with an `artefacts` list); the exit code."""
    from ..diagnostics.render import render_json

    diagnostics = sink.sorted()
    if args.format == "json":
        sys.stdout.write(render_json(diagnostics, sources, artefacts=written))
    else:
        report(diagnostics, sources)
        if sink.has_errors:
            sys.stderr.write("nothing written: fix the errors above first\n")
        sys.stdout.writelines(f"wrote {path}\n" for path in written)
    return EXIT_FINDINGS if sink.has_errors else EXIT_OK
