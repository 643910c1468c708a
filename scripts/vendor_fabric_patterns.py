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

import hashlib
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "fabric"
MAX_CHARS = 1000


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def _cut(text: str) -> str:
    """`text` stripped and cut to MAX_CHARS at the last space before the limit."""
    text = text.strip()
    if len(text) <= MAX_CHARS:
        return text
    head = text[:MAX_CHARS]
    return head[: head.rfind(" ")] if " " in head else head


def main() -> None:
    """Write patterns.jsonl from the repository and commit given on the command line."""
    repo = Path(sys.argv[1])
    commit = sys.argv[2] if len(sys.argv) > 2 else _git(repo, "rev-parse", "HEAD").strip()
    paths = _git(repo, "ls-tree", "-r", "--name-only", commit, "data/patterns").splitlines()
    rows = []
    for path in sorted(p for p in paths if p.count("/") == 3 and p.endswith("/system.md")):
        text = _git(repo, "show", f"{commit}:{path}")
        if len(text.split()) < 3:
            continue
        rows.append({"pattern": path.split("/")[2], "text": _cut(text), "label": 0, "lang": "en",
                     "channel": "user"})  # fmt: skip
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "patterns.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    (OUT / "LICENSE").write_text(_git(repo, "show", f"{commit}:LICENSE"), encoding="utf-8")
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"commit {commit}: {len(rows)} rows, sha256 {digest}")


if __name__ == "__main__":
    main()
