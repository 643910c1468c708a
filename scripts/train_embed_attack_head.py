"""Train the `[embed]` engine's prompt-attack head over MiniLM's token states (PyTorch, offline).

    .venv-embed/bin/python scripts/train_embed_attack_head.py --cache-dir /tmp/guardc-tokens
        [--dry-run] [--held-out]

It runs in the `[embed]` venv with the `train` extra (scikit-learn: the standard model's
`WEIGHTS` come from its trainer) and PyTorch, which is needed here only, never at run time
(`compiler/runtime/token_head.py` runs the head with numpy). PyTorch is not a dependency of the
project: install the CPU wheel beside the venv (`pip install --target /tmp/torch torch==2.13.0`)
and name it with `--torch /tmp/torch`.

* **Rows.** The training datasets of benchmarks/attack_data.py, weighted like the standard model
  (scripts/train_attack_model.py `WEIGHTS`), except that the sets the word model reads at weight
  0 (real requests, IFEval's format requests, the authored trigger-word and style rows, the
  injection variants, ASB...) count at `--zero` (2, chosen from 1, 2, 3, 5 on the tuning sets
  in session 11's twenty-seventh round): they are the benign requests with instruction words
  that the head exists to tell apart. Attacks and benign rows weigh half each.
* **Model** (`token_head.TokenHead`): layer norm, a linear map to `--hidden` features with GELU,
  attention pooling and mean pooling, a linear logit per window; a text's logit is its most
  suspicious window's (during training, at most `MAX_WINDOWS` random windows of a long text).
  AdamW with a one-cycle schedule, `--epochs` passes, seeded.
* **Blend.** The learned probability is sigmoid((1 - mix) * head logit + mix * the standard word
  model's logit from its LOW cut), `--mix` 0.3 (`embed_heads.learned_score`).
* **Documents** (more than `attacks.REQUEST_WORDS` words) keep the standard engine's verdict
  (`embed_heads.score_parts`); the head and its cut points are about requests. The held-out gate
  of session 11 failed on BIPIA's benign emails with the head on documents too (docs/embed.md).
* **Cut points.** MEDIUM and HIGH: `train_embed_heads.calibrate_cuts` on S-Labs validation's
  benign texts (3 % and 1.5 %; the planted-order rank and the rules counted, as at run time).
  LOW (what `filter prompt attacks at high` blocks): the highest cut whose mean recall over the
  tuning attack sets (20 rows or more) is still at least the standard engine's on the same sets
  (`--recall` to set it), never under the S-Labs LOW calibration (5 %). The tuning sets choose;
  the held-out sets are printed only with `--held-out` (one look per round) and never choose.
* **Fidelity.** Before writing, the numpy head must reproduce PyTorch's window logits within
  `FIDELITY` on every calibration window.
* **Agreement** (`--agree`, forty-third round): a request's learned score counts only up to
  the standard engine's confidence of it (`embed_heads.score_parts`), so a request the
  standard engine does not flag is flagged only by the rules and the planted-order rank. LOW's
  floor is then the S-Labs LOW calibration of the agreed scores, and LOW keeps the standard
  engine's mean tuning recall less `AGREE_SLACK`. The head file says `"agree": true`.
* **Experiments** (forty-second round, docs/engines.md; never written, `--dry-run` only):
  `--static` trains the same head on context-free states, each word piece's state when it stands
  alone (`[CLS] piece [SEP]`, `static_vectors`), which a pure-Python standard engine could look
  up instead of running the model; `--conv` adds a width-3 convolution over them (the numpy head
  has none, so no fidelity check); `--dump FILE` writes each tuning text's blended probability
  and the engine's terms for scripts/head_agreement.py.

Token states are computed once per dataset group and kept in `--cache-dir` (about 1.2 GB for the
training rows, float16); when the data's texts differ from a cache's, only the texts it lacks
are computed (a cached text's states are copied), and the cache is rewritten.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import HELD_OUT, TRAINING, TUNING, Row, load  # noqa: E402
from benchmarks.attack_report import report  # noqa: E402
from compiler.runtime import attacks, embed, embed_heads, token_head  # noqa: E402
from compiler.runtime.textfeat import words  # noqa: E402
from scripts.train_embed_heads import CUT_FP, calibrate_cuts  # noqa: E402

Array = npt.NDArray[np.float32]
OUT = ROOT / "compiler" / "runtime" / "data" / token_head.RESOURCE
MAX_WINDOWS = 8  # windows of one text per training step (a long document has dozens)
FIDELITY = 1e-3  # largest difference allowed between PyTorch's and numpy's window logits
MIN_SET = 20  # rows of one label a tuning set needs to count in the LOW cut's mean
BATCH = 64  # texts per training step
# Training sets vendored or written after the shipped head was fitted, left out until a round
# chooses their weight for it (their rows would otherwise change what the script writes).
HELD_BACK = ("CLINC150", "authored target-less training")
# `--agree`: how much mean tuning recall the LOW cut may give up against the standard engine's
# (a request the standard engine does not flag is never flagged by its learned score, so the
# standard engine's recall is the most it can keep): scripts/choose_attack_settings.RECALL_SLACK.
AGREE_SLACK = 0.005


class States:
    """Token states of a group of texts: one float16 row per word piece, windows contiguous."""

    def __init__(
        self, texts: Sequence[str], cache: Path | None, static: Array | None = None
    ) -> None:
        self.texts = sorted(set(texts))
        self.static = static  # context-free states by piece id, if not the model's (--static)
        known: dict[str, tuple[int, int]] = {}  # a cached text -> its windows' first and end
        if cache is not None and cache.exists():
            data = np.load(cache)
            cached: list[str] = json.loads(str(data["texts"]))
            self.states, self.starts, self.owner = data["states"], data["starts"], data["owner"]
            if cached == self.texts:
                self._index()
                return
            firsts = np.searchsorted(self.owner, np.arange(len(cached)))
            ends = np.searchsorted(self.owner, np.arange(len(cached)), side="right")
            known = {t: (int(firsts[i]), int(ends[i])) for i, t in enumerate(cached)}
        self._merge(known)
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, texts=json.dumps(self.texts), states=self.states,
                     starts=self.starts, owner=self.owner)  # fmt: skip

    def _merge(self, known: dict[str, tuple[int, int]]) -> None:
        """The states of every text: a cached text's windows copied from the loaded cache
        (`known`: its first and end window there), the others' computed."""
        missing = [t for t in self.texts if t not in known]
        fresh, fresh_starts = self._compute(missing)
        where = {t: i for i, t in enumerate(missing)}
        spans: list[tuple[bool, int, int]] = []  # (cached, first piece, end piece) per window
        owner: list[int] = []
        for i, text in enumerate(self.texts):
            if text in known:
                first, end = known[text]
                spans += [
                    (True, int(self.starts[w]), int(self.starts[w + 1])) for w in range(first, end)
                ]
                owner += [i] * (end - first)
            else:
                windows = self._fresh_windows[where[text]]
                spans += [(False, int(fresh_starts[w]), int(fresh_starts[w + 1])) for w in windows]
                owner += [i] * len(windows)
        lengths = np.asarray([end - first for _, first, end in spans], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)])
        states = np.zeros((int(starts[-1]), embed.DIM), dtype=np.float16)
        for w, (cached, first, end) in enumerate(spans):
            states[starts[w] : starts[w + 1]] = (self.states if cached else fresh)[first:end]
        self.states, self.starts, self.owner = states, starts, np.asarray(owner)
        self._index()
        print(
            f"  token states: {len(known)} texts cached, {len(missing)} computed", file=sys.stderr
        )

    def _compute(self, texts: Sequence[str]) -> tuple[Any, Any]:
        """The states of `texts`' windows and their starts; `_fresh_windows` each text's window
        numbers."""
        self._fresh_windows: list[list[int]] = []
        if not texts:
            return np.zeros((0, embed.DIM), dtype=np.float16), np.zeros(1, dtype=np.int64)
        # no head: states; context-free states need only the tokenizer
        session = embed.load_session() if self.static is None else None
        model = embed.Embedder(session, embed.load_tokenizer())
        windows: list[list[int]] = []
        for framed in model.windows(texts):
            self._fresh_windows.append(list(range(len(windows), len(windows) + len(framed))))
            windows += framed
        lengths = np.asarray([len(w) for w in windows])
        starts = np.concatenate([[0], np.cumsum(lengths)])
        states = np.zeros((int(starts[-1]), embed.DIM), dtype=np.float16)
        order = sorted(range(len(windows)), key=lambda i: lengths[i])
        for start in range(0, len(order), embed.BATCH):
            chunk = order[start : start + embed.BATCH]
            if self.static is not None:
                for i in chunk:
                    states[starts[i] : starts[i + 1]] = self.static[windows[i]]
                continue
            hidden, _ = model.states([windows[i] for i in chunk])
            for row, i in enumerate(chunk):
                states[starts[i] : starts[i + 1]] = hidden[row, : lengths[i]]
            if start % (embed.BATCH * 100) == 0:
                print(f"  token states {start}/{len(order)} windows", file=sys.stderr)
        return states, starts

    def _index(self) -> None:
        ids = np.arange(len(self.texts))
        self.first = np.searchsorted(self.owner, ids)
        self.last = np.searchsorted(self.owner, ids, side="right")
        self.position = {text: i for i, text in enumerate(self.texts)}

    def windows_of(self, i: int) -> list[int]:
        """Window numbers of text `i`."""
        return list(range(int(self.first[i]), int(self.last[i])))

    def batch(self, windows: Sequence[int]) -> tuple[Array, npt.NDArray[np.bool_]]:
        """Padded states (windows, pieces, DIM) as float32 and their mask."""
        width = max(int(self.starts[w + 1] - self.starts[w]) for w in windows)
        x = np.zeros((len(windows), width, embed.DIM), dtype=np.float32)
        mask = np.zeros((len(windows), width), dtype=bool)
        for row, w in enumerate(windows):
            n = int(self.starts[w + 1] - self.starts[w])
            x[row, :n] = self.states[self.starts[w] : self.starts[w + 1]]
            mask[row, :n] = True
        return x, mask


