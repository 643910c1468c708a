"""Convert awesome-copilot's custom agents into tests/data/attacks/copilot_agents/agents.jsonl.

    fetch github:github/awesome-copilot          # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_copilot_agents.py /path/to/awesome-copilot.git [COMMIT]

github/awesome-copilot (GitHub, MIT) collects custom agents for GitHub Copilot: each
`agents/<name>.agent.md` is a YAML front matter (name, description, tools) and a body that is the
agent's system prompt — a persona or a task set-up for a chat model ("You are an expert …",
a workflow, rules on what to do and not to do). They are benign instructions addressed to a
model, written by others: an over-defence set for set-ups full of ordinary task instructions.

Rows: the body (front matter removed) of every `agents/*.agent.md` at the commit, cut to 1,000
characters at a word boundary (as the other sets are), labelled benign English user input. The
set was converted and registered as blind (`benchmarks/attack_data.BLIND`) before any of its rows
was read or scored; this script prints counts only. Deterministic: the same commit gives the same
file.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from vendor_fabric_patterns import _cut, _git  # the same cut and git reader as fabric's

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "copilot_agents"


def _body(text: str) -> str:
    """`text` without a leading YAML front matter block (`---` … `---`)."""
    lines = text.lstrip("\ufeff").split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return "\n".join(lines[i + 1 :])
    return text


def main() -> None:
    """Write agents.jsonl from the repository and commit given on the command line."""
    repo = Path(sys.argv[1])
    commit = sys.argv[2] if len(sys.argv) > 2 else _git(repo, "rev-parse", "HEAD").strip()
    paths = _git(repo, "ls-tree", "-r", "--name-only", commit, "agents").splitlines()
    rows = []
    for path in sorted(p for p in paths if p.count("/") == 1 and p.endswith(".agent.md")):
        text = _cut(_body(_git(repo, "show", f"{commit}:{path}")))
        if len(text.split()) < 3:
            continue
        name = path.split("/")[1].removesuffix(".agent.md")
        rows.append({"agent": name, "text": text, "label": 0, "lang": "en", "channel": "user"})
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / "agents.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    (OUT / "LICENSE").write_text(_git(repo, "show", f"{commit}:LICENSE"), encoding="utf-8")
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"commit {commit}: {len(rows)} rows, sha256 {digest}")


if __name__ == "__main__":
    main()
