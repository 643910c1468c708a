"""Catastrophic-backtracking analysis of a parsed regular expression (used by regex_safety).

The pattern, as parsed by the standard library's `re._parser`, becomes a position (Glushkov)
automaton whose positions read sets of characters. Two conditions from the ReDoS literature are
checked on it:
- exponential ambiguity: a position with two different loops reading the same word (`(a+)+`,
  `(a*)*`, `(\\w+\\s?)*`); a backtracking engine takes exponential time on failing inputs;
- polynomial ambiguity: two looping positions p ≠ q and one word read along p→p, p→q and q→q
  (`a+a+b`, `(.*a){20}`); at least cubic time once `search` tries every start.
Patterns free of both run in at most quadratic time. The automaton keeps parallel edges: `(a*)*`
can go from `a` back to `a` by the inner or by the outer loop, which is exactly what makes the
engine exponential even though the language is just `a*`.
"""

from __future__ import annotations

import importlib
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

# The standard library's own regex parser (sre_parse); typeshed has no stubs for it.
sre: Any = importlib.import_module("re._parser")
C: Any = importlib.import_module("re._constants")

MAX_CHAR = 0x10FFFF
# Counted repeats up to this many copies are expanded exactly; above it, `x{m,n}` is analysed
# as `x{min(m, CAP),}`, which can only add ambiguity (the answer stays on the safe side).
CAP = 10
MAX_POSITIONS = 1500
MAX_STEPS = 300_000

Ranges = tuple[tuple[int, int], ...]
Ways = dict[int, int]  # position → number of ways (capped at 2)


# ── character sets as sorted, disjoint code-point ranges ────────────────────────────────────

_NON_ASCII: Ranges = ((0x80, MAX_CHAR),)
# ASCII is exact; beyond ASCII `\d`, `\w`, `\s` and their negations are taken to match
# anything, which can only make two sets look like they overlap (the safe direction).
_CATEGORIES: dict[Any, Ranges] = {
    C.CATEGORY_DIGIT: ((48, 57),),
    C.CATEGORY_SPACE: ((9, 13), (28, 32)),
    C.CATEGORY_WORD: ((48, 57), (65, 90), (95, 95), (97, 122)),
}
_NEGATED = {
    C.CATEGORY_NOT_DIGIT: C.CATEGORY_DIGIT,
    C.CATEGORY_NOT_SPACE: C.CATEGORY_SPACE,
    C.CATEGORY_NOT_WORD: C.CATEGORY_WORD,
}


def _normal(ranges: Iterable[tuple[int, int]]) -> Ranges:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return tuple(out)


def _complement(ranges: Ranges) -> Ranges:
    out, start = [], 0
    for lo, hi in ranges:
        if lo > start:
            out.append((start, lo - 1))
        start = hi + 1
    if start <= MAX_CHAR:
        out.append((start, MAX_CHAR))
    return tuple(out)


def intersect(a: Ranges, b: Ranges) -> Ranges:
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


def charset(op: Any, av: Any) -> Ranges:
    if op is C.LITERAL:
        return ((av, av),)
    if op is C.NOT_LITERAL:
        return _complement(((av, av),))
    if op is C.ANY:
        return ((0, 9), (11, MAX_CHAR))
    negate, parts, fuzzy = False, [], False
    for item_op, item_av in av:
        if item_op is C.NEGATE:
            negate = True
        elif item_op is C.LITERAL:
            parts.append((item_av, item_av))
        elif item_op is C.RANGE:
            parts.append(item_av)
        elif item_op is C.CATEGORY:
            fuzzy = True
            base = _NEGATED.get(item_av)
            if base is not None:
                parts.extend(intersect(_complement(_CATEGORIES[base]), ((0, 0x7F),)))
            else:
                parts.extend(_CATEGORIES.get(item_av, ((0, 0x7F),)))
    ranges = _normal(parts)
    if negate:
        ranges = _complement(ranges)
    return _normal(ranges + _NON_ASCII) if fuzzy else ranges


# ── the position automaton ──────────────────────────────────────────────────────────────────


