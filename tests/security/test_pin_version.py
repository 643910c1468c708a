"""`pin version N` must name a version Bedrock can have: `0` and a 26-digit number were
accepted and written into the IAM condition (`ARN:0`), which matches no request, so every model
call of the role would be denied; a 5,000-digit pin crashed `int()` (E901) (issue 16, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.aws import bedrock_model as bm
from compiler.diagnostics.sink import Diagnostics
from compiler.frontend.lower_stmt import MAX_VERSION_DIGITS
from compiler.pipeline import load

TEMPLATE = """\
guardrail "g":
  filter hate at high
  access:
    account "111122223333"
    pin version {version}
"""


def _check(tmp_path: Path, version: str) -> Diagnostics:
    path = tmp_path / "g.guard"
    path.write_text(TEMPLATE.format(version=version), encoding="utf-8")
    sink = Diagnostics()
    load([path], sink)
    return sink


@pytest.mark.parametrize(
    "version", ["0", "00", "100000000", "12345678901234567890123456", "9" * 5000]
)
def test_impossible_versions_are_e009_at_the_number(tmp_path: Path, version: str) -> None:
    found = [(d.code, d.span.line, d.span.column) for d in _check(tmp_path, version).sorted()]
    assert found == [("E009", 5, 17)]


@pytest.mark.parametrize(
    ("version", "pinned"), [("1", "1"), ("007", "7"), ("99999999", "99999999")]
)
def test_possible_versions_are_kept(tmp_path: Path, version: str, pinned: str) -> None:
    path = tmp_path / "g.guard"
    path.write_text(TEMPLATE.format(version=version), encoding="utf-8")
    sink = Diagnostics()
    loaded = load([path], sink)
    assert not sink.has_errors, [d.message for d in sink.sorted()]
    guardrail = loaded.policy.guardrail("g")
    assert guardrail is not None and guardrail.access is not None
    assert guardrail.access.version == pinned


def test_the_bound_is_bedrocks() -> None:
    """The front end's limit is the model's pattern (ApplyGuardrail's guardrailVersion)."""
    limits = bm.field("ApplyGuardrail.guardrailVersion")
    largest = "9" * MAX_VERSION_DIGITS
    assert limits.matches(largest)
    assert not limits.matches(largest + "9")
    assert not limits.matches("0")
