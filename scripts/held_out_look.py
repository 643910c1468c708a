"""One look at the held-out table for a registered gate: the prompt-attack engine of this checkout
on every held-out set (never a blind one), and the share of all held-out attacks found at HIGH
strength, the number #13's recall gate reads (at least 0.85).

    PYTHONPATH=. .venv/bin/python scripts/held_out_look.py            # the standard engine
    PYTHONPATH=. .venv-embed/bin/python scripts/held_out_look.py --embed

A round registers its gate before it runs and takes this look once per candidate
(docs/engines.md); `make bench` prints the same table beside the blind ones, which a gate must
not read before its candidate is decided. The trainers print it too when they write a model.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import HELD_OUT, Row, load  # noqa: E402
from benchmarks.attack_report import report  # noqa: E402
from compiler.runtime import attacks  # noqa: E402


def found_line(
    score: Callable[[str], float], cuts: Sequence[float], sets: Mapping[str, list[Row]]
) -> str:
    """How many of the sets' attacks score at or over the LOW cut (blocked at HIGH strength)."""
    attacks = [r.text for rows in sets.values() for r in rows if r.label == 1]
    found = sum(score(text) >= cuts[0] for text in attacks)
    share = found / len(attacks) if attacks else float("nan")
    return f"all held-out attacks found at HIGH strength: {found} of {len(attacks)} ({share:.4f})"


def engine(embed: bool) -> tuple[Callable[[str], float], Sequence[float]]:
    """The checkout's prompt-attack score and its cut points."""
    if embed:
        from compiler.runtime import embed_heads  # noqa: PLC0415 - needs the [embed] extra

        return embed_heads.prompt_attack_score, embed_heads.attack_head()[1]
    return attacks.prompt_attack_score, attacks.default_model().cuts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embed", action="store_true", help="the [embed] engine")
    args = parser.parse_args()
    score, cuts = engine(args.embed)
    sets = {name: load(name) for name in HELD_OUT}
    print(f"cut points {list(cuts)}")
    print("\n".join(report(score, cuts, sets)))
    print(found_line(score, cuts, sets))


if __name__ == "__main__":
    main()
