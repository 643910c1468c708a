"""Choose the prompt-attack model's blend and new datasets' weights by a fixed rule, on selection
sets only, and print every candidate.

Needs the `train` extra, like scripts/train_attack_model.py:

    PYTHONPATH=/tmp/sk .venv/bin/python scripts/choose_attack_settings.py [--grid JSON]

(`--grid '{"mix": [0.25], "garak": [1, 2]}'` tries other values; the default is GRID.)

The rule (eleventh round, written before the held-out table of any candidate but the first was
read; docs/engines.md):

* candidates: every combination of GRID's values (the NB-LR share of the logits and the weights
  of datasets vendored this round), the other settings as shipped;
* a candidate is admissible when no benign tuning set of MIN_BENIGN rows or more (tuning set-ups,
  tuning emails, tuning mail, tuning prose, tuning InjecAgent, tuning trigger words) is blocked
  at HIGH strength more than SLACK above the model shipped now
  (compiler/runtime/data/attack_model.json);
* among the admissible, the highest mean recall at HIGH strength over the unseen attack sets
  (the tuning sets' attacks, and the training sets at weight 0 that the grid does not vary:
  synthetic documents and ASB since the twelfth round, JailbreakBench before it) wins.

`tuning set-ups` (the authored role, persona, task-rule and opening set-ups, user input) joined
the tuning sets after the round's choice, so that the next round's rule sees benign user input;
re-run with it, the rule keeps the same setting (docs/engines.md). Twelfth round: a fifth of
JailbreakBench (`tuning JailbreakBench`) joined them, so that the rule sees unseen jailbreaks when
JailbreakBench's weight is one of its choices; the grid also chooses how long benign texts are
trained (`Settings.window_power`). The rule itself is unchanged.

After the twelfth round, `tuning trigger words` (250 short benign user requests in five
languages built around the words attacks use — "ignore case", "bypass the cache", "override in
Java", a phone's jailbreak — and 40 attacks made of the same words; authored, never trained on)
joined the tuning sets, so that the rule sees over-defence on trigger words: its benign rows are
guarded like the others, and its attacks join the unseen attacks whose mean recall is maximised.

Thirteenth round (session 8): the rule's objective changes, registered here before any run of
the round. Held-out recall has margin over the issue's target (0.864 against 0.85) and false blocks
on benign text are the issue's pain, so by default (`--objective blocks`) the rule now
minimises false blocks instead of maximising recall:

* a candidate is admissible when, as before, no benign tuning set is blocked more than SLACK
  above the shipped model, **and** its mean recall at HIGH over the unseen attack sets is no more
  than RECALL_SLACK below the shipped model's on the same sets;
* among the admissible, the lowest mean share of benign rows blocked at HIGH over the benign
  tuning sets wins (ties: the higher mean unseen recall).

`--objective recall` keeps the eleventh round's rule, to reproduce rounds eleven and twelve.

Revised once in the thirteenth round, after one look at a held-out table (disclosed in
docs/engines.md): the first run's choice (IFEval prompts 4, authored trigger training 2, authored
injection variants 1) kept the mean unseen recall within RECALL_SLACK but found 0.841 of the
held-out attacks, under the issue's 0.85 (0.864 shipped). The mean had hidden the losses: the
tuning fold of the injection variants, which shares sentences with its training folds, rose 3
points while the synthetic documents fell 2.6 and the tuning email attacks 3.0. So the recall
guard is now per set, like the benign one: a candidate is admissible only when every unseen
attack set of MIN_ATTACKS rows or more loses at most SLACK of its recall at HIGH against the
shipped model (the mean guard stays).

S-Labs validation is left out of the rule: the cut points are set on its benign half, so its
recall barely moves between candidates. The held-out and blind tables are never read here.

Since session 10 the runtime puts requests the word model blocks to a second opinion trained on
the shipped word model's out-of-fold scores (scripts/train_attack_judge.py). This rule compares
word models without it, the shipped one included; a word model it chooses needs its judge
retrained (and the judge's cut chosen again) before either ships.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from train_attack_model import (  # noqa: E402
    ATTACK_WINDOWS,
    FORM_FREE,
    LENGTH_BALANCE,
    MIX,
    OUT,
    PAIR_ONLY,
    SECOND_PERSON,
    WEIGHTS,
    WINDOW_POWER,
    Settings,
    TrainingData,
    scored_rates,
    train,
    training_data,
)

from benchmarks.attack_data import TRAINING, TUNING, load  # noqa: E402
from compiler.runtime.attacks import AttackModel  # noqa: E402
from compiler.runtime.textfeat import NORM_POWER  # noqa: E402

# The values tried (twelfth round's first run): how long benign texts are trained ("window
# power" -1: whole; 1: window by window, each 1/count) and the weights of the sets the earlier
# rounds left at 0. Its second run tried the NB-LR share and the business mail and ASB weights
# around the winner: --grid '{"window power": [1], "long prose": [1], "InjecAgent": [1],
# "JailbreakBench": [1], "mix": [0, 0.25, 0.5], "business mail": [1, 2], "ASB": [0, 1]}'.
# The twelfth round's default GRID (its first run) was {"window power": (-1, 1), "long prose":
# (0, 1), "InjecAgent": (0, 1), "JailbreakBench": (0, 1)}.
# Thirteenth round (session 8, objective "blocks"): the sets vendored or authored for over-defence
# and for CyberSecEval's weak classes, all at weight 0 until this rule chooses — IFEval's and
# M-IFEval's requests with format constraints (benign, en/fr/es; their fifth fold `tuning IFEval
# prompts` is a tuning set), the authored trigger-word training rows (benign and attacks, five
# languages) and the authored injection-variant requests (`tuning injection variants` is their
# fifth) — and whether long attacks are learned from their most suspicious window.
# Its runs: this GRID chose IFEval 4 (second run: --grid '{"IFEval prompts": [2, 3, 4], "authored
# trigger training": [2, 3, 4], "authored injection variants": [1, 2], "attack windows": [0]}'),
# then, with the per-set recall guard, IFEval 2 and injection variants 1 (its second run:
# --grid '{"IFEval prompts": [2, 3], "authored trigger training": [0, 0.5], "authored injection
# variants": [1], "attack windows": [0]}'). Neither shipped: held out, 0.841 and 0.837.
# The thirteenth round's default GRID was {"IFEval prompts": (0, 1, 2), "authored trigger
# training": (0, 1, 2), "authored injection variants": (0, 1), "attack windows": (0, 1)}.
# Fourteenth round (session 8, the rule as revised above, registered with this grid before it
# ran): IFEval's requests with a training attack planted (`IFEval attacks composed`; `tuning
# IFEval attacks`, the tuning fold with S-Labs validation's attacks planted, is an unseen attack
# set the per-set guard watches), so that format constraints can be learned as neutral rather
# than benign. The winner ships only if, at the one look at the held-out table that follows, it
# finds at least 0.85 of the held-out attacks and blocks at most 0.45 of BIPIA's benign emails
# (the test suite's guard); otherwise nothing ships. Outcome: no candidate but the shipped model
# admissible, in this GRID and in a second run, --grid '{"IFEval prompts": [1, 2], "IFEval attacks
# composed": [0.5, 1], "business mail": [3, 4], "long prose": [1, 2], "authored trigger
# training": [0], "authored injection variants": [0]}' (docs/engines.md).
# The fourteenth round's default GRID was {"IFEval prompts": (0, 1, 2), "IFEval attacks
# composed": (0, 1, 2), "authored trigger training": (0, 1), "authored injection variants": (0,
# 1)}.
# Fifteenth round (session 8, the same rule, registered with this grid before it ran): the
# second-person words scored through their bigrams only (scripts/attack_evidence.py found "your"
# and "you" the strongest evidence on the blocked benign tuning rows), alone and with the IFEval
# sets. The same acceptance gate as the fourteenth round: one look at the held-out table; the
# winner ships only if it finds 0.85 of the held-out attacks and blocks at most 0.45 of BIPIA's
# benign emails. Outcome: no candidate but the shipped model admissible, here and in a second run,
# --grid '{"second person by pairs": [1], "IFEval prompts": [1], "IFEval attacks composed": [1,
# 1.5], "long prose": [1, 2], "authored trigger training": [0, 1]}' (docs/engines.md).
# The fifteenth round's default GRID was {"second person by pairs": (0, 1), "IFEval prompts": (0,
# 1, 2), "IFEval attacks composed": (0, 1)}.
# Sixteenth round (session 9, the same rule, registered with this grid before it ran): the model
# reads texts without the runs of words that only shape the answer ("form free" 1:
# `attacks.learned_view`, `forms.form_free`, at training and scoring time), alone and with the
# IFEval sets, so that a format constraint's words ("your response", "exactly", "in all
# lowercase") are neither an attack's evidence nor a benign text's. The word lists of
# `forms.py` were written from the kinds of constraint and checked on IFEval's training folds,
# whose templates `tuning IFEval prompts` shares: that set flatters form free candidates, so
# two blind sets registered this round before any scoring (an independent public set of
# requests with constraints, and authored requests and form-carried attacks in five languages)
# are scored once after the decision. The same acceptance gate as the fourteenth round: one look
# at the held-out table; the winner ships only if it finds 0.85 of the held-out attacks and
# blocks at most 0.45 of BIPIA's benign emails.
# Outcome: no candidate but the shipped model admissible (form free alone lost 2.8 points of
# the synthetic documents' attacks and 2.1 of the authored injection variants'; with IFEval the
# familiar trade). The sixteenth round's default GRID was {"form free": (0, 1), "IFEval
# prompts": (0, 1, 2), "IFEval attacks composed": (0, 1)}. The round then shipped a rule
# change instead (attacks.form_request; docs/engines.md), after which the shipped model's
# numbers below are those of the code with that gate.
# Seventeenth round (session 9, the same rule, registered with this grid before it ran): real
# users' first requests to chat assistants (`real requests`, OpenAssistant and Chatbot Arena,
# mostly English; `tuning real requests`, their fifth, is now a benign tuning set the rule
# guards), alone and with the IFEval sets: a blind set of real requests with constraints added
# (FollowBench) is blocked 60 % at HIGH. The same acceptance gate: one look at the held-out
# table; the winner ships only if it finds 0.85 of the held-out attacks and blocks at most 0.45
# of BIPIA's benign emails.
# Outcome: no candidate but the shipped model admissible (real requests at 1: tuning real
# requests blocked 0.217 -> 0.196, synthetic documents' attacks -2.1, authored injection
# variants' -2.7; docs/engines.md).
# Eighteenth round (same session): `tuning style requests` (150 benign requests with a tone,
# style or register constraint and 50 attacks carried by one, five languages, authored) joined
# the tuning sets; the rule's guards and objective judged a rule change (tone and style words
# as objects of form, forms.py) against the code before it, not a fit (docs/engines.md).
# The seventeenth round's default GRID was {"real requests": (0, 1, 2, 4), "IFEval prompts":
# (0, 1), "IFEval attacks composed": (0, 1)}.
# Nineteenth round (session 10, the same rule and the same acceptance gate, registered with this
# grid before it ran): how the learned score grows with a text's length. The features are
# divided by their count to the power "norm power" (0.5, the square root, as shipped since the
# first model): with 0.5 a text whose words lean slightly to the attack side scores higher the
# longer it is, and the benign requests of the selection sets are blocked 7 % at 0-11 words,
# 23 % at 12-23, 33 % at 24-39, 50 % at 40-59 and 71 % at 80-119 (the attack sets show no such
# rise). With 1 the score is a mean over the features and cannot learn length. Tried alone and
# with the real requests, whose weight the seventeenth round left at 0.
# Outcome: no candidate but the shipped model admissible. Dividing by a higher power blocks far
# more of the long benign texts, which are scored window by window (tuning emails 0.410 -> 0.755
# at 0.75), and at 1 loses recall everywhere (mean unseen recall 0.878 -> 0.739): the square
# root stays, and the length effect is not the normalisation's. The nineteenth round's GRID was
# {"norm power": (0.5, 0.75, 1), "real requests": (0, 1)}.
# Twentieth round (session 10, the same rule and gate, registered with this grid before it ran):
# the length effect is the training data's. Weighted as trained, texts of 12-23 words are 56 %
# attacks, of 24-39 words 68 %, of 60-79 words 20 % and of 80-119 words 14 % (38 % over all):
# the model can learn a text's length as evidence, and a benign request of 30 words is where
# benign rows are scarcest. "length balance" λ multiplies each row's weight so that within each
# band of trained length (0-11, 12-23, 24-39, 40-59, 60-79, 80-119, 120+ words; a long text's
# windows are 48 words) attacks weigh the same share as over all, at λ = 1, or part of the way
# (the attack rows of a band by f ** (λ / 2), its benign rows by f ** (-λ / 2), f the band's
# benign-to-attack ratio over the overall one). Tried alone and with the real requests.
# Outcome: no candidate but the shipped model admissible. The twentieth round's GRID was
# {"length balance": (0, 0.5, 1), "real requests": (0, 1)}.
# Twenty-eighth round (session 12, the same rule and gate, registered with this grid before it
# ran): GPTeacher's role-play and code requests (`GPTeacher requests`, 5,209 benign English
# requests generated by GPT-4; `tuning GPTeacher requests`, their fifth, is now a benign tuning
# set the rule guards), alone and with the real requests. The fresh blind set of ordinary
# requests (session 11) was blocked 28 % at HIGH; the earlier rounds' benign request sets were a
# few hundred rows, and lost recall when weighed. The winner ships only if, at one look at the
# held-out table, it finds at least 0.85 of the held-out attacks and blocks at most 0.45 of
# BIPIA's benign emails, after its judge is retrained and its cut chosen again
# (scripts/train_attack_judge.py --choose).
# First run: no candidate but the shipped model admissible. GPTeacher at 0.25 blocks the tuning
# real requests 0.217 -> 0.174 and its own tuning fifth 0.130 -> 0.023, but tuning JailbreakBench
# loses 3.7 points (its role-play jailbreaks read like GPTeacher's role-plays to a linear model),
# and from 0.5 on the synthetic documents' and injection variants' attacks lose 2-7 points.
# Second run, registered before it ran: the jailbreaks and injection variants weighed up beside
# GPTeacher, --grid '{"GPTeacher requests": [0.25, 0.5, 1], "JailbreakBench": [1, 2, 4],
# "authored injection variants": [0, 1]}'.
# Outcome: none admissible in either run (docs/engines.md). GPTeacher's requests are held out
# since (benchmarks/attack_data.HELD_OUT), so its grid, {"GPTeacher requests": (0, 0.25, 0.5, 1,
# 2), "real requests": (0, 1)}, cannot be run again; the default is the twentieth round's.
# The twentieth round's GRID was {"length balance": (0, 0.5, 1), "real requests": (0, 1)}.
# Forty-fifth round (session 14, the same rule, registered with this grid before it ran): jailbreaks
# that name no target, and benign requests framed the same way (`authored target-less training`,
# authored in five languages without reading `tuning target-less attacks`, which the per-set
# recall guard watches), alone and with the trigger-word training rows the thirteenth to fifteenth
# rounds could not afford: the new attacks may buy the recall those cost. Both sets come from this
# project's authors, so the target-less tuning set's gain flatters; the acceptance gate is the
# held-out table (docs/engines.md, forty-fifth round).
# First run: no candidate but the shipped model admissible. Both sets at 1 block the benign tuning
# sets least (mean 0.177 -> 0.145) and find the most unseen attacks (0.828 -> 0.851), but lose
# 3.8 points of the synthetic documents' attacks; target-less 4 with trigger 1 keeps those
# (-1.0) and blocks 3.5 points more of the tuning emails. Second run, registered before it ran:
# the benign mail and prose that keep documents apart weighed up beside them, --grid
# '{"authored target-less training": [2, 4, 6], "authored trigger training": [0.5, 1],
# "business mail": [3, 4], "long prose": [1, 2]}'.
# Outcome: it chose target-less 4, trigger 1, business mail 4, long prose 2 (mean benign tuning
# blocked 0.177 -> 0.143, mean unseen recall 0.828 -> 0.855); with its judge retrained it found
# 0.843 of the held-out attacks at the one look, under 0.85, and did not ship (docs/engines.md).
GRID: dict[str, tuple[float, ...]] = {
    "authored target-less training": (0.0, 1.0, 2.0, 4.0),
    "authored trigger training": (0.0, 1.0),
}
# Grid keys that are fit settings, not dataset weights ("window power" -1: long benign texts whole;
# "c": the logistic regression's inverse regularisation, Settings.c; "second person by pairs" 1:
# the second-person words scored through their bigrams only, train_attack_model.SECOND_PERSON;
# "form free" 1: texts read without the runs that only shape the answer, attacks.learned_view;
# "norm power": the power of the feature count the features are divided by, training_data;
# "length balance": attacks' share of the weight levelled across bands of length, Settings)
SETTINGS = (
    "mix",
    "window power",
    "attack windows",
    "c",
    "second person by pairs",
    "form free",
    "norm power",
    "length balance",
)
SLACK = 0.015  # how much more of a benign tuning set a candidate may block than the shipped model
RECALL_SLACK = 0.005  # `--objective blocks`: how much mean unseen recall a candidate may lose
MIN_BENIGN = 50  # a benign tuning set smaller than this (tuning ASB: 5 rows) moves in big steps
MIN_ATTACKS = 50  # likewise for the per-set recall guard (`--objective blocks`)


def main() -> None:
    """Score the shipped model and every candidate on the selection sets; print the winner."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=json.loads, default=GRID, help="values tried, as JSON")
    parser.add_argument(
        "--objective",
        choices=("blocks", "recall"),
        default="blocks",
        help="blocks: fewest benign tuning rows blocked, recall kept (thirteenth round on); "
        "recall: most unseen attacks found (rounds eleven and twelve)",
    )
    args = parser.parse_args()
    grid: dict[str, Sequence[float]] = args.grid
    # every selection set loaded once (some are composed at load time), scored per candidate
    sets = {n: load(n) for n in (*TUNING, *(n for n in TRAINING if WEIGHTS.get(n, 1.0) == 0))}
    benign_sets = [n for n in TUNING if sum(r.label == 0 for r in sets[n]) >= MIN_BENIGN]
    # the same unseen attack sets for every candidate: the tuning sets' attacks and the training
    # sets no candidate learns from
    unseen = [n for n in sets if n not in grid and any(r.label == 1 for r in sets[n])]
    scored = {n: sets[n] for n in (*benign_sets, *unseen)}
    shipped = AttackModel.from_json(json.loads(OUT.read_text()))
    base = scored_rates(shipped, {n: sets[n] for n in benign_sets})
    limits = {n: base[n].false_pos["HIGH"] + SLACK for n in benign_sets}
    print("shipped: " + ", ".join(f"{n} blocked {limits[n] - SLACK:.3f}" for n in benign_sets))
    shipped_unseen = scored_rates(shipped, {n: sets[n] for n in unseen})
    floor = sum(shipped_unseen[n].recall["HIGH"] for n in unseen) / len(unseen) - RECALL_SLACK
    # the per-set recall guard: every unseen attack set big enough to be measured
    floors = {
        n: shipped_unseen[n].recall["HIGH"] - SLACK
        for n in unseen
        if sum(r.label == 1 for r in sets[n]) >= MIN_ATTACKS
    }
    print(f"shipped mean unseen recall {floor + RECALL_SLACK:.4f}")
    # the hashed training rows, once per way of hashing the second person, of reading form and
    # of dividing by the feature count
    hashed: dict[tuple[bool, bool, float], TrainingData] = {}
    # the winner so far: its sort key (larger is better) and label
    best: tuple[tuple[float, float], str] | None = None
    keys = list(grid)
    for values in itertools.product(*(grid[k] for k in keys)):
        chosen = dict(zip(keys, values, strict=True))
        weights = dict(WEIGHTS) | {k: v for k, v in chosen.items() if k not in SETTINGS}
        power = chosen.get("window power", -1.0 if WINDOW_POWER is None else WINDOW_POWER)
        settings = Settings(
            c=chosen.get("c", Settings().c),
            mix=chosen.get("mix", MIX),
            window_power=None if power < 0 else power,
            attack_windows=bool(chosen.get("attack windows", ATTACK_WINDOWS)),
            length_balance=chosen.get("length balance", LENGTH_BALANCE),
        )
        by_pairs = bool(chosen.get("second person by pairs", bool(PAIR_ONLY)))
        form_free = bool(chosen.get("form free", FORM_FREE))
        norm = float(chosen.get("norm power", NORM_POWER))
        if (by_pairs, form_free, norm) not in hashed:
            hashed[by_pairs, form_free, norm] = training_data(
                shipped.bits, SECOND_PERSON if by_pairs else (), form_free, norm
            )
        hashing = hashed[by_pairs, form_free, norm]
        model = AttackModel.from_json(train(hashing, weights, settings))
        table = scored_rates(model, scored)
        recall = sum(table[n].recall["HIGH"] for n in unseen) / len(unseen)
        blocked = sum(table[n].false_pos["HIGH"] for n in benign_sets) / len(benign_sets)
        # what fails a guard, against the shipped model: benign sets blocked more, attack sets
        # found less, the mean recall under its floor
        failed = [
            f"{n} blocked {table[n].false_pos['HIGH'] - limits[n] + SLACK:+.3f}"
            for n in benign_sets
            if table[n].false_pos["HIGH"] > limits[n]
        ]
        if args.objective == "blocks":
            failed += [
                f"{n} found {table[n].recall['HIGH'] - f - SLACK:+.3f}"
                for n, f in floors.items()
                if table[n].recall["HIGH"] < f
            ]
            if recall < floor:
                failed.append(f"mean recall {recall - floor - RECALL_SLACK:+.4f}")
        admissible = not failed
        key = (-blocked, recall) if args.objective == "blocks" else (recall, -blocked)
        label = ", ".join(f"{k} {v:g}" for k, v in chosen.items())
        cells = " ".join(f"{n}={table[n].false_pos['HIGH']:.3f}" for n in benign_sets)
        cells += " | " + " ".join(f"{n}={table[n].recall['HIGH']:.3f}" for n in unseen)
        verdict = "ok" if admissible else "no (" + "; ".join(failed) + ")"
        print(
            f"{label:32} {verdict} mean recall {recall:.4f} mean blocked {blocked:.4f}  {cells}",
            flush=True,
        )
        if admissible and (best is None or key > best[0]):
            best = (key, label)
    if best is None:
        print("none admissible")
        return
    (first, second), label = best
    blocked, recall = (-first, second) if args.objective == "blocks" else (-second, first)
    print(f"chosen: {label} (mean unseen-attack recall {recall:.4f}, mean blocked {blocked:.4f})")


if __name__ == "__main__":
    main()
