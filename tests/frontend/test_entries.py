"""The table of effective-entry kinds: every kind has a row, and mypy proves it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compiler.frontend import entries
from compiler.frontend.entries import EntryKind, Key, describe, info, ir_field
from compiler.ir import Guardrail

ROOT = Path(entries.__file__).resolve().parents[1]


def test_every_kind_fills_a_guardrail_field() -> None:
    fields = set(Guardrail.model_fields)
    for kind in EntryKind:
        name = "topics" if kind is EntryKind.TIER else "input"  # a tier's name is its policy
        assert ir_field(Key(kind, name)) in fields, kind
    assert {ir_field(Key(EntryKind.TIER, p)) for p in ("topics", "filters", "grounding")} <= fields


@pytest.mark.parametrize(
    ("key", "words"),
    [
        (Key(EntryKind.FILTER, "PROMPT_ATTACK"), "filter `prompt attacks`"),
        (Key(EntryKind.PII, "EMAIL"), "PII entity `email addresses`"),
        (Key(EntryKind.GROUNDING, "GROUNDING"), "`grounding`"),
        (Key(EntryKind.MESSAGE, "input"), "`on blocked input`"),
        (Key(EntryKind.WORD, "project zeus"), "word `project zeus`"),
        (Key(EntryKind.KEY), "`encrypt with key`"),
        (Key(EntryKind.ACCESS), "`access:`"),
        (Key(EntryKind.TIER, "filters"), "`tier` for filters"),
    ],
)
def test_e206_wording(key: Key, words: str) -> None:
    assert describe(key) == words


def test_many_kinds_are_tuples_of_the_guardrail() -> None:
    many = {info(kind).field for kind in EntryKind if info(kind).many}
    assert many == {"tags", "topics", "filters", "words", "pii", "patterns", "grounding"}


def test_mypy_catches_a_kind_left_unhandled(tmp_path: Path) -> None:
    """A new statement's kind added to `EntryKind` without a row in `info` is a type error: a
    copy of the two modules with one member more fails `mypy --strict` at the `assert_never`."""
    api = pytest.importorskip("mypy.api")
    package = tmp_path / "compiler"
    (package / "frontend").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "frontend" / "__init__.py").write_text("")
    shutil.copy(ROOT / "vocab.py", package / "vocab.py")
    source = (ROOT / "frontend" / "entries.py").read_text()
    anchor = '    ACCESS = "access"\n'
    assert anchor in source
    added = source.replace(anchor, anchor + '    SHADOW = "shadow"  # a new statement\n')
    (package / "frontend" / "entries.py").write_text(added)
    (tmp_path / "mypy.ini").write_text("[mypy]\nstrict = True\npython_version = 3.11\n")
    out, err, status = api.run(
        [
            "--config-file",
            str(tmp_path / "mypy.ini"),
            "--cache-dir",
            str(tmp_path / "cache"),
            str(package / "frontend" / "entries.py"),
        ]
    )
    assert status == 1, out + err
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert len(errors) == 1, out
    assert "entries.py" in errors[0] and '"assert_never"' in errors[0]
    assert "EntryKind.SHADOW" in errors[0]