def static_vectors(cache: Path | None) -> Array:
    """Each word piece's context-free state: the model's state for it framed alone as
    `[CLS] piece [SEP]` (float16, one row per id), kept in `cache`."""
    if cache is not None and cache.exists():
        vectors: Array = np.load(cache)["vectors"]
        return vectors
    tokenizer = embed.load_tokenizer()
    model = embed.Embedder(embed.load_session(), tokenizer)
    size = tokenizer.get_vocab_size()
    vectors = np.zeros((size, embed.DIM), dtype=np.float16)
    for start in range(0, size, 512):
        ids = range(start, min(size, start + 512))
        hidden, _ = model.states([[101, i, 102] for i in ids])
        vectors[start : start + len(ids)] = hidden[:, 1]
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        np.savez(cache, vectors=vectors)
    return vectors


def build_model(torch: Any, hidden: int, conv: bool = False) -> Any:
    """The PyTorch twin of `token_head.TokenHead` (with `conv`, an experiment it has no twin
    of: a width-3 convolution over the normalised states in place of the per-piece map)."""
    nn = torch.nn

    class Head(nn.Module):  # type: ignore[misc, name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.norm = nn.LayerNorm(embed.DIM, eps=token_head.NORM_EPS)
            self.proj = nn.Linear(embed.DIM, hidden)
            self.conv = nn.Conv1d(embed.DIM, hidden, 3, padding=1) if conv else None
            self.att = nn.Linear(hidden, 1)
            self.out = nn.Linear(2 * hidden, 1)
            self.drop = nn.Dropout(0.1)

        def forward(self, x: Any, mask: Any) -> Any:
            if self.conv is None:
                z = self.proj(self.drop(self.norm(x)))
            else:  # padding zeroed, as at the edges of a window
                z = self.drop(self.norm(x)) * mask.unsqueeze(-1)
                z = self.conv(z.transpose(1, 2)).transpose(1, 2)
            h = nn.functional.gelu(z, approximate="tanh")
            scores = self.att(h).squeeze(-1).masked_fill(~mask, -1e9).softmax(-1)
            attended = (scores.unsqueeze(-1) * h).sum(1)
            pooled = (h * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True)
            return self.out(self.drop(torch.cat([attended, pooled], -1))).squeeze(-1)

    return Head()


