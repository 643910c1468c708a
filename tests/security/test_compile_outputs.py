"""`guardc compile -o DIR` as an attacker (symlinks planted in DIR) and an unlucky user (killed
mid-write, a full disk, a second compile at the same time) would run it (issue 16, items 2, 3, 4
and 8). Each guardrail's folder must end up exactly as one compile made it, and nothing outside
DIR may change."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compiler.cli import main
from compiler.outputs import OutputError
from compiler.outputs import atomic as atomic_module
from compiler.outputs import folder as folder_module
from compiler.outputs.folder import BuildFolder

from .outputs_support import guardc, tree, write_project

GUARDRAILS = ("base", "solo")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Sources at version 1, compiled into `out/`; the working directory."""
    write_project(tmp_path, 1)
    monkeypatch.chdir(tmp_path)
    assert main(["compile", ".", "-o", "out"]) == 0
    return tmp_path


def _versions(project: Path) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The artefacts of version 1 (in `out/`) and of version 2 (now the sources), by path."""
    old = tree(project / "out")
    write_project(project, 2)
    assert main(["compile", ".", "-o", str(project.parent / f"{project.name}-v2")]) == 0
    new = tree(project.parent / f"{project.name}-v2")
    assert old.keys() == new.keys() and all(
        old[k] != new[k] for k in old if k.endswith("bedrock.json")
    )
    return old, new


def _each_folder_is_old_or_new(out: Path, old: dict[str, bytes], new: dict[str, bytes]) -> int:
    """Assert that every guardrail's folder is exactly its old or its new set of artefacts;
    how many are new."""
    fresh = 0
    for name in GUARDRAILS:
        have = tree(out / name)
        was = {k.partition("/")[2]: v for k, v in old.items() if k.startswith(f"{name}/")}
        now = {k.partition("/")[2]: v for k, v in new.items() if k.startswith(f"{name}/")}
        assert have in (was, now), f"{name}/ is neither the old nor the new build"
        fresh += have == now
    return fresh


# ── symlinks in the output folder (item 2) ────────────────────────────────────────────────────


def test_symlinked_artefact_is_refused_and_its_target_untouched(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    victim = project / "victim.txt"
    victim.write_text("precious\n")
    (project / "out/base/bedrock.json").unlink()
    (project / "out/base/bedrock.json").symlink_to(victim)
    assert main(["compile", ".", "-o", "out"]) == 2
    err = capsys.readouterr().err
    assert "out/base/bedrock.json is a symlink" in err
    assert victim.read_text() == "precious\n"
    assert (project / "out/base/bedrock.json").is_symlink()  # refused: nothing was replaced


def test_symlinked_guardrail_folder_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = project / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(project / "out/base")
    (project / "out/base").symlink_to(elsewhere, target_is_directory=True)
    before = tree(project / "out/solo")
    assert main(["compile", ".", "-o", "out"]) == 2
    assert "refusing to write out/base: it is a symlink" in capsys.readouterr().err
    assert list(elsewhere.iterdir()) == []
    assert tree(project / "out/solo") == before  # refused before any guardrail was written


@pytest.mark.parametrize("out", ["linked", "linked/deeper", "real/../linked"])
def test_symlinked_output_folder_or_parent_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str], out: str
) -> None:
    (project / "real").mkdir()
    (project / "linked").symlink_to(project / "real", target_is_directory=True)
    assert main(["compile", ".", "-o", out]) == 2
    assert "linked is a symlink" in capsys.readouterr().err
    assert list((project / "real").iterdir()) == []


def test_a_planted_leftover_symlink_is_removed_not_followed(project: Path) -> None:
    target = project / "target"
    target.mkdir()
    (target / "keep.txt").write_text("keep\n")
    shutil.rmtree(project / "out/base")  # as if a swap had been killed, with a link aside
    (project / "out/.guardc-old.base.000000000000").symlink_to(target, target_is_directory=True)
    assert main(["compile", ".", "-o", "out"]) == 0
    assert (target / "keep.txt").read_text() == "keep\n"
    assert not (project / "out/.guardc-old.base.000000000000").exists()
    assert (project / "out/base/bedrock.json").is_file()


def test_output_path_that_is_a_file_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "afile").write_text("x")
    assert main(["compile", ".", "-o", "afile"]) == 2
    assert "error: afile: Not a directory" in capsys.readouterr().err


# ── stale artefacts (item 4) ──────────────────────────────────────────────────────────────────


def test_dropped_access_and_key_leave_no_stale_artefacts(project: Path) -> None:
    base = (project / "base.guard").read_text()
    keyed = base.replace(
        "  filter hate at high\n", '  encrypt with key "alias/guardrails"\n  filter hate at high\n'
    )
    (project / "base.guard").write_text(keyed)
    assert main(["compile", ".", "-o", "out"]) == 0
    assert {"base/kms-key-policy.json", "base/iam/deployer.json"} <= tree(project / "out").keys()
    write_project(project, 1, access=False)  # no access block, no key
    assert main(["compile", ".", "-o", "out"]) == 0
    files = sorted(tree(project / "out/base"))
    assert files == ["bedrock.json", "cloudformation.json", "evaluator.pyz"]
    assert not (project / "out/base/iam").exists()


def test_only_the_compiled_guardrails_and_nothing_else_change(project: Path) -> None:
    (project / "out/notes.txt").write_text("mine\n")
    (project / "out/retired").mkdir()
    (project / "out/retired/bedrock.json").write_text("{}\n")
    assert main(["compile", "solo.guard", "-o", "out"]) == 0
    assert (project / "out/notes.txt").read_text() == "mine\n"
    assert (project / "out/retired/bedrock.json").read_text() == "{}\n"
    assert (project / "out/base/bedrock.json").is_file()
    assert sorted(p.name for p in (project / "out").iterdir()) == [
        "base",
        "notes.txt",
        "retired",
        "solo",
    ]


# ── killed or failing compiles (item 3) ───────────────────────────────────────────────────────


@pytest.mark.parametrize("kill_at", [1, 3, 5, 7])  # of 7 files
def test_compile_killed_while_writing_leaves_every_folder_whole(
    project: Path, kill_at: int
) -> None:
    old, new = _versions(project)
    result = guardc(project, "compile", ".", "-o", "out", kill_on="write", kill_at=kill_at)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert _each_folder_is_old_or_new(project / "out", old, new) == 0  # killed before any swap
    assert main(["compile", ".", "-o", "out"]) == 0  # the next compile tidies and completes
    assert tree(project / "out") == new
    assert [p.name for p in (project / "out").iterdir() if p.name.startswith(".")] == []


@pytest.mark.parametrize("kill_at", [1, 2])
def test_compile_killed_while_swapping_leaves_every_folder_whole(
    project: Path, kill_at: int
) -> None:
    old, new = _versions(project)
    result = guardc(project, "compile", ".", "-o", "out", kill_on="swap", kill_at=kill_at)
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert _each_folder_is_old_or_new(project / "out", old, new) == kill_at - 1
    assert main(["compile", ".", "-o", "out"]) == 0
    assert tree(project / "out") == new


@pytest.mark.parametrize(("kill_at", "fresh"), [(1, 0), (2, 0), (3, 1), (4, 1)])
def test_two_rename_swap_killed_is_repaired_by_the_next_compile(
    project: Path, kill_at: int, fresh: int
) -> None:
    """Where two folders cannot be exchanged atomically, the old folder is renamed aside, then
    the new one into place: killed between the two, the guardrail's folder is missing until
    the next compile (or any BuildFolder) puts the old one back, before anything else."""
    old, new = _versions(project)
    result = guardc(
        project, "compile", ".", "-o", "out", kill_on="rename", kill_at=kill_at, no_exchange=True
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    with BuildFolder(project / "out"):
        assert _each_folder_is_old_or_new(project / "out", old, new) == fresh
    assert main(["compile", ".", "-o", "out"]) == 0
    assert tree(project / "out") == new


def test_two_rename_swap_killed_between_renames_is_repaired(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where folders cannot be exchanged atomically, the old folder is moved aside first; a
    compile killed right then leaves it aside, and the next one puts it back before anything."""
    old = tree(project / "out")
    (project / "out/base").rename(project / "out/.guardc-old.base.0123456789ab")
    (project / "out/.guardc-stage.base.ba9876543210").mkdir()  # a half-built stage
    (project / "out/.guardc-stage.base.ba9876543210/bedrock.json").write_text("{")
    with BuildFolder(project / "out"):
        pass
    assert tree(project / "out") == old
    monkeypatch.setattr(folder_module, "_exchange", lambda a, b: False)
    write_project(project, 2)
    assert main(["compile", ".", "-o", "out"]) == 0
    assert tree(project / "out") != old
    assert [p.name for p in (project / "out").iterdir() if p.name.startswith(".")] == []


