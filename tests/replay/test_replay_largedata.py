"""Bodies Bedrock delivered to S3 as large data (`inputBodyS3Path`, `outputBodyS3Path`): read
with boto3 against moto's S3 when the source is `s3://` or with `--fetch-large-data`, and an
unreadable one counted with its location, never fatal."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.replay_records import ANSWER, PROMPT, families, jsonl
from compiler.cli import main
from compiler.replay import core, sources
from compiler.replay.largedata import LargeData
from compiler.replay.records import RecordError

GUARD = """\
use stdlib.topics

guardrail "shop":
  deny topic "Investment advice"
  mask email addresses on output
"""
BUCKET = "bedrock-logs"
DATA = "AWSLogs/111122223333/BedrockModelInvocationLogs/eu-west-1/2026/11/30/10/data/"


def offloaded(n: int, *, answer_key: str | None = None) -> dict[str, Any]:
    """A Converse record whose bodies Bedrock delivered to S3 (as a large body is logged)."""
    record = families()["converse"]
    record["requestId"] = f"req-{n}"
    del record["input"]["inputBodyJson"]
    del record["output"]["outputBodyJson"]
    record["input"]["inputBodyS3Path"] = f"s3://{BUCKET}/{DATA}req-{n}_input.json.gz"
    key = answer_key or f"req-{n}_output.json.gz"
    record["output"]["outputBodyS3Path"] = f"s3://{BUCKET}/{DATA}{key}"
    return record


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """moto's S3 holding the bodies of record 1 (gzip) and a body that is not JSON; replay's
    own client factory returns a client for it (path-style: see test_replay_sources.py)."""
    import boto3
    from botocore.config import Config
    from moto import mock_aws

    for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(key, "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.setattr(core, "_BUILT", {})  # no evaluator (and client) from another test
    with mock_aws():
        config = Config(s3={"addressing_style": "path"})
        client = boto3.client("s3", region_name="eu-west-1", config=config)
        monkeypatch.setattr(sources, "s3_client", lambda: client)
        client.create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
        bodies = families()["converse"]
        for side, key in (("input", "inputBodyJson"), ("output", "outputBodyJson")):
            body = gzip.compress(json.dumps(bodies[side][key]).encode())
            client.put_object(Bucket=BUCKET, Key=f"{DATA}req-1_{side}.json.gz", Body=body)
        client.put_object(Bucket=BUCKET, Key=f"{DATA}req-3_input.json.gz", Body=b"<html>")
        yield client


def replay_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, logs: str, *extra: str
) -> dict[str, Any]:
    (tmp_path / "shop.guard").write_text(GUARD, encoding="utf-8")
    argv = ["replay", str(tmp_path / "shop.guard"), "--guardrail", "shop", "--logs", logs]
    code = main([*argv, "--format", "json", "--show-text", "--workers", "1", *extra])
    out, err = capsys.readouterr()
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def three_records(folder: Path) -> Path:
    """Record 1: both bodies in S3; 2: its answer's object is missing; 3: its prompt's object
    is not JSON."""
    path = folder / "logs.jsonl"
    records = [offloaded(1), offloaded(2, answer_key="gone.json.gz"), offloaded(3)]
    records[1]["input"] = families()["converse"]["input"]  # prompt inline, answer offloaded
    path.write_text(jsonl(records), encoding="utf-8")
    return path


def test_a_local_log_needs_the_flag_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --fetch-large-data a local replay never calls AWS: the records are unreadable,
    each with its location and the flag that reads it."""
    logs = three_records(tmp_path)
    doc = replay_json(capsys, tmp_path, str(logs))
    assert doc["unreadable"]["count"] == 3
    shown = doc["unreadable"]["shown"]
    assert [s["location"] for s in shown] == [f"{logs}:1", f"{logs}:2", f"{logs}:3"]
    assert all("--fetch-large-data" in s["message"] for s in shown)
    assert "delivered to S3 as large data" in shown[1]["message"]
    assert doc["texts"] == {"INPUT": 0, "OUTPUT": 0}


