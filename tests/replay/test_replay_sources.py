"""Reading sources: JSONL, gzip (whole and truncated), pretty JSON documents, folders, S3."""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.replay_records import families, jsonl
from compiler.replay.sources import Raw, SourceError, local_paths, raw_records, read_all

RECORDS = list(families().values())


def _lines(raws: list[Raw]) -> list[tuple[int, bool]]:
    return [(r.line, r.error is None) for r in raws]


def test_jsonl_lines_are_numbered_and_blank_lines_skipped(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(jsonl(RECORDS[:2]) + "\n" + jsonl(RECORDS[2:3]))
    raws = list(read_all([str(path)]))
    assert _lines(raws) == [(1, True), (2, True), (4, True)]
    assert raws[0].file == str(path)


def test_gzip_is_recognised_by_its_bytes_and_a_truncated_stream_is_one_error(
    tmp_path: Path,
) -> None:
    data = gzip.compress(jsonl(RECORDS[:3]).encode())
    (tmp_path / "whole.json.gz").write_bytes(data)
    (tmp_path / "noext").write_bytes(data)
    assert _lines(list(read_all([str(tmp_path / "noext")]))) == [(1, True), (2, True), (3, True)]
    (tmp_path / "cut.json.gz").write_bytes(data[: len(data) // 2])
    raws = list(read_all([str(tmp_path / "cut.json.gz")]))
    assert raws[-1].error is not None and "gzip" in raws[-1].error
    assert all(r.error is None for r in raws[:-1])


def test_a_pretty_printed_document_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(RECORDS[0], indent=2))
    raws = list(read_all([str(path)]))
    assert len(raws) == 1 and raws[0].line == 1 and raws[0].text is not None
    assert json.loads(raws[0].text) == RECORDS[0]


def test_bad_bytes_and_overlong_lines_are_errors_not_crashes() -> None:
    stream = io.BytesIO(b'{"a": 1}\n\xff\xfe\n' + b"x" * (5 * 1024 * 1024) + b"\n{}\n")
    raws = list(raw_records("mem", stream))
    assert _lines(raws) == [(1, True), (2, False), (3, False), (4, True)]
    assert "UTF-8" in (raws[1].error or "") and "longer" in (raws[2].error or "")


def test_folders_are_walked_in_name_order_for_log_suffixes(tmp_path: Path) -> None:
    day = tmp_path / "AWSLogs" / "111122223333" / "BedrockModelInvocationLogs" / "eu-west-1"
    (day / "2026" / "11" / "30" / "10").mkdir(parents=True)
    (day / "2026" / "11" / "30" / "09").mkdir(parents=True)
    for hour in ("09", "10"):
        target = day / "2026" / "11" / "30" / hour / f"20261130T{hour}00Z_abc.json.gz"
        target.write_bytes(gzip.compress(jsonl(RECORDS[:1]).encode()))
    (tmp_path / "README.md").write_text("not a log")
    (tmp_path / ".hidden.json").write_text("{}")
    found = local_paths([str(tmp_path)])
    assert [Path(f).parent.name for f in found] == ["09", "10"]
    with pytest.raises(SourceError, match="no such file"):
        local_paths([str(tmp_path / "missing")])


@pytest.fixture
def s3(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """An S3 client on moto's stand-in, path-style, because moto 5.2 does not answer the
    virtual-host style that botocore 1.44 uses by default (404 on CreateBucket)."""
    import boto3
    from botocore.config import Config
    from moto import mock_aws

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    with mock_aws():
        yield boto3.client(
            "s3", region_name="eu-west-1", config=Config(s3={"addressing_style": "path"})
        )


def _bucket(s3: Any, name: str) -> None:
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


@pytest.mark.parametrize("scheme", ["s3", "s3a", "s3n"])
def test_an_s3_prefix_is_listed_and_streamed(s3: Any, scheme: str) -> None:
    """Hadoop's `s3a://` and `s3n://` name the same bucket as `s3://` (a Spark job's URL works
    with the local engine too)."""
    _bucket(s3, "logs")
    prefix = "AWSLogs/111122223333/BedrockModelInvocationLogs/eu-west-1/2026/11/30/10/"
    s3.put_object(
        Bucket="logs", Key=prefix + "a.json.gz", Body=gzip.compress(jsonl(RECORDS[:2]).encode())
    )
    s3.put_object(Bucket="logs", Key=prefix + "b.json", Body=jsonl(RECORDS[2:3]) + "oops\n")
    s3.put_object(Bucket="logs", Key="elsewhere/c.json", Body=jsonl(RECORDS[:1]))
    raws = list(read_all([f"{scheme}://logs/{prefix}"], s3))
    assert [(r.file.rsplit("/", 1)[1], r.line, r.error is None) for r in raws] == [
        ("a.json.gz", 1, True),
        ("a.json.gz", 2, True),
        ("b.json", 1, True),
        ("b.json", 2, True),
    ]
    assert raws[0].file.startswith("s3://logs/AWSLogs/")


def test_an_s3_bucket_that_cannot_be_listed_is_an_aws_failure(s3: Any) -> None:
    with pytest.raises(SourceError) as caught:
        list(read_all(["s3://no-such-bucket/x"], s3))
    assert caught.value.aws


def test_put_s3_writes_the_object_and_a_refusal_is_an_aws_failure(s3: Any) -> None:
    from compiler.replay.sources import put_s3

    _bucket(s3, "results")
    put_s3("s3a://results/run-1/summary.json", '{"a": 1}\n', s3)
    assert s3.get_object(Bucket="results", Key="run-1/summary.json")["Body"].read() == b'{"a": 1}\n'
    with pytest.raises(SourceError) as caught:
        put_s3("s3://no-such-bucket/summary.json", "{}", s3)
    assert caught.value.aws
