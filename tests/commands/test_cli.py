"""The `guardc` command line: exit codes, output streams, lazy imports, each command end to end."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from compiler import cli
from compiler.cli import main
from compiler.commands import common
from compiler.vocab import PII_PHRASES

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        check=False,
    )


# ── usage and dispatch ────────────────────────────────────────────────────────────────────────


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in cli.COMMANDS:
        assert name in out


@pytest.mark.parametrize(
    "argv",
    [[], ["frobnicate"], ["check"], ["check", "--format", "yaml", "x"], ["compile", "--bogus"]],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_only_the_chosen_command_is_imported() -> None:
    # shared helpers of compiler/commands/ (common, streams, argtypes) are not commands; `common`
    # holds the exit codes and helpers every command shares (standard library only)
    probe = (
        "import sys; from compiler.cli import COMMANDS, main; code = main(['explain', 'E001']); "
        "print(code, sorted(m for m in sys.modules if m.startswith('compiler.commands.') "
        "and m.rsplit('.', 1)[1] in COMMANDS), "
        "[m for m in ('boto3', 'botocore', 'lark') if m in sys.modules])"
    )
    result = _python(probe)
    assert result.stdout.splitlines()[-1] == "0 ['compiler.commands.explain'] []"


def test_check_imports_no_aws_sdk_and_no_target() -> None:
    probe = (
        "import sys; from compiler.cli import main; code = main(['check', 'examples/']); "
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore') "
        "or m.startswith(('compiler.targets.', 'compiler.runtime'))))"
    )
    assert _python(probe).stdout.splitlines()[-1] == "0 []"


def test_help_imports_nothing_heavy() -> None:
    probe = (
        "import sys; from compiler.cli import main; code = main(['--help']); "
        "print(code, [m for m in ('pydantic', 'lark', 'boto3', 'botocore') if m in sys.modules])"
    )
    assert _python(probe).stdout.splitlines()[-1] == "0 []"


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "compiler", "explain", "W205"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("W205: no access block: IAM and KMS output skipped\n")


def test_unexpected_exception_is_an_internal_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from compiler.commands import explain

    def boom(args: object) -> int:
        raise ValueError("boom")

    monkeypatch.setattr(explain, "run", boom)
    monkeypatch.delenv("GUARDC_DEBUG", raising=False)
    assert main(["explain", "E001"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error[E901]: internal error: ValueError: boom\n")
    assert "Traceback" not in err
    monkeypatch.setenv("GUARDC_DEBUG", "1")
    assert main(["explain", "E001"]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert common.use_color(_Tty())
    assert not common.use_color(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not common.use_color(_Tty())


# ── explain CODE ──────────────────────────────────────────────────────────────────────────────


def test_explain_code_prints_title_and_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "e206"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("E206: duplicate statement\n\nTwo statements in one guardrail")


def test_explain_e203_lists_every_pii_phrase(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "E203"]) == 0
    lines = capsys.readouterr().out.splitlines()
    table = lines[next(i for i, ln in enumerate(lines) if ln.startswith("phrase ")) + 1 :]
    rows = dict(re.split(r"\s{2,}", line) for line in table)
    assert rows == {phrase: entity.value for phrase, entity in PII_PHRASES.items()}


def test_explain_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "E203", "--format", "json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert obj["code"] == "E203" and obj["severity"] == "error"
    assert obj["vocabulary"] == {p: e.value for p, e in PII_PHRASES.items()}


def test_explain_unknown_code_suggests_the_nearest(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "E2033"]) == 2
    err = capsys.readouterr().err
    assert "unknown diagnostic code `E2033`" in err
    assert "did you mean `E203`?" in err


def test_diagnostics_schema_is_the_one_in_the_repo() -> None:
    schema = json.loads((ROOT / "schemas" / "diagnostics.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)


# ── check ─────────────────────────────────────────────────────────────────────────────────────

BASE = """\
pii group "ids": us passport numbers, driver ids

