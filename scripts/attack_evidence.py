"""Why the prompt-attack model blocks the benign rows of a selection set: what fires, and which
words and word pairs carry the learned score.

    .venv/bin/python scripts/attack_evidence.py "tuning IFEval prompts" [--top 30] [--strength HIGH]

For each benign row blocked at `--strength` (as at run time, the second opinion included), the
parts of `attacks.score_with` that reach the cut
(the learned model, the hand-written rules, the planted-order rank, a decoded view) are counted,
and the learned score of the model's worst window (the whole text when short) is split into the
share each word and each adjacent word pair adds to the dot product. The words summed over the
blocked rows are what a next round's data or features must answer (docs/engines.md, thirteenth
round: "your", "response", "exactly" in IFEval's format constraints).

    .venv/bin/python scripts/attack_evidence.py --file MESSAGES.txt [--show]

`--file` reads benign messages written for a spot check (one per line, or JSON lines with a
`text`, as tests/data/attacks/spot_checks.jsonl), and `--show` prints each blocked message with
what reaches the cut and the first attack target it names (session 12 found most of its
classes this way).

Held-out and blind sets are refused: reading why their rows are blocked is tuning on them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import BLIND, HELD_OUT, LOADERS, load  # noqa: E402
from compiler.runtime import attacks  # noqa: E402
from compiler.runtime.explain_attack import word_shares, worst_window  # noqa: E402
from compiler.runtime.textfeat import words  # noqa: E402

STRENGTHS = ("HIGH", "MEDIUM", "LOW")  # filter strength; HIGH blocks LOW-confidence findings


def sources(model: attacks.AttackModel, text: str, cut: float) -> str:
    """Which parts of `attacks.score_with` (with the shipped second opinion, as at run time)
    reach `cut` for `text`, joined by '+'."""
    parts = attacks.attack_parts(model, text, attacks.shipped_judge)
    names = ("learned", "rule", "rank", "decoded view")
    return "+".join(name for name, value in zip(names, parts, strict=True) if value >= cut)


def read_messages(path: Path) -> list[str]:
    """The messages of a spot-check file: one per line, or JSON lines with a `text`."""
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    if path.suffix == ".jsonl":
        return [str(json.loads(line)["text"]) for line in lines if line]
    return [line for line in lines if line]


def shown(model: attacks.AttackModel, text: str, cut: float) -> str:
    """One blocked message, with what reaches the cut and the first target it names."""
    found = attacks.names_target_at(words(text))
    named = f" (names {found!r})" if found else ""
    return f"  [{sources(model, text, cut)}]{named} {text}"


def report(
    name: str, top: int, strength: str, texts: Sequence[str] | None = None, show: bool = False
) -> list[str]:
    """The lines printed for dataset `name`, or for the benign `texts` of a spot-check file."""
    model = attacks.default_model()
    # a filter at HIGH strength blocks findings of LOW confidence and up (Bedrock's semantics)
    cut = model.cuts[STRENGTHS.index(strength)]
    benign = list(texts) if texts is not None else [r.text for r in load(name) if r.label == 0]
    judge = attacks.shipped_judge()
    blocked = [text for text in benign if attacks.score_with(model, text, judge) >= cut]
    fired = Counter(sources(model, text, cut) for text in blocked)
    evidence: defaultdict[str, float] = defaultdict(float)
    rows_with: Counter[str] = Counter()
    for text in blocked:
        shares = word_shares(model, worst_window(model, words(text)))
        for key, value in shares.items():
            evidence[key] += value
        rows_with.update(shares.keys())
    lines = [
        f"{name}: {len(blocked)} of {len(benign)} benign rows blocked at {strength} strength"
        f" ({len(blocked) / max(1, len(benign)):.3f})",
        "what reaches the cut: " + ", ".join(f"{k} {v}" for k, v in fired.most_common()),
        f"words and word pairs adding most to the learned score (top {top}):",
    ]
    for key, value in sorted(evidence.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        lines.append(f"  {key:32} {value:8.2f}  in {rows_with[key]} rows")
    if show:
        lines.append("blocked messages:")
        lines += [shown(model, text, cut) for text in blocked]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Print the report; 2 for a held-out, blind or unknown dataset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", help="a training, tuning or calibration set's name")
    parser.add_argument("--file", type=Path, help="benign spot-check messages instead of a set")
    parser.add_argument("--show", action="store_true", help="print each blocked message")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--strength", choices=STRENGTHS, default="HIGH")
    args = parser.parse_args(argv)
    if (args.dataset is None) == (args.file is None):
        parser.error("name a dataset or give --file, not both")
    if args.file is not None:
        if not args.file.is_file():
            print(f"no such file: {args.file}", file=sys.stderr)
            return 2
        texts = read_messages(args.file)
        print("\n".join(report(str(args.file), args.top, args.strength, texts, args.show)))
        return 0
    if args.dataset in (*HELD_OUT, *BLIND):
        print(f"refused: {args.dataset!r} is held out; its rows are never read", file=sys.stderr)
        return 2
    if args.dataset not in LOADERS:
        print(f"unknown dataset {args.dataset!r}", file=sys.stderr)
        return 2
    print("\n".join(report(args.dataset, args.top, args.strength, show=args.show)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
