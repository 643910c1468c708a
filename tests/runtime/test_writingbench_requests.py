"""WritingBench's English writing queries (scripts/vendor_writingbench.py, session 15), the fresh
blind over-defence set of #13 for long requests: structural checks only.

No row is scored or shown here: the set is scored once, blind, by the lead, so every assertion
compares counts (a failure prints numbers and set names, never a row).
"""

from __future__ import annotations

import json
from collections import Counter

from attack_sets import DATA, benign_user_counts, opening, recorded, roles_of

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


def _raw() -> list[dict[str, object]]:
    data = recorded("writingbench/requests.jsonl")
    # split at newlines only: a query may hold U+2028 or another line separator
    return [json.loads(line) for line in data.decode("utf-8").split("\n") if line]


def _band(text: str) -> str:
    n = len(words(text))
    return "<=80" if n <= 80 else "81-160" if n <= 160 else ">160"


def test_the_set_is_blind_and_in_no_other_role() -> None:
    assert NAME in LOADERS and roles_of(NAME) == ["BLIND"]


def test_the_file_is_the_recorded_one_under_its_licence_and_notice() -> None:
    licence = (DATA / "writingbench" / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert f"{REPOSITORY} {COMMIT}" in licence
    notice = (DATA / "writingbench" / "NOTICE").read_text(encoding="utf-8")
    assert COMMIT in notice and "Changed by scripts/vendor_writingbench.py" in notice


def test_the_loader_returns_benign_english_user_requests_with_valid_fields() -> None:
    rows, raw = load(NAME), _raw()
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
    # counts only: pytest shows the values of the names in a failing assertion, and a set of
    # openings shown there is the blind set's text
    keys = {opening(r.text) for r in load(NAME)}
    distinct = len(keys)
    assert distinct == OPENINGS
    for other in LOADERS:
        if other != NAME:
            shared = len(keys & {opening(r.text) for r in load(other)})
            assert shared == 0, other
