"""Parameters in a `logging:` block, and environments that give it its account and Region
(docs/language.md, "Environments and parameters" and "Logging and monitoring").

The source is tests/cases/ok/logging-environments/input.guard: one block, every place-bound
value a parameter or left to the environment, for dev and prod.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from monitoring_sources import loaded, lowered

from compiler.cli import main
from compiler.diagnostics.sink import Diagnostics
from compiler.frontend import syntax as s
from compiler.ir import Logging
from compiler.pipeline import load

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "cases" / "ok" / "logging-environments" / "input.guard"

EVERY_LINE = """\
logging:
  account parameter "account"
  region parameter "region"
  deliver to bucket parameter "bucket" prefix parameter "prefix"
  deliver to log group parameter "group" retained for 30 days
  deliver large data to bucket parameter "large" prefix "large/"
  encrypt with key parameter "key"
  delivered by role parameter "role"
  watch guardrail changes in trail log group parameter "trail"
  notify "arn:aws:sns:us-east-1:111122223333:a"
  notify parameter "topic"
"""


def _logging(path: Path, env: str | None) -> tuple[Logging, Diagnostics]:
    policy, sink = loaded(path, env)
    (block,) = policy.logging
    return block, sink


def test_every_place_bound_value_may_be_a_parameter() -> None:
    """Each value a deployment varies lowers to a placeholder and a use named by the field
    the checks and `ir.Logging.spans` use; a written value stays written."""
    (decl,) = lowered(EVERY_LINE).items
    assert isinstance(decl, s.LoggingDecl)
    assert [(u.field, u.name) for u in decl.params] == [
        ("account", "account"),
        ("region", "region"),
        ("bucket", "bucket"),
        ("bucket.prefix", "prefix"),
        ("log_group", "group"),
        ("large_data", "large"),
        ("key", "key"),
        ("role", "role"),
        ("trail_log_group", "trail"),
        ("notify[1]", "topic"),
    ]
    assert decl.large_data is not None and decl.large_data.prefix is not None
    assert decl.large_data.prefix.value == "large/"
    assert decl.notify[0].value == "arn:aws:sns:us-east-1:111122223333:a"
    assert decl.retention is not None and decl.retention.value == 30


def test_fmt_keeps_parameters_and_is_a_fixed_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = EVERY_LINE.replace('parameter "account"', 'PARAMETER   "account"').replace(
        'a"\n  notify parameter', 'a",  parameter'
    )
    assert messy.count("notify") == 1
    source = tmp_path / "m.guard"
    source.write_text(messy)
    assert main(["fmt", str(source), "--root", str(tmp_path)]) == 0
    assert source.read_text() == EVERY_LINE
    assert main(["fmt", "--check", str(source), "--root", str(tmp_path)]) == 0
    capsys.readouterr()


def test_each_environment_binds_its_own_values() -> None:
    default, sink = _logging(EXAMPLE, None)
    assert not sink.has_errors
    dev, _ = _logging(EXAMPLE, "dev")
    prod, _ = _logging(EXAMPLE, "prod")
    assert [b.bucket.bucket for b in (default, dev, prod) if b.bucket] == [
        "acme-dev-invocation-logs",
        "acme-dev-invocation-logs",
        "acme-prod-invocation-logs",
    ]
    assert prod.role == "arn:aws:iam::444455556666:role/bedrock-logging"
    assert prod.kms_key is not None and ":eu-west-1:444455556666:" in prod.kms_key
    assert prod.notify == ("arn:aws:sns:eu-west-1:444455556666:security",)
    # written values are the same everywhere
    assert {b.log_group for b in (default, dev, prod)} == {"/aws/bedrock/invocations"}


def test_the_environment_gives_the_account_and_region_left_unsaid() -> None:
    default, _ = _logging(EXAMPLE, None)
    dev, _ = _logging(EXAMPLE, "dev")
    prod, _ = _logging(EXAMPLE, "prod")
    assert (default.account, default.region, default.environment) == (None, None, None)
    assert (dev.account, dev.region, dev.environment) == ("111122223333", "us-east-1", "dev")
    assert (prod.account, prod.region, prod.environment) == ("444455556666", "eu-west-1", "prod")


def test_each_value_records_where_it_was_given() -> None:
    """prod's bucket comes from its `set` line, dev's from the parameter's default: that is
    where a diagnostic about the value points its label."""
    lines = EXAMPLE.read_text().splitlines()
    dev, _ = _logging(EXAMPLE, "dev")
    prod, _ = _logging(EXAMPLE, "prod")
    dev_bucket = next(span for field, _, span in dev.parameters if field == "bucket")
    prod_bucket = next(span for field, _, span in prod.parameters if field == "bucket")
    assert lines[dev_bucket.line - 1].startswith('parameter "log bucket" =')
    assert lines[prod_bucket.line - 1].strip().startswith('set "log bucket" =')
    assert {name for _, name, _ in prod.parameters} == {
        "log bucket",
        "log key",
        "log role",
        "security topic",
    }


def test_a_block_that_names_another_place_than_the_environment_is_E241(tmp_path: Path) -> None:
    source = tmp_path / "g.guard"
    source.write_text(
        'environment "prod":\n  account "444455556666"\n  region "eu-west-1"\n\n'
        'logging:\n  account "444455556666"\n  region "us-east-1"\n'
        '  deliver to bucket "acme-invocation-logs"\n\n'
        'guardrail "g":\n  filter hate at high\n'
    )
    block, sink = _logging(source, "prod")
    assert [(d.code, d.span.line, d.span.column) for d in sink.sorted()] == [("E241", 7, 10)]
    (found,) = sink.sorted()
    assert "but the logging block says 'us-east-1'" in found.message
    assert [label.span.line for label in found.labels] == [3]  # the environment's line
    assert block.region == "us-east-1"  # never overridden silently
    # the same block agrees with dev: nothing to say
    _, clean = _logging(source, None)
    assert not clean.has_errors


def test_a_parameter_the_environment_sets_is_no_conflict(tmp_path: Path) -> None:
    """The way out E241's help names: the block's region a parameter prod sets."""
    source = tmp_path / "g.guard"
    source.write_text(
        'parameter "log region" = "us-east-1"\n\n'
        'environment "prod":\n  region "eu-west-1"\n  set "log region" = "eu-west-1"\n\n'
        'logging:\n  region parameter "log region"\n  deliver to bucket "acme-invocation-logs"\n\n'
        'guardrail "g":\n  filter hate at high\n'
    )
    block, sink = _logging(source, "prod")
    assert not sink.items
    assert block.region == "eu-west-1"


def test_unknown_and_mistyped_parameters_are_E120_and_E240(tmp_path: Path) -> None:
    source = tmp_path / "g.guard"
    source.write_text(
        'parameter "log bucket" = "acme-logs"\nparameter "days" = 30\n\n'
        "logging:\n"
        '  deliver to bucket parameter "log buckt"\n'
        '  deliver to log group parameter "days"\n'
        '  delivered by role "arn:aws:iam::111122223333:role/r"\n\n'
        'guardrail "g":\n  filter hate at high\n'
    )
    sink = Diagnostics()
    policy = load([source], sink).policy
    found = [(d.code, d.span.line, d.span.column) for d in sink.sorted()]
    assert found == [("E120", 5, 21), ("E240", 6, 24)]
    assert sink.sorted()[0].help == 'did you mean `"log bucket"`?'
    assert policy.logging == ()  # a block whose values cannot be bound is not compiled


def test_a_file_that_does_not_see_the_environment_keeps_its_block_out(tmp_path: Path) -> None:
    (tmp_path / "envs.guard").write_text(
        'environment "prod":\n  account "444455556666"\n  region "eu-west-1"\n'
    )
    (tmp_path / "a.guard").write_text(
        'use "envs.guard"\n\nlogging:\n  deliver to bucket "acme-a-logs"\n\n'
        'guardrail "a":\n  filter hate at high\n'
    )
    (tmp_path / "b.guard").write_text(
        'logging:\n  account "111122223333"\n  region "us-east-1"\n'
        '  deliver to bucket "acme-b-logs"\n\nguardrail "b":\n  filter hate at high\n'
    )
    sink = Diagnostics()
    policy = load([tmp_path / "a.guard", tmp_path / "b.guard"], sink, tmp_path, env="prod").policy
    assert not sink.has_errors
    assert [(b.bucket.bucket, b.place) for b in policy.logging if b.bucket] == [
        ("acme-a-logs", ("444455556666", "eu-west-1"))
    ]


def test_explain_says_which_parameter_gives_each_logging_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["explain", str(EXAMPLE), "--guardrail", "g", "--env", "prod"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    logging = out[out.index("logging (") :]
    assert logging.startswith("logging (account 444455556666 region eu-west-1):")
    assert "  s3 bucket              acme-prod-invocation-logs/invocations/" in logging
    assert '  environment            "prod"' in logging
    assert '  parameter              "log bucket" gives deliver to bucket' in logging
    assert '  parameter              "security topic" gives notify' in logging


RETENTION = """\
parameter "log days" = 30
parameter "log name" = "invocations"

