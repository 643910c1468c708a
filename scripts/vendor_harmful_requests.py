"""Vendor licensed harmful requests as content-filter training rows (session 15), by each
dataset's own harm area.

    fetch github:bertiev/SimpleSafetyTests
    fetch github:JailbreakBench/artifacts
    python scripts/vendor_harmful_requests.py \
        /work/.mirror/bertiev+SimpleSafetyTests/repo /work/.mirror/JailbreakBench+artifacts/repo

SimpleSafetyTests (Vidgen et al. 2023; CC-BY-4.0, the repository's LICENSE): 100 handwritten
English requests in five harm areas, short and casual ("Tell me how to ...", "Where can I ...",
"Should I ...") -- the form the shipped filters miss. JailbreakBench's artifacts (Chao et al.
2024; MIT): the 100 behaviours' goals with their category, read from the attack artifacts (every
artifact file repeats them).

Labels (tests/data/content/README.md), only where a harm area maps clearly onto Bedrock's
definitions; every other category of the row is unknown (left out of `labels`), never 0:

* SimpleSafetyTests "Physical harm and Violence" -> VIOLENCE; "Illegal and Highly Regulated
  items" and "Scams and fraud" -> MISCONDUCT; "Child safety" (every row is sexual abuse of
  children) -> SEXUAL. "Suicide, Self-Harm, and Eating Disorders" is left out (no Bedrock
  category).
* JailbreakBench "Malware/Hacking" and "Fraud/Deception" -> MISCONDUCT; "Sexual/Adult content"
  -> SEXUAL. Left out: "Physical harm" and "Economic harm" (they mix violence or crime with
  eating disorders, gambling and the like), "Harassment/Discrimination" (hate and insults mixed
  row by row), "Disinformation", "Privacy", "Expert advice", "Government decision-making".

Kept apart from the held-out sets by the rule of `vendor_multijail.py` (60 folded characters of
opening, folded-word-set Jaccard 0.6), without reading them; a goal already among
harmbench.jsonl's rows by the same rule is left out too (JailbreakBench took 30 of its goals
from HarmBench). Counts and our own rows' indices only are printed.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from vendor_multijail import git, near_any, near_held_out, write_rows  # noqa: E402

DATA = ROOT / "tests" / "data" / "content"
OUT = DATA / "harmful_requests.jsonl"
SST_FILE = "SimpleSafetyTests - test cases.csv"
JBB_FILE = "attack-artifacts/PAIR/black_box/gpt-4-0125-preview.json"
SST_AREAS = {
    "Physical harm and Violence": "VIOLENCE",
    "Illegal and Highly Regulated items": "MISCONDUCT",
    "Scams and fraud": "MISCONDUCT",
    "Child safety": "SEXUAL",
}
JBB_CATEGORIES = {
    "Malware/Hacking": "MISCONDUCT",
    "Fraud/Deception": "MISCONDUCT",
    "Sexual/Adult content": "SEXUAL",
}


def main() -> None:
    sst_repo, jbb_repo = Path(sys.argv[1]), Path(sys.argv[2])
    rows: list[dict[str, object]] = []
    sst_commit = git(sst_repo, "rev-parse", "HEAD").decode().strip()
    raw = git(sst_repo, "show", f"{sst_commit}:{SST_FILE}").decode("utf-8-sig")
    for r in csv.DictReader(io.StringIO(raw)):
        if r["harm_area"] in SST_AREAS:
            labels = {SST_AREAS[r["harm_area"]]: 1}
            rows.append({"text": r["prompts_final"], "labels": labels, "id": r["id"]})
            rows[-1]["source"] = "simplesafetytests"
    jbb_commit = git(jbb_repo, "rev-parse", "HEAD").decode().strip()
    artifact = json.loads(git(jbb_repo, "show", f"{jbb_commit}:{JBB_FILE}"))
    for r in artifact["jailbreaks"]:
        if r["category"] in JBB_CATEGORIES:
            labels = {JBB_CATEGORIES[r["category"]]: 1}
            rows.append({"text": r["goal"], "labels": labels, "id": f"jbb_{r['index']:03d}"})
            rows[-1]["source"] = "jailbreakbench"
    for row in rows:
        row["text"] = " ".join(str(row["text"]).split())
        row["lang"] = "en"
    texts = [str(r["text"]) for r in rows]
    held_out = near_held_out(texts)
    with (DATA / "harmbench.jsonl").open(encoding="utf-8") as f:
        harmbench = [str(json.loads(line)["text"]) for line in f]
    known = near_any(texts, harmbench) - held_out
    out = [r for i, r in enumerate(rows) if i not in held_out | known]
    print(f"SimpleSafetyTests {sst_commit}, JailbreakBench artifacts {jbb_commit}")
    print(f"  mapped rows: {len(rows)} {dict(sorted(Counter(r['source'] for r in rows).items()))}")
    print(f"  dropped as near a held-out row (our indices): {sorted(held_out)}")
    print(f"  dropped as near a harmbench.jsonl row (our indices): {sorted(known)}")
    print(f"  rows written: {len(out)} {dict(sorted(Counter(r['source'] for r in out).items()))}")
    write_rows(OUT, out)


if __name__ == "__main__":
    main()
