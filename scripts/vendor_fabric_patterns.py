"""Convert fabric's prompt patterns into tests/data/attacks/fabric/patterns.jsonl.

    fetch github:danielmiessler/fabric           # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_fabric_patterns.py /path/to/fabric.git [COMMIT]

fabric (Daniel Miessler, MIT) ships a library of "patterns": system prompts that set a chat model
up for one task — summarise, extract wisdom, write an essay, review code — many opening with a
title or a markdown header ("# IDENTITY and PURPOSE") rather than "You are …". They are benign
instructions addressed to a model, written by others: an over-defence set for persona and task
set-ups that open without a role cue.

Rows: every `data/patterns/<name>/system.md` at the commit, its text cut to 1,000 characters at a
word boundary (as the other sets are), labelled benign English user input. The set was converted
and registered as blind (`benchmarks/attack_data.BLIND`) before any of its rows was read or
scored; this script prints counts only. Deterministic: the same commit gives the same file.
"""

from __future__ import annotations

from pathlib import Path

from vendoring import cut, git, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "fabric"


def main() -> None:
    """Write patterns.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    paths = git(repo, "ls-tree", "-r", "--name-only", commit, "data/patterns").splitlines()
    rows = []
    for path in sorted(p for p in paths if p.count("/") == 3 and p.endswith("/system.md")):
        text = git(repo, "show", f"{commit}:{path}")
        if len(text.split()) < 3:
            continue
        rows.append({"pattern": path.split("/")[2], "text": cut(text), "label": 0, "lang": "en",
                     "channel": "user"})  # fmt: skip
    digest = write_rows(OUT, "patterns.jsonl", rows, git(repo, "show", f"{commit}:LICENSE"))
    print(f"commit {commit}: {len(rows)} rows, sha256 {digest}")


if __name__ == "__main__":
    main()
