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
and writes 1 for a row blocked at HIGH strength (score at or over the LOW cut), else 0.
`compare` prints each set whose share moved, and whether the change is admissible: no benign
tuning set of MIN_BENIGN rows or more blocked more than SLACK above before, no unseen attack set
(the tuning sets' attacks and the training sets at weight 0) of MIN_ATTACKS rows or more found
SLACK less, mean unseen recall at most RECALL_SLACK lower; and the mean benign tuning share
blocked before and after (the rule's objective). The sixteenth and eighteenth rounds were judged
so (docs/engines.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from choose_attack_settings import MIN_ATTACKS, MIN_BENIGN, RECALL_SLACK, SLACK  # noqa: E402
from train_attack_model import WEIGHTS  # noqa: E402

from benchmarks.attack_data import CALIBRATION, TRAINING, TUNING, load  # noqa: E402
from compiler.runtime import attacks  # noqa: E402

Verdicts = dict[str, list[int]]


def dump(out: Path) -> None:
    """Write the shipped model's verdict at HIGH strength on every selection and training row."""
    model, judge = attacks.default_model(), attacks.shipped_judge()
    verdicts: Verdicts = {
        name: [int(attacks.score_with(model, r.text, judge) >= model.cuts[0]) for r in load(name)]
        for name in (*TUNING, *TRAINING, *CALIBRATION)
    }
    out.write_text(json.dumps(verdicts, sort_keys=True) + "\n", encoding="utf-8")


def _share(verdicts: Verdicts, name: str, labels: list[int], label: int) -> tuple[float, int]:
    picked = [v for v, y in zip(verdicts[name], labels, strict=True) if y == label]
    return (sum(picked) / len(picked) if picked else 0.0), len(picked)


def compare(before: Verdicts, after: Verdicts, learned: Sequence[str] = ()) -> float | None:
    """Print what moved and the rule's verdict on the change; `learned`: weight-0 training sets
    the change learned from (train_attack_judge.py), which are then not unseen. Returns the mean
    benign tuning share blocked after the change when it is admissible, else None."""
    labels = {n: [r.label for r in load(n)] for n in before if n in after}
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
    sub.add_parser("dump").add_argument("out", type=Path)
    pair = sub.add_parser("compare")
    pair.add_argument("before", type=Path)
    pair.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out)
    else:
        compare(*(json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after)))


if __name__ == "__main__":
    main()
