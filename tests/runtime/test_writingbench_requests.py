"""WritingBench's English writing queries (scripts/vendor_writingbench.py, session 15), the fresh
blind over-defence set of #13 for long requests: structural checks only.

No row is scored or shown here: the set is scored once, blind, by the lead, so every assertion
compares counts (a failure prints numbers and set names, never a row).
"""

from __future__ import annotations

from collections import Counter

from attack_sets import (
    assert_apache_folder,
    assert_openings_apart,
    benign_user_counts,
    recorded_rows,
    roles_of,
)

from benchmarks.attack_data import LOADERS, load
from compiler.runtime.textfeat import words

NAME = "WritingBench requests"
ROWS = 370
OPENINGS = 369  # distinct openings (60 folded characters)
FIELDS = {
    "text",
    "label",
    "lang",
    "channel",
    "origin",
    "domain",
    "subdomain",
    "subsets",
    "cut",
    "source",
}
DOMAINS = {
    "Academic & Engineering": 59,
    "Advertising & Marketing": 74,
    "Education": 43,
    "Finance & Business": 56,
    "Literature & Arts": 73,
    "Politics & Law": 65,
}
BANDS = {"<=80": 19, "81-160": 314, ">160": 37}  # words by compiler.runtime.textfeat.words
CUT = 334  # queries longer than 1,000 characters, cut at a word boundary
SUBDOMAINS = 100
REPOSITORY = "X-PLUG/WritingBench"
COMMIT = "cf2827a321d842d7182f0dcfe3c60356a10372d4"
SUBSETS = ("format", "length", "style")


def _band(text: str) -> str:
    n = len(words(text))
    return "<=80" if n <= 80 else "81-160" if n <= 160 else ">160"


def test_the_set_is_blind_and_in_no_other_role() -> None:
    assert NAME in LOADERS and roles_of(NAME) == ["BLIND"]


def test_the_file_is_the_recorded_one_under_its_licence_and_notice() -> None:
    assert_apache_folder("writingbench", REPOSITORY, COMMIT, "vendor_writingbench.py")


def test_the_loader_returns_benign_english_user_requests_with_valid_fields() -> None:
    rows, raw = load(NAME), recorded_rows("writingbench/requests.jsonl")
    where = f"{REPOSITORY}@{COMMIT}:benchmark_query/requirement/"
    # counts only, computed before each assertion: a failure must not print a row
    counts = benign_user_counts(rows, raw, FIELDS) | {
        "origin": sum(s["origin"] == "writingbench" for s in raw),
        "source names a subset file the row is in": sum(
            str(s["source"]).startswith(where)
            and isinstance(s["subsets"], list)
            and str(s["source"]).removeprefix(where).split("/")[0] in s["subsets"]
            for s in raw
        ),
        "subsets a sorted, non-empty list of the three": sum(
            isinstance(s["subsets"], list)
            and bool(s["subsets"])
            and s["subsets"] == sorted(set(s["subsets"]))
            and set(s["subsets"]) <= set(SUBSETS)
            for s in raw
        ),
        "cut a boolean": sum(isinstance(s["cut"], bool) for s in raw),
    }
    assert counts == dict.fromkeys(counts, ROWS)
    assert Counter(str(s["domain"]) for s in raw) == DOMAINS
    assert len({str(s["subdomain"]) for s in raw}) == SUBDOMAINS
    assert sum(s["cut"] is True for s in raw) == CUT
    assert Counter(_band(r.text) for r in rows) == BANDS
    assert len({str(s["source"]) for s in raw}) == ROWS


def test_no_opening_is_shared_with_another_set() -> None:
    distinct = assert_openings_apart(NAME)
    assert distinct == OPENINGS
