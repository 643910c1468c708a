"""Convert WritingBench's English writing queries into tests/data/attacks/writingbench/.

    fetch github:X-PLUG/WritingBench   # a bare clone, e.g. /work/.mirror/.../repo
    python scripts/vendor_writingbench.py /path/to/WritingBench.git

Issue #13: BiGGen-Bench (session 14) showed benign requests over 80 words blocked 60-85 % by both
local engines, and it had been looked at five times by session 15: the team had no blind set of
long requests left. WritingBench (Wu et al., "WritingBench: A Comprehensive Benchmark for
Generative Writing", 2025, arXiv 2503.05244) is a benchmark of writing queries in six domains
(academic and engineering, finance and business, politics and law, literature and arts,
education, advertising and marketing) and 100 subdomains, most of them carrying the writer's own
material (public reports, legal templates, notes, drafts) collected by 30 annotators; its README
describes the queries as generated with a model from a pool of real-world writing scenarios, then
revised by five experts to fit the materials and practical use. Its first release (commit COMMIT,
March 2025, 1,239 queries in Chinese and English) keeps the full set in
`benchmark_query/benchmark_all.jsonl`, a file over the 4 MiB a snapshot keeps, and three
requirement subsets that fit: `benchmark_query/requirement/<format|length|style>/*_subset.jsonl`
(each with a `_C` twin holding the same queries with category-specific criteria). Each line has
an `index`, `domain1`, `domain2`, the `query` and the `criteria` used to grade an answer. The
repository's LICENSE is the Apache License 2.0 (checked here).

Rows: every query of the three subsets at COMMIT, once per `index` (the converter checks that an
index carries the same query in every file that holds it, `_C` twins included), stripped and cut
to 1,000 characters at a word boundary as the other sets are (most queries are longer: the cut
keeps their first 1,000 characters, so the end of a long query, often the rest of its material,
is left out), labelled benign English user input. Left out by rule, never by what a row says (no
row was read): queries written in Chinese (over 5% of their letters outside ASCII) and any whose
language `language_guess.guess_lang` does not find to be English (the script prints both counts);
empty queries; texts already written once (case-folded), the first kept in index order; rows
whose opening (the first 60 folded characters, `vendor_injecagent.key`) is that of a row of any
other set in `benchmarks/attack_data.LOADERS`; rows that are a near-duplicate (folded word sets
overlapping at Jaccard 0.6 or more, the rule of tests/attack_sets.py) of a row of any other set,
or of a row kept before them in this set. The benchmark holds writing requests only, no attacks
by construction, so nothing is left out for its domain. The later release (April 2025, 1,000
queries) is not used: its full file is over 4 MiB too, and most English queries of its one
subset kept whole (`length`) open like a query of the first release. Each row keeps `origin`
(writingbench), `domain` and `subdomain` (the query's `domain1` and `domain2`), `subsets` (which
requirement subsets hold it), `cut` (whether the query was longer than 1,000 characters) and
`source` (repository@commit:path#index, the first of the subset files in path order that holds
it). The set was converted and registered as blind (`benchmarks/attack_data.BLIND`) before any
of its rows was read or scored; this script prints counts only. Deterministic: the same commit
gives the same file, in index order. The folder also gets the repository's LICENSE after a header
naming the repository and commit, and a NOTICE stating the source and the changes, as the Apache
License asks.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

from language_guess import guess_lang
from vendor_clinc import near_kept_apart
from vendor_injecagent import key, openings_of_others
from vendoring import Fresh, apache_licence, fresh_cut, git, print_counts, write_rows

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.attack_data import LOADERS  # noqa: E402
from compiler.runtime.textfeat import words  # noqa: E402

OUT = ROOT / "tests" / "data" / "attacks" / "writingbench"
NAME = "WritingBench requests"  # this set's own name in LOADERS, once registered
REPOSITORY = "X-PLUG/WritingBench"
COMMIT = "cf2827a321d842d7182f0dcfe3c60356a10372d4"  # March 2025: the first release
SUBSETS = "benchmark_query/requirement"
NEAR = 0.6  # Jaccard of folded word sets at or above which two texts are near-duplicates
BENIGN_USER_EN: dict[str, object] = {"label": 0, "lang": "en", "channel": "user"}
NOTICE = """\
The rows of requests.jsonl are writing queries of WritingBench, the benchmark of

  Yuning Wu, Jiahao Mei, Ming Yan, Chenliang Li, Shaopeng Lai, Yuran Ren, Zijia Wang, Ji Zhang,
  Mengyue Wu, Qin Jin and Fei Huang, "WritingBench: A Comprehensive Benchmark for Generative
  Writing", 2025, https://arxiv.org/abs/2503.05244

