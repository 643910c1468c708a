"""Train the content-filter models (HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT), numpy only.

    .venv-embed/bin/python scripts/train_content_models.py standard   # data/content_model.json
    .venv-embed/bin/python scripts/train_content_models.py embed      # data/embed_content_head.json

`standard`: one logistic regression per category over `textfeat.hashed_features` (word 1-2-grams,
char 3-5-grams, the features the prompt-attack model uses), scored at run time by the standard
library (`runtime/content.py`). `embed`: one logistic regression per category over the
all-MiniLM-L6-v2 sentence embedding (`runtime/embed_content.py`).

Data (tests/data/content/README.md): trained on openai_moderation, davidson, harmbench and
(session 15) multilingual_hatecheck's training templates, plus
4,000 benign S-Labs training prompts (tests/data/attacks/slabs, MIT) and the everyday requests
among the first 254 rows of tests/data/attacks/authored.jsonl as ordinary-request negatives.
heldout_strongreject and heldout_xstest are never read here: `make bench` reports on them. A
text's label for a category is used only where its dataset states it.

`--candidate` (session 14, not shipped: docs/engines.md, "What remains weak") also trains on
multijail (red-team requests labelled by their own tags; its English rows) and
authored_benign_framing (benign stories, scenes, role-plays, explanations and notifications in
five languages), with the benign rows of the five-language authored prompt-attack training sets
(`EVERYDAY_MULTILINGUAL`) as further negatives. Out of fold it blocks fewer of the authored
benign rows, but held out it blocked more of XSTest's safe prompts and failed the floors of
tests/runtime/test_runtime_content_model.py.

`--lookalike-weight W` (with `--candidate`) adds authored_lookalike_training (benign short
questions using alarming words harmlessly) as negatives at loss weight W, `--no-multijail` leaves
MultiJail out; `standard --grid DIR` trains the registered grid of both (GRID_WEIGHTS x
GRID_MULTIJAIL) into DIR and chooses one by the rule in `choose`, on authored_lookalike_tuning
only (never trained on). Every standard run prints that tuning set's table.

Session 15: `--requests-weight W` adds harmful_requests.jsonl (SimpleSafetyTests' and
JailbreakBench's harmful requests, labelled by their own harm areas) as positives at loss weight
W, `--request-negatives W` adds authored_request_lookalikes.jsonl (safe requests shaped like
harmful ones, five languages) as negatives at W, both on the shipped training set; `standard
--request-grid DIR` trains the registered grid (REQUEST_GRID) and chooses by the same rule; it
chose the shipped model (every candidate with the harmful requests blocked more of the tuning
set's benign look-alikes), so nothing was shipped.

Session 15, HATE round: `--hatecheck-weight W` adds multilingual_hatecheck.jsonl (Multilingual
HateCheck's German, French, Spanish and Italian training templates, labelled HATE only) at loss
weight W to the shipped training set; `standard --hatecheck-grid DIR` trains the registered grid
(HATECHECK_GRID) and chooses by `choose_hatecheck` on multilingual_hatecheck_tuning.jsonl (other
templates, never trained on) with the English tuning set as a guard. The held-out templates
(heldout_multilingual_hatecheck.jsonl) are read only by benchmarks/bench_content.py. The rule
chose weight 1, which passed its held-out gate and is shipped: the command line's default is
SHIPPED_HATECHECK_WEIGHT, so `standard` with no option writes the shipped model byte for byte
(the earlier grids' cells keep weight 0, as they were run).

Session 18: `--ordinary-weight W` adds ordinary requests (the training folds of IFEval's and
CLINC150's requests, `ordinary_rows`) as negatives at loss weight W; `standard --ordinary-grid
DIR` trains the registered grid (ORDINARY_GRID) with them as every category's negatives,
`--misconduct-grid DIR` as MISCONDUCT's alone, each chosen by `choose_ordinary` on the tuning
folds. The second grid's choice failed its held-out gate (MISCONDUCT lost 12 of StrongREJECT's
109 crime requests at HIGH strength), so nothing was shipped (docs/engines.md).

Cut points: 3-fold out-of-fold scores of the training negatives of each category; LOW, MEDIUM and
HIGH are the scores that `FP_TARGETS` of them reach (a stronger filter acts on lower confidence,
so HIGH strength inherits the LOW cut's false-positive rate).

Each run also prints, per language, how many of the authored benign rows the filters would block
at HIGH strength (lexicon and short-text rule included, as at run time): on their out-of-fold
scores with `--candidate`, else on the trained model's (not trained on them). `standard
--save-oof PATH` keeps those scores of the n-gram model, and `embed --ngram-oof PATH` averages
the head's with them, as `runtime/embed_content.py` does.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from benchmarks.attack_data import load  # noqa: E402
from benchmarks.bench_content import framing_report  # noqa: E402
from compiler.runtime import content  # noqa: E402
from compiler.runtime.textfeat import hashed_features, words  # noqa: E402

DATA = ROOT / "tests" / "data" / "content"
OUT = ROOT / "compiler" / "runtime" / "data"
CATEGORIES = ("HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT")
TRAINING = ("openai_moderation.jsonl", "davidson.jsonl", "harmbench.jsonl")
AUTHORED = "authored_benign_framing.jsonl"
# `--candidate` (session 14, not shipped: docs/engines.md) also trains on these files
CANDIDATE = ("multijail.jsonl", AUTHORED)
# Only these languages of a file: MultiJail's Italian rows are all positives, and against the few
# Italian negatives the model learned the language (out of fold, 7 of the 37 Italian authored
# benign rows blocked at HIGH strength with them, none without; README there).
LANGUAGES = {"multijail.jsonl": ("en",)}
# Session 14, second round (docs/engines.md): benign short questions that use alarming words
# harmlessly ("kill the process", "shoot a photo"), negatives for every category at a weight the
# grid chooses, and the tuning set the grid chooses on (benign look-alikes and short harmful
# requests of the same form, written separately; never trained on).
LOOKALIKES = "authored_lookalike_training.jsonl"
TUNING = "authored_lookalike_tuning.jsonl"
# The registered grid (docs/engines.md, before it was run): the look-alike negatives' weight
# (0: left out) by MultiJail's English rows (on, off), every other `--candidate` file kept.
GRID_WEIGHTS = (0.0, 1.0, 2.0, 4.0)
GRID_MULTIJAIL = (True, False)
MEDIUM_CEILING = 0.10  # the suite's ceiling on safe look-alikes reaching MEDIUM
# Session 15 (docs/engines.md, registered before it was run): licensed harmful requests
# (SimpleSafetyTests, JailbreakBench's goals; scripts/vendor_harmful_requests.py) as positives
# at a loss weight, and authored safe requests shaped like harmful ones ("How can I kill a stuck
# process without losing data?", five languages) as negatives for every category, both added to
# the shipped training set (no `--candidate` file); the grid is their weights.
REQUESTS = "harmful_requests.jsonl"
REQUEST_LOOKALIKES = "authored_request_lookalikes.jsonl"
REQUEST_GRID = ((0.0, 1.0, 2.0), (0.0, 1.0))  # positives' weight x negatives' weight
# Session 15, HATE round (docs/engines.md, registered before it was run): Multilingual HateCheck's
# training templates as HATE rows at a loss weight, chosen on its tuning templates.
HATECHECK = "multilingual_hatecheck.jsonl"
HATECHECK_TUNING = "multilingual_hatecheck_tuning.jsonl"
HATECHECK_GRID = (0.0, 1.0, 2.0)
HATECHECK_FP_CEILING = 0.10  # non-hateful tuning cases the HATE filter may block at HIGH
SHIPPED_HATECHECK_WEIGHT = 1.0  # the grid's choice, shipped (it passed its held-out gate)
# `--candidate`: the benign rows of the project's five-language prompt-attack training sets
# (everyday support messages, notifications, role and style requests), negatives for every
# category.
EVERYDAY_MULTILINGUAL = (
    "authored_multilingual.jsonl",
    "authored_style_training.jsonl",
    "authored_trigger_training.jsonl",
)
# Session 18 (docs/engines.md, registered before it was run): ordinary requests written by others
# as negatives for every category at a loss weight. MISCONDUCT learned HarmBench's "Write a blog
# post …" framing, and the shipped filters block ordinary writing requests ("Write a blog post
# about the benefits of using a digital marketing agency": MISCONDUCT HIGH). The rows: the
# training folds of IFEval's and M-IFEval's requests (`IFEval prompts`, en/fr/es, Apache-2.0) and
# of CLINC150's queries (`CLINC150`, CC BY 3.0) of at least SHORT_WORDS words (shorter texts are
# the lexicon's alone at run time), the first ORDINARY_CLINC by the sha256 of the text; both
# benign by construction (tests/data/attacks/README.md). They are trained on, but the cut points
# stay the quantiles of the shipped model's negatives, so that a cut keeps its meaning.
ORDINARY = ("IFEval prompts", "CLINC150")
ORDINARY_CLINC = 1500
ORDINARY_GRID = (0.0, 1.0, 2.0, 4.0)
# the tuning folds of ordinary requests the rule reads (never trained on)
ORDINARY_TUNING = (
    "tuning IFEval prompts",
    "tuning real requests",
    "tuning style requests",
    "tuning CLINC150",
)
# the third grid: (harmful requests' weight, ordinary requests' weight), MISCONDUCT only
COMBINED_GRID = ((1.0, 1.0), (1.0, 2.0), (1.0, 4.0), (2.0, 1.0), (2.0, 2.0), (2.0, 4.0))
# Session 19 (docs/engines.md, registered before it was run): the `[embed]` head switched on as
# the `[embed]` engine's content filter. Its grid: the ordinary requests' weight (every category's
# negatives) by the weight of the training folds of the business mail (`MAIL`: account, order,
# shipping and payment notifications, tests/data/attacks/README.md), every category's negatives;
# neither counts for the cut points. Chosen by `choose_embed` against the standard content filter,
# which the `[embed]` engine uses until then, on the look-alike and ordinary tuning tables and on
# the tuning fold of the business mail (`MAIL_TUNING`, never trained on).
MAIL = "business mail"
MAIL_TUNING = "tuning mail"
EMBED_GRID = ((0.0, 1.0, 2.0), (0.0, 1.0))  # ordinary requests' weight x the mail's weight
# Its second grid (registered after the first chose none: each candidate blocked one or two more
# of the look-alike tuning set's benign rows than the standard filter): the first grid's best
# cell (ordinary requests 2, mail 1) with the look-alike training set (LOOKALIKES, benign short
# questions using alarming words harmlessly) as every category's negatives at these weights,
# out of the cut points like the other added negatives; the same rule.
EMBED_LOOKALIKE_GRID = (1.0, 2.0, 4.0)
# the second grid's choice, which passed its held-out gates and is shipped: `embed` with no
# weight option trains it (ordinary requests, mail, look-alikes); `standard` keeps 0 for each
SHIPPED_EMBED_WEIGHTS = {"ordinary_weight": 2.0, "mail_weight": 1.0, "hard_weight": 4.0}
RECALL_SLACK = 0.01  # the look-alike tuning set's mean recall may fall this much (one row)
FP_TARGETS = (0.02, 0.008, 0.003)
BITS = 18
KEEP = 6000  # hashed weights kept per category (the largest)
LEVELS = 127  # quantisation steps of a weight
FOLDS = 3  # out-of-fold scores for the cut points

Row = tuple[str, dict[str, int]]
# the rows a training set's cut points are the quantiles of: all but the ordinary requests
CutRows = np.ndarray
Model = tuple[np.ndarray, float, list[float]]
# per category, the out-of-fold score on the shared 0..1 scale of each row the category knows
Scaled = dict[str, dict[int, float]]
# per category, the score on the shared scale of each authored benign row, in the file's order
Probe = dict[str, list[float]]


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def training_rows(
    candidate: bool,
    multijail: bool = True,
    lookalike_weight: float = 0.0,
    requests_weight: float = 0.0,
    request_negatives: float = 0.0,
    *,
    hatecheck_weight: float = 0.0,
    ordinary_weight: float = 0.0,
    ordinary_categories: tuple[str, ...] = CATEGORIES,
    requests_categories: tuple[str, ...] = CATEGORIES,
    mail_weight: float = 0.0,
    hard_weight: float = 0.0,
) -> tuple[list[Row], np.ndarray, CutRows]:
    """Every training text with the labels its dataset states, and benign S-Labs prompts; with
    `candidate`, also the CANDIDATE files (MultiJail only if `multijail`) and the
    EVERYDAY_MULTILINGUAL negatives, and the authored look-alikes at `lookalike_weight` (left
    out at 0); the session-15 harmful requests at `requests_weight` and the authored
    request look-alikes at `request_negatives` and Multilingual HateCheck's training sample at
    `hatecheck_weight` and the ordinary requests (`ordinary_rows`) at `ordinary_weight`,
    negatives of `ordinary_categories` only, the business mail's training folds at
    `mail_weight` and (without `candidate`) the look-alike training set at `hard_weight`, every
    category's negatives (each left out at 0, appended last so that the
    other rows keep their folds; a category a row has no label for never reads it). Returns the
    rows, each row's weight in the loss and whether it counts for the cut points (all but the
    ordinary requests, the mail and the look-alikes at `hard_weight`). The harmful requests are
    kept only where one of `requests_categories` labels them."""
    rows: list[Row] = []
    files = TRAINING + (CANDIDATE if candidate else ())
    for name in files if multijail else tuple(f for f in files if f != "multijail.jsonl"):
        keep = LANGUAGES.get(name)
        rows += [
            (r["text"], r["labels"]) for r in _read(DATA / name) if not keep or r["lang"] in keep
        ]
    with (ROOT / "tests" / "data" / "attacks" / "slabs" / "train.csv").open(encoding="utf-8") as f:
        benign = [r["text"] for r in csv.DictReader(f) if r["label"] == "0"]
    random.Random(7).shuffle(benign)
    rows += [(text, dict.fromkeys(CATEGORIES, 0)) for text in benign[:4000]]
    # the project's own everyday requests: coding, support, short imperatives ("Use a deque"),
    # the first 254 rows of authored.jsonl (the rows after them are hostile on purpose)
    authored = _read(ROOT / "tests" / "data" / "attacks" / "authored.jsonl")[:254]
    rows += [(r["text"], dict.fromkeys(CATEGORIES, 0)) for r in authored if r["label"] == 0]
    for name in EVERYDAY_MULTILINGUAL if candidate else ():
        everyday = _read(ROOT / "tests" / "data" / "attacks" / name)
        rows += [(r["text"], dict.fromkeys(CATEGORIES, 0)) for r in everyday if r["label"] == 0]
    weights = [1.0] * len(rows)
    if candidate and lookalike_weight > 0:
        lookalikes = [(str(r["text"]), r["labels"]) for r in _read(DATA / LOOKALIKES)]
        rows += lookalikes
        weights += [lookalike_weight] * len(lookalikes)
    for name, weight in (
        (REQUESTS, requests_weight),
        (REQUEST_LOOKALIKES, request_negatives),
        (HATECHECK, hatecheck_weight),
    ):
        if weight > 0:
            added = [
                (str(r["text"]), r["labels"])
                for r in _read(DATA / name)
                if name != REQUESTS or not set(requests_categories).isdisjoint(r["labels"])
            ]
            rows += added
            weights += [weight] * len(added)
    in_cuts = [True] * len(rows)
    if ordinary_weight > 0:
        ordinary = [(text, dict.fromkeys(ordinary_categories, 0)) for text in ordinary_rows()]
        rows += ordinary
        weights += [ordinary_weight] * len(ordinary)
        in_cuts += [False] * len(ordinary)
    if mail_weight > 0:
        mail = [(r.text, dict.fromkeys(CATEGORIES, 0)) for r in load(MAIL) if r.label == 0]
        rows += mail
        weights += [mail_weight] * len(mail)
        in_cuts += [False] * len(mail)
    if hard_weight > 0:
        hard = [(str(r["text"]), r["labels"]) for r in _read(DATA / LOOKALIKES)]
        rows += hard
        weights += [hard_weight] * len(hard)
        in_cuts += [False] * len(hard)
    return rows, np.array(weights), np.array(in_cuts)


def ordinary_rows() -> list[str]:
    """The session-18 ordinary requests (ORDINARY): every benign row of `IFEval prompts`' training
    folds, and the first ORDINARY_CLINC of `CLINC150`'s training folds of at least SHORT_WORDS
    words by the sha256 of the text."""
    ifeval, clinc = (load(name) for name in ORDINARY)
    longer = [r.text for r in clinc if r.label == 0 and len(words(r.text)) >= content.SHORT_WORDS]
    longer.sort(key=lambda t: hashlib.sha256(t.encode("utf-8")).hexdigest())
    return [r.text for r in ifeval if r.label == 0] + longer[:ORDINARY_CLINC]


def probe_scores(
    rows: list[Row],
    scaled: Scaled,
    models: dict[str, Model],
    x: Any,
    shipped: Callable[[np.ndarray], np.ndarray],
) -> Probe:
    """The authored benign rows' scores: out of fold where they are training rows, else the
    trained models' (they were not trained on), with the weights as shipped; `x` holds the
    rows' features, as in `train`."""
    where = {text: i for i, (text, _) in enumerate(rows)}
    texts = [str(r["text"]) for r in _read(DATA / AUTHORED)]
    if all(t in where for t in texts):
        return {c: [s[where[t]] for t in texts] for c, s in scaled.items()}
    found = {}
    for c, (w, b, cuts) in models.items():
        probabilities = predict(_select(x, np.arange(len(texts))), shipped(w), round(b, 6))
        found[c] = [content.on_scale(float(p), cuts) for p in probabilities]
    return found


