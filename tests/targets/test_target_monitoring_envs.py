"""The monitoring target per environment: one `logging:` block whose bucket, key, role and
topic are parameters and whose account and Region come from the environment compiles, with
`--env`, to that environment's `logging.json`, key policy, deployer policy and template, in
its own place folder, byte for byte the same on every run (tests/cases/ok/logging-environments)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from aws_checks import client, lint

PLACES = {"dev": "111122223333-us-east-1", "prod": "444455556666-eu-west-1"}


Compile = Callable[[str | None, str], dict[str, bytes]]


@pytest.fixture
def compiled(monitoring_case: Callable[[str, str], Compile]) -> Compile:
    return monitoring_case("logging-environments", "logs.guard")


def _put(request: dict[str, Any]) -> None:
    """botocore validates and serialises the request as for the service; the Stubber answers
    and checks it arrived unchanged."""
    from botocore.stub import Stubber

    bedrock = client()
    with Stubber(bedrock) as stubber:
        stubber.add_response("put_model_invocation_logging_configuration", {}, request)
        bedrock.put_model_invocation_logging_configuration(**request)
        stubber.assert_no_pending_responses()


def _json(files: dict[str, bytes], name: str) -> Any:
    return json.loads(files[name])


def test_each_environment_writes_its_own_place(compiled: Compile) -> None:
    for env, place in PLACES.items():
        files = compiled(env, f"out-{env}")
        assert sorted(files) == [
            f"{place}/cloudformation.json",
            f"{place}/iam/logging-deployer.json",
            f"{place}/kms-key-policy.json",
            f"{place}/logging.json",
        ]


def test_the_artefacts_carry_the_environment_s_values(compiled: Compile) -> None:
    dev, prod = compiled("dev", "out-dev"), compiled("prod", "out-prod")
    for files, env, bucket in ((dev, "dev", "acme-dev"), (prod, "prod", "acme-prod")):
        place = PLACES[env]
        account, region = place.split("-", 1)
        request = _json(files, f"{place}/logging.json")
        config = request["loggingConfig"]
        assert config["s3Config"]["bucketName"] == f"{bucket}-invocation-logs"
        assert config["cloudWatchConfig"]["roleArn"] == (
            f"arn:aws:iam::{account}:role/bedrock-logging"
        )
        _put(request)
        key_policy = json.dumps(_json(files, f"{place}/kms-key-policy.json"))
        assert f"logs.{region}.amazonaws.com" in key_policy
        assert f"arn:aws:bedrock:{region}:{account}:*" in key_policy
        assert f"arn:aws:iam::{account}:root" in key_policy
        other = "444455556666" if account == "111122223333" else "111122223333"
        assert other not in key_policy
        deployer = json.dumps(_json(files, f"{place}/iam/logging-deployer.json"))
        assert f"arn:aws:iam::{account}:role/bedrock-logging" in deployer
        template = _json(files, f"{place}/cloudformation.json")
        text = json.dumps(template)
        assert f"{bucket}-invocation-logs" in text
        assert f"arn:aws:sns:{region}:{account}:security" in text
        assert other not in text
        assert lint(template) == []


def test_outputs_are_deterministic(compiled: Compile) -> None:
    assert compiled("prod", "first") == compiled("prod", "second")


def test_without_an_environment_the_defaults_compile_as_before(compiled: Compile) -> None:
    """No `--env`: each parameter's default, and no Region (the block leaves it to the
    environment), so the place is the delivery role's account alone, and no key policy (it
    needs the Region)."""
    files = compiled(None, "out")
    assert sorted(files) == [
        "111122223333/cloudformation.json",
        "111122223333/iam/logging-deployer.json",
        "111122223333/logging.json",
    ]
    config = _json(files, "111122223333/logging.json")["loggingConfig"]
    assert config["s3Config"]["bucketName"] == "acme-dev-invocation-logs"