def text_logits(torch: Any, model: Any, data: States, texts: Sequence[int], rng: Any) -> Any:
    """Each text's logit: the largest of its windows' (a random `MAX_WINDOWS` in training)."""
    windows: list[int] = []
    owners: list[int] = []
    for k, i in enumerate(texts):
        mine = data.windows_of(i)
        if model.training and len(mine) > MAX_WINDOWS:
            mine = sorted(rng.choice(mine, MAX_WINDOWS, replace=False).tolist())
        windows += mine
        owners += [k] * len(mine)
    x, mask = data.batch(windows)
    logits = model(torch.from_numpy(x), torch.from_numpy(mask))
    best = torch.full((len(texts),), -1e9)
    return best.scatter_reduce(0, torch.tensor(owners), logits, reduce="amax")


def training_rows(
    zero: float, chosen: dict[str, float] | None = None
) -> dict[str, tuple[int, float]]:
    """text -> (label, weight): the largest weight of the sets a text is in. `chosen` sets a
    training set's weight in the head (a set in HELD_BACK included) over the standard one."""
    weights: dict[str, float] = importlib.import_module("scripts.train_attack_model").WEIGHTS
    chosen = chosen or {}
    unknown = sorted(set(chosen) - set(TRAINING))
    if unknown:
        raise SystemExit(f"not training sets: {', '.join(unknown)}")
    rows: dict[str, tuple[int, float]] = {}
    for name in TRAINING:
        if name in HELD_BACK and name not in chosen:
            continue
        weight = chosen[name] if name in chosen else weights.get(name, 1.0) or zero
        if weight <= 0:
            continue
        for row in load(name):
            rows[row.text] = (row.label, max(weight, rows.get(row.text, (0, 0.0))[1]))
    return rows