as published in https://github.com/X-PLUG/WritingBench at commit
{commit} (its first release), files
benchmark_query/requirement/<format|length|style>/<name>_subset.jsonl, licensed under the
Apache License, Version 2.0 (the repository's LICENSE file, copied beside this note).

Changed by scripts/vendor_writingbench.py: only each query is kept (the grading criteria are
left out), once per index; each is stripped and cut to 1,000 characters at a word boundary and
labelled benign English user input; queries in Chinese or in no language found to be English,
repeated queries, queries opening like or nearly repeating a row of another set of this project,
and queries nearly repeating an earlier one, are left out; the domain, subdomain and subsets of
each query are kept as fields, with whether it was cut and where it comes from.
"""


def _subset_files(repo: Path) -> list[str]:
    """The requirement subset files at COMMIT, in path order."""
    paths = git(repo, "ls-tree", "-r", "--name-only", COMMIT, SUBSETS).splitlines()
    return sorted(p for p in paths if p.endswith(".jsonl"))


def _queries(repo: Path) -> dict[int, dict[str, object]]:
    """Every query by index, in index order: its domain, subdomain, text, the subsets holding it
    and its source (the first file in path order); the same query under one index everywhere."""
    found: dict[int, dict[str, object]] = {}
    for path in _subset_files(repo):
        subset = path.split("/")[2]
        for line in git(repo, "show", f"{COMMIT}:{path}").split("\n"):
            if not line.strip():
                continue
            case = json.loads(line)
            index = int(case["index"])
            query = found.setdefault(
                index,
                {
                    "domain": str(case["domain1"]),
                    "subdomain": str(case["domain2"]),
                    "query": str(case["query"]),
                    "subsets": set(),
                    "source": f"{REPOSITORY}@{COMMIT}:{path}#{index}",
                },
            )
            same = (query["domain"], query["subdomain"], query["query"])
            assert same == (case["domain1"], case["domain2"], case["query"]), (path, index)
            subsets = query["subsets"]
            assert isinstance(subsets, set)
            subsets.add(subset)
    return dict(sorted(found.items()))


def _non_ascii(text: str) -> float:
    """The share of `text`'s letters outside ASCII: the count-only rule that leaves out Chinese."""
    letters = [c for c in text if c.isalpha()]
    return sum(not c.isascii() for c in letters) / max(1, len(letters))


def _near_earlier(texts: list[str]) -> set[int]:
    """The index of each of `texts` that is a near-duplicate of an earlier one it keeps."""
    kept: list[frozenset[str]] = []
    dropped: set[int] = set()
    for i, text in enumerate(texts):
        tokens = frozenset(words(text))
        if any(len(tokens & k) >= NEAR * len(tokens | k) for k in kept):
            dropped.add(i)
        else:
            kept.append(tokens)
    return dropped


def _band(text: str) -> str:
    n = len(words(text))
    return "<=80" if n <= 80 else "81-160" if n <= 160 else ">160"


def main() -> None:
    """Write requests.jsonl, LICENSE and NOTICE from the bare clone given on the command line."""
    repo = Path(sys.argv[1])
    queries = _queries(repo)
    skipped: Counter[str] = Counter()
    kept_out = openings_of_others(NAME)
    fresh = Fresh(kept_out)
    rows: list[dict[str, object]] = []
    for index, query in queries.items():
        raw = str(query["query"])
        if _non_ascii(raw) > 0.05:
            skipped["over 5% non-ASCII letters"] += 1
            continue
        if guess_lang(raw) != "en":
            skipped["not guessed English"] += 1
            continue
        text = fresh_cut(raw, fresh, key, skipped)
        if not text:
            continue
        subsets = query["subsets"]
        assert isinstance(subsets, set)
        fields = {
            "origin": "writingbench",
            "domain": query["domain"],
            "subdomain": query["subdomain"],
            "subsets": sorted(subsets),
            "cut": len(raw.strip()) > len(text),
            "source": query["source"],
        }
        assert str(fields["source"]).endswith(f"#{index}")
        rows.append(BENIGN_USER_EN | {"text": text} | fields)
    others = [name for name in LOADERS if name != NAME]
    near = near_kept_apart([str(r["text"]) for r in rows], (NAME,), others)
    rows = [row for i, row in enumerate(rows) if i not in near]
    own = _near_earlier([str(r["text"]) for r in rows])
    rows = [row for i, row in enumerate(rows) if i not in own]
    digest = write_rows(OUT, "requests.jsonl", rows, apache_licence(repo, REPOSITORY, COMMIT))
    (OUT / "NOTICE").write_text(NOTICE.format(commit=COMMIT), encoding="utf-8")
    print(f"{len(rows)} rows, {fresh.repeated} repeated, skipped {dict(sorted(skipped.items()))}")
    print(f"  queries read: {len(queries)}")
    near_sets = Counter(n for names in near.values() for n in names)
    print(f"  near-duplicates of other sets: {len(near)}; {dict(sorted(near_sets.items()))}")
    print(f"  near-duplicates of an earlier row dropped: {len(own)}")
    print_counts(rows, fresh, kept_out, (("domain",), ("lang",)))
    print(f"  subdomains: {len({str(r['subdomain']) for r in rows})}")
    held = Counter("+".join(map(str, r["subsets"])) for r in rows if isinstance(r["subsets"], list))
    print(f"  subsets: {dict(sorted(held.items()))}")
    print(f"  cut to 1,000 characters: {sum(r['cut'] is True for r in rows)}")
    print(f"  words: {dict(sorted(Counter(_band(str(r['text'])) for r in rows).items()))}")
    openings = len({key(str(r["text"])) for r in rows})
    print(f"  distinct openings: {openings}")
    digests = len({hashlib.sha256(str(r["text"]).encode()).hexdigest() for r in rows})
    print(f"  distinct texts: {digests}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
