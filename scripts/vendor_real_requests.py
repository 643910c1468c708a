"""Convert real users' first requests to chat assistants into tests/data/attacks/real_requests/.

    fetch github:LAION-AI/Open-Assistant           # bare clones, e.g. /work/.mirror/.../repo
    fetch github:Open-Assistant/oasst-model-eval
    fetch github:lmarena/arena-hard-auto
    python scripts/vendor_real_requests.py OPEN_ASSISTANT.git OASST_MODEL_EVAL.git ARENA_HARD.git

The over-defence issue #13 found the prompt-attack filter blocking ordinary chat requests, and
the training data holds few real ones. Three Apache-2.0 repositories keep real users' requests
as plain files (each repository's own LICENSE is the Apache License 2.0; the script checks it):

* LAION-AI/Open-Assistant `model/model_eval/manual/data/`: `en_100_message.jsonl`, 100 initial
  prompts (the `prompter` root message of a tree, with its review fields) of OpenAssistant
  Conversations (oasst), and `prompt_lottery_en_250_text.jsonl`, 250 initial prompts in the
  prompt lottery (prompts that passed oasst's initial review, waiting to be grown into trees);
* Open-Assistant/oasst-model-eval `sampling_reports/oasst-sft/1k-prompts/`: nine reports, each
  holding 100 English lottery prompts (the `prompt` of each entry of `prompts`), sampled by
  OpenAssistant's own script (`model_eval/manual/scripts/generate_1k_prompts_text.sh`);
* lmarena/arena-hard-auto `data/arena-hard-v0.1/question.jsonl` and
  `data/arena-hard-v2.0/question.jsonl`: Chatbot Arena users' prompts chosen by Arena-Hard's
  pipeline (hard prompts, and creative writing in v2.0), a few of them in German, French,
  Spanish or Italian.

Rows: every such request, stripped, of 3 to 200 words (`str.split`), cut to 1,000 characters at
a word boundary, labelled benign user input. oasst prompts are English (oasst's `lang`, or the
`--lang en` their sampling used); an Arena prompt's language is guessed from its function words
(`language_guess.guess_lang`) and prompts guessed to be none of en/de/fr/es/it are left out.
Exclusion of attacks, by rule only (no row was read): an oasst message whose `deleted` is true or
whose `review_result` is not true is left out (none is, in these files); the lottery and Arena
files carry no label, and their rows are the ones their source's own review or pipeline kept.
Texts already written once (folded) are kept once, and rows whose opening (the first 60 folded
characters) is that of a row of any other set in `benchmarks/attack_data.LOADERS` (FollowBench's
blind requests, drawn from oasst among others, included) are dropped. At most CAP rows per
language are kept, the first by the sha256 of the text, so that no row is chosen by reading.
Each keeps `origin` (oasst or arena), `source` (repository@commit:path#index) and `fold` (0-4,
`attack_data.fold_of`: the sha256 of its opening). Deterministic: the same commits give the same
file; the script prints counts only.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from language_guess import function_words, guess_lang
from vendor_injecagent import key, openings_of_others
from vendoring import Fresh, cut, git, print_counts, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import LANGUAGES, fold_of  # noqa: E402
from compiler.runtime.textfeat import words  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "real_requests"
NAMES = ("real requests", "tuning real requests")  # this set's own names in LOADERS
CAP = 400  # rows kept per language at most
MIN_WORDS, MAX_WORDS = 3, 200
OA, EVAL, ARENA = (
    "LAION-AI/Open-Assistant",
    "Open-Assistant/oasst-model-eval",
    "lmarena/arena-hard-auto",
)
COMMITS = {
    OA: "f1e6ed9526f5817531f3ab85441a40b3671ddccb",
    EVAL: "ce935dee6922ec75d5a4006dd1c3595b39a01fdf",
    ARENA: "196f6b826783b3da7310e361a805fa36f0be83f3",
}
OA_DATA = "model/model_eval/manual/data"
EVAL_REPORTS = "sampling_reports/oasst-sft/1k-prompts"
ARENA_FILES = ("data/arena-hard-v0.1/question.jsonl", "data/arena-hard-v2.0/question.jsonl")
# An Arena prompt's guessed language is kept only when the guess is clear: at least MIN_HITS of
# its words, and MIN_SHARE of them, are that language's function words; at most MAX_FOREIGN of
# its letters lie outside Latin (beyond U+017F: Cyrillic, Greek, CJK, Vietnamese tone marks);
# and it has no mark of Portuguese, which the guess does not know (ã, õ, or one of PORTUGUESE).
MIN_HITS, MIN_SHARE, MAX_FOREIGN = 2, 0.08, 0.02
PORTUGUESE = frozenset({"você", "uma", "também", "então", "isso"})

# (origin, language or None to guess, text, source) of every request, in file order
Request = tuple[str, str | None, str, str]


def _show(repo: Path, name: str, path: str) -> str:
    return git(repo, "show", f"{COMMITS[name]}:{path}")


def _lines(repo: Path, name: str, path: str) -> list[str]:
    """The JSON lines of a file (split at newlines only: texts may hold U+2028 and the like)."""
    return [line for line in _show(repo, name, path).split("\n") if line.strip()]


def _oasst(oa: Path, evals: Path) -> Iterator[Request]:
    """OpenAssistant's initial prompts: the reviewed roots of `en_100_message.jsonl`, the
    prompt lottery's 250, and the lottery prompts of the nine 1k-prompts sampling reports."""
    where = f"{OA}@{COMMITS[OA]}:{OA_DATA}"
    for i, line in enumerate(_lines(oa, OA, f"{OA_DATA}/en_100_message.jsonl")):
        msg = json.loads(line)
        if msg["role"] != "prompter" or msg.get("parent_id") is not None:
            continue  # first turns only
        if msg["deleted"] or msg["review_result"] is not True:
            continue
        yield "oasst", str(msg["lang"]), str(msg["text"]), f"{where}/en_100_message.jsonl#{i}"
    lottery = f"{OA_DATA}/prompt_lottery_en_250_text.jsonl"
    for i, line in enumerate(_lines(oa, OA, lottery)):
        yield "oasst", "en", str(json.loads(line)), f"{OA}@{COMMITS[OA]}:{lottery}#{i}"
    listing = git(evals, "ls-tree", "--name-only", COMMITS[EVAL], f"{EVAL_REPORTS}/")
    for path in sorted(listing.splitlines()):
        report = json.loads(_show(evals, EVAL, path))
        for i, entry in enumerate(report["prompts"]):
            yield "oasst", "en", str(entry["prompt"]), f"{EVAL}@{COMMITS[EVAL]}:{path}#{i}"