class _TooComplexError(Exception):
    """The pattern is too large to analyse within the budget."""


@dataclass
class _Automaton:
    """Positions (state 0 is the start) with the character set each one reads, the capturing
    groups around it, and edges kept with multiplicity (one per way of getting there)."""

    charsets: list[Ranges] = field(default_factory=lambda: [()])
    groups: list[tuple[int, ...]] = field(default_factory=lambda: [()])
    out: list[list[tuple[int, int]]] = field(default_factory=lambda: [[]])
    edges: int = 0

    def position(self, charset: Ranges, groups: tuple[int, ...]) -> int:
        if len(self.charsets) > MAX_POSITIONS:
            raise _TooComplexError
        self.charsets.append(charset)
        self.groups.append(groups)
        self.out.append([])
        return len(self.charsets) - 1

    def link(self, sources: Ways, targets: Ways) -> None:
        """Edges from each source to each target, once per way of making that step."""
        for s, m in sources.items():
            for t in sorted(targets):
                for _ in range(min(m * targets[t], 2)):
                    self.edges += 1
                    self.out[s].append((self.edges, t))


@dataclass(frozen=True)
class _Frag:
    """A sub-pattern's automaton piece: in how many ways it matches the empty string (capped at
    2), its first and last positions with the number of ways to reach them (each capped at 2).
    `(?:|)` matches empty in two ways: a loop around it doubles the engine's work per turn."""

    empty: int
    first: Ways
    last: Ways


_EMPTY = _Frag(1, {}, {})


def _ways(*parts: tuple[Ways, int]) -> Ways:
    """The sum of ways-maps, each scaled by a factor, capped at 2."""
    out: Ways = {}
    for ways, factor in parts:
        for p, m in ways.items():
            out[p] = min(out.get(p, 0) + m * factor, 2)
    return {p: m for p, m in out.items() if m}


def _build(auto: _Automaton, items: Iterable[tuple[Any, Any]], groups: tuple[int, ...]) -> _Frag:
    """Glushkov construction over an `re._parser` sequence (concatenation)."""
    frag = _EMPTY
    for op, av in items:
        frag = _concat(auto, frag, _item(auto, op, av, groups))
    return frag


def _concat(auto: _Automaton, a: _Frag, b: _Frag) -> _Frag:
    auto.link(a.last, b.first)
    first = _ways((a.first, 1), (b.first, a.empty))
    last = _ways((b.last, 1), (a.last, b.empty))
    return _Frag(min(a.empty * b.empty, 2), first, last)


def _union(frags: list[_Frag]) -> _Frag:
    return _Frag(
        min(sum(f.empty for f in frags), 2),
        _ways(*((f.first, 1) for f in frags)),
        _ways(*((f.last, 1) for f in frags)),
    )


def _item(auto: _Automaton, op: Any, av: Any, groups: tuple[int, ...]) -> _Frag:
    if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
        p = {auto.position(charset(op, av), groups): 1}
        return _Frag(0, p, p)
    if op is C.SUBPATTERN:
        number, _, _, sub = av
        return _build(auto, sub, (*groups, number) if number else groups)
    if op is C.ATOMIC_GROUP:
        return _build(auto, av, groups)
    if op is C.BRANCH:
        return _union([_build(auto, alt, groups) for alt in av[1]])
    if op is C.GROUPREF_EXISTS:
        _, yes, no = av
        return _union([_build(auto, yes, groups), _build(auto, no, groups) if no else _EMPTY])
    if op is C.GROUPREF:  # matches text of any length: analysed as `.*`
        ref = {auto.position(((0, MAX_CHAR),), groups): 1}
        auto.link(ref, ref)
        return _Frag(1, ref, ref)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        return _repeat(auto, av, groups)
    return _EMPTY  # AT and lookaround assertions read nothing


