"""`required for models` names what iam/application.json allows (with the guardrail) and denies
(without it). Before: `"arn:*"`, `"arn:aws:bedrock:*:*:*"`, `"arn:aws:s3:::*"` or another
account's ARN went into both statements verbatim, with no diagnostic (issue 16, item 8).
Now anything broader than Bedrock model resources, or matching no model, is E222 at the string;
another account's (or every account's) models are W309, since sharing can make them legitimate.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compiler.aws.model_patterns import MODEL_RESOURCE_TYPES, model_pattern_findings
from compiler.cli import main
from compiler.diagnostics.codes import CODES

ACCOUNT = "111122223333"
ARN = f"arn:aws:bedrock:us-east-1:{ACCOUNT}:guardrail/abc123def456"


def _source(model: str, account: bool = True) -> str:
    lines = ['guardrail "g":', '  block word "zeus"', "  access:"]
    if account:
        lines.append(f'    account "{ACCOUNT}"')
    lines += [
        '    region "us-east-1"',
        f'    applied by "arn:aws:iam::{ACCOUNT}:role/app"',
        f'    required for models "anthropic.claude-3-haiku-20240307-v1:0", "{model}"',
    ]
    return "\n".join(lines) + "\n"


MODEL_COLUMN = len('    required for models "anthropic.claude-3-haiku-20240307-v1:0", ') + 1

BROADER = [
    "arn:*",
    "arn:aws:bedrock:*:*:*",
    "arn:aws:s3:::*",
    "arn:aws:*:*:*:*",
    "arn:*:bedrock:us-east-1::foundation-model/*",
    f"arn:aws:bedrock:us-east-1:{ACCOUNT}:*",
    f"arn:aws:bedrock:us-east-1:{ACCOUNT}:guardrail/*",
    f"arn:aws:bedrock:us-east-1:{ACCOUNT}:agent/*",
    f"arn:aws:bedrock:us-east-1:{ACCOUNT}:*/*",
]
MATCHES_NOTHING = [
    "arn:aws-cn:bedrock:cn-north-1::foundation-model/x",  # another partition: the Deny misses
    f"arn:aws:bedrock:us-east-1:{ACCOUNT}:foundation-model/x",  # foundation models have none
    "arn:aws:bedrock:us-east-1::provisioned-model/x",  # needs an account
    "arn:aws:bedrock::foundation-model",
    "models/../x",
    "anthropic claude",
]
OTHER_ACCOUNTS = [
    "arn:aws:bedrock:us-east-1:999988887777:provisioned-model/abcdefabcdef",
    "arn:aws:bedrock:us-east-1:*:custom-model/*",
    "arn:aws:bedrock:us-east-1:9999*:application-inference-profile/x",
]
GOOD = [
    "amazon.nova-pro-v1:0",
    "anthropic.*",
    "*",  # every foundation model of the Region, as AWS's own example policy
    "us.anthropic.claude-3-5-haiku-20241022-v1:0",
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-v2",
    "arn:aws:bedrock:*::foundation-model/anthropic.*",
    f"arn:aws:bedrock:us-east-1:{ACCOUNT}:provisioned-model/abcdefabcdef",
    f"arn:aws:bedrock:us-east-1:{ACCOUNT}:application-inference-profile/abc123",
    f"arn:aws:bedrock:us-east-1:{ACCOUNT}:inference-profile/us.anthropic.claude-v2",
    f"arn:aws:bedrock:us-east-1:{ACCOUNT}:imported-model/abcdefabcdef",
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _compile(project: Path, model: str, *extra: str, account: bool = True) -> int:
    (project / "g.guard").write_text(_source(model, account), encoding="utf-8")
    return main(["compile", "g.guard", "-o", "out", "--target", "iam", *extra])


@pytest.mark.parametrize("model", BROADER + MATCHES_NOTHING)
def test_broad_or_empty_patterns_are_errors_at_the_string(
    project: Path, capsys: pytest.CaptureFixture[str], model: str
) -> None:
    (project / "g.guard").write_text(_source(model), encoding="utf-8")
    assert main(["check", "g.guard", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    found = [(d["code"], d["line"], d["column"]) for d in report["diagnostics"]]
    assert found == [("E222", 7, MODEL_COLUMN)]
    assert report["diagnostics"][0]["help"]
    assert _compile(project, model, "--guardrail-arn", f"g={ARN}:1") == 1
    assert not (project / "out").exists()  # nothing written, no policy with the pattern


@pytest.mark.parametrize("model", OTHER_ACCOUNTS)
def test_other_accounts_are_warnings_naming_the_grant(
    project: Path, capsys: pytest.CaptureFixture[str], model: str
) -> None:
    assert _compile(project, model, "--guardrail-arn", f"g={ARN}:1") == 0
    err = capsys.readouterr().err
    assert "warning[W309]" in err
    assert "grants bedrock:InvokeModel" in err
    assert f"g.guard:7:{MODEL_COLUMN}" in err


def test_other_account_is_found_when_only_the_arn_says_which_account(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    model = "arn:aws:bedrock:us-east-1:999988887777:provisioned-model/abcdefabcdef"
    (project / "g.guard").write_text(_source(model, account=False), encoding="utf-8")
    assert main(["check", "g.guard"]) == 0  # no account in the block: nothing to compare yet
    capsys.readouterr()
    assert _compile(project, model, "--guardrail-arn", f"g={ARN}:1", account=False) == 0
    assert "warning[W309]" in capsys.readouterr().err


@pytest.mark.parametrize("model", GOOD)
def test_model_resources_pass_and_reach_the_policy(
    project: Path, capsys: pytest.CaptureFixture[str], model: str
) -> None:
    assert _compile(project, model, "--guardrail-arn", f"g={ARN}:1") == 0
    assert "W309" not in capsys.readouterr().err
    policy = json.loads((project / "out" / "g" / "iam" / "application.json").read_text())
    statements = {s["Sid"]: s for s in policy["Statement"]}
    resources = statements["InvokeModelsWithGuardrail"]["Resource"]
    assert resources == statements["DenyModelsWithoutGuardrail"]["Resource"]
    assert all(r.startswith("arn:aws:bedrock:") for r in resources)


def test_every_model_resource_type_is_accepted() -> None:
    for kind in sorted(MODEL_RESOURCE_TYPES):
        account = "" if kind == "foundation-model" else ACCOUNT
        arn = f"arn:aws:bedrock:us-east-1:{account}:{kind}/x"
        assert model_pattern_findings(arn, "aws", ACCOUNT) == [], arn


def test_codes_are_registered_with_explanations() -> None:
    for code in ("E222", "W309"):
        assert CODES[code].title and len(CODES[code].explanation) > 80