def _arena(arena: Path) -> Iterator[Request]:
    """Arena-Hard's Chatbot Arena prompts, language to be guessed."""
    for path in ARENA_FILES:
        for line in _lines(arena, ARENA, path):
            case = json.loads(line)
            where = f"{ARENA}@{COMMITS[ARENA]}:{path}#{case['uid']}"
            yield "arena", None, str(case["prompt"]), where


def clear_lang(text: str) -> str | None:
    """The guessed language of `text` when the guess is clear (see MIN_HITS), else None."""
    letters = [c for c in text if c.isalpha()]
    if sum(ord(c) > 0x17F for c in letters) > MAX_FOREIGN * len(letters):
        return None
    tokens = words(text)
    if any(c in text for c in "ãõÃÕ") or PORTUGUESE.intersection(tokens):
        return None
    lang = guess_lang(text)
    if lang not in LANGUAGES:
        return None
    hits = function_words(tokens, lang)
    return lang if hits >= MIN_HITS and hits >= MIN_SHARE * len(tokens) else None


def _licence(repos: dict[str, Path]) -> str:
    """The Apache License 2.0 as LAION-AI/Open-Assistant ships it, after checking that each of
    the three repositories' own LICENSE is that licence."""
    texts = {name: _show(repo, name, "LICENSE") for name, repo in repos.items()}
    for name, text in texts.items():
        assert "Apache License" in text and "Version 2.0, January 2004" in text, name
    head = "".join(f"{name} at commit {COMMITS[name]}: Apache License 2.0\n" for name in repos)
    intro = (
        "The rows of requests.jsonl come from these repositories, each licensed under the "
        "Apache License, Version 2.0 (its LICENSE file), whose text follows.\n"
    )
    return intro + head + "\n" + texts[OA]


def main() -> None:
    """Write requests.jsonl from the three bare clones given on the command line."""
    repos = dict(zip((OA, EVAL, ARENA), (Path(p) for p in sys.argv[1:4]), strict=True))
    kept_out = {k: sets - set(NAMES) for k, sets in openings_of_others(NAMES[0]).items()}
    kept_out = {k: sets for k, sets in kept_out.items() if sets}  # its own tuning fold aside
    fresh = Fresh(kept_out)
    skipped: Counter[str] = Counter()
    by_lang: dict[str, list[dict[str, object]]] = {lang: [] for lang in LANGUAGES}
    for origin, given, raw, where in (*_oasst(repos[OA], repos[EVAL]), *_arena(repos[ARENA])):
        text = raw.strip()
        if not MIN_WORDS <= len(text.split()) <= MAX_WORDS:
            skipped["length"] += 1
            continue
        text = cut(text)
        lang = given or clear_lang(text)
        if lang is None:
            skipped["language"] += 1
            continue
        if not fresh(text, key(text)):
            continue
        row = {"text": text, "label": 0, "lang": lang, "channel": "user", "origin": origin}
        by_lang[lang].append({**row, "fold": fold_of(text), "source": where})
    rows: list[dict[str, object]] = []
    for lang in LANGUAGES:
        chosen = sorted(
            by_lang[lang], key=lambda r: hashlib.sha256(str(r["text"]).encode()).digest()
        )
        rows += chosen[:CAP]
        skipped["over the cap"] += max(0, len(chosen) - CAP)
    digest = write_rows(OUT, "requests.jsonl", rows, _licence(repos))
    print(f"{len(rows)} rows, {fresh.repeated} repeated, skipped {dict(sorted(skipped.items()))}")
    print(f"  before the cap: { {lang: len(v) for lang, v in by_lang.items()} }")
    print_counts(rows, fresh, kept_out, (("lang",), ("origin",), ("fold",), ("lang", "fold")))
    print(f"  cut to 1,000 characters: {sum(len(str(r['text'])) >= 990 for r in rows)}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
