"""`guardc replay PATH --guardrail NAME --logs SOURCE... [--baseline PATH | --baseline-lock]
[--engine local|spark] [--format text|json] [--html FILE] [--out DIR]`: judge logged traffic
with a guardrail on the local evaluator (docs/replay.md).

The candidate is the guardrail NAME of PATH; the baseline is the guardrail of the same name in
`--baseline PATH`, or (`--baseline-lock`) the version the lock file records as deployed, read
with GetGuardrail and rebuilt as source as `guardc plan` does. Without a baseline every text is
compared with "allowed". Exit codes: 0 replayed (unreadable records are reported, not fatal),
1 errors in the sources, 2 usage errors, 3 an AWS call failed (S3, GetGuardrail).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import argtypes
from .common import (
    EXIT_AWS,
    EXIT_FINDINGS,
    EXIT_OK,
    UsageError,
    add_calibration_option,
    add_format_option,
    add_root_option,
    read_calibration,
    report,
)

if TYPE_CHECKING:
    from ..ir import Guardrail


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `replay` and its arguments."""
    parser = subparsers.add_parser(
        "replay",
        help="judge logged traffic (Bedrock invocation logs) with a guardrail, locally",
        description=(
            "Evaluate the prompts and answers of Bedrock model invocation logs with a guardrail "
            "(and a baseline) on the local evaluator; report verdicts, interventions per rule, "
            "the texts whose verdict changes and the ApplyGuardrail cost of the traffic."
        ),
    )
    parser.add_argument("path", type=argtypes.path, metavar="PATH", help=".guard file or folder")
    add_root_option(parser)
    add_calibration_option(parser)
    parser.add_argument("--guardrail", required=True, metavar="NAME", help="guardrail to replay")
    parser.add_argument(
        "--logs",
        required=True,
        nargs="+",
        type=argtypes.path,
        metavar="SOURCE",
        help="files or folders of invocation log records (.json, .json.gz, JSONL, CloudWatch "
        "Logs exports), s3://bucket/prefix, or `guardc eval --jsonl` request files",
    )
    parser.add_argument(
        "--fetch-large-data",
        action="store_true",
        help="read bodies Bedrock delivered to S3 as large data (inputBodyS3Path) with boto3 "
        "(s3:GetObject on that bucket), from the buckets of PATH's logging blocks, of s3:// "
        "--logs sources and of --large-data-bucket only; always on when a --logs source is s3://",
    )
    parser.add_argument(
        "--large-data-bucket",
        action="append",
        default=[],
        type=argtypes.bucket,
        metavar="BUCKET",
        help="another bucket large-data bodies may be read from (repeatable; implies "
        "--fetch-large-data)",
    )
    baseline = parser.add_mutually_exclusive_group()
    baseline.add_argument(
        "--baseline",
        type=argtypes.path,
        metavar="PATH",
        help="compare with this policy's guardrail",
    )
    baseline.add_argument(
        "--baseline-lock",
        action="store_true",
        help="compare with the deployed version recorded in the lock file (GetGuardrail)",
    )
    parser.add_argument(
        "--lock", type=argtypes.path, metavar="FILE", help="lock file (default ./guardc.lock.json)"
    )
    parser.add_argument("--region", metavar="R", help="AWS Region (default: boto3's resolution)")
    parser.add_argument("--profile", metavar="P", help="AWS profile from ~/.aws/config")
    parser.add_argument(
        "--engine", choices=("local", "spark"), default="local", help="where to run (default local)"
    )
    parser.add_argument(
        "--workers",
        type=argtypes.workers,
        metavar="N",
        help=f"local engine: worker processes, 1 to {argtypes.MAX_WORKERS} (default: cores)",
    )
    parser.add_argument(
        "--master",
        metavar="URL",
        help="spark engine: master URL (default: spark-submit's, else local[*])",
    )
    add_format_option(parser)
    parser.add_argument(
        "--html",
        type=argtypes.path,
        metavar="FILE",
        help="also write a self-contained HTML report",
    )
    parser.add_argument(
        "--out",
        type=argtypes.path,
        metavar="DIR",
        help="write summary.json (and, with spark, the rows as Parquet)",
    )
    parser.add_argument(
        "--show-text", action="store_true", help="show texts as logged (default: PII masked)"
    )
    parser.add_argument(
        "--price",
        action="append",
        default=[],
        metavar="POLICY=USD",
        help="USD per 1,000 text units for content, topics, pii, regex, words or grounding "
        "(default: the list prices in docs/replay.md)",
    )
    parser.add_argument(
        "--limit",
        type=argtypes.count,
        default=200,
        metavar="N",
        help="changed texts shown (default 200)",
    )