def test_a_failing_write_leaves_the_previous_build(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old = tree(project / "out")
    write_project(project, 2)
    real, calls = atomic_module.write_new, []

    def failing(path: Path, content: bytes | list[bytes], mode: int = 0o666) -> None:
        calls.append(path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real(path, content, mode)

    monkeypatch.setattr(folder_module, "write_new", failing)
    assert main(["compile", ".", "-o", "out"]) == 2
    assert "No space left on device" in capsys.readouterr().err
    assert tree(project / "out") == old
    assert sorted(p.name for p in (project / "out").iterdir()) == list(GUARDRAILS)


def _small_files(limit: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_a_full_disk_mid_artefact_leaves_the_previous_build(project: Path) -> None:
    old = tree(project / "out")
    write_project(project, 2)
    result = subprocess.run(
        [sys.executable, "-m", "compiler", "compile", ".", "-o", "out"],
        cwd=project,
        capture_output=True,
        text=True,
        preexec_fn=lambda: _small_files(100_000),  # below the size of an evaluator.pyz
        timeout=300,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "evaluator.pyz: File too large" in result.stderr
    assert ".guardc-stage" not in result.stderr  # the artefact is named, not the hidden stage
    assert tree(project / "out") == old


# ── concurrent compiles (item 8) ──────────────────────────────────────────────────────────────


def test_concurrent_compiles_into_one_folder_take_turns(project: Path) -> None:
    """A (version 2) is held after its first file; B (version 3) starts meanwhile. Without a
    lock B writes all its files and A then overwrites the rest: a mix. With one, B waits for
    A, and the folder ends up exactly as B built it."""
    write_project(project, 2)
    pause, go = project / "a-paused", project / "a-go"
    first = guardc(
        project,
        "compile",
        ".",
        "-o",
        "out",
        kill_on="write",
        kill_at=1,
        under=project / "out",
        pause=pause,
        go=go,
        wait=False,
    )
    assert isinstance(first, subprocess.Popen)
    deadline = time.monotonic() + 120
    while not pause.exists():
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.05)
    other = project.parent / f"{project.name}-b"
    other.mkdir()
    write_project(other, 3)
    second = guardc(project, "compile", str(other), "-o", "out", wait=False)
    assert isinstance(second, subprocess.Popen)
    with contextlib.suppress(subprocess.TimeoutExpired):
        second.wait(timeout=5)  # with a lock it is still waiting for A
    go.touch()
    assert first.wait(timeout=120) == 0
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "waiting for another guardc compile into out" in err
    assert main(["compile", str(other), "-o", "expected"]) == 0
    assert tree(project / "out") == tree(project / "expected")


def test_the_lock_is_released_when_the_compile_ends(project: Path) -> None:
    import fcntl

    with BuildFolder(project / "out"):
        fd = os.open(project / "out", os.O_RDONLY)
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            os.close(fd)
    fd = os.open(project / "out", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)


def test_refusal_is_an_output_error_before_any_write(project: Path) -> None:
    (project / "out/solo/evaluator.pyz").unlink()
    (project / "out/solo/evaluator.pyz").symlink_to("/dev/null")
    before = tree(project / "out/base")
    with BuildFolder(project / "out") as out, pytest.raises(OutputError, match="symlink"):
        out.replace({"base": [("bedrock.json", b"{}\n")], "solo": [("bedrock.json", b"{}\n")]})
    assert tree(project / "out/base") == before