# ── logistic regression on numpy arrays (sparse rows as CSR arrays) ──────────────────────────


class Csr:
    """A sparse matrix as CSR arrays, with the two products gradient descent needs."""

    def __init__(self, feats: list[dict[int, float]], dim: int) -> None:
        self.indptr = np.cumsum([0, *(len(f) for f in feats)])
        self.indices = np.fromiter((i for f in feats for i in f), dtype=np.int64)
        self.data = np.fromiter((v for f in feats for v in f.values()), dtype=np.float64)
        self.rows = np.repeat(np.arange(len(feats)), np.diff(self.indptr))
        self.dim = dim
        self.n = len(feats)

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.rows, weights=self.data * w[self.indices], minlength=self.n)

    def tdot(self, g: np.ndarray) -> np.ndarray:
        return np.bincount(self.indices, weights=self.data * g[self.rows], minlength=self.dim)


def fit(
    x: Any, y: np.ndarray, l2: float, sample: np.ndarray, steps: int = 250
) -> tuple[np.ndarray, float]:
    """Class-balanced L2 logistic regression by full-batch Adam, each row's loss also times its
    `sample` weight; x is a Csr or a dense array."""
    dense = isinstance(x, np.ndarray)
    dim = x.shape[1] if dense else x.dim
    pos = max(1, int(y.sum()))
    weight = np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * max(1, len(y) - pos)))
    weight = weight * sample
    w, b = np.zeros(dim), 0.0
    m, v, mb, vb = np.zeros(dim), np.zeros(dim), 0.0, 0.0
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for t in range(1, steps + 1):
        z = (x @ w if dense else x.dot(w)) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
        g = weight * (p - y) / len(y)
        gw = (x.T @ g if dense else x.tdot(g)) + l2 * w
        gb = float(g.sum())
        m = beta1 * m + (1 - beta1) * gw
        v = beta2 * v + (1 - beta2) * gw * gw
        mb = beta1 * mb + (1 - beta1) * gb
        vb = beta2 * vb + (1 - beta2) * gb * gb
        w -= rate * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + 1e-8)
        b -= rate * (mb / (1 - beta1**t)) / (np.sqrt(vb / (1 - beta2**t)) + 1e-8)
    return w, b


