"""Deploying environments, the account check, KMS aliases and published versions, end to end on
the stand-in control plane (which also answers STS GetCallerIdentity and KMS DescribeKey)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest

from compiler.cli import main

if TYPE_CHECKING:
    from aws_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "retail_support.guard"
NAME = "retail-support"
ANCHOR = "  mask addresses on output\n"
OTHER_ACCOUNT = "444455556666"
pytestmark = pytest.mark.usefixtures("never_deletes")

ENVIRONMENTS = """\
parameter "grounding threshold" = 0.7

environment "dev":
  account "111122223333"
  region "us-east-1"

environment "prod":
  account "444455556666"
  region "eu-west-1"
  name suffix "-prod"
  tag stage = "prod"
  set "grounding threshold" = 0.85

guardrail "support-bot":
  filter hate at high
  require grounding at least parameter "grounding threshold"
  access:
    applied by "arn:aws:iam::111122223333:role/support-bot"

test "basics" for "support-bot":
  input "You people are subhuman trash" is blocked by filter hate
"""


def guardc(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def retail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(EXAMPLE, tmp_path / "retail_support.guard")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def envs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "support.guard").write_text(ENVIRONMENTS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(project: Path, line: str) -> None:
    source = project / "retail_support.guard"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace(ANCHOR, ANCHOR + line + "\n", 1), encoding="utf-8")


# ── environments ─────────────────────────────────────────────────────────────────────────────


def test_each_environment_deploys_its_own_guardrail_and_lock_entry(
    standin: StandIn, envs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "plan", ".")[0] == 2  # which environment? guardc does not guess
    code, out, err = guardc(capsys, "apply", ".", "--env", "dev", "--yes", "--publish")
    assert code == 0, err
    assert 'guardrail "support-bot" in us-east-1: create' in out
    assert standin.writes() == ["CreateGuardrail", "CreateGuardrailVersion"]

    # prod is another account: these credentials are dev's, so nothing happens there
    calls = len(standin.calls)
    code, _, err = guardc(capsys, "apply", ".", "--env", "prod", "--yes")
    assert code == 3
    assert "error[E505]" in err and 'deploys to 444455556666 (environment "prod")' in err
    assert len(standin.calls) == calls  # not even a read

    standin.account = OTHER_ACCOUNT  # the prod role
    code, out, err = guardc(capsys, "apply", ".", "--env", "prod", "--yes", "--publish")
    assert code == 0, err
    assert 'guardrail "support-bot-prod" in eu-west-1: create' in out
    prod = standin.by_name("support-bot-prod")
    dev = standin.by_name("support-bot")
    assert prod.id != dev.id
    grounding = prod.draft["contextualGroundingPolicyConfig"]["filtersConfig"]
    assert [f["threshold"] for f in grounding if f["type"] == "GROUNDING"] == [0.85]
    assert prod.tags == {"stage": "prod"}

    lock = json.loads((envs / "guardc.lock.json").read_text())
    assert lock["version"] == 2 and lock["guardrails"] == {}
    assert lock["environments"]["dev"]["guardrails"]["support-bot"]["id"] == dev.id
    assert lock["environments"]["prod"]["guardrails"]["support-bot"]["id"] == prod.id
    code, out, _ = guardc(capsys, "plan", ".", "--env", "prod", "--detailed-exitcode")
    assert code == 0 and "found by the lock file): no changes" in out
    # the behavioural plan runs for the suffixed guardrail too, with its own test texts
    assert (
        "Verdicts that change (1 texts compared with deployed version 1, the lock file's):" in out
    )

    # compile picks the environment's own entry: the application policy names prod's ARN
    assert guardc(capsys, "compile", ".", "--env", "prod", "-o", "build", "--target", "iam")[0] == 0
    policy = (envs / "build" / "support-bot" / "iam" / "application.json").read_text()
    assert f"guardrail/{prod.id}" in policy and dev.id not in policy


# ── the account check ────────────────────────────────────────────────────────────────────────


def test_credentials_for_another_account_stop_before_any_call(
    standin: StandIn, retail: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    standin.account = OTHER_ACCOUNT
    for command in ("plan", "apply"):
        code, _, err = (
            guardc(capsys, command, ".", "--yes")
            if command == "apply"
            else guardc(capsys, command, ".")
        )
        assert code == 3
        assert "error[E505]: the AWS credentials in use are for account 444455556666" in err
        assert "names 111122223333" in err
    assert standin.calls == []  # no Bedrock call at all, so nothing was created
    assert standin.identity_calls == 2  # asked once per run
    standin.account = "111122223333"
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0


def test_no_account_named_means_no_question(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "g.guard").write_text('guardrail "g":\n  filter hate at high\n')
    monkeypatch.chdir(tmp_path)
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    assert standin.identity_calls == 0


# ── KMS aliases ──────────────────────────────────────────────────────────────────────────────


def test_a_key_alias_is_compared_through_kms(
    standin: StandIn, retail: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(retail, '  encrypt with key "alias/guardrails"')
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 0, out  # the alias names the deployed key: no perpetual diff
    assert "not compared" not in out
    assert standin.describe_key_calls == ["alias/guardrails"]

    other = "arn:aws:kms:eu-west-1:111122223333:key/11111111-2222-3333-4444-555555555555"
    standin.aliases["alias/guardrails"] = other  # the alias now names another key
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 1
    assert "~ encryption key: arn:aws:kms:eu-west-1:111122223333:key/0000" in out
    assert f"→ alias/guardrails ({other})" in out
    writes = standin.writes()
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    assert standin.writes() == [*writes, "UpdateGuardrail"]


def test_without_kms_permission_the_key_is_not_compared_and_the_plan_says_so(
    standin: StandIn, retail: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(retail, '  encrypt with key "alias/guardrails"')
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    standin.deny("DescribeKey")
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 0
    assert "note: the key is named by alias (alias/guardrails) and KMS could not say" in out
    assert "kms:DescribeKey failed: AccessDeniedException" in out
    assert "is not compared" in out


# ── published versions ───────────────────────────────────────────────────────────────────────


def test_plan_tells_unpublished_draft_changes_and_what_publish_would_do(
    standin: StandIn, retail: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = guardc(capsys, "apply", ".", "--yes")
    assert code == 0
    _, out, _ = guardc(capsys, "plan", ".")
    assert "versions: none published yet; `apply --publish` would publish version 1" in out

    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    _, out, _ = guardc(capsys, "plan", ".")
    assert "versions: version 1 is the sources' configuration" in out
    assert "unpublished" not in out

    edit(retail, "  filter hate at low")
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0  # DRAFT updated, not published
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 0  # DRAFT is what the sources say: nothing for apply to write
    assert "unpublished: the DRAFT differs from version 1, the newest published:" in out
    assert "    ~ filter hate: input high → low" in out
    assert "versions: the sources differ from version 1; `apply --publish` would publish" in out

    # without the lock file, plan reads the version back and says the same
    (retail / "guardc.lock.json").unlink()
    _, again, _ = guardc(capsys, "plan", ".")
    assert "    ~ filter hate: input high → low" in again

    writes = standin.writes()
    code, out, _ = guardc(capsys, "apply", ".", "--yes", "--publish")
    assert code == 0
    assert standin.writes() == [*writes, "CreateGuardrailVersion"]  # a version, no update
    assert "Published: retail-support version 2." in out
    _, out, _ = guardc(capsys, "plan", ".")
    assert "versions: version 2 is the sources' configuration" in out

    # a console edit on the DRAFT: drift to apply, and unpublished in the DRAFT
    standin.console_edit(NAME, lambda draft: draft.update(blockedInputMessaging="hi"))
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode", "--format", "json")
    assert code == 1
    document: dict[str, Any] = json.loads(out)
    jsonschema.validate(document, json.loads((ROOT / "schemas" / "plan.schema.json").read_text()))
    (entry,) = document["guardrails"]
    assert (entry["newest_version"], entry["publish_due"]) == ("2", False)
    assert [(c["subject"], c["new"]) for c in entry["unpublished"]] == [
        ("on blocked input say", '"hi"')
    ]


def test_publish_after_a_plain_apply_publishes_without_an_update(
    standin: StandIn, retail: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--publish` decides with the plan's comparison: the DRAFT already matches the sources
    (applied without --publish), version 1 does not, so one version and nothing else."""
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    edit(retail, "  filter hate at low")
    assert guardc(capsys, "apply", ".", "--yes")[0] == 0
    lock = json.loads((retail / "guardc.lock.json").read_text())["guardrails"][NAME]
    assert lock["version"] == "1"
    assert lock["published_sha256"] is not None  # still version 1's configuration, not the new
    code, out, _ = guardc(capsys, "apply", ".", "--yes", "--publish", "--dry-run")
    assert code == 0 and "+ version: publish a new numbered version" in out


def test_region_flag_against_the_environment_s_region_is_e503(
    standin: StandIn, envs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = guardc(capsys, "plan", ".", "--env", "prod", "--region", "us-east-1")
    assert code == 1
    assert "E503" in err and 'environment "prod" for guardrail `support-bot`' in err
    assert standin.calls == []


def test_a_logging_block_for_another_account_stops_apply_too(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Invocation logging is written to an account as well: the healthcare example's block
    names 111122223333, so credentials for another account write nothing."""
    healthcare = ROOT / "examples" / "healthcare_assistant.guard"
    (tmp_path / "care.guard").write_text(healthcare.read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    standin.account = OTHER_ACCOUNT
    code, _, err = guardc(capsys, "apply", ".", "--yes")
    assert code == 3
    assert "but the logging block names 111122223333" in err
    assert standin.calls == []
