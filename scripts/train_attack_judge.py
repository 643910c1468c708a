"""Train the prompt-attack model's second opinion: boosted trees over `attacks.judge_features`
that decide, for a text the word model scores at or over the LOW cut, whether to keep it there.

Needs the `train` extra, like scripts/train_attack_model.py:

    PYTHONPATH=/tmp/sk .venv/bin/python scripts/train_attack_judge.py [--choose] [--cut P]

The judge learns from out-of-fold scores: the training rows are split in five folds by their
opening (`attack_data.fold_of`), the word model is refitted five times with the shipped settings,
each time without one fold, and each fold's rows are scored by the model that did not learn
them, so that the judge sees the word model's scores as they fall on unseen text. Its rows are
the requests (at most `attacks.REQUEST_WORDS` words) that the word model (gated) puts at or over
the LOW cut and the rules leave under it, from the training sets of non-zero weight, from the
weight-0 sets in EXTRA (whose tuning fifths the selection rule guards), and from the real
requests' training folds each with a training attack planted (`judge_rows`). The weight-0 sets
whose attacks the rule counts as unseen (synthetic documents, ASB, authored style training) are
never its rows.

The judge reads the shipped word model's scores: after the word model is retrained
(scripts/train_attack_model.py), retrain the judge and choose its cut again.

`--choose` scores every selection set (never a held-out or blind one) with the shipped word
model, without and with the judge at each cut in CUTS, applies the selection rule's guards and
objective to each (`compare_attack_rules.compare`; the weight-0 sets the judge learns from are
then not counted as unseen) and writes the judge at the admissible cut that blocks the fewest
benign tuning rows. `--cut P` writes it at that cut instead.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier  # type: ignore[import-untyped]

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from compare_attack_rules import Verdicts, compare  # noqa: E402
from train_attack_model import OUT, WEIGHTS, Settings, train, training_data  # noqa: E402

from benchmarks.attack_data import (  # noqa: E402
    CALIBRATION,
    TRAINING,
    TUNING,
    Row,
    compose_attacks,
    fold_of,
    load,
)
from compiler.runtime import attacks  # noqa: E402
from compiler.runtime.judge import JUDGE_RESOURCE, TreeJudge  # noqa: E402
from compiler.runtime.textfeat import words  # noqa: E402

JUDGE_OUT = OUT.parent / JUDGE_RESOURCE
FOLDS = 5
# Sets at weight 0 in the word model whose tuning fifths the rule guards: the judge may learn
# from their training folds (IFEval's requests, benign and with an attack planted: the judge
# must not learn that an order about the answer's form is benign evidence by itself; the
# authored injection variants and trigger-word rows, benign look-alikes and attacks).
# Tried and not kept (session 10, selection sets only; docs/engines.md, twenty-second round):
# the authored style training rows among them, and a word model of the judge's own (a hashed
# logistic regression fitted on the judge's rows, scored out of fold, its logit one more
# number). Each reached the same mean benign tuning share at its admissible cut (0.178).
EXTRA = (
    "real requests",
    "IFEval prompts",
    "IFEval attacks composed",
    "authored injection variants",
    "authored trigger training",
)
# cuts tried by --choose: the judge's probability of an attack under which it clears a text
CUTS = (0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5)
# the seed of the real requests' composed attacks (`judge_rows`)
REAL_COMPOSED = 31
TREES = {"n_estimators": 200, "max_depth": 3, "learning_rate": 0.05, "subsample": 0.8}


def judge_sets(extra: Sequence[str] = EXTRA) -> list[str]:
    """The training sets the judge learns from (`extra`: the weight-0 sets among them)."""
    return [n for n in TRAINING if WEIGHTS.get(n, 1.0) > 0 or n in extra]


def _acts(
    model: attacks.AttackModel, row: Row, max_words: int = attacks.REQUEST_WORDS
) -> tuple[list[float], float] | None:
    """The judge's features of a row and the word model's raw score, when the judge would be
    asked about it (gated learned score at or over the LOW cut, rules under it); else None."""
    tokens = words(row.text)
    raw = model.window_score(tokens)
    learned = attacks.gated(raw, tokens, model.cuts, row.text)
    if not attacks.asks_judge(learned, tokens, model.cuts, max_words):
        return None
    rank = attacks.planted_rank(tokens, row.text)
    rules = max(attacks.rule_score(row.text, tokens), attacks.rank_score(rank, model.cuts))
    if rules >= model.cuts[0]:
        return None
    return attacks.judge_features(model, tokens, row.text, raw), raw


def _planted_fold(pool: dict[str, int], text: str) -> int:
    """The fold of the training attack planted in a composed row (`compose_attacks`), so that
    the model scoring the row has not learned its attack; the row's own when none is found."""
    for attack, fold in pool.items():
        if attack in text:
            return fold
    return fold_of(text)


