"""PII cases per miss class (issue 13) and AWS's own entity-definition examples.

The cases live in tests/data/pii/cases.json (also scored per type by `make bench`). A case with a
value expects exactly that (type, text) among the matches of all 31 types; a case whose value is
null is a near miss: no match of that type at all. Test ids are `<class>-<n>-<type>`, so
`pytest -k ssn-separators` runs one class.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from compiler.runtime.pii import PII_TYPES, find_pii

CASES_FILE = Path(__file__).resolve().parents[1] / "data" / "pii" / "cases.json"
DATA: dict[str, Any] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DATA["cases"]


def _id(i: int, case: dict[str, Any]) -> str:
    polarity = "" if case["value"] is not None else "not-"
    return f"{case['class']}-{i}-{polarity}{case['type']}"


def _params(select: str | None = None, exclude: str | None = None) -> list[Any]:
    return [
        pytest.param(c, id=_id(i, c))
        for i, c in enumerate(CASES)
        if (select is None or c["class"] == select) and c["class"] != exclude
    ]


def _check(case: dict[str, Any]) -> None:
    found = [(m.type, m.text) for m in find_pii(case["text"], PII_TYPES)]
    if case["value"] is None:
        assert case["type"] not in {t for t, _ in found}, found
    else:
        assert (case["type"], case["value"]) in found, found


@pytest.mark.parametrize("case", _params(exclude="aws-examples"))
def test_class_case(case: dict[str, Any]) -> None:
    _check(case)


@pytest.mark.parametrize("case", _params(select="aws-examples"))
def test_aws_definition_example(case: dict[str, Any]) -> None:
    """Each example AWS gives in its entity definitions is found as AWS describes it (the
    span AWS names, or nothing where AWS says the text is not that type)."""
    url = DATA["sources"][case["source"]]
    assert url.startswith("https://docs.aws.amazon.com/"), url
    _check(case)


def test_case_file_is_well_formed() -> None:
    classes = {c["class"] for c in CASES}
    assert len(classes) >= 15
    for case in CASES:
        assert case["type"] in PII_TYPES, case
        assert case["value"] is None or case["value"] in case["text"], case
    # every class has positives and, except AWS's list of examples, near misses
    for name in classes - {"aws-examples"}:
        values = [c["value"] for c in CASES if c["class"] == name]
        assert any(v is None for v in values), name
        assert any(v is not None for v in values), name
