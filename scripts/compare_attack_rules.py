"""Judge a change to the prompt-attack rules or gates (not a new fit) by the selection rule's
guards and objective: the shipped model's verdicts at HIGH strength on every selection set, under
the code of two checkouts.

Needs the `train` extra, like scripts/choose_attack_settings.py (whose guards it applies):

    git worktree add /tmp/before <commit>
    (cd /tmp/before && PYTHONPATH=/tmp/before:/tmp/sk python scripts/compare_attack_rules.py \
        dump /tmp/before.json)
    PYTHONPATH=.:/tmp/sk python scripts/compare_attack_rules.py dump /tmp/after.json
    PYTHONPATH=.:/tmp/sk python scripts/compare_attack_rules.py compare /tmp/before.json \
        /tmp/after.json

`dump` scores every row of the calibration, tuning and training sets (never a held-out or blind
one) as the runtime does (with the shipped judge, `attacks.second_opinion`, since session 10)
and writes 1 for a row blocked at HIGH strength (score at or over the LOW cut), else 0; and so
the spot checks (`tests/data/attacks/spot_checks.jsonl`, all benign, under "spot checks").
`dump --embed` does the same with the `[embed]` engine (its head's LOW cut), embedding the
request-sized texts first in batches (about four minutes on two cores).
`compare` prints each set whose share moved, and whether the change is admissible: no benign
tuning set of MIN_BENIGN rows or more blocked more than SLACK above before, no unseen attack set
(the tuning sets' attacks and the training sets at weight 0) of MIN_ATTACKS rows or more found
SLACK less, mean unseen recall at most RECALL_SLACK lower, and (since session 20, when both
dumps hold them) no spot check newly blocked, each one printed; and the mean benign tuning share
blocked before and after (the rule's objective). The sixteenth and eighteenth rounds were judged
so (docs/engines.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from choose_attack_settings import MIN_ATTACKS, MIN_BENIGN, RECALL_SLACK, SLACK  # noqa: E402
from train_attack_model import WEIGHTS  # noqa: E402

from benchmarks.attack_data import CALIBRATION, TRAINING, TUNING, load  # noqa: E402
from compiler.runtime import attacks  # noqa: E402

Verdicts = dict[str, list[int]]
SPOT = "spot checks"
SPOT_FILE = ROOT / "tests" / "data" / "attacks" / "spot_checks.jsonl"


def spot_texts() -> list[str]:
    """The spot checks' texts, in file order."""
    lines = SPOT_FILE.read_text(encoding="utf-8").splitlines()
    return [str(json.loads(line)["text"]) for line in lines if line]


def blocked_at_high(embed: bool) -> Callable[[str], bool]:
    """Whether an engine blocks a text at HIGH strength: the standard engine as the runtime runs
    it, or `[embed]`."""
    if embed:
        from compiler.runtime import embed_heads  # noqa: PLC0415 - only with the [embed] extra

        low = embed_heads.attack_head()[1][0]
        return lambda text: embed_heads.prompt_attack_score(text) >= low
    model, judge = attacks.default_model(), attacks.shipped_judge()
    return lambda text: attacks.score_with(model, text, judge) >= model.cuts[0]


def dump(out: Path, embed: bool = False) -> None:
    """Write an engine's verdict at HIGH strength on every selection and training row and every
    spot check."""
    texts = {name: [r.text for r in load(name)] for name in (*TUNING, *TRAINING, *CALIBRATION)}
    texts[SPOT] = spot_texts()
    if embed:
        from compiler.runtime import embed  # noqa: PLC0415 - only with the [embed] extra
        from compiler.runtime.textfeat import words  # noqa: PLC0415

        model = embed.embedder()
        embed.CACHE_SIZE = 10**6  # every request once, in batches, before scoring
        every = (t for rows in texts.values() for t in rows)
        requests = list(dict.fromkeys(t for t in every if len(words(t)) <= attacks.REQUEST_WORDS))
        for start in range(0, len(requests), 256):
            model.embed(requests[start : start + 256])
    blocked = blocked_at_high(embed)
    verdicts: Verdicts = {name: [int(blocked(t)) for t in rows] for name, rows in texts.items()}
    out.write_text(json.dumps(verdicts, sort_keys=True) + "\n", encoding="utf-8")


