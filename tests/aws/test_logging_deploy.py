"""`guardc plan` and `guardc apply` for the `logging:` block, end to end against the stand-in
control plane (tests/aws_standin.py), which stores the logging configuration per Region and
checks each Put against botocore's model and the project's strict check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest

from compiler.aws.logging_deploy import differences
from compiler.cli import main

if TYPE_CHECKING:
    from aws_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
HEALTHCARE = ROOT / "examples" / "healthcare_assistant.guard"
PUT = "PutModelInvocationLoggingConfiguration"
GET = "GetModelInvocationLoggingConfiguration"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The healthcare example (logging in us-east-1, with a key, a log group and large data)."""
    (tmp_path / "care.guard").write_text(HEALTHCARE.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def never_deletes(standin: StandIn) -> Iterator[None]:
    yield
    assert "DeleteModelInvocationLoggingConfiguration" not in standin.operations()


def guardc(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def compiled_request(project: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    assert guardc(capsys, "compile", ".", "-o", "build", "--target", "monitoring")[0] == 0
    path = project / "build" / "@monitoring" / "111122223333-us-east-1" / "logging.json"
    request: dict[str, Any] = json.loads(path.read_text())
    return request


def test_plan_with_logging_off_says_turn_on_and_reads_only(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 1
    assert "invocation logging in us-east-1: turn on" in out
    assert (
        '~ invocation logging: s3Config.bucketName not set → "clinic-bedrock-invocation-logs"'
        in out
    )
    assert standin.writes() == []
    assert GET in standin.operations()


def test_apply_puts_the_compiled_request_then_converges(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = guardc(capsys, "apply", ".", "--yes")
    assert code == 0, err
    assert "Invocation logging in us-east-1: configuration written." in out
    (put,) = [c for c in standin.calls if c.operation == PUT]
    assert put.params == compiled_request(project, capsys)
    assert standin.logging["us-east-1"] == put.params["loggingConfig"]
    writes = standin.writes()
    assert writes.count(PUT) == 1
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 0  # nothing would change
    assert "invocation logging in us-east-1: no changes" in out
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    assert standin.writes().count(PUT) == 1  # the second apply wrote no logging


def test_drift_made_in_the_console_is_planned_and_repaired(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0

    def drift(config: dict[str, Any]) -> None:
        config["imageDataDeliveryEnabled"] = False
        config["cloudWatchConfig"]["logGroupName"] = "/tmp/elsewhere"
        del config["s3Config"]

    standin.console_logging("us-east-1", drift)
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode", "--format", "json")
    assert code == 1
    document = json.loads(out)
    schema = json.loads((ROOT / "schemas" / "plan.schema.json").read_text())
    jsonschema.validate(document, schema)
    (logging,) = document["logging"]
    assert (logging["region"], logging["action"]) == ("us-east-1", "update")
    fields = {c["field"]: (c["old"], c["new"]) for c in logging["changes"]}
    assert fields == {
        "cloudWatchConfig.logGroupName": ('"/tmp/elsewhere"', '"/aws/bedrock/clinic/invocations"'),
        "imageDataDeliveryEnabled": ("false", "true"),
        "s3Config.bucketName": (None, '"clinic-bedrock-invocation-logs"'),
        "s3Config.keyPrefix": (None, '"phi/"'),
    }
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    assert standin.logging["us-east-1"] == compiled_request(project, capsys)["loggingConfig"]


def test_a_denied_read_is_E502_naming_the_action_and_exit_3(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standin.deny(GET)
    code, _, err = guardc(capsys, "plan", ".")
    assert code == 3
    assert "error[E502]: AWS denied `bedrock:GetModelInvocationLoggingConfiguration`" in err
    assert "logging:" in err  # the caret is at the block


def test_a_failed_put_stops_apply_with_exit_3(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standin.deny(PUT)
    code, _, err = guardc(capsys, "apply", ".", "--yes")
    assert code == 3
    assert "bedrock:PutModelInvocationLoggingConfiguration" in err
    assert "iam:PassRole" in err
    assert "CreateGuardrail" not in standin.operations()  # nothing else was written after


def test_region_flag_that_disagrees_with_the_block_is_E503(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = guardc(capsys, "plan", ".", "--region", "eu-west-1")
    assert code == 1
    assert "--region eu-west-1 disagrees with the logging block, which names us-east-1" in err
    assert standin.operations() == []


def test_the_stand_in_rejects_a_put_bedrock_would_reject(standin: StandIn) -> None:
    """The Put is checked on arrival as the service would: what guardc sends passes a real
    check, not an echo."""
    import boto3
    from botocore.exceptions import ClientError

    bedrock = boto3.client("bedrock", region_name="us-east-1")
    # botocore checks minimum lengths itself; maxima and patterns only the service does
    bad: Any = {
        "loggingConfig": {"cloudWatchConfig": {"logGroupName": "/g", "roleArn": "not-a-role"}}
    }
    with pytest.raises(ClientError, match="ValidationException"):
        bedrock.put_model_invocation_logging_configuration(**bad)
    assert standin.logging == {}


def test_differences_treat_an_absent_flag_as_false() -> None:
    desired = {"s3Config": {"bucketName": "b-1"}, "textDataDeliveryEnabled": True}
    desired |= {"videoDataDeliveryEnabled": False}
    assert (
        differences(desired, {"s3Config": {"bucketName": "b-1"}, "textDataDeliveryEnabled": True})
        == []
    )
    (change,) = differences(desired, {"s3Config": {"bucketName": "b-1"}})
    assert (change.field, change.old, change.new) == ("textDataDeliveryEnabled", "false", "true")