def train(torch: Any, data: States, rows: dict[str, tuple[int, float]], args: Any) -> Any:
    """Fit the head on `rows` (balanced by label), seeded."""
    torch.manual_seed(args.seed)
    texts = np.asarray([data.position[t] for t in rows])
    y = np.asarray([label for label, _ in rows.values()], dtype=np.float32)
    w = np.asarray([weight for _, weight in rows.values()], dtype=np.float32)
    w = w * np.where(y == 1, 0.5 * w.sum() / w[y == 1].sum(), 0.5 * w.sum() / w[y == 0].sum())
    w = w / w.mean()
    model = build_model(torch, args.hidden, args.conv)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    steps = args.epochs * math.ceil(len(texts) / BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=args.lr, total_steps=steps)
    loss_fn = torch.nn.functional.binary_cross_entropy_with_logits
    for epoch in range(args.epochs):
        model.train()
        rng = np.random.RandomState(args.seed + epoch)
        order = rng.permutation(len(texts))
        total = 0.0
        for start in range(0, len(order), BATCH):
            pick = order[start : start + BATCH]
            logits = text_logits(torch, model, data, texts[pick].tolist(), rng)
            loss = (loss_fn(logits, torch.from_numpy(y[pick]), reduction="none")
                    * torch.from_numpy(w[pick])).mean()  # fmt: skip
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(pick)
        print(f"epoch {epoch}: loss {total / len(texts):.4f}", file=sys.stderr)
    model.eval()
    return model


def export(model: Any, hidden: int, mix: float, cuts: Sequence[float]) -> dict[str, Any]:
    """The head's JSON (`token_head.FORMAT`)."""
    state = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    return {
        "_comment": "guardc [embed] prompt-attack head over all-MiniLM-L6-v2's token states "
        "(scripts/train_embed_attack_head.py); cuts: lowest scores of LOW, MEDIUM, HIGH",
        "format": token_head.FORMAT,
        "dim": embed.DIM,
        "hidden": hidden,
        "mix": mix,
        "cuts": [round(float(c), 5) for c in cuts],
        "attention_bias": float(state["att.bias"][0]),
        "out_bias": float(state["out.bias"][0]),
        "arrays": {
            "norm_weight": token_head.encode(state["norm.weight"]),
            "norm_bias": token_head.encode(state["norm.bias"]),
            "proj_weight": token_head.encode(state["proj.weight"].T),
            "proj_bias": token_head.encode(state["proj.bias"]),
            "attention": token_head.encode(state["att.weight"][0]),
            "out_weight": token_head.encode(state["out.weight"][0]),
        },
    }


