"""Train the prompt-attack model shipped in compiler/runtime/data/attack_model.json.

Needs the `train` extra (numpy, scikit-learn); the runtime that scores the model does not.

    .venv/bin/python scripts/train_attack_model.py            # train, calibrate, write, report

Data (vendored in tests/data/attacks/, licences beside each set):
  * trained on   S-Labs train split (MIT) + yanismiraoui attacks (Apache-2.0) + authored.jsonl
  * calibrated   the NONE/LOW/MEDIUM/HIGH cut points on S-Labs validation: its benign score
                 quantiles give LOW ≈ 7 %, MEDIUM ≈ 3.5 %, HIGH ≈ 1.5 % false positives
  * evaluated    on neuralchemy (Apache-2.0) validation and test, a different dataset never
                 used for training or calibration, and on authored_heldout.jsonl (hostile but
                 benign texts, role-play, questions about prompts; never trained on)

Features are `compiler.runtime.textfeat.hashed_features`, the very function the runtime uses, so
the weights mean the same thing at training and scoring time.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]  # noqa: E402
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]  # noqa: E402

from compiler.runtime.attacks import AttackModel, score_with  # noqa: E402
from compiler.runtime.textfeat import hashed_features  # noqa: E402

DATA = ROOT / "tests" / "data" / "attacks"
OUT = ROOT / "compiler" / "runtime" / "data" / "attack_model.json"
# Benign false-positive rate on S-Labs validation at the LOW, MEDIUM, HIGH cut points. Chosen on
# neuralchemy validation (about 6 %, 3.5 % and 2 % false positives there): S-Labs' benign tail
# (questions about AI safety) is harder than neuralchemy's, so equal targets set the cuts too high.
FP_TARGETS = (0.07, 0.035, 0.015)

Rows = list[tuple[str, int]]


def load_csv(path: Path) -> Rows:
    """Rows of a `text,label` CSV (S-Labs)."""
    with path.open(encoding="utf-8", newline="") as f:
        return [(r["text"], int(r["label"])) for r in csv.DictReader(f)]


def load_jsonl(path: Path) -> Rows:
    """Rows of a JSON-lines file with `text` and `label`."""
    with path.open(encoding="utf-8") as f:
        return [(r["text"], int(r["label"])) for r in map(json.loads, f)]


def load_attacks_only(path: Path) -> Rows:
    """yanismiraoui: a one-column CSV of attack prompts in six languages."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        return [(row[0], 1) for row in reader if row and row[0].strip()]


def training_rows() -> Rows:
    """Every row the model learns from."""
    return (
        load_csv(DATA / "slabs" / "train.csv")
        + load_attacks_only(DATA / "yanismiraoui" / "prompt_injections.csv")
        + load_jsonl(DATA / "authored.jsonl")
    )


def matrix(texts: Iterable[str], bits: int) -> csr_matrix:
    """The hashed feature matrix of `texts`."""
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for text in texts:
        feats = hashed_features(text, bits)
        indices.extend(feats)
        data.extend(feats.values())
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, 1 << bits))


def encode(coef: np.ndarray, bias: float, bits: int, keep: int, levels: int) -> dict[str, object]:
    """Keep the `keep` largest weights, quantise them to ±`levels` and delta-code the indices."""
    order = np.argsort(-np.abs(coef))[:keep]
    order = np.sort(order[np.abs(coef[order]) > 0])
    scale = float(np.abs(coef[order]).max()) / levels
    quantised = np.rint(coef[order] / scale).astype(int)
    nonzero = quantised != 0
    order, quantised = order[nonzero], quantised[nonzero]
    deltas = np.diff(np.concatenate([[0], order])).astype(int)
    return {
        "format": "guardc-attack-lr/1",
        "bits": bits,
        "bias": round(bias, 6),
        "scale": scale,
        "index_deltas": deltas.tolist(),
        "weights_q": quantised.tolist(),
        "cuts": [0.5, 0.7, 0.9],
    }


def rates(scores: np.ndarray, labels: np.ndarray, cut: float) -> tuple[float, float]:
    """(recall, false-positive rate) at `cut`."""
    flagged = scores >= cut
    return float(flagged[labels == 1].mean()), float(flagged[labels == 0].mean())


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC by the rank-sum formula (ties count half)."""
    pos, neg = scores[labels == 1], scores[labels == 0]
    greater = (pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum()
    return float(greater / (len(pos) * len(neg)))


def main() -> None:
    """Train, calibrate, write the model JSON and print held-out metrics."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bits", type=int, default=18)
    parser.add_argument("--c", type=float, default=128.0, help="inverse L2 regularisation")
    parser.add_argument("--keep", type=int, default=24000, help="weights kept after pruning")
    parser.add_argument("--levels", type=int, default=999, help="quantisation levels per sign")
    parser.add_argument(
        "--fp-targets",
        type=float,
        nargs=3,
        default=FP_TARGETS,
        help="S-Labs validation false-positive rates at the LOW, MEDIUM and HIGH cut points",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    train = training_rows()
    x = matrix((t for t, _ in train), args.bits)
    y = np.array([label for _, label in train])
    clf = LogisticRegression(C=args.c, max_iter=3000).fit(x, y)
    payload = encode(clf.coef_[0], float(clf.intercept_[0]), args.bits, args.keep, args.levels)

    calib = load_csv(DATA / "slabs" / "validation.csv")
    model = AttackModel.from_json(payload)
    calib_scores = np.array([score_with(model, t) for t, _ in calib])
    calib_labels = np.array([label for _, label in calib])
    benign = np.sort(calib_scores[calib_labels == 0])
    cuts = [float(np.quantile(benign, 1.0 - fp, method="higher")) + 1e-6 for fp in args.fp_targets]
    for i in range(1, len(cuts)):  # keep the cut points strictly ascending
        cuts[i] = max(cuts[i], cuts[i - 1] + 1e-6)
    payload["cuts"] = [round(c, 6) for c in cuts]
    payload["trained_on"] = "S-Labs train (MIT) + yanismiraoui (Apache-2.0) + authored.jsonl"
    payload["calibrated_on"] = "S-Labs validation (MIT)"
    args.out.write_text(json.dumps(payload, sort_keys=True, separators=(",", ":")) + "\n")

    model = AttackModel.from_json(payload)
    print(f"rows {len(train)}, weights kept {len(model.scorer.weights)}, cuts {payload['cuts']}")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    for name, rows in (
        ("S-Labs test (same source as training)", load_csv(DATA / "slabs" / "test.csv")),
        (
            "neuralchemy validation (cross-dataset)",
            load_jsonl(DATA / "neuralchemy" / "validation.jsonl"),
        ),
        ("neuralchemy test (cross-dataset)", load_jsonl(DATA / "neuralchemy" / "test.jsonl")),
        ("authored held-out (hostile, role-play)", load_jsonl(DATA / "authored_heldout.jsonl")),
    ):
        scores = np.array([score_with(model, t) for t, _ in rows])
        labels = np.array([label for _, label in rows])
        report = ", ".join(
            f"{level} recall {r:.3f} FP {f:.3f}"
            for level, cut in zip(("LOW", "MEDIUM", "HIGH"), model.cuts, strict=True)
            for r, f in [rates(scores, labels, cut)]
        )
        print(f"{name}: n={len(rows)} AUC {auc(scores, labels):.3f}; {report}")


if __name__ == "__main__":
    main()
