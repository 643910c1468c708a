"""User regexes: both engines (RE2 when installed, `re` with ASCII classes) agree, and stay fast
on adversarial inputs."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.runtime import patterns, regex_vm
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
    # CPU time of this process, not wall time: on a shared CI machine a linear scan can wait
    # for a core, while a backtracking blow-up on these inputs costs minutes of CPU, not 1 s
    began = time.process_time()
    PatternSet([pattern]).find(text)
    assert time.process_time() - began < 2.0


def test_uncompilable_pattern_is_a_pattern_error(engine: str) -> None:
    with pytest.raises(PatternError):
        PatternSet(["(unclosed"])


# ── the linear-time fallback (regex_vm) ───────────────────────────────────────────────────────

_VM_ATOMS = st.sampled_from(["a", "b", "ab", "[ab]", r"\d", r"\w", ".", "[^b]", "x", r"\s", "="])
_VM_QUANTIFIERS = st.sampled_from(["", "", "*", "+", "?", "{2}", "{1,3}", "{2,}", "*?", "+?"])


def _vm_extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    parts = st.lists(children, min_size=2, max_size=3)
    return st.one_of(
        parts.map("".join),
        parts.map(lambda xs: "(" + "|".join(xs) + ")"),
        st.tuples(children, _VM_QUANTIFIERS).map(lambda t: f"(?:{t[0]}){t[1]}"),
    )


# repeated parts never match the empty text: there `re` and the VM may pick different matches
_VM_PATTERNS = st.recursive(
    st.tuples(_VM_ATOMS, _VM_QUANTIFIERS).map("".join), _vm_extend, max_leaves=6
).map(lambda p: p if not p.startswith("*") else "a" + p)
_TEXTS = st.text(alphabet=st.sampled_from("ab1x =\n"), max_size=12)


def _empty_turns(items: Any) -> bool:
    """Whether some counted or open repeat (beyond `?`) can make a turn that matches nothing."""
    for op, av in items:
        children: list[Any] = []
        if op in (regex_vm.C.MAX_REPEAT, regex_vm.C.MIN_REPEAT):
            if av[1] > 1 and av[2].getwidth()[0] == 0:
                return True
            children = [av[2]]
        elif op is regex_vm.C.SUBPATTERN:
            children = [av[3]]
        elif op is regex_vm.C.BRANCH:
            children = list(av[1])
        if any(_empty_turns(child) for child in children):
            return True
    return False


@settings(max_examples=300, deadline=None)
@given(_VM_PATTERNS, _TEXTS)
def test_the_vm_finds_what_re_finds(pattern: str, text: str) -> None:
    try:
        compiled = re.compile(pattern, re.ASCII)
    except re.error:
        return
    if _empty_turns(regex_vm.sre.parse(pattern)):
        return  # documented difference: which match wins when a turn can match nothing
    program = regex_vm.compile_program(pattern)
    assert list(regex_vm.finditer(program, text)) == [m.span() for m in compiled.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"EMP-\d{6}", True),
        (r"\s*[0-9]+", True),
        (r"[a-z]+(-[a-z]+)*", True),
        (r"(a+)+b", False),
        (r"\d+\d+x", False),
        (r"(ab|[ab]b)c", False),
        (r"(a*)*", False),
        (r"(a{1,10}){1,10}b", False),
    ],
)
def test_the_pre_check_lets_only_unambiguous_patterns_through_to_re(
    pattern: str, expected: bool
) -> None:
    assert regex_vm.deterministic(regex_vm.compile_program(pattern)) is expected


def test_the_fallback_refuses_what_needs_backtracking(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(patterns, "_re2", None)
    with pytest.raises(PatternError, match="bounded time"):
        PatternSet([r"(\w)\1"])
    with pytest.raises(PatternError, match="bounded time"):
        PatternSet([r"a(?=b)"])
