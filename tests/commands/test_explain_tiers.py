"""`explain PATH --guardrail` shows each policy's safeguard tier (`tier X for topics|...`)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from compiler.cli import main

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests" / "cases" / "ok" / "policy-tiers"
SCHEMA = json.loads((ROOT / "schemas" / "explain.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("split", '"split" (topics tier standard, filters tier classic, grounding tier standard)'),
        ("both", '"both" (tier standard)'),
        (
            "filters-classic",
            '"filters-classic" extends "both" (topics tier standard, filters tier classic)',
        ),
    ],
)
def test_the_table_heads_with_each_policys_tier(
    name: str, head: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASE)
    assert main(["explain", "input.guard", "--guardrail", name]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"guardrail {head}"


@pytest.mark.parametrize(
    ("name", "tier", "tiers"),
    [
        ("split", None, {"topics": "STANDARD", "filters": "CLASSIC", "grounding": "STANDARD"}),
        ("both", "STANDARD", {"topics": "STANDARD", "filters": "STANDARD", "grounding": None}),
    ],
)
def test_json_gives_each_policys_tier(
    name: str,
    tier: str | None,
    tiers: dict[str, str | None],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(CASE)
    assert main(["explain", "input.guard", "--guardrail", name, "--format", "json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    jsonschema.validate(obj, SCHEMA)
    assert (obj["settings"]["tier"], obj["settings"]["tiers"]) == (tier, tiers)