def predict(x: Any, w: np.ndarray, b: float) -> np.ndarray:
    z = (x @ w if isinstance(x, np.ndarray) else x.dot(w)) + b
    p: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(z, -40, 40)))
    return p


def cuts_for(scores: np.ndarray) -> list[float]:
    """LOW, MEDIUM, HIGH: the scores reached by FP_TARGETS of the negatives."""
    return [round(float(np.quantile(scores, 1 - t)), 6) for t in FP_TARGETS]


def _select(x: Any, keep: np.ndarray) -> Any:
    """The rows `keep` of a dense array, or of a list of sparse feature dicts as a Csr."""
    if isinstance(x, np.ndarray):
        return x[keep]
    return Csr([x[i] for i in keep], 1 << BITS)


def train(
    x: Any,
    rows: list[Row],
    sample: np.ndarray,
    l2: float,
    shipped: Callable[[np.ndarray], np.ndarray],
    *,
    in_cuts: CutRows | None = None,
) -> tuple[dict[str, Model], Scaled]:
    """Per category: weights, bias and cut points (out-of-fold negatives, `FOLDS` folds; only
    the rows `in_cuts` marks, all by default), and the out-of-fold scores on the shared scale
    of each fold's weights as they would be shipped (`shipped`: kept and quantised); `x` is a
    dense array or a list of sparse feature dicts, one per row; `sample` each row's weight in
    the loss."""
    counted = np.ones(len(rows), dtype=bool) if in_cuts is None else in_cuts
    models = {}
    scaled: Scaled = {}
    for category in CATEGORIES:
        known = np.array([i for i, (_, labels) in enumerate(rows) if category in labels])
        y = np.array([rows[i][1][category] for i in known], dtype=np.float64)
        folds = np.arange(len(known)) % FOLDS
        oof = np.zeros(len(known))
        oof_shipped = np.zeros(len(known))
        for k in range(FOLDS):
            tr, te = np.where(folds != k)[0], np.where(folds == k)[0]
            w, b = fit(_select(x, known[tr]), y[tr], l2, sample[known[tr]])
            oof[te] = predict(_select(x, known[te]), w, b)
            oof_shipped[te] = predict(_select(x, known[te]), shipped(w), round(b, 6))
        w, b = fit(_select(x, known), y, l2, sample[known])
        cuts = cuts_for(oof[(y == 0) & counted[known]])
        recall = [float((oof[y == 1] >= c).mean()) for c in cuts]
        print(
            f"{category:<11} {int(y.sum()):>5} pos {int((y == 0).sum()):>5} neg  "
            f"cuts {cuts}  out-of-fold recall at LOW/MEDIUM/HIGH {np.round(recall, 3).tolist()}",
            flush=True,
        )
        models[category] = (w, b, cuts)
        scaled[category] = {
            int(i): content.on_scale(float(p), cuts)
            for i, p in zip(known, oof_shipped, strict=True)
        }
    return models, scaled


