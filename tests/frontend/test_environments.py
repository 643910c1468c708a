"""Environments and parameters (docs/language.md): one source, several deployments.

The source is tests/cases/ok/environments/input.guard, the example of the language reference.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from aws_checks import lint
from syrupy.assertion import SnapshotAssertion

from compiler.aws import lockfile
from compiler.cli import main
from compiler.diagnostics.render import render_text
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "cases" / "ok" / "environments" / "input.guard"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # the project root
    shutil.copy(EXAMPLE, tmp_path / "support.guard")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _compile(env: str | None, *targets: str) -> dict[str, Any]:
    argv = ["compile", "support.guard", "-o", "out"]
    argv += [a for t in targets or ("bedrock",) for a in ("--target", t)]
    argv += ["--env", env] if env else []
    assert main(argv) == 0
    return {p.name: json.loads(p.read_text()) for p in Path("out", "support-bot").glob("*.json")}


def test_each_environment_compiles_its_own_values(project: Path) -> None:
    default, dev, prod = (_compile(e)["bedrock.json"] for e in (None, "dev", "prod"))
    threshold = [
        next(
            f["threshold"]
            for f in p["contextualGroundingPolicyConfig"]["filtersConfig"]
            if f["type"] == "GROUNDING"
        )
        for p in (default, dev, prod)
    ]
    assert threshold == [0.7, 0.7, 0.85]
    assert [p["kmsKeyId"] for p in (default, dev, prod)] == [
        "alias/guardrails-dev",
        "alias/guardrails-dev",
        "alias/guardrails-prod",
    ]
    assert [p["name"] for p in (default, dev, prod)] == [
        "support-bot",
        "support-bot",
        "support-bot-prod",
    ]
    assert [sorted((t["key"], t["value"]) for t in p["tags"]) for p in (default, prod)] == [
        [("team", "support")],
        [("stage", "prod"), ("team", "support")],
    ]
    assert prod["description"] == prod["blockedInputMessaging"] == "support"


def test_access_values_come_from_the_environment(project: Path) -> None:
    sink = Diagnostics()
    prod = load(["support.guard"], sink, env="prod").policy.guardrails[0]
    assert prod.access is not None and prod.deployment is not None
    assert (prod.access.account, prod.access.region) == ("444455556666", "eu-west-1")
    assert prod.access.deployers == (
        "arn:aws:iam::444455556666:role/guardrail-ci",
        "arn:aws:iam::111122223333:role/admin",
    )
    assert (prod.deployment.environment, prod.bedrock_name) == ("prod", "support-bot-prod")
    assert ("grounding:GROUNDING", "grounding threshold") in prod.parameters
    assert ("access.deployers[0]", "ci role") in prod.parameters


def test_cloudformation_takes_parameters(project: Path) -> None:
    template = _compile("prod", "cloudformation")["cloudformation.json"]
    parameters = template["Parameters"]
    assert parameters["PGroundingThreshold"] == {
        "Type": "Number",
        "Default": "0.85",
        "AllowedValues": ["0.7", "0.85"],
        "Description": 'guard parameter "grounding threshold"',
    }
    assert parameters["PTeam"]["AllowedValues"] == ["support"]
    properties = template["Resources"]["Guardrail"]["Properties"]
    grounding = properties["ContextualGroundingPolicyConfig"]["FiltersConfig"]
    assert {"Ref": "PGroundingThreshold"} in [f["Threshold"] for f in grounding]
    assert properties["Description"] == {"Ref": "PTeam"}
    assert {"Key": "team", "Value": {"Ref": "PTeam"}} in properties["Tags"]
    # relevance is written as a value, not a parameter
    assert 0.5 in [f["Threshold"] for f in grounding]
    # an alias is not a key ARN: the template keeps asking for the ARN (W301), not a PKmsKey
    assert "PKmsKey" not in parameters and properties["KmsKeyArn"] == {"Ref": "GuardrailKmsKeyArn"}
    assert lint(template) == []


def test_unknown_environment_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compile", "support.guard", "--env", "prdo"]) == 2
    assert "did you mean `prod`?" in capsys.readouterr().err


def test_plan_refuses_to_guess_the_environment(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["plan", "support.guard"]) == 2
    assert "choose the one to deploy with --env NAME" in capsys.readouterr().err


CONFLICTS = """\
parameter "threshold" = 0.7

