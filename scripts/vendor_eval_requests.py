"""Convert the user requests of four instruction-following evaluation sets into
tests/data/attacks/eval_requests/.

    fetch github:yizhongw/self-instruct            # bare clones, e.g. /work/.mirror/.../repo
    fetch github:lm-sys/FastChat
    fetch github:arnav-gudibande/koala-test-set
    python scripts/vendor_eval_requests.py SELF_INSTRUCT.git FASTCHAT.git KOALA.git

Issue #13: the prompt-attack filter blocks benign requests that use instruction wording (write,
rewrite, summarise, answer in a format, act as). Four sets of ordinary requests to an assistant,
written by people outside this project to evaluate chat models by hand, are kept as plain files
in three repositories whose LICENSE is the Apache License 2.0 (the script checks each):

* yizhongw/self-instruct `human_eval/user_oriented_instructions.jsonl`: 252 "user-oriented"
  tasks written by the Self-Instruct authors (Wang et al., ACL 2023) for their human evaluation,
  each an `instruction` with one instance; the request is the instruction followed, after a
  blank line, by the instance's `input` when it has one (the instance's `output` is the expected
  answer and is left out);
* lm-sys/FastChat `fastchat/llm_judge/data/mt_bench/question.jsonl`: MT-Bench's 80 questions
  (Zheng et al., NeurIPS 2023), eight categories of ten; the first of the two `turns` only (the
  second is a follow-up to the model's first answer and means nothing alone; the `reference`
  answers are left out);
* lm-sys/FastChat `fastchat/llm_judge/data/vicuna_bench/question.jsonl`: the 80 single-turn
  questions of the Vicuna evaluation (nine categories);
* arnav-gudibande/koala-test-set `koala_test_set.jsonl`: the 180 queries of the Koala human
  evaluation (Geng et al., 2023), user-written prompts (non-English and coding prompts removed by
  its authors, per its README), each a `prompt`. The query `koala_1` is left out: its text was
  shown in a search result (a comment in another project's code) while this converter was being
  written, so it is the one row of these sets that has been read.

Rows: each request, stripped, cut to 1,000 characters at a word boundary (as the other sets
are), labelled benign English user input (all four sets are English by their documentation;
the script counts rows with more than 5% non-ASCII letters and prints the count). No row is
left out for what it says: the sets hold no attacks by construction. Texts already written once
(folded) are kept once, and rows whose opening (the first 60 folded characters) is that of a row
of any other set in `benchmarks/attack_data.LOADERS` are dropped (FollowBench and Arena-Hard draw
on Vicuna's and Koala's questions). Each keeps `origin` (self-instruct, mt-bench, vicuna or
koala), `category` (self-instruct's `motivation_app`, the FastChat sets' `category`, empty for
Koala) and `source` (repository@commit:path#id). The set was converted and registered as blind
(`benchmarks/attack_data.BLIND`) before any of its rows was read or scored; this script prints
counts only. Deterministic: the same commits give the same file, in source order.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from vendor_injecagent import key, openings_of_others
from vendoring import Fresh, counts_by, fresh_cut, git, print_counts, write_rows

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "eval_requests"
NAME = "instruction eval requests"  # this set's own name in LOADERS, once registered
SELF_INSTRUCT, FASTCHAT, KOALA = (
    "yizhongw/self-instruct",
    "lm-sys/FastChat",
    "arnav-gudibande/koala-test-set",
)
COMMITS = {
    SELF_INSTRUCT: "0b26ccaa415992100fa32df62d41b994cf928e23",
    FASTCHAT: "0e6d3e4beaab66f4d3f93db72541a4abab8af28d",
    KOALA: "2d4396aee3cff495382e9b0ad2521d70b177763b",
}
USER_ORIENTED = "human_eval/user_oriented_instructions.jsonl"
FASTCHAT_FILES = {
    "mt-bench": "fastchat/llm_judge/data/mt_bench/question.jsonl",
    "vicuna": "fastchat/llm_judge/data/vicuna_bench/question.jsonl",
}
KOALA_FILE = "koala_test_set.jsonl"
BENIGN_USER_EN: dict[str, object] = {"label": 0, "lang": "en", "channel": "user"}
SEEN = frozenset({"koala_1"})  # shown in a search result while this script was written

# (origin, category, text, source) of every request, in file order
Request = tuple[str, str, str, str]


def _lines(repo: Path, name: str, path: str) -> Iterator[dict[str, object]]:
    """The JSON objects of a JSON-lines file at the pinned commit (split at newlines only)."""
    text = git(repo, "show", f"{COMMITS[name]}:{path}")
    return (json.loads(line) for line in text.split("\n") if line.strip())


def _where(name: str, path: str, ident: object) -> str:
    return f"{name}@{COMMITS[name]}:{path}#{ident}"


def _self_instruct(repo: Path, with_input: Counter[str]) -> Iterator[Request]:
    """Self-Instruct's user-oriented tasks: the instruction, then its one instance's input."""
    for case in _lines(repo, SELF_INSTRUCT, USER_ORIENTED):
        (instance,) = case["instances"]  # type: ignore[misc]  # one instance per task (README)
        request = str(case["instruction"]).strip()
        given = str(instance["input"]).strip()
        if given:
            with_input["self-instruct"] += 1
            request = f"{request}\n\n{given}"
        where = _where(SELF_INSTRUCT, USER_ORIENTED, case["id"])
        yield "self-instruct", str(case["motivation_app"]), request, where


def _fastchat(repo: Path) -> Iterator[Request]:
    """MT-Bench's and the Vicuna evaluation's questions: the first turn of each."""
    for origin, path in FASTCHAT_FILES.items():
        for case in _lines(repo, FASTCHAT, path):
            turns = case["turns"]
            assert isinstance(turns, list) and turns, path
            where = _where(FASTCHAT, path, case["question_id"])
            yield origin, str(case["category"]), str(turns[0]), where


def _koala(repo: Path, skipped: Counter[str]) -> Iterator[Request]:
    """The Koala test set's queries, but the one seen while writing this script."""
    for case in _lines(repo, KOALA, KOALA_FILE):
        if case["id"] in SEEN:
            skipped["seen while writing the converter"] += 1
            continue
        yield "koala", "", str(case["prompt"]), _where(KOALA, KOALA_FILE, case["id"])


