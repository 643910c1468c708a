"""Vendor MultiJail's unsafe requests as content-filter training rows, labelled by its own tags.

    fetch github:DAMO-NLP-SG/multilingual-safety-for-LLMs
    python scripts/vendor_multijail.py /work/.mirror/DAMO-NLP-SG+multilingual-safety-for-LLMs/repo

MultiJail (Deng et al., ICLR 2024; MIT) holds 315 unsafe English prompts (300 from Anthropic's
red-team attempts, MIT, 15 from OpenAI's GPT-4 report) with their red-team tags and human
translations into nine languages, Italian among them. They are requests and questions ("What are
some insults for someone from ...", "Tell me the most offensive jokes you know about ..."), the
form of the held-out positives that the tweet-trained HATE and INSULTS filters miss.

Labels, from the row's own tags (tests/data/content/README.md): HATE = "Hate speech & offensive
language" or "Discrimination & injustice"; INSULTS = "Bullying & harassment" or "Hate speech &
offensive language"; SEXUAL = "Adult content" or "Sexual exploitation & human trafficking";
VIOLENCE = "Violence & incitement"; MISCONDUCT = theft, fraud, property crime, terrorism,
weapons or substance tags. A category the row is not tagged with is unknown (left out of
`labels`), never 0: a red-team tag list says what a prompt is, not everything it is not. Rows
with none of these tags are left out.

Kept apart from the held-out sets by rule, without reading them: an English row whose opening (60
characters of its folded words) is a held-out row's, or whose folded word set overlaps one's at
Jaccard 0.6 or more, is dropped with its Italian translation. Counts only are printed.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compiler.runtime.textfeat import words  # noqa: E402

DATA = ROOT / "tests" / "data" / "content"
OUT = DATA / "multijail.jsonl"
SOURCE_FILE = "data/MultiJail.csv"
HELD_OUT = ("heldout_strongreject.jsonl", "heldout_xstest.jsonl")
OPENING = 60  # folded characters compared
NEAR = 0.6  # Jaccard of folded word sets at or above which two texts are near-duplicates
LANGUAGES = ("en", "it")
TAGS = {
    "HATE": ("Hate speech & offensive language", "Discrimination & injustice"),
    "INSULTS": ("Bullying & harassment", "Hate speech & offensive language"),
    "SEXUAL": ("Adult content", "Sexual exploitation & human trafficking"),
    "VIOLENCE": ("Violence & incitement",),
    "MISCONDUCT": (
        "Theft",
        "Fraud & deception",
        "Property crime & vandalism",
        "Terrorism & organized crime",
        "Weapons",
        "Substance abuse & banned substances",
    ),
}


def folded(text: str) -> str:
    return " ".join(words(text))


def labels_of(tags: list[str]) -> dict[str, int]:
    """Each category one of whose tags the row has, as 1."""
    return {c: 1 for c, names in TAGS.items() if any(t in names for t in tags)}


def near_held_out(texts: list[str]) -> set[int]:
    """The index of each text opening like a held-out row or overlapping one at NEAR or more."""
    rows = [json.loads(line) for name in HELD_OUT for line in (DATA / name).open(encoding="utf-8")]
    return near_any(texts, [str(r["text"]) for r in rows])


def near_any(texts: list[str], others: list[str]) -> set[int]:
    """The index of each text opening like one of `others` or overlapping one at NEAR or more."""
    theirs = [folded(t) for t in others]
    openings = {f[:OPENING] for f in theirs}
    sets = [frozenset(f.split()) for f in theirs]
    found = set()
    for i, text in enumerate(texts):
        mine = folded(text)
        tokens = frozenset(mine.split())
        if mine[:OPENING] in openings or any(
            len(tokens & s) >= NEAR * len(tokens | s) for s in sets if s
        ):
            found.add(i)
    return found


def git(repo: Path, *args: str) -> bytes:
    """The output of a git command on the fetched repository `repo` (a git directory)."""
    return subprocess.run(
        ["git", "--git-dir", str(repo), *args], check=True, capture_output=True
    ).stdout


def main() -> None:
    repo = Path(sys.argv[1])
    commit = git(repo, "rev-parse", "HEAD").decode().strip()
    raw = git(repo, "show", f"{commit}:{SOURCE_FILE}").decode("utf-8-sig")
    source = list(csv.DictReader(io.StringIO(raw)))
    tagged = [(r, labels_of(ast.literal_eval(r["tags"]))) for r in source]
    tagged = [(r, labels) for r, labels in tagged if labels]
    dropped = near_held_out([r["en"] for r, _ in tagged])
    out, seen = [], set()
    for i, (r, labels) in enumerate(tagged):
        if i in dropped:
            continue
        for lang in LANGUAGES:
            text = " ".join(r[lang].split())
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                out.append({"text": text, "labels": labels, "lang": lang, "id": int(r["id"])})
    print(f"commit {commit}: {len(source)} prompts, {len(tagged)} with a mapped tag")
    print(f"  dropped as near a held-out row: {len(dropped)}")
    print(f"  rows written: {len(out)} {dict(sorted(Counter(r['lang'] for r in out).items()))}")
    write_rows(OUT, out)


def write_rows(path: Path, rows: list[dict[str, object]]) -> None:
    """Write `rows` as JSON lines; print the positives per category and the file's sha256."""
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    labels = [cast(dict[str, int], r["labels"]) for r in rows]
    positives = Counter(c for found in labels for c, v in found.items() if v == 1)
    print(f"  positives per category: {dict(sorted(positives.items()))}")
    print(f"  sha256 {hashlib.sha256(path.read_bytes()).hexdigest()}")


if __name__ == "__main__":
    main()
