"""Vendor a sample of Multilingual HateCheck's German, French, Spanish and Italian test cases as
HATE rows for a later content round (session 15: kept, not trained on).

    fetch github:rewire-online/multilingual-hatecheck
    python scripts/vendor_hatecheck.py /work/.mirror/rewire-online+multilingual-hatecheck/repo

Multilingual HateCheck (Röttger et al., WOAH 2022; CC-BY-4.0, the repository's LICENSE) holds
functional tests for hate speech detection written by native speakers: hateful statements
(derogation, threats, slurs, hate phrased as a question or opinion, spelling variations) and
non-hateful ones that look like them (counter-speech quoting or naming hate, negated hate,
neutral and positive statements about a group, profanity and abuse aimed at an individual, an
object or a non-protected group). The label is the dataset's gold label: "hateful" -> HATE 1,
"non-hateful" -> HATE 0; every other category is unknown (a threat is also violence, an abuse of
an individual also an insult, but the dataset does not say). Statements, not requests: the
safe side is the one the project lacks in these languages.

A sample, `PER_FUNCTIONALITY` cases of each functionality per language (random, seed 15), as
the cases are generated from templates. Rows near a held-out row or a row of the tuning set the
grids choose on (authored_lookalike_tuning.jsonl), by the rule of `vendor_multijail.py`, are
dropped; counts only are printed.
"""

from __future__ import annotations

import csv
import io
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from vendor_multijail import git, near_any, near_held_out, write_rows  # noqa: E402

DATA = ROOT / "tests" / "data" / "content"
OUT = DATA / "multilingual_hatecheck.jsonl"
LANGUAGES = {"german": "de", "french": "fr", "spanish": "es", "italian": "it"}
PER_FUNCTIONALITY = 20
LABELS = {"hateful": 1, "non-hateful": 0}


def main() -> None:
    repo = Path(sys.argv[1])
    commit = git(repo, "rev-parse", "HEAD").decode().strip()
    rows: list[dict[str, object]] = []
    for language, lang in LANGUAGES.items():
        path = f"MHC Final Cases/hatecheck_cases_final_{language}.csv"
        raw = git(repo, "show", f"{commit}:{path}").decode("utf-8-sig")
        by_functionality: dict[str, list[dict[str, str]]] = {}
        for r in csv.DictReader(io.StringIO(raw)):
            by_functionality.setdefault(r["functionality"], []).append(r)
        pick = random.Random(15)
        for functionality in sorted(by_functionality):
            cases = by_functionality[functionality]
            for r in pick.sample(cases, min(PER_FUNCTIONALITY, len(cases))):
                rows.append(
                    {
                        "text": " ".join(r["test_case"].split()),
                        "labels": {"HATE": LABELS[r["label_gold"]]},
                        "lang": lang,
                        "functionality": functionality,
                        "id": r["mhc_case_id"],
                    }
                )
    texts = [str(r["text"]) for r in rows]
    with (DATA / "authored_lookalike_tuning.jsonl").open(encoding="utf-8") as f:
        tuning = [str(json.loads(line)["text"]) for line in f]
    dropped = near_held_out(texts) | near_any(texts, tuning)
    seen: set[str] = set()
    out = []
    for i, row in enumerate(rows):
        key = str(row["text"]).casefold()
        if i not in dropped and key not in seen:
            seen.add(key)
            out.append(row)
    print(f"commit {commit}: {len(rows)} cases sampled")
    print(f"  dropped as near a held-out or tuning row: {len(dropped)}")
    print(f"  rows written: {len(out)} {dict(sorted(Counter(r['lang'] for r in out).items()))}")
    hateful = Counter(str(r["lang"]) for r in out if r["labels"] == {"HATE": 1})
    print(f"  hateful per language: {dict(sorted(hateful.items()))}")
    write_rows(OUT, out)


if __name__ == "__main__":
    main()
