"""regex_safety.analyse: unsupported constructs (E210), catastrophic backtracking (E211), slow
backtracking (W211) and what RE2 refuses (E230).

The property test is the one that matters: whatever `analyse` accepts must run fast on
adversarial inputs with Python's backtracking `re`. Regexes run in a worker process so a
pattern that slipped through fails the test by timing out instead of hanging the suite.
"""

from __future__ import annotations

import json
import select
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.checks import regex_ambiguity, regex_safety
from compiler.checks.regex_automaton import MAX_POSITIONS
from compiler.checks.regex_safety import analyse

SAFE = [
    r"EMP-\d{6}",
    r"TCK-\d+",
    r"[A-Z]{2}\d{6}",
    r"(\d{3}-){2}\d{4}",
    r"\b[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}\b",
    r"\d{3}-\d{2}-\d{4}",
    r"BK-[0-9]{6}",
    r"AKIA[0-9A-Z]{16}",
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    r"https?://[^\s]+",
    r"\+?1?[ -]?\(?\d{3}\)?[ -]?\d{3}-\d{4}",
    r"[a-z]+(-[a-z]+)*",
    r"(\w+\.)+\w+",
    r"\s*,\s*",
    r"(ab)*c",
    r"(a|b)+c",
    r"(cat|dog)+",
    r"\bACME-\d{4,8}\b",
    r"^INV-\d+$",
    r"\d+(\.\d+)?",
    r"[A-Z][a-z]+ [A-Z][a-z]+",
    r"(?:\d{1,3}\.){3}\d{1,3}",
    r"a{2,5}b",
    r"(?P<id>ID)-\d+",
    r"[^@\s]+@[^@\s]+",
    r"x*y",
    r"\d{12}",
    r"(a?)+b",
    # real configurations: `\s` and `\d` share no character, and `{8,12}` is not unbounded
    r"[:\s]*\d+",
    r"\s*\d{8,12}",
    r"\d{1,20}\d{1,20}x",  # bounded: at most 20 ways to split a run of digits
    r"(a{1,3}){1,3}b",
    r"[0-9]{3}-[0-9]{2}-[0-9]{4}|\d{9}",
    r"(?:\d[ -]*?){13,16}",
    r"\s*[0-9]+",  # quadratic when searched: no ambiguity, bounded by the evaluator instead
    r"[a-z0-9]{1,64}@[a-z]{1,255}\.[a-z]{2,63}",
    r"\s*\S+",
]

EXPONENTIAL = [
    r"(a+)+",
    r"(a*)*",
    r"(\w+\s?)*",
    r"(a|aa)+",
    r"(a|a)*",
    r"(a+)*b",
    r"(a*)+b",
    r"([a-z]+)*$",
    r"(\d+)+x",
    r"(\w+)*@",
    r"(x+x+)+y",
    r"(\w|\d)+x",
    r"(\s|\s)*",
    r"([a-z]|[a-c])+",
    r"(.*,)*x",
    r"(\d{1,100})+x",
    r"((a+)b?)+c",
    r"(x?y?)+z",
    r"(a{1,3})+b",
    r"(?:a|a)+",
    r"(?P<n>a|.)*",
    r"(?:a(?:|))*b",  # two empty alternatives: each turn of the loop doubles the work
    r"(?:a(|b?))*c",
    r"(?:x(?:a?)?)*y",
    # counted repeats only, but they split one text in millions of ways (issue 16)
    r"(a{1,10}){1,10}b",
    "a?" * 240 + "a" * 10,
    r"(\d{1,3}){1,30}x",
]
# Bedrock accepts these; a backtracking engine takes polynomial time (a warning)
POLYNOMIAL = {
    r"a+a+b": 2,
    r"\d+\d+x": 2,
    r"\s*\s*x": 2,
    r"[ab]*b[ab]*x": 2,
    r"\w*\w*\w*z": 3,
    r".*.*=": 2,
    r"\s*:?\s*": 2,
}
HIGH_DEGREE = {r"(.*a){20}": 20, r"a*a*a*a*b": 4}


@pytest.mark.parametrize("pattern", SAFE)
def test_safe_patterns_pass(pattern: str) -> None:
    assert analyse(pattern) == []


