"""`aws/import_logging.py`: a deployed logging configuration → a `logging:` block that
compiles back to the same PutModelInvocationLoggingConfiguration request, and E504-style
reports for what the block cannot say. Pure: no AWS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compiler.aws.import_logging import import_logging
from compiler.diagnostics.sink import Diagnostics
from compiler.pipeline import load
from compiler.targets.invocation_logging import request

ROLE = "arn:aws:iam::111122223333:role/service/bedrock-logging"
FLAGS = {
    "textDataDeliveryEnabled": True,
    "imageDataDeliveryEnabled": False,
    "embeddingDataDeliveryEnabled": False,
    "videoDataDeliveryEnabled": False,
    "audioDataDeliveryEnabled": False,
}
CONFIGS: dict[str, dict[str, Any]] = {
    "bucket only": {"s3Config": {"bucketName": "acme-logs"}, **FLAGS},
    "bucket with prefix": {
        "s3Config": {"bucketName": "acme-logs", "keyPrefix": "bedrock/"},
        **FLAGS,
    },
    "log group, role, large data, more kinds": {
        "cloudWatchConfig": {
            "logGroupName": "/aws/bedrock/invocations",
            "roleArn": ROLE,
            "largeDataDeliveryS3Config": {"bucketName": "acme-large", "keyPrefix": "large/"},
        },
        **FLAGS,
        "imageDataDeliveryEnabled": True,
        "audioDataDeliveryEnabled": True,
    },
    "both destinations": {
        "s3Config": {"bucketName": "acme-logs"},
        "cloudWatchConfig": {"logGroupName": "/aws/bedrock/invocations", "roleArn": ROLE},
        **FLAGS,
    },
}


def _compiled(tmp_path: Path, lines: list[str]) -> dict[str, Any]:
    source = tmp_path / "logs.guard"
    source.write_text("\n".join(lines) + "\n")
    sink = Diagnostics()
    (block,) = load([source], sink).policy.logging
    assert not sink.items, [d.message for d in sink.items]
    return request(block)


@pytest.mark.parametrize("name", sorted(CONFIGS))
def test_the_block_compiles_back_to_the_deployed_request(tmp_path: Path, name: str) -> None:
    config = CONFIGS[name]
    imported = import_logging(config, "111122223333", "us-east-1")
    assert imported.unexpressed == []
    assert imported.lines[:3] == ["logging:", '  account "111122223333"', '  region "us-east-1"']
    assert _compiled(tmp_path, imported.lines) == {"loggingConfig": config}


def test_include_is_left_out_for_text_alone_and_lists_the_kinds_otherwise() -> None:
    text_only = import_logging(CONFIGS["bucket only"], None, None).lines
    assert not any(line.strip().startswith("include") for line in text_only)
    more = import_logging(CONFIGS["log group, role, large data, more kinds"], None, None).lines
    assert "  include text, images, audio" in more


def test_what_the_block_cannot_say_is_reported_by_member() -> None:
    config = {
        "s3Config": {"bucketName": "acme-logs", "expectedBucketOwner": "111122223333"},
        "newMember": True,
        **{flag: False for flag in FLAGS},
    }
    imported = import_logging(config, None, "us-east-1")
    assert [(u.field, u.reason) for u in imported.unexpressed] == [
        ("loggingConfig.newMember", "guardc does not know this member"),
        ("loggingConfig.s3Config.expectedBucketOwner", "guardc does not know this member"),
        ("loggingConfig.textDataDeliveryEnabled", "the logs carry no data"),
    ]
    assert '  deliver to bucket "acme-logs"' in imported.lines  # the rest is still written
