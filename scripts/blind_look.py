"""One aggregate look at the blind request sets written by others: how many of their benign rows
the prompt-attack engine of this checkout blocks at HIGH and at LOW strength. Counts only: no
row's text, score or index is printed, so a look tells a round's effect without reading a row.

    PYTHONPATH=. .venv/bin/python scripts/blind_look.py            # the standard engine
    PYTHONPATH=. .venv-embed/bin/python scripts/blind_look.py --embed

The three sets are the ones README's false-positive row reports (the older 586 ordinary
requests, BiGGen-Bench's and WritingBench's). Every look is counted in docs/engines.md ("Looks at
protected sets in session N, counted"); sessions 16 to 23 wrote this by hand each time.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import BLIND, Row, load  # noqa: E402
from scripts.held_out_look import engine  # noqa: E402

REQUEST_SETS = ("instruction eval requests", "BiGGen-Bench requests", "WritingBench requests")


def blocked_line(
    name: str, score: Callable[[str], float], cuts: Sequence[float], rows: Sequence[Row]
) -> str:
    """One set's line: its benign rows, and how many score at or over the LOW cut (blocked at
    HIGH strength) and at or over the HIGH cut (blocked at LOW strength). Attacks are left out."""
    scores = [score(row.text) for row in rows if row.label == 0]
    n = len(scores)
    high = sum(s >= cuts[0] for s in scores)
    low = sum(s >= cuts[2] for s in scores)

    def share(k: int) -> str:
        return f"{k / n:.3f}" if n else "-"

    return f"{name}: {n} benign, at HIGH {high} ({share(high)}), at LOW {low} ({share(low)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embed", action="store_true", help="the [embed] engine")
    args = parser.parse_args()
    assert set(REQUEST_SETS) <= set(BLIND)
    score, cuts = engine(args.embed)
    for name in REQUEST_SETS:
        print(blocked_line(name, score, cuts, load(name)))


if __name__ == "__main__":
    main()
