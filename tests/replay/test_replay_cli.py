"""`guardc replay` end to end: every log shape, the baseline delta, masking, reports, engines."""

from __future__ import annotations

import gzip
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from benchmarks.replay_records import ANSWER, PROMPT, families, jsonl
from compiler.cli import main

CANDIDATE = """\
use stdlib.topics

guardrail "shop":
  on blocked input say "Sorry, I can only help with orders."
  on blocked output say "Sorry, I cannot share that."
  deny topic "Investment advice"
  block words "free refund hack" on input
  mask email addresses on output
"""
BASELINE = """\
guardrail "shop":
  on blocked input say "Sorry, I can only help with orders."
  on blocked output say "Sorry, I cannot share that."
  block words "free refund hack" on input
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "candidate.guard").write_text(CANDIDATE)
    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "baseline.guard").write_text(BASELINE)
    logs = tmp_path / "logs"
    logs.mkdir()
    records = list(families().values())
    (logs / "a.json.gz").write_bytes(gzip.compress(jsonl(records[:6]).encode()))
    extra = '{"source": "INPUT", "text": "Tell me the free refund hack"}\n{"truncated": \n'
    (logs / "b.jsonl").write_text(jsonl(records[6:]) + extra)
    return tmp_path


def replay(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    """Exit code and stdout of a replay of the project's logs (stderr is left to read)."""
    args = ["replay", str(project / "candidate.guard"), "--root", str(project)]
    code = main([*args, "--guardrail", "shop", "--logs", str(project / "logs"), *extra])
    out = capsys.readouterr()
    import sys

    sys.stderr.write(out.err)
    return code, out.out


SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "schemas" / "replay.schema.json").read_text()
)