@pytest.mark.parametrize("pattern", EXPONENTIAL)
def test_exponential_patterns_are_e211(pattern: str) -> None:
    issues = analyse(pattern)
    assert [i.code for i in issues] == ["E211"], issues
    assert issues[0].message == "can backtrack catastrophically (exponential time)"


@pytest.mark.parametrize(("pattern", "degree"), POLYNOMIAL.items())
def test_polynomial_patterns_are_w211(pattern: str, degree: int) -> None:
    issues = analyse(pattern)
    assert [i.code for i in issues] == ["W211"], issues
    assert issues[0].message == f"can backtrack in polynomial time (n^{degree} steps per attempt)"


@pytest.mark.parametrize(("pattern", "degree"), HIGH_DEGREE.items())
def test_high_degree_polynomial_is_e211(pattern: str, degree: int) -> None:
    issues = analyse(pattern)
    assert [(i.code, i.message) for i in issues] == [
        ("E211", f"can backtrack catastrophically (polynomial time of degree {degree})")
    ]


def test_e211_points_at_the_group() -> None:
    assert [(i.offset, i.length) for i in analyse(r"EMP-(\d+)+x")] == [(4, 6)]
    assert [(i.offset, i.length) for i in analyse(r"x(a|a)*y")] == [(1, 6)]


def _marked(pattern: str) -> list[str]:
    """The caret's text, then each label's text."""
    [issue] = analyse(pattern)
    first = pattern[issue.offset : issue.offset + issue.length]
    return [first, *(pattern[o : o + n] for o, n, _ in issue.labels)]


def test_carets_and_labels_sit_on_the_culprit_repeats() -> None:
    assert _marked(r"\s*:?\s*") == [r"\s*", r"\s*"]
    assert [issue.labels[0][0] for issue in analyse(r"\s*:?\s*")] == [5]
    assert _marked(r"ID:(a{1,10}){1,10}b") == ["(a{1,10}){1,10}", "a{1,10}"]
    assert _marked(r"EMP-(\d+)+x") == [r"(\d+)+", r"\d+"]
    assert _marked(r"x\d+-\d+\d+y") == [r"\d+", r"\d+"]
    assert [i.offset for i in analyse(r"x\d+-\d+\d+y")] == [5]


@pytest.mark.parametrize(
    ("pattern", "rewrite"),
    [
        (r"\s*:?\s*", r"\s*(?::\s*)?"),
        (r"key\s*=?\s*\d+", r"key\s*(?:=\s*)?\d+"),
        (r"\s*\s*x", r"\s*x"),
    ],
)
def test_w211_offers_a_rewrite_that_passes(pattern: str, rewrite: str) -> None:
    [issue] = analyse(pattern)
    assert f"`{rewrite}`" in issue.hint
    assert analyse(rewrite) == []


@pytest.mark.parametrize(
    ("pattern", "culprit"),
    [
        ("x{1000000}", "x{1000000}"),
        ("a{1001}", "a{1001}"),
        ("(a{100}){11}", "a{100}"),
        ("(((a{10}){10}){10}){10}", "a{10}"),
        (r"ID\d+\Z", r"\Z"),
        (r"caf\u00e9", r"\u"),
    ],
)
def test_what_re2_rejects_is_e230(pattern: str, culprit: str) -> None:
    issues = analyse(pattern)
    assert [i.code for i in issues] == ["E230"], issues
    assert pattern[issues[0].offset : issues[0].offset + issues[0].length] == culprit


@pytest.mark.parametrize("pattern", ["a{1000}", "(a{100}){10}", "a{1000}b{1000}", r"\d{2,}x"])
def test_what_re2_accepts_is_not_e230(pattern: str) -> None:
    assert [i for i in analyse(pattern) if i.code == "E230"] == []


