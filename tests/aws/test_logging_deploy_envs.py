"""`guardc plan` and `guardc apply --env` for a `logging:` block whose values come from
parameters and whose account and Region come from the environment, end to end against the
stand-in control plane (tests/aws_standin.py: one logging configuration per Region, every Put
checked with botocore's validation and the strict check). The source is
tests/cases/ok/logging-environments/input.guard: dev in 111122223333/us-east-1, prod in
444455556666/eu-west-1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from compiler.cli import main

if TYPE_CHECKING:
    from aws_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "cases" / "ok" / "logging-environments" / "input.guard"
PUT = "PutModelInvocationLoggingConfiguration"
pytestmark = pytest.mark.usefixtures("never_deletes")  # nor the logging configuration
DEV, PROD = "111122223333", "444455556666"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "logs.guard")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def guardc(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def compiled(env: str, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    out = f"build-{env}"
    assert guardc(capsys, "compile", ".", "--env", env, "-o", out, "--target", "monitoring")[0] == 0
    place = {"dev": f"{DEV}-us-east-1", "prod": f"{PROD}-eu-west-1"}[env]
    request: dict[str, object] = json.loads(
        Path(out, "@monitoring", place, "logging.json").read_text()
    )
    return request


def test_each_environment_writes_its_own_configuration_in_its_own_region(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "plan", ".")[0] == 2  # which environment? guardc does not guess
    standin.account = DEV
    code, out, err = guardc(capsys, "apply", ".", "--env", "dev", "--yes")
    assert code == 0, err
    assert "invocation logging in us-east-1: turn on" in out
    assert '"acme-dev-invocation-logs"' in out
    assert "Invocation logging in us-east-1: configuration written." in out

    standin.account = PROD
    code, out, err = guardc(capsys, "apply", ".", "--env", "prod", "--yes")
    assert code == 0, err
    assert "invocation logging in eu-west-1: turn on" in out
    puts = [c for c in standin.calls if c.operation == PUT]
    assert [p.params for p in puts] == [compiled("dev", capsys), compiled("prod", capsys)]
    assert sorted(standin.logging) == ["eu-west-1", "us-east-1"]
    dev, prod = standin.logging["us-east-1"], standin.logging["eu-west-1"]
    assert dev["s3Config"]["bucketName"] == "acme-dev-invocation-logs"
    assert prod["s3Config"]["bucketName"] == "acme-prod-invocation-logs"
    assert prod["cloudWatchConfig"]["roleArn"] == f"arn:aws:iam::{PROD}:role/bedrock-logging"

    # both converge: a plan per environment has nothing to change
    code, out, _ = guardc(capsys, "plan", ".", "--env", "prod", "--detailed-exitcode")
    assert code == 0 and "invocation logging in eu-west-1: no changes" in out
    standin.account = DEV
    code, out, _ = guardc(capsys, "plan", ".", "--env", "dev", "--detailed-exitcode")
    assert code == 0 and "invocation logging in us-east-1: no changes" in out


def test_drift_in_one_environment_is_planned_there_only(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standin.account = DEV
    assert guardc(capsys, "apply", ".", "--env", "dev", "--yes")[0] == 0
    standin.logging["us-east-1"]["s3Config"]["bucketName"] = "someone-elses-bucket"
    code, out, _ = guardc(
        capsys, "plan", ".", "--env", "dev", "--detailed-exitcode", "--format", "json"
    )
    assert code == 1
    (logging,) = json.loads(out)["logging"]
    assert logging["region"] == "us-east-1" and logging["action"] == "update"
    assert [(c["field"], c["old"], c["new"]) for c in logging["changes"]] == [
        ("s3Config.bucketName", '"someone-elses-bucket"', '"acme-dev-invocation-logs"')
    ]


def test_credentials_of_another_environment_s_account_write_nothing(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The block names no account: prod's comes from the environment, and the account check
    holds it to that account before any Bedrock call (E505, exit 3), naming the environment."""
    standin.account = DEV
    code, _, err = guardc(capsys, "apply", ".", "--env", "prod", "--yes")
    assert code == 3
    assert (
        f"the AWS credentials in use are for account {DEV}, but the logging block deploys to "
        f'{PROD} (environment "prod")' in err
    )
    assert "choose another environment with --env" in err
    assert standin.calls == []  # not even a read


def test_region_flag_against_the_environment_s_region_is_E503(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = guardc(capsys, "plan", ".", "--env", "prod", "--region", "us-east-1")
    assert code == 1
    assert (
        "--region us-east-1 disagrees with the logging block, which deploys to eu-west-1 "
        '(environment "prod")' in err
    )
    assert standin.calls == []
