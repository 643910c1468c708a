"""Convert IFEval's and M-IFEval's prompts into tests/data/attacks/ifeval/prompts.jsonl.

    fetch github:shisa-ai/M-IFEval              # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_ifeval.py /path/to/M-IFEval.git [COMMIT]

IFEval (Zhou et al., "Instruction-Following Evaluation for Large Language Models", 2023; Google,
Apache-2.0) is a benchmark of ordinary user requests, each carrying one to three verifiable
format constraints: "answer in all capital letters", "do not use any commas", "wrap your entire
response in double quotes", "end with the exact phrase …", "your response must have 3 sections",
"first repeat the request word for word without change". M-IFEval (lightblue-tech, Apache-2.0)
adds French, Spanish and Japanese prompts written for those languages, with constraints of
their own. The shisa-ai fork keeps `data/{en,fr,es,ja}_input_data.jsonl` unchanged from
lightblue-tech's (the English file is IFEval's `input_data.jsonl`). They are benign requests
worded like the instructions prompt attacks use, the over-defence issue #13 describes.

Rows: the `prompt` of every line of the English, French and Spanish files (Japanese is not a
language guardc's sets tag), labelled benign user input, cut to 1,000 characters at a word
boundary; each keeps its `instructions` (IFEval's instruction ids) and `source`
(repository@commit:path#key), and a `fold` (0-4, the first byte of the sha256 of its opening,
the first 60 folded characters: `attack_data.fold_of`), so that prompts opening alike fall
in one fold. Texts already written once (folded) are kept once, and rows whose opening is that of
a row of any other set in `benchmarks/attack_data.LOADERS` are dropped. Deterministic: the same
commit gives the same file; the script prints counts only.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from vendor_injecagent import key
from vendoring import Fresh, cut, git, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import LOADERS, fold_of, load  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "ifeval"
NAMES = ("IFEval prompts", "tuning IFEval prompts")  # this set's own names in LOADERS
LANGS = ("en", "fr", "es")
REPO = "shisa-ai/M-IFEval"


def main() -> None:
    """Write prompts.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    fresh = Fresh({key(r.text) for name in LOADERS if name not in NAMES for r in load(name)})
    rows: list[dict[str, object]] = []
    for lang in LANGS:
        path = f"data/{lang}_input_data.jsonl"
        for line in git(repo, "show", f"{commit}:{path}").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            text = cut(str(case["prompt"]))
            if not fresh(text, key(text)):
                continue
            rows.append(
                {
                    "text": text,
                    "label": 0,
                    "lang": lang,
                    "channel": "user",
                    "instructions": [str(i) for i in case["instruction_id_list"]],
                    "fold": fold_of(text),
                    "source": f"{REPO}@{commit}:{path}#{case['key']}",
                }
            )
    licence = git(repo, "show", f"{commit}:LICENSE.txt")
    digest = write_rows(OUT, "prompts.jsonl", rows, licence)
    repeated, dropped = fresh.repeated, len(fresh.dropped)
    print(f"commit {commit}: {len(rows)} rows, {repeated} repeated, {dropped} dropped by opening")
    for field in ("lang", "fold"):
        print(f"  {field}: {dict(sorted(Counter(str(r[field]) for r in rows).items()))}")
    print(f"  cut to 1,000 characters: {sum(len(str(r['text'])) >= 990 for r in rows)}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
