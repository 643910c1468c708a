"""`guardc apply --env` and `plan --env` for invocation logging against moto, which keeps one
logging configuration per account and Region (the stand-in keeps one per Region): each
environment's configuration lands in its own account's Region, credentials of another account
write nothing (E505), and the configuration read back is the compiled request."""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest

from compiler.cli import main

DEV, PROD = "111122223333", "444455556666"
SOURCE = f"""\
parameter "log bucket" = "acme-dev-invocation-logs"

environment "dev":
  account "{DEV}"
  region "us-east-1"

environment "prod":
  account "{PROD}"
  region "eu-west-1"
  set "log bucket" = "acme-prod-invocation-logs"

logging:
  deliver to bucket parameter "log bucket" prefix "invocations/"
  include text, images
"""


@pytest.fixture
def moto_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name in ("BEDROCK", "STS", "KMS"):
        monkeypatch.delenv(f"AWS_ENDPOINT_URL_{name}", raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    (tmp_path / "logs.guard").write_text(SOURCE)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _deployed(region: str) -> dict[str, object]:
    answer = boto3.client(
        "bedrock", region_name=region
    ).get_model_invocation_logging_configuration()
    return dict(answer.get("loggingConfig", {}))


def _compiled(env: str, place: str) -> dict[str, object]:
    assert (
        main(["compile", "logs.guard", "--env", env, "-o", f"b-{env}", "--target", "monitoring"])
        == 0
    )
    request = json.loads(Path(f"b-{env}", "@monitoring", place, "logging.json").read_text())
    config: dict[str, object] = request["loggingConfig"]
    return config


def test_each_environment_s_configuration_lands_in_its_own_account(
    moto_project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from moto import mock_aws

    with mock_aws():
        monkeypatch.setenv("MOTO_ACCOUNT_ID", DEV)
        assert main(["apply", "logs.guard", "--env", "dev", "--yes"]) == 0
        # dev's credentials cannot write prod's configuration: nothing is written
        assert main(["apply", "logs.guard", "--env", "prod", "--yes"]) == 3
        assert 'deploys to 444455556666 (environment "prod")' in capsys.readouterr().err
        assert _deployed("us-east-1") == _compiled("dev", f"{DEV}-us-east-1")

        monkeypatch.setenv("MOTO_ACCOUNT_ID", PROD)
        assert _deployed("eu-west-1") == {}  # nothing there yet: the refused apply wrote nothing
        assert _deployed("us-east-1") == {}  # dev's configuration is in dev's account only
        assert main(["apply", "logs.guard", "--env", "prod", "--yes"]) == 0
        assert _deployed("eu-west-1") == _compiled("prod", f"{PROD}-eu-west-1")
        capsys.readouterr()
        assert main(["plan", "logs.guard", "--env", "prod", "--detailed-exitcode"]) == 0
        assert "invocation logging in eu-west-1: no changes" in capsys.readouterr().out
