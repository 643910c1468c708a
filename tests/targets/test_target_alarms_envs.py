"""The monitoring target per environment for an `alarms for` block whose topic and threshold
are parameters (tests/cases/ok/alarms-environments): with `--env`, each environment's template
in its own place folder (the environment's account and Region, the guardrail having no
`access:` block), its alarms notifying its own topic at its own threshold, cfn-lint clean and
byte for byte the same on every run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from aws_checks import lint

from compiler.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "cases" / "ok" / "alarms-environments" / "input.guard"
# environment: (place folder, topic, intervention threshold in %)
EXPECTED = {
    "dev": (
        "111122223333-us-east-1",
        "arn:aws:sns:us-east-1:111122223333:guardrail-alarms",
        40.0,
    ),
    "prod": (
        "444455556666-eu-west-1",
        "arn:aws:sns:eu-west-1:444455556666:guardrail-alarms",
        5.0,
    ),
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "alarms.guard")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _compile(env: str | None, out: str) -> dict[str, bytes]:
    argv = ["compile", "alarms.guard", "-o", out, "--target", "monitoring"]
    assert main([*argv, *(["--env", env] if env else [])]) == 0
    root = Path(out, "@monitoring")
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*.json")}


def _alarms(template: dict[str, Any]) -> list[dict[str, Any]]:
    resources = template["Resources"].values()
    return [r["Properties"] for r in resources if r["Type"] == "AWS::CloudWatch::Alarm"]


@pytest.mark.parametrize("env", sorted(EXPECTED))
def test_each_environment_alarms_its_own_topic_at_its_own_threshold(
    project: Path, env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    place, topic, rate = EXPECTED[env]
    files = _compile(env, f"out-{env}")
    capsys.readouterr()
    assert sorted(files) == [f"{place}/cloudformation.json"]
    template = json.loads(files[f"{place}/cloudformation.json"])
    rate_alarm, latency_alarm = _alarms(template)
    assert rate_alarm["Threshold"] == rate
    assert f"above {rate:g}% over 5 minutes" in rate_alarm["AlarmDescription"]
    assert latency_alarm["Threshold"] == 800
    assert rate_alarm["AlarmActions"] == latency_alarm["AlarmActions"] == [topic]
    other = "444455556666" if env == "dev" else "111122223333"
    assert other not in json.dumps(template)
    assert lint(template) == []


def test_outputs_are_deterministic(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _compile("prod", "first") == _compile("prod", "second")
    capsys.readouterr()


def test_without_an_environment_the_defaults_compile(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No `--env`: the defaults (dev's topic, 5%), and no place: the `default` folder."""
    files = _compile(None, "out")
    capsys.readouterr()
    template = json.loads(files["default/cloudformation.json"])
    rate_alarm, _ = _alarms(template)
    assert rate_alarm["Threshold"] == 5.0
    assert rate_alarm["AlarmActions"] == [EXPECTED["dev"][1]]
