"""`guardc replay --baseline-lock`: the baseline is the deployed version the lock file records,
read from the stand-in control plane and rebuilt as source (as `guardc plan` does)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from compiler.cli import main

if TYPE_CHECKING:
    from aws_standin import StandIn

ROOT = Path(__file__).resolve().parents[2]
COMPETITOR = "Is this TV cheaper on Amazon?"
LINES = [
    {"source": "INPUT", "text": "Where is my parcel today?"},
    {"source": "INPUT", "text": COMPETITOR},
    {"source": "INPUT", "text": "Tell me the free refund hack"},
]


def _replay_against_lock(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """`replay . --baseline-lock` of traffic.jsonl as JSON (it must exit 0)."""
    capsys.readouterr()
    argv = ["replay", ".", "--guardrail", "retail-support", "--logs", "traffic.jsonl"]
    code = main([*argv, "--baseline-lock", "--format", "json", "--workers", "1"])
    out, err = capsys.readouterr()
    assert code == 0, err
    doc: dict[str, Any] = json.loads(out)
    return doc


def test_the_deployed_version_is_the_baseline(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shutil.copy(ROOT / "examples" / "retail_support.guard", tmp_path / "retail_support.guard")
    (tmp_path / "traffic.jsonl").write_text("".join(json.dumps(x) + "\n" for x in LINES))
    monkeypatch.chdir(tmp_path)
    assert main(["apply", ".", "--yes"]) == 0
    applied = standin.writes()
    assert "CreateGuardrail" in applied
    source = tmp_path / "retail_support.guard"
    text = source.read_text()
    source.write_text(
        text.replace(
            'deny topic "Competitor comparison" on output', 'deny topic "Competitor comparison"'
        )
    )
    doc = _replay_against_lock(capsys)
    assert doc["against"] == "the deployed DRAFT (the lock file records no published version)"
    assert [
        (c["text"], c["old"]["verdict"], c["new"]["verdict"], c["now"])
        for c in doc["changes"]["shown"]
    ] == [(COMPETITOR, "allowed", "blocked", ['topic "Competitor comparison"'])]
    assert "GetGuardrail" in standin.operations()
    assert standin.writes() == applied  # replaying wrote nothing


def test_the_baseline_is_the_published_version_as_in_plan(
    standin: StandIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """With version 1 published and an edit applied to the DRAFT only, the baseline is version
    1 (what `guardc plan`'s behavioural plan compares with too): the edit's change shows."""
    shutil.copy(ROOT / "examples" / "retail_support.guard", tmp_path / "retail_support.guard")
    (tmp_path / "traffic.jsonl").write_text("".join(json.dumps(x) + "\n" for x in LINES))
    monkeypatch.chdir(tmp_path)
    assert main(["apply", ".", "--yes", "--publish"]) == 0
    source = tmp_path / "retail_support.guard"
    source.write_text(
        source.read_text().replace(
            'deny topic "Competitor comparison" on output', 'deny topic "Competitor comparison"'
        )
    )
    assert main(["apply", ".", "--yes"]) == 0  # the DRAFT holds the edit; version 1 does not
    doc = _replay_against_lock(capsys)
    assert doc["against"] == "deployed version 1 (lock file)"
    assert [c["text"] for c in doc["changes"]["shown"]] == [COMPETITOR]


def test_no_lock_entry_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(ROOT / "examples" / "retail_support.guard", tmp_path / "retail_support.guard")
    (tmp_path / "traffic.jsonl").write_text(json.dumps(LINES[0]) + "\n")
    monkeypatch.chdir(tmp_path)
    argv = ["replay", ".", "--guardrail", "retail-support", "--logs", "traffic.jsonl"]
    assert main([*argv, "--baseline-lock"]) == 2
    assert "records no guardrail `retail-support`" in capsys.readouterr().err
