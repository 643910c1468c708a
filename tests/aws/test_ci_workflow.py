"""The example CI workflow works as written: every `guardc` step of examples/ci/github-actions.yml,
job by job, on a repository of guardrails, against the stand-in control plane."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shlex
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml  # type: ignore[import-untyped]  # no stubs; PyYAML comes with cfn-lint

from compiler.cli import main

if TYPE_CHECKING:
    from aws_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / "examples" / "ci" / "github-actions.yml"
REPOSITORY = ROOT / "tests" / "fixtures" / "ci"


def jobs() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    found: dict[str, Any] = document["jobs"]
    return found


def matrix(job: str) -> list[dict[str, str]]:
    """The job's matrix legs, in order (one empty leg without a matrix)."""
    axes: dict[str, list[str]] = jobs()[job].get("strategy", {}).get("matrix", {})
    legs: list[dict[str, str]] = [{}]
    for axis, values in axes.items():
        legs = [{**leg, axis: str(value)} for leg in legs for value in values]
    return legs


def guardc_steps(job: str, leg: dict[str, str] | None = None) -> list[list[str]]:
    """The `guardc ...` command lines of a job's `run` steps, as argument lists, with the
    matrix leg's `${{ matrix.X }}` filled in as GitHub does."""
    lines = [
        line.strip()
        for step in jobs()[job]["steps"]
        for line in str(step.get("run", "")).splitlines()
    ]
    found = [line for line in lines if line.startswith("guardc ")]
    for axis, value in (leg or {}).items():
        found = [re.sub(r"\$\{\{\s*matrix\." + axis + r"\s*\}\}", value, f) for f in found]
    assert not any("${{" in f for f in found), found  # every expression was filled in
    return [shlex.split(line)[1:] for line in found]


def region(job: str) -> str | None:
    for step in jobs()[job]["steps"]:
        if str(step.get("uses", "")).startswith("aws-actions/configure-aws-credentials"):
            found: str = step["with"]["aws-region"]
            return found
    return None


def run_step(argv: list[str]) -> int:
    """One `guardc ...` line; `> FILE` at its end writes its standard output to FILE."""
    if ">" not in argv:
        return main(argv)
    at = argv.index(">")
    (target,) = argv[at + 1 :]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv[:at])
    Path(target).write_text(out.getvalue(), encoding="utf-8")
    return code


def run_job(job: str, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every leg of the job in matrix order (as `max-parallel: 1` runs them), every step."""
    where = region(job)
    if where is not None:  # what configure-aws-credentials exports
        monkeypatch.setenv("AWS_REGION", where)
    return [run_step(argv) for leg in matrix(job) for argv in guardc_steps(job, leg)]


def uploaded_sarif(job: str) -> list[str]:
    """The files the job's upload-sarif steps send to code scanning."""
    return [
        str(step["with"]["sarif_file"])
        for step in jobs()[job]["steps"]
        if str(step.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    ]


def test_every_guardc_step_of_the_workflow_succeeds(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copytree(REPOSITORY, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    assert set(jobs()) == {"verify", "plan", "apply", "drift"}
    assert run_job("verify", monkeypatch) == [0, 0, 0, 0]
    assert (tmp_path / "guardc-junit.xml").is_file()
    assert uploaded_sarif("verify") == ["guardc-check.sarif", "guardc-test.sarif"]
    for name in uploaded_sarif("verify"):  # written by the steps, SARIF 2.1.0
        log = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        assert log["version"] == "2.1.0"
        assert log["runs"][0]["tool"]["driver"]["name"] == "guardc"
    assert (tmp_path / "build" / "guardc" / "shop-bot" / "bedrock.json").is_file()

    assert matrix("apply") == [{"env": "staging"}, {"env": "production"}]
    assert run_job("plan", monkeypatch) == [0, 0]  # a pull request: changes shown, not failed
    out = capsys.readouterr().out
    assert 'guardrail "shop-bot-staging"' in out and 'guardrail "shop-bot" ' in out
    assert standin.writes() == []

    assert run_job("apply", monkeypatch) == [0, 0]
    assert standin.writes() == ["CreateGuardrail", "CreateGuardrailVersion"] * 2
    assert standin.by_name("shop-bot-staging").tags["stage"] == "staging"
    assert standin.by_name("shop-bot").tags["stage"] == "production"
    lock = json.loads((tmp_path / "guardc.lock.json").read_text())
    assert sorted(lock["environments"]) == ["production", "staging"]
    apply_step = next(s for s in jobs()["apply"]["steps"] if "git add" in str(s.get("run")))
    added = shlex.split(str(apply_step["run"]).split("git add", 1)[1].splitlines()[0])
    assert all((tmp_path / name).is_file() for name in added)  # what the bot commits exists

    assert run_job("drift", monkeypatch) == [0, 0]  # nothing changed outside git
    standin.console_edit("shop-bot", lambda draft: draft.update(blockedInputMessaging="hi"))
    assert run_job("drift", monkeypatch) == [0, 1]  # production drifted, staging did not
    assert "~ on blocked input say" in capsys.readouterr().out
