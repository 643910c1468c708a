"""Issue 16 items 6 and 8: file-system trouble is a plain message with the right exit code.

- the file system refusing a write (`-o` is a file, a read-only folder, a missing `--junit`
  folder) is `error: PATH: reason`, exit 2, never "E901 internal error";
- a symlink loop says so; a folder with no `.guard` file is a usage error (exit 2, like a path
  that does not exist), not "ok: 0 files";
- a subfolder that cannot be read is a finding (E112, exit 1), never skipped silently.

Permission cases: root ignores permission bits, so a chmod-based test runs only as another user
(and is skipped as root, saying so). Writes are refused to root too under /sys on Linux (sysfs
creates no files), so that case runs everywhere /sys exists. An unreadable subfolder cannot be
made for root at all, so one test also simulates it by making `os.scandir` raise for that
folder (a mock, used only there; the chmod variant covers non-root runs).
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from security._trust import GUARD, guardc

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ROOT_REASON = "runs as root: permission bits do not stop root, see the simulated variant"


def _project(tmp_path: Path) -> Path:
    (tmp_path / "a.guard").write_text(GUARD, encoding="utf-8")
    return tmp_path


def _plain(run_err: str) -> None:
    assert run_err.startswith("error: ")
    assert "E901" not in run_err and "internal error" not in run_err


def test_output_folder_that_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    (root / "out").write_text("", encoding="utf-8")
    run = guardc(capsys, root, "compile", "a.guard", "-o", "out", "--target", "bedrock")
    assert run.code == 2
    _plain(run.err)
    assert "out" in run.err and "Not a directory" in run.err


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux sysfs")
def test_output_folder_where_nothing_may_be_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """sysfs refuses to create files and folders even for root: a real read-only place."""
    root = _project(tmp_path)
    run = guardc(capsys, root, "compile", "a.guard", "-o", "/sys/guardc-out", "--target", "bedrock")
    assert run.code == 2
    _plain(run.err)
    assert "/sys/guardc-out" in run.err


@pytest.mark.skipif(AS_ROOT, reason=ROOT_REASON)
def test_read_only_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    (root / "out").mkdir(mode=0o555)
    try:
        run = guardc(capsys, root, "compile", "a.guard", "-o", "out", "--target", "bedrock")
    finally:
        (root / "out").chmod(0o755)
    assert run.code == 2
    _plain(run.err)
    assert "Permission denied" in run.err


def test_missing_junit_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path)
    run = guardc(capsys, root, "test", "a.guard", "--junit", "nowhere/report.xml")
    assert run.code == 2
    last = run.err.strip().splitlines()[-1]
    assert last == "error: nowhere/report.xml: No such file or directory"


def test_use_of_a_symlink_loop_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "loop.guard").symlink_to(tmp_path / "loop.guard")
    (tmp_path / "a.guard").write_text('use "loop.guard"\n' + GUARD, encoding="utf-8")
    run = guardc(capsys, tmp_path, "check", "a.guard")
    assert run.code == 1
    assert "error[E112]" in run.err and "symlink loop" in run.err
    assert "no such file" not in run.err


def test_symlink_loop_on_the_command_line_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "loop.guard").symlink_to(tmp_path / "loop.guard")
    run = guardc(capsys, tmp_path, "check", "loop.guard")
    assert run.code == 2
    assert run.err == "error: cannot read loop.guard: a symlink loop: it never reaches a file\n"


def test_symlink_loop_inside_a_folder_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _project(tmp_path)
    (tmp_path / "loop.guard").symlink_to(tmp_path / "loop.guard")
    run = guardc(capsys, tmp_path, "check", ".")
    assert run.code == 1
    assert "error[E112]" in run.err and "symlink loop" in run.err


@pytest.mark.parametrize("command", ["check", "compile", "test", "fmt"])
def test_folder_without_guard_files_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "README.md").write_text("nothing here\n", encoding="utf-8")
    run = guardc(capsys, tmp_path, command, "empty")
    assert run.code == 2
    assert "no .guard files in empty" in run.err
    assert "ok" not in run.err


def _tree(tmp_path: Path) -> Path:
    (tmp_path / "a.guard").write_text(GUARD, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.guard").write_text('guardrail "b":\n  block names\n', "utf-8")
    return tmp_path


def _assert_unreadable_reported(run_code: int, run_err: str) -> None:
    assert run_code == 1
    assert "error[E112]" in run_err and "locked" in run_err
    assert "ok:" not in run_err


@pytest.mark.skipif(AS_ROOT, reason=ROOT_REASON)
def test_unreadable_subfolder_is_a_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _tree(tmp_path)
    (root / "locked").chmod(0)
    try:
        run = guardc(capsys, root, "check", ".")
    finally:
        (root / "locked").chmod(0o755)
    _assert_unreadable_reported(run.code, run.err)


@pytest.fixture
def locked_scandir(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`os.scandir` refusing any folder named `locked`, as the OS does for an unreadable one."""
    real = os.scandir

    def scandir(path: str) -> object:
        if os.path.basename(os.fspath(path)) == "locked":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    yield


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX walk")
def test_unreadable_subfolder_is_a_finding_simulated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], locked_scandir: None
) -> None:
    root = _tree(tmp_path)
    run = guardc(capsys, root, "check", ".")
    _assert_unreadable_reported(run.code, run.err)