def doc(project: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    """The JSON report of a replay, checked against schemas/replay.schema.json."""
    code, out = replay(project, capsys, "--format", "json", *extra)
    assert code == 0
    result: dict[str, Any] = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(result, SCHEMA)
    return result


def test_every_shape_is_judged_and_the_baseline_delta_names_the_rule(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    n = len(families())
    got = doc(
        project, capsys, "--baseline", str(project / "base" / "baseline.guard"), "--workers", "1"
    )
    assert got["texts"] == {"INPUT": n + 1, "OUTPUT": n}
    assert got["verdicts"]["candidate"]["INPUT"] == {"allowed": 0, "blocked": n + 1, "masked": 0}
    assert got["verdicts"]["baseline"]["INPUT"] == {"allowed": n, "blocked": 1, "masked": 0}
    assert got["verdicts"]["candidate"]["OUTPUT"]["masked"] == n
    assert got["unreadable"]["count"] == 1
    assert got["unreadable"]["shown"][0]["location"].endswith("b.jsonl:8")
    changes = got["changes"]
    assert changes["count"] == 2 * n  # the word was blocked before too: not a change
    by_side = {c["source"]: c for c in changes["shown"]}
    assert by_side["INPUT"]["now"] == ['topic "Investment advice"']
    assert by_side["INPUT"]["text"] == PROMPT
    assert by_side["OUTPUT"]["now"] == ["pii email addresses on output"]
    rules = {
        (i["rule"], i["direction"]): (i["count"], i["baseline_count"]) for i in got["interventions"]
    }
    assert rules[('word "free refund hack"', "input")] == (1, 1)
    assert rules[('topic "Investment advice"', "input")] == (n, 0)
    assert rules[("pii email addresses on output", "output")] == (n, 0)


def test_texts_in_reports_are_pii_masked_unless_asked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    masked = doc(project, capsys, "--workers", "1")
    outputs = [c for c in masked["changes"]["shown"] if c["source"] == "OUTPUT"]
    assert outputs and all("jane.doe@example.com" not in c["text"] for c in outputs)
    assert outputs[0]["text"] == ANSWER.replace("jane.doe@example.com", "{EMAIL}")
    shown = doc(project, capsys, "--workers", "1", "--show-text")
    assert any(c["text"] == ANSWER for c in shown["changes"]["shown"])


def test_one_and_two_workers_give_the_same_report(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = doc(project, capsys, "--workers", "1", "--limit", "3")
    two = doc(project, capsys, "--workers", "2", "--limit", "3")
    assert one == two
    assert len(one["changes"]["shown"]) == 3 and one["changes"]["count"] > 3


def test_cost_counts_text_units_at_the_given_prices(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    got = doc(project, capsys, "--workers", "1", "--price", "topics=1000")
    by = {p["policy"]: p for p in got["cost"]["by_policy"]}
    texts = got["texts"]["INPUT"] + got["texts"]["OUTPUT"]
    assert by["topics"]["text_units"] == texts  # each short text is one unit per policy
    assert by["topics"]["usd"] == pytest.approx(texts * 1.0)
    assert by["pii"]["usd_per_1000"] == 0.10
    assert got["cost"]["usd"] == pytest.approx(sum(p["usd"] for p in by.values()))


def test_text_report_html_and_out_folder(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page, out = project / "report.html", project / "out"
    code, text = replay(project, capsys, "--workers", "1", "--html", str(page), "--out", str(out))
    assert code == 0
    assert "Verdicts that change: " in text and "b.jsonl:8: not JSON" in text
    assert json.loads((out / "summary.json").read_text())["guardrail"] == "shop"
    html = page.read_text()

    class Check(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.open: list[str] = []
            self.tags: set[str] = set()
            self.links: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.add(tag)
            self.links += [v or "" for k, v in attrs if k in {"src", "href"}]
            if tag not in {"meta", "br", "line"}:
                self.open.append(tag)

        def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.tags.add(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.open and self.open.pop() == tag, f"</{tag}> closes nothing open"

    check = Check()
    check.feed(html)
    check.close()
    assert check.open == [] and check.links == []  # balanced; nothing fetched from anywhere
    assert {"svg", "polyline", "table"} <= check.tags and "script" not in check.tags
    assert "Investment advice" in html and "jane.doe@example.com" not in html


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--price", "gold=1"], "--price gold=1"),
        (["--price", "pii=x"], "must be a number"),
        (["--baseline", "missing.guard"], "missing.guard"),
    ],
)
def test_usage_errors(
    project: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    code, _ = replay(project, capsys, *extra)
    assert code == 2
    assert message in capsys.readouterr().err


def test_an_unknown_engine_is_a_usage_error_before_any_worker_starts(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUARDC_ENGINE", "quantum")
    code, _ = replay(project, capsys, "--workers", "2")
    assert code == 2
    assert "GUARDC_ENGINE" in capsys.readouterr().err


def test_a_missing_log_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "replay",
            str(project / "candidate.guard"),
            "--root",
            str(project),
            "--guardrail",
            "shop",
            "--logs",
            str(project / "nope"),
        ]
    )
    assert code == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_eval_log_records_replay_as_the_texts_evaluated(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = project / "eval.log"
    policy = str(project / "candidate.guard")
    base = ["eval", policy, "--root", str(project), "--guardrail", "shop", "--log", str(log)]
    assert main([*base, "--input", PROMPT]) == 0
    assert main([*base, "--output", ANSWER, "--query", "Where is my label?"]) == 0
    assert main([*base, "--output", "Your parcel ships today."]) == 0
    capsys.readouterr()
    records = [json.loads(line) for line in log.read_text().splitlines()]
    assert [r["schemaType"] for r in records] == ["ModelInvocationLog"] * 3
    trace = records[1]["output"]["outputBodyJson"]["trace"]["guardrail"]
    assert trace["modelOutput"] == [ANSWER] and "shop" in trace["outputAssessments"]
    assert records[0]["output"]["outputBodyJson"]["stopReason"] == "guardrail_intervened"
    code = main(
        [
            "replay",
            policy,
            "--root",
            str(project),
            "--guardrail",
            "shop",
            "--logs",
            str(log),
            "--format",
            "json",
            "--show-text",
            "--workers",
            "1",
        ]
    )
    got = json.loads(capsys.readouterr().out)
    assert code == 0 and got["unreadable"]["count"] == 0
    assert got["texts"] == {"INPUT": 2, "OUTPUT": 2}  # the query is logged as the prompt
    texts = {(c["source"], c["text"]) for c in got["changes"]["shown"]}
    assert texts == {("INPUT", PROMPT), ("OUTPUT", ANSWER)}


@pytest.mark.parametrize(
    "argv",
    [
        ["--out", "s3a://results/run-1"],  # the local engine writes no rows; a URL is a mistake
        ["--engine", "spark", "--out", "hdfs://namenode/run-1"],  # summary.json: S3 only
        ["--engine", "spark", "--out", "s3a:///run-1"],  # no bucket
    ],
)
def test_an_out_url_is_for_spark_on_s3_only(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, _ = replay(project, capsys, *argv)
    assert code == 2
    assert not list(project.glob("s3a*")) and not list(project.glob("hdfs*"))
