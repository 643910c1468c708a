"""`guardc import -o FILE`: an existing FILE is the user's work and is kept unless `--force`;
the source is written atomically, never through a symlink (docs/security.md, "Outputs").

Before: `-o` replaced any existing file without a word, as a shell's `>` would, so a typo in the
file name (or `import --all -o policy.guard` run in the wrong folder) threw away a hand-written
policy.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from compiler.cli import main
from compiler.outputs.atomic import replace_file

MINE = '# mine, hand-written\nguardrail "mine":\n  block word "zeus"\n'


@pytest.fixture
def here(standin: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "policy.guard").write_text(MINE, encoding="utf-8")
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["import", "--all", *argv])
    return code, capsys.readouterr().err


def test_an_existing_file_is_kept_without_force(
    here: Path, capsys: pytest.CaptureFixture[str], standin: Any
) -> None:
    code, err = _run(capsys, "-o", "policy.guard")
    assert code == 2, err
    assert "already exists" in err and "--force" in err and "E901" not in err
    assert (here / "policy.guard").read_text(encoding="utf-8") == MINE
    assert standin.operations() == [], "refused before any AWS call"


def test_force_replaces_it_atomically_keeping_its_mode(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (here / "policy.guard").chmod(0o640)
    code, err = _run(capsys, "-o", "policy.guard", "--force")
    assert code == 0, err
    text = (here / "policy.guard").read_text(encoding="utf-8")
    assert text.startswith("# Imported from Amazon Bedrock")
    assert (here / "policy.guard").stat().st_mode & 0o777 == 0o640
    assert [p.name for p in here.iterdir() if p.name.endswith(".tmp")] == []


def test_a_new_file_needs_no_force_and_its_folder_is_made(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(capsys, "-o", "guardrails/imported.guard")
    assert code == 0, err
    assert (here / "guardrails" / "imported.guard").read_text().startswith("# Imported")


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["plain", "force"])
@pytest.mark.parametrize("target", ["victim.guard", "missing.guard"])
def test_a_symlink_at_file_is_refused_even_with_force(
    here: Path, capsys: pytest.CaptureFixture[str], force: tuple[str, ...], target: str
) -> None:
    (here / "victim.guard").write_text(MINE, encoding="utf-8")
    (here / "out.guard").symlink_to(here / target)
    code, err = _run(capsys, "-o", "out.guard", *force)
    assert code == 2 and "symlink" in err, err
    assert (here / "victim.guard").read_text(encoding="utf-8") == MINE
    assert not (here / "missing.guard").exists()


def test_a_symlinked_folder_on_the_way_is_refused(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    elsewhere = here.parent / f"{here.name}-elsewhere"
    elsewhere.mkdir()
    (here / "guardrails").symlink_to(elsewhere)
    code, err = _run(capsys, "-o", "guardrails/imported.guard")
    assert code == 2 and "symlink" in err, err
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("force", [(), ("--force",)], ids=["plain", "force"])
def test_a_folder_or_fifo_at_file_is_a_usage_error(
    here: Path, capsys: pytest.CaptureFixture[str], force: tuple[str, ...]
) -> None:
    (here / "dir.guard").mkdir()
    os.mkfifo(here / "fifo.guard")
    for name in ("dir.guard", "fifo.guard"):
        code, err = _run(capsys, "-o", name, *force)
        assert code == 2 and "E901" not in err, err


def test_force_without_output_is_a_usage_error(
    here: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _run(capsys, "--force")
    assert code == 2 and "--force goes with -o" in err


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path: Path) -> None:
    """The last check is the hard link that takes the name: it fails on an existing name."""
    target = tmp_path / "late.guard"
    real_link = os.link

    def late(src: Any, dst: Any, **kw: Any) -> None:
        target.write_text(MINE, encoding="utf-8")  # someone else got there first
        real_link(src, dst, **kw)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "link", late)
        with pytest.raises(FileExistsError):
            replace_file(target, "new text", new=True)
    assert target.read_text(encoding="utf-8") == MINE
    assert [p.name for p in tmp_path.iterdir()] == ["late.guard"]
