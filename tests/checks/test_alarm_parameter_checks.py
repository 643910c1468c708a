"""An `alarms for` block's checks on topics that parameters and environments give: E264 at the
`parameter "P"` of the `notify` line (the caret), with a label where the value in force is
written (the environment's `set` line, else the parameter's default), as for `logging:`."""

from __future__ import annotations

from pathlib import Path

import pytest

from compiler.cli import main
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load

SOURCE = """\
parameter "alarm topic" = "arn:aws:sns:us-east-1:111122223333:alarms"
parameter "audit topic" = "arn:aws:sns:us-east-1:111122223333:audit"

environment "dev":
  account "111122223333"
  region "us-east-1"

environment "prod":
  account "444455556666"
  region "eu-west-1"
  set "alarm topic" = "arn:aws:sns:eu-west-1:444455556666"

guardrail "g":
  filter hate at high

alarms for "g":
  notify parameter "alarm topic", parameter "audit topic"
  alarm when interventions above 10
"""


def _found(tmp_path: Path, env: str | None) -> list[tuple[str, int, int, str, list[int]]]:
    path = tmp_path / "g.guard"
    path.write_text(SOURCE)
    sink = Diagnostics()
    load([path], sink, env=env)
    return [
        (d.code, d.span.line, d.span.column, d.note or "", [label.span.line for label in d.labels])
        for d in sink.sorted()
    ]


def test_the_defaults_and_dev_are_clean(tmp_path: Path) -> None:
    assert _found(tmp_path, None) == []
    assert _found(tmp_path, "dev") == []


def test_prod_s_bad_topics_are_found_at_the_use_and_labelled_where_given(tmp_path: Path) -> None:
    """prod's topic is no SNS ARN (labelled at prod's set line); the audit topic, a default
    for us-east-1, is in another Region than prod's guardrail (labelled at the default)."""
    assert _found(tmp_path, "prod") == [
        ("E264", 17, 10, "an SNS topic ARN goes here", [11]),
        ("E264", 17, 35, "another Region", [2]),
    ]


def test_check_names_the_environment_and_renders_both_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "g.guard").write_text(SOURCE)
    assert main(["check", str(tmp_path / "g.guard"), "--root", str(tmp_path)]) == 1
    err = capsys.readouterr().err.replace(str(tmp_path) + "/", "")
    assert err.count("error[E264]") == 2
    assert err.count('in environment "prod"') == 2
    assert 'in environment "dev"' not in err
    first = err[: err.index("error[E264]", 1)]
    assert " --> g.guard:17:10" in first
    assert '11 |   set "alarm topic" = "arn:aws:sns:eu-west-1:444455556666"' in first
    assert "the value of parameter `alarm topic`, given here" in first
