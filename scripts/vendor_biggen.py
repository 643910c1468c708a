"""Convert BiGGen-Bench's requests into tests/data/attacks/biggen/.

    fetch github:prometheus-eval/prometheus-eval   # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_biggen.py /path/to/prometheus-eval.git

Issue #13: the prompt-attack filter blocks ordinary requests ("write …", "explain …", "act as …"),
and every blind set of such requests had been scored several times by session 14. BiGGen-Bench
(Kim et al., "The BiGGen Bench: A Principled Benchmark for Fine-grained Evaluation of Language
Models with Language Models", 2024) is 77 tasks of about ten instances each, every instance
written by a named annotator of its authors and checked by a named reviewer (the table of
`BiGGen-Bench/tasks/README.md`), to evaluate instruction following, grounding, planning,
reasoning, refinement, theory of mind, tool usage, safety and multilingual answers. Its task
files were kept in prometheus-eval/prometheus-eval (Apache License 2.0, the repository's LICENSE,
checked here) from commit COMMIT, which added them, until ccd972f removed them to keep the set on
Hugging Face only; this script reads them at COMMIT: `BiGGen-Bench/tasks/<capability>/<task>/
data.json`, each a list of instances with a `system_prompt`, an `input` (the user's turn), a
`reference_answer`, a `score_rubric` and an `atomic_checklist`.

Rows: each instance's `input` only (the first and only user turn; the system prompt, the reference
answer and the rubric are left out), stripped and cut to 1,000 characters at a word boundary as
the other sets are, labelled benign English user input (the dataset card names English; the script
counts rows with more than 5% non-ASCII letters and the language `language_guess.guess_lang`
finds, and prints the counts only). Left out by the dataset's own labels, as its task descriptions
(`tasks/<capability>/README.md`) define them, never by what a row says (no row was read):
LEFT_OUT_CAPABILITIES (`safety`: red-teaming prompts, toxic in-context demonstrations, secret
extraction, i.e. attacks or harmful requests by design; `multilingual`: inputs its README says
were written in Chinese, Korean, Indonesian, Bengali or Swahili with GPT-4) and LEFT_OUT_TASKS
(inputs set against the system prompt by design, and the judge prompts that carry responses to
grade). Left out by rule: the eight rows in SEEN, whose openings a failing assertion of a test
draft printed before any row was scored; empty inputs; texts already written once (case-folded),
the first kept in source order; rows whose opening (the first 60 folded characters,
`vendor_injecagent.key`) is that of a row of any other set in `benchmarks/attack_data.LOADERS`;
rows that are a near-duplicate (folded word sets overlapping at Jaccard 0.6 or more, the rule of
tests/attack_sets.py) of a row of any other set; then at most CAP rows, those with the smallest
sha256 of their text. Each keeps `origin` (biggen-bench), `capability`, `task` and `source`
(repository@commit:path#instance_idx). The set was converted and registered as blind
(`benchmarks/attack_data.BLIND`) before any of its rows was scored, and none kept was read; this
script prints counts only. Deterministic: the same commit gives the same file, in source order
(task files in path order, each in file order). The folder also gets the repository's LICENSE
after a header naming the repository and commit, and a NOTICE stating the changes, as the Apache
License asks.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from language_guess import guess_lang
from vendor_clinc import near_kept_apart
from vendor_injecagent import key, openings_of_others
from vendoring import Fresh, apache_licence, counts_by, fresh_cut, git, print_counts, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import LOADERS  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "biggen"
NAME = "BiGGen-Bench requests"  # this set's own name in LOADERS, once registered
REPOSITORY = "prometheus-eval/prometheus-eval"
COMMIT = "af610c7dadd0ab49b3326d0e86f097c5df8b7082"  # May 2024: adds BiGGen-Bench/tasks
TASKS = "BiGGen-Bench/tasks"
CAP = 600  # at most this many rows, the smallest sha256 of their text first
LEFT_OUT_CAPABILITIES = {
    "safety": "attacks or harmful requests by design",
    "multilingual": "written with GPT-4, in none of guardc's languages",
}
LEFT_OUT_TASKS = {
    "grounding/system_prompt_vs_instruction": "set against the system prompt by design",
    "grounding/system_prompt_vs_demo": "set against the system prompt by design",
    "refinement/llm_judge_absolute": "a judge prompt carrying a response to grade",
    "refinement/llm_judge_relative": "a judge prompt carrying responses to grade",
}
BENIGN_USER_EN: dict[str, object] = {"label": 0, "lang": "en", "channel": "user"}
# The rows whose openings (part of their first 60 folded characters) a failing assertion of the
# first draft of tests/runtime/test_biggen_requests.py printed, before any row was scored: they
# have been read, so they are left out (by path#instance_idx under TASKS).
SEEN = frozenset(
    {
        "grounding/demo_vs_instruction/data.json#0",
        "grounding/demo_vs_instruction/data.json#1",
        "grounding/demo_vs_instruction/data.json#4",
        "grounding/demo_vs_instruction/data.json#5",
        "grounding/simulator/data.json#6",
        "reasoning/high_school_mwp/data.json#7",
        "theory_of_mind/faux_pas_explanation/data.json#9",
        "theory_of_mind/thinking_for_doing/data.json#7",
    }
)
NOTICE = """\
The rows of requests.jsonl are the user inputs of BiGGen-Bench, the benchmark of

  Seungone Kim, Juyoung Suk, Ji Yong Cho, Shayne Longpre, Chaeeun Kim, Dongkeun Yoon, Guijin Son,
  Yejin Cho, Sheikh Shafayat, Jinheon Baek, Sue Hyun Park, Hyeonbin Hwang, Jinkyung Jo, Hyowon
  Cho, Haebin Shin, Seongyun Lee, Hanseok Oh, Noah Lee, Namgyu Ho, Se June Joo, Miyoung Ko,
  Yoonjoo Lee, Hyungjoo Chae, Jamin Shin, Joel Jang, Seonghyeon Ye, Bill Yuchen Lin, Sean
  Welleck, Graham Neubig, Moontae Lee, Kyungjae Lee and Minjoon Seo, "The BiGGen Bench: A
  Principled Benchmark for Fine-grained Evaluation of Language Models with Language Models",
  2024, https://arxiv.org/abs/2406.05761