@pytest.mark.parametrize(
    ("pattern", "offset", "what"),
    [
        (r"ID-(?=\d)\d+", 3, "lookahead"),
        (r"(?!x)y", 0, "lookahead"),
        (r"(?<=\$)\d+", 0, "lookbehind"),
        (r"a(?<!b)c", 1, "lookbehind"),
        (r"([a-z]+)-\1", 9, "a backreference"),
        (r"(?P<w>\w)(?P=w)", 9, "a backreference"),
        (r"(a)?(?(1)b|c)", 4, "a conditional group"),
        (r"(?>ab|a)c", 0, "an atomic group"),
        (r"a++b", 2, "a possessive quantifier"),
        (r"a*+b", 2, "a possessive quantifier"),
        (r"a{2}+b", 4, "a possessive quantifier"),
        (r"(?i)abc", 0, "inline flags"),
        (r"x(?i:abc)", 1, "inline flags"),
        (r"a(?#note)b", 1, "an inline comment"),
        (r"[[a-z]0-9]", 1, "a nested character class"),
        (r"[a-z&&b]", 4, "a set operation"),
    ],
)
def test_unsupported_constructs_are_e210(pattern: str, offset: int, what: str) -> None:
    issues = [i for i in analyse(pattern) if i.code == "E210"]
    assert [(i.offset, i.message) for i in issues] == [
        (offset, f"uses {what}, which Bedrock does not support")
    ]
    assert issues[0].hint


@pytest.mark.parametrize(
    "pattern",
    [r"[a-z]+\+", r"[(?=]x", r"\(?=x", r"a{2}\+", r"x{a}+", r"[\1]", r"a+?b", r"a??", r"\{2}+"],
)
def test_look_alikes_are_not_e210(pattern: str) -> None:
    assert [i for i in analyse(pattern) if i.code == "E210"] == []


@pytest.mark.parametrize(
    ("pattern", "offset"), [("EMP-(\\d", 4), ("[a-", 0), ("a{2,1}", 2), ("*a", 0), ("a)", 1)]
)
def test_compile_errors_are_e210_with_position(pattern: str, offset: int) -> None:
    issues = analyse(pattern)
    assert [(i.code, i.offset) for i in issues] == [("E210", offset)]
    assert issues[0].message == "does not compile"
    assert issues[0].note  # Python's own explanation, shown under the caret


@pytest.mark.parametrize("depth", [50, 300, 2000])
def test_deep_nesting_is_a_finding_not_a_crash(depth: int) -> None:
    issues = analyse("(a" * depth + ")+" * depth)
    assert len(issues) == 1 and issues[0].code in ("E210", "E211")


def test_same_answer_every_time() -> None:
    # `re` caches compiled patterns (and warns only the first time): analyse must not care
    assert analyse("[[a]]x") == analyse("[[a]]x") != []


def test_huge_expansions_are_refused_not_hung(monkeypatch: pytest.MonkeyPatch) -> None:
    # RE2 refuses the 10,000 repetitions before the analysis would have to unroll them
    assert [i.code for i in analyse("(((a{10}){10}){10}){10}")] == ["E230"]
    # past the analysis budget the answer is "too complex", never a hang or a pass
    monkeypatch.setattr(regex_ambiguity, "MAX_STEPS", 50)
    issues = analyse(r"(?:[a-z]+\d|[0-9]+x)+y")
    assert [i.code for i in issues] == ["E211"]
    assert "too complex" in issues[0].message


# ── the property: accepted patterns are fast on adversarial inputs ───────────────────────────

_WORKER = r"""
import json, re, sys, time
for line in sys.stdin:
    job = json.loads(line)
    worst = 0.0
    for text, mode in job["runs"]:
        start = time.perf_counter()
        getattr(re, mode)(job["pattern"], text)
        worst = max(worst, time.perf_counter() - start)
    print(worst, flush=True)
"""
LIMIT = 2.0  # seconds per run: accepted patterns take milliseconds, or ~0.4 s for a quadratic
# `search` with a leading loop over 1,000 characters; catastrophic ones take minutes. The margin
# keeps a loaded 2-core CI machine from failing a pattern that is merely quadratic.