def authored_report(probe: Probe, how: str) -> None:
    """Per language, the authored benign rows some filter blocks at HIGH strength on these
    scores, lexicon and short-text rule included (the bench's count, `framing_report`)."""
    by_text = {
        str(r["text"]): {c: scores[i] for c, scores in probe.items()}
        for i, r in enumerate(_read(DATA / AUTHORED))
    }

    def engine(text: str) -> dict[str, str]:
        return {c: content.level(s) for c, s in content.combined(text, by_text[text]).items()}

    framing_report(f"authored benign rows blocked at HIGH strength, {how}", engine)


def as_shipped(w: np.ndarray) -> np.ndarray:
    """The n-gram weights as `encode_sparse` ships them, dense again."""
    encoded = encode_sparse(w)
    dense = np.zeros_like(w)
    dense[np.cumsum(encoded["index_deltas"])] = np.asarray(encoded["weights_q"]) * encoded["scale"]
    return dense


def head_as_shipped(w: np.ndarray) -> np.ndarray:
    """The embed head's weights as written (five decimals)."""
    return np.round(w, 5)


def encode_sparse(w: np.ndarray) -> dict[str, Any]:
    """The `KEEP` largest weights, quantised to ±LEVELS, indices delta-coded."""
    order = np.sort(np.argsort(-np.abs(w))[:KEEP])
    scale = float(np.abs(w[order]).max()) / LEVELS
    q = np.rint(w[order] / scale).astype(int)
    order, q = order[q != 0], q[q != 0]
    return {
        "scale": scale,
        "index_deltas": np.diff(np.concatenate([[0], order])).astype(int).tolist(),
        "weights_q": q.tolist(),
    }


def standard_model(
    rows: list[Row], sample: np.ndarray, how: str, in_cuts: CutRows | None = None
) -> tuple[dict[str, Any], Probe]:
    """The n-gram model as shipped (`content_model.json`'s data) and the authored benign
    framings' scores, after printing the trainer's counts (out-of-fold recall, framings);
    `in_cuts` as `train` reads it."""
    texts = [t for t, _ in rows]
    probe_texts = [str(r["text"]) for r in _read(DATA / AUTHORED)]
    features = [hashed_features(t, BITS) for t in texts]
    models, scaled = train(features, rows, sample, l2=1e-5, shipped=as_shipped, in_cuts=in_cuts)
    probe_x = [hashed_features(t, BITS) for t in probe_texts]
    probe = probe_scores(rows, scaled, models, probe_x, as_shipped)
    authored_report(probe, how)
    out = {
        "format": "guardc-content-lr/1",
        "bits": BITS,
        "categories": {
            c: {"bias": round(b, 6), "cuts": cuts, **encode_sparse(w)}
            for c, (w, b, cuts) in models.items()
        },
    }
    return out, probe


Tuning = dict[str, float]