as published in https://github.com/prometheus-eval/prometheus-eval at commit
{commit}, files BiGGen-Bench/tasks/<capability>/<task>/data.json,
licensed under the Apache License, Version 2.0 (the repository's LICENSE file, copied beside
this note). The Hugging Face copy of the dataset (prometheus-eval/BiGGen-Bench) names
CC BY-SA 4.0 on its card.

Changed by scripts/vendor_biggen.py: only each instance's `input` is kept (system prompts,
reference answers, rubrics and checklists are left out); each is stripped and cut to 1,000
characters at a word boundary and labelled benign English user input; the safety and
multilingual capabilities, two grounding tasks and the two judge tasks are left out; repeated
inputs, inputs opening like or nearly repeating a row of another set of this project, inputs
over a cap of {cap} (by a hash of their text), and eight inputs a failing test of this project
showed while it was written, are left out.
"""

# (capability, task, text, source) of every instance, in source order
Request = tuple[str, str, str, str]


def _requests(repo: Path) -> Iterator[Request]:
    """Every instance's input, task files in path order, each in file order; the labels of each
    instance are checked against its file's path."""
    paths = git(repo, "ls-tree", "-r", "--name-only", COMMIT, TASKS).splitlines()
    for path in sorted(p for p in paths if p.endswith("/data.json")):
        capability, task = path.split("/")[2:4]
        for case in json.loads(git(repo, "show", f"{COMMIT}:{path}")):
            assert (case["capability"], case["task"]) == (capability, task), path
            where = f"{REPOSITORY}@{COMMIT}:{path}#{case['instance_idx']}"
            yield capability, task, str(case["input"]), where


def _left_out(capability: str, task: str) -> str:
    """Why the dataset's labels leave an instance out, or '' when they keep it."""
    return LEFT_OUT_CAPABILITIES.get(capability) or LEFT_OUT_TASKS.get(f"{capability}/{task}", "")


def _non_ascii_share(text: str) -> float:
    """The share of `text`'s letters outside ASCII: a count-only check that the rows are English."""
    letters = [c for c in text if c.isalpha()]
    return sum(not c.isascii() for c in letters) / max(1, len(letters))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def main() -> None:
    """Write requests.jsonl, LICENSE and NOTICE from the bare clone given on the command line."""
    repo = Path(sys.argv[1])
    requests = list(_requests(repo))
    read = Counter(capability for capability, *_ in requests)
    by_label: Counter[str] = Counter()
    skipped: Counter[str] = Counter()
    kept_out = openings_of_others(NAME)
    fresh = Fresh(kept_out)
    rows: list[dict[str, object]] = []
    for capability, task, raw, where in requests:
        why = _left_out(capability, task)
        if why:
            by_label[f"{capability}/{task}"] += 1
            continue
        if where.split(f"{TASKS}/", 1)[1] in SEEN:
            skipped["shown by a failing test draft"] += 1
            continue
        text = fresh_cut(raw, fresh, key, skipped)
        if not text:
            continue
        fields = {"origin": "biggen-bench", "capability": capability, "task": task}
        rows.append(BENIGN_USER_EN | {"text": text} | fields | {"source": where})
    others = [name for name in LOADERS if name != NAME]
    near = near_kept_apart([str(r["text"]) for r in rows], (NAME,), others)
    rows = [row for i, row in enumerate(rows) if i not in near]
    kept = set(sorted(_digest(str(r["text"])) for r in rows)[:CAP])
    capped = len(rows) - len(kept)
    rows = [row for row in rows if _digest(str(row["text"])) in kept]
    digest = write_rows(OUT, "requests.jsonl", rows, apache_licence(repo, REPOSITORY, COMMIT))
    (OUT / "NOTICE").write_text(NOTICE.format(commit=COMMIT, cap=CAP), encoding="utf-8")
    print(f"{len(rows)} rows, {fresh.repeated} repeated, skipped {dict(sorted(skipped.items()))}")
    print(f"  read per capability: {dict(sorted(read.items()))}")
    print(f"  left out by label: {dict(sorted(by_label.items()))}")
    near_sets = Counter(n for names in near.values() for n in names)
    print(f"  near-duplicates dropped: {len(near)}; per set: {dict(sorted(near_sets.items()))}")
    print(f"  over the cap of {CAP}: {capped}")
    print_counts(rows, fresh, kept_out, (("capability",),))
    print(f"  tasks: {len(counts_by(rows, 'capability', 'task'))}")
    foreign = sum(_non_ascii_share(str(r["text"])) > 0.05 for r in rows)
    print(f"  over 5% non-ASCII letters: {foreign}")
    guessed = Counter(guess_lang(str(r["text"])) for r in rows)
    print(f"  guessed language: {dict(sorted(guessed.items()))}")
    print(f"  under 3 words: {sum(len(str(r['text']).split()) < 3 for r in rows)}")
    print(f"  cut to 1,000 characters: {sum(len(str(r['text'])) >= 990 for r in rows)}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
