"""Convert FollowBench's format and style requests into tests/data/attacks/followbench/.

    fetch github:YJiangcm/FollowBench            # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_followbench.py /path/to/FollowBench.git [COMMIT]

FollowBench (Jiang et al., "FollowBench: A Multi-level Fine-grained Constraints Following
Benchmark for Large Language Models", ACL 2024; Apache-2.0) takes ordinary user requests
(drawn from OpenAssistant, Anthropic's helpful-base, Koala, Quora, Vicuna and Reddit questions)
and adds one constraint per level, levels 1 to 5, to the same request (level 0 is the request
alone). By the paper's taxonomy its `format` constraints bear on the answer's form and its
`style` constraints on the answer's tone and register. They are benign requests carrying
constraints on the answer, written independently of IFEval's templates: an over-defence set for
issue #13.

Rows: the `instruction` of every level 1-5 item of `data/format_constraints.json` and
`data/style_constraints.json` at the commit (300: 30 requests x 5 levels in each file, under
the cap of 600, so no row is chosen; level 0 carries no constraint and is left out; the
Chinese `data_zh/` is not a language guardc's sets tag), cut to 1,000 characters at a word
boundary (as the other sets are), labelled benign English user input. Each keeps `category`,
`level`, `example_id`, `origin` (FollowBench's `source`: the collection the request came from)
and `source` (repository@commit:path#index). The five levels of one request share its opening,
so they are kept together: texts already written once (folded) are kept once, and rows whose
opening (the first 60 folded characters) is that of a row of any other set in
`benchmarks/attack_data.LOADERS` are dropped. The set was converted and registered as blind
(`benchmarks/attack_data.BLIND`) before any of its rows was read or scored; this script prints
counts only. Deterministic: the same commit gives the same file.
"""

from __future__ import annotations

import json
from pathlib import Path

from vendor_injecagent import key, openings_of_others
from vendoring import Fresh, cut, git, print_counts, source, write_rows

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "attacks" / "followbench"
NAME = "FollowBench format and style"  # this set's own name in LOADERS, once registered
REPO = "YJiangcm/FollowBench"
CATEGORIES = ("format", "style")
LEVELS = range(1, 6)  # level 0 is the request without any constraint


def _non_ascii_share(text: str) -> float:
    """The share of `text`'s letters outside ASCII: a count-only check that the rows are English."""
    letters = [c for c in text if c.isalpha()]
    return sum(not c.isascii() for c in letters) / max(1, len(letters))


def main() -> None:
    """Write requests.jsonl from the repository and commit given on the command line."""
    repo, commit = source()
    kept_out = openings_of_others(NAME)
    fresh = Fresh(kept_out)
    rows: list[dict[str, object]] = []
    for category in CATEGORIES:
        path = f"data/{category}_constraints.json"
        for i, case in enumerate(json.loads(git(repo, "show", f"{commit}:{path}"))):
            if int(case["level"]) not in LEVELS or case["category"] != category:
                continue
            text = cut(str(case["instruction"]))
            if not fresh(text, key(text)):
                continue
            rows.append(
                {
                    "text": text,
                    "label": 0,
                    "lang": "en",
                    "channel": "user",
                    "category": category,
                    "level": int(case["level"]),
                    "example_id": int(case["example_id"]),
                    "origin": str(case["source"]),
                    "source": f"{REPO}@{commit}:{path}#{i}",
                }
            )
    digest = write_rows(OUT, "requests.jsonl", rows, git(repo, "show", f"{commit}:LICENSE"))
    print(f"commit {commit}: {len(rows)} rows, {fresh.repeated} repeated")
    print_counts(rows, fresh, kept_out, (("category",), ("level",), ("origin",)))
    print(f"  requests: {len({(r['category'], r['example_id']) for r in rows})}")
    foreign = sum(_non_ascii_share(str(r["text"])) > 0.05 for r in rows)
    print(f"  over 5% non-ASCII letters: {foreign}")
    print(f"  cut to 1,000 characters: {sum(len(str(r['text'])) >= 990 for r in rows)}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
