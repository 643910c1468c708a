"""docs/targets.md lists every member of the requests guardc writes, and what sets it: the
tables must match botocore's model, so a member AWS adds is noticed (and given a statement, or
a reason why not)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import botocore.session
import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "targets.md"
# the table's heading → the operations whose members it lists
TABLES = {
    "CreateGuardrail and UpdateGuardrail": ("CreateGuardrail", "UpdateGuardrail"),
    "PutEnforcedGuardrailConfiguration": ("PutEnforcedGuardrailConfiguration",),
    "PutResourcePolicy": ("PutResourcePolicy",),
}
_ROW = re.compile(r"^\| `([^`]+)` \| (.+) \|$")


def model_members(operation: str) -> set[str]:
    """Every member path of the operation's input: `a.b`, `a.list[].c`."""
    model = botocore.session.get_session().get_service_model("bedrock")
    found: set[str] = set()

    def walk(shape: Any, prefix: str) -> None:
        if shape.type_name == "structure":
            for name, member in shape.members.items():
                path = f"{prefix}.{name}" if prefix else name
                found.add(path)
                walk(member, path)
        elif shape.type_name == "list":
            walk(shape.member, prefix + "[]")

    walk(model.operation_model(operation).input_shape, "")
    return found


def table(heading: str) -> dict[str, str]:
    """The rows of the table under `### heading`: member → what sets it."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index(f"### {heading}")
    rows: dict[str, str] = {}
    for line in lines[start + 1 :]:
        if line.startswith("#"):
            break
        match = _ROW.match(line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


@pytest.mark.parametrize("heading", list(TABLES))
def test_every_model_member_has_a_row(heading: str) -> None:
    wanted = set().union(*(model_members(op) for op in TABLES[heading]))
    rows = table(heading)
    assert wanted - set(rows) == set(), "members the model has and the table lacks"
    assert set(rows) - wanted == set(), "rows the model no longer has"
    assert all(text.strip() for text in rows.values())


def test_the_check_notices_a_new_member() -> None:
    # a member botocore gains is missing from the table: the comparison above would fail
    members = model_members("PutResourcePolicy") | {"expectedRevisionId"}
    assert members - set(table("PutResourcePolicy")) == {"expectedRevisionId"}
