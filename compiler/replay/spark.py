"""The `spark` engine: the same replay as a PySpark job (the optional `guardc[spark]` extra).

The driver ships the `Spec` (the evaluator plans as JSON data, a few hundred kilobytes at most)
to the executors once, as a broadcast variable. Each input file is read whole by one task
(`binaryFiles`: Bedrock's S3 delivery writes many small gzip files, and a gzip stream cannot be
split anyway) with the local engine's reader (`sources.raw_records`), so both engines see the
same lines with the same locations; when there are fewer files than task slots, the lines are
spread over the slots first. Each partition is judged with `core.judge_all` (the evaluators are
built once per Python worker and kept), the rows are written as Parquet under `--out`
(`OUT/rows/`), and a `summary.Summary` per partition is merged on the driver. The summary is the
local engine's, row for row (tests/replay/test_replay_spark.py checks it).

Inputs are local paths (files or folders, listed on the driver with the local engine's rules)
or Hadoop URLs (`s3a://bucket/prefix/`, read recursively; `s3://` is taken as `s3a://`). On a
cluster the executors need guardc importable (`pip install guardc` in the image, or
`spark-submit --py-files`) and the master comes from `spark-submit`; `scripts/replay_spark.py` is
the job file to submit. Only this module imports PySpark.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pyspark import StorageLevel
from pyspark.sql import SparkSession
from pyspark.sql.types import (
    ArrayType,
    BooleanType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from .core import Row, Spec, judge_all
from .local import batches
from .sources import Raw, is_s3, local_paths, raw_records
from .summary import Summary

ROW_SCHEMA = StructType(
    [
        StructField("file", StringType(), False),
        StructField("line", LongType(), False),
        StructField("sub", LongType(), False),
        StructField("timestamp", StringType(), False),
        StructField("source", StringType(), False),
        StructField("error", StringType(), False),
        StructField("verdict", StringType(), False),
        StructField("output", StringType(), False),
        StructField("rules", ArrayType(StringType(), False), False),
        StructField("base_verdict", StringType(), False),
        StructField("base_output", StringType(), False),
        StructField("base_rules", ArrayType(StringType(), False), False),
        StructField("changed", BooleanType(), False),
        StructField("text", StringType(), False),
        StructField("units", ArrayType(LongType(), False), False),
    ]
)


def session(master: str | None = None) -> SparkSession:
    """The running SparkSession, or a new one (`master`, else spark-submit's, else local[*])."""
    builder = SparkSession.builder.appName("guardc-replay")
    chosen = master or os.environ.get("SPARK_MASTER")
    if chosen:
        builder = builder.master(chosen)
    if (chosen or "local").startswith("local"):  # workers: this interpreter, which has guardc
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    built = builder.config("spark.ui.enabled", "false").getOrCreate()
    built.sparkContext.setLogLevel("WARN")
    return built


def _inputs(sources: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """Hadoop paths to read, and each local file's name as the local engine reports it."""
    paths: list[str] = []
    names: dict[str, str] = {}
    for source in sources:
        if is_s3(source) or "://" in source:
            paths.append("s3a://" + source.partition("://")[2] if is_s3(source) else source)
            continue
        for name in local_paths([source]):
            absolute = os.path.abspath(name)
            names[absolute] = os.path.normpath(name)
            paths.append("file://" + absolute)
    return paths, names


def _hadoop_path(path: str) -> str:
    """A local file's path from Hadoop's `file:/x` or `file:///x`; other URLs unchanged."""
    if path.startswith("file:"):
        return "/" + path[len("file:") :].lstrip("/")
    return path


def _read(names: dict[str, str]) -> Any:
    def read(pair: tuple[str, bytes]) -> Iterator[Raw]:
        path = _hadoop_path(pair[0])
        return raw_records(names.get(path, path), io.BytesIO(pair[1]))

    return read


def _judge(spec: Any) -> Any:
    def judge(raws: Iterable[Raw]) -> Iterator[Row]:
        value: Spec = spec.value
        for batch in batches(raws):
            yield from judge_all(value, batch)

    return judge


def _add(summary: Summary, row: Row) -> Summary:
    summary.add(row)
    return summary


def _merge(left: Summary, right: Summary) -> Summary:
    return left.merge(right)


def replay_on(
    spark: SparkSession, spec: Spec, sources: Sequence[str], limit: int, out: str | None
) -> Summary:
    """The summary of the replay of `sources` on `spark`; with `out`, rows in OUT/rows/."""
    context = spark.sparkContext
    paths, names = _inputs(sources)
    if not paths:
        return Summary(limit)
    hadoop = context._jsc.hadoopConfiguration()
    hadoop.set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
    slots = context.defaultParallelism
    files = context.binaryFiles(",".join(paths), minPartitions=slots)
    raws = files.flatMap(_read(names))
    if files.getNumPartitions() < slots:
        raws = raws.repartition(slots)
    rows = raws.mapPartitions(_judge(context.broadcast(spec)))
    if out is not None:
        rows = rows.persist(StorageLevel.MEMORY_AND_DISK)
        frame = spark.createDataFrame(rows.map(tuple), ROW_SCHEMA)
        frame.write.mode("overwrite").parquet(os.path.join(out, "rows"))
    summary: Summary = rows.treeAggregate(Summary(limit), _add, _merge)
    if out is not None:
        rows.unpersist()
    return summary.finish()


class SparkJobError(Exception):
    """The Spark job failed (its first line says why; Spark's log has the rest)."""


def run_spark(
    spec: Spec, sources: Sequence[str], limit: int, out: str | None, master: str | None
) -> Summary:
    """`guardc replay --engine spark`: the replay on the running (or a new) SparkSession."""
    from py4j.protocol import Py4JError  # noqa: PLC0415 - comes with pyspark
    from pyspark.errors import PySparkException  # noqa: PLC0415

    try:
        return replay_on(session(master), spec, sources, limit, out)
    except (PySparkException, Py4JError) as exc:
        first = str(exc).strip().splitlines()[:1]
        raise SparkJobError(first[0] if first else type(exc).__name__) from exc
