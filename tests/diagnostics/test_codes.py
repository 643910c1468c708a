"""The registry of codes: every code is emitted somewhere, or retired (and then never)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from compiler.diagnostics.codes import CODES
from compiler.diagnostics.sink import Diagnostics
from compiler.diagnostics.span import NO_SPAN

COMPILER = Path(__file__).resolve().parents[2] / "compiler"


def _quoted_codes() -> set[str]:
    """Codes written as string literals in compiler/ outside the registry itself."""
    found: set[str] = set()
    for path in COMPILER.rglob("*.py"):
        if path.name != "codes.py":
            found |= set(re.findall(r"""["']([EW]\d{3})["']""", path.read_text("utf-8")))
    return found


def test_every_live_code_is_emitted_and_no_retired_one() -> None:
    quoted = _quoted_codes()
    live = {code for code, entry in CODES.items() if not entry.retired}
    retired = set(CODES) - live
    # regex_safety reports its codes through `issue.code`; they are literals there too
    assert live - quoted == set(), "registered but never emitted: retire or emit them"
    assert retired & quoted == set(), "a retired code is emitted again"
    assert {"E304", "E242"} <= retired


def test_a_retired_code_cannot_be_emitted() -> None:
    with pytest.raises(KeyError, match="retired"):
        Diagnostics().emit("E304", "value does not match", NO_SPAN)
