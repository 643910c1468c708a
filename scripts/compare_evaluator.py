"""Prove a change to the evaluator changes no answer: dump a digest of the whole ApplyGuardrail
response two checkouts' evaluators give on every text the repository holds, then compare.

    python scripts/compare_evaluator.py dump --code /tmp/before /tmp/evaluator-before.json
    python scripts/compare_evaluator.py dump /tmp/evaluator-after.json
    python scripts/compare_evaluator.py compare /tmp/evaluator-before.json \
        /tmp/evaluator-after.json

`--code DIR` runs the `compiler` (and `benchmarks`) package of checkout DIR (default: this
script's own). The texts are `scripts/compare_pii.py`'s (the PII corpora and cases, the texts
`bench_pii` and `bench_evaluator` time, every prompt-attack dataset's rows, the variants written
for the rare paths); the policies are `bench_evaluator`'s large one (10,000 words, 30 topics,
every content filter, prompt attacks, all 31 PII types, 30 patterns, grounding) and every
guardrail of the example policies (examples/*.guard, as `guardc` compiles them).

Per row, the dump keeps one SHA-256 over the canonical JSON of the responses (deterministic, so
the latency is 0) on the large policy's INPUT and OUTPUT sides, its INPUT side with outputScope
FULL, and each example guardrail's INPUT and OUTPUT sides: every entry, confidence, match,
masked output and usage count of every engine and of the orchestration around them. Only
digests are stored: no text, verdict or score. `compare` prints per dataset the number of rows
compared and the indices of the rows that differ, never their text (the held-out and blind
sets stay unread).

A full dump evaluates about 81,000 texts on a dozen policy sides: roughly 15 minutes on one
core. `--sets WORD` keeps only the sets whose name holds WORD (a quicker look while working;
the proof is a full dump).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

Rows = dict[str, list[str]]  # dataset -> per row the digest of its responses


def _compare_pii(code: Path) -> ModuleType:
    """scripts/compare_pii.py of checkout `code` (its `texts()` names the row sets)."""
    path = code / "scripts" / "compare_pii.py"
    spec = importlib.util.spec_from_file_location("compare_pii", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _policies(code: Path) -> list[tuple[str, Any]]:
    """(name, evaluator) of the large benchmark policy and of every example guardrail."""
    import compiler  # noqa: PLC0415 - from `code`, put on sys.path by `dump`
    from benchmarks import bench_evaluator  # noqa: PLC0415
    from compiler.runtime import Evaluator  # noqa: PLC0415
    from compiler.targets.evaluator import plan  # noqa: PLC0415

    rng = random.Random(bench_evaluator.SEED)  # drawn from as bench_evaluator's `main` does
    words = bench_evaluator.phrases(rng)
    [bench_evaluator._word(rng) for _ in range(3000)]  # its vocabulary, drawn before the plan
    large, _ = bench_evaluator.large_plan(rng, words)
    chosen = [("bench_evaluator large", Evaluator(large))]
    loaded = compiler.load([code / "examples"], root=code)
    if not loaded.ok:
        raise SystemExit(f"the example policies do not compile:\n{loaded.report()}")
    chosen += [(g.name, Evaluator(plan(g))) for g in loaded.policy.guardrails]
    return chosen


def _digest(evaluators: list[tuple[str, Any]], text: str) -> str:
    from compiler.runtime import text_content  # noqa: PLC0415

    content = text_content(text)
    answers: list[Any] = []
    for n, (_, evaluator) in enumerate(evaluators):
        for source in ("INPUT", "OUTPUT"):
            answers.append(evaluator.apply(source, content, deterministic=True))
        if n == 0:
            answers.append(evaluator.apply("INPUT", content, "FULL", deterministic=True))
    canonical = json.dumps(answers, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def dump(out: Path, code: Path, only: str | None) -> None:
    """Write one digest per row of every set (or of the sets whose name holds `only`)."""
    sys.path.insert(0, str(code))  # the packages below come from `code`: imported after this
    import compiler  # noqa: PLC0415

    sets = _compare_pii(code).texts()
    evaluators = _policies(code)
    rows: Rows = {}
    for name, items in sets.items():
        if only is None or only in name:
            rows[name] = [_digest(evaluators, text) for text in items]
    out.write_text(json.dumps(rows, sort_keys=True) + "\n", encoding="utf-8")
    where = Path(compiler.__file__).parent.parent
    names = ", ".join(name for name, _ in evaluators)
    print(
        f"{sum(map(len, rows.values()))} rows of {len(rows)} sets on {names} "
        f"({where}'s code) -> {out}"
    )


def compare(before: Path, after: Path) -> int:
    """Print rows compared and the indices of rows that differ, per set; 1 if any differ."""
    old: Rows = json.loads(before.read_text("utf-8"))
    new: Rows = json.loads(after.read_text("utf-8"))
    counts = _compare_pii(ROOT).changed_rows(old, new)
    if counts is None:
        return 1
    compared, differ = counts
    print(f"{compared} rows of {len(old)} sets compared; {differ} differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write a checkout's response digests on every text")
    d.add_argument("out", type=Path)
    d.add_argument("--code", type=Path, default=ROOT, help="checkout whose code runs")
    d.add_argument("--sets", help="only the sets whose name holds this")
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.code.resolve(), args.sets)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
