"""The Spark engine reading `s3a://` (and `s3://`, taken as `s3a://`) from moto's S3 server.

`make test-spark` runs it in .venv-spark with Hadoop's S3 connector: hadoop-aws 3.3.1 and the
AWS SDK for Java bundle 1.11.901, taken from sagemaker-pyspark's source archive on PyPI (Maven
Central is not reachable here; Makefile, S3A_STAMP). PySpark 4 ships Hadoop 3.5's client, so
the connector is older than the client: the settings below keep it working (numbers where Hadoop
3.5's defaults say "60s", and a credentials provider of SDK v1). A cluster (EMR, Glue) brings a
matching connector and needs none of them. The local engine reads the same objects with boto3,
and both engines must report the same summary.

Skipped as a whole where PySpark is not installed (the main venv); where it is, missing jars
fail with the command to run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.replay_records import families, jsonl

pytest.importorskip("pyspark")

from compiler.cli import main

CANDIDATE = """\
use stdlib.topics

guardrail "shop":
  on blocked input say "Sorry, I can only help with orders."
  deny topic "Investment advice"
  mask email addresses on output
"""
CONNECTOR = {  # Hadoop settings for hadoop-aws 3.3.1 under Hadoop 3.5's defaults (see above)
    "fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
    "fs.s3a.aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
    "fs.s3a.access.key": "AKIDMOTO",
    "fs.s3a.secret.key": "moto-secret",
    "fs.s3a.path.style.access": "true",
    "fs.s3a.connection.ssl.enabled": "false",
    "fs.s3a.threads.keepalivetime": "60",
    "fs.s3a.connection.establish.timeout": "30000",
    "fs.s3a.connection.timeout": "200000",
    "fs.s3a.multipart.purge.age": "86400",
}


def jars() -> list[str]:
    """The connector's jars, named by GUARDC_S3A_JARS (comma-separated; the Makefile sets it)."""
    named = [j for j in os.environ.get("GUARDC_S3A_JARS", "").split(",") if j]
    if not named or not all(Path(j).is_file() for j in named):
        pytest.fail(
            "hadoop-aws and the AWS SDK bundle are missing: run `make test-spark` "
            f"(GUARDC_S3A_JARS={os.environ.get('GUARDC_S3A_JARS', '')!r})"
        )
    return named


@pytest.fixture(scope="module")
def s3() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1 holding two log files, its URL in the process's AWS
    settings so that boto3 (the local engine) reads it too."""
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    settings = {
        "AWS_ENDPOINT_URL_S3": url,
        "AWS_ACCESS_KEY_ID": CONNECTOR["fs.s3a.access.key"],
        "AWS_SECRET_ACCESS_KEY": CONNECTOR["fs.s3a.secret.key"],
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    saved = {k: os.environ.get(k) for k in settings}
    os.environ.update(settings)
    client = boto3.client("s3")
    client.create_bucket(Bucket="logs")
    client.create_bucket(Bucket="results")
    records = list(families().values())
    day = "AWSLogs/111122223333/BedrockModelInvocationLogs/us-east-1/2026/11/30"
    client.put_object(Bucket="logs", Key=f"{day}/10/a.json", Body=jsonl(records[:5]).encode())
    client.put_object(Bucket="logs", Key=f"{day}/11/b.json", Body=jsonl(records[5:]).encode())
    yield url
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="module")
def spark(s3: str) -> Any:
    """The session with the connector: a new one with the jars, or the running one (started by
    test_replay_spark.py under PYSPARK_SUBMIT_ARGS, which the Makefile sets to the same jars)."""
    from py4j.protocol import Py4JJavaError
    from pyspark.sql import SparkSession

    named = jars()
    running = SparkSession.getActiveSession()
    built = running or (
        SparkSession.builder.master("local[2]")
        .config("spark.jars", ",".join(named))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    hadoop = built.sparkContext._jsc.hadoopConfiguration()
    for key, value in {**CONNECTOR, "fs.s3a.endpoint": s3}.items():
        hadoop.set(key, value)
    try:
        hadoop.getClassByName(CONNECTOR["fs.s3a.impl"])  # Spark's class loader, as Hadoop uses
    except Py4JJavaError:  # a ClassNotFoundException
        pytest.fail("the running SparkSession has no hadoop-aws: run `make test-spark`")
    return built


def replay(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    (root / "candidate.guard").write_text(CANDIDATE)
    head = ["replay", str(root / "candidate.guard"), "--root", str(root), "--guardrail", "shop"]
    code = main([*head, "--format", "json", *args])
    out = capsys.readouterr()
    assert code == 0, out.err
    result: dict[str, Any] = json.loads(out.out)
    return result


def without_locations(doc: dict[str, Any]) -> dict[str, Any]:
    """The summary less the locations, which name the scheme each engine read through."""
    return {
        **doc,
        "changes": {
            **doc["changes"],
            "shown": [
                {k: v for k, v in c.items() if k != "location"} for c in doc["changes"]["shown"]
            ],
        },
    }


def test_spark_reads_s3_through_s3a_and_writes_parquet_there_as_the_local_engine_reads_it(
    spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--logs s3a://` is read with boto3 by the local engine and by Spark's Hadoop connector;
    the summaries agree, and `--out s3a://` receives both the Parquet rows and summary.json."""
    import boto3

    monkeypatch.chdir(tmp_path)
    logs = ["--logs", "s3a://logs/AWSLogs/111122223333/BedrockModelInvocationLogs/"]
    local = replay(tmp_path, capsys, *logs, "--workers", "1")
    out = "s3a://results/replay-2026-11"
    there = replay(tmp_path, capsys, *logs, "--engine", "spark", "--out", out)
    assert local["texts"] == {"INPUT": 12, "OUTPUT": 12}
    assert local["changes"]["count"] == 24
    assert without_locations(there) == without_locations(local)
    assert {c["location"][:5] for c in local["changes"]["shown"]} == {"s3://"}
    assert {c["location"][:6] for c in there["changes"]["shown"]} == {"s3a://"}
    stored = boto3.client("s3").get_object(Bucket="results", Key="replay-2026-11/summary.json")
    assert without_locations(json.loads(stored["Body"].read())) == without_locations(there)
    assert not list(tmp_path.glob("s3a*")), "no local folder named after the URL"
    rows = spark.read.parquet(f"{out}/rows")
    assert rows.count() == 24
    assert {r["source"] for r in rows.select("source").collect()} == {"INPUT", "OUTPUT"}