guardrail "base":
  filter hate at high
  block pii group "ids"
  block email addresses
  access:
    account "111122223333"
    region "us-east-1"
    deployed by "arn:aws:iam::111122223333:role/ci"
"""
CHILD = """\
use "base.guard"

guardrail "child" extends "base":
  mask email addresses on output  # replaces the base's rule whole
  filter insults at medium on input, low on output
"""
SOLO = 'guardrail "solo":\n  block profanity\n'  # no access block, none inherited
BROKEN = 'guardrail "bad":\n  block credit card numbrs\n'


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a base guardrail and a child that extends it; the working directory."""
    (tmp_path / "base.guard").write_text(BASE)
    (tmp_path / "child.guard").write_text(CHILD)
    (tmp_path / "solo.guard").write_text(SOLO)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_check_clean_sources(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "."]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[-1] == "ok: 3 files, 3 guardrails"


def test_check_examples_are_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check", "examples/", "stdlib/"]) == 0


def test_check_reports_errors_with_exit_1(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "broken.guard").write_text(BROKEN)
    assert main(["check", "broken.guard", "base.guard"]) == 1
    err = capsys.readouterr().err
    assert "error[E203]: unknown PII entity `credit card numbrs`" in err
    assert " --> broken.guard:2:9" in err
    assert "= help: did you mean `credit card numbers`?" in err
    assert err.splitlines()[-1] == "1 error in 2 files"


def test_check_json_validates_against_the_schema(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "broken.guard").write_text(BROKEN)
    assert main(["check", ".", "--format", "json"]) == 1
    captured = capsys.readouterr()
    assert captured.err == ""
    report = json.loads(captured.out)
    schema = json.loads((ROOT / "schemas" / "diagnostics.schema.json").read_text())
    jsonschema.validate(report, schema)
    [diagnostic] = report["diagnostics"]
    assert (diagnostic["code"], diagnostic["file"], diagnostic["line"]) == (
        "E203",
        "broken.guard",
        2,
    )
    assert report["summary"] == {"errors": 1, "warnings": 0, "files": 4, "guardrails": 4}


def test_check_missing_path_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "nope.guard"]) == 2
    assert capsys.readouterr().err == "error: no such file or folder: nope.guard\n"


def test_one_usage_error_class() -> None:
    """The pipeline (a missing path) and the commands (a bad flag value) raise the same class,
    so the dispatcher has one thing to catch; a second `UsageError` would slip past it."""
    defined = sorted(
        str(path.relative_to(ROOT))
        for path in (ROOT / "compiler").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ClassDef) and node.name == "UsageError"
    )
    assert defined == ["compiler/diagnostics/usage.py"]


def test_guardc_script_end_to_end(project: Path) -> None:
    (project / "broken.guard").write_text(BROKEN)
    script = ROOT / ".venv" / "bin" / "guardc"
    ok = subprocess.run(
        [script, "check", "base.guard"], capture_output=True, text=True, check=False
    )
    bad = subprocess.run([script, "check", "."], capture_output=True, text=True, check=False)
    usage = subprocess.run([script, "check", "--nope"], capture_output=True, text=True, check=False)
    assert (ok.returncode, bad.returncode, usage.returncode) == (0, 1, 2)
    assert "\x1b[" not in bad.stderr  # not a terminal: no colour
    assert "Traceback" not in ok.stderr + bad.stderr + usage.stderr


# ── fmt ───────────────────────────────────────────────────────────────────────────────────────


