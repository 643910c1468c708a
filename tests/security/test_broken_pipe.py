"""A reader that leaves early must not turn findings into success (issue 16, item 8).

`guardc test failing.guard | head -1` used to exit 0: BrokenPipeError was mapped to EXIT_OK.
These tests run the real console script with real pipes. The first kind gives the command a
pipe whose read end is already closed, so every write fails with EPIPE: deterministic, and the
exact situation after `head` has gone. The second runs an actual `head -1` pipeline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAILING = ROOT / "tests" / "fixtures" / "guardc_test" / "failing.guard"
GUARDC = [sys.executable, "-m", "compiler"]


@pytest.fixture
def closed_pipe() -> Iterator[int]:
    """The write end of a pipe nobody reads: every write to it raises BrokenPipeError."""
    read, write = os.pipe()
    os.close(read)
    yield write
    os.close(write)


@pytest.fixture
def bad_guard(tmp_path: Path) -> Path:
    path = tmp_path / "bad.guard"
    path.write_text('guardrail "x":\n  blah\n', encoding="utf-8")
    return path


def _run(
    args: list[str], stdout: int, stderr: int | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*GUARDC, *args],
        stdout=stdout,
        stderr=subprocess.PIPE if stderr is None else stderr,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["test", str(FAILING)],
        ["test", str(FAILING), "--format", "json"],
        ["check", "{bad}", "--format", "json"],
    ],
    ids=["test-text", "test-json", "check-json"],
)
def test_findings_keep_exit_1_when_stdout_is_closed(
    args: list[str], closed_pipe: int, bad_guard: Path
) -> None:
    args = [a.replace("{bad}", str(bad_guard)) for a in args]
    result = _run(args, stdout=closed_pipe)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "BrokenPipeError" not in result.stderr


def test_findings_keep_exit_1_when_both_streams_are_closed(
    closed_pipe: int, bad_guard: Path
) -> None:
    # `guardc check bad.guard 2>&1 | head -c 10`: the diagnostics themselves hit the closed pipe
    result = _run(["check", str(bad_guard)], stdout=closed_pipe, stderr=closed_pipe)
    assert result.returncode == 1


def test_a_clean_run_still_exits_0_when_stdout_is_closed(closed_pipe: int) -> None:
    result = _run(["check", str(ROOT / "examples"), "--format", "json"], stdout=closed_pipe)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_usage_error_keeps_exit_2_when_stderr_is_closed(closed_pipe: int) -> None:
    result = _run(["check", "--format", "yaml", "x"], stdout=closed_pipe, stderr=closed_pipe)
    assert result.returncode == 2


def test_head_pipeline_keeps_exit_1(tmp_path: Path) -> None:
    """`guardc test many-failures.guard | head -1`: far more output than a pipe holds, so the
    writes after `head` has left fail whatever the timing."""
    lines = ['guardrail "g":', '  block words "zeus"', "", 'test "many" for "g":']
    lines += [f'  input "zeus number {i}" is allowed' for i in range(3000)]
    source = tmp_path / "many.guard"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    guardc = subprocess.Popen(
        [*GUARDC, "test", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert guardc.stdout is not None
    head = subprocess.Popen(["head", "-1"], stdin=guardc.stdout, stdout=subprocess.PIPE)
    guardc.stdout.close()  # only `head` reads now
    first, _ = head.communicate(timeout=120)
    _, err = guardc.communicate(timeout=120)
    assert first.startswith(str(source).encode())
    assert guardc.returncode == 1, err.decode()
    assert b"Traceback" not in err
