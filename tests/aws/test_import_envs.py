"""`guardc import --env E PATH...` and `guardc import --logging`, end to end against the stand-in
control plane: what an environment deployed is read back as the sources say it, with
`parameter "P"` where E's value of a parameter the sources use there was deployed, without what
E itself supplies (name suffix, key, tags, account and Region), and with a `logging:` block
that compiles back to the deployed logging request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from compiler.cli import main

if TYPE_CHECKING:
    from aws_standin import StandIn

pytestmark = pytest.mark.usefixtures("never_deletes")
PROD = "444455556666"
KEY = "arn:aws:kms:eu-west-1:444455556666:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"

ENVIRONMENTS = f"""\
parameter "grounding threshold" = 0.7
parameter "team" = "care-dev"
parameter "log bucket" = "acme-dev-invocation-logs"
parameter "log role" = "arn:aws:iam::111122223333:role/bedrock-logging"

environment "dev":
  account "111122223333"
  region "us-east-1"

environment "prod":
  account "{PROD}"
  region "eu-west-1"
  name suffix "-prod"
  encrypt with key "{KEY}"
  tag stage = "prod"
  set "grounding threshold" = 0.85
  set "team" = "care"
  set "log bucket" = "acme-prod-invocation-logs"
  set "log role" = "arn:aws:iam::{PROD}:role/bedrock-logging"
"""

SUPPORT = """\
use "environments.guard"

logging:
  deliver to bucket parameter "log bucket" prefix "invocations/"
  deliver to log group "/aws/bedrock/invocations"
  delivered by role parameter "log role"

guardrail "support-bot":
  description "Retail support assistant"
  tag team = parameter "team"
  filter hate at high
  require grounding at least parameter "grounding threshold"
"""


def guardc(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def deployed(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    """The sources, applied in prod (their own account and Region)."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "environments.guard").write_text(ENVIRONMENTS)
    (tmp_path / "support.guard").write_text(SUPPORT)
    monkeypatch.chdir(tmp_path)
    standin.account = PROD
    code, _, err = guardc(capsys, "apply", "support.guard", "--env", "prod", "--yes")
    assert code == 0, err
    return tmp_path


