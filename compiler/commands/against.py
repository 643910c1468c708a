"""The evaluators `guardc test` judges expectations with: the local one, and Bedrock's own
ApplyGuardrail (`--against bedrock`) with a parity report against the local one."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..ir import Guardrail, Policy
from ..testing.reporting import render_json, render_sarif_report, render_text
from ..testing.runner import (
    Evaluate,
    Outcome,
    Response,
    RuleId,
    content_for,
    hits_of,
    run_suites,
)
from ..vocab import Direction
from .common import EXIT_AWS, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from .common import version as guardc_version

if TYPE_CHECKING:
    from ..runtime.detectors import Detectors
    from ..runtime.engine import Evaluator


class LocalEvaluators:
    """The compiled local evaluators, one per guardrail (built on first use), on `detectors`
    (None: the default engine, from GUARDC_ENGINE), with the cut points of `calibration`
    (guardc.calibration.json as read) when given. Calling it is an `Evaluate`."""

    def __init__(
        self, detectors: Detectors | None = None, calibration: Mapping[str, Any] | None = None
    ) -> None:
        self.detectors = detectors
        self.calibration = calibration
        self.built: dict[str, Evaluator] = {}

    def evaluator(self, guardrail: Guardrail) -> Evaluator:
        """`guardrail`'s evaluator."""
        from ..runtime.engine import Evaluator
        from ..targets.evaluator import plan as build_plan
        from ..testing.calibration import for_guardrail

        found = self.built.get(guardrail.name)
        if found is None:
            cuts = for_guardrail(self.calibration, guardrail.name)
            found = self.built[guardrail.name] = Evaluator(
                build_plan(guardrail, cuts), self.detectors
            )
        return found

    def __call__(
        self, guardrail: Guardrail, source: str, content: list[dict[str, Any]]
    ) -> Response:
        response: Response = self.evaluator(guardrail).apply(source, content, deterministic=True)
        return response


def local_evaluator(
    detectors: Detectors | None = None, *, calibration: Mapping[str, Any] | None = None
) -> LocalEvaluators:
    """An `Evaluate` on the compiled local evaluator (`LocalEvaluators`)."""
    return LocalEvaluators(detectors, calibration)


class AwsCallError(Exception):
    """An AWS call failed (exit code 3)."""


def _deployed_ids(args: argparse.Namespace, policy: Policy) -> dict[str, tuple[str, str]]:
    """Guardrail name → (identifier, version) from --guardrail-id or the lock file."""
    names = sorted({s.guardrail for s in policy.tests})
    if args.guardrail:
        names = [n for n in names if n in args.guardrail]
    if args.guardrail_id:
        if len(names) != 1:
            raise ValueError(
                "--guardrail-id needs exactly one guardrail under test (use --guardrail)"
            )
        return {names[0]: (args.guardrail_id, args.guardrail_version or "DRAFT")}
    from ..aws.lockfile import (
        load as load_lock,  # validates the file; LockFileError is a ValueError
    )

    lock = load_lock(args.lock)
    if lock is None:
        raise ValueError(f"no --guardrail-id and no lock file `{args.lock}`")
    found: dict[str, tuple[str, str]] = {}
    env = getattr(args, "env", None)  # `--env E`: that environment's entries
    for name in names:
        entry = lock.entries(env).get(name)
        if entry is None:
            where = f' (environment "{env}")' if env else ""
            raise ValueError(f"guardrail `{name}` is not in `{args.lock}`{where}; deploy it first")
        found[name] = (entry.id, args.guardrail_version or entry.version or "DRAFT")
    return found


def bedrock_evaluator(
    client: Any, ids: dict[str, tuple[str, str]], *, full: bool = False
) -> Evaluate:
    """An `Evaluate` that calls bedrock-runtime ApplyGuardrail on the deployed guardrail
    (`full`: with outputScope FULL, so the response also lists what did not fire)."""
    from botocore.exceptions import BotoCoreError, ClientError

    scope = {"outputScope": "FULL"} if full else {}

    def evaluate(guardrail: Guardrail, source: str, content: list[dict[str, Any]]) -> Response:
        identifier, version = ids[guardrail.name]
        try:
            response: Response = client.apply_guardrail(
                guardrailIdentifier=identifier,
                guardrailVersion=version,
                source=source,
                content=content,
                **scope,
            )
        except (BotoCoreError, ClientError) as exc:
            raise AwsCallError(str(exc)) from exc
        return response

    return evaluate


