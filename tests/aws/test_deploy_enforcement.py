"""`guardc plan` / `guardc apply` for `enforce in account` and `shared with ...`: the real boto3
client over HTTP against the stand-in (tests/aws_standin.py), which validates every write with
botocore and the project's strict check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from compiler.cli import main

if TYPE_CHECKING:
    from aws_standin import StandIn

# the stand-in's account (aws_standin_wire.ACCOUNT): plan and apply check that the
# credentials are for the account `access:` names (E505)
SOURCE = """guardrail "floor":
  filter hate at high
  access:
    account "111122223333"
    region "eu-west-1"
    shared with accounts "444455556666"
  enforce in account:
    models all except "amazon.titan-embed-text-v2:0"
    guard messages comprehensively
"""
PLAIN = """guardrail "floor":
  filter hate at high
  access:
    account "111122223333"
    region "eu-west-1"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "floor.guard").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(autouse=True)
def never_deletes_a_guardrail(standin: StandIn) -> Iterator[None]:
    yield
    assert "DeleteGuardrail" not in standin.operations()


def guardc(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_apply_publish_enforces_and_shares_then_converges(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = guardc(capsys, "apply", ".", "--yes", "--publish")
    assert code == 0, err
    assert "enforcement and sharing follow once the guardrail exists" in out
    writes = standin.writes()
    assert writes[-2:] == ["PutEnforcedGuardrailConfiguration", "PutResourcePolicy"]
    [config] = standin.enforced.values()
    record = standin.by_name("floor")
    assert config["guardrailArn"] == record.arn and config["guardrailVersion"] == "1"
    assert config["modelEnforcement"] == {
        "includedModels": ["ALL"],
        "excludedModels": ["amazon.titan-embed-text-v2:0"],
    }
    assert config["selectiveContentGuarding"] == {"messages": "COMPREHENSIVE"}
    policy = json.loads(standin.resource_policies[record.arn])
    assert policy["Statement"][0]["Principal"] == {"AWS": ["arn:aws:iam::444455556666:root"]}
    # a second run finds everything in place: no write at all
    before = len(standin.writes())
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 0, out
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    assert len(standin.writes()) == before


def test_plan_shows_an_enforcement_change_and_apply_updates_in_place(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    [config_id] = standin.enforced
    source = project / "floor.guard"
    source.write_text(SOURCE.replace("comprehensively", "selectively"), encoding="utf-8")
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 1
    assert "~ enforce in account: version" in out
    code, out, _ = guardc(capsys, "plan", ".", "--format", "json")
    [entry] = json.loads(out)["guardrails"]
    assert entry["enforcement"] and entry["enforcement"][0].startswith("~ enforce in account")
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    assert list(standin.enforced) == [config_id]  # updated, not a second configuration
    assert standin.enforced[config_id]["selectiveContentGuarding"] == {"messages": "SELECTIVE"}


def test_nothing_is_removed_without_the_flag(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    (project / "floor.guard").write_text(PLAIN, encoding="utf-8")
    reads_before = len(standin.operations())
    code, out, _ = guardc(capsys, "apply", ".", "--yes")
    assert code == 0
    assert standin.enforced and standin.resource_policies
    ops = standin.operations()[reads_before:]
    # a guardrail that states no enforcement or sharing makes no such call at all (its
    # deployer may lack those permissions)
    assert not {"ListEnforcedGuardrailsConfiguration", "GetResourcePolicy"} & set(ops)
    assert "DeleteEnforcedGuardrailConfiguration" not in ops
    assert "DeleteResourcePolicy" not in ops
    code, out, _ = guardc(capsys, "plan", ".", "--remove-enforcement")
    assert "- enforce in account: configuration" in out, out
    assert "- shared: resource policy on" in out
    assert guardc(capsys, "apply", ".", "--yes", "--remove-enforcement")[0] == 0
    assert not standin.enforced and not standin.resource_policies


def test_without_a_published_version_apply_says_so_and_enforces_nothing(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = guardc(capsys, "apply", ".", "--yes")
    assert code == 0
    assert not standin.enforced
    assert standin.resource_policies  # sharing needs no version
    code, out, _ = guardc(capsys, "plan", ".")
    assert "enforce in account: no published version yet" in out


def test_import_round_trip_keeps_enforcement_and_sharing(
    standin: StandIn, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "apply", ".", "--yes", "--publish")[0] == 0
    record = standin.by_name("floor")
    code, _, err = guardc(capsys, "import", "--guardrail-id", record.id, "-o", "imported.guard")
    assert code == 0, err
    text = (project / "imported.guard").read_text(encoding="utf-8")
    assert "    pin version 1\n" in text  # the enforced version, so it compiles back the same
    assert 'shared with account "444455556666"' in text
    assert 'models all except "amazon.titan-embed-text-v2:0"' in text
    assert "guard messages comprehensively" in text
    # the imported source compiles to the same enforcement and sharing requests
    arn = f"--guardrail-arn=floor={record.arn}:1"
    built = {}
    for name, source in (("original", "floor.guard"), ("imported", "imported.guard")):
        out = project / name
        code, _, err = guardc(capsys, "compile", source, "-o", str(out), "--target", "iam", arn)
        assert code == 0, err
        built[name] = {
            path: (out / "floor" / path).read_text(encoding="utf-8")
            for path in ("enforcement/account.json", "iam/resource-policies.json")
        }
    assert built["original"] == built["imported"]


def test_guardrails_on_one_profile_do_not_overwrite_each_others_profile_policy(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two guardrails share through the same profile with different accounts: each puts the
    merged profile policy, so a second plan finds nothing to change (before, each run rewrote
    the other's policy, for ever)."""
    source = "".join(
        f'guardrail "{name}":\n  cross region profile "us.guardrail.v1:0"\n  tier standard\n'
        f'  filter hate at high\n  access:\n    account "111122223333"\n    region "us-east-1"\n'
        f'    shared with account "{account}"\n\n'
        for name, account in (("a", "444455556666"), ("b", "777788889999"))
    )
    (tmp_path / "two.guard").write_text(source, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = guardc(capsys, "apply", ".", "--yes")
    assert code == 0, err
    code, out, _ = guardc(capsys, "plan", ".", "--detailed-exitcode")
    assert code == 0, out
    profile = "arn:aws:bedrock:us-east-2:111122223333:guardrail-profile/us.guardrail.v1:0"
    principals = json.loads(standin.resource_policies[profile])["Statement"][0]["Principal"]
    assert principals == {
        "AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::777788889999:root"]
    }
