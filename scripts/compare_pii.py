"""Prove a change to the PII engine changes no output: dump what two checkouts' PII engines
find on every text the repository holds, then compare the dumps.

    python scripts/compare_pii.py dump --code /work/main /tmp/pii-before.json
    python scripts/compare_pii.py dump /tmp/pii-after.json
    python scripts/compare_pii.py compare /tmp/pii-before.json /tmp/pii-after.json

`--code DIR` runs the `compiler` (and `benchmarks`) package of checkout DIR (default: this
script's own); the texts are the same files in both. The texts: every row of the PII corpora
(tests/data/pii: positive, clean, their small forms, the hand-written cases), the 1 KB texts
benchmarks/bench_pii.py and benchmarks/bench_evaluator.py time (generated prose and the
PII-dense texts stitched from the labelled sets), every prompt-attack dataset's rows as
`benchmarks.attack_data` loads them (held-out and blind ones included: the PII engine runs on
every input), and about 1,600 variants of the PII sentences written to reach the engine's
rarer paths (upper and lower case, characters beyond ASCII or Latin-1, characters whose
lower-case form is longer).

Per row, the dump keeps, with all 31 types asked for: each finding's type, start and end; and
a SHA-256 over those findings with their matched text, each type asked for alone, and the
output the evaluator masks (`ANONYMIZE` for every type, so its canonical-text mapping runs too).
No text is stored or printed: `compare` prints per dataset the number of rows compared and the
indices of the rows that differ, never their text (the held-out and blind sets stay unread).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "pii"

Rows = dict[str, list[list[Any]]]  # dataset -> per row [findings, digest]


def _corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("pii_corpus", DATA / "pii_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["pii_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _variants(sentences: list[str]) -> list[str]:
    """The PII sentences reshaped for the paths plain English text does not take: upper and
    lower case, a character beyond Latin-1 (RE2 reads it as U+00FF), one whose lower-case form
    is two characters (the cue search falls back to `re`), the Kelvin sign and the long s (which
    `re` matches as k and s when ignoring case), a Latin-1 letter, and texts joined tight."""
    rng = random.Random(20261205)
    odd = ("İ", "K", "ſ", "é", "—", "ß", "\u00a0", "’", "ǅ", "\u2028")
    picked = rng.sample(sentences, min(300, len(sentences)))
    out: list[str] = []
    for i, text in enumerate(picked):
        ch = odd[i % len(odd)]
        at = rng.randrange(len(text) + 1)
        out += [text.upper(), text.lower(), text[:at] + ch + text[at:], ch + text + ch]
        out.append(text.replace(" ", ch, 2))
    out += ["".join(picked[i : i + 4]) for i in range(0, len(picked), 4)]
    return out


def texts() -> dict[str, list[str]]:
    """Every text set, by name (the code's `benchmarks` package builds the benchmark texts)."""
    from benchmarks import attack_data, bench_evaluator, bench_pii  # noqa: PLC0415 - see dump

    corpus = _corpus()
    positive = [s["text"] for s in corpus.load("positive.jsonl")]
    sets: dict[str, list[str]] = {
        "pii positive": positive,
        "pii positive_small": [s["text"] for s in corpus.load("positive_small.jsonl")],
        "pii clean": list(corpus.load("clean.jsonl")),
        "pii clean_small": list(corpus.load("clean_small.jsonl")),
        "pii cases": [
            c["text"] for c in json.loads((DATA / "cases.json").read_text("utf-8"))["cases"]
        ],
        "bench_pii texts": bench_pii.texts(corpus),
        "bench_evaluator prose": _evaluator_prose(bench_evaluator),
        "bench_evaluator PII-dense": bench_evaluator.labelled_texts(bench_evaluator.CALLS),
        "variants": _variants(positive),
    }
    for name in attack_data.LOADERS:
        sets[f"attacks: {name}"] = [row.text for row in attack_data.load(name)]
    return sets


def _evaluator_prose(bench: ModuleType) -> list[str]:
    """bench_evaluator's generated 1 KB prose texts, made as its `main` makes them."""
    rng = random.Random(bench.SEED)
    words = bench.phrases(rng)
    vocabulary = [bench._word(rng) for _ in range(3000)]
    bench.large_plan(rng, words)  # draws from rng before the texts do
    out = [bench.prose(rng, 1000, vocabulary) for _ in range(bench.CALLS)]
    for i in range(0, bench.CALLS, 10):
        out[i] = f"{out[i][:800]} {words[i]} mail a{i}@example.com AB-1234"[:1000]
    return out


def _row(
    text: str, find: Callable[[str, Any], Any], types: tuple[str, ...], mask: Callable[[str], Any]
) -> list[Any]:
    found = [(m.type, m.start, m.end, m.text) for m in find(text, types)]
    alone = [[(m.type, m.start, m.end) for m in find(text, (t,))] for t in types]
    digest = hashlib.sha256(json.dumps([found, alone, mask(text)]).encode("utf-8")).hexdigest()
    return [[[t, s, e] for t, s, e, _ in found], digest]


def dump(out: Path, code: Path) -> None:
    """Write the findings (offsets) and a digest of everything else, per row of every set."""
    sys.path.insert(0, str(code))  # the packages below come from `code`: imported after this
    import compiler  # noqa: PLC0415
    from compiler.runtime import Evaluator, text_content  # noqa: PLC0415
    from compiler.runtime.pii import PII_TYPES, find_pii  # noqa: PLC0415
    from compiler.runtime.plan import PLAN_FORMAT  # noqa: PLC0415

    plan = {
        "format": PLAN_FORMAT,
        "guardrail": "compare-pii",
        "messages": {"INPUT": "blocked", "OUTPUT": "blocked"},
        "topics": [],
        "contentFilters": [],
        "words": [],
        "profanity": None,
        "piiEntities": [{"type": t, "input": "BLOCK", "output": "ANONYMIZE"} for t in PII_TYPES],
        "regexes": [],
        "grounding": [],
        "notEvaluated": [],
    }
    evaluator = Evaluator(plan)

    def mask(text: str) -> Any:
        answer = evaluator.apply("OUTPUT", text_content(text), deterministic=True)
        return [answer["outputs"], answer["assessments"][0].get("sensitiveInformationPolicy")]

    rows: Rows = {
        name: [_row(text, find_pii, tuple(PII_TYPES), mask) for text in items]
        for name, items in texts().items()
    }
    out.write_text(json.dumps(rows, sort_keys=True) + "\n", encoding="utf-8")
    where = Path(compiler.__file__).parent.parent
    print(f"{sum(map(len, rows.values()))} rows of {len(rows)} sets ({where}'s code) -> {out}")


def changed_rows(old: dict[str, list[Any]], new: dict[str, list[Any]]) -> tuple[int, int] | None:
    """Print, per set of two dumps, the indices of the rows that differ (never their text), and
    return the rows compared and those that differ; None when the dumps hold different sets.
    Shared with scripts/compare_evaluator.py."""
    if set(old) != set(new):
        print(f"the dumps hold different sets: {sorted(set(old) ^ set(new))}")
        return None
    compared = differ = 0
    for name in sorted(old):
        if len(old[name]) != len(new[name]):
            print(f"{name}: {len(old[name])} rows before, {len(new[name])} after")
            differ += 1
            continue
        changed = [i for i, (a, b) in enumerate(zip(old[name], new[name], strict=True)) if a != b]
        compared += len(old[name])
        if changed:
            differ += len(changed)
            print(f"{name}: {len(changed)} of {len(old[name])} rows differ, rows {changed[:20]}")
    return compared, differ


def compare(before: Path, after: Path) -> int:
    """Print rows compared and the indices of rows that differ, per set; 1 if any differ."""
    old: Rows = json.loads(before.read_text("utf-8"))
    new: Rows = json.loads(after.read_text("utf-8"))
    counts = changed_rows(old, new)
    if counts is None:
        return 1
    compared, differ = counts
    findings = sum(len(found) for rows in old.values() for found, _ in rows)
    print(
        f"{compared} rows of {len(old)} sets compared ({findings} findings before); {differ} differ"
    )
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump", help="write a checkout's PII findings on every text")
    d.add_argument("out", type=Path)
    d.add_argument("--code", type=Path, default=ROOT, help="checkout whose code runs")
    c = sub.add_parser("compare", help="compare two dumps")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.code.resolve())
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