def parity(
    remote: list[Outcome], local: list[Outcome], policy: Policy
) -> tuple[dict[str, Counter[str]], list[str]]:
    """Per rule kind, how often the local evaluator and Bedrock agree on what fired, and the
    disagreements in words."""
    per_kind: dict[str, Counter[str]] = {}
    notes: list[str] = []
    for r, lo in zip(remote, local, strict=True):
        guardrail = policy.guardrail(r.guardrail)
        assert guardrail is not None
        e = r.expectation
        r_hits = {h.rule for h in hits_of(r.response, guardrail, e.source)}
        l_hits = {h.rule for h in hits_of(lo.response, guardrail, e.source)}
        kinds = {h.kind for h in r_hits | l_hits} or ({e.by.rule} if e.by else set())
        for kind in sorted(kinds):
            r_k = {h for h in r_hits if h.kind is kind}
            l_k = {h for h in l_hits if h.kind is kind}
            verdict = "agree" if r_k == l_k else "disagree"
            per_kind.setdefault(kind.value, Counter())[verdict] += 1
            if r_k != l_k:
                notes.append(
                    f"{e.span.file}:{e.span.line} {kind.value}: "
                    f"bedrock {_labels(r_k)}, local {_labels(l_k)}"
                )
    return per_kind, notes


def _labels(rules: set[RuleId]) -> str:
    return "[" + ", ".join(sorted(r.label() for r in rules)) + "]" if rules else "nothing"


