"""`guardc plan` / `guardc apply` for `enforce in organization`: the AWS Organizations
BEDROCK_POLICY found by name, created or updated, attached to the `attach to` targets, with the
policy type enabled on the root, over HTTP against the stand-in (tests/aws_standin.py and its
Organizations part, tests/aws_standin_orgs.py), which validates every request with botocore's
`organizations` model and the project's strict check."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from aws_standin import StandIn

SOURCE = """guardrail "floor":
  filter hate at high
  access:
    account "111122223333"
    region "eu-west-1"
    shared with organization "o-exampleorg1"
  enforce in organization:
    guard messages comprehensively
    attach to root "r-ab12"
    attach to organizational unit "ou-ab12-11111111"
"""
NAME = "guardc-floor"
pytestmark = pytest.mark.usefixtures("never_deletes")
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "floor.guard").write_text(SOURCE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def org_writes(standin: StandIn) -> list[str]:
    reads = {"ListRoots", "ListPolicies", "DescribePolicy", "ListTargetsForPolicy"}
    return [op for op, _ in standin.organizations.calls if op not in reads]


def test_apply_enables_creates_attaches_then_converges(
    standin: StandIn, project: Path, cli: Cli
) -> None:
    code, out, err = cli("apply", ".", "--yes", "--publish")
    assert code == 0, err
    assert org_writes(standin) == [
        "EnablePolicyType",
        "CreatePolicy",
        "AttachPolicy",
        "AttachPolicy",
    ]
    # sharing comes first: member accounts need the resource policy before the policy
    writes = standin.writes()
    assert writes.index("PutResourcePolicy") < len(writes)
    policy = standin.organizations.by_name(NAME)
    assert policy.targets == ["r-ab12", "ou-ab12-11111111"]
    assert "BEDROCK_POLICY" in standin.organizations.enabled
    record = standin.by_name("floor")
    config = json.loads(policy.content)["bedrock"]["guardrail_inference"]["eu-west-1"]
    assert config["config_1"]["identifier"] == {"@@assign": f"{record.arn}:1"}
    # the content is the compiled request's, byte for byte
    code, _, err = cli("compile", ".", "-o", "out", "--target", "iam")
    assert code == 0, err
    compiled = json.loads(Path("out/floor/enforcement/organization.json").read_text())
    assert compiled["Content"] == policy.content and compiled["Name"] == NAME
    # a second run reads and writes nothing more
    before = len(org_writes(standin))
    code, out, _ = cli("plan", ".", "--detailed-exitcode")
    assert code == 0, out
    assert cli("apply", ".", "--yes", "--publish")[0] == 0
    assert len(org_writes(standin)) == before


def test_plan_lists_each_write_member_by_member(standin: StandIn, project: Path, cli: Cli) -> None:
    assert cli("apply", ".", "--yes", "--publish")[0] == 0
    source = project / "floor.guard"
    edited = SOURCE.replace("comprehensively", "selectively").replace(
        '"ou-ab12-11111111"', '"ou-ab12-22222222"'
    )
    source.write_text(edited, encoding="utf-8")
    code, out, _ = cli("plan", ".", "--detailed-exitcode")
    assert code == 1
    key = "eu-west-1.config_1.selective_content_guarding.messages"
    assert f'~ enforce in organization: {key}: "comprehensive" → "selective"' in out
    assert "+ enforce in organization: attach guardc-floor to organizational unit " in out
    assert "ou-ab12-22222222" in out
    assert "also attached to organizational unit ou-ab12-11111111" in out  # kept: a note
    code, out, _ = cli("plan", ".", "--format", "json")
    [entry] = json.loads(out)["guardrails"]
    assert any(line.startswith("~ enforce in organization") for line in entry["enforcement"])
    assert cli("apply", ".", "--yes")[0] == 0
    policy = standin.organizations.by_name(NAME)
    assert "selective" in policy.content
    assert sorted(policy.targets) == ["ou-ab12-11111111", "ou-ab12-22222222", "r-ab12"]
    assert "DetachPolicy" not in org_writes(standin)
    assert cli("apply", ".", "--yes", "--remove-enforcement")[0] == 0
    assert sorted(policy.targets) == ["ou-ab12-22222222", "r-ab12"]


def test_removal_detaches_and_deletes_only_with_the_flag(
    standin: StandIn, project: Path, cli: Cli
) -> None:
    assert cli("apply", ".", "--yes", "--publish")[0] == 0
    plain = SOURCE.split("  enforce in organization:", maxsplit=1)[0]
    (project / "floor.guard").write_text(plain, encoding="utf-8")
    calls = len(standin.organizations.calls)
    assert cli("apply", ".", "--yes")[0] == 0
    # the sources state no organization enforcement: Organizations is not even asked
    assert len(standin.organizations.calls) == calls
    assert standin.organizations.by_name(NAME).targets
    code, out, _ = cli("plan", ".", "--remove-enforcement")
    assert code == 0
    assert "- enforce in organization: detach" in out
    assert "- enforce in organization: policy guardc-floor" in out
    assert cli("apply", ".", "--yes", "--remove-enforcement")[0] == 0
    assert not standin.organizations.policies
    assert org_writes(standin)[-3:] == ["DetachPolicy", "DetachPolicy", "DeletePolicy"]


def test_policy_type_already_enabled_is_left_alone(
    standin: StandIn, project: Path, cli: Cli
) -> None:
    standin.organizations.enabled.add("BEDROCK_POLICY")
    assert cli("apply", ".", "--yes", "--publish")[0] == 0
    assert "EnablePolicyType" not in org_writes(standin)


def test_access_denied_names_the_organizations_action_exit_3(
    standin: StandIn, project: Path, cli: Cli
) -> None:
    assert cli("apply", ".", "--yes", "--publish")[0] == 0
    standin.organizations.denied.add("ListPolicies")
    code, _, err = cli("plan", ".")
    assert code == 3
    assert "E502" in err and "organizations:ListPolicies" in err


def test_environment_suffix_names_the_policy(standin: StandIn, project: Path, cli: Cli) -> None:
    source = (
        'environment "prod":\n  account "111122223333"\n  region "eu-west-1"\n'
        '  name suffix "-prod"\n\n' + SOURCE
    )
    (project / "floor.guard").write_text(source, encoding="utf-8")
    code, _, err = cli("apply", ".", "--env", "prod", "--yes", "--publish")
    assert code == 0, err
    assert standin.organizations.by_name("guardc-floor-prod").targets


def test_plan_of_a_new_policy_shows_each_setting_and_target(
    standin: StandIn, project: Path, cli: Cli
) -> None:
    assert cli("apply", ".", "--yes", "--publish")[0] == 0
    standin.organizations.policies.clear()  # deleted outside guardc
    code, out, _ = cli("plan", ".", "--detailed-exitcode")
    assert code == 1
    arn = standin.by_name("floor").arn
    assert [line.strip() for line in out.splitlines() if "enforce in organization" in line] == [
        "+ enforce in organization: policy guardc-floor (BEDROCK_POLICY)",
        f'+ enforce in organization: eu-west-1.config_1.identifier: "{arn}:1"',
        "+ enforce in organization: eu-west-1.config_1.selective_content_guarding.messages: "
        '"comprehensive"',
        "+ enforce in organization: attach guardc-floor to root r-ab12",
        "+ enforce in organization: attach guardc-floor to organizational unit ou-ab12-11111111",
    ]


def test_removal_elsewhere_is_not_blocked_by_organizations(
    standin: StandIn, project: Path, cli: Cli
) -> None:
    """A member account may not read Organizations: `--remove-enforcement` on a guardrail that
    states no organization enforcement notes it and carries on."""
    plain = SOURCE.split("  enforce in organization:", maxsplit=1)[0]
    (project / "floor.guard").write_text(plain, encoding="utf-8")
    assert cli("apply", ".", "--yes")[0] == 0
    standin.organizations.denied.add("ListPolicies")
    code, out, err = cli("plan", ".", "--remove-enforcement")
    assert code == 0, err
    assert "no organization policy guardc-floor looked for" in out


def test_import_round_trip_keeps_organization_enforcement(
    standin: StandIn, project: Path, cli: Cli
) -> None:
    """apply, import, compile the imported source: the same organization policy request, and
    the `attach to` lines back."""
    assert cli("apply", ".", "--yes", "--publish")[0] == 0
    record = standin.by_name("floor")
    code, _, err = cli("import", "--guardrail-id", record.id, "-o", "imported.guard")
    assert code == 0, err
    text = (project / "imported.guard").read_text(encoding="utf-8")
    assert "  enforce in organization:\n" in text
    assert '    attach to root "r-ab12"\n' in text
    assert '    attach to organizational unit "ou-ab12-11111111"\n' in text
    assert "    guard messages comprehensively\n" in text
    built = {}
    for name in ("floor.guard", "imported.guard"):
        out = project / f"out-{name}"
        code, _, err = cli("compile", name, "-o", str(out), "--target", "iam")
        assert code == 0, err
        built[name] = (out / "floor" / "enforcement" / "organization.json").read_text()
    assert built["floor.guard"] == built["imported.guard"]


def test_import_outside_an_organization_says_nothing_of_it(
    standin: StandIn, project: Path, cli: Cli
) -> None:
    plain = SOURCE.split("  enforce in organization:", maxsplit=1)[0]
    (project / "floor.guard").write_text(plain, encoding="utf-8")
    assert cli("apply", ".", "--yes")[0] == 0
    standin.organizations.denied.add("ListPolicies")
    code, out, err = cli("import", "--guardrail-id", standin.by_name("floor").id)
    assert code == 0, err
    assert "enforce in organization" not in out
    assert "organizations:ListPolicies denied" in err
