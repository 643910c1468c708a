"""The logging block's checks on values that parameters and environments give: each finding is
at the `parameter "P"` of the block (the caret), with a label where the value in force is
written (the environment's `set` line, else the parameter's default), and `guardc check`
names the environment it was found in."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.cli import main
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load

SOURCE = """\
parameter "log bucket" = "acme-dev-invocation-logs"
parameter "log role" = "arn:aws:iam::111122223333:role/bedrock-logging"
parameter "log key" = "arn:aws:kms:us-east-1:111122223333:key/7d2e9a41-5c3b-4f86-a1d0-93b7c4e5f602"
parameter "log region" = "us-east-1"

environment "dev":
  account "111122223333"

environment "prod":
  account "444455556666"
  set "log bucket" = "Acme_Prod_Logs"
  set "log role" = "arn:aws:iam::444455556666:rol/bedrock-logging"
  set "log region" = "eu-west-1"

logging:
  region parameter "log region"
  deliver to bucket parameter "log bucket"
  deliver to log group "/aws/bedrock/invocations"
  encrypt with key parameter "log key"
  delivered by role parameter "log role"

guardrail "g":
  filter hate at high
"""


def _found(tmp_path: Path, env: str | None) -> list[tuple[str, int, int, list[int]]]:
    path = tmp_path / "g.guard"
    path.write_text(SOURCE)
    sink = Diagnostics()
    load([path], sink, env=env)
    return [
        (d.code, d.span.line, d.span.column, [label.span.line for label in d.labels])
        for d in sink.sorted()
    ]


def test_the_defaults_and_dev_are_clean(tmp_path: Path) -> None:
    assert _found(tmp_path, None) == []
    assert _found(tmp_path, "dev") == []


def test_prod_s_bad_values_are_found_at_the_use_and_labelled_at_the_set_line(
    tmp_path: Path,
) -> None:
    """prod's bucket S3 would reject (E262), its role that is no role ARN (E266), and the
    key, a default for us-east-1, in another Region than prod's logs (E266): the key's label
    is the default's line, since prod does not set it."""
    assert _found(tmp_path, "prod") == [
        ("E262", 17, 21, [11]),
        ("E266", 19, 20, [3]),
        ("E266", 20, 21, [12]),
    ]


def test_a_bad_account_or_region_from_a_parameter_is_E218_labelled(tmp_path: Path) -> None:
    path = tmp_path / "g.guard"
    path.write_text(
        'parameter "log account" = "11112222333"\nparameter "log region" = "eu-west"\n\n'
        "logging:\n"
        '  account parameter "log account"\n'
        '  region parameter "log region"\n'
        '  deliver to bucket "acme-logs"\n\n'
        'guardrail "g":\n  filter hate at high\n'
    )
    sink = Diagnostics()
    load([path], sink)
    found = [(d.code, d.span.line, d.message, d.labels[0].span.line) for d in sink.sorted()]
    assert found == [
        ("E218", 5, "`11112222333` is not an AWS account id", 1),
        ("E218", 6, "`eu-west` is not an AWS region", 2),
    ]
    assert sink.sorted()[0].labels[0].message == (
        "the value of parameter `log account`, given here"
    )


def test_check_names_the_environment_and_renders_both_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "g.guard").write_text(SOURCE)
    assert main(["check", str(tmp_path / "g.guard"), "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count('in environment "prod"') == 3
    assert 'in environment "dev"' not in err
    bucket = err[err.index("error[E262]") : err.index("error[E266]")]
    assert " --> g.guard:17:21" in bucket.replace(str(tmp_path) + "/", "")
    assert '11 |   set "log bucket" = "Acme_Prod_Logs"' in bucket
    assert "the value of parameter `log bucket`, given here" in bucket


def test_a_retention_cloudwatch_does_not_offer_is_labelled_at_its_set_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "g.guard"
    path.write_text(
        'parameter "log days" = 30\n\nenvironment "prod":\n  set "log days" = 31\n\n'
        "logging:\n"
        '  deliver to log group "/aws/bedrock/invocations" retained for parameter "log days" days\n'
        '  delivered by role "arn:aws:iam::111122223333:role/r"\n\n'
        'guardrail "g":\n  filter hate at high\n'
    )
    sink = Diagnostics()
    load([path], sink, env="prod")
    found = [(d.code, d.span.line, [label.span.line for label in d.labels]) for d in sink.sorted()]
    assert found == [("E263", 7, [4])]
    assert "nearest it offers is 30 days" in (sink.sorted()[0].help or "")
