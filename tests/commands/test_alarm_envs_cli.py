"""End to end through the CLI: an `alarms for` block whose topic and threshold are parameters
(tests/cases/ok/alarms-environments) checks clean in every environment, compiles per
environment, and `explain` shows each environment's values and the parameters behind them;
a bad topic an environment sets fails `check` with the environment named; E242 is retired."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.cli import main


@pytest.fixture
def project(case_project: Callable[[str, str], Path]) -> Path:
    return case_project("alarms-environments", "alarms.guard")


def test_check_compile_and_explain_each_environment(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "alarms.guard"]) == 0
    for env, rate, topic_region in (("dev", "40%", "us-east-1"), ("prod", "5%", "eu-west-1")):
        out = f"out-{env}"
        assert main(["compile", "alarms.guard", "-o", out, "--env", env]) == 0
        (template,) = Path(out, "@monitoring").rglob("cloudformation.json")
        assert topic_region in template.parent.name
        capsys.readouterr()
        assert main(["explain", "alarms.guard", "--guardrail", "support", "--env", env]) == 0
        text = capsys.readouterr().out
        assert f"alarm when interventions above {rate} over 5 minutes" in text
        assert f"notify arn:aws:sns:{topic_region}:" in text
        assert f'environment            "{env}"' in text
        assert '"block rate" gives the threshold of alarm 1' in text


def test_a_bad_topic_an_environment_sets_fails_check_in_that_environment(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = Path("alarms.guard")
    text = source.read_text().replace(
        '  set "alarm topic" = "arn:aws:sns:eu-west-1:444455556666:guardrail-alarms"',
        '  set "alarm topic" = "guardrail-alarms"',
    )
    source.write_text(text)
    assert main(["check", "alarms.guard", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    (found,) = report["diagnostics"]
    assert found["code"] == "E264"
    lines = text.splitlines()
    assert found["line"] == lines.index('  notify parameter "alarm topic"') + 1
    (label,) = found["labels"]
    assert label["line"] == lines.index('  set "alarm topic" = "guardrail-alarms"') + 1
    assert 'in environment "prod"' in found["note"]


def test_explain_E242_says_it_is_retired(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "E242"]) == 0
    assert "Retired: never emitted" in capsys.readouterr().out