class Runner:
    """A worker process that times regexes and can be killed when one hangs."""

    def __init__(self) -> None:
        self.proc = self._start()

    @staticmethod
    def _start() -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-c", _WORKER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def worst(self, pattern: str, runs: list[tuple[str, str]]) -> float:
        """The slowest run's seconds, or infinity when the worker takes longer than every run
        being at the limit."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"pattern": pattern, "runs": runs}) + "\n")
        self.proc.stdin.flush()
        out = self.proc.stdout
        ready, _, _ = select.select([out], [], [], LIMIT * len(runs) + 0.5)
        if not ready:
            self.close()
            self.proc = self._start()
            return float("inf")
        return float(out.readline())

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


@pytest.fixture(scope="module")
def runner() -> Iterator[Runner]:
    r = Runner()
    yield r
    r.close()


def _adversarial(pattern: str) -> list[tuple[str, str]]:
    """Long runs of the characters the pattern mentions, ending in a character that fails.
    `match` on 5,000 characters exposes super-linear work per attempt; `search` on 1,000 adds
    the attempt at every position (quadratic is expected there, cubic is not)."""
    chars = [c for c in "ab1x =,." if c in pattern] + ["a", "1", " "]
    runs: list[tuple[str, str]] = []
    for c in dict.fromkeys(chars):
        runs += [(c * 5000 + "!", "match"), (c * 1000 + "!", "search")]
    runs += [("ab" * 2500 + "!", "match"), ("a1 " * 333 + "!", "search")]
    return runs


def test_the_harness_catches_a_slow_pattern(runner: Runner) -> None:
    # without this the property below could pass vacuously
    assert runner.worst(r"(a+)+b", [("a" * 5000 + "!", "match")]) > LIMIT
    assert runner.worst(r"a*a*a*b", [("a" * 5000 + "!", "match")]) > LIMIT
    assert runner.worst(r"EMP-\d{6}", _adversarial(r"EMP-\d{6}")) < LIMIT


_ATOMS = st.sampled_from(["a", "b", "ab", "[ab]", r"\d", r"\w", ".", "[^b]", "x", r"\s", "1", "="])
_QUANTIFIERS = st.sampled_from(["", "", "*", "+", "?", "{2}", "{1,3}", "{2,}", "*?"])


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    parts = st.lists(children, min_size=2, max_size=3)
    return st.one_of(
        parts.map("".join),
        parts.map(lambda xs: "(" + "|".join(xs) + ")"),
        st.tuples(children, _QUANTIFIERS).map(lambda t: f"(?:{t[0]}){t[1]}"),
        st.tuples(children, _QUANTIFIERS).map(lambda t: f"({t[0]}){t[1]}"),
    )


# the empty pattern too, so alternations like `(a|)` come up
_LEAVES = st.one_of(st.tuples(_ATOMS, _QUANTIFIERS).map("".join), st.just(""))
PATTERNS = st.recursive(_LEAVES, _extend, max_leaves=8)


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(PATTERNS)
def test_accepted_patterns_run_fast(runner: Runner, pattern: str) -> None:
    if analyse(pattern):
        return
    assert runner.worst(pattern, _adversarial(pattern)) < LIMIT, pattern


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab()[]{}|*+?.^$\\-,:=!<>P0123dwsDWSbB#i"), max_size=40))
def test_any_text_gives_findings_not_exceptions(pattern: str) -> None:
    for issue in analyse(pattern):
        assert issue.code in ("E210", "E211", "W211", "E230")
        assert 0 <= issue.offset <= len(pattern)
        assert issue.message and issue.hint


# ── the chain shortcut: the automaton's answer, without building it ──────────────────────────

_CHAIN_QUANTIFIERS = st.sampled_from(["", "", "{1}", "{2}", "{10}", "{11}", "{25}", "{0}", "{3}?"])
_CHAIN_LEAVES = st.one_of(
    st.tuples(
        st.sampled_from(["a", r"\d", "[ab]", ".", "x", "[^a]", r"\s"]), _CHAIN_QUANTIFIERS
    ).map("".join),
    st.sampled_from(["^", "$", r"\b"]),  # anchors read nothing and take no quantifier
)
CHAINS = st.recursive(
    _CHAIN_LEAVES,
    lambda children: st.one_of(
        st.lists(children, min_size=2, max_size=3).map("".join),
        st.tuples(children, _CHAIN_QUANTIFIERS).map(lambda t: f"(?:{t[0]}){t[1]}"),
        st.tuples(children, _CHAIN_QUANTIFIERS).map(lambda t: f"({t[0]}){t[1]}"),
    ),
    max_leaves=10,
)


@pytest.mark.parametrize(
    ("pattern", "size"),
    [
        (r"ID5-\d{6}", 10),
        (r"\d{3}-\d{2}-\d{4}", 11),
        (r"^(ab){3}$", 6),
        (r"(?:(a){2}){10}", 20),
        (r"\d{11}", 11),  # the capped automaton reads it as `\d{10,11}`: still no loop
        (r"a{3}?", 3),
        (r"a?", None),  # optional: two ways to go on
        (r"a|b", 1),  # Python's parser folds it into one class: `[ab]`
        (r"ab|cd", None),
        (r"\d{2,3}", None),
        (r"a+", None),
        (r"(a)\1", None),
        (r"(?>ab)", None),  # E210 anyway: analysed the long way
    ],
)
def test_chain_size(pattern: str, size: int | None) -> None:
    assert regex_ambiguity.chain_size(sre_parse(pattern)) == size


def sre_parse(pattern: str) -> Any:
    from compiler.runtime.regex_sets import sre

    return sre.parse(pattern)


def test_a_chain_is_answered_without_an_automaton(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the automaton was built for a chain")

    tree = sre_parse(r"ID5-\d{6}")
    assert regex_ambiguity.automaton_ambiguity(tree) is None
    monkeypatch.setattr(regex_ambiguity, "Builder", refuse)
    assert regex_ambiguity.find_ambiguity(tree) is None
    with pytest.raises(AssertionError):  # anything with a choice still takes the long way
        regex_ambiguity.find_ambiguity(sre_parse(r"(a+)+b"))


@settings(max_examples=300, deadline=None)
@given(st.one_of(CHAINS, PATTERNS))
def test_the_chain_shortcut_agrees_with_the_automaton(pattern: str) -> None:
    tree = sre_parse(pattern)
    expected = regex_ambiguity.automaton_ambiguity(tree)
    assert regex_ambiguity.find_ambiguity(tree) == expected, pattern
    size = regex_ambiguity.chain_size(tree)
    if size is not None and size < MAX_POSITIONS:  # generated chains do occur
        assert expected is None, pattern


# ── the plain-pattern shortcut: nothing to find, without the analysis ────────────────────────

_PLAIN_ATOMS = st.sampled_from(
    [*"aZ09 _-:@/,#%&=<>!~'.", r"\d", r"\w", r"\s", r"\D", r"\W", r"\S", r"\."]
)
_PLAIN_COUNTS = st.sampled_from(["", "", "{1}", "{6}", "{12}", "{999}"])
PLAIN = st.lists(st.tuples(_PLAIN_ATOMS, _PLAIN_COUNTS).map("".join), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(PLAIN, PATTERNS))
def test_the_plain_shortcut_agrees_with_the_analysis(pattern: str) -> None:
    if regex_safety.plain(pattern):
        assert regex_safety._analyse(pattern) == [], pattern


@pytest.mark.parametrize(
    "pattern", [r"ID5-\d{6}", r"EMP-\d{6}", "", r"a.b\.c", r"\w{990}", "x" * 1000]
)
def test_plain_patterns_take_the_shortcut(pattern: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_: str) -> list[regex_safety.RegexIssue]:
        raise AssertionError("analysed")

    assert regex_safety._analyse(pattern) == []
    monkeypatch.setattr(regex_safety, "_analysed", refuse)
    assert analyse(pattern) == []


@pytest.mark.parametrize(
    "pattern",
    [
        r"\d+",  # a variable repeat
        r"\d{6}+",  # possessive
        r"a{1}{2}",  # a repeat of a repeat
        r"{6}",  # nothing to repeat
        r"\d{1000}",  # past RE2's repeat limit
        r"\w{999}\w{999}",  # too many atoms in all
        "x" * 1001,
        r"\1",  # a backreference
        r"\Z",  # RE2 lacks it
        "(a)",
        "[a]",
        "a|b",
        "^a$",
    ],
)
def test_other_patterns_take_the_long_way(pattern: str) -> None:
    assert not regex_safety.plain(pattern)
