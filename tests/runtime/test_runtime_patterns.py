"""User regexes: both engines (RE2 when installed, `re` with ASCII classes) agree, and stay fast
on adversarial inputs."""

from __future__ import annotations

import time

import pytest

from compiler.runtime import patterns
from compiler.runtime.patterns import PatternError, PatternSet


@pytest.fixture(params=["re2", "re"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test on RE2 (when importable) and on Python's `re`."""
    if request.param == "re":
        monkeypatch.setattr(patterns, "_re2", None)
    elif patterns.engine_name() != "re2":
        pytest.skip("google-re2 is not installed (the [fast] extra)")
    return str(request.param)


def test_matches_are_non_overlapping_and_non_empty(engine: str) -> None:
    assert patterns.engine_name() == engine
    found = PatternSet([r"EMP-\d{6}", r"x*"]).find("EMP-123456 and EMP-654321, EMP-12")
    assert [(m.rule, m.text) for m in found] == [(0, "EMP-123456"), (0, "EMP-654321")]


def test_digit_class_is_ascii_in_both_engines(engine: str) -> None:
    # Arabic-Indic digits are \d in Python's default Unicode mode, not in RE2
    assert PatternSet([r"\d+"]).find("٣٤٥ 345")[0].text == "345"
    assert [m.text for m in PatternSet([r"\w+"]).find("héllo")] == ["h", "llo"]


def test_patterns_are_case_sensitive_as_written(engine: str) -> None:
    assert PatternSet([r"TCK-\d+"]).find("tck-1 TCK-2")[0].text == "TCK-2"
    assert PatternSet([r"(?i)tck-\d+"]).find("TCK-3")[0].text == "TCK-3"


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        (r"EMP-\d{6}", "EMP-" * 50_000),  # many near misses
        (r"[A-Z]{2}\d{6}[A-D]", "AB123456" * 20_000),  # long runs that never finish a match
        (r"(?:a|aa)+b", "a" * 24),  # alternation under a quantifier: polynomial in `re`
        (r"\b\w+@\w+\.com\b", "x" * 200_000),
    ],
)
def test_adversarial_inputs_finish_quickly(engine: str, pattern: str, text: str) -> None:
    began = time.perf_counter()
    PatternSet([pattern]).find(text)
    assert time.perf_counter() - began < 1.0


def test_uncompilable_pattern_is_a_pattern_error(engine: str) -> None:
    with pytest.raises(PatternError):
        PatternSet(["(unclosed"])
