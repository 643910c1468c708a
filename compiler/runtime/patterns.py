"""User regexes of the sensitive-information policy (`pattern "name" matching "..."`).

Matching cost is bounded whatever the pattern and wherever the evaluator runs:
- RE2 (the `google-re2` package, a core dependency of guardc) is used when it can be imported:
  linear time. It is compiled with `log_errors=False`, so a pattern it rejects produces no
  third-party log line on stderr.
- Without RE2 (`evaluator.pyz` on a bare Python: `python -I -S` has no site-packages), or for a
  pattern RE2 rejects, a pre-check decides (`regex_vm.deterministic`): a pattern that never
  offers a backtracking engine two ways on runs with Python's `re` (one attempt costs
  O(len(text))), unrestricted when its matches have a bounded length (every attempt is then
  short too) and on texts up to `RE_TEXT_LIMIT` characters otherwise (the attempt at every
  start makes `search` quadratic); everything else runs on `regex_vm`, a pure-Python Pike VM,
  linear in the text. `re` and the VM use ASCII classes (`re.ASCII`), as RE2 does, so all three
  agree on `\\d`, `\\w` and `\\s`. A pattern that needs backtracking (lookaround,
  backreferences) has no linear-time engine and is refused (`PatternError`).

Matches are found on the original text (regexes are case-sensitive, as written), leftmost
first and non-overlapping, like `re.finditer`; empty matches are ignored (they would mask
nothing and report an empty `match`).

Speed: a pattern that starts with plain characters (`TCK-\\d+`, `AKIA[0-9A-Z]{16}`) can only
match where that literal occurs, so the pattern is not run on a text without it (`str`'s
substring search is far cheaper than a regex call, and most texts hold no identifier at all).

Standard library only (re2 optional): this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, NamedTuple

from . import regex_vm
from .regex_sets import C, sre

try:  # a core dependency of guardc; absent in a bare interpreter running the zipapp
    import re2 as _re2
except ImportError:  # pragma: no cover - depends on the environment
    _re2 = None

Finder = Callable[[str], Iterator[tuple[int, int]]]

# Texts up to this length may run a deterministic pattern with unbounded repeats on `re`: its
# search is quadratic at worst (`\\s*[0-9]+` on spaces: every start scans to the end), about
# 0.2 s at this length; longer texts go to the linear VM.
RE_TEXT_LIMIT = 5_000
# A deterministic pattern whose matches are at most this long runs on `re` whatever the text.
RE_WIDTH_LIMIT = 1_000


class PatternMatch(NamedTuple):
    """One non-empty match of the pattern at index `rule`."""

    rule: int
    start: int
    end: int
    text: str


class PatternError(ValueError):
    """A pattern that neither engine can compile (the front end should have caught it)."""


def engine_name() -> str:
    """Which regex engine is in use: `re2`, or `re` (with the linear VM as its safeguard)."""
    return "re2" if _re2 is not None else "re"


# Characters with a meaning in Python's or RE2's syntax; anything else stands for itself.
_META = frozenset("\\.^$*+?{}[]()|")
_QUANTIFIERS = frozenset("*?+{")


def required_literal(pattern: str) -> str:
    """A literal every match of `pattern` starts with ("" when there is none to rely on).

    Conservative on purpose: a pattern with an alternation anywhere has none (an alternative
    could match without it), leading `^` and `\\b` are skipped (zero width), and the prefix
    stops at the first metacharacter, minus its last character when a quantifier follows it
    (in `ab?`, only `a` is required). Plain characters mean themselves in both engines.
    """
    if "|" in pattern:
        return ""
    start = 0
    while True:
        if pattern.startswith("^", start):
            start += 1
        elif pattern.startswith("\\b", start):
            start += 2
        else:
            break
    end = start
    while end < len(pattern) and pattern[end] not in _META:
        end += 1
    if end < len(pattern) and pattern[end] in _QUANTIFIERS:
        end -= 1
    return pattern[start:end] if end > start else ""


def required_inside(pattern: str) -> str:
    """The longest run of plain characters every match of `pattern` holds somewhere ("" when
    there is none): consecutive literals at the top level of the pattern (`\\w+@\\w+\\.com`
    → `.com`), none under a flag such as `(?i)` or when the pattern has an alternation."""
    try:
        parsed = sre.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return ""
    if parsed.state.flags & ~(re.UNICODE | re.ASCII):  # `(?i)`, `(?x)`...: not plain text
        return ""
    best, run = "", []
    for op, av in parsed:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        if len(run) > len(best):
            best = "".join(run)
        if op is not C.AT:  # zero-width items do not break a run
            run = []
    return max(best, "".join(run), key=len)


def _compile(pattern: str) -> Finder:
    if _re2 is not None:
        options = _re2.Options()
        options.log_errors = False  # RE2's own error log would reach the user's stderr
        try:
            compiled_re2: Any = _re2.compile(pattern, options)
        except Exception:  # re2 raises its own error types: the fallback below decides
            pass
        else:
            return lambda text: (m.span() for m in compiled_re2.finditer(text))
    return _fallback(pattern)


def _fallback(pattern: str) -> Finder:
    """`re` where the pre-check proves it safe, the linear VM everywhere else."""
    try:
        compiled = re.compile(pattern, re.ASCII)
        program = regex_vm.compile_program(pattern)
    except re.error as exc:
        raise PatternError(f"cannot compile pattern `{pattern}`: {exc}") from None
    except regex_vm.UnsupportedError as exc:
        raise PatternError(
            f"pattern `{pattern}` cannot run in bounded time: {exc} (RE2 rejects it as well)"
        ) from None
    try:
        safe = regex_vm.deterministic(program)
    except RecursionError:
        safe = False

    def on_vm(text: str) -> Iterator[tuple[int, int]]:
        return regex_vm.finditer(program, text)

    def on_re(text: str) -> Iterator[tuple[int, int]]:
        return (m.span() for m in compiled.finditer(text))

    if not safe:
        return on_vm
    if program.max_width <= RE_WIDTH_LIMIT:
        return on_re
    return lambda text: on_re(text) if len(text) <= RE_TEXT_LIMIT else on_vm(text)


class PatternSet:
    """The compiled regexes of one side of a guardrail, in plan order."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        self._finders = [_compile(p) for p in self.patterns]
        self._needles = [required_literal(p) for p in self.patterns]
        self._inner = [required_inside(p) for p in self.patterns]

    def __len__(self) -> int:
        return len(self._finders)

    def find(self, text: str) -> list[PatternMatch]:
        """Every non-empty match of every pattern, by pattern, then by position."""
        found: list[PatternMatch] = []
        rules = zip(self._finders, self._needles, self._inner, strict=True)
        for index, (finditer, needle, inner) in enumerate(rules):
            if needle and needle not in text:  # no match can start anywhere in this text
                continue
            if inner and inner not in text:  # every match holds `inner`
                continue
            for start, end in finditer(text):
                if end > start:
                    found.append(PatternMatch(index, start, end, text[start:end]))
        return found