def _repeat(auto: _Automaton, av: Any, groups: tuple[int, ...]) -> _Frag:
    lo, hi, sub = av
    unbounded = hi == C.MAXREPEAT or hi > CAP
    frag = _EMPTY
    for _ in range(min(lo, CAP) if unbounded else lo):
        frag = _concat(auto, frag, _build(auto, sub, groups))
    if unbounded:
        body = _build(auto, sub, groups)
        auto.link(body.last, body.first)
        # the engine refuses an empty turn of a loop, so the star adds one empty way only
        return _concat(auto, frag, _Frag(1, body.first, body.last))
    return _concat(auto, frag, _optional_chain(auto, sub, hi - lo, groups))


def _optional_chain(auto: _Automaton, sub: Any, count: int, groups: tuple[int, ...]) -> _Frag:
    """`x{0,count}` as `(x(x(...)?)?)?`, the way the backtracking engine explores it."""
    if count <= 0:
        return _EMPTY
    head = _build(auto, sub, groups)
    tail = _optional_chain(auto, sub, count - 1, groups)
    both = _concat(auto, head, tail)
    return _Frag(min(1 + both.empty, 2), both.first, both.last)


# ── ambiguity checks ────────────────────────────────────────────────────────────────────────


N = TypeVar("N", bound=Hashable)


