"""Where things are in a regex's source text: the standard library's parse keeps no offsets, so
findings about a repeat find its text here (used by regex_safety).

`repeat_spans(pattern)` lists every quantified atom — from the start of the atom (a character,
an escape, a class, a group's `(`) to the end of its quantifier (lazy `?` and possessive `+`
included) — in source order, which is the post-order in which `regex_automaton.number_repeats`
numbers the repeats of the parse. A caller checks that both counts agree before relying on it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_QUANTIFIER_BRACE = re.compile(r"\{\d*(,\d*)?\}")
_FIXED_ESCAPES = {"x": 2, "u": 4, "U": 8}


def escape_end(pattern: str, i: int) -> int:
    """The end of the escape sequence that starts with the backslash at `i`."""
    kind = pattern[i + 1 : i + 2]
    if kind in _FIXED_ESCAPES:
        return min(i + 2 + _FIXED_ESCAPES[kind], len(pattern))
    if kind == "N" and pattern.startswith("{", i + 2):
        close = pattern.find("}", i + 3)
        return len(pattern) if close < 0 else close + 1
    if kind.isdigit():
        j = i + 1
        while j < len(pattern) and j < i + 4 and pattern[j].isdigit():
            j += 1
        return j
    return min(i + 2, len(pattern))


def class_end(pattern: str, i: int) -> int:
    """The end of the character class that starts with the `[` at `i`."""
    j = i + 1
    if pattern.startswith("^", j):
        j += 1
    if pattern.startswith("]", j):  # a `]` first is a literal
        j += 1
    while j < len(pattern):
        if pattern[j] == "\\":
            j = escape_end(pattern, j)
            continue
        if pattern[j] == "]":
            return j + 1
        j += 1
    return len(pattern)


def outside_classes(pattern: str) -> Iterator[int]:
    """Offsets of the characters that are neither escaped nor inside a character class."""
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i = escape_end(pattern, i)
        elif c == "[":
            i = class_end(pattern, i)
        else:
            yield i
            i += 1


def quantifier_end(pattern: str, i: int) -> int:
    """The end of the quantifier at `i` (with its lazy or possessive suffix), or `i` if none."""
    c = pattern[i : i + 1]
    if c in ("*", "+", "?") and c:
        end = i + 1
    elif c == "{":
        found = _QUANTIFIER_BRACE.match(pattern, i)
        if found is None:
            return i
        end = found.end()
    else:
        return i
    if pattern[end : end + 1] in ("?", "+") and pattern[end : end + 1]:
        end += 1
    return end


def _group_prefix_end(pattern: str, i: int) -> tuple[int, bool]:
    """For the `(` at `i`: where its contents start, and whether it opens a group at all
    (`(?i)` sets flags and `(?#...)` is a comment; `(?P=name)` is handled by the caller)."""
    if not pattern.startswith("(?", i):
        return i + 1, True
    if pattern.startswith("(?P<", i):
        close = pattern.find(">", i)
        return (len(pattern) if close < 0 else close + 1), True
    if pattern.startswith("(?#", i):
        close = pattern.find(")", i)
        return (len(pattern) if close < 0 else close + 1), False
    if pattern.startswith("(?(", i):
        close = pattern.find(")", i + 3)
        return (len(pattern) if close < 0 else close + 1), True
    for prefix in ("(?<=", "(?<!", "(?:", "(?=", "(?!", "(?>"):
        if pattern.startswith(prefix, i):
            return i + len(prefix), True
    j = i + 2
    while j < len(pattern) and (pattern[j].isalpha() or pattern[j] == "-"):
        j += 1
    if pattern.startswith(":", j):
        return j + 1, True
    return j + 1, False  # `(?aiLmsux)`: global flags, no group


def repeat_spans(pattern: str) -> list[tuple[int, int]]:
    """(start, end) of every quantified atom, in the order of the quantifiers."""
    spans: list[tuple[int, int]] = []
    opened: list[int] = []
    last: int | None = None  # start of the atom a quantifier here would apply to
    i = 0
    while i < len(pattern):
        c = pattern[i]
        end = quantifier_end(pattern, i) if last is not None else i
        if end > i and last is not None:
            spans.append((last, end))
            last, i = None, end
        elif c == "\\":
            last, i = i, escape_end(pattern, i)
        elif c == "[":
            last, i = i, class_end(pattern, i)
        elif c == "(" and pattern.startswith("(?P=", i):
            close = pattern.find(")", i)
            last, i = i, (len(pattern) if close < 0 else close + 1)
        elif c == "(":
            start, is_group = _group_prefix_end(pattern, i)
            if is_group:
                opened.append(i)
            last, i = None, start
        elif c == ")":
            last, i = (opened.pop() if opened else None), i + 1
        elif c == "|":
            last, i = None, i + 1
        else:
            last, i = i, i + 1
    return spans