def test_fmt_check_diff_and_rewrite(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = 'GUARDRAIL "m":   # keep me\n    Filter Hate at HIGH\n'
    (project / "messy.guard").write_text(messy)
    assert main(["fmt", "--check", "."]) == 1
    assert capsys.readouterr().out == "would reformat messy.guard\n"
    assert main(["fmt", "--check", "--diff", "messy.guard"]) == 1
    diff = capsys.readouterr().out
    assert diff.endswith(
        '-GUARDRAIL "m":   # keep me\n-    Filter Hate at HIGH\n'
        '+guardrail "m":  # keep me\n+  filter hate at high\n'
    )
    assert (project / "messy.guard").read_text() == messy  # --check changes nothing
    assert main(["fmt", "--diff", "messy.guard"]) == 1  # --diff alone is a preview too
    assert capsys.readouterr().out == diff
    assert (project / "messy.guard").read_text() == messy
    assert main(["fmt", "."]) == 0
    assert capsys.readouterr().out == "reformatted messy.guard\n"
    formatted = 'guardrail "m":  # keep me\n  filter hate at high\n'
    assert (project / "messy.guard").read_text() == formatted
    assert main(["fmt", "--check", "."]) == 0


def test_fmt_leaves_files_with_errors_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "broken.guard").write_text(BROKEN + "   \n")
    assert main(["fmt", "broken.guard"]) == 1
    assert (project / "broken.guard").read_text() == BROKEN + "   \n"
    err = capsys.readouterr().err
    assert "error[E203]" in err and "1 file with errors left alone" in err


# ── explain PATH --guardrail ──────────────────────────────────────────────────────────────────