def test_import_in_the_environment_names_its_parameters(
    standin: StandIn, deployed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gid = standin.by_name("support-bot-prod").id
    (deployed / "imported").mkdir()
    argv = ["import", "--guardrail-id", gid, "--logging", "--region", "eu-west-1"]
    code, out, err = guardc(capsys, *argv, "-o", "imported/support.guard", "--env", "prod", ".")
    assert code == 0, err
    text = (deployed / "imported" / "support.guard").read_text()
    assert 'use "../environments.guard"' in text
    assert 'guardrail "support-bot":' in text  # the suffix is prod's
    assert 'tag team = parameter "team"' in text
    assert 'require grounding at least parameter "grounding threshold"' in text
    assert 'description "Retail support assistant"' in text  # written, no parameter there
    assert "encrypt with key" not in text and "tag stage" not in text  # prod supplies them
    assert 'test "support-bot (imported)" for "support-bot":' in text
    logging = text[text.index("logging:") :]
    assert 'deliver to bucket parameter "log bucket" prefix "invocations/"' in logging
    assert 'delivered by role parameter "log role"' in logging
    assert 'deliver to log group "/aws/bedrock/invocations"' in logging
    assert "account" not in logging and "region" not in logging  # prod gives them
    # the imported source is formatted, and compiles in prod to what prod deployed
    assert guardc(capsys, "fmt", "--check", "imported/support.guard")[0] == 0
    (deployed / "support.guard").unlink()  # one guardrail of that name in the project
    code, out, err = guardc(
        capsys, "plan", "imported/support.guard", "--env", "prod", "--detailed-exitcode"
    )
    assert code == 0, out + err
    assert "invocation logging in eu-west-1: no changes" in out


def test_a_value_other_than_the_environment_s_is_written_as_deployed(
    standin: StandIn, deployed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Drift is not a parameter: a bucket changed in the console comes back written out."""
    standin.logging["eu-west-1"]["s3Config"]["bucketName"] = "someone-elses-bucket"
    code, out, err = guardc(
        capsys, "import", "--logging", "--region", "eu-west-1", "--env", "prod", "."
    )
    assert code == 0, err
    assert 'deliver to bucket "someone-elses-bucket" prefix "invocations/"' in out
    assert 'delivered by role parameter "log role"' in out


def test_import_without_an_environment_writes_every_value(
    standin: StandIn, deployed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = guardc(capsys, "import", "--logging", "--region", "eu-west-1")
    assert code == 0, err
    assert out.splitlines()[-6:] == [
        "logging:",
        f'  account "{PROD}"',
        '  region "eu-west-1"',
        '  deliver to bucket "acme-prod-invocation-logs" prefix "invocations/"',
        '  deliver to log group "/aws/bedrock/invocations"',
        f'  delivered by role "arn:aws:iam::{PROD}:role/bedrock-logging"',
    ]
    Path("logs.guard").write_text(out)
    assert guardc(capsys, "compile", "logs.guard", "-o", "build", "--target", "monitoring")[0] == 0
    request = json.loads(Path("build/@monitoring", f"{PROD}-eu-west-1", "logging.json").read_text())
    assert request["loggingConfig"] == standin.logging["eu-west-1"]


def test_logging_off_imports_nothing_and_says_so(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = guardc(capsys, "import", "--logging")
    assert code == 0
    assert "warning: invocation logging is off in eu-west-1: nothing to import" in err
    assert "logging:" not in out


def test_env_and_sources_go_together(
    standin: StandIn, deployed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guardc(capsys, "import", "--logging", "--env", "prod")[0] == 2
    assert guardc(capsys, "import", "--logging", ".")[0] == 2
    assert guardc(capsys, "import")[0] == 2
    code, _, err = guardc(capsys, "import", "--logging", "--env", "stage", ".")
    assert code == 2 and "--env stage: no such environment" in err


MORE = f"""\
parameter "key" = "arn:aws:kms:us-east-1:111122223333:key/7d2e9a41-5c3b-4f86-a1d0-93b7c4e5f602"
parameter "blurb" = "Support (dev)"
parameter "sorry" = "Sorry, not here."
parameter "relevance" = 0.5

environment "prod":
  account "{PROD}"
  region "eu-west-1"
  set "key" = "{KEY}"
  set "blurb" = "Support"
  set "relevance" = 0.6
"""

BOT = """\
use "params.guard"

guardrail "bot":
  description parameter "blurb"
  encrypt with key parameter "key"
  on blocked input say parameter "sorry"
  filter insults at high
  require relevance at least parameter "relevance"
  access:
    shared with accounts "777788889999"
"""


def test_every_kind_of_guardrail_value_comes_back_as_its_parameter(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Key (an ARN), description, blocked message (a default), threshold; and the `access:`
    block imported for its sharing loses the account and Region prod gives."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "params.guard").write_text(MORE)
    (tmp_path / "bot.guard").write_text(BOT)
    monkeypatch.chdir(tmp_path)
    standin.account = PROD
    code, _, err = guardc(capsys, "apply", "bot.guard", "--env", "prod", "--yes", "--publish")
    assert code == 0, err
    gid = standin.by_name("bot").id
    argv = ["import", "--guardrail-id", gid, "--region", "eu-west-1", "--env", "prod", "."]
    code, out, err = guardc(capsys, *argv)
    assert code == 0, err
    assert 'use "params.guard"' in out
    for line in (
        'description parameter "blurb"',
        'encrypt with key parameter "key"',
        'on blocked input say parameter "sorry"',
        'require relevance at least parameter "relevance"',
        'shared with account "777788889999"',
    ):
        assert f"  {line}\n" in out
    access = out[out.index("access:") : out.index("test ")]
    assert "account " not in access.replace("shared with account", "")
    assert "region" not in access
    # compiled in prod, the import is what prod deployed
    (tmp_path / "bot.guard").write_text(out)
    code, out, err = guardc(capsys, "plan", "bot.guard", "--env", "prod", "--detailed-exitcode")
    assert code == 0, out + err