def _sccs(nodes: list[N], succ: dict[N, list[N]]) -> list[list[N]]:
    """Tarjan's strongly connected components, iteratively (patterns may nest deeply)."""
    index: dict[N, int] = {}
    low: dict[N, int] = {}
    stack: list[N] = []
    on_stack: set[N] = set()
    result: list[list[N]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(succ.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                result.append(component)
    return result


class _Budget:
    def __init__(self) -> None:
        self.steps = 0

    def spend(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > MAX_STEPS:
            raise _TooComplexError


def _exponential(auto: _Automaton, component: set[int], budget: _Budget) -> int | None:
    """A position of `component` with two distinct loops on one word, if there is one."""
    succ: dict[tuple[int, int], list[tuple[int, int]]] = {}
    # diagonal-to-diagonal moves made by two different edges: `(a*)*` reads `a` both ways
    split: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    todo = [(q, q) for q in sorted(component)]
    seen = set(todo)
    while todo:
        a, b = node = todo.pop()
        nexts = succ.setdefault(node, [])
        for e1, t1 in auto.out[a]:
            for e2, t2 in auto.out[b]:
                budget.spend()
                if t1 not in component or t2 not in component:
                    continue
                if not intersect(auto.charsets[t1], auto.charsets[t2]):
                    continue
                if a == b and t1 == t2 and e1 != e2:
                    split.add((node, (t1, t2)))
                nexts.append((t1, t2))
                if (t1, t2) not in seen:
                    seen.add((t1, t2))
                    todo.append((t1, t2))
    for comp in _sccs(sorted(seen), succ):
        diagonal = [a for a, b in comp if a == b]
        members = set(comp)
        if not diagonal:
            continue
        if len(diagonal) < len(comp) or any(s in members and t in members for s, t in split):
            return min(diagonal)
    return None


def _polynomial(
    auto: _Automaton, comp_of: dict[int, int], cyclic: list[int], budget: _Budget
) -> tuple[int, int] | None:
    """Two looping positions p ≠ q and a word w with paths p→p, p→q and q→q all reading w."""
    if len(cyclic) < 2:
        return None
    forward = [[t for _, t in edges] for edges in auto.out]
    backward: list[list[int]] = [[] for _ in auto.out]
    for source, targets in enumerate(forward):
        for t in targets:
            backward[t].append(source)
    reach = {p: _closure(p, forward, budget) for p in cyclic}
    coreach = {q: _closure(q, backward, budget) | {q} for q in cyclic}
    for p in cyclic:
        for q in cyclic:
            if p == q or q not in reach[p]:
                continue
            middle = reach[p] & coreach[q]
            start, goal = (p, p, q), (p, q, q)
            todo, seen = [start], {start}
            while todo:
                x, y, z = todo.pop()
                for _, tx in auto.out[x]:
                    if comp_of[tx] != comp_of[p]:
                        continue
                    for _, ty in auto.out[y]:
                        if ty not in middle:
                            continue
                        pair = intersect(auto.charsets[tx], auto.charsets[ty])
                        if not pair:
                            continue
                        for _, tz in auto.out[z]:
                            budget.spend()
                            if comp_of[tz] != comp_of[q]:
                                continue
                            if not intersect(pair, auto.charsets[tz]):
                                continue
                            node = (tx, ty, tz)
                            if node == goal:
                                return p, q
                            if node not in seen:
                                seen.add(node)
                                todo.append(node)
    return None


def _closure(start: int, succ: list[list[int]], budget: _Budget) -> set[int]:
    """The positions reachable from `start` in one or more steps along `succ`."""
    seen: set[int] = set()
    todo = [start]
    while todo:
        for t in succ[todo.pop()]:
            budget.spend()
            if t not in seen:
                seen.add(t)
                todo.append(t)
    return seen


@dataclass(frozen=True)
class Ambiguity:
    """Why a pattern backtracks catastrophically: `exponential`, `polynomial` or `too complex`
    (over the analysis budget), and the capturing groups (outermost first) that enclose every
    position involved."""

    kind: str
    groups: tuple[int, ...]


def find_ambiguity(tree: Any) -> Ambiguity | None:
    """The first catastrophic ambiguity of an `re._parser` tree, or None when it is safe."""
    size = _chain_size(tree)
    if size is not None and size <= MAX_POSITIONS:
        return None  # a chain is matched in one way at most: no automaton needed
    return automaton_ambiguity(tree)


def automaton_ambiguity(tree: Any) -> Ambiguity | None:
    """`find_ambiguity` on the position automaton, whatever the shape of the pattern."""
    auto = _Automaton()
    budget = _Budget()
    try:
        whole = _build(auto, tree, ())
        auto.link({0: 1}, whole.first)
        nodes = list(range(len(auto.charsets)))
        succ = {n: [t for _, t in auto.out[n]] for n in nodes}
        comps = _sccs(nodes, succ)
        comp_of = {n: i for i, comp in enumerate(comps) for n in comp}
        cyclic = sorted(n for n in nodes if n in succ[n] or len(comps[comp_of[n]]) > 1)
        for comp in comps:
            if any(n in cyclic for n in comp):
                q = _exponential(auto, set(comp), budget)
                if q is not None:
                    return Ambiguity("exponential", _common(auto, [q, *comp]))
        pair = _polynomial(auto, comp_of, cyclic, budget)
    except _TooComplexError:
        return Ambiguity("too complex", ())
    return None if pair is None else Ambiguity("polynomial", _common(auto, list(pair)))


_ONE_CHARACTER = (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)


def _chain_size(items: Iterable[tuple[Any, Any]]) -> int | None:
    """The number of characters a chain reads: a sequence of one-character items, groups and
    repeats of a fixed count (`\\d{3}-\\d{4}`, `(ab){2}`), with no choice anywhere (no
    alternative, no optional or variable repeat, no back-reference). Its automaton is a single
    path, so no text can be read along two paths: it is never ambiguous, and most patterns
    written in practice are chains. None for anything else. Used to skip building the
    automaton, the bulk of the analysis (a dense file has one pattern per guardrail)."""
    total = 0
    for op, av in items:
        if op in _ONE_CHARACTER:
            total += 1
        elif op is C.SUBPATTERN or op is C.ATOMIC_GROUP:
            inner = _chain_size(av[3] if op is C.SUBPATTERN else av)
            if inner is None:
                return None
            total += inner
        elif op in _REPEATS:
            lo, hi, sub = av
            inner = _chain_size(sub) if lo == hi and hi <= CAP else None
            if inner is None:
                return None
            total += inner * hi
        elif op is not C.AT:  # anchors read nothing; any other construct is a choice
            return None
    return total


def _common(auto: _Automaton, positions: list[int]) -> tuple[int, ...]:
    """The capturing groups that enclose all of `positions`."""
    common = auto.groups[positions[0]]
    for p in positions[1:]:
        path, n = auto.groups[p], 0
        while n < min(len(common), len(path)) and common[n] == path[n]:
            n += 1
        common = common[:n]
    return common