def judge_rows(extra: Sequence[str] = EXTRA) -> list[tuple[Row, int]]:
    """The judge's training rows, each with the fold whose model scores it: the judge's sets,
    and the real requests' training folds each with a training attack planted (`REAL_COMPOSED`),
    so that the judge sees attacks carried by ordinary requests, not only by IFEval's."""
    planted = {
        r.text: fold_of(r.text)
        for name in ("S-Labs train", "authored", "authored multilingual")
        for r in load(name)
        if r.label
    }
    rows: list[tuple[Row, int]] = []
    for name in judge_sets(extra):
        composed = name == "IFEval attacks composed"
        rows += [
            (r, _planted_fold(planted, r.text) if composed else fold_of(r.text)) for r in load(name)
        ]
    real = compose_attacks(load("real requests"), tuning=False, seed=REAL_COMPOSED)
    rows += [(r, _planted_fold(planted, r.text)) for r in real]
    return rows


def out_of_fold(
    extra: Sequence[str] = EXTRA, max_words: int = attacks.REQUEST_WORDS
) -> tuple[np.ndarray, np.ndarray]:
    """The judge's rows (`judge_rows`): features and labels, each row scored by the word model
    fitted without its fold."""
    data = training_data(attacks.default_model().bits)
    # each whole row's fold by its opening; a window row takes its text's fold
    folds = np.zeros(len(data.labels), dtype=int)
    index = 0
    for name in TRAINING:
        for row in load(name):
            folds[index] = fold_of(row.text)
            index += 1 + max(0, -int(data.windows[index]))
    windows = data.windows > 0
    folds[windows] = folds[data.parent[windows]]
    rows = judge_rows(extra)
    features: list[list[float]] = []
    labels: list[int] = []
    for k in range(FOLDS):
        fitted = train(data, dict(WEIGHTS), Settings(), left_out=folds == k)
        model = attacks.AttackModel.from_json(fitted)
        for row, fold in rows:
            if fold != k:
                continue
            found = _acts(model, row, max_words)
            if found is None:
                continue
            features.append(found[0])
            labels.append(row.label)
        print(f"fold {k}: {len(labels)} rows so far", flush=True)
    return np.array(features), np.array(labels)


def fit(
    x: np.ndarray,
    y: np.ndarray,
    cut: float,
    extra: Sequence[str] = EXTRA,
    max_words: int = attacks.REQUEST_WORDS,
) -> dict[str, object]:
    """The judge's JSON: scikit-learn's boosted trees as parallel arrays."""
    # every row weighs one: weighing the two classes the same (attacks outnumber the benign rows
    # the word model puts over its LOW cut about six to one) was tried and gave a weaker judge
    # at the cut the rule admits (docs/engines.md)
    booster = GradientBoostingClassifier(random_state=0, **TREES).fit(x, y)
    prior = float(np.mean(y))
    trees = []
    for (estimator,) in booster.estimators_:
        tree = estimator.tree_
        trees.append(
            {
                "feature": [int(f) if f >= 0 else 0 for f in tree.feature],
                "threshold": [float(t) for t in tree.threshold],
                "left": [int(i) for i in tree.children_left],
                "right": [int(i) for i in tree.children_right],
                "value": [float(v) for v in tree.value[:, 0, 0]],
            }
        )
    payload: dict[str, object] = {
        "format": "guardc-attack-judge/1",
        "features": list(attacks.JUDGE_FEATURES),
        "init": round(float(np.log(prior / (1 - prior))), 6),
        "rate": TREES["learning_rate"],
        "trees": trees,
        "cut": cut,
        "trained_on": " + ".join(judge_sets(extra)) + " (out of fold, five folds by opening)",
        "fit": ", ".join(f"{k} {v}" for k, v in TREES.items()),
        "rows": len(y),
    }
    if max_words != attacks.REQUEST_WORDS:  # a judge of requests only names none (the default)
        payload["max_words"] = max_words
    # the runtime's reading of the exported trees must give scikit-learn's probabilities
    exported = TreeJudge.from_json(payload)
    ours = np.array([exported.probability(row) for row in x.tolist()])
    gap = float(np.abs(ours - booster.predict_proba(x)[:, 1]).max())
    if gap > 1e-4:
        raise AssertionError(f"exported judge differs from scikit-learn's by {gap}")
    return payload