environment "prod":
  set "log days" = 2192

environment "odd":
  set "log days" = 30.5

logging:
  deliver to log group "/aws/bedrock/invocations" retained for parameter "log days" days
  delivered by role "arn:aws:iam::111122223333:role/r"
"""


def test_the_retention_may_be_a_number_parameter(tmp_path: Path) -> None:
    """The one number of the block: bound per environment; a value that is not whole days is
    E263 at the use, labelled where it is set; a string parameter there is E240."""
    source = tmp_path / "g.guard"
    source.write_text(RETENTION)
    default, sink = _logging(source, None)
    prod, _ = _logging(source, "prod")
    assert not sink.items
    assert (default.retention_days, prod.retention_days) == (30, 2192)
    sink = Diagnostics()
    assert load([source], sink, env="odd").policy.logging == ()
    (found,) = sink.sorted()
    assert (found.code, found.span.line, found.span.column) == ("E263", 11, 64)
    assert found.message == "retention `30.5` (parameter `log days`) is not a whole number of days"
    assert [label.span.line for label in found.labels] == [8]
    source.write_text(RETENTION.replace('parameter "log days" days', 'parameter "log name" days'))
    sink = Diagnostics()
    load([source], sink)
    assert [(d.code, d.span.line) for d in sink.sorted()] == [("E240", 11)]
    assert "retention takes a number" in (sink.sorted()[0].help or "")


def test_fmt_writes_a_retention_parameter_with_its_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "g.guard"
    source.write_text(
        RETENTION.replace('for parameter "log days" days', 'FOR Parameter "log days"')
    )
    assert main(["fmt", str(source), "--root", str(tmp_path)]) == 0
    assert source.read_text() == RETENTION
    capsys.readouterr()