environment "dev":
  account "111122223333"
  tag stage = "dev"

environment "prod":
  account "444455556666"
  name suffix "-production-with-a-suffix-far-too-long-for-bedrock"
  set "threshold" = 1.5

guardrail "g":
  tag stage = "dev"
  filter hate at high
  require grounding at least parameter "threshold"
  access:
    account "111122223333"
"""


def test_check_validates_every_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], snapshot: SnapshotAssertion
) -> None:
    """dev is fine; prod contradicts the access block (E241), its suffix makes the name too
    long (E216) and its threshold is out of range (E2xx): each says it is prod's."""
    (tmp_path / "g.guard").write_text(CONFLICTS)
    sink = Diagnostics()
    assert load([tmp_path / "g.guard"], sink).policy.guardrails[0].parameters != ()
    assert not sink.has_errors  # as written, without an environment: fine
    assert main(["check", str(tmp_path / "g.guard"), "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err.replace(str(tmp_path) + "/", "")
    assert err.count('in environment "prod"') == 3
    assert 'in environment "dev"' not in err
    assert err == snapshot


def test_tag_and_key_conflicts_name_the_environment(tmp_path: Path) -> None:
    source = tmp_path / "g.guard"
    source.write_text(
        'environment "prod":\n  encrypt with key "alias/prod"\n  tag stage = "prod"\n\n'
        'guardrail "g":\n  encrypt with key "alias/dev"\n  tag stage = "dev"\n'
        "  filter hate at high\n"
    )
    sink = Diagnostics()
    load([source], sink, env="prod")
    assert [(d.code, d.span.line) for d in sink.sorted()] == [("E241", 6), ("E241", 7)]


def test_environment_fills_in_key_and_tags(tmp_path: Path) -> None:
    source = tmp_path / "g.guard"
    source.write_text(
        'environment "prod":\n  encrypt with key "alias/prod"\n  tag stage = "prod"\n\n'
        'guardrail "g":\n  tag team = "a"\n  filter hate at high\n'
    )
    sink = Diagnostics()
    g = load([source], sink, env="prod").policy.guardrails[0]
    assert not sink.items
    assert g.kms_key == "alias/prod"
    assert [(t.key, t.value) for t in g.tags] == [("team", "a"), ("stage", "prod")]


def test_environments_are_visible_like_other_definitions(tmp_path: Path) -> None:
    """A file sees its own environments and those of the files it `use`s: two of one name
    there are E103; files that do not see each other may each have their own "prod", and
    `--env prod` builds only the guardrails that see one."""
    (tmp_path / "envs.guard").write_text('environment "prod":\n  region "eu-west-1"\n')
    (tmp_path / "a.guard").write_text(
        'use "envs.guard"\n\nenvironment "prod":\n  region "us-east-1"\n\n'
        'guardrail "a":\n  filter hate at high\n'
    )
    sink = Diagnostics()
    load([tmp_path / "a.guard"], sink)
    assert [d.code for d in sink.sorted()] == ["E103"]
    assert "environment `prod` is defined twice" in render_text(sink.sorted(), {})

    (tmp_path / "a.guard").write_text('use "envs.guard"\n\nguardrail "a":\n  filter hate at high\n')
    (tmp_path / "b.guard").write_text('guardrail "b":\n  filter hate at high\n')
    sink = Diagnostics()
    loaded = load([tmp_path / "a.guard", tmp_path / "b.guard"], sink, env="prod")
    assert not sink.items and loaded.environments == ("prod",)
    (only,) = loaded.policy.guardrails
    assert only.name == "a" and only.deployment is not None
    assert only.access is None and only.deployment.region == "eu-west-1"


def test_explain_names_environment_and_parameters(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", "support.guard", "--guardrail", "support-bot", "--env", "prod"]) == 0
    out = capsys.readouterr().out
    assert 'environment            "prod": account 444455556666, region eu-west-1' in out
    assert "name in Bedrock        support-bot-prod" in out
    assert 'parameter              "grounding threshold" gives the grounding threshold' in out
    assert 'parameter              "ci role" gives access: deployed by, value 1' in out
    assert 'parameter              "team" gives tag team' in out
    assert "grounding at least 0.85" in out


def test_test_command_runs_in_an_environment(project: Path) -> None:
    assert main(["test", "support.guard", "--env", "prod"]) == 0
    assert main(["test", "support.guard", "--env", "nope"]) == 2


# ── the lock file ─────────────────────────────────────────────────────────────────────────────

ARN = "arn:aws:bedrock:eu-west-1:444455556666:guardrail/{}"


def _entry(gid: str) -> lockfile.LockEntry:
    return lockfile.LockEntry(id=gid, arn=ARN.format(gid), payload_sha256="a" * 64)


def test_each_environment_has_its_own_lock_entries() -> None:
    lock = lockfile.record(None, "support-bot", _entry("plain1"))
    assert json.loads(lockfile.dumps(lock))["version"] == 1
    assert "environments" not in json.loads(lockfile.dumps(lock))
    lock = lockfile.record(lock, "support-bot", _entry("dev1"), "dev")
    lock = lockfile.record(lock, "support-bot", _entry("prod1"), "prod")
    again = lockfile.parse(lockfile.dumps(lock))
    assert again.version == 2
    assert [again.entries(e)["support-bot"].id for e in (None, "dev", "prod")] == [
        "plain1",
        "dev1",
        "prod1",
    ]
    assert again.entries("staging") == {}
    assert lockfile.to_context_arns(again, "prod") == {"support-bot": ARN.format("prod1")}


def test_an_old_lock_file_reads_and_writes_as_before() -> None:
    old = (
        '{\n  "guardrails": {\n    "support-bot": {\n      "arn": "' + ARN.format("abc") + '",\n'
        '      "id": "abc",\n      "payload_sha256": "' + "b" * 64 + '",\n'
        '      "published_sha256": null,\n      "version": null\n    }\n  },\n  "version": 1\n}\n'
    )
    assert lockfile.dumps(lockfile.parse(old)) == old


MESSY = """\
PARAMETER "threshold"   =   0.70
parameter "key" = "alias/k"   # the dev key
ENVIRONMENT "prod":
    Region "eu-west-1"
    set "threshold" = 0.850
    NAME SUFFIX "-prod"
    tag "cost center" = "cc-1"
    account "444455556666"
guardrail "g":
  encrypt with key   parameter "key"
  require grounding at least PARAMETER "threshold"
  access:
    applied by parameter "key", "arn:aws:iam::111122223333:role/app"
"""


def test_fmt_writes_environments_and_parameters_canonically(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], snapshot: SnapshotAssertion
) -> None:
    """Keywords lower-case, numbers shortest, environment lines in a fixed order, comments
    kept, consecutive parameters together; and the result is a fixed point."""
    source = tmp_path / "messy.guard"
    source.write_text(MESSY)
    assert main(["fmt", str(source), "--root", str(tmp_path)]) == 0
    formatted = source.read_text()
    assert formatted == snapshot
    assert main(["fmt", "--check", str(source), "--root", str(tmp_path)]) == 0
    capsys.readouterr()


def test_explain_json_carries_environment_and_parameters(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import jsonschema

    argv = ["explain", "support.guard", "--guardrail", "support-bot", "--env", "prod"]
    assert main([*argv, "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    schema = json.loads((ROOT / "schemas" / "explain.schema.json").read_text())
    jsonschema.validate(document, schema)
    assert document["bedrock_name"] == "support-bot-prod"
    assert document["environment"]["account"] == "444455556666"
    assert {"value_of": "kms_key", "parameter": "kms key"} in document["parameters"]


ENFORCED = """environment "prod":
  account "111122223333"
  region "eu-west-1"

environment "dev":
  name suffix "-dev"

guardrail "floor":
  filter hate at high
  access:
    deployed by "arn:aws:iam::111122223333:role/deployer"
  enforce in account:
    models all
"""


def test_an_environment_may_give_what_enforce_in_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`enforce in account` needs an account and Region (E270): without an environment chosen
    one may still fill them in, so E270 comes from the environments that do not (dev), and
    never from one that does (prod)."""
    (tmp_path / "g.guard").write_text(ENFORCED)
    sink = Diagnostics()
    load([tmp_path / "g.guard"], sink)
    assert not sink.has_errors, sink.items
    prod = Diagnostics()
    load([tmp_path / "g.guard"], prod, env="prod")
    assert not prod.has_errors, prod.items
    assert main(["check", str(tmp_path / "g.guard"), "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("error[E270]") == 1
    assert 'in environment "dev"' in err and 'in environment "prod"' not in err