def window_logits(torch: Any, model: Any, data: States) -> tuple[Array, Array]:
    """PyTorch's and the exported numpy head's logits of every window of `data`."""
    head = token_head.TokenHead.from_json(export(model, model.proj.out_features, 0.0, (0, 0, 0)))
    ours, theirs = [], []
    count = len(data.starts) - 1
    with torch.no_grad():
        for start in range(0, count, 128):
            x, mask = data.batch(range(start, min(start + 128, count)))
            theirs.append(model(torch.from_numpy(x), torch.from_numpy(mask)).numpy())
            ours.append(head.logits(x, mask))
    return np.concatenate(theirs), np.concatenate(ours)


def head_logits_by_text(torch: Any, model: Any, data: States) -> dict[str, float]:
    """Each text's head logit (its most suspicious window), by text."""
    logits, _ = window_logits(torch, model, data)
    return {t: float(logits[data.first[i] : data.last[i]].max()) for i, t in enumerate(data.texts)}


class Terms:
    """What the engine adds to the learned score, per text (independent of the cut points):
    whether the learned score cannot reach LOW (the gate applies, or the text is a document,
    which the standard engine's verdict decides), the rules' score, and the rank (the
    planted-order rank; for a document, the standard engine's confidence too). With `agree`
    (`--agree`), also each request's standard confidence rank, which then caps its learned
    score (`embed_heads.score_parts`)."""

    def __init__(self, texts: Sequence[str], agree: bool = False) -> None:
        self.terms: dict[str, tuple[bool, float, int]] = {}
        self.standard: dict[str, int] | None = {} if agree else None
        for text in texts:
            tokens = words(text)
            rank = attacks.planted_rank(tokens, text)
            if embed_heads.judged_as_document(tokens, text):
                rank = max(rank, embed_heads.standard_rank(text))
                self.terms[text] = (True, embed_heads.rules_score(text), rank)
                continue
            gate = attacks.gated(1.0, tokens, (1.0,), text, english_statements=False) < 1.0
            self.terms[text] = (gate, embed_heads.rules_score(text), rank)
            if self.standard is not None and not gate:
                self.standard[text] = embed_heads.standard_rank(text)

    def blocked(self, text: str, p: float, low: float) -> bool:
        """`blocked_at_low` for `text`, with its standard rank when the engine agrees."""
        agree = None if self.standard is None else self.standard.get(text, 0)
        return blocked_at_low(self.terms[text], p, low, agree)


def learned(text: str, head_logit: float, mix: float) -> float:
    """`embed_heads.learned_score` from a precomputed head logit."""
    return embed_heads.blend(head_logit, words(text), mix)


def blocked_at_low(
    terms: tuple[bool, float, int], p: float, low: float, standard: int | None = None
) -> bool:
    """Whether the engine gives a text LOW or more with LOW cut `low` (a gated score stays
    under it; a rank of 1 or more reaches it whatever the cuts). With `standard`, the standard
    engine's confidence rank of the text, the learned score counts only where that is LOW or
    more (`--agree`)."""
    gate, rules, rank = terms
    learned = not gate and p >= low and (standard is None or standard >= 1)
    return learned or rules >= low or rank >= 1


def choose_low(
    sets: dict[str, list[Row]],
    probability: Callable[[str], float],
    terms: Terms,
    *,
    floor: float,
    ceiling: float,
    recall: float,
) -> float:
    """The highest LOW cut in [floor, ceiling) whose mean recall over the tuning attack sets is
    at least `recall` (`floor` when none is)."""
    attack_sets = [[r.text for r in rows if r.label] for rows in sets.values()]
    attack_sets = [texts for texts in attack_sets if len(texts) >= MIN_SET]
    candidates = sorted({probability(t) for texts in attack_sets for t in texts})
    best = floor
    for cut in (c for c in candidates if floor <= c < ceiling):
        rates = [np.mean([terms.blocked(t, probability(t), cut) for t in texts])
                 for texts in attack_sets]  # fmt: skip
        if float(np.mean(rates)) >= recall:
            best = cut
        else:
            break
    return best


