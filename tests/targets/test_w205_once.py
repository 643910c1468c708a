"""W205 (no `access:` block): once per build for a project that has no access block at all,
per guardrail when some have one (then a missing block is likely an oversight)."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.cli import main

BARE = (
    'guardrail "{0}":\n  filter hate at high\n\ntest "{0} t" for "{0}":\n  input "hi" is allowed\n'
)
ACCESS = (
    "  access:\n"
    '    account "111122223333"\n'
    '    region "us-east-1"\n'
    '    deployed by "arn:aws:iam::111122223333:role/ci"\n'
    '    applied by "arn:aws:iam::111122223333:role/app"\n'
)


def _compile(tmp_path: Path, source: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    (tmp_path / "p.guard").write_text(source)
    assert main(["compile", str(tmp_path / "p.guard"), "-o", str(tmp_path / "out")]) == 0
    return [line for line in capsys.readouterr().err.splitlines() if "W205" in line]


def test_a_project_without_access_blocks_is_told_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = "\n".join(BARE.format(name) for name in ("a", "b", "c"))
    lines = _compile(tmp_path, source, capsys)
    assert lines == [
        "warning[W205]: no guardrail has an access block: IAM and KMS output skipped for all 3"
    ]


def test_a_single_guardrail_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = _compile(tmp_path, BARE.format("solo"), capsys)
    assert lines == [
        "warning[W205]: guardrail `solo` has no access block: IAM and KMS output skipped"
    ]


def test_a_mixed_project_names_each_guardrail_without_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_access = BARE.format("a").replace(
        "  filter hate at high\n", "  filter hate at high\n" + ACCESS
    )
    source = "\n".join([with_access, BARE.format("b"), BARE.format("c")])
    lines = _compile(tmp_path, source, capsys)
    assert lines == [
        f"warning[W205]: guardrail `{n}` has no access block: IAM and KMS output skipped"
        for n in ("b", "c")
    ]
