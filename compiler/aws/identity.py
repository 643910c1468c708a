"""Who guardc runs as, and which key an alias names: the two calls outside Bedrock.

- `caller_account`: STS GetCallerIdentity's account. `guardc plan` and `apply` compare it with the
  account the environment or the `access:` block names before anything else (E505), so a profile
  for another account never creates a guardrail there. GetCallerIdentity needs no permission.
- `KeyResolver`: KMS DescribeKey, to turn a key alias into the key ARN GetGuardrail answers
  with, so that plan compares the key instead of assuming (diff.py). Answers are kept per Region
  for the run. Without `kms:DescribeKey` the key is not compared, and the plan says so.

Both use boto3's own settings resolution, like the Bedrock client (client.py); endpoints can be
overridden with `AWS_ENDPOINT_URL_STS` and `AWS_ENDPOINT_URL_KMS`.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError

from .client import AwsError, Settings, call


def _client(settings: Settings, service: str, region: str | None) -> Any:
    try:
        session = boto3.Session(
            profile_name=settings.profile, region_name=settings.region or region
        )
        return session.client(service, config=Config(user_agent_extra="guardc"))  # type: ignore[call-overload]  # no stubs for sts and kms
    except BotoCoreError as exc:
        raise AwsError("CreateClient", type(exc).__name__, str(exc)) from None


def caller_account(settings: Settings, region: str | None = None) -> str:
    """The account of the credentials in use (STS GetCallerIdentity). Raises AwsError."""
    client = _client(settings, "sts", region or "us-east-1")
    answer = call("GetCallerIdentity", client.get_caller_identity)
    return str(answer["Account"])


class KeyResolver:
    """Key ARNs of aliases, per Region, asked of KMS once each."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._clients: dict[str, Any] = {}  # kms clients (no stubs installed for kms)
        self._found: dict[tuple[str, str], str] = {}

    def arn(self, key: str, region: str) -> str:
        """The ARN of the key `key` names (an alias, alias ARN, key id or key ARN) in `region`.
        Raises AwsError (e.g. AccessDenied without kms:DescribeKey)."""
        if (region, key) not in self._found:
            if region not in self._clients:
                self._clients[region] = _client(self.settings, "kms", region)
            answer = call("DescribeKey", self._clients[region].describe_key, KeyId=key)
            self._found[region, key] = str(answer["KeyMetadata"]["Arn"])
        return self._found[region, key]
