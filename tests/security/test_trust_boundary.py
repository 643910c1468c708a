"""Issue 16 item 1: a `.guard` file from a pull request must not make guardc print other files.

`use` reads only `.guard` files inside the project root (docs/security.md); a file outside it, or
a file that is not a `.guard` file, is refused with E111 at the `use` line, never parsed, never
quoted, in text and in JSON. Each test plants a fake secret holding MARKER and asserts that the
marker never reaches stdout or stderr.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from security._trust import GUARD, MARKER, guardc, project


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_use_of_relative_credentials_file_is_refused_unquoted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    root = project(tmp_path)
    (root / "a.guard").write_text('use "../.aws/credentials"\n' + GUARD, encoding="utf-8")
    run = guardc(capsys, root, "check", "a.guard", "--format", fmt)
    assert run.code == 1
    assert MARKER not in run.both
    assert "aws_access_key_id" not in run.both
    if fmt == "json":
        [diagnostic] = json.loads(run.out)["diagnostics"]
        assert (diagnostic["code"], diagnostic["file"], diagnostic["line"]) == (
            "E111",
            "a.guard",
            1,
        )
        assert diagnostic["source_line"] == 'use "../.aws/credentials"'
    else:
        assert "error[E111]" in run.err
        assert " --> a.guard:1:1" in run.err


def test_use_of_absolute_path_is_refused_without_reading_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    secret = tmp_path / ".aws" / "credentials"
    (root / "a.guard").write_text(f'use "{secret}"\n' + GUARD, encoding="utf-8")
    run = guardc(capsys, root, "check", "a.guard", "--format", "json")
    assert MARKER not in run.both
    assert [d["code"] for d in json.loads(run.out)["diagnostics"]] == ["E111"]


def test_outside_the_root_tells_nothing_about_existence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / "a.guard").write_text(
        'use "../.aws/credentials"\nuse "../.aws/nothing-here"\n' + GUARD, encoding="utf-8"
    )
    run = guardc(capsys, root, "check", "a.guard", "--format", "json")
    notes = [(d["code"], d["note"]) for d in json.loads(run.out)["diagnostics"]]
    assert notes[0] == notes[1]


def test_use_of_a_non_guard_file_inside_the_root_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / ".env").write_text(f"TOKEN={MARKER}\n", encoding="utf-8")
    (root / "a.guard").write_text('use ".env"\n' + GUARD, encoding="utf-8")
    run = guardc(capsys, root, "check", "a.guard")
    assert run.code == 1
    assert MARKER not in run.both
    assert "error[E111]" in run.err
    assert "not a `.guard` file" in run.err


def test_symlink_named_guard_leaving_the_root_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / "lib.guard").symlink_to(tmp_path / ".aws" / "credentials")
    (root / "a.guard").write_text('use "lib.guard"\n' + GUARD, encoding="utf-8")
    run = guardc(capsys, root, "check", "a.guard")
    assert run.code == 1
    assert MARKER not in run.both
    assert "symlink to a file outside the project root" in run.err


def test_symlink_to_an_outside_guard_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Even a `.guard` file is refused when its real location is outside the root."""
    root = project(tmp_path)
    outside = tmp_path / "elsewhere.guard"
    outside.write_text(f'topic "{MARKER}" oops\n', encoding="utf-8")
    (root / "lib.guard").symlink_to(outside)
    (root / "a.guard").write_text('use "lib.guard"\n' + GUARD, encoding="utf-8")
    run = guardc(capsys, root, "check", "a.guard")
    assert "error[E111]" in run.err
    assert MARKER not in run.both


@pytest.mark.parametrize("how", ["folder", "named"])
def test_planted_symlink_in_the_checked_tree_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    """`guardc check policies/` in CI: a pull request adds `policies/x.guard -> ~/.aws/...`."""
    root = project(tmp_path)
    policies = root / "policies"
    policies.mkdir()
    (policies / "ok.guard").write_text(GUARD, encoding="utf-8")
    (policies / "x.guard").symlink_to(tmp_path / ".aws" / "credentials")
    target = "policies" if how == "folder" else "policies/x.guard"
    run = guardc(capsys, root, "check", target, "--format", "json")
    assert run.code == 1
    assert MARKER not in run.both
    [diagnostic] = json.loads(run.out)["diagnostics"]
    assert (diagnostic["code"], diagnostic["file"]) == ("E111", "policies/x.guard")
    assert diagnostic["source_line"] is None


def test_use_inside_the_root_still_works_across_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / "shared").mkdir()
    (root / "shared" / "topics.guard").write_text('topic "T":\n  means "t"\n', encoding="utf-8")
    (root / "policies").mkdir()
    (root / "policies" / "a.guard").write_text(
        'use "../shared/topics.guard"\nguardrail "g":\n  deny topic "T"\n', encoding="utf-8"
    )
    (root / "policies" / "link.guard").symlink_to(root / "shared" / "topics.guard")
    run = guardc(capsys, root / "policies", "check", ".")
    assert (run.code, run.err) == (0, "ok: 2 files, 1 guardrail\n")


def test_lock_file_marks_the_root_and_root_option_widens_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / "lib.guard").write_text('topic "T":\n  means "t"\n', encoding="utf-8")
    app = root / "app"
    app.mkdir()
    (app / "guardc.lock.json").write_text('{"version": 1, "guardrails": {}}\n', encoding="utf-8")
    (app / "a.guard").write_text('use "../lib.guard"\nguardrail "g":\n  deny topic "T"\n', "utf-8")
    refused = guardc(capsys, app, "check", "a.guard")
    assert refused.code == 1 and "error[E111]" in refused.err
    assert str(os.path.realpath(app)) in refused.err  # the help names the root it used
    widened = guardc(capsys, app, "check", "a.guard", "--root", root)
    assert widened.code == 0, widened.err


def test_root_option_refuses_paths_outside_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / "sub").mkdir()
    (root / "a.guard").write_text(GUARD, encoding="utf-8")
    run = guardc(capsys, root, "check", "a.guard", "--root", "sub")
    assert run.code == 2
    assert "outside the project root" in run.err


@pytest.mark.parametrize("command", ["compile", "explain", "test", "fmt", "eval"])
def test_every_command_that_reads_sources_keeps_the_boundary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    root = project(tmp_path)
    (root / "a.guard").write_text('use "../.aws/credentials"\n' + GUARD, encoding="utf-8")
    argv: list[str] = {
        "compile": ["compile", "a.guard", "-o", str(tmp_path / "out")],
        "explain": ["explain", "a.guard", "--guardrail", "g"],
        "test": ["test", "a.guard"],
        "fmt": ["fmt", "--check", "--diff", "a.guard"],
        "eval": ["eval", "a.guard", "--guardrail", "g", "--input", "hi"],
    }[command]
    run = guardc(capsys, root, *argv)
    assert MARKER not in run.both
    if command != "fmt":  # fmt does not follow `use`; it only formats the file named
        assert "E111" in run.both
    bounded = guardc(capsys, root, *argv, "--root", root)  # every one takes --root
    assert "unrecognized arguments" not in bounded.err
    assert MARKER not in bounded.both


def test_non_guard_file_on_the_command_line_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    (root / "notes.txt").write_text(f"{MARKER}\n", encoding="utf-8")
    run = guardc(capsys, root, "check", "notes.txt")
    assert run.code == 2
    assert MARKER not in run.both
    assert run.err == "error: notes.txt is not read: a file that is not a `.guard` file\n"
