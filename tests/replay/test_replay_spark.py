"""The Spark engine on a local master: the same summary as the local engine, rows as Parquet.

Skipped as a whole when PySpark (the [spark] extra) is not installed: `make test` runs this
module again in .venv-spark, where it is (Makefile, test-spark). One SparkSession serves the
whole module (starting the JVM takes seconds); run it without xdist.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.replay_records import families, jsonl

pytest.importorskip("pyspark")

from compiler.cli import main
from compiler.replay import local
from compiler.replay.core import Spec
from compiler.replay.report import document
from compiler.replay.sources import read_all
from compiler.replay.summary import PRICES

CANDIDATE = """\
use stdlib.topics

guardrail "shop":
  on blocked input say "Sorry, I can only help with orders."
  deny topic "Investment advice"
  block words "free refund hack" on input
  mask email addresses on output
"""
BASELINE = """\
guardrail "shop":
  on blocked input say "Sorry, I can only help with orders."
  block words "free refund hack" on input
"""


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    from compiler.replay.spark import session

    built = session("local[2]")
    yield built
    built.stop()


def _plan(source: str) -> dict[str, Any]:
    from compiler.diagnostics.sink import Diagnostics
    from compiler.pipeline import load_text
    from compiler.targets.evaluator import plan

    sink = Diagnostics()
    guardrail = load_text(source, sink, "shop.guard").policy.guardrail("shop")
    assert guardrail is not None and not sink.has_errors
    return dict(plan(guardrail))


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("spark-logs")
    records = list(families().values())
    hour = root / "2026" / "11" / "30"
    hour.mkdir(parents=True)
    for n in range(3):
        data = jsonl(records[n * 4 : n * 4 + 4] * 5).encode()
        (hour / f"part-{n}.json.gz").write_bytes(gzip.compress(data))
    broken = gzip.compress(jsonl(records[:4]).encode())
    (hour / "cut.json.gz").write_bytes(broken[: len(broken) // 2])
    (root / "requests.jsonl").write_text(
        '{"source": "INPUT", "text": "Tell me the free refund hack"}\nnot json\n'
    )
    return root


@pytest.mark.parametrize("baseline", [None, BASELINE])
def test_spark_and_local_give_the_same_summary(
    spark: Any, logs: Path, baseline: str | None
) -> None:
    from compiler.replay.spark import replay_on

    spec = Spec(_plan(CANDIDATE), _plan(baseline) if baseline else None)
    here = local.run(spec, read_all([str(logs)]), 2, 7)
    there = replay_on(spark, spec, [str(logs)], 7, None)
    mine, theirs = (document(s, "shop", "x", PRICES) for s in (here, there))
    assert mine == theirs
    assert mine["unreadable"]["count"] == 2  # the cut gzip stream and the line that is not JSON
    assert mine["changes"]["count"] > 7 and len(mine["changes"]["shown"]) == 7


def test_the_command_writes_parquet_rows_and_the_summary(
    spark: Any, logs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "shop.guard").write_text(CANDIDATE)
    out = tmp_path / "out"
    args = ["replay", str(tmp_path / "shop.guard"), "--root", str(tmp_path), "--guardrail", "shop"]
    one_file = str(logs / "2026" / "11" / "30" / "part-0.json.gz")  # spread over both slots
    code = main(
        [*args, "--logs", one_file, "--engine", "spark", "--out", str(out), "--format", "json"]
    )
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert json.loads((out / "summary.json").read_text()) == doc
    rows = spark.read.parquet(str(out / "rows"))
    assert rows.count() == doc["texts"]["INPUT"] + doc["texts"]["OUTPUT"] == 40
    changed = rows.filter("changed").collect()
    assert len(changed) == doc["changes"]["count"]
    assert all(r["text"] and "jane.doe@example.com" not in r["text"] for r in changed)
