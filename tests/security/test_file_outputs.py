"""Single files guardc rewrites: `fmt` (the user's own source), the lock file and `test --junit`
(issue 16, item 3). Killed or out of space, the old file must survive whole; a symlink is never
followed into a write elsewhere (except a symlinked source for `fmt`: its target is rewritten,
as an editor would); modes are kept."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.aws import lockfile
from compiler.cli import main
from compiler.outputs import OutputError, replace_file

from .outputs_support import guardc

MESSY = 'GUARDRAIL "m":   # keep me\n    Filter Hate at HIGH\n' + "".join(
    f'    Block Word "w{i}"\n'
    for i in range(2000)  # some 40 KB: a write of several blocks
)
TIDY_HEAD = 'guardrail "m":  # keep me\n  filter hate at high\n'


@pytest.fixture
def messy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "messy.guard"
    path.write_text(MESSY)
    return path


def _others(folder: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_fmt_killed_mid_write_leaves_the_source_intact(messy: Path) -> None:
    result = guardc(messy.parent, "fmt", "messy.guard", kill_on="write", kill_at=1)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert messy.read_text() == MESSY


def _small_files(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_fmt_on_a_full_disk_leaves_the_source_intact(messy: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "compiler", "fmt", "messy.guard"],
        cwd=messy.parent,
        capture_output=True,
        text=True,
        preexec_fn=lambda: _small_files(4096),
        timeout=300,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "error: messy.guard: File too large" in result.stderr
    assert messy.read_text() == MESSY
    assert _others(messy.parent, "messy.guard") == []  # no temporary file left behind


def test_fmt_keeps_the_file_mode(messy: Path) -> None:
    messy.chmod(0o640)
    assert main(["fmt", "messy.guard"]) == 0
    assert messy.read_text().startswith(TIDY_HEAD)
    assert stat.S_IMODE(messy.stat().st_mode) == 0o640
    assert _others(messy.parent, "messy.guard") == []


def test_fmt_rewrites_a_symlinked_source_in_place_and_keeps_the_link(
    messy: Path, tmp_path: Path
) -> None:
    real = tmp_path / "shared"
    real.mkdir()
    target = real / "policy.guard"
    messy.rename(target)
    target.chmod(0o600)
    (tmp_path / "link.guard").symlink_to(target)
    assert main(["fmt", "link.guard"]) == 0
    assert (tmp_path / "link.guard").is_symlink()
    assert target.read_text().startswith(TIDY_HEAD)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _others(real, "policy.guard") == []


def test_lock_file_is_replaced_atomically_keeping_its_mode(tmp_path: Path) -> None:
    entry = lockfile.LockEntry(
        id="abc123",
        arn="arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123",
        version="1",
        payload_sha256="ab" * 32,
    )
    path = tmp_path / lockfile.LOCK_NAME
    path.write_text('{"version": 1, "guardrails": {}}\n')
    path.chmod(0o644)
    lockfile.save(path, lockfile.record(None, "bot", entry))
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # was 0600: a mkstemp file
    loaded = lockfile.load(path)
    assert loaded is not None and loaded.guardrails["bot"] == entry
    assert _others(tmp_path, lockfile.LOCK_NAME) == []


def test_lock_file_symlink_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim.json"
    victim.write_text("precious\n")
    (tmp_path / lockfile.LOCK_NAME).symlink_to(victim)
    with pytest.raises(OutputError, match="symlink"):
        lockfile.save(tmp_path / lockfile.LOCK_NAME, lockfile.record(None, "x", _entry()))
    assert victim.read_text() == "precious\n"


def _entry() -> lockfile.LockEntry:
    return lockfile.LockEntry(
        id="abc123",
        arn="arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123",
        payload_sha256="ab" * 32,
    )


def test_junit_report_is_not_written_through_a_symlink(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bot.guard").write_text(
        'guardrail "bot":\n  block word "zeus"\n\n'
        'test "bot basics" for "bot":\n  input "about zeus" is blocked by word "zeus"\n'
    )
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (tmp_path / "report.xml").symlink_to(victim)
    assert main(["test", "bot.guard", "--junit", "report.xml"]) == 2
    assert "refusing to write report.xml: it is a symlink" in capsys.readouterr().err
    assert victim.read_text() == "precious\n"
    (tmp_path / "report.xml").unlink()
    assert main(["test", "bot.guard", "--junit", "report.xml"]) == 0
    assert (tmp_path / "report.xml").read_text().startswith("<?xml")


def test_replace_file_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="not a regular file"):
        replace_file(tmp_path, b"x")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="not a regular file"):
        replace_file(fifo, b"x")


def test_replace_file_gives_a_new_file_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        replace_file(tmp_path / "new.txt", "hello\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.txt").read_text() == "hello\n"
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
