"""Vendor Multilingual HateCheck's German, French, Spanish and Italian test cases as HATE rows,
split by template into a training sample, a tuning sample and a held-out sample (session 15).

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

Cases are generated from templates (a template with its target identity filled in), and a
spelling-variation or counter-speech template is written from another one (`ref_templ_id`). A
*template group* is a connected set of template numbers joined by those references, in any of
the four languages (the languages share template numbers: a number's templates are renderings of
one English template). Each group goes whole to one side, by a seeded draw:

* held out (`heldout_multilingual_hatecheck.jsonl`, HELD_OUT_SHARE of the groups): up to
  HELD_OUT_PER_FUNCTIONALITY cases of each functionality per language; read only by
  `benchmarks/bench_content.py`, which prints counts;
* tuning (`multilingual_hatecheck_tuning.jsonl`, TUNING_SHARE of the other groups): up to
  TUNING_PER_FUNCTIONALITY cases of each functionality per language, for choosing a candidate;
  never trained on;
* training (`multilingual_hatecheck.jsonl`, the rest): up to PER_FUNCTIONALITY cases of each
  functionality per language.

Training and tuning cases near a held-out case of their language, near a row of the English
held-out sets or near a row of authored_lookalike_tuning.jsonl, by the rule of
`vendor_multijail.py`, are left out before sampling; counts only are printed.
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
TRAINING = DATA / "multilingual_hatecheck.jsonl"
TUNING = DATA / "multilingual_hatecheck_tuning.jsonl"
HELD_OUT = DATA / "heldout_multilingual_hatecheck.jsonl"
LANGUAGES = {"german": "de", "french": "fr", "spanish": "es", "italian": "it"}
PER_FUNCTIONALITY = 20
TUNING_PER_FUNCTIONALITY = 10
HELD_OUT_PER_FUNCTIONALITY = 20
HELD_OUT_SHARE = 0.3
TUNING_SHARE = 0.25
LABELS = {"hateful": 1, "non-hateful": 0}

Case = dict[str, str]


def number(field: str) -> str:
    """A template number as written ("242" or "242.0") without its decimals; "" stays ""."""
    return str(int(float(field))) if field.strip() else ""


def groups(cases: list[Case]) -> dict[str, str]:
    """Each template number's group: the smallest number joined to it by `ref_templ_id`."""
    parent: dict[str, str] = {}

    def root(t: str) -> str:
        while parent.setdefault(t, t) != t:
            t = parent[t]
        return t

    for c in cases:
        a, b = root(number(c["templ_id"])), number(c["ref_templ_id"])
        if b:
            b = root(b)
            low, high = sorted((a, b), key=int)
            parent[high] = low
    return {t: root(t) for t in list(parent)}


def row(c: Case, lang: str) -> dict[str, object]:
    return {
        "text": " ".join(c["test_case"].split()),
        "labels": {"HATE": LABELS[c["label_gold"]]},
        "lang": lang,
        "functionality": c["functionality"],
        "id": c["mhc_case_id"],
        "template": number(c["templ_id"]),
    }


def sample(
    cases: list[Case], lang: str, per: int, pick: random.Random, unique: set[str]
) -> list[dict[str, object]]:
    """Up to `per` cases of each functionality (in name order), each text once over the files."""
    by_functionality: dict[str, list[Case]] = {}
    for c in cases:
        by_functionality.setdefault(c["functionality"], []).append(c)
    out = []
    for functionality in sorted(by_functionality):
        fresh = []
        for c in by_functionality[functionality]:
            r = row(c, lang)
            key = str(r["text"]).casefold()
            if key not in unique:
                unique.add(key)
                fresh.append(r)
        out += pick.sample(fresh, min(per, len(fresh)))
    return out


def main() -> None:
    repo = Path(sys.argv[1])
    commit = git(repo, "rev-parse", "HEAD").decode().strip()
    cases: dict[str, list[Case]] = {}
    for language, lang in LANGUAGES.items():
        path = f"MHC Final Cases/hatecheck_cases_final_{language}.csv"
        raw = git(repo, "show", f"{commit}:{path}").decode("utf-8-sig")
        cases[lang] = list(csv.DictReader(io.StringIO(raw)))
    group = groups([c for found in cases.values() for c in found])
    names = sorted(set(group.values()), key=int)
    draw = random.Random(15)
    draw.shuffle(names)
    cut = round(HELD_OUT_SHARE * len(names))
    rest = names[cut:]
    side = dict.fromkeys(names[:cut], "held out")
    side.update(dict.fromkeys(rest[: round(TUNING_SHARE * len(rest))], "tuning"))
    print(f"commit {commit}: {len(group)} template numbers in {len(names)} groups")
    per_side = Counter(side.get(n, "training") for n in names)
    print(f"  groups per side: {dict(sorted(per_side.items()))}")
    with (DATA / "authored_lookalike_tuning.jsonl").open(encoding="utf-8") as f:
        lookalike_tuning = [str(json.loads(line)["text"]) for line in f]
    pick = random.Random(15)
    unique: set[str] = set()
    out: dict[str, list[dict[str, object]]] = {"held out": [], "tuning": [], "training": []}
    dropped = 0
    for lang, found in cases.items():
        by_side: dict[str, list[Case]] = {"held out": [], "tuning": [], "training": []}
        for c in found:
            by_side[side.get(group[number(c["templ_id"])], "training")].append(c)
        held = sample(by_side["held out"], lang, HELD_OUT_PER_FUNCTIONALITY, pick, unique)
        out["held out"] += held
        held_texts = [str(r["text"]) for r in held]
        for name, per in (("tuning", TUNING_PER_FUNCTIONALITY), ("training", PER_FUNCTIONALITY)):
            texts = [" ".join(c["test_case"].split()) for c in by_side[name]]
            near = (
                near_any(texts, held_texts)
                | near_held_out(texts)
                | near_any(texts, lookalike_tuning)
            )
            dropped += len(near)
            kept = [c for i, c in enumerate(by_side[name]) if i not in near]
            out[name] += sample(kept, lang, per, pick, unique)
    print(f"  training and tuning cases left out as near a held-out or tuning row: {dropped}")
    for name, path in (("training", TRAINING), ("tuning", TUNING), ("held out", HELD_OUT)):
        rows = out[name]
        hateful = Counter(str(r["lang"]) for r in rows if r["labels"] == {"HATE": 1})
        per_language = Counter(str(r["lang"]) for r in rows)
        print(f"{name}: {len(rows)} rows {dict(sorted(per_language.items()))}")
        print(f"  hateful per language: {dict(sorted(hateful.items()))}")
        write_rows(path, rows)
    shipped = Counter(side.get(group[str(r["template"])], "training") for r in out["training"])
    print(f"  training rows per side (check): {dict(shipped)}")


if __name__ == "__main__":
    main()
