"""Regex cost is bounded wherever the evaluator runs, and `check` judges what RE2 refuses.

Issue 16: nested counted repeats that backtrack catastrophically passed `check`, and
`evaluator.pyz` under `python -I -S` (no RE2) took 21.7 s on 36 `a`s. Issue 15: E211 rejected
real configurations' regexes, `\\s*:?\\s*` was an error although Bedrock accepts it, and RE2 printed
its own log line to stderr for a pattern it rejects.

The evaluator must be safe whatever the analysis says, so its test builds the plan directly from
patterns that `check` refuses. A subprocess timeout is the failure condition, not a timed
assertion: the old code takes minutes to hours on these inputs, the new one well under a second.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.checks.regex_safety import analyse
from compiler.ir import Guardrail, Origin, PatternRule, SideConfig
from compiler.runtime import patterns
from compiler.runtime.patterns import PatternError, PatternSet
from compiler.targets.evaluator import build_pyz, plan
from compiler.vocab import Action

ORIGIN = Origin(guardrail="bombs")
BLOCK = SideConfig(action=Action.BLOCK)

# (pattern, an input that makes a backtracking engine explode on it)
BOMBS = [
    (r"(a{1,10}){1,10}b", "a" * 36),
    ("a?" * 240 + "a" * 10, "a" * 36),
    (r"(a+)+b", "a" * 40),
    (r"(\w+\s?)*!", "word " * 12 + "x"),
    (r"\s*[0-9]+", " " * 20_000),  # quadratic when searched: 2.7 s in `re` at this length
    (r"a+a+a+a+b", "a" * 3_000),
]


def _guardrail(regexes: list[str]) -> Guardrail:
    rules = tuple(
        PatternRule(name=f"p{i}", regex=r, input=BLOCK, output=BLOCK, origin=ORIGIN)
        for i, r in enumerate(regexes)
    )
    return Guardrail(
        name="bombs",
        blocked_input_message="blocked",
        blocked_output_message="blocked",
        patterns=rules,
    )


@pytest.fixture(scope="module")
def bomb_pyz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bombs") / "evaluator.pyz"
    path.write_bytes(build_pyz(plan(_guardrail([p for p, _ in BOMBS]))))
    return path


def test_check_rejects_the_bombs_that_it_should() -> None:
    # the plan below bypasses `check`; these are the verdicts it would have given
    codes = {p: [i.code for i in analyse(p)] for p, _ in BOMBS}
    assert codes[r"(a{1,10}){1,10}b"] == ["E211"]
    assert codes["a?" * 240 + "a" * 10] == ["E211"]
    assert codes[r"a+a+a+a+b"] == ["E211"]
    assert codes[r"\s*[0-9]+"] == []  # only the evaluator's bound protects from this one


def test_evaluator_pyz_on_a_bare_python_finishes_on_catastrophic_patterns(bomb_pyz: Path) -> None:
    lines = "".join(json.dumps({"source": "INPUT", "text": text}) + "\n" for _, text in BOMBS)
    # -I -S: no site-packages, so no RE2; the runtime must bound the cost by itself
    result = subprocess.run(
        [sys.executable, "-I", "-S", str(bomb_pyz), "--jsonl", "-"],
        input=lines,
        capture_output=True,
        text=True,
        timeout=10,  # the failure condition: before the fix this ran for minutes
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    assert result.stderr == ""
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == len(BOMBS)
    # every pattern runs on every line: 36 `a`s are matched by the `a?`×240 pattern, the
    # 20,000 spaces by none
    assert answers[0]["action"] == "GUARDRAIL_INTERVENED"
    assert answers[4]["action"] == "NONE"


@pytest.mark.parametrize(("pattern", "text"), BOMBS)
def test_the_fallback_engine_agrees_with_re_where_re_is_fast(
    pattern: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(patterns, "_re2", None)
    short = text[:8]  # short enough for `re` to answer quickly, even on these patterns
    expected = [m.span() for m in __import__("re").finditer(pattern, short, 2**8) if m.group()]
    assert [(m.start, m.end) for m in PatternSet([pattern]).find(short)] == expected


def test_re2_rejects_are_judged_by_check_and_print_nothing(
    capfd: pytest.CaptureFixture[str],
) -> None:
    # RE2 rejects both; its C++ log used to reach stderr from the evaluator
    assert [i.code for i in analyse("x{1000000}")] == ["E230"]
    assert [i.code for i in analyse(r"TCK-\d+\Z")] == ["E230"]
    capfd.readouterr()
    # `\Z` is fine for the fallback engine, which takes over silently
    found = PatternSet([r"TCK-\d+\Z"]).find("ticket TCK-12")
    assert [(m.rule, m.text) for m in found] == [(0, "TCK-12")]
    # a million repetitions fit no linear-time engine: refused with guardc's own message
    with pytest.raises(PatternError, match="cannot run in bounded time"):
        PatternSet(["x{1000000}"])
    assert capfd.readouterr() == ("", "")


def test_guardc_check_stderr_holds_only_guardc_output(tmp_path: Path) -> None:
    source = tmp_path / "re2.guard"
    source.write_text('guardrail "g":\n  block pattern "xs" matching "x{1000000}"\n')
    result = subprocess.run(
        [sys.executable, "-m", "compiler", "check", str(source)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert "E230" in result.stderr
    assert "re2.cc" not in result.stderr and "absl" not in result.stderr
    assert all(
        line.startswith(("error", "warning", " ", "=", "|", "-->", "help", "note", "found"))
        or not line.strip()
        or line[0].isdigit()
        for line in result.stderr.splitlines()
    ), result.stderr


# regexes published in Terraform/CloudFormation guardrails (issue 15 and a code search): they
# must compile exactly as published
PUBLISHED = [
    r"[:\s]*\d+",
    r"\s*\d{8,12}",
    r"^\d{3}-\d{2}-\d{4}$",  # the AWS Terraform providers' regexes_config example
    r"(ignore|forget|disregard)\s+(all|previous|above|prior)\s+(instructions?|prompts?|rules?|context)",
    r"(os\.system|eval\s*\(|subprocess|os\.popen|import\s+os|__import__|bash\s+-c|/bin/(sh|bash))",
    r"(you\s+are\s+now|act\s+as|pretend\s+to\s+be|new\s+role|from\s+now\s+on\s+you)",
]


@pytest.mark.parametrize("pattern", PUBLISHED)
def test_published_regexes_pass_check(pattern: str) -> None:
    assert analyse(pattern) == []


def test_polynomial_is_a_warning_with_a_rewrite() -> None:
    [issue] = analyse(r"\s*:?\s*")
    assert issue.code == "W211"
    assert r"`\s*(?::\s*)?`" in issue.hint