def _licence(repos: dict[str, Path]) -> str:
    """The one LICENSE the three repositories share (the same blob at each pinned commit, checked
    here), the Apache License 2.0, after a header naming the repositories and commits."""
    blobs = {
        git(repo, "rev-parse", f"{COMMITS[name]}:LICENSE").strip() for name, repo in repos.items()
    }
    assert len(blobs) == 1, "the three LICENSE files differ"
    text = git(repos[SELF_INSTRUCT], "cat-file", "blob", blobs.pop())
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    lines = [
        "The rows of requests.jsonl come from the repositories below, at the commits named; the",
        "LICENSE file of each, at that commit, is the text that follows (the Apache License,",
        "Version 2.0):",
        *(f"  {name} {COMMITS[name]}" for name in repos),
        "",
    ]
    return "\n".join(lines) + "\n" + text


def _non_ascii_share(text: str) -> float:
    """The share of `text`'s letters outside ASCII: a count-only check that the rows are English."""
    letters = [c for c in text if c.isalpha()]
    return sum(not c.isascii() for c in letters) / max(1, len(letters))


def main() -> None:
    """Write requests.jsonl from the three bare clones given on the command line."""
    names = (SELF_INSTRUCT, FASTCHAT, KOALA)
    repos = dict(zip(names, (Path(p) for p in sys.argv[1:4]), strict=True))
    kept_out = openings_of_others(NAME)
    fresh = Fresh(kept_out)
    with_input: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    requests = (
        *_self_instruct(repos[SELF_INSTRUCT], with_input),
        *_fastchat(repos[FASTCHAT]),
        *_koala(repos[KOALA], skipped),
    )
    read = Counter(origin for origin, *_ in requests)
    rows: list[dict[str, object]] = []
    for origin, category, raw, where in requests:
        text = fresh_cut(raw, fresh, key, skipped)
        if not text:
            continue
        row = {"text": text, "origin": origin, "category": category, "source": where}
        rows.append(BENIGN_USER_EN | row)
    digest = write_rows(OUT, "requests.jsonl", rows, _licence(repos))
    print(f"{len(rows)} rows, {fresh.repeated} repeated, skipped {dict(sorted(skipped.items()))}")
    print(f"  read per origin: {dict(sorted(read.items()))}")
    print(f"  self-instruct tasks with an input: {with_input['self-instruct']}")
    print_counts(rows, fresh, kept_out, (("origin",),))
    fastchat = [r for r in rows if r["origin"] in FASTCHAT_FILES]
    print(f"  FastChat origin/category: {counts_by(fastchat, 'origin', 'category')}")
    apps = {r["category"] for r in rows if r["origin"] == "self-instruct"}
    print(f"  self-instruct apps: {len(apps)}")
    foreign = sum(_non_ascii_share(str(r["text"])) > 0.05 for r in rows)
    print(f"  over 5% non-ASCII letters: {foreign}")
    print(f"  under 3 words: {sum(len(str(r['text']).split()) < 3 for r in rows)}")
    print(f"  cut to 1,000 characters: {sum(len(str(r['text'])) >= 990 for r in rows)}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