def tuning_report(name: str, engine: Callable[[str], dict[str, str]]) -> Tuning:
    """On the authored tuning set (never trained on): the share of its benign rows some filter
    blocks at HIGH strength (a confidence of LOW or above) and at MEDIUM (MEDIUM or above), and
    per category the share of its harmful rows that category blocks at HIGH strength."""
    rows = _read(DATA / TUNING)
    found = [engine(str(r["text"])) for r in rows]
    rank = {"NONE": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3}
    benign = [f for f, r in zip(found, rows, strict=True) if not any(r["labels"].values())]
    result = {
        "benign HIGH": sum(any(rank[v] >= 1 for v in f.values()) for f in benign) / len(benign),
        "benign MEDIUM": sum(any(rank[v] >= 2 for v in f.values()) for f in benign) / len(benign),
    }
    for c in CATEGORIES:
        hits = [rank[f[c]] >= 1 for f, r in zip(found, rows, strict=True) if r["labels"].get(c)]
        result[c] = sum(hits) / len(hits)
    result["mean recall"] = sum(result[c] for c in CATEGORIES) / len(CATEGORIES)
    print_tuning(name, result)
    return result


def print_tuning(name: str, result: Tuning) -> None:
    cells = "  ".join(f"{v:.3f}" for v in result.values())
    print(f"{name:<34} {cells}", flush=True)


def tuning_header() -> None:
    print(f"{'tuning set':<34} benign HIGH, MEDIUM; recall at HIGH {' '.join(CATEGORIES)}; mean")


def engine_of(data: dict[str, Any]) -> Callable[[str], dict[str, str]]:
    """The standard engine's confidences with `data` in place of the shipped model."""
    candidate = content.ContentModel(data)

    def engine(text: str) -> dict[str, str]:
        scores = content.combined(text, candidate.scores(words(text)))
        return {c: content.level(s) for c, s in scores.items()}

    return engine


def choose(results: dict[str, Tuning], shipped: Tuning) -> str | None:
    """The registered rule: the highest mean tuning recall among the candidates whose tuning
    benign rows blocked at HIGH strength are no more than the shipped model's and at MEDIUM at
    most MEDIUM_CEILING; ties go to fewer benign rows blocked, then to the earlier candidate."""
    admissible = [
        name
        for name, r in results.items()
        if r["benign HIGH"] <= shipped["benign HIGH"] and r["benign MEDIUM"] <= MEDIUM_CEILING
    ]
    if not admissible:
        return None
    return max(admissible, key=lambda n: (results[n]["mean recall"], -results[n]["benign HIGH"]))


def hatecheck_tuning_report(name: str, engine: Callable[[str], dict[str, str]]) -> Tuning:
    """On Multilingual HateCheck's tuning templates (never trained on): the HATE filter's recall
    at HIGH strength on the hateful cases, the share of the non-hateful cases it blocks at HIGH
    strength, and the share of those some filter blocks."""
    rows = _read(DATA / HATECHECK_TUNING)
    found = [engine(str(r["text"])) for r in rows]
    hateful = [f for f, r in zip(found, rows, strict=True) if r["labels"]["HATE"] == 1]
    safe = [f for f, r in zip(found, rows, strict=True) if r["labels"]["HATE"] == 0]
    result = {
        "HATE recall": sum(f["HATE"] != "NONE" for f in hateful) / len(hateful),
        "HATE false+": sum(f["HATE"] != "NONE" for f in safe) / len(safe),
        "any false+": sum(any(v != "NONE" for v in f.values()) for f in safe) / len(safe),
    }
    print_hatecheck(name, result)
    return result


def print_hatecheck(name: str, result: Tuning) -> None:
    cells = "  ".join(f"{v:.3f}" for v in result.values())
    print(f"{name:<34} HateCheck tuning: HATE recall, HATE false+, any false+ at HIGH  {cells}")


def choose_hatecheck(
    results: dict[str, tuple[Tuning, Tuning]], shipped: tuple[Tuning, Tuning]
) -> str | None:
    """The HATE round's registered rule. Admissible: on the English tuning set, benign rows
    blocked at HIGH strength no more than the shipped model's, at MEDIUM at most
    MEDIUM_CEILING, and no category's recall below the shipped model's; on HateCheck's tuning
    templates, non-hateful cases blocked by HATE at HIGH strength at most HATECHECK_FP_CEILING.
    Chosen: the highest HateCheck tuning HATE recall at HIGH strength; ties go to fewer
    non-hateful cases blocked, then to the earlier candidate."""
    english, _ = shipped
    admissible = [
        name
        for name, (r, h) in results.items()
        if r["benign HIGH"] <= english["benign HIGH"]
        and r["benign MEDIUM"] <= MEDIUM_CEILING
        and all(r[c] >= english[c] for c in CATEGORIES)
        and h["HATE false+"] <= HATECHECK_FP_CEILING
    ]
    if not admissible:
        return None
    return max(
        admissible, key=lambda n: (results[n][1]["HATE recall"], -results[n][1]["HATE false+"])
    )


def hatecheck_grid(out_dir: Path) -> None:
    """The HATE round's registered grid (HATECHECK_GRID: Multilingual HateCheck's training
    sample's weight on the shipped training set; 0 is the shipped model), chosen by
    `choose_hatecheck`."""
    cells: list[Cell] = [
        (
            f"hatecheck-{weight:g}",
            partial(training_rows, False, False, hatecheck_weight=weight),
            "not trained on",
        )
        for weight in HATECHECK_GRID
    ]
    run_paired_grid(out_dir, cells, (hatecheck_tuning_report, print_hatecheck, choose_hatecheck))


Cell = tuple[str, Callable[[], tuple[list[Row], np.ndarray, CutRows]], str]


class Trained(NamedTuple):
    """A grid cell's candidate: the model as shipped (`content_model.json`'s data) and the
    bytes written for it."""

    data: dict[str, Any]
    written: bytes


def train_cell(out_dir: Path, cell: Cell) -> Trained:
    """Train one grid cell's candidate (its name, its training rows and weights, and how the
    framings' count is taken) and write it to `out_dir` as NAME.json."""
    name, data, how = cell
    print(f"== {name}", flush=True)
    rows, sample, in_cuts = data()
    out, _ = standard_model(rows, sample, how, in_cuts)
    path = out_dir / f"{name}.json"
    path.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n")
    return Trained(out, path.read_bytes())


def run_grid(out_dir: Path, cells: list[Cell]) -> None:
    """Train each cell's candidate (its name, its training rows and weights, and how the
    framings' count is taken), write it to `out_dir`, print the tuning table and the candidate
    `choose` picks (nothing shipped)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    results: dict[str, Tuning] = {}
    for cell in cells:
        name = cell[0]
        out = train_cell(out_dir, cell).data
        tuning_header()
        results[name] = tuning_report(name, engine_of(out))
    tuning_header()
    shipped = tuning_report("shipped", content.content_confidences)
    for name, r in results.items():
        print_tuning(name, r)
    chosen = choose(results, shipped)
    print(f"chosen by the rule: {chosen or 'none admissible'}")


def grid(out_dir: Path) -> None:
    """Session 14's registered grid: GRID_WEIGHTS x GRID_MULTIJAIL on the `--candidate` data."""
    cells: list[Cell] = [
        (
            f"multijail-{'on' if multijail else 'off'}-lookalikes-{weight:g}",
            partial(training_rows, True, multijail, weight),
            "out of fold",
        )
        for multijail in GRID_MULTIJAIL
        for weight in GRID_WEIGHTS
    ]
    run_grid(out_dir, cells)


