"""Convert Agent Security Bench's observation injections into tests/data/attacks/asb/asb.jsonl.

    fetch github:Zhang-Henry/AIOS_agent          # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_asb.py /path/to/AIOS_agent.git [COMMIT]

Agent Security Bench (ASB; Zhang et al., ICLR 2025; MIT, Copyright (c) 2024 AGI Research) attacks
agents in ten scenarios (system administration, finance, law, medicine, education, counselling,
e-commerce, aerospace, academic search, autonomous driving). Its observation prompt injection
(OPI) appends an attacker's instruction to what a tool returns: the tool's response (each normal
tool of `data/all_normal_tools.jsonl` returns its `Expected Achievements`), "; ", then one of
five attack prompts (naive, fake_completion, escape_characters, context_ignoring,
combined_attack, read from `pyopenagi/agents/react_agent_attack.py` as string literals, never
run) carrying one of the 400 attacker instructions of `data/all_attack_tools.jsonl` and the name
of the attacker's tool.

Rows (tool output, English):
* attack: the response of a normal tool of the instruction's agent with one attack prompt
  appended, as the agent reads it;
* benign: the 20 normal tools' responses without it (all the benign tool output ASB has).

Choice, without reading: attack candidates (instruction, attack prompt, tool) sorted by the sha256
of that identity, the first ATTACKS kept, after dropping duplicates and any row that opens like a
held-out, blind, calibration or same-source row (the first 60 folded characters, the key of
scripts/vendor_jailbreakbench.py; the helpers are vendor_injecagent's). Each row's `fold` is the
first byte of the sha256 of its attacker instruction (of its text, for benign rows) mod 5:
`benchmarks/attack_data.py` keeps fold 4 as the tuning set, so no attacker instruction is in both
the training and the tuning rows.
Deterministic: the same commit gives the same file.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from vendor_injecagent import digest, kept_out_keys, key, pick, summary, tool_row
from vendoring import cut, git, source, write_rows

ROOT = Path(__file__).resolve().parent.parent

OUT = ROOT / "tests" / "data" / "attacks" / "asb"
AGENT = "pyopenagi/agents/react_agent_attack.py"
ATTACKS = 1000
SOURCE = "Agent Security Bench (Zhang-Henry/AIOS_agent)"


def _jsonl(repo: Path, commit: str, path: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in git(repo, "show", f"{commit}:{path}").splitlines() if line]


def templates(code: str) -> dict[str, str]:
    """name -> attack prompt with `{instruction}` and `{tool}`, from the agent's f-strings."""
    literal = r"f('(?:[^'\\]|\\.)*')"
    match = re.search(r"self\.injected_prompt = " + literal, code)
    if match is None:
        raise SystemExit(f"{AGENT}: no injected_prompt")

    def text(lit: str) -> str:
        return str(ast.literal_eval(lit))

    injected = (
        text(match.group(1))
        .replace("{self.attack_instru}", "{instruction}")
        .replace("{self.tool_name}", "{tool}")
    )
    found = {"naive": injected}
    for name, lit in re.findall(r"'(\w+)': " + literal, code):
        found[name] = text(lit).replace("{self.injected_prompt}", injected)
    if len(found) != 5:
        raise SystemExit(f"{AGENT}: {len(found)} attack prompts, not 5")
    return found


def _row(text: str, label: int, kind: str, fold_of: str) -> dict[str, object]:
    return tool_row(text, label, kind, fold_of, SOURCE)


def main() -> None:
    """Write asb.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    kept_out = kept_out_keys()
    prompts = templates(git(repo, "show", f"{commit}:{AGENT}"))
    normal = _jsonl(repo, commit, "data/all_normal_tools.jsonl")
    candidates = []
    for attack in _jsonl(repo, commit, "data/all_attack_tools.jsonl"):
        instruction, tool = attack["Attacker Instruction"], attack["Attacker Tool"]
        for name in sorted(prompts):
            planted = prompts[name].format(instruction=instruction, tool=tool)
            for carrier in normal:
                if carrier["Corresponding Agent"] != attack["Corresponding Agent"]:
                    continue
                text = cut(f"{carrier['Expected Achievements']}; {planted}")
                identity = f"{instruction}|{name}|{carrier['Tool Name']}"
                candidates.append((digest(identity), _row(text, 1, name, instruction)))
    seen: set[str] = set()
    rows, dropped = pick(candidates, ATTACKS, kept_out, seen)
    for carrier in normal:
        text = cut(carrier["Expected Achievements"])
        if text not in seen and key(text) not in kept_out:
            seen.add(text)
            rows.append(_row(text, 0, "response", text))
    sha = write_rows(OUT, "asb.jsonl", rows, git(repo, "show", f"{commit}:LICENSE"))
    print(summary(commit, rows, dropped, sha))


if __name__ == "__main__":
    main()
