"""The boto3 `bedrock` client guardc deploys with, and AWS errors as values.

Only `guardc plan`, `guardc apply` and `guardc import` import this module (inside their
`run`), so no other command pays for the SDK (tests/commands/test_cli.py checks it for `check`).

Settings are boto3's own: `--region` and `--profile` are passed to `boto3.Session`, everything
else (environment variables, `~/.aws/config` and `credentials`, SSO, `AWS_ENDPOINT_URL` and
`AWS_ENDPOINT_URL_BEDROCK`, `AWS_MAX_ATTEMPTS`, `AWS_RETRY_MODE`) is resolved by botocore as for
any AWS tool. Throttling is retried by botocore's `standard` retry mode (exponential backoff with
jitter) with up to `MAX_ATTEMPTS` attempts, unless the user chose a retry mode or a number of
attempts in the environment or the profile: then botocore's resolution of those wins.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

if TYPE_CHECKING:
    from mypy_boto3_bedrock.client import BedrockClient

MAX_ATTEMPTS = 8  # the first call and seven retries: about a minute of backoff at most

T = TypeVar("T")


@dataclass
class AwsError(Exception):  # not frozen: Python sets __traceback__ on exceptions
    """A failed AWS call: the operation, AWS's error code and message, and for AccessDenied
    the IAM action that was missing (`bedrock:CreateGuardrail`)."""

    operation: str
    code: str
    message: str
    service: str = "bedrock"  # the IAM prefix of the operation's actions

    @property
    def denied_action(self) -> str | None:
        """The IAM action AWS refused, for an access-denied error."""
        if self.code not in ("AccessDeniedException", "AccessDenied", "UnauthorizedOperation"):
            return None
        return f"{self.service}:{self.operation}"

    def __str__(self) -> str:
        return f"{self.operation} failed: {self.code}: {self.message}"


@dataclass(frozen=True)
class Settings:
    """What the command line says about AWS; None leaves it to boto3's resolution."""

    region: str | None = None
    profile: str | None = None


def _user_chose_retries(session: Any) -> bool:
    """True when the environment or the profile sets a retry mode or a number of attempts."""
    if os.environ.get("AWS_RETRY_MODE") or os.environ.get("AWS_MAX_ATTEMPTS"):
        return True
    try:
        scoped = session._session.get_scoped_config()  # the profile's section of ~/.aws/config
    except Exception:  # a missing profile is reported when the client is created
        return False
    return "retry_mode" in scoped or "max_attempts" in scoped


def _config(session: Any) -> Config:
    """guardc's user agent, and the standard retry mode unless the user chose retries."""
    config = Config(user_agent_extra="guardc")
    if not _user_chose_retries(session):
        config = config.merge(
            Config(retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS})
        )
    return config


def bedrock_client(settings: Settings, region: str | None = None) -> BedrockClient:
    """A `bedrock` control-plane client. `region` (the guardrail's own, from its `access:`
    block) is used when `--region` is not given. Raises `AwsError` when boto3 cannot build a
    client (unknown profile, no Region anywhere)."""
    try:
        session = boto3.Session(
            profile_name=settings.profile, region_name=settings.region or region
        )
        config = _config(session)
        if session.region_name is None:
            raise AwsError(
                "CreateClient",
                "NoRegion",
                "no AWS Region: pass --region, set AWS_REGION, or name one in the profile",
            )
        client: BedrockClient = session.client("bedrock", config=config)
    except BotoCoreError as exc:
        raise AwsError("CreateClient", type(exc).__name__, str(exc)) from None
    return client


def organizations_client(settings: Settings, region: str | None = None) -> Any:
    """An AWS Organizations client (`enforce in organization`), with the Bedrock client's
    settings and retries. Organizations has one endpoint per partition; boto3 picks it from the
    Region. `AWS_ENDPOINT_URL_ORGANIZATIONS` overrides it."""
    try:
        session = boto3.Session(
            profile_name=settings.profile, region_name=settings.region or region
        )
        # no stubs for organizations are installed: boto3's overloads leave it `Any`
        return session.client("organizations", config=_config(session))
    except BotoCoreError as exc:
        raise AwsError("CreateClient", type(exc).__name__, str(exc), "organizations") from None


@contextmanager
def aws_errors(operation: str) -> Iterator[None]:
    """Turn botocore's errors raised inside the block (after its retries) into `AwsError`."""
    try:
        yield
    except ClientError as exc:
        error = exc.response.get("Error", {})
        raise AwsError(
            operation, str(error.get("Code", "Unknown")), str(error.get("Message", exc))
        ) from None
    except BotoCoreError as exc:
        raise AwsError(operation, type(exc).__name__, str(exc)) from None


def call(operation: str, fn: Callable[..., T], /, **params: Any) -> T:
    """`fn(**params)`, with botocore's errors turned into `AwsError`."""
    with aws_errors(operation):
        return fn(**params)


def remote_json(text: str) -> Any:
    """A JSON document an AWS API returned (a policy's content, a resource policy), parsed.
    Whoever may edit it in AWS chose its text: ValueError when it is not JSON, nested deeper
    than Python parses, or holds a number of more digits than Python converts, never a crash."""
    import json  # noqa: PLC0415 - only where a document is read

    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply to parse") from None