# what each engine writes in `--out DIR`: files replaced one by one, folders replaced whole
OUT_ENTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "local": (("summary.json",), ()),
    "spark": (("summary.json",), ("rows",)),
}
MAX_PRICE = 1_000_000.0  # USD per 1,000 text units: list prices are cents


def _prices(items: list[str]) -> dict[str, float]:
    from ..replay.summary import PRICES

    prices = dict(PRICES)
    for item in items:
        name, _, value = item.partition("=")
        if name not in prices:
            raise UsageError(f"--price {item}: the policy is one of {', '.join(PRICES)}")
        try:
            prices[name] = float(value)
        except ValueError:
            raise UsageError(f"--price {item}: USD must be a number") from None
        if not 0 <= prices[name] <= MAX_PRICE:  # NaN and infinities fail too
            raise UsageError(f"--price {item}: USD must be a number from 0 to {MAX_PRICE:,}")
    return prices


def _guardrail(path: str, name: str, root: str | None, what: str) -> tuple[Guardrail | None, Any]:
    """The guardrail `name` of the sources at `path` and their policy (None and the sink when
    they have errors)."""
    from ..diagnostics.sink import Diagnostics, nearest
    from ..pipeline import load

    sink = Diagnostics()
    loaded = load([path], sink, root)
    report(sink.sorted(), loaded.sources)
    if sink.has_errors:
        return None, sink
    guardrail = loaded.policy.guardrail(name)
    if guardrail is None:
        names = [g.name for g in loaded.policy.guardrails]
        hint = nearest(name, names)
        known = f"did you mean `{hint}`?" if hint else f"known: {', '.join(names) or 'none'}"
        raise UsageError(f"{what}: no guardrail `{name}` in {path} ({known})")
    return guardrail, loaded.policy


def _large_buckets(args: argparse.Namespace, policy: Any) -> tuple[str, ...]:
    """The buckets whose large-data bodies replay reads (none: it reads no body): when fetching
    is on (`--fetch-large-data`, `--large-data-bucket`, or an s3:// source), the buckets of the
    policy's logging blocks, of the s3:// sources and of `--large-data-bucket`. A log record is
    untrusted input: an address elsewhere is not read (docs/security.md)."""
    from ..replay.sources import is_s3, split_s3

    s3_sources = [split_s3(s)[0] for s in args.logs if is_s3(s)]
    if not (args.fetch_large_data or args.large_data_bucket or s3_sources):
        return ()
    logged = [
        destination.bucket
        for logging in policy.logging
        for destination in (logging.bucket, logging.large_data)
        if destination is not None
    ]
    buckets = tuple(sorted({*logged, *s3_sources, *args.large_data_bucket}))
    if not buckets:
        raise UsageError(
            "--fetch-large-data: no bucket to read bodies from; name it with "
            "--large-data-bucket BUCKET (or a logging block's `deliver large data to bucket`)"
        )
    return buckets


def _deployed(args: argparse.Namespace, guardrail: Guardrail) -> tuple[Guardrail, str]:
    """What the lock file says is deployed (the published version it records, else the DRAFT:
    `plan_behaviour.deployed_per_lock`, as `guardc plan`'s behavioural plan compares), rebuilt
    as IR, and its version ("3" or "DRAFT"). AwsError when AWS fails."""
    from ..aws.remote import Found
    from .deploying import Clients, read_lock, settings
    from .plan_behaviour import deployed_per_lock, rebuild

    lock = read_lock(args)
    entry = lock.guardrails.get(guardrail.name) if lock else None
    if entry is None:
        raise UsageError(f"--baseline-lock: the lock file records no guardrail `{guardrail.name}`")
    region = args.region or (guardrail.access.region if guardrail.access else None)
    client = Clients(settings(args)).get(region)
    against = deployed_per_lock(client, Found(entry.id, entry.arn, "lock"), entry)
    rebuilt, notes = rebuild(against.deployed, guardrail.name)
    for note in [*against.notes, *notes]:
        sys.stderr.write(f"note: {note}\n")
    if rebuilt is None:
        raise UsageError("--baseline-lock: the deployed configuration could not be rebuilt")
    return rebuilt, against.version