def run_against_bedrock(
    args: argparse.Namespace,
    policy: Policy,
    detectors: Detectors | None = None,
    calibration: Mapping[str, Any] | None = None,
) -> int:
    """Judge every expectation on Bedrock, print the report and the parity with local results."""
    try:
        ids = _deployed_ids(args, policy)
    except ValueError as exc:
        print(f"guardc test: {_visible(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    import boto3

    try:
        session = boto3.Session(profile_name=args.profile, region_name=args.region)
        client = session.client("bedrock-runtime")
    except Exception as exc:  # botocore raises several unrelated types for bad profiles/regions
        print(f"guardc test: cannot create a bedrock-runtime client: {exc}", file=sys.stderr)
        return EXIT_AWS
    return report_against(args, policy, client, ids, detectors, calibration=calibration)


def report_against(
    args: argparse.Namespace,
    policy: Policy,
    client: Any,
    ids: dict[str, tuple[str, str]],
    detectors: Detectors | None = None,
    *,
    calibration: Mapping[str, Any] | None = None,
) -> int:
    """The body of `--against bedrock`, with the client given (tests pass a stubbed one)."""
    only = sorted(ids)
    record = getattr(args, "record", None)
    try:
        corpus = read_corpus(getattr(args, "corpus", None) or [])
    except ValueError as exc:
        print(f"guardc test: {_visible(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    remote_eval = bedrock_evaluator(client, ids, full=record is not None)
    try:
        remote, coverage = run_suites(policy, remote_eval, only)
        extra = [
            (guardrail, origin, source, content, remote_eval(guardrail, source, content))
            for guardrail, origin, source, content in corpus_requests(policy, only, corpus)
        ]
    except AwsCallError as exc:
        print(f"guardc test: ApplyGuardrail failed: {exc}", file=sys.stderr)
        if record is not None:
            print(f"guardc test: nothing recorded in {record}", file=sys.stderr)
        return EXIT_AWS
    seconds = time.perf_counter() - started
    if record is not None:
        lines = [
            _line(
                ids,
                o.guardrail,
                origin=_origin(o),
                source=_source(o),
                content=content_for(o.expectation),
                response=o.response,
            )
            for o in remote
        ]
        lines += [
            _line(ids, g.name, origin=origin, source=src, content=c, response=r)
            for g, origin, src, c, r in extra
        ]
        from ..outputs.atomic import replace_file

        # atomic, keeps the mode, never through a symlink (docs/security.md, "Outputs")
        replace_file(record, "".join(line + "\n" for line in lines))
        print(f"recorded {len(lines)} Bedrock responses in {record}", file=sys.stderr)
    local, _ = run_suites(policy, local_evaluator(detectors, calibration=calibration), only)
    per_kind, notes = parity(remote, local, policy)
    if args.format == "json":
        report = json.loads(render_json(remote, coverage, seconds))
        report["parity"] = {
            "kinds": {k: dict(sorted(v.items())) for k, v in sorted(per_kind.items())},
            "disagreements": notes,
            "verdicts_agree": sum(
                r.passed == lo.passed for r, lo in zip(remote, local, strict=True)
            ),
        }
        sys.stdout.write(json.dumps(report, indent=2, sort_keys=True) + "\n")
    elif args.format == "sarif":  # the expectations Bedrock failed, for code scanning
        sys.stdout.write(render_sarif_report(remote, [], {}, guardc_version()))
    else:
        sys.stdout.write(render_text(remote, coverage, seconds, against="Bedrock guardrail"))
        print(
            "\nparity with the local evaluator (expectations where both saw the same rules fire):"
        )
        for kind, counts in sorted(per_kind.items()):
            total = counts["agree"] + counts["disagree"]
            print(f"  {kind:<10} {counts['agree']}/{total} agree")
        for note in notes:
            print(f"  differs: {_visible(note)}")
    return EXIT_FINDINGS if any(not o.passed for o in remote) else EXIT_OK


def _visible(text: str) -> str:
    """A message that may quote a lock file, a flag or GUARDC_ENGINE, safe for a terminal."""
    from ..diagnostics.textsafe import visible

    return visible(text)


# ── --record and --corpus ─────────────────────────────────────────────────────────────────────


def _line(
    ids: dict[str, tuple[str, str]],
    guardrail: str,
    *,
    origin: str,
    source: str,
    content: list[dict[str, Any]],
    response: Response,
) -> str:
    from ..testing.record import record_line

    return record_line(
        guardrail=guardrail,
        ids=ids[guardrail],
        version=guardc_version(),
        origin=origin,
        source=source,
        content=content,
        response=response,
    )


def _origin(outcome: Outcome) -> str:
    span = outcome.expectation.span
    return f"{span.file}:{span.line}"


def _source(outcome: Outcome) -> str:
    return "INPUT" if outcome.expectation.source is Direction.INPUT else "OUTPUT"


Corpus = list[tuple[str, int, str | None, str, list[dict[str, Any]]]]


def read_corpus(paths: list[str]) -> Corpus:
    """(file, line, guardrail or None, source, content) per line of the `--corpus` files; a
    line is what `guardc eval --jsonl` reads, with an optional `guardrail` it is limited to."""
    from ..runtime.request import RequestError, request_from_json
    from ..testing.jsonl import numbered_lines

    requests: Corpus = []
    for path in paths:
        try:  # line by line, each bounded: a 200 MB line is refused, not read whole
            lines = list(numbered_lines(path))
        except OSError as exc:
            raise ValueError(f"cannot read corpus {path}: {exc}") from None
        for number, line in lines:
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                only = raw.pop("guardrail", None) if isinstance(raw, dict) else None
                if only is not None and not isinstance(only, str):
                    raise RequestError("`guardrail` must be a string")
                source, content = request_from_json(raw)
            except RecursionError:
                raise ValueError(f"{path}:{number}: JSON nested too deeply") from None
            except (ValueError, RequestError) as exc:  # not JSON, a 5,000-digit number, ...
                raise ValueError(f"{path}:{number}: {exc}") from None
            requests.append((path, number, only, source, content))
    return requests


def corpus_requests(
    policy: Policy, only: list[str], corpus: Corpus
) -> list[tuple[Guardrail, str, str, list[dict[str, Any]]]]:
    """Every corpus line for every guardrail under test it is not limited away from."""
    requests = []
    for name in only:
        guardrail = policy.guardrail(name)
        assert guardrail is not None  # `only` names guardrails of the policy
        for path, number, limit, source, content in corpus:
            if limit is None or limit == name:
                requests.append((guardrail, f"{path}:{number}", source, content))
    return requests
