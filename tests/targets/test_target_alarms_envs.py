"""The monitoring target per environment for an `alarms for` block whose topic and threshold
are parameters (tests/cases/ok/alarms-environments): with `--env`, each environment's template
in its own place folder (the environment's account and Region, the guardrail having no
`access:` block), its alarms notifying its own topic at its own threshold, cfn-lint clean and
byte for byte the same on every run."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aws_checks import lint

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


Compile = Callable[[str | None, str], dict[str, bytes]]


@pytest.fixture
def compiled(monitoring_case: Callable[[str, str], Compile]) -> Compile:
    return monitoring_case("alarms-environments", "alarms.guard")


def _alarms(template: dict[str, Any]) -> list[dict[str, Any]]:
    resources = template["Resources"].values()
    return [r["Properties"] for r in resources if r["Type"] == "AWS::CloudWatch::Alarm"]


@pytest.mark.parametrize("env", sorted(EXPECTED))
def test_each_environment_alarms_its_own_topic_at_its_own_threshold(
    compiled: Compile, env: str
) -> None:
    place, topic, rate = EXPECTED[env]
    files = compiled(env, f"out-{env}")
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


def test_outputs_are_deterministic(compiled: Compile) -> None:
    assert compiled("prod", "first") == compiled("prod", "second")


def test_without_an_environment_the_defaultscompiled(compiled: Compile) -> None:
    """No `--env`: the defaults (dev's topic, 5%), and no place: the `default` folder."""
    files = compiled(None, "out")
    template = json.loads(files["default/cloudformation.json"])
    rate_alarm, _ = _alarms(template)
    assert rate_alarm["Threshold"] == 5.0
    assert rate_alarm["AlarmActions"] == [EXPECTED["dev"][1]]
