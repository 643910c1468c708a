"""`guardc calibrate FILE [PATH...]`: fit the local evaluator's cut points to Bedrock's verdicts
recorded by `guardc test --against bedrock --record FILE`.

Per guardrail and rule kind (prompt attacks, each content filter category, topics, grounding and
relevance), the cut points on the local engine's scores that agree best with the recorded
verdicts are written to `guardc.calibration.json` in the project root (or `--calibration FILE`),
which `compile`, `test` and `eval` read and `explain --guardrail` shows. Agreement with Bedrock
is printed before (the cut points in use) and after. Nothing calls AWS.

Exit codes: 0 written (or unchanged); 1 errors in the sources, or agreement after fitting below
`--min-agreement`; 2 usage errors (no such record file, a bad record or calibration file, an
engine that is not installed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import argtypes
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_calibration_option,
    add_format_option,
    add_root_option,
    report,
)

if TYPE_CHECKING:
    from ..testing.fitting import Fit


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `calibrate` and its arguments."""
    parser = subparsers.add_parser(
        "calibrate",
        help="fit local cut points to Bedrock's recorded verdicts (guardc test --record)",
        description="Fit the local evaluator's cut points, per guardrail and rule kind, to the "
        "Bedrock responses recorded by `guardc test --against bedrock --record FILE`; write "
        "them to guardc.calibration.json and print agreement before and after.",
    )
    parser.add_argument(
        "record", type=argtypes.path, metavar="FILE", help="recorded responses (JSON lines)"
    )
    parser.add_argument(
        "paths", type=argtypes.path, nargs="*", default=["."], metavar="PATH", help="sources"
    )
    parser.add_argument(
        "--engine",
        choices=("standard", "embed"),
        help="the local engine whose scores are fitted (default: $GUARDC_ENGINE, else standard)",
    )
    parser.add_argument(
        "--min-agreement",
        type=argtypes.percent,  # not float: NaN compares false, which would disable the gate
        metavar="N",
        help="exit 1 when agreement after fitting is below N percent for some rule kind",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the fit, write nothing")
    add_format_option(parser)
    add_root_option(parser)
    add_calibration_option(parser)


def run(args: argparse.Namespace) -> int:
    """Fit, write, report."""
    from ..diagnostics.sink import Diagnostics
    from ..diagnostics.textsafe import clip, visible
    from ..pipeline import load
    from ..runtime.engine import EngineUnavailableError, default_detectors
    from ..targets.evaluator import plan
    from ..testing import calibration as cal
    from ..testing.fitting import calibrate
    from ..testing.record import RecordError, read_records

    record = Path(args.record)
    if not record.is_file():
        raise UsageError(
            f"no record file {args.record} (write one with `guardc test "
            "--against bedrock --record FILE`)"
        )
    try:
        records = list(read_records(record))
    except (RecordError, UnicodeDecodeError) as exc:
        raise UsageError(f"bad record file: {exc}") from None
    try:
        detectors = default_detectors(args.engine)
    except EngineUnavailableError as exc:
        raise UsageError(str(exc)) from None
    sink = Diagnostics()
    loaded = load(args.paths, sink, args.root)
    report(sink.sorted(), loaded.sources)
    if sink.has_errors:
        return EXIT_FINDINGS
    policy = loaded.policy
    known = {g.name for g in policy.guardrails}
    for name in sorted({r.guardrail for r in records} - known):
        print(  # the record file is data: what it names is shown escaped
            f"warning: records of guardrail `{visible(clip(name))}` skipped: not in the sources",
            file=sys.stderr,
        )
    usable = [r for r in records if r.guardrail in known]
    if not usable:
        raise UsageError(f"{args.record} holds no record of a guardrail in the sources")
    try:
        path = cal.location(args.calibration, args.root, args.paths[0])
        current = cal.load(path)
    except cal.CalibrationError as exc:
        raise UsageError(f"bad calibration file: {exc}") from None
    in_use = {name: cal.for_guardrail(current, name) or {} for name in sorted(known)}
    fits = calibrate(usable, policy, detectors, in_use, plan)
    assert detectors.scorers is not None  # calibrate checked it
    engine = detectors.scorers.engine
    merged = cal.merge(current, {f.guardrail: f.entry for f in fits}, engine)
    text = cal.dumps(merged)
    changed = not path.is_file() or path.read_text(encoding="utf-8") != text
    if changed and not args.dry_run:  # atomic, keeps the mode, never through a symlink
        from ..outputs.atomic import replace_file

        replace_file(path, text)
    if args.format == "json":
        sys.stdout.write(_json(fits, engine, path, changed and not args.dry_run))
    else:
        sys.stdout.write(_text(fits, engine, in_use))
        if not changed:
            print(f"unchanged: {path}")
        else:
            print(f"{'would write' if args.dry_run else 'wrote'} {path}")
    low = _below(fits, args.min_agreement)
    for name, kind, percent in low:
        print(
            f"guardc calibrate: `{name}` {kind} agrees {percent:.1f}% after fitting, below "
            f"--min-agreement {args.min_agreement:g}",
            file=sys.stderr,
        )
    return EXIT_FINDINGS if low else EXIT_OK


def _percent(pair: tuple[int, int]) -> float:
    agree, total = pair
    return 100.0 * agree / total if total else 100.0


def _below(fits: list[Fit], minimum: float | None) -> list[tuple[str, str, float]]:
    if minimum is None:
        return []
    return [
        (f.guardrail, kind, _percent(pair))
        for f in fits
        for kind, pair in sorted(f.after.items())
        if _percent(pair) < minimum
    ]


def _cuts(entry: dict[str, Any], kind: str) -> str:
    if kind in entry.get("filters", {}):
        return " ".join(f"{c:g}" for c in entry["filters"][kind])
    if kind == "topics" and "topics" in entry:
        return f"{entry['topics']:g}"
    if kind in entry.get("grounding", {}):
        return f"fires below {entry['grounding'][kind]:g}"
    return ""


def _text(fits: list[Fit], engine: str, in_use: dict[str, dict[str, Any]]) -> str:
    from ..diagnostics.textsafe import visible
    from ..testing.calibration import ranked

    lines: list[str] = []
    for f in fits:
        count = f.before.get("verdict", (0, 0))[1]
        recorded = ", ".join(f.entry["recorded"])
        lines.append(f"`{f.guardrail}` ({engine} engine), {count} recorded responses of {recorded}")
        was = in_use.get(f.guardrail, {}).get(engine, {})
        header = ("KIND", "BEFORE", "AFTER", "CUT POINTS", "WAS")
        rows = [header]
        for kind in ranked([*f.before, *f.after]):
            before, after = f.before.get(kind, (0, 0)), f.after.get(kind, (0, 0))
            rows.append(
                (
                    kind,
                    f"{before[0]}/{before[1]} {_percent(before):.1f}%",
                    f"{after[0]}/{after[1]} {_percent(after):.1f}%",
                    _cuts(f.entry, kind),
                    _cuts(was, kind) or ("engine's own" if _cuts(f.entry, kind) else ""),
                )
            )
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        for row in rows:
            lines.append(
                "  " + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            )
        lines.append("")
    # the recorded guardrail ids and versions come from the record file: shown escaped
    return "\n".join(visible(line) for line in lines)


def _json(fits: list[Fit], engine: str, path: Path, written: bool) -> str:
    def table(pairs: dict[str, tuple[int, int]]) -> dict[str, dict[str, int]]:
        return {k: {"agree": a, "total": t} for k, (a, t) in sorted(pairs.items())}

    obj = {
        "engine": engine,
        "file": str(path),
        "written": written,
        "guardrails": {
            f.guardrail: {
                "calibration": f.entry,
                "before": table(f.before),
                "after": table(f.after),
            }
            for f in fits
        },
    }
    return json.dumps(obj, sort_keys=True, indent=2) + "\n"
