"""`guardc eval --jsonl` and `evaluator.pyz`: every request line answered in order, bad bytes
refused, nesting and size bounded, never a traceback (issue 16, item 5).

Before: a malformed line got no output line (responses no longer lined up with requests),
`str.splitlines` split JSON strings at U+2028, undecodable bytes on stdin and in arguments were
kept as lone surrogates and evaluated, and `evaluator.pyz` died with a RecursionError traceback
on a line nested 100,000 deep.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from compiler.cli import main
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load
from compiler.runtime import __main__ as pyz_main
from compiler.runtime.batch import MAX_LINE_BYTES
from compiler.targets.evaluator import build_pyz, plan

ROOT = Path(__file__).resolve().parents[2]
ERROR_SCHEMA: dict[str, Any] = json.loads(
    (ROOT / "schemas" / "eval-error.schema.json").read_text(encoding="utf-8")
)
SOURCE = 'guardrail "bot":\n  block words "zeus"\n'
OK = b'{"source": "INPUT", "text": "hello"}'
ZEUS = b'{"source": "INPUT", "text": "zeus"}'
# Each bad line, and the `kind` of the error object that must answer it.
BAD: list[tuple[bytes, str]] = [
    (b"not json", "json"),
    (b"", "empty"),
    (b'{"source": "INPUT", "text": "caf\xe9"}', "encoding"),  # Latin-1, not UTF-8
    (b'{"source": "INPUT", "text": "a", "text": "zeus"}', "request"),  # last-one-wins before
    (b'{"source": "INPUT", "text": "\\udcff"}', "request"),  # a lone surrogate
    (b'{"source": "SIDEWAYS", "text": "x"}', "request"),
    (b"[" * 100_000, "too_deep"),
    (b'{"source": "INPUT", "text": "' + b"a" * MAX_LINE_BYTES + b'"}', "too_long"),
]


def _batch() -> bytes:
    """OK, then each bad line followed by a line that blocks, then OK: misalignment shows."""
    lines = [OK]
    for bad, _ in BAD:
        lines += [bad, ZEUS]
    return b"\n".join([*lines, OK]) + b"\n"


def _check_answers(out: str) -> None:
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == 2 + 2 * len(BAD)
    assert answers[0]["action"] == "NONE" and answers[-1]["action"] == "NONE"
    for i, (_, kind) in enumerate(BAD):
        error, after = answers[1 + 2 * i], answers[2 + 2 * i]
        jsonschema.validate(error, ERROR_SCHEMA)
        assert error["error"]["kind"] == kind, error
        assert error["error"]["line"] == 2 + 2 * i
        assert after["action"] == "GUARDRAIL_INTERVENED"  # the next line is still line N+1


@pytest.fixture
def guard(tmp_path: Path) -> Path:
    path = tmp_path / "bot.guard"
    path.write_text(SOURCE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pyz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pyz")
    (folder / "bot.guard").write_text(SOURCE, encoding="utf-8")
    loaded = load([folder / "bot.guard"], Diagnostics())
    guardrail = loaded.policy.guardrail("bot")
    assert guardrail is not None
    path = folder / "evaluator.pyz"
    path.write_bytes(build_pyz(plan(guardrail)))
    return path


def _run_pyz(
    pyz: Path, *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    # a bare interpreter, as the artefact ships
    return subprocess.run(
        [sys.executable, "-I", "-S", str(pyz), *args],
        capture_output=True,
        input=stdin,
        timeout=120,
        check=False,
    )


def test_guardc_eval_answers_every_line_in_order(
    guard: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(_batch())
    code = main(["eval", str(guard), "--guardrail", "bot", "--jsonl", str(batch)])
    out, err = capsys.readouterr()
    assert code == 1
    _check_answers(out)
    at = BAD[2][0].index(b"\xe9") + 1
    assert f"{batch}:6: error: invalid UTF-8: byte 0xe9 at byte {at}" in err.splitlines()


def test_evaluator_pyz_answers_every_line_in_order(pyz: Path) -> None:
    result = _run_pyz(pyz, "--jsonl", "-", stdin=_batch())
    assert result.returncode == 1
    _check_answers(result.stdout.decode())
    assert b"Traceback" not in result.stderr
    assert b"-:14: error: nested too deeply" in result.stderr


def test_stdin_bytes_are_not_replaced(guard: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    line = b'{"source": "INPUT", "text": "\xff"}'
    at = line.index(b"\xff") + 1
    stdin = io.TextIOWrapper(io.BytesIO(line + b"\n"), "utf-8", "surrogateescape")
    monkeypatch.setattr("sys.stdin", stdin)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    assert main(["eval", str(guard), "--guardrail", "bot", "--jsonl", "-"]) == 1
    assert json.loads(out.getvalue())["error"] == {
        "byte": at,
        "kind": "encoding",
        "line": 1,
        "message": f"invalid UTF-8: byte 0xff at byte {at}",
    }


def test_line_separators_inside_json_strings_are_text(
    guard: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "zeus\u2028more\x85and\x1cmore"  # str.splitlines breaks at each of these
    batch = tmp_path / "batch.jsonl"
    line = json.dumps({"source": "INPUT", "text": text}, ensure_ascii=False)
    batch.write_bytes((line + "\r\n" + line + "\n").encode("utf-8"))  # CRLF is fine too
    assert main(["eval", str(guard), "--guardrail", "bot", "--jsonl", str(batch)]) == 0
    answers = capsys.readouterr().out.splitlines()
    assert [json.loads(a)["action"] for a in answers] == ["GUARDRAIL_INTERVENED"] * 2


@pytest.mark.parametrize("flag", ["--input", "--output"])
def test_argument_bytes_are_not_replaced(
    guard: Path, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    undecodable = b"zeus \xff".decode("utf-8", "surrogateescape")  # what Python makes of argv
    code = main(["eval", str(guard), "--guardrail", "bot", flag, undecodable])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert f"{flag} is not valid UTF-8: byte 0xff at byte 6" in err


def test_evaluator_pyz_refuses_undecodable_arguments(pyz: Path) -> None:
    result = subprocess.run(
        [sys.executable.encode(), b"-I", b"-S", str(pyz).encode(), b"--input", b"zeus \xff"],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"--input is not valid UTF-8: byte 0xff at byte 6" in result.stderr


def test_evaluator_pyz_deep_plan_is_an_error_not_a_traceback(pyz: Path, tmp_path: Path) -> None:
    deep = tmp_path / "plan.json"
    deep.write_text("[" * 100_000, encoding="utf-8")
    result = _run_pyz(pyz, "--plan", str(deep), "--input", "x")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert result.stderr.startswith(b"error: cannot load the plan")


def test_evaluator_main_turns_any_exception_into_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(argv: object) -> int:
        raise KeyError("surprise")

    monkeypatch.setattr(pyz_main, "_main", explode)
    monkeypatch.delenv("GUARDC_DEBUG", raising=False)
    assert pyz_main.main([]) == 1
    err = capsys.readouterr().err
    assert err == "error: internal error in the evaluator: KeyError: 'surprise'\n"


def test_evaluator_pyz_keeps_its_status_when_stdout_is_closed(pyz: Path) -> None:
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-I", "-S", str(pyz), "--jsonl", "-"],
            input=b"not json\n" + b"\n".join([OK] * 2000) + b"\n",
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr


def test_keys_echoed_on_stderr_are_escaped(
    guard: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "batch.jsonl"
    clear = "\x1b[2J\x1b]0;pwned\x07"
    batch.write_text(
        json.dumps({"source": "INPUT", "text": "x", clear: 1})
        + "\n"
        + '{"source": "INPUT", "text": "x", "text": "y", "\\u001b[2J": 1, "\\u001b[2J": 2}\n',
        encoding="utf-8",
    )
    assert main(["eval", str(guard), "--guardrail", "bot", "--jsonl", str(batch)]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in err and "\x07" not in err
    assert "unknown key(s)" in err and "is given twice" in err
    assert len(out.splitlines()) == 2
