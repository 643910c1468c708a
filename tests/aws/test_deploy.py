"""`guardc plan` and `guardc apply` end to end: the real boto3 client over HTTP against the
stand-in control plane (tests/aws_standin.py), through `AWS_ENDPOINT_URL_BEDROCK`."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
from examples_loader import without_monitoring

from compiler.cli import main

if TYPE_CHECKING:
    from aws_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "retail_support.guard"
NAME = "retail-support"
ANCHOR = "  mask addresses on output\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder holding one example guardrail (Region eu-west-1 in its access block)."""
    # the guardrail alone: its logging block is tested in test_logging_deploy.py
    text = without_monitoring(EXAMPLE.read_text(encoding="utf-8"))
    (tmp_path / "retail_support.guard").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def never_deletes(standin: StandIn) -> Iterator[None]:
    """Whatever a test does, guardc never calls DeleteGuardrail."""
    yield
    assert "DeleteGuardrail" not in standin.operations()


def guardc(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def edit(project: Path, line: str) -> None:
    """Add a statement to the guardrail's body."""
    source = project / "retail_support.guard"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(ANCHOR, ANCHOR + line + "\n", 1), encoding="utf-8")


def compiled_payload(capsys: pytest.CaptureFixture[str], project: Path) -> dict[str, Any]:
    assert guardc(capsys, "compile", ".", "-o", "build", "--target", "bedrock")[0] == 0
    payload: dict[str, Any] = json.loads((project / "build" / NAME / "bedrock.json").read_text())
    return payload