def test_with_the_flag_the_bodies_are_read_and_the_bad_ones_counted(
    s3: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    logs = three_records(tmp_path)
    doc = replay_json(
        capsys, tmp_path, str(logs), "--fetch-large-data", "--large-data-bucket", BUCKET
    )
    assert doc["texts"] == {"INPUT": 1, "OUTPUT": 1}  # record 1, read from S3
    changed = {c["source"]: c for c in doc["changes"]["shown"]}
    assert changed["INPUT"]["text"] == PROMPT
    assert changed["INPUT"]["new"]["rules"] == ['topic "Investment advice"']
    assert changed["OUTPUT"]["text"] == ANSWER
    assert changed["OUTPUT"]["new"]["verdict"] == "masked"
    problems = {p["location"]: p["message"] for p in doc["unreadable"]["shown"]}
    assert doc["unreadable"]["count"] == 2
    assert "NoSuchKey" in problems[f"{logs}:2"] and "gone.json.gz" in problems[f"{logs}:2"]
    assert "is not JSON" in problems[f"{logs}:3"]


def test_an_s3_source_reads_its_large_data_without_the_flag(
    s3: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    prefix = DATA.removesuffix("data/")
    s3.put_object(
        Bucket=BUCKET,
        Key=f"{prefix}log.json.gz",
        Body=gzip.compress(jsonl([offloaded(1)]).encode()),
    )
    doc = replay_json(capsys, tmp_path, f"s3://{BUCKET}/{prefix}log")
    assert (doc["texts"], doc["unreadable"]["count"]) == ({"INPUT": 1, "OUTPUT": 1}, 0)


def test_a_body_too_big_or_not_s3_is_a_record_error(
    s3: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from compiler.replay import largedata

    big = gzip.compress(b"[" + b"0," * 40 + b"0]")
    s3.put_object(Bucket=BUCKET, Key="big.json.gz", Body=big)
    read = LargeData([BUCKET], s3)
    assert read(f"s3://{BUCKET}/big.json.gz") == [0] * 41
    monkeypatch.setattr(largedata, "MAX_BODY_BYTES", 20)
    with pytest.raises(RecordError, match="over 20 bytes"):
        read(f"s3://{BUCKET}/big.json.gz")
    with pytest.raises(RecordError, match="not s3://"):
        read("https://example.com/body.json")
    with pytest.raises(RecordError, match="corrupt gzip"):
        largedata.parse_body("s3://b/k", b"\x1f\x8bnot gzip at all")


LOGGING = f"""
logging:
  account "111122223333"
  region "eu-west-1"
  deliver to log group "/aws/bedrock/invocations"
  deliver large data to bucket "{BUCKET}" prefix "large/"
  delivered by role "arn:aws:iam::111122223333:role/bedrock-logging"
"""


def test_the_logging_blocks_bucket_is_read_without_naming_it(
    s3: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The policy's own logging block says where its large data goes: --fetch-large-data
    alone reads from there."""
    logs = three_records(tmp_path)
    (tmp_path / "shop.guard").write_text(GUARD + LOGGING, encoding="utf-8")
    argv = ["replay", str(tmp_path / "shop.guard"), "--guardrail", "shop", "--logs", str(logs)]
    assert main([*argv, "--format", "json", "--workers", "1", "--fetch-large-data"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["texts"] == {"INPUT": 1, "OUTPUT": 1}


def test_a_body_in_a_bucket_replay_was_not_given_is_not_read(
    s3: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A log record is untrusted: an address in another bucket would read, with the caller's
    credentials, any JSON object the role can reach. It is not fetched (no GetObject at all)."""
    where = {"LocationConstraint": "eu-west-1"}
    s3.create_bucket(Bucket="secrets", CreateBucketConfiguration=where)
    secret = {"messages": [{"role": "user", "content": [{"text": "TOPSECRET"}]}]}
    s3.put_object(Bucket="secrets", Key="prod.json", Body=json.dumps(secret).encode())
    record = offloaded(1)
    record["input"]["inputBodyS3Path"] = "s3://secrets/prod.json"
    logs = tmp_path / "logs.jsonl"
    logs.write_text(jsonl([record]), encoding="utf-8")
    calls: list[str] = []
    s3.meta.events.register("before-call.s3.GetObject", lambda **kw: calls.append("get"))
    doc = replay_json(
        capsys, tmp_path, str(logs), "--fetch-large-data", "--large-data-bucket", BUCKET
    )
    assert doc["unreadable"]["count"] == 1
    message = doc["unreadable"]["shown"][0]["message"]
    assert "bucket `secrets`, which is not one replay reads from" in message
    assert "TOPSECRET" not in json.dumps(doc)
    assert calls == []  # refused before any GetObject (the record stops at its prompt)


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (("--fetch-large-data",), "no bucket to read bodies from"),
        (("--large-data-bucket", "Not_A_Bucket"), "is not an S3 bucket name"),
        (("--large-data-bucket", "a..b"), "is not an S3 bucket name"),
    ],
)
def test_fetching_with_no_bucket_or_a_bad_name_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: tuple[str, ...], says: str
) -> None:
    logs = three_records(tmp_path)
    (tmp_path / "shop.guard").write_text(GUARD, encoding="utf-8")
    argv = ["replay", str(tmp_path / "shop.guard"), "--guardrail", "shop", "--logs", str(logs)]
    code = main([*argv, *extra])
    assert code == 2
    assert says in capsys.readouterr().err
