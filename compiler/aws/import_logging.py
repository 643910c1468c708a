"""A deployed model invocation logging configuration (GetModelInvocationLoggingConfiguration's
`loggingConfig`) → a `logging:` block. Pure: no AWS.

The block compiles back to the same PutModelInvocationLoggingConfiguration request
(`targets/invocation_logging.py` writes all five data flags, so `include` names exactly the
kinds the configuration turns on, and is left out for text alone, the language's default).
What the configuration does not hold — the log group's retention and key, the bucket's key, the
outside-change alarm — lives in CloudWatch Logs, S3 and CloudWatch, and is not read. A member
the block cannot say is an `Unexpressed` naming it (the same report as a guardrail's, E504).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .import_phrases import UnsayableError, quote
from .importer import Unexpressed

# the data flags in the language's order, with the word `include` uses
_DATA = (
    ("textDataDeliveryEnabled", "text"),
    ("imageDataDeliveryEnabled", "images"),
    ("embeddingDataDeliveryEnabled", "embeddings"),
    ("videoDataDeliveryEnabled", "video"),
    ("audioDataDeliveryEnabled", "audio"),
)
_KNOWN = {
    "": {"s3Config", "cloudWatchConfig", *(flag for flag, _ in _DATA)},
    "s3Config": {"bucketName", "keyPrefix"},
    "cloudWatchConfig": {"logGroupName", "roleArn", "largeDataDeliveryS3Config"},
    "cloudWatchConfig.largeDataDeliveryS3Config": {"bucketName", "keyPrefix"},
}


@dataclass
class ImportedLogging:
    """The `logging:` block's lines (the header line first) and what it could not say."""

    lines: list[str] = field(default_factory=list)
    unexpressed: list[Unexpressed] = field(default_factory=list)


def import_logging(
    config: Mapping[str, Any], account: str | None, region: str | None
) -> ImportedLogging:
    """The block for `config` (a deployed `loggingConfig`) in `account` and `region`."""
    out = ImportedLogging(lines=["logging:"])
    for where, known in _KNOWN.items():
        member = _member(config, where)
        for key in sorted(member):
            if key not in known:
                name = f"{where}.{key}" if where else key
                out.unexpressed.append(
                    Unexpressed(f"loggingConfig.{name}", "guardc does not know this member")
                )

    def line(text: str, where: str, *values: str | None) -> None:
        try:
            said = [quote(v) if v is not None else None for v in values]
        except UnsayableError as exc:
            out.unexpressed.append(Unexpressed(f"loggingConfig.{where}", str(exc)))
            return
        out.lines.append("  " + text.format(*said))

    if account is not None:
        line("account {}", "account", account)
    if region is not None:
        line("region {}", "region", region)
    for head, where in (
        ("deliver to bucket", "s3Config"),
        ("deliver large data to bucket", "cloudWatchConfig.largeDataDeliveryS3Config"),
    ):
        bucket = _member(config, where)
        if "bucketName" in bucket:
            prefix = bucket.get("keyPrefix")
            text = head + " {}" + (" prefix {}" if prefix else "")
            line(text, f"{where}.bucketName", bucket["bucketName"], prefix or None)
        if where == "s3Config":  # the log group's lines, in the order `fmt` writes them
            cloudwatch = _member(config, "cloudWatchConfig")
            if "logGroupName" in cloudwatch:
                group = cloudwatch["logGroupName"]
                line("deliver to log group {}", "cloudWatchConfig.logGroupName", group)
    kinds = [word for flag, word in _DATA if config.get(flag)]
    if kinds != ["text"]:
        if kinds:
            out.lines.append("  include " + ", ".join(kinds))
        else:
            out.unexpressed.append(
                Unexpressed("loggingConfig.textDataDeliveryEnabled", "the logs carry no data")
            )
    role = _member(config, "cloudWatchConfig").get("roleArn")
    if role is not None:
        line("delivered by role {}", "cloudWatchConfig.roleArn", role)
    return out


def _member(config: Mapping[str, Any], where: str) -> Mapping[str, Any]:
    found: Any = config
    for part in where.split(".") if where else ():
        found = found.get(part, {}) if isinstance(found, Mapping) else {}
    return found if isinstance(found, Mapping) else {}


__all__ = ["ImportedLogging", "import_logging"]
