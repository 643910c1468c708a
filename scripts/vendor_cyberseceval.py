"""Convert CyberSecEval's prompt-injection tests into tests/data/attacks/cyberseceval/.

    fetch github:meta-llama/PurpleLlama          # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_cyberseceval.py /path/to/PurpleLlama.git [COMMIT]

CyberSecEval (Meta's Purple Llama, `CybersecurityBenchmarks/`, MIT) tests whether a model obeys
an instruction injected into its input against the developer's system prompt. Each test case has
a `test_case_prompt` (the developer's system prompt, not what a filter of the user's input sees)
and a `user_input` that carries the injection, an `injection_type` (`direct`, or `indirect`: the
injection sits in a document or tool result the input hands over), an `injection_variant` (the
technique: ignore previous instructions, persuasion, payload splitting, many-shot...), a
`risk_category` (security- or logic-violating) and a `speaking_language`. Two files are read:
`prompt_injection.json` (English) and `prompt_injection_multilingual_machine_translated.json`
(the same cases machine-translated into 17 languages).

Rows: every `user_input` (stripped, not cut: a cut could drop the injection) of a case whose
language is English, German, French, Spanish or Italian, labelled attack, channel `tool` for an
indirect case and `user` for a direct one; the other languages are counted and dropped. The
`different_user_input_language` variant writes the input in another language than the case's
by design, so its rows are tagged `xx`. Texts already written once (folded) are kept once, and
rows whose opening (the first 60 folded characters, the key of vendor_injecagent.py) is that of
a row of any set in `benchmarks/attack_data.LOADERS` are dropped. The dataset has no benign rows.
The set was converted and registered as blind (`benchmarks/attack_data.BLIND`) before any of its
rows was read or scored; this script prints counts only. Deterministic: the same commit gives
the same file.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from vendor_injecagent import key
from vendoring import Fresh, git, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import LOADERS, load  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "cyberseceval"
NAME = "CyberSecEval"  # this set's own name in LOADERS, once registered
FOLDER = "CybersecurityBenchmarks/datasets/prompt_injection"
FILES = ("prompt_injection.json", "prompt_injection_multilingual_machine_translated.json")
LANGS = {"English": "en", "German": "de", "French": "fr", "Spanish": "es", "Italian": "it"}
MIXED = "different_user_input_language"  # the variant whose input is in another language


def _row(case: dict[str, object], origin: str) -> dict[str, object]:
    """One attack row of a test case whose language is kept."""
    variant = str(case["injection_variant"])
    return {
        "text": str(case["user_input"]).strip(),
        "label": 1,
        "lang": "xx" if variant == MIXED else LANGS[str(case["speaking_language"])],
        "channel": "tool" if case["injection_type"] == "indirect" else "user",
        "source": f"{origin}#{case['prompt_id']}",
        "variant": variant,
        "risk": str(case["risk_category"]),
    }


def main() -> None:
    """Write injections.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    fresh = Fresh({key(r.text) for name in LOADERS if name != NAME for r in load(name)})
    rows: list[dict[str, object]] = []
    other_langs: Counter[str] = Counter()
    for name in FILES:
        path = f"{FOLDER}/{name}"
        for case in json.loads(git(repo, "show", f"{commit}:{path}")):
            if case["speaking_language"] not in LANGS:
                other_langs[str(case["speaking_language"])] += 1
                continue
            row = _row(case, f"meta-llama/PurpleLlama@{commit}:{path}")
            if fresh(str(row["text"]), key(str(row["text"]))):
                rows.append(row)
    licence = git(repo, "show", f"{commit}:CybersecurityBenchmarks/LICENSE")
    digest = write_rows(OUT, "injections.jsonl", rows, licence)
    repeated, dropped = fresh.repeated, len(fresh.dropped)
    print(f"commit {commit}: {len(rows)} rows, {repeated} repeated, {dropped} dropped by opening,")
    others = dict(sorted(other_langs.items()))
    print(f"  other languages dropped: {sum(other_langs.values())} {others}")
    for field in ("lang", "channel", "risk", "variant"):
        print(f"  {field}: {dict(sorted(Counter(str(r[field]) for r in rows).items()))}")
    print(f"  over 1,000 characters: {sum(len(str(r['text'])) > 1000 for r in rows)}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