def lock(project: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((project / "guardc.lock.json").read_text())
    entry: dict[str, Any] = document["guardrails"][NAME]
    return entry


# ── the deploy loop ─────────────────────────────────────────────────────────────────────────


def test_plan_before_create_says_create_and_exits_1(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 1
    assert f'guardrail "{NAME}" in eu-west-1: create' in out
    assert "+ filter hate: input high, output high" in out
    assert '+ tag team: "customer-care"' in out
    assert standin.writes() == []
    assert guardc(capsys, "plan", ".")[0] == 0  # without the flag, changes are not a failure


def test_apply_creates_exactly_the_compiled_payload_then_nothing_more(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = compiled_payload(capsys, project)
    code, out, _ = guardc(capsys, "apply", ".", "--yes")
    assert code == 0, out
    assert "Apply complete: 1 created, 0 updated, 0 unchanged." in out
    (create,) = [c for c in standin.calls if c.operation == "CreateGuardrail"]
    assert create.params == payload
    record = standin.by_name(NAME)
    entry = lock(project)
    assert (entry["id"], entry["arn"], entry["version"]) == (record.id, record.arn, None)
    bedrock_json = (project / "build" / NAME / "bedrock.json").read_bytes()
    import hashlib

    assert entry["payload_sha256"] == hashlib.sha256(bedrock_json).hexdigest()

    writes = standin.writes()
    code, out, _ = guardc(capsys, "apply", ".", "--yes")
    assert code == 0
    assert standin.writes() == writes  # the second apply wrote nothing
    assert "0 created, 0 updated, 1 unchanged" in out
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert (code, "found by the lock file): no changes" in out) == (0, True)


def test_edit_and_publish_make_one_update_and_one_version(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    assert standin.writes() == ["CreateGuardrail", "CreateGuardrailVersion"]
    assert lock(project)["version"] == "1"
    edit(project, "  filter hate at low")
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 1
    assert "~ filter hate: input high → low" in out
    assert "~ filter hate: output high → low" in out
    code, out, _ = guardc(capsys, "apply", ".", "--yes", "--publish")
    assert code == 0, out
    assert standin.writes()[2:] == ["UpdateGuardrail", "CreateGuardrailVersion"]
    assert "Published: retail-support version 2." in out
    record = standin.by_name(NAME)
    assert len(record.versions) == 2
    hate = [f for f in record.versions[1]["contentPolicyConfig"]["filtersConfig"]]
    assert {f["inputStrength"] for f in hate if f["type"] == "HATE"} == {"LOW"}
    assert lock(project)["version"] == "2"
    # nothing changed since version 2: no write at all, not even a version
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    assert len(standin.writes()) == 4


def test_update_sends_the_whole_configuration_without_tags_or_token(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    edit(project, '  block words "loyalty points glitch" on input')
    payload = compiled_payload(capsys, project)
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    (update,) = [c for c in standin.calls if c.operation == "UpdateGuardrail"]
    expected = {k: v for k, v in payload.items() if k not in ("tags", "clientRequestToken")}
    assert update.params == {**expected, "guardrailIdentifier": standin.by_name(NAME).id}


def test_console_edits_show_up_in_plan_and_apply_repairs_them(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0

    def weaken(draft: dict[str, Any]) -> None:
        for entry in draft["contentPolicyConfig"]["filtersConfig"]:
            if entry["type"] == "HATE":
                entry["inputStrength"] = "LOW"
        draft["sensitiveInformationPolicyConfig"]["piiEntitiesConfig"] = [
            e
            for e in draft["sensitiveInformationPolicyConfig"]["piiEntitiesConfig"]
            if e["type"] != "EMAIL"
        ]

    standin.console_edit(NAME, weaken)
    standin.console_tag(NAME, "team", "someone-else")
    standin.console_tag(NAME, "owner", "console")
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 1
    assert "update in place" in out
    assert "~ filter hate: input low → high" in out
    assert "+ pii email addresses: input off, output mask" in out
    assert '~ tag team: "someone-else" → "customer-care"' in out
    assert '- tag owner (was "console")' in out
    writes = len(standin.writes())
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    assert standin.writes()[writes:] == ["UpdateGuardrail", "TagResource", "UntagResource"]
    assert standin.by_name(NAME).tags == {"team": "customer-care", "data-classification": "public"}
    assert guardc(capsys, "plan", ".", "--detailed-exitcode")[0] == 0


def test_plan_json_follows_its_schema(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = json.loads((ROOT / "schemas" / "plan.schema.json").read_text())
    code, out, _ = guardc(capsys, "plan", ".", "--format", "json")
    document = json.loads(out)
    jsonschema.validate(document, schema)
    assert document["guardrails"][0]["action"] == "create"
    assert document["summary"] == {"create": 1, "update": 0, "unchanged": 0, "publish": 0}
    guardc(capsys, "apply", ".", "--yes")
    edit(project, "  filter hate at low")
    code, out, _ = guardc(capsys, "plan", ".", "--format", "json", "--detailed-exitcode")
    document = json.loads(out)
    jsonschema.validate(document, schema)
    assert code == 1
    changes = document["guardrails"][0]["changes"]
    assert {
        "kind": "change",
        "subject": "filter hate",
        "field": "input",
        "old": "high",
        "new": "low",
        "text": "~ filter hate: input high → low",
    } in changes


def test_apply_json_reports_the_plan_and_what_was_done(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    schema = json.loads((ROOT / "schemas" / "plan.schema.json").read_text())
    code, out, _ = guardc(capsys, "apply", ".", "--yes", "--publish", "--format", "json")
    document = json.loads(out)
    assert code == 0
    jsonschema.validate(document["plan"], schema)
    (applied,) = document["applied"]
    assert applied["writes"] == ["CreateGuardrail", "CreateGuardrailVersion"]
    assert (applied["id"], applied["version"]) == (standin.by_name(NAME).id, "1")
    assert document["lock"] == "guardc.lock.json"


# ── finding, retrying, converging ──────────────────────────────────────────────────────────


def test_finds_by_name_across_pages_without_a_lock_file(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    import boto3

    client = boto3.client("bedrock", region_name="eu-west-1")
    for n in range(5):  # others' guardrails, created later: ours is on the first of 3 pages
        client.create_guardrail(
            name=f"other-{n}",
            blockedInputMessaging="no",
            blockedOutputsMessaging="no",
            wordPolicyConfig={"wordsConfig": [{"text": "x"}]},
        )
    standin.records = dict(reversed(standin.records.items()))  # ours last: on the third page
    (project / "guardc.lock.json").unlink()
    before = len(standin.calls)
    code, out, _ = guardc(capsys, "apply", ".", "--yes", "--publish")
    assert code == 0, out
    assert "found by name): no changes" in out
    calls = standin.operations()[before:]
    assert calls.count("ListGuardrails") >= 3  # every page of the account, then its versions
    assert standin.writes().count("CreateGuardrail") == 6  # ours once, the five others
    assert "CreateGuardrailVersion" not in calls  # version 1 is current: read back, not re-made
    assert lock(project)["version"] == "1"


def test_throttling_is_retried_with_backoff(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standin.throttle(2)
    code, _, err = guardc(capsys, "apply", ".", "--yes")
    assert code == 0, err
    assert standin.operations()[:3] == ["ListGuardrails"] * 3  # two throttled, then answered
    assert standin.writes() == ["CreateGuardrail"]


def test_throttling_that_does_not_stop_is_an_aws_error(
    standin: StandIn,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from botocore.retries.standard import ExponentialBackoff

    # botocore's own retry decisions, without its seconds of sleep between the eight attempts
    monkeypatch.setattr(ExponentialBackoff, "delay_amount", lambda self, context: 0)
    standin.throttle(100)
    code, _, err = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 3
    assert "error[E501]" in err and "ThrottlingException" in err
    assert standin.operations() == ["ListGuardrails"] * 8  # MAX_ATTEMPTS, then it gives up


def test_access_denied_names_the_missing_permission(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standin.deny("CreateGuardrail")
    code, _, err = guardc(capsys, "apply", ".", "--yes")
    assert code == 3
    assert "error[E502]: AWS denied `bedrock:CreateGuardrail`" in err
    assert "grant `bedrock:CreateGuardrail`" in err
    assert not (project / "guardc.lock.json").exists()


def test_an_interrupted_apply_converges_without_a_duplicate(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    process: list[subprocess.Popen[str]] = []

    def kill_the_client(operation: str, result: dict[str, Any]) -> None:
        if operation == "CreateGuardrail":  # stored, and the client never hears back
            os.kill(process[0].pid, signal.SIGKILL)
            process[0].wait()

    standin.on_stored = kill_the_client
    process.append(
        subprocess.Popen(
            [sys.executable, "-m", "compiler", "apply", ".", "--yes"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    )
    process[0].communicate(timeout=60)
    assert process[0].returncode == -signal.SIGKILL
    assert len(standin.records) == 1
    assert not (project / "guardc.lock.json").exists()
    standin.on_stored = None

    edit(project, "  filter hate at low")  # and the source moved on meanwhile
    code, out, _ = guardc(capsys, "apply", ".", "--yes")
    assert code == 0, out
    assert "found by name): update in place" in out
    assert standin.writes() == ["CreateGuardrail", "UpdateGuardrail"]
    assert len(standin.records) == 1
    assert lock(project)["id"] == standin.by_name(NAME).id


def test_a_guardrail_created_meanwhile_is_updated_not_duplicated(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Between the plan and the create someone made a guardrail of the same name:
    CreateGuardrail answers ConflictException and apply updates theirs instead."""
    import boto3

    from compiler.aws.client import Settings, bedrock_client
    from compiler.aws.deploy import Desired, apply, plan

    payload = compiled_payload(capsys, project)
    desired = Desired(NAME, payload, "eu-west-1")
    client = bedrock_client(Settings())
    planned = plan(client, desired, None)
    assert planned.action == "create"
    other = {k: v for k, v in payload.items() if k != "clientRequestToken"}
    other["blockedInputMessaging"] = "theirs"
    boto3.client("bedrock", region_name="eu-west-1").create_guardrail(**other)
    applied = apply(client, planned, None)
    assert applied.writes == ["UpdateGuardrail"]
    assert len(standin.records) == 1
    assert standin.by_name(NAME).draft["blockedInputMessaging"] == payload["blockedInputMessaging"]


def test_publish_waits_for_the_guardrail_to_settle(
    standin: StandIn,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from compiler.aws import deploy

    monkeypatch.setattr(deploy, "POLL_SECONDS", 0.0)
    standin.settle_reads = 2
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    ops = standin.operations()
    at = ops.index("CreateGuardrailVersion")
    assert ops[at - 3 : at] == ["GetGuardrail"] * 3  # UPDATING, UPDATING, READY


# ── confirmation, dry run, settings ────────────────────────────────────────────────────────


def test_apply_without_yes_and_without_a_terminal_refuses(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = guardc(capsys, "apply", ".")
    assert code == 2
    assert "pass --yes" in err
    assert "create" in out  # the plan was shown
    assert standin.writes() == []


def test_dry_run_changes_nothing(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = guardc(capsys, "apply", ".", "--dry-run", "--publish")
    assert code == 0
    assert "Dry run: nothing was changed." in out
    assert standin.writes() == []
    assert not (project / "guardc.lock.json").exists()


def test_region_flag_that_disagrees_with_the_access_block_is_an_error(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = guardc(capsys, "plan", ".", "--region", "us-east-1")
    assert code == 1
    assert "error[E503]" in err
    assert standin.calls == []


def test_aws_endpoint_url_reaches_the_stand_in_too(
    standin: StandIn,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("AWS_ENDPOINT_URL_BEDROCK")
    monkeypatch.setenv("AWS_ENDPOINT_URL", standin.url)
    assert guardc(capsys, "plan", ".", "--detailed-exitcode")[0] == 1
    assert standin.operations() == ["ListGuardrails"]


def test_an_unknown_profile_is_an_aws_error_not_a_traceback(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = guardc(capsys, "plan", ".", "--profile", "nobody")
    assert code == 3
    assert "error[E501]" in err and "ProfileNotFound" in err


# ── the lock file feeds compile ─────────────────────────────────────────────────────────────


def test_compile_after_apply_pins_the_version_just_published(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    edit(project, "  filter hate at low")
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    code, _, err = guardc(capsys, "compile", ".", "-o", "out", "--target", "iam")
    assert code == 0, err
    arn = standin.by_name(NAME).arn
    for name in ("application.json", "enforcement.json"):
        text = (project / "out" / NAME / "iam" / name).read_text()
        assert f'"{arn}:2"' in text, name
        assert f'"{arn}:1"' not in text


class _Terminal:
    """stdin as a terminal where someone types `answer`."""

    def __init__(self, answer: str) -> None:
        self.answer = answer

    def isatty(self) -> bool:
        return True

    def readline(self) -> str:
        return self.answer + "\n"


@pytest.mark.usefixtures("project")
@pytest.mark.parametrize(("answer", "expected"), [("yes", (0, 1)), ("y", (1, 0)), ("", (1, 0))])
def test_apply_asks_on_a_terminal_and_only_yes_goes_ahead(
    standin: StandIn,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    expected: tuple[int, int],
) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(answer))
    code, _, err = guardc(capsys, "apply", ".")
    assert "Apply these changes? Only `yes` is accepted:" in err
    assert (code, len(standin.writes())) == expected


def test_a_locked_guardrail_gone_from_aws_is_created_again(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    old = lock(project)["id"]
    standin.forget(NAME)  # deleted outside guardc
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert (code, f'guardrail "{NAME}" in eu-west-1: create' in out) == (1, True)
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    assert lock(project)["id"] == standin.by_name(NAME).id != old
