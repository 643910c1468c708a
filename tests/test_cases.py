"""Data-driven compiler cases, discovered from tests/cases/.

- `ok/<slug>/input.guard` must load (parse, resolve, validate) without any diagnostic.
- `err/<CODE>-<slug>/input.guard` must give exactly the diagnostics its `expected.txt` lists, one
  per line as `CODE LINE:COL` (in input.guard) or `CODE FILE:LINE:COL` (in another file of the
  case folder); blank lines and `#` comments are ignored. The folder's code must be among them.
Other files in a case folder are modules that input.guard uses.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from compiler.diagnostics.sink import Diagnostic, Diagnostics
from compiler.pipeline import load

CASES = Path(__file__).parent / "cases"
OK = sorted((CASES / "ok").glob("*/input.guard"))
ERR = sorted((CASES / "err").glob("*/input.guard"))
_CODE = re.compile(r"^([EW]\d{3})-")


def _where(diagnostic: Diagnostic, case: Path) -> str:
    """`CODE L:C` for input.guard, `CODE FILE:L:C` for another file (relative to the case)."""
    span = diagnostic.span
    path = Path(span.file)
    if path.is_absolute() and path.is_relative_to(case):
        name = path.relative_to(case).as_posix()
    else:
        name = span.file
    place = f"{span.line}:{span.column}"
    return (
        f"{diagnostic.code} {place}"
        if name == "input.guard"
        else f"{diagnostic.code} {name}:{place}"
    )


def _run(path: Path) -> tuple[Diagnostics, list[str]]:
    sink = Diagnostics()
    load([path.resolve()], sink)
    return sink, [_where(d, path.parent.resolve()) for d in sink.sorted()]


@pytest.mark.parametrize("path", OK, ids=[p.parent.name for p in OK])
def test_ok_case(path: Path) -> None:
    sink, found = _run(path)
    messages = [f"{where}: {d.message}" for where, d in zip(found, sink.sorted(), strict=True)]
    assert messages == []


@pytest.mark.parametrize("path", ERR, ids=[p.parent.name for p in ERR])
def test_err_case(path: Path) -> None:
    expected_file = path.parent / "expected.txt"
    assert expected_file.is_file(), f"{path.parent.name} has no expected.txt"
    lines = expected_file.read_text(encoding="utf-8").splitlines()
    expected = [x.strip() for x in lines if x.strip() and not x.strip().startswith("#")]
    sink, found = _run(path)
    detail = "\n".join(f"{w}: {d.message}" for w, d in zip(found, sink.sorted(), strict=True))
    assert Counter(found) == Counter(expected), detail
    match = _CODE.match(path.parent.name)
    assert match is not None, "err case folders are named CODE-slug"
    assert match.group(1) in {d.code for d in sink.items}


def test_discovery_finds_cases() -> None:
    # guards against a glob that silently matches nothing
    assert len(OK) >= 1
    assert len(ERR) >= 1
