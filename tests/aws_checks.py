"""The AWS-side checks the target tests share: botocore's client behind a Stubber, and cfn-lint.

Neither talks to AWS. `stubbed_call` makes a real boto3 `bedrock` client call, so botocore
validates and serialises the request exactly as it would for the service, and the Stubber
answers instead of AWS. `lint` runs cfn-lint with its rules loaded once per session.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from typing import Any

IDENTIFIER = "arn:aws:bedrock:us-east-1:111122223333:guardrail/abcdefghijkl"

# Bedrock guardrails with cross-region profiles are offered in these; linting per region checks
# the resource types exist there. Informational rules are on; cfn-lint's experimental ones
# (I4010 asks for AI-oriented `Metadata` context blocks) are not.
LINT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"]

# Findings accepted on purpose, each with the reason. None today: `UseGuardrailProfile` names
# the guardrail beside its profile, as the user guide's example does
# (guardrail-profiles-permissions.html), so cfn-lint's I3510 (GetGuardrail and ListGuardrails
# are authorized on `guardrail` resources) has a resource of that type to find.
KNOWN_FINDINGS: frozenset[str] = frozenset()


@cache
def client() -> Any:
    """A boto3 `bedrock` client with fake credentials (it never reaches AWS)."""
    import boto3

    return boto3.client(
        "bedrock", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )


def stubbed_call(operation: str, request: dict[str, Any]) -> None:
    """Make the real client call with `request`: botocore validates and serialises it, the
    Stubber answers instead of AWS and asserts the parameters arrived unchanged."""
    from botocore.stub import Stubber

    bedrock = client()
    now = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    response: dict[str, Any] = {
        "guardrailId": "abcdefghijkl",
        "guardrailArn": IDENTIFIER,
        "version": "DRAFT",
    }
    response["createdAt" if operation == "create_guardrail" else "updatedAt"] = now
    with Stubber(bedrock) as stubber:
        stubber.add_response(operation, response, expected_params=request)
        getattr(bedrock, operation)(**request)
        stubber.assert_no_pending_responses()


@cache
def input_shape(operation: str) -> Any:
    """botocore's input shape of a Bedrock operation (`CreateGuardrail`)."""
    return client().meta.service_model.operation_model(operation).input_shape


@cache
def _runner() -> Any:
    """cfn-lint's runner, built once: loading its rules costs about a second per call."""
    from cfnlint.api import ConfigMixIn, ManualArgs, Runner

    return Runner(ConfigMixIn(**ManualArgs(regions=LINT_REGIONS, include_checks=["I"])))


def lint_all(document: dict[str, Any]) -> list[str]:
    """Everything cfn-lint finds in `document`, as `RULE message` lines."""
    from cfnlint.api import decode_str

    template, errors = decode_str(json.dumps(document))
    assert not errors and template is not None
    return [f"{m.rule.id} {m.message}" for m in _runner().validate_template(template)]


def lint(document: dict[str, Any]) -> list[str]:
    """What cfn-lint finds in `document`, less the KNOWN_FINDINGS."""
    return [finding for finding in lint_all(document) if finding not in KNOWN_FINDINGS]
