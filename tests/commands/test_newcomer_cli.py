"""The command line a newcomer meets: `--version`, `guardc` alone, and `fmt --format json`."""

from __future__ import annotations

import io
import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource

from compiler.cli import COMMANDS, main

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
MESSY = 'GUARDRAIL "m":\n    Filter Hate at HIGH\n'
TIDY = 'guardrail "t":\n  filter hate at high\n'
BROKEN = 'guardrail "b":\n  block credit card numbrs\n'


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


def _fmt_validator() -> jsonschema.Draft202012Validator:
    diagnostics = _schema("diagnostics.schema.json")
    registry: Registry[Any] = Registry().with_resource(
        diagnostics["$id"], Resource.from_contents(diagnostics)
    )
    schema = _schema("fmt.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, registry=registry)


def test_version_prints_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"guardc {version('guardc')}\n"


def test_guardc_alone_lists_every_command_on_one_line_each(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main([]) == 2  # a missing command is a usage error, as with git (docs/cli.md)
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    start = lines.index("commands:") + 1
    listed = lines[start : start + len(COMMANDS)]
    assert [line.split()[0] for line in listed] == list(COMMANDS)
    assert all(len(line.split(maxsplit=1)) == 2 for line in listed)  # each has its help
    assert lines[start + len(COMMANDS)] == ""  # nothing more in the list


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "messy.guard").write_text(MESSY)
    (tmp_path / "tidy.guard").write_text(TIDY)
    return tmp_path


def _fmt_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["fmt", "--format", "json", *args])
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    _fmt_validator().validate(report)
    return code, report


def test_fmt_json_check_lists_the_files_that_would_change(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, report = _fmt_json(capsys, "--check", ".")
    assert code == 1
    assert report["check"] is True
    assert report["changed"] == ["messy.guard"]
    assert report["failed"] == []
    assert report["summary"] == {"files": 2, "changed": 1, "failed": 0}
    assert "diffs" not in report
    assert (project / "messy.guard").read_text() == MESSY  # nothing written


def test_fmt_json_diff_and_rewrite(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, report = _fmt_json(capsys, "--check", "--diff", ".")
    assert report["diffs"]["messy.guard"].endswith("+  filter hate at high\n")
    code, report = _fmt_json(capsys, ".")
    assert code == 0
    assert report["check"] is False and report["changed"] == ["messy.guard"]
    assert (project / "messy.guard").read_text() == 'guardrail "m":\n  filter hate at high\n'
    code, report = _fmt_json(capsys, "--check", ".")
    assert (code, report["changed"]) == (0, [])


def test_fmt_json_reports_files_left_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "broken.guard").write_text(BROKEN)
    code, report = _fmt_json(capsys, "broken.guard", "tidy.guard")
    assert code == 1
    assert report["failed"] == ["broken.guard"]
    assert [d["code"] for d in report["diagnostics"]] == ["E203"]
    assert (project / "broken.guard").read_text() == BROKEN


def test_fmt_stdin_with_json_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(MESSY))
    assert main(["fmt", "--format", "json", "-"]) == 2
    assert "--format json goes with files" in capsys.readouterr().err