def standard_tuning_rates(sets: dict[str, list[Row]]) -> tuple[float, float]:
    """The standard engine's mean benign share blocked and mean recall at HIGH strength over
    the tuning sets with `MIN_SET` rows of a label (what `--recall` defaults to)."""
    benign: list[float] = []
    caught: list[float] = []
    for rows in sets.values():
        for label, out in ((0, benign), (1, caught)):
            texts = [r.text for r in rows if r.label == label]
            if len(texts) >= MIN_SET:
                flagged = [attacks.prompt_attack_confidence(t) != "NONE" for t in texts]
                out.append(sum(flagged) / len(flagged))
    return float(np.mean(benign)), float(np.mean(caught))


def tuning_table(
    sets: dict[str, list[Row]], probability: Callable[[str], float], terms: Terms, cut: float
) -> tuple[float, float]:
    """Print each tuning set's share blocked at HIGH strength; the two means."""
    benign: list[float] = []
    caught: list[float] = []
    for name, rows in sets.items():
        for label, out in ((0, benign), (1, caught)):
            texts = [r.text for r in rows if r.label == label]
            if len(texts) < MIN_SET:
                continue
            share = float(np.mean([terms.blocked(t, probability(t), cut) for t in texts]))
            out.append(share)
            kind = "attacks" if label else "benign"
            print(f"  {name:30s} {kind:8s} {len(texts):5d} {share:.3f}")
    return float(np.mean(benign)), float(np.mean(caught))


