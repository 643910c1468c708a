"""How a prompt-attack head agrees with the standard engine on the tuning sets (forty-second round).

    PYTHONPATH=/tmp/sk .venv/bin/python scripts/head_agreement.py DUMP [--cut C ...]

(the `train` extra, scikit-learn, as for the trainers: the word model's weights come from
scripts/train_attack_model.py)

DUMP is what `scripts/train_embed_attack_head.py --dump` writes: each tuning text's blended
probability and the engine's terms. For each cut this prints the share of each tuning set
blocked at HIGH strength by the head alone and by the head *and* the standard engine together
(a text blocked only when both block it, the standard engine's second opinion included), as
means over three groups of sets:

* **all**: every tuning set with `MIN_SET` rows of a label (the trainer's mean);
* **own**: the tuning fifths of sources the head learns from but the word model does not (a
  weight-0 set of scripts/train_attack_model.py, which the head reads at `--zero`): a head
  flatters itself on them, so since session 12 they do not count as evidence;
* **clean**: the others.

With `--overrule C`, also where both block *or* the head alone reaches C: the head needs more
to overrule the standard engine than to agree with it (the forty-third round's next candidate).

Only tuning sets are read; the held-out and blind sets never are.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import TUNING, Row, load  # noqa: E402
from compiler.runtime import attacks  # noqa: E402
from scripts.train_embed_attack_head import HELD_BACK, MIN_SET, blocked_at_low  # noqa: E402

# Each tuning set drawn from a training source: the source it is a fifth of (or was written
# beside, for the authored trigger-word, style and injection-variant rows).
SOURCE = {
    "tuning ASB": "ASB",
    "tuning InjecAgent": "InjecAgent",
    "tuning JailbreakBench": "JailbreakBench",
    "tuning IFEval prompts": "IFEval prompts",
    "tuning IFEval attacks": "IFEval attacks composed",
    "tuning real requests": "real requests",
    "tuning style requests": "authored style training",
    "tuning trigger words": "authored trigger training",
    "tuning injection variants": "authored injection variants",
    "tuning CLINC150": "CLINC150",
    "tuning target-less attacks": "authored target-less training",
}
Key = tuple[str, int]  # (tuning set, label)


def own_sets(weights: Mapping[str, float]) -> set[str]:
    """The tuning sets whose source the head learns from and the word model does not."""
    return {
        name
        for name, source in SOURCE.items()
        if weights.get(source, 1.0) == 0 and source not in HELD_BACK
    }


def rates(sets: Mapping[str, Sequence[Row]], blocked: Callable[[str], bool]) -> dict[Key, float]:
    """The share blocked of each set's rows of each label, where there are `MIN_SET` of them."""
    out: dict[Key, float] = {}
    for name, rows in sets.items():
        for label in (0, 1):
            texts = [r.text for r in rows if r.label == label]
            if len(texts) >= MIN_SET:
                out[name, label] = sum(map(blocked, texts)) / len(texts)
    return out


def means(per: Mapping[Key, float], own: set[str]) -> dict[str, tuple[float, float]]:
    """(benign blocked, attacks found) averaged over all, own and clean sets."""
    groups: dict[str, Callable[[str], bool]] = {
        "all": lambda name: True,
        "own": lambda name: name in own,
        "clean": lambda name: name not in own,
    }
    out: dict[str, tuple[float, float]] = {}
    for group, member in groups.items():
        pair = []
        for label in (0, 1):
            values = [v for (name, lab), v in per.items() if lab == label and member(name)]
            pair.append(sum(values) / len(values) if values else float("nan"))
        out[group] = (pair[0], pair[1])
    return out


def agree(first: Callable[[str], bool], second: Callable[[str], bool]) -> Callable[[str], bool]:
    """Blocked when both block."""
    return lambda text: first(text) and second(text)


def overruled(both: Callable[[str], bool], alone: Callable[[str], bool]) -> Callable[[str], bool]:
    """Blocked when both block, or when the head alone blocks at a stricter cut."""
    return lambda text: both(text) or alone(text)


def line(label: str, summary: Mapping[str, tuple[float, float]]) -> str:
    """One row of the printed table."""
    cells = "  ".join(f"{g} {b:.4f} / {a:.4f}" for g, (b, a) in summary.items())
    return f"{label:24s} {cells}"


def main(argv: Sequence[str] | None = None) -> None:
    """Print the standard engine, the head alone and the two together at each cut."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", type=Path, help="train_embed_attack_head.py --dump's file")
    parser.add_argument("--cut", type=float, action="append", help="the head's LOW cut(s)")
    parser.add_argument(
        "--overrule",
        type=float,
        action="append",
        default=[],
        help="also: blocked where both block, or where the head alone reaches this cut",
    )
    args = parser.parse_args(argv)
    scores: dict[str, list[float]] = json.loads(args.dump.read_text(encoding="utf-8"))
    weights = importlib.import_module("scripts.train_attack_model").WEIGHTS
    own = own_sets(weights)
    sets = {name: load(name) for name in TUNING}
    standard = {
        r.text: attacks.prompt_attack_confidence(r.text) != "NONE"
        for rows in sets.values()
        for r in rows
    }

    def head(cut: float) -> Callable[[str], bool]:
        def blocked(text: str) -> bool:
            p, gate, rules, rank = scores[text]
            return blocked_at_low((bool(gate), rules, int(rank)), p, cut)

        return blocked

    print(f"own sets: {', '.join(sorted(own))}")
    print("benign blocked / attacks found at HIGH strength, means over the groups of sets")
    print(line("standard engine", means(rates(sets, standard.__getitem__), own)))
    for cut in args.cut or [0.2, 0.25, 0.3, 0.35, 0.4]:
        alone = head(cut)
        print(line(f"head alone, cut {cut:g}", means(rates(sets, alone), own)))
        both = agree(standard.__getitem__, alone)
        print(line(f"head and standard, {cut:g}", means(rates(sets, both), own)))
        for high in args.overrule:
            either = overruled(both, head(high))
            print(line(f"  or head at {high:g}", means(rates(sets, either), own)))


if __name__ == "__main__":
    main()
