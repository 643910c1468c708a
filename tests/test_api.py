"""The library facade (`import compiler`), tested like the command line: the same sources give
the same diagnostics and byte-identical artefacts, and importing it stays cheap."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import compiler
from compiler.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
BOT = 'guardrail "bot":\n  filter hate at high\n  block us social security numbers\n'
BROKEN = 'guardrail "bot":\n  block credit card numbrs\n'


def test_importing_compiler_imports_no_stage() -> None:
    code = (
        "import sys, compiler; "
        "print(sorted(m for m in ('pydantic', 'lark', 'compiler.api', 'compiler.pipeline') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_exports_are_documented() -> None:
    assert compiler.__doc__ is not None
    for name in compiler.__all__:
        assert f"`{name}" in compiler.__doc__, name
        assert getattr(compiler, name) is not None
    with pytest.raises(AttributeError):
        _ = compiler.nothing_here


def test_compile_source_writes_what_guardc_compile_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bot.guard").write_text(BOT)
    assert main(["compile", "bot.guard", "-o", "out"]) == 0
    result = compiler.compile_source(BOT, name="bot.guard")
    assert result.ok and [d.code for d in result.diagnostics] == ["W205"]  # no access block
    written = {
        p.relative_to(tmp_path / "out" / "bot").as_posix(): p.read_bytes()
        for p in (tmp_path / "out" / "bot").rglob("*")
        if p.is_file()
    }
    assert result.artefacts == {"bot": written}


def test_compile_source_reports_like_guardc_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_COLOR", "1")
    (tmp_path / "bot.guard").write_text(BROKEN)
    assert main(["check", "bot.guard"]) == 1
    printed = capsys.readouterr().err
    result = compiler.compile_source(BROKEN, name="bot.guard")
    assert not result.ok and result.artefacts == {}
    assert [d.code for d in result.diagnostics] == ["E203"]
    assert result.report() and printed.startswith(result.report())


def test_compile_source_runs_the_targets_asked_for() -> None:
    result = compiler.compile_source(BOT, targets=["bedrock"])
    assert list(result.artefacts["bot"]) == ["bedrock.json"]
    with pytest.raises(compiler.UsageError, match="unknown target `rego`"):
        compiler.compile_source(BOT, targets=["rego"])


def test_compile_source_uses_the_standard_library() -> None:
    source = 'use stdlib.baselines\n\nguardrail "bot" extends "baseline-public":\n  tier classic\n'
    result = compiler.compile_source(source)
    assert result.ok, result.report()
    assert result.policy.guardrail("bot") is not None


def test_load_checks_files_and_folders_like_guardc_check() -> None:
    result = compiler.load(EXAMPLES)
    assert result.ok and len(result.policy.guardrails) == 4
    with pytest.raises(compiler.UsageError):
        compiler.load([EXAMPLES / "missing.guard"])


def test_evaluate_answers_like_applyguardrail() -> None:
    guardrail = compiler.compile_source(BOT).policy.guardrails[0]
    blocked = compiler.evaluate(guardrail, "INPUT", "my SSN is 123-45-6789", deterministic=True)
    assert blocked["action"] == "GUARDRAIL_INTERVENED"
    assert compiler.evaluate(guardrail, "INPUT", "hello")["action"] == "NONE"
    with pytest.raises(compiler.UsageError, match="standard"):
        compiler.evaluate(guardrail, "INPUT", "hello", engine="bert")