def main(argv: Sequence[str] | None = None) -> None:
    """Token states, training, cut points, fidelity check; write the head."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, help="keeps the token states between runs")
    parser.add_argument("--torch", type=Path, help="a directory holding the torch package")
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--weight-decay", type=float, default=1e-2)
    parser.add_argument("--zero", type=float, default=2.0, help="weight of the 0-weight sets")
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="SET=W",
        help="a training set's weight in the head (repeatable; a HELD_BACK set included)",
    )
    parser.add_argument("--mix", type=float, default=0.3)
    parser.add_argument("--recall", type=float, help="mean tuning recall the LOW cut keeps")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--static", action="store_true", help="context-free states (--dry-run)")
    parser.add_argument("--conv", action="store_true", help="a width-3 convolution (--static)")
    parser.add_argument("--dump", type=Path, help="write the tuning texts' scores (JSON)")
    parser.add_argument("--agree", action="store_true", help="a request's learned score needs "
                        "the standard engine's LOW or more (forty-third round)")  # fmt: skip
    parser.add_argument("--dry-run", action="store_true", help="print, do not write")
    parser.add_argument("--held-out", action="store_true", help="also report the held-out sets")
    args = parser.parse_args(argv)
    if (args.static and not args.dry_run) or (args.conv and not args.static):
        parser.error("--static is an experiment (needs --dry-run); --conv needs --static")
    if args.torch:
        sys.path.insert(0, str(args.torch))
    torch = importlib.import_module("torch")
    torch.set_num_threads(2)

    prefix = "static-" if args.static else ""  # context-free states never mix with the model's

    def cache(name: str) -> Path | None:
        return args.cache_dir / f"{prefix}{name}.npz" if args.cache_dir else None

    static = static_vectors(cache("vectors")) if args.static else None

    set_weights = {}
    for item in args.weight:
        name, _, value = item.rpartition("=")
        set_weights[name] = float(value)
    rows = training_rows(args.zero, set_weights)
    print(f"{len(rows)} training texts, {sum(label for label, _ in rows.values())} attacks")
    settings = f"{args.hidden}-{args.epochs}-{args.lr}-{args.weight_decay}-{args.zero}-{args.seed}"
    settings += "-conv" if args.conv else ""
    settings += "".join(f"-{n.replace(' ', '_')}={w:g}" for n, w in sorted(set_weights.items()))
    fitted = cache(f"head-{settings}")  # the fitted weights, kept like the states
    if fitted is not None and fitted.with_suffix(".pt").exists():
        model = build_model(torch, args.hidden, args.conv)
        model.load_state_dict(torch.load(fitted.with_suffix(".pt")))
        model.eval()
    else:
        model = train(torch, States(list(rows), cache("train"), static), rows, args)
        if fitted is not None:
            torch.save(model.state_dict(), fitted.with_suffix(".pt"))

    calibration = [r.text for r in load("S-Labs validation") if r.label == 0]
    calib = States(calibration, cache("calibration"), static)
    theirs, ours = window_logits(torch, model, calib)
    gap = float(np.abs(theirs - ours).max())
    print(f"fidelity: numpy vs PyTorch window logits, largest difference {gap:.2e}")
    if gap > FIDELITY and not args.conv:
        raise SystemExit(f"the numpy head does not reproduce PyTorch's ({gap} > {FIDELITY})")

    head_logits = head_logits_by_text(torch, model, calib)
    terms = Terms(calibration, args.agree)
    scores = np.asarray([0.0 if terms.terms[t][0] else learned(t, head_logits[t], args.mix)
                         for t in calibration])  # fmt: skip
    rules = [terms.terms[t][1] for t in calibration]
    ranks = np.asarray([terms.terms[t][2] for t in calibration])
    cuts, _ = calibrate_cuts(np.maximum(scores, rules), ranks, tuple(CUT_FP.values()))
    if terms.standard is not None:  # LOW's floor where the standard engine must agree
        agreed = [
            s if terms.standard.get(t, 0) >= 1 else 0.0
            for s, t in zip(scores, calibration, strict=True)
        ]
        floor, _ = calibrate_cuts(np.maximum(agreed, rules), ranks, (CUT_FP["LOW"],))
        cuts[0] = min(cuts[0], floor[0])

    tuning = {name: load(name) for name in TUNING}
    tuning_texts = [r.text for rows_ in tuning.values() for r in rows_]
    tuned = head_logits_by_text(torch, model, States(tuning_texts, cache("tuning"), static))
    tuning_terms = Terms(tuning_texts, args.agree)
    probability = {t: learned(t, tuned[t], args.mix) for t in tuned}
    if args.dump:
        dumped = {t: [probability[t], *tuning_terms.terms[t]] for t in sorted(probability)}
        args.dump.write_text(json.dumps(dumped, indent=0) + "\n", encoding="utf-8")
    standard_benign, standard_recall = standard_tuning_rates(tuning)
    target = standard_recall - (AGREE_SLACK if args.agree else 0.0)
    target = target if args.recall is None else args.recall
    low = choose_low(
        tuning, probability.__getitem__, tuning_terms, floor=cuts[0], ceiling=cuts[1], recall=target
    )
    if low > cuts[0]:  # stored to 5 decimals, rounded down: the chosen rows stay at or over it
        cuts[0] = math.floor(low * 1e5) / 1e5
    print(f"cuts {cuts} (S-Labs calibration, LOW chosen for mean tuning recall >= {target:.4f})")
    benign, caught = tuning_table(tuning, probability.__getitem__, tuning_terms, cuts[0])
    print(f"tuning means at HIGH strength: benign blocked {benign:.4f} "
          f"(standard engine {standard_benign:.4f}), recall {caught:.4f} "
          f"(standard engine {standard_recall:.4f})")  # fmt: skip

    data = export(model, args.hidden, args.mix, cuts)
    if args.agree:
        data["agree"] = True
    if args.held_out:
        held = {name: load(name) for name in HELD_OUT}
        held_texts = [r.text for rows_ in held.values() for r in rows_]
        logits = head_logits_by_text(torch, model, States(held_texts, cache("held-out"), static))
        chosen = token_head.TokenHead.from_json(data)

        def score(text: str) -> float:
            p = learned(text, logits[text], chosen.mix)
            return embed_heads.score_parts(text, p, chosen.cuts, chosen.agree)

        print("\n".join(report(score, chosen.cuts, held)))
    if not args.dry_run:
        OUT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