def choose(
    payload: dict[str, object], cuts: Sequence[float], extra: Sequence[str] = EXTRA
) -> float | None:
    """The rule's verdict on the judge at each cut, against the word model alone: each selection
    row is scored once without the judge, once with a judge that clears whatever it is asked
    about, and, where that clears it, by the judge's probability."""
    model = attacks.default_model()
    judge = TreeJudge.from_json(payload)
    clears_all = TreeJudge.from_json(payload | {"cut": 2.0})
    before: Verdicts = {}
    asked: dict[str, list[float | None]] = {}
    for name in (*TUNING, *TRAINING, *CALIBRATION):
        before[name], asked[name] = [], []
        for row in load(name):
            blocked = attacks.score_with(model, row.text) >= model.cuts[0]
            p = None
            if blocked and attacks.score_with(model, row.text, clears_all) < model.cuts[0]:
                tokens = words(row.text)
                raw = model.window_score(tokens)
                p = judge.probability(attacks.judge_features(model, tokens, row.text, raw))
            before[name].append(int(blocked))
            asked[name].append(p)
    best: tuple[float, float] | None = None  # mean benign tuning share blocked, cut
    for cut in cuts:
        print(f"cut {cut}:", flush=True)
        after = {
            name: [
                int(v and (p is None or p >= cut))
                for v, p in zip(before[name], asked[name], strict=True)
            ]
            for name in before
        }
        blocked = compare(before, after, tuple(extra))
        if blocked is not None and (best is None or blocked < best[0]):
            best = (blocked, cut)
    print("none admissible" if best is None else f"chosen: cut {best[1]}")
    return None if best is None else best[1]


def main() -> None:
    """Fit the judge; choose its cut by the rule and write it, or write it at a given cut."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--choose", action="store_true", help="judge each cut by the rule")
    parser.add_argument("--cut", type=float, help="write the judge with this cut")
    parser.add_argument(
        "--with",
        dest="extra",
        action="append",
        default=[],
        metavar="SET",
        help="one more weight-0 training set the judge learns from (repeatable)",
    )
    parser.add_argument(
        "--max-words",
        type=int,
        default=attacks.REQUEST_WORDS,
        help="the longest text the judge learns from and is asked about "
        f"(at most attacks.JUDGE_WORDS_CAP, {attacks.JUDGE_WORDS_CAP})",
    )
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    args = parser.parse_args()
    unknown = sorted(set(args.extra) - set(TRAINING))
    if unknown:
        parser.error(f"not training sets: {', '.join(unknown)}")
    extra = (*EXTRA, *(n for n in args.extra if n not in EXTRA))
    if not 0 < args.max_words <= attacks.JUDGE_WORDS_CAP:
        parser.error(f"--max-words must be 1 to {attacks.JUDGE_WORDS_CAP}")
    x, y = out_of_fold(extra, args.max_words)
    print(f"judge rows {len(y)}: {int(y.sum())} attacks, {int(len(y) - y.sum())} benign")
    payload = fit(x, y, 0.0, extra, args.max_words)
    cut = choose(payload, CUTS, extra) if args.choose else args.cut
    if args.dry_run:
        return
    if cut is not None:
        JUDGE_OUT.write_text(json.dumps(payload | {"cut": cut}, sort_keys=True) + "\n")
        print(f"wrote {JUDGE_OUT} (cut {cut})")


if __name__ == "__main__":
    main()