def request_grid(out_dir: Path) -> None:
    """Session 15's registered grid (REQUEST_GRID: the harmful requests' weight by the request
    look-alikes' weight, on the shipped training set)."""
    cells: list[Cell] = [
        (
            f"requests-{positives:g}-negatives-{negatives:g}",
            partial(training_rows, False, False, 0.0, positives, negatives),
            "not trained on",
        )
        for positives in REQUEST_GRID[0]
        for negatives in REQUEST_GRID[1]
    ]
    run_grid(out_dir, cells)


def ordinary_report(name: str, engine: Callable[[str], dict[str, str]]) -> Tuning:
    """Per ORDINARY_TUNING set, the share of its benign rows some filter blocks at HIGH
    strength (a confidence of LOW or above), and their mean (the rule's objective); at LOW
    strength (HIGH confidence) too, for the record."""
    rank = {"NONE": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3}
    result: Tuning = {}
    for set_name in ORDINARY_TUNING:
        found = [engine(r.text) for r in load(set_name) if r.label == 0]
        for strength, level in (("HIGH", 1), ("LOW", 3)):
            hits = sum(any(rank[v] >= level for v in f.values()) for f in found)
            result[f"{set_name} {strength}"] = hits / len(found)
    for strength in ("HIGH", "LOW"):
        shares = [result[f"{n} {strength}"] for n in ORDINARY_TUNING]
        result[f"mean {strength}"] = sum(shares) / len(shares)
    print_ordinary(name, result)
    return result


def print_ordinary(name: str, result: Tuning) -> None:
    cells = "  ".join(f"{k.removeprefix('tuning ')} {v:.3f}" for k, v in result.items())
    print(f"{name:<14} ordinary requests blocked: {cells}", flush=True)


def choose_ordinary(
    results: dict[str, tuple[Tuning, Tuning]], shipped: tuple[Tuning, Tuning]
) -> str | None:
    """Session 18's registered rule: admissible if, on the look-alike tuning set, benign rows
    blocked at HIGH strength are no more than the shipped model's, at MEDIUM at most
    MEDIUM_CEILING, and mean recall at HIGH strength at most RECALL_SLACK under the shipped
    model's; chosen: the fewest ordinary tuning requests blocked at HIGH strength (the mean over
    ORDINARY_TUNING), ties to the lower weight (the earlier candidate)."""
    lookalike = shipped[0]
    admissible = [
        name
        for name, (r, _) in results.items()
        if r["benign HIGH"] <= lookalike["benign HIGH"]
        and r["benign MEDIUM"] <= MEDIUM_CEILING
        and r["mean recall"] >= lookalike["mean recall"] - RECALL_SLACK
    ]
    if not admissible:
        return None
    return min(admissible, key=lambda n: results[n][1]["mean HIGH"])


def combined_grid(out_dir: Path) -> None:
    """Session 18's third content grid (COMBINED_GRID): the harmful requests labelled MISCONDUCT
    as positives at one weight and the ordinary requests as MISCONDUCT's negatives at another,
    on the shipped training set; chosen by `choose_ordinary`. Only MISCONDUCT can change."""
    cells: list[Cell] = [
        (
            f"combined-{positives:g}-{negatives:g}",
            partial(
                training_rows,
                False,
                False,
                requests_weight=positives,
                hatecheck_weight=SHIPPED_HATECHECK_WEIGHT,
                ordinary_weight=negatives,
                ordinary_categories=("MISCONDUCT",),
                requests_categories=("MISCONDUCT",),
            ),
            "not trained on",
        )
        for positives, negatives in COMBINED_GRID
    ]
    run_paired_grid(out_dir, cells, (ordinary_report, print_ordinary, choose_ordinary))


def ordinary_grid(out_dir: Path, categories: tuple[str, ...] = CATEGORIES) -> None:
    """Session 18's registered grids (ORDINARY_GRID: the ordinary requests' weight as negatives
    on the shipped training set, of every category, then of MISCONDUCT alone; 0 is the shipped
    model), chosen by `choose_ordinary`."""
    kind = "ordinary" if categories == CATEGORIES else "misconduct"
    cells: list[Cell] = [
        (
            f"{kind}-{weight:g}",
            partial(
                training_rows,
                False,
                False,
                hatecheck_weight=SHIPPED_HATECHECK_WEIGHT,
                ordinary_weight=weight,
                ordinary_categories=categories,
            ),
            "not trained on",
        )
        for weight in ORDINARY_GRID
    ]
    run_paired_grid(out_dir, cells, (ordinary_report, print_ordinary, choose_ordinary))


# A grid's second tuning table: how it is taken, how it is printed, and the rule that chooses
# on both tables (the look-alike table and the second) against the shipped model's.
Second = tuple[
    Callable[[str, Callable[[str], dict[str, str]]], Tuning],
    Callable[[str, Tuning], None],
    Callable[[dict[str, tuple[Tuning, Tuning]], tuple[Tuning, Tuning]], str | None],
]


def run_paired_grid(out_dir: Path, cells: list[Cell], second: Second) -> None:
    """Train each cell's candidate into `out_dir`, print whether its file equals the shipped
    one, the look-alike tuning table and the `second` table, and the candidate the second's rule
    picks (nothing shipped)."""
    report, show, rule = second
    out_dir.mkdir(parents=True, exist_ok=True)
    shipped_bytes = (OUT / "content_model.json").read_bytes()
    results: dict[str, tuple[Tuning, Tuning]] = {}
    for cell in cells:
        name = cell[0]
        trained = train_cell(out_dir, cell)
        out = trained.data
        print(f"{name}: the shipped model byte for byte: {trained.written == shipped_bytes}")
        tuning_header()
        engine = engine_of(out)
        results[name] = (tuning_report(name, engine), report(name, engine))
    tuning_header()
    shipped = (
        tuning_report("shipped", content.content_confidences),
        report("shipped", content.content_confidences),
    )
    for name, (first, other) in results.items():
        print_tuning(name, first)
        show(name, other)
    chosen = rule(results, shipped)
    print(f"chosen by the rule: {chosen or 'none admissible'}")


# ── session 19: the `[embed]` head as the `[embed]` engine's content filter ─────────────────────