def test_explain_guardrail_table(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", ".", "--guardrail", "child"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("RULE")) + 1
    rows = {line.split("  ")[0]: " ".join(line.split()) for line in lines[start:-2]}
    settings = {" ".join(line.split()[:2]) for line in lines[1:start] if line.startswith("  ")}
    assert {"blocked input", "encryption key", "cross region"} <= settings
    assert rows["hate"] == 'hate BLOCK high BLOCK high base.guard:4 (from "base")'
    assert rows["insults"] == "insults BLOCK medium BLOCK low child.guard:5"
    assert rows["email addresses"] == "email addresses off ANONYMIZE child.guard:4"
    assert rows["driver ids"] == (
        'driver ids BLOCK BLOCK base.guard:5 (from "base") via pii group "ids"'
    )
    assert out.splitlines()[0] == 'guardrail "child" extends "base"'


def test_explain_guardrail_json(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "child.guard", "--guardrail", "child", "--format", "json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    by_rule = {r["rule"]: r for r in obj["rules"]}
    assert by_rule["email addresses"]["input"] is None
    assert by_rule["email addresses"]["output"] == {"action": "ANONYMIZE", "strength": None}
    assert by_rule["us passport numbers"]["origin"] == {
        "file": "base.guard",
        "line": 5,
        "column": 3,
        "guardrail": "base",
        "via": 'pii group "ids"',
    }


def test_explain_unknown_guardrail(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", ".", "--guardrail", "chlid"]) == 2
    assert "did you mean `child`?" in capsys.readouterr().err


# ── compile ───────────────────────────────────────────────────────────────────────────────────


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_compile_writes_deterministic_artefacts(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["compile", ".", "--target", "bedrock", "--target", "cloudformation", "--target"]
    assert main([*args, "iam", "-o", "one"]) == 2  # `child` has no access block
    assert "`solo` has none" in capsys.readouterr().err
    assert main(["compile", ".", "-o", "one", "--target", "bedrock"]) == 0
    assert main(["compile", ".", "-o", "two", "--target", "bedrock"]) == 0
    one, two = _tree(project / "one"), _tree(project / "two")
    assert sorted(one) == ["base/bedrock.json", "child/bedrock.json", "solo/bedrock.json"]
    assert one == two
    payload = json.loads(one["child/bedrock.json"])
    assert payload["name"] == "child"
    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [f"wrote two/{g}/bedrock.json" for g in ("base", "child", "solo")]


def test_compile_all_skips_iam_without_access(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compile", ".", "-o", "out"]) == 0
    files = _tree(project / "out")
    assert "child/iam/deployer.json" in files  # the access block is inherited
    assert "solo/bedrock.json" in files
    assert not any(name.startswith("solo/iam/") for name in files)
    assert "warning[W205]: guardrail `solo` has no access block" in capsys.readouterr().err


def test_compile_with_errors_writes_nothing(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "broken.guard").write_text(BROKEN)
    assert main(["compile", ".", "-o", "out"]) == 1
    assert not (project / "out").exists()
    assert "error[E203]" in capsys.readouterr().err


def _capture_context(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Replace the bedrock target by one that records the context it is given."""
    from compiler import targets
    from compiler.targets import Artefact

    seen: list[object] = []

    def fake(guardrail: object, ctx: object) -> list[Artefact]:
        seen.append(ctx)
        return [Artefact("fake.json", b"{}\n")]

    monkeypatch.setattr(targets, "load_target", lambda name: fake)
    return seen


ARN = "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123"
SHA = "ab" * 32


def test_lock_file_then_flag_fill_the_arns(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _capture_context(monkeypatch)
    lock = {
        "version": 1,
        "guardrails": {
            "base": {"id": "abc123", "arn": ARN, "version": "3", "payload_sha256": SHA},
            "child": {"id": "abc123", "arn": ARN, "payload_sha256": SHA},
            "solo": {"id": "abc123", "arn": ARN, "payload_sha256": SHA},
        },
    }
    (project / "guardc.lock.json").write_text(json.dumps(lock))
    flag = f"child={ARN.replace('abc123', 'fff999')}:2"
    assert main(["compile", ".", "-o", "out", "--target", "bedrock", "--guardrail-arn", flag]) == 0
    ctx = seen[0]
    assert ctx.guardrail_arns == {  # type: ignore[attr-defined]
        "base": ARN + ":3",
        "child": ARN.replace("abc123", "fff999") + ":2",
        "solo": ARN,
    }
    assert ctx.lock["base"]["version"] == "3"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("lock", "message"),
    [
        ("{not json", "bad lock file"),
        ('{"version": 3, "guardrails": {}}', "bad lock file"),
        ('{"version": 1, "guardrails": {"base": {"id": "x"}}}', "bad lock file"),
    ],
)
def test_bad_lock_file_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str], lock: str, message: str
) -> None:
    (project / "custom.lock").write_text(lock)
    assert main(["compile", ".", "-o", "out", "--lock", "custom.lock"]) == 2
    assert capsys.readouterr().err.startswith(f"error: {message}")
    assert not (project / "out").exists()


@pytest.mark.parametrize("flag", ["child", "child=not-an-arn", f"nobody={ARN}", f"={ARN}"])
def test_bad_guardrail_arn_flag_is_a_usage_error(project: Path, flag: str) -> None:
    assert main(["compile", ".", "-o", "out", "--guardrail-arn", flag]) == 2
    assert not (project / "out").exists()


def test_compile_json_reports_artefacts(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compile", ".", "-o", "out", "--target", "bedrock", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    schema = json.loads((ROOT / "schemas" / "diagnostics.schema.json").read_text())
    jsonschema.validate(report, schema)
    assert report["artefacts"] == [f"out/{g}/bedrock.json" for g in ("base", "child", "solo")]
    (project / "broken.guard").write_text(BROKEN)
    assert main(["compile", ".", "-o", "out2", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    jsonschema.validate(report, schema)
    assert report["artefacts"] == [] and report["summary"]["errors"] == 1


@pytest.mark.parametrize("path", ["../escape.json", "/abs.json", ""])
def test_unsafe_artefact_path_is_an_internal_error(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    from compiler import targets
    from compiler.targets import Artefact

    monkeypatch.setattr(targets, "load_target", lambda name: lambda g, ctx: [Artefact(path, b"")])
    assert main(["compile", ".", "-o", "out", "--target", "bedrock"]) == 1
    assert "error[E901]: internal error: RuntimeError: unsafe artefact path" in (
        capsys.readouterr().err
    )
    assert not (project / "out").exists() and not (project / "escape.json").exists()


def test_warnings_alone_pass(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "solo.guard").write_text('guardrail "solo":\n  block words "zeus", "Zeus"\n')
    assert main(["check", "solo.guard"]) == 0
    err = capsys.readouterr().err
    assert "warning[W203]" in err
    assert err.splitlines()[-1] == "ok: 1 file, 1 guardrail (1 warning)"


def test_fmt_stdin_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('GUARDRAIL "x":\n    Block Profanity # c\n'))
    assert main(["fmt", "-"]) == 0
    assert capsys.readouterr().out == 'guardrail "x":\n  block profanity  # c\n'
    monkeypatch.setattr("sys.stdin", io.StringIO('guardrail "x":\n  block profanty\n'))
    assert main(["fmt", "-"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and " --> <stdin>:2:9" in captured.err


def test_fmt_refuses_to_write_a_changed_meaning(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import compiler.frontend.fmt

    original = compiler.frontend.fmt.format_source
    monkeypatch.setattr(
        compiler.frontend.fmt, "format_source", lambda m, t: original(m, t).replace("high", "low")
    )
    (project / "m.guard").write_text('guardrail "m":\n    filter hate at high\n')
    assert main(["fmt", "m.guard"]) == 1
    assert (project / "m.guard").read_text() == 'guardrail "m":\n    filter hate at high\n'
    assert "error[E901]: formatting would change what this file means" in capsys.readouterr().err


EXPLAIN_SCHEMA = json.loads((ROOT / "schemas" / "explain.schema.json").read_text())


@pytest.mark.parametrize(
    "argv",
    [
        ["explain", "E203", "--format", "json"],
        ["explain", "W204", "--format", "json"],
        *(
            ["explain", str(ROOT / "examples" / f), "--guardrail", g, "--format", "json"]
            for f, g in [
                ("banking_assistant.guard", "banking-assistant"),
                ("healthcare_assistant.guard", "care-navigator"),
                ("coding_assistant.guard", "code-assistant"),
                ("../tests/cases/ok/enforcement-and-sharing/input.guard", "org-floor"),
            ]
        ),
    ],
)
def test_explain_json_matches_its_schema(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 0
    jsonschema.validate(json.loads(capsys.readouterr().out), EXPLAIN_SCHEMA)


def test_explain_shows_enforcement_and_sharing(capsys: pytest.CaptureFixture[str]) -> None:
    case = ROOT / "tests" / "cases" / "ok" / "enforcement-and-sharing" / "input.guard"
    assert main(["explain", str(case), "--guardrail", "org-floor"]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert "shared with accounts   444455556666, 777788889999" in lines
    assert "shared with org        o-abc1234567" in lines
    assert (
        "enforced in account    every model except amazon.titan-embed-text-v2:0, "
        "cohere.embed-english-v3; system prompts selective; messages comprehensive"
    ) in lines
    assert (
        "enforced in org        anthropic.claude-3-haiku-20240307-v1:0; attached to root r-ab12, "
        "OU ou-ab12-11111111" in lines
    )
    assert main(["explain", str(case), "--guardrail", "org-floor", "--format", "json"]) == 0
    settings = json.loads(capsys.readouterr().out)["settings"]
    assert [e["scope"] for e in settings["enforcements"]] == ["ACCOUNT", "ORGANIZATION"]
    assert settings["access"]["shared_organization"] == "o-abc1234567"


def test_explain_shows_tiers_per_policy(capsys: pytest.CaptureFixture[str]) -> None:
    case = ROOT / "tests" / "cases" / "ok" / "tiers-per-policy" / "input.guard"
    assert main(["explain", str(case), "--guardrail", "tiers"]) == 0
    lines = [line.strip() for line in capsys.readouterr().out.splitlines()]
    assert "topics tier            standard" in lines
    assert "filters tier           classic" in lines
    assert "grounding tier         standard" in lines
