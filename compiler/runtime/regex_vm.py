"""A linear-time regex matcher in pure Python, for when RE2 is not importable (or rejects a
pattern): the evaluator's guarantee that matching cost is bounded on a bare Python.

`compile_program(pattern)` turns the standard library's parse of a pattern into a small program
(character tests, prioritised splits, jumps, zero-width assertions) run as a Pike VM: every
thread advances in lock step, one character at a time, and a program position is held by at
most one thread per step, so a search costs O(len(text) × len(program)) whatever the pattern.
Threads are kept in priority order and lower-priority threads are cut when one matches, which
gives exactly the leftmost-first, greedy/lazy semantics of Python's `re` (and of RE2).

Supported: everything a linear engine can run, that is all of Bedrock's dialect — literals,
classes (ASCII `\\d`, `\\s`, `\\w`, as with `re.ASCII`), `.`, alternation, groups, greedy and
lazy repeats (counted repeats are unrolled), `^`, `$`, `\\A`, `\\Z`, `\\b`, `\\B`, and the
flags `i`, `m`, `s`. Lookaround, backreferences, conditionals, atomic groups and possessive
repeats raise `UnsupportedError`: no linear-time engine runs them.

`deterministic(program)` is the pre-check that lets Python's own (faster, backtracking) `re`
run a pattern instead: at every step at most one thread can survive — each character test and
the match are reached by one path only, and the tests reachable together read disjoint sets —
so a backtracking engine never has two ways to go on and one attempt costs O(len(text)).

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise
from typing import Any

from .regex_sets import WORD, C, Ranges, charset, sre

__all__ = [
    "C",
    "Program",
    "UnsupportedError",
    "compile_program",
    "deterministic",
    "finditer",
    "search",
    "sre",
]

CHAR, SPLIT, JMP, ASSERT, MATCH, LOOP, LAZY_LOOP = range(7)
MAX_PROGRAM = 50_000  # instructions; RE2 caps counted repeats at 1,000, so real patterns fit

_BEGIN_TEXT, _BEGIN_LINE, _END_TEXT, _END_LINE, _END_STRING, _BOUNDARY, _NON_BOUNDARY = range(7)


class UnsupportedError(ValueError):
    """The pattern needs a construct no linear-time engine runs, or is too large."""


class Program:
    """Parallel instruction arrays: `op`, `x` and `y` (jump targets, or a set's index, or an
    assertion kind), and per character test its ASCII bitmask and its range starts/ends."""

    def __init__(self) -> None:
        self.op: list[int] = []
        self.x: list[int] = []
        self.y: list[int] = []
        self.sets: list[Ranges] = []
        self.masks: list[int] = []
        self.starts: list[list[int]] = []
        self.ends: list[list[int]] = []
        self.max_width = 0  # the longest text a match can span (sre's estimate, capped)
        # per position, the tests and matches reached without reading, in priority order, when
        # no assertion lies on the way (then they are the same at every step); else None
        self.closures: list[tuple[tuple[int, tuple[int, ...]], ...] | None] = []

    def emit(self, op: int, x: int = 0, y: int = 0) -> int:
        if len(self.op) >= MAX_PROGRAM:
            raise UnsupportedError("the pattern is too large for the linear-time matcher")
        self.op.append(op)
        self.x.append(x)
        self.y.append(y)
        return len(self.op) - 1

    def char(self, ranges: Ranges) -> None:
        mask = 0
        for lo, hi in ranges:
            for c in range(lo, min(hi, 127) + 1):
                mask |= 1 << c
        self.emit(CHAR, len(self.sets))
        self.sets.append(ranges)
        self.masks.append(mask)
        self.starts.append([lo for lo, _ in ranges])
        self.ends.append([hi for _, hi in ranges])


def compile_program(pattern: str) -> Program:
    """The program for `pattern`; `UnsupportedError` for what a linear engine cannot run, and
    `re.error` (from the parser) for a pattern that does not compile at all."""
    parsed = sre.parse(pattern)
    program = Program()
    try:
        _emit(program, parsed, parsed.state.flags)
    except RecursionError:
        raise UnsupportedError("the pattern is nested too deeply") from None
    program.emit(MATCH)
    program.max_width = parsed.getwidth()[1]
    program.closures = [_static_closure(program, pc) for pc in range(len(program.op))]
    return program


def _static_closure(prog: Program, pc: int) -> tuple[tuple[int, tuple[int, ...]], ...] | None:
    """Every path from `pc` to a test or the match without reading, in priority order, with the
    assertions on the way; None when there are too many to list (then `search` walks them)."""
    found: list[tuple[int, tuple[int, ...]]] = []
    stack: list[tuple[int, tuple[int, ...], frozenset[int]]] = [(pc, (), frozenset())]
    while stack:
        pc, guards, path = stack.pop()
        if pc in path:
            continue  # an empty loop adds nothing its first turn did not
        path |= {pc}
        code = prog.op[pc]
        if code == JMP:
            stack.append((prog.x[pc], guards, path))
        elif code == SPLIT:
            stack.append((prog.y[pc], guards, path))
            stack.append((prog.x[pc], guards, path))
        elif code in (LOOP, LAZY_LOOP):
            body, out = prog.x[pc], prog.y[pc]
            if body in path:  # this turn read nothing: leave the loop
                stack.append((out, guards, path))
            else:
                first, second = (body, out) if code == LOOP else (out, body)
                stack.append((second, guards, path - {pc}))
                stack.append((first, guards, path - {pc}))
        elif code == ASSERT:
            kind = prog.x[pc]
            stack.append((pc + 1, guards if kind in guards else (*guards, kind), path))
        else:
            found.append((pc, guards))
        if len(found) + len(stack) > _MAX_PATHS:
            return None
    return tuple(dict.fromkeys(found))


_MAX_PATHS = 64


def _emit(prog: Program, items: Any, flags: int) -> None:
    for op, av in items:
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            dotall, fold = bool(flags & C.SRE_FLAG_DOTALL), bool(flags & C.SRE_FLAG_IGNORECASE)
            prog.char(charset(op, av, dotall=dotall, ignorecase=fold))
        elif op is C.SUBPATTERN:
            _, add, remove, sub = av
            _emit(prog, sub, (flags | add) & ~remove)
        elif op is C.BRANCH:
            jumps = []
            alternatives = av[1]
            for alt in alternatives[:-1]:
                split = prog.emit(SPLIT, len(prog.op) + 1)
                _emit(prog, alt, flags)
                jumps.append(prog.emit(JMP))
                prog.y[split] = len(prog.op)
            _emit(prog, alternatives[-1], flags)
            for j in jumps:
                prog.x[j] = len(prog.op)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            _repeat(prog, av, flags, greedy=op is C.MAX_REPEAT)
        elif op is C.AT:
            prog.emit(ASSERT, _assertion(av, flags))
        else:
            raise UnsupportedError(f"`{str(op).lower()}` needs a backtracking engine")


def _repeat(prog: Program, av: Any, flags: int, *, greedy: bool) -> None:
    lo, hi, sub = av

    if hi == C.MAXREPEAT:
        # as RE2 does: `x{2,}` is `xx+` and `x*` is `(?:x+)?`, the loop closing after the body,
        # so a turn that matches the empty text leaves the loop (it cannot come round again)
        for _ in range(lo - 1):
            _emit(prog, sub, flags)
        entry = -1
        if lo == 0:
            entry = prog.emit(SPLIT)
        body = len(prog.op)
        _emit(prog, sub, flags)
        if len(prog.op) > body:  # an empty body needs no loop
            # the loop's end: another turn or out, but out at once after a turn that read nothing
            prog.emit(LOOP if greedy else LAZY_LOOP, body, len(prog.op) + 1)
        if entry >= 0:
            prog.x[entry], prog.y[entry] = (body, len(prog.op)) if greedy else (len(prog.op), body)
        return
    for _ in range(lo):
        _emit(prog, sub, flags)
    splits = []
    for _ in range(hi - lo):  # `x{0,3}` as `(?:x(?:x(?:x)?)?)?`
        splits.append(prog.emit(SPLIT))
        _emit(prog, sub, flags)
    done = len(prog.op)
    for pc in splits:
        prog.x[pc], prog.y[pc] = (pc + 1, done) if greedy else (done, pc + 1)


def _assertion(at: Any, flags: int) -> int:
    multiline = bool(flags & C.SRE_FLAG_MULTILINE)
    if at is C.AT_BEGINNING:
        return _BEGIN_LINE if multiline else _BEGIN_TEXT
    if at is C.AT_BEGINNING_STRING:
        return _BEGIN_TEXT
    if at is C.AT_END:
        return _END_LINE if multiline else _END_TEXT
    if at is C.AT_END_STRING:
        return _END_STRING
    if at is C.AT_BOUNDARY:
        return _BOUNDARY
    if at is C.AT_NON_BOUNDARY:
        return _NON_BOUNDARY
    raise UnsupportedError(f"the assertion `{at}` is not supported")


_WORD_MASK = sum(1 << c for lo, hi in WORD for c in range(lo, hi + 1))


def _is_word(text: str, i: int) -> bool:
    if 0 <= i < len(text):
        c = ord(text[i])
        return c < 128 and bool((_WORD_MASK >> c) & 1)  # ASCII classes: nothing else is `\w`
    return False


def _holds(kind: int, text: str, i: int) -> bool:
    n = len(text)
    if kind == _BEGIN_TEXT:
        return i == 0
    if kind == _BEGIN_LINE:
        return i == 0 or text[i - 1] == "\n"
    if kind == _END_STRING:
        return i == n
    if kind == _END_TEXT:  # `$`: the end, or just before a final newline
        return i == n or (i == n - 1 and text[i] == "\n")
    if kind == _END_LINE:
        return i == n or text[i] == "\n"
    if n == 0:  # `re` finds neither `\b` nor `\B` in an empty text
        return False
    return (_is_word(text, i - 1) != _is_word(text, i)) == (kind == _BOUNDARY)


def search(prog: Program, text: str, pos: int, no_empty_at: int = -1) -> tuple[int, int] | None:
    """The leftmost-first match starting at or after `pos` (an empty match at `no_empty_at`
    does not count, as after an empty match in `re.finditer`)."""
    op, xs, ys = prog.op, prog.x, prog.y
    masks, starts, ends = prog.masks, prog.starts, prog.ends
    seen = [-1] * len(op)
    n = len(text)

    closures = prog.closures

    def add(threads: list[tuple[int, int]], pc: int, start: int, at: int) -> None:
        paths = closures[pc]
        if paths is not None:  # the first path whose assertions hold wins each test
            for leaf, guards in paths:
                if seen[leaf] != at and (not guards or all(_holds(g, text, at) for g in guards)):
                    seen[leaf] = at
                    threads.append((leaf, start))
            return
        stack = [pc]
        while stack:
            pc = stack.pop()
            if seen[pc] == at:
                continue
            seen[pc] = at
            code = op[pc]
            if code == JMP:
                stack.append(xs[pc])
            elif code == SPLIT:
                stack.append(ys[pc])
                stack.append(xs[pc])
            elif code in (LOOP, LAZY_LOOP):
                seen[pc] = -1  # reached again after an empty turn, it acts differently
                if seen[xs[pc]] == at:  # the turn read nothing (or the body is done): leave
                    stack.append(ys[pc])
                elif code == LOOP:
                    stack.append(ys[pc])
                    stack.append(xs[pc])
                else:
                    stack.append(xs[pc])
                    stack.append(ys[pc])
            elif code == ASSERT:
                if _holds(xs[pc], text, at):
                    stack.append(pc + 1)
            else:
                threads.append((pc, start))

    found: tuple[int, int] | None = None
    threads: list[tuple[int, int]] = []
    add(threads, 0, pos, pos)
    i = pos
    while True:
        following: list[tuple[int, int]] = []
        c = ord(text[i]) if i < n else -1
        for pc, start in threads:
            if op[pc] == MATCH:
                if start == i == no_empty_at:
                    continue
                found = (start, i)
                break  # lower-priority threads lose to this match
            if c < 0:
                continue
            s = xs[pc]
            if c < 128:
                ok = (masks[s] >> c) & 1
            else:
                k = bisect_right(starts[s], c) - 1
                ok = k >= 0 and c <= ends[s][k]
            if ok:
                add(following, pc + 1, start, i + 1)
        if i >= n:
            return found
        i += 1
        if found is None:
            add(following, 0, i, i)
        elif not following:
            return found
        threads = following


def finditer(prog: Program, text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-overlapping matches, as `re.finditer` finds them."""
    pos, no_empty_at = 0, -1
    while pos <= len(text):
        found = search(prog, text, pos, no_empty_at)
        if found is None:
            return
        yield found
        start, end = found
        pos, no_empty_at = end, (end if end == start else -1)


