"""Character sets of a parsed regular expression, as sorted, disjoint code-point ranges, for the
evaluator's linear-time fallback matcher (`regex_vm`) and for the compiler's backtracking
analysis (`checks/regex_automaton`, `regex_ambiguity`, `regex_safety`), which import this module
alone: the package loads its evaluator lazily, so `check` does not pay for it.

The classes mean what they mean in the evaluator's engines: RE2, and Python's `re` with
`re.ASCII`: `\\d`, `\\s` and `\\w` are ASCII classes, and their negations are their exact
complements over all of Unicode. The ASCII tables are taken from `re` itself, so they cannot
drift from the engine they describe. Case folding (`(?i)`) is ASCII-only, as in `re.ASCII`.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any

# The standard library's own regex parser (sre_parse); typeshed has no stubs for it.
sre: Any = importlib.import_module("re._parser")
C: Any = importlib.import_module("re._constants")

MAX_CHAR = 0x10FFFF
Ranges = tuple[tuple[int, int], ...]


def normal(ranges: Iterable[tuple[int, int]]) -> Ranges:
    """Sorted, merged ranges."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def complement(ranges: Ranges) -> Ranges:
    """Every code point not in `ranges` (which must be normal)."""
    out, start = [], 0
    for lo, hi in ranges:
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= MAX_CHAR:
        out.append((start, MAX_CHAR))
    return tuple(out)


def intersect(a: Ranges, b: Ranges) -> Ranges:
    """The code points in both (normal) range lists."""
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append((lo, hi))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return tuple(out)


def _table(cls: str) -> Ranges:
    rx = re.compile(cls, re.ASCII)
    return normal((c, c) for c in range(128) if rx.fullmatch(chr(c)))


CATEGORIES: dict[Any, Ranges] = {
    C.CATEGORY_DIGIT: _table(r"\d"),
    C.CATEGORY_SPACE: _table(r"\s"),
    C.CATEGORY_WORD: _table(r"\w"),
}
CATEGORIES |= {
    C.CATEGORY_NOT_DIGIT: complement(CATEGORIES[C.CATEGORY_DIGIT]),
    C.CATEGORY_NOT_SPACE: complement(CATEGORIES[C.CATEGORY_SPACE]),
    C.CATEGORY_NOT_WORD: complement(CATEGORIES[C.CATEGORY_WORD]),
}
WORD = CATEGORIES[C.CATEGORY_WORD]
_EVERYTHING: Ranges = ((0, MAX_CHAR),)


def fold(ranges: Ranges) -> Ranges:
    """`ranges` plus the other case of every ASCII letter in it (`re.ASCII | re.IGNORECASE`)."""
    extra: list[tuple[int, int]] = []
    for lo, hi in intersect(ranges, ((65, 90), (97, 122))):
        extra.append((lo + 32, hi + 32) if hi <= 90 else (lo - 32, hi - 32))
    return normal((*ranges, *extra))


def charset(op: Any, av: Any, *, dotall: bool = False, ignorecase: bool = False) -> Ranges:
    """The characters one `re._parser` item (LITERAL, NOT_LITERAL, ANY or IN) matches."""
    if op is C.LITERAL:
        found: Ranges = ((av, av),)
    elif op is C.NOT_LITERAL:
        found = complement(fold(((av, av),)) if ignorecase else ((av, av),))
        return found
    elif op is C.ANY:
        return _EVERYTHING if dotall else ((0, 9), (11, MAX_CHAR))
    else:
        negate, parts = False, []
        for item_op, item_av in av:
            if item_op is C.NEGATE:
                negate = True
            elif item_op is C.LITERAL:
                parts.append((item_av, item_av))
            elif item_op is C.RANGE:
                parts.append(item_av)
            elif item_op is C.CATEGORY:
                parts.extend(CATEGORIES.get(item_av, _EVERYTHING))
        found = normal(parts)
        if ignorecase:
            found = fold(found)
        return complement(found) if negate else found
    return fold(found) if ignorecase else found