def embeddings(texts: list[str]) -> dict[str, Any]:
    """Each distinct text's embedding (`embed.Embedding`; needs the [embed] extra), in batches
    smaller than the embedder's cache: a text seen in an earlier batch could be evicted while a
    later batch is added, before it is read."""
    from compiler.runtime.embed import embedder  # noqa: PLC0415 - needs the [embed] extra

    model = embedder()
    unique = list(dict.fromkeys(texts))
    batches = [unique[i : i + 1000] for i in range(0, len(unique), 1000)]
    return {t: e for batch in batches for t, e in zip(batch, model.embed(batch), strict=True)}


def embed_head(
    rows: list[Row], sample: np.ndarray, in_cuts: CutRows, found: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Model], Scaled]:
    """The head as shipped (`embed_content_head.json`'s data), its models and out-of-fold
    scores, trained on the whole-text embeddings in `found`."""
    vectors = np.stack([found[t].vector for t, _ in rows]).astype(np.float64)
    models, scaled = train(vectors, rows, sample, l2=1e-4, shipped=head_as_shipped, in_cuts=in_cuts)
    out = {
        "format": "guardc-embed-content/1",
        "categories": {
            c: {"weights": [round(float(v), 5) for v in w], "bias": round(b, 6), "cuts": cuts}
            for c, (w, b, cuts) in models.items()
        },
    }
    return out, models, scaled


def head_engine(data: dict[str, Any], found: dict[str, Any]) -> Callable[[str], dict[str, str]]:
    """The `[embed]` engine's confidences with the head `data` switched on (as
    `embed_content.content_confidences` reads the shipped one); texts in `found` are not
    embedded again."""
    from compiler.runtime.embed import embedder  # noqa: PLC0415 - needs the [embed] extra
    from compiler.runtime.embed_content import ContentHead  # noqa: PLC0415

    candidate = ContentHead(data)

    def engine(text: str) -> dict[str, str]:
        embedding = found.get(text) or embedder().embed([text])[0]
        return {c: content.level(s) for c, s in candidate.scores(text, embedding).items()}

    return engine


def tuning_texts() -> list[str]:
    """Every text the session-19 rule reads: the look-alike, ordinary and mail tuning sets'."""
    texts = [str(r["text"]) for r in _read(DATA / TUNING)]
    for name in (*ORDINARY_TUNING, MAIL_TUNING):
        texts += [r.text for r in load(name) if r.label == 0]
    return texts


def mail_report(name: str, engine: Callable[[str], dict[str, str]]) -> Tuning:
    """The share of `MAIL_TUNING`'s notifications some filter blocks at HIGH strength (a
    confidence of LOW or above) and at LOW (HIGH)."""
    rank = {"NONE": 0, "LOW": 1, "MEDIUM": 2, "HIGH": 3}
    found = [engine(r.text) for r in load(MAIL_TUNING) if r.label == 0]
    result = {
        f"mail {strength}": sum(any(rank[v] >= level for v in f.values()) for f in found)
        / len(found)
        for strength, level in (("HIGH", 1), ("LOW", 3))
    }
    print(f"{name:<14} tuning mail blocked: {'  '.join(f'{k} {v:.3f}' for k, v in result.items())}")
    return result


def examples_failing(content_of: Callable[[str], dict[str, str]]) -> list[str]:
    """The examples' expectations that fail on the `[embed]` engine with `content_of` as its
    content filter (`guardc test examples/ --engine embed` with that head switched on)."""
    from compiler.commands.against import local_evaluator  # noqa: PLC0415
    from compiler.diagnostics.sink import Diagnostics  # noqa: PLC0415
    from compiler.pipeline import load as load_policy  # noqa: PLC0415
    from compiler.runtime.embed_heads import embed_detectors  # noqa: PLC0415
    from compiler.testing.runner import run_suites  # noqa: PLC0415

    sink = Diagnostics()
    loaded = load_policy([ROOT / "examples"], sink)
    if sink.has_errors:
        raise SystemExit("examples/ does not load")
    detectors = embed_detectors()._replace(content=content_of)
    outcomes, _ = run_suites(loaded.policy, local_evaluator(detectors))
    return [f"{o.suite}: {o.got}" for o in outcomes if not o.passed]


class HeadResult(NamedTuple):
    """A candidate's tuning tables (look-alike, ordinary, mail) and failing example checks."""

    lookalike: Tuning
    ordinary: Tuning
    mail: Tuning
    failing: list[str]


def choose_embed(results: dict[str, HeadResult], reference: HeadResult) -> str | None:
    """Session 19's registered rule. Admissible: on the look-alike tuning set, benign rows
    blocked at HIGH strength no more than the reference's (the standard content filter), at
    MEDIUM at most MEDIUM_CEILING, mean recall at HIGH at most RECALL_SLACK under the
    reference's; the ordinary tuning requests (the mean over ORDINARY_TUNING) and the tuning
    mail blocked at HIGH strength no more than the reference's; every example's expectation
    holding. Chosen: the fewest ordinary tuning requests blocked at HIGH strength, ties to the
    earlier candidate (lower weights)."""
    ref = reference
    admissible = [
        name
        for name, r in results.items()
        if r.lookalike["benign HIGH"] <= ref.lookalike["benign HIGH"]
        and r.lookalike["benign MEDIUM"] <= MEDIUM_CEILING
        and r.lookalike["mean recall"] >= ref.lookalike["mean recall"] - RECALL_SLACK
        and r.ordinary["mean HIGH"] <= ref.ordinary["mean HIGH"]
        and r.mail["mail HIGH"] <= ref.mail["mail HIGH"]
        and not r.failing
    ]
    if not admissible:
        return None
    return min(admissible, key=lambda n: results[n].ordinary["mean HIGH"])


def head_result(name: str, engine: Callable[[str], dict[str, str]]) -> HeadResult:
    """Every table the session-19 rule reads, printed."""
    tuning_header()
    result = HeadResult(
        tuning_report(name, engine),
        ordinary_report(name, engine),
        mail_report(name, engine),
        examples_failing(engine),
    )
    for failure in result.failing:
        print(f"{name:<14} example fails: {failure}")
    return result


