"""User regexes of the sensitive-information policy (`pattern "name" matching "..."`).

RE2 (the `google-re2` package of the `[fast]` extra) is used when it can be imported: it runs
in linear time whatever the pattern. Otherwise Python's `re` is used with `re.ASCII`, so that
`\\d`, `\\w` and `\\s` mean what they mean in RE2 (ASCII classes) and both engines agree. The
front end already rejects lookarounds, backreferences and nested quantifiers that backtrack
catastrophically, so `re` stays fast on the patterns that reach this module.

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

try:  # the [fast] extra; absent in a bare interpreter running the zipapp
    import re2 as _re2
except ImportError:  # pragma: no cover - depends on the environment
    _re2 = None

Finder = Callable[[str], Iterator[Any]]


class PatternMatch(NamedTuple):
    """One non-empty match of the pattern at index `rule`."""

    rule: int
    start: int
    end: int
    text: str


class PatternError(ValueError):
    """A pattern that neither engine can compile (the front end should have caught it)."""


def engine_name() -> str:
    """Which regex engine is in use: `re2` or `re`."""
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


def _compile(pattern: str) -> Finder:
    if _re2 is not None:
        try:
            compiled_re2: Any = _re2.compile(pattern)
            finder: Finder = compiled_re2.finditer
            return finder
        except Exception:  # re2 raises its own error types; fall back to re
            pass
    try:
        return re.compile(pattern, re.ASCII).finditer
    except re.error as exc:
        raise PatternError(f"cannot compile pattern `{pattern}`: {exc}") from None


class PatternSet:
    """The compiled regexes of one side of a guardrail, in plan order."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.patterns = tuple(patterns)
        self._finders = [_compile(p) for p in self.patterns]
        self._needles = [required_literal(p) for p in self.patterns]

    def __len__(self) -> int:
        return len(self._finders)

    def find(self, text: str) -> list[PatternMatch]:
        """Every non-empty match of every pattern, by pattern, then by position."""
        found: list[PatternMatch] = []
        for index, (finditer, needle) in enumerate(zip(self._finders, self._needles, strict=True)):
            if needle and needle not in text:  # no match can start anywhere in this text
                continue
            for match in finditer(text):
                start, end = match.span()
                if end > start:
                    found.append(PatternMatch(index, start, end, text[start:end]))
        return found