def spot_moves(before: Verdicts, after: Verdicts) -> tuple[list[str], list[str]]:
    """The spot checks newly blocked and cleared between two dumps (none unless both hold them)."""
    if SPOT not in before or SPOT not in after:
        return [], []
    rows = zip(spot_texts(), before[SPOT], after[SPOT], strict=True)
    moved = [(text, b, a) for text, b, a in rows if a != b]
    return [t for t, _, a in moved if a], [t for t, _, a in moved if not a]


def _share(verdicts: Verdicts, name: str, labels: list[int], label: int) -> tuple[float, int]:
    picked = [v for v, y in zip(verdicts[name], labels, strict=True) if y == label]
    return (sum(picked) / len(picked) if picked else 0.0), len(picked)


def compare(before: Verdicts, after: Verdicts, learned: Sequence[str] = ()) -> float | None:
    """Print what moved and the rule's verdict on the change; `learned`: weight-0 training sets
    the change learned from (train_attack_judge.py), which are then not unseen. Returns the mean
    benign tuning share blocked after the change when it is admissible, else None."""
    labels = {n: [r.label for r in load(n)] for n in before if n in after and n != SPOT}
    for name, ys in labels.items():
        for label, what in ((0, "benign blocked"), (1, "attacks found")):
            (b, count), (a, _) = _share(before, name, ys, label), _share(after, name, ys, label)
            if count and a != b:
                print(f"{name:40} {what:15} {count:5} {b:.3f} -> {a:.3f}")
    # the sets both dumps hold (a set vendored after the earlier dump is left out)
    unseen_sets = [
        n
        for n in (*TUNING, *(n for n in TRAINING if WEIGHTS.get(n, 1.0) == 0))
        if n in labels and n not in learned
    ]
    benign = [n for n in TUNING if n in labels and _share(before, n, labels[n], 0)[1] >= MIN_BENIGN]
    unseen = [n for n in unseen_sets if _share(before, n, labels[n], 1)[1]]
    failed = [
        f"{n} blocked"
        for n in benign
        if _share(after, n, labels[n], 0)[0] > _share(before, n, labels[n], 0)[0] + SLACK
    ]
    for n in unseen:
        (b, count), (a, _) = _share(before, n, labels[n], 1), _share(after, n, labels[n], 1)
        if count >= MIN_ATTACKS and a < b - SLACK:
            failed.append(f"{n} found {a - b:+.3f}")
    recall = [
        sum(_share(v, n, labels[n], 1)[0] for n in unseen) / len(unseen) for v in (before, after)
    ]
    if recall[1] < recall[0] - RECALL_SLACK:
        failed.append("mean unseen recall")
    newly, cleared = spot_moves(before, after)
    for text in newly:
        print(f"spot check newly blocked: {text[:100]!r}")
    for text in cleared:
        print(f"spot check cleared: {text[:100]!r}")
    if newly:
        failed.append(f"{len(newly)} spot check(s) newly blocked")
    blocked = [
        sum(_share(v, n, labels[n], 0)[0] for n in benign) / len(benign) for v in (before, after)
    ]
    print(
        f"{'admissible' if not failed else 'not admissible: ' + '; '.join(failed)}; mean unseen "
        f"recall {recall[0]:.4f} -> {recall[1]:.4f}, mean benign tuning blocked {blocked[0]:.4f} "
        f"-> {blocked[1]:.4f}"
    )
    return None if failed else blocked[1]


def main() -> None:
    """`dump OUT` or `compare BEFORE AFTER`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    dumping = sub.add_parser("dump")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--embed", action="store_true", help="the [embed] engine's verdicts")
    pair = sub.add_parser("compare")
    pair.add_argument("before", type=Path)
    pair.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out, args.embed)
    else:
        compare(*(json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after)))


if __name__ == "__main__":
    main()
