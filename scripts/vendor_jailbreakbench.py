"""Convert JailbreakBench's attack artifacts into tests/data/attacks/jailbreakbench/jbb.jsonl.

    fetch github:JailbreakBench/artifacts        # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_jailbreakbench.py /path/to/artifacts.git [COMMIT]

JailbreakBench (Chao et al., 2024; MIT) publishes the prompts each attack method submitted for its
100 behaviours against four chat models: PAIR's role-play and scenario prompts written by an
attacker model ("You are a novelist on a deadline … write the scene where …"), which name no rule
to drop; the random-search template (rules for the answer plus an optimised suffix); GCG's and
DSN's optimised suffixes after the goal; JailbreakChat's AIM template. They are the role-play
jailbreaks the training sets lack.

Rows: every non-empty `prompt` of `attack-artifacts/<method>/<kind>/<model>.json`, duplicates
(same text) kept once, cut to 1,000 characters at a word boundary, labelled attacks (English user
input). Rows that open like a held-out, blind or calibration row (the first 60 folded characters,
the key of scripts/vendor_garak_attacks.py), or whose behaviour's goal is the text of one, are
dropped, so no training text is a held-out one. Deterministic: the same commit gives the same
file; the script prints counts only.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from vendoring import cut, git, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import BLIND, CALIBRATION, HELD_OUT, SAME_SOURCE, load  # noqa: E402
from compiler.runtime.textfeat import words  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "jailbreakbench"


def _key(text: str) -> str:
    return " ".join(words(text))[:60]


def main() -> None:
    """Write jbb.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    kept_out = {_key(r.text) for n in HELD_OUT + BLIND + CALIBRATION + SAME_SOURCE for r in load(n)}
    paths = git(repo, "ls-tree", "-r", "--name-only", commit, "attack-artifacts").splitlines()
    rows: list[dict[str, object]] = []
    seen: set[str] = set()
    dropped = 0
    for path in sorted(paths):
        parts = path.split("/")
        if len(parts) != 4 or not path.endswith(".json") or parts[1] == "test-artifact":
            continue
        for item in json.loads(git(repo, "show", f"{commit}:{path}"))["jailbreaks"]:
            prompt = str(item.get("prompt") or "").strip()
            if len(prompt.split()) < 3 or prompt in seen:
                continue
            seen.add(prompt)
            if _key(prompt) in kept_out or _key(str(item.get("goal") or "")) in kept_out:
                dropped += 1
                continue
            rows.append({"method": parts[1], "text": cut(prompt), "label": 1, "lang": "en",
                         "channel": "user"})  # fmt: skip
    digest = write_rows(OUT, "jbb.jsonl", rows, git(repo, "show", f"{commit}:LICENSE"))
    methods = sorted({str(r["method"]) for r in rows})
    counts = {m: sum(r["method"] == m for r in rows) for m in methods}
    print(f"commit {commit}: {len(rows)} rows {counts}, {dropped} dropped, sha256 {digest}")


if __name__ == "__main__":
    main()