def deterministic(prog: Program) -> bool:
    """True when no step of any match attempt offers two ways on: from the start and after
    every character test, each test and the match are reached along one path only (no empty
    loop either), and the tests reached together read disjoint sets."""
    memo: dict[int, dict[int, int] | None] = {}
    entries = [0, *(pc + 1 for pc, code in enumerate(prog.op) if code == CHAR)]
    for entry in entries:
        leaves = _leaves(prog, entry, memo, set())
        if leaves is None or any(count > 1 for count in leaves.values()):
            return False
        ranges = sorted(r for pc in leaves if prog.op[pc] == CHAR for r in prog.sets[prog.x[pc]])
        if any(b[0] <= a[1] for a, b in pairwise(ranges)):
            return False
    return True


def _leaves(
    prog: Program, pc: int, memo: dict[int, dict[int, int] | None], active: set[int]
) -> dict[int, int] | None:
    """The character tests and matches reachable from `pc` without reading, with the number of
    paths to each; None for an empty loop (infinitely many paths)."""
    if pc in memo:
        return memo[pc]
    if pc in active:
        return None
    code = prog.op[pc]
    if code in (CHAR, MATCH):
        return {pc: 1}
    active.add(pc)
    if code == JMP:
        found = _leaves(prog, prog.x[pc], memo, active)
    elif code in (LOOP, LAZY_LOOP):  # the body again, or out (counted as two ways: safe side)
        a = _leaves(prog, prog.x[pc], memo, active)
        b = _leaves(prog, prog.y[pc], memo, active)
        found = None if a is None or b is None else _sum(a, b)
    elif code == ASSERT:
        found = _leaves(prog, pc + 1, memo, active)
    else:
        a = _leaves(prog, prog.x[pc], memo, active)
        b = _leaves(prog, prog.y[pc], memo, active)
        found = None if a is None or b is None else _sum(a, b)
    active.discard(pc)
    memo[pc] = found
    return found


def _sum(a: dict[int, int], b: dict[int, int]) -> dict[int, int]:
    out = dict(a)
    for k, v in b.items():
        out[k] = min(out.get(k, 0) + v, 2)
    return out
