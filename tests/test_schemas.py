"""The JSON schemas the project publishes are valid draft 2020-12 and agree with the code."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from compiler.aws.lockfile import LockFileError, parse

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
ARN = "arn:aws:bedrock:us-east-1:111122223333:guardrail/abc123def456"
SHA = "0123456789abcdef" * 4
GOOD_LOCK: dict[str, Any] = {
    "version": 1,
    "guardrails": {
        "support-bot": {"id": "abc123def456", "arn": ARN, "version": "3", "payload_sha256": SHA},
        "draft-only": {
            "id": "zzz999",
            "arn": ARN.replace("abc123def456", "zzz999"),
            "payload_sha256": SHA,
        },
    },
}


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize(
    "name", ["diagnostics.schema.json", "eval-error.schema.json", "lock.schema.json"]
)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = _schema(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def _mutations() -> list[tuple[str, Any]]:
    def entry(**changes: Any) -> Any:
        def apply(lock: dict[str, Any]) -> None:
            lock["guardrails"]["support-bot"].update(changes)

        return apply

    def drop(key: str) -> Any:
        return lambda lock: lock["guardrails"]["support-bot"].pop(key)

    return [
        ("version 3", lambda lock: lock.update(version=3)),
        (
            "environment entry malformed",
            lambda lock: lock.update(environments={"prod": {"guardrails": {"g": {"id": "x"}}}}),
        ),
        ("version as string", lambda lock: lock.update(version="1")),
        ("extra top-level key", lambda lock: lock.update(extra=True)),
        ("extra entry key", entry(region="us-east-1")),
        ("missing id", drop("id")),
        ("missing arn", drop("arn")),
        ("missing payload hash", drop("payload_sha256")),
        ("uppercase id", entry(id="ABC")),
        ("arn of another service", entry(arn="arn:aws:iam::111122223333:role/x")),
        ("versioned arn", entry(arn=ARN + ":3")),
        ("version zero", entry(version="0")),
        ("version as number", entry(version=3)),
        ("short hash", entry(payload_sha256="abc")),
        ("uppercase hash", entry(payload_sha256=SHA.upper())),
    ]


def test_lock_schema_accepts_what_the_reader_accepts() -> None:
    jsonschema.validate(GOOD_LOCK, _schema("lock.schema.json"))
    lock = parse(json.dumps(GOOD_LOCK))
    assert lock.guardrails["support-bot"].version == "3"
    nulled = copy.deepcopy(GOOD_LOCK)
    nulled["guardrails"]["support-bot"]["version"] = None
    jsonschema.validate(nulled, _schema("lock.schema.json"))
    assert parse(json.dumps(nulled)).guardrails["support-bot"].version is None
    empty = {"version": 1}  # a project whose guardrails were never applied
    jsonschema.validate(empty, _schema("lock.schema.json"))
    assert parse(json.dumps(empty)).guardrails == {}


@pytest.mark.parametrize(("why", "mutate"), _mutations(), ids=[m[0] for m in _mutations()])
def test_lock_schema_and_reader_reject_the_same_files(why: str, mutate: Any) -> None:
    bad = copy.deepcopy(GOOD_LOCK)
    mutate(bad)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, _schema("lock.schema.json"))
    with pytest.raises(LockFileError):
        parse(json.dumps(bad))
