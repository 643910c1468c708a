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

from pathlib import Path

from vendoring import git, markdown_bodies, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "copilot_agents"


def main() -> None:
    """Write agents.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    rows = [
        {"agent": name, "text": text, "label": 0, "lang": "en", "channel": "user"}
        for name, text in markdown_bodies(repo, commit, "agents", ".agent.md")
    ]
    digest = write_rows(OUT, "agents.jsonl", rows, git(repo, "show", f"{commit}:LICENSE"))
    print(f"commit {commit}: {len(rows)} rows, sha256 {digest}")


if __name__ == "__main__":
    main()