def run(args: argparse.Namespace) -> int:
    """Build the plans, replay the logs on the chosen engine, write the reports."""
    from ..aws.client import AwsError
    from ..replay.sources import SourceError, is_s3, local_paths, split_s3
    from ..targets.evaluator import plan
    from ..testing.calibration import for_guardrail

    prices = _prices(args.price)
    from ..runtime.engine import EngineUnavailableError, default_detectors

    try:  # the workers build their own; a bad GUARDC_ENGINE is a usage error here, not there
        default_detectors(None)
    except EngineUnavailableError as exc:
        raise UsageError(str(exc)) from None
    try:  # a missing or unreadable file, a folder with no logs, `s3://`: exit 2 up front
        local_paths([s for s in args.logs if not is_s3(s)])
        for source in filter(is_s3, args.logs):
            split_s3(source)
    except SourceError as exc:
        raise UsageError(str(exc)) from None
    candidate, policy = _guardrail(args.path, args.guardrail, args.root, "PATH")
    if candidate is None:
        return EXIT_FINDINGS
    large_buckets = _large_buckets(args, policy)
    calibration = for_guardrail(read_calibration(args, args.path), candidate.name)
    baseline: Guardrail | None = None
    against = "no guardrail (every text allowed)"
    if args.baseline is not None:
        baseline, _ = _guardrail(args.baseline, args.guardrail, args.root, "--baseline")
        if baseline is None:
            return EXIT_FINDINGS
        against = f"the baseline {args.baseline}"
    elif args.baseline_lock:
        try:
            baseline, version = _deployed(args, candidate)
        except AwsError as exc:
            sys.stderr.write(f"error: --baseline-lock: {exc}\n")
            return EXIT_AWS
        against = (
            f"deployed version {version} (lock file)"
            if version != "DRAFT"
            else "the deployed DRAFT (the lock file records no published version)"
        )
    if args.out is not None and "://" in args.out:  # the job's rows and summary go to S3
        if args.engine != "spark" or not is_s3(args.out):
            raise UsageError(
                "--out: a URL is for --engine spark, and only s3://, s3a:// or s3n:// "
                f"(summary.json is written there with boto3): {args.out}"
            )
        if not args.out.partition("://")[2].partition("/")[0]:
            raise UsageError(f"--out: no bucket in {args.out}")
        try:
            split_s3(args.out)
        except SourceError as exc:
            raise UsageError(f"--out: {exc}") from None
    elif args.out is not None:  # before the replay: never through a symlink (docs/security.md)
        from ..outputs.folder import output_folder

        output_folder(Path(args.out), *OUT_ENTRIES[args.engine])
    try:
        from ..replay.core import Spec

        spec = Spec(
            plan(candidate, calibration),
            plan(baseline, calibration) if baseline is not None else None,
            None,
            args.show_text,
            large_buckets,
        )
        doc = _replay(args, spec, against, prices)
    except SourceError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_AWS if exc.aws else EXIT_FINDINGS
    try:
        _write(args, doc)
    except SourceError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return EXIT_AWS
    return EXIT_OK


def _replay(
    args: argparse.Namespace, spec: Any, against: str, prices: dict[str, float]
) -> dict[str, Any]:
    from ..replay.report import document

    if args.engine == "spark":
        from ..replay.sources import SourceError

        try:
            from ..replay.spark import SparkJobError, run_spark
        except ImportError as exc:
            raise UsageError(
                f"--engine spark needs the [spark] extra (pip install 'guardc[spark]'): {exc}"
            ) from None

        try:
            summary = run_spark(spec, args.logs, args.limit, args.out, args.master)
        except SparkJobError as exc:
            raise SourceError(f"the Spark job failed: {exc}") from None
    else:
        from ..replay import local
        from ..replay.sources import read_all

        counter = local.Counter(sys.stderr) if sys.stderr.isatty() else None
        workers = args.workers or local.default_workers()
        summary = local.run(spec, read_all(args.logs), workers, args.limit, counter)
        if counter is not None:
            counter.clear()
    return document(summary, args.guardrail, against, prices)


def _write(args: argparse.Namespace, doc: dict[str, Any]) -> None:
    from ..outputs.atomic import replace_file
    from ..replay.html import render
    from ..replay.report import dumps, text

    if args.out is not None and "://" in args.out:
        from ..replay.sources import put_s3

        put_s3(args.out.rstrip("/") + "/summary.json", dumps(doc))
    elif args.out is not None:
        replace_file(Path(args.out) / "summary.json", dumps(doc))
    if args.html is not None:
        replace_file(Path(args.html), render(doc))
    sys.stdout.write(dumps(doc) if args.format == "json" else text(doc))