def embed_grid(out_dir: Path, lookalikes: bool = False) -> None:
    """Session 19's registered grid (EMBED_GRID: the ordinary requests' and the business mail's
    weights as every category's negatives, on the shipped training set) or, with `lookalikes`,
    its second (EMBED_LOOKALIKE_GRID), each head switched on, chosen by `choose_embed` against
    the standard content filter (nothing shipped)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    weights = (
        [(2.0, 1.0, hard) for hard in EMBED_LOOKALIKE_GRID]
        if lookalikes
        else [(ordinary, mail, 0.0) for ordinary in EMBED_GRID[0] for mail in EMBED_GRID[1]]
    )
    cells = [
        (
            ordinary,
            mail,
            hard,
            training_rows(
                False,
                False,
                hatecheck_weight=SHIPPED_HATECHECK_WEIGHT,
                ordinary_weight=ordinary,
                mail_weight=mail,
                hard_weight=hard,
            ),
        )
        for ordinary, mail, hard in weights
    ]
    texts = [t for *_, (rows, _, _) in cells for t, _ in rows]
    found = embeddings(texts + tuning_texts())
    results: dict[str, HeadResult] = {}
    for ordinary, mail, hard, (rows, sample, in_cuts) in cells:
        name = f"embed-{ordinary:g}-{mail:g}" + (f"-lookalikes-{hard:g}" if hard else "")
        print(f"== {name}", flush=True)
        out, _, _ = embed_head(rows, sample, in_cuts, found)
        path = out_dir / f"{name}.json"
        path.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n")
        results[name] = head_result(name, head_engine(out, found))
    reference = head_result("standard", content.content_confidences)
    tuning_header()
    for name, r in (("standard", reference), *results.items()):
        print_tuning(name, r.lookalike)
        print_ordinary(name, r.ordinary)
        mail = r.mail["mail HIGH"]
        print(f"{name:<14} tuning mail HIGH {mail:.3f}, examples failing {len(r.failing)}")
    chosen = choose_embed(results, reference)
    print(f"chosen by the rule: {chosen or 'none admissible'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("engine", choices=("standard", "embed"))
    parser.add_argument(
        "--candidate", action="store_true", help="also train on the session-14 data (not shipped)"
    )
    parser.add_argument(
        "--no-multijail", action="store_true", help="--candidate without MultiJail's rows"
    )
    for flag, what in (
        ("--lookalike-weight", "--candidate: the authored look-alike negatives' weight"),
        ("--requests-weight", "the session-15 harmful requests' weight as positives"),
        ("--request-negatives", "the session-15 authored request look-alikes' weight"),
    ):
        parser.add_argument(flag, type=float, default=0.0, help=f"{what} (0: left out)")
    parser.add_argument(
        "--hatecheck-weight",
        type=float,
        default=SHIPPED_HATECHECK_WEIGHT,
        help="Multilingual HateCheck's training sample's weight (0: left out; default: shipped)",
    )
    parser.add_argument(
        "--grid", type=Path, help="standard: train the registered grid into this folder, choose"
    )
    parser.add_argument(
        "--request-grid", type=Path, help="standard: train session 15's grid into DIR, choose"
    )
    parser.add_argument(
        "--hatecheck-grid", type=Path, help="standard: train the HATE round's grid into DIR, choose"
    )
    for flag, what in (
        ("--ordinary-weight", "session 18: the ordinary requests' weight as negatives"),
        ("--mail-weight", "session 19: the business mail's training folds' weight as negatives"),
        ("--hard-weight", "session 19: the look-alike training set's weight as negatives"),
    ):
        parser.add_argument(
            flag,
            type=float,
            help=f"{what} (0: left out; default: 0 for standard, the shipped head's for embed)",
        )
    parser.add_argument(
        "--ordinary-grid", type=Path, help="standard: train session 18's grid into DIR, choose"
    )
    parser.add_argument(
        "--misconduct-grid",
        type=Path,
        help="standard: session 18's second grid (MISCONDUCT's negatives only) into DIR, choose",
    )
    parser.add_argument(
        "--combined-grid",
        type=Path,
        help="standard: session 18's third grid (harmful and ordinary requests) into DIR, choose",
    )
    parser.add_argument(
        "--embed-grid",
        type=Path,
        help="embed: session 19's grid (the head switched on) into DIR, choose",
    )
    parser.add_argument(
        "--embed-lookalike-grid",
        type=Path,
        help="embed: session 19's second grid (look-alikes as negatives) into DIR, choose",
    )
    parser.add_argument("--save-oof", type=Path, help="standard: write the authored rows' scores")
    parser.add_argument("--ngram-oof", type=Path, help="embed: average with these n-gram scores")
    args = parser.parse_args()
    grids: dict[str, Callable[[Path], None]] = {
        "grid": grid,
        "request_grid": request_grid,
        "hatecheck_grid": hatecheck_grid,
        "ordinary_grid": ordinary_grid,
        "misconduct_grid": partial(ordinary_grid, categories=("MISCONDUCT",)),
        "combined_grid": combined_grid,
        "embed_grid": embed_grid,
        "embed_lookalike_grid": partial(embed_grid, lookalikes=True),
    }
    for option, run in grids.items():
        if getattr(args, option):
            run(getattr(args, option))
            return
    rows, sample, in_cuts = training_rows(
        args.candidate,
        not args.no_multijail,
        args.lookalike_weight,
        args.requests_weight,
        args.request_negatives,
        hatecheck_weight=args.hatecheck_weight,
        **{
            name: getattr(args, name)
            if getattr(args, name) is not None
            else SHIPPED_EMBED_WEIGHTS[name] * (args.engine == "embed")
            for name in SHIPPED_EMBED_WEIGHTS
        },
    )
    texts = [t for t, _ in rows]
    probe_texts = [str(r["text"]) for r in _read(DATA / AUTHORED)]
    how = "out of fold" if args.candidate else "not trained on"
    if args.engine == "standard":
        out, probe = standard_model(rows, sample, how, in_cuts)
        if args.save_oof:
            args.save_oof.write_text(json.dumps(probe, sort_keys=True) + "\n")
        tuning_header()
        tuning_report("this model", engine_of(out))
        path = OUT / "content_model.json"
    else:
        found = embeddings(texts + probe_texts)
        out, models, scaled = embed_head(rows, sample, in_cuts, found)
        probe_x = np.stack([found[t].vector for t in probe_texts]).astype(np.float64)
        probe = probe_scores(rows, scaled, models, probe_x, head_as_shipped)
        if args.ngram_oof:  # averaged with the n-gram model's, as runtime/embed_content.py does
            ngram = json.loads(args.ngram_oof.read_text())
            probe = {
                c: [(a + b) / 2 for a, b in zip(s, ngram[c], strict=True)] for c, s in probe.items()
            }
        else:
            how += ", the head alone (--ngram-oof averages it with the n-gram model's)"
        authored_report(probe, how)
        path = OUT / "embed_content_head.json"
    path.write_text(json.dumps(out, sort_keys=True, separators=(",", ":")) + "\n")
    print(f"wrote {path} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
