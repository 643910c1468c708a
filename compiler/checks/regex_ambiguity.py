"""Catastrophic-backtracking analysis of a parsed regular expression (used by regex_safety).

The pattern becomes a position automaton (`regex_automaton`). A backtracking engine that fails
on a text tries every path of that automaton reading a prefix of it, so its cost is the number
of such paths. Three measures, from the ReDoS literature and by direct count:
- exponential ambiguity: a position with two different loops reading the same word (`(a+)+`,
  `(a*)*`, `(\\w+\\s?)*`); the paths double with every turn;
- polynomial ambiguity: loops p ≠ q and one word read along p→p, p→q and q→q (`a+a+b`,
  `\\s*:?\\s*`); a chain of k such loops makes one attempt cost n^k;
- bounded ambiguity: without either, the number of paths reading one word is bounded, and it is
  counted exactly on the automaton with counted repeats unrolled (`(a{1,10}){1,10}b` can split
  36 `a`s in millions of ways; `\\d{8,12}` after `\\s*` in one).
Loops are looked for on the automaton with counted repeats capped (small, same shape); counts
are made on the exact one. Character sets are exact (`\\s` and `\\d` share no character).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from ..runtime.regex_sets import C, Ranges, intersect
from .regex_automaton import MAX_POSITIONS, WAYS_CAP, Automaton, Builder, TooComplexError

MAX_STEPS = 400_000
DEGREE_LIMIT = 3  # loops in a row: more is an error (n^4 per attempt is as bad as exponential)
WAYS_WARN = 100  # ways to read one word: more is a warning...
WAYS_ERROR = 100_000  # ...and more than this an error


@dataclass(frozen=True)
class Ambiguity:
    """Why a pattern backtracks: `exponential`, `polynomial`, `bounded` (many ways, but a
    fixed number) or `too complex` (over the analysis budget); the repeats responsible (by
    post-order number, the main one first); the loops in a row (polynomial) or the number of
    ways to read one word (bounded)."""

    kind: str
    repeats: tuple[int, ...] = ()
    degree: int = 0
    ways: int = 0


N = TypeVar("N", bound=Hashable)


def sccs(nodes: list[N], succ: dict[N, list[N]]) -> list[list[N]]:
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
            raise TooComplexError


def _exponential(auto: Automaton, component: set[int], budget: _Budget) -> int | None:
    """A position of `component` with two distinct loops on one word, if there is one."""
    succ: dict[tuple[int, int], list[tuple[int, int]]] = {}
    # diagonal-to-diagonal moves made in two ways: `(a*)*` reads `a` by either loop
    split: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    todo = [(q, q) for q in sorted(component)]
    seen = set(todo)
    while todo:
        a, b = node = todo.pop()
        nexts = succ.setdefault(node, [])
        for e1, t1, m1 in auto.out[a]:
            for e2, t2, _ in auto.out[b]:
                budget.spend()
                if t1 not in component or t2 not in component:
                    continue
                if not intersect(auto.charsets[t1], auto.charsets[t2]):
                    continue
                if a == b and t1 == t2 and (e1 != e2 or m1 > 1):
                    split.add((node, (t1, t2)))
                nexts.append((t1, t2))
                if (t1, t2) not in seen:
                    seen.add((t1, t2))
                    todo.append((t1, t2))
    for comp in sccs(sorted(seen), succ):
        diagonal = [a for a, b in comp if a == b]
        members = set(comp)
        if not diagonal:
            continue
        if len(diagonal) < len(comp) or any(s in members and t in members for s, t in split):
            return min(diagonal)
    return None


def _polynomial_pair(
    auto: Automaton, comp_of: dict[int, int], p: int, q: int, budget: _Budget
) -> bool:
    """A word with paths p→p, p→q and q→q all reading it (p, q looping, q reachable)."""
    start, goal = (p, p, q), (p, q, q)
    todo, seen = [start], {start}
    while todo:
        x, y, z = todo.pop()
        for _, tx, _ in auto.out[x]:
            if comp_of[tx] != comp_of[p]:
                continue
            for _, ty, _ in auto.out[y]:
                pair = intersect(auto.charsets[tx], auto.charsets[ty])
                if not pair:
                    continue
                for _, tz, _ in auto.out[z]:
                    budget.spend()
                    if comp_of[tz] != comp_of[q] or not intersect(pair, auto.charsets[tz]):
                        continue
                    node = (tx, ty, tz)
                    if node == goal:
                        return True
                    if node not in seen:
                        seen.add(node)
                        todo.append(node)
    return False


def _degree(
    auto: Automaton, comps: list[list[int]], comp_of: dict[int, int], budget: _Budget
) -> tuple[int, list[int]]:
    """The longest chain of loops, each polynomially ambiguous with the next (the exponent of
    one attempt's cost), and one looping position per link, first loop first."""
    looping = {i: ps for i, c in enumerate(comps) if (ps := cyclic_positions(auto, c))}
    forward = [sorted({t for _, t, _ in edges}) for edges in auto.out]
    best: dict[int, tuple[int, list[int]]] = {}
    # Tarjan lists components sinks first: what a component reaches is settled before it
    for i in sorted(looping):
        reach = _closure(looping[i][0], forward, budget)
        chain = (1, [looping[i][0]])
        for j, (length, links) in best.items():
            if length + 1 <= chain[0] or not any(q in reach for q in looping[j]):
                continue
            for p in looping[i]:
                if any(_polynomial_pair(auto, comp_of, p, q, budget) for q in looping[j]):
                    chain = (length + 1, [p, *links])
                    break
        best[i] = chain
    return max(best.values(), key=lambda c: c[0], default=(0, []))


def cyclic_positions(auto: Automaton, comp: list[int]) -> list[int]:
    """The positions of a component that lie on a loop."""
    if len(comp) > 1:
        return comp
    p = comp[0]
    return [p] if any(t == p for _, t, _ in auto.out[p]) else []


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


def _atoms(charsets: list[Ranges], budget: _Budget) -> list[tuple[int, ...]]:
    """The distinct sets of indices of `charsets` that one character belongs to together (one
    per class of characters the sets do not tell apart; the empty set left out), by a sweep."""
    events: dict[int, list[tuple[int, int]]] = {}
    for i, cs in enumerate(charsets):
        for lo, hi in cs:
            events.setdefault(lo, []).append((1, i))
            events.setdefault(hi + 1, []).append((-1, i))
    active: dict[int, int] = {}
    groups: set[tuple[int, ...]] = set()
    for point in sorted(events):
        budget.spend(len(events[point]) + len(active))
        for delta, i in events[point]:
            count = active.get(i, 0) + delta
            if count:
                active[i] = count
            else:
                active.pop(i, None)
        if active:
            groups.add(tuple(sorted(active)))
    return sorted(groups)


def max_ways(auto: Automaton, budget: _Budget) -> tuple[int, list[int]]:
    """The most paths that read one word from the start, and the positions they end on."""
    start: tuple[tuple[int, int], ...] = ((0, 1),)
    seen = {start}
    todo = [start]
    worst, where = 1, [0]
    while todo:
        state = todo.pop()
        reach: dict[int, int] = {}
        for s, w in state:
            for _, t, m in auto.out[s]:
                budget.spend()
                reach[t] = min(reach.get(t, 0) + w * m, WAYS_CAP)
        targets = sorted(reach)
        for group in _atoms([auto.charsets[t] for t in targets], budget):
            budget.spend(len(group))
            nxt = tuple((targets[i], reach[targets[i]]) for i in group)
            total = sum(w for _, w in nxt)
            if total > worst:
                worst, where = total, [p for p, w in nxt if w > 1] or [p for p, _ in nxt]
            if total > WAYS_ERROR:  # bad enough: no need to find out how bad
                return worst, where
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return worst, where


def culprits(
    auto: Automaton, positions: list[int], loops_only: set[int] | None = None
) -> tuple[int, ...]:
    """The repeats to point at for `positions`: the outermost repeat around them all when there
    is one, then the innermost repeat inside it; else the first and the last of the outermost
    repeats (repeats one after the other)."""
    chains = [
        [r for r in auto.repeats[p] if loops_only is None or r in loops_only] for p in positions
    ]
    chains = [c for c in chains if c]
    if not chains:
        return ()
    outer = sorted({c[0] for c in chains})
    if len(outer) > 1:
        return (outer[0], outer[-1])
    inner = max(chains, key=len)[-1]
    return (outer[0],) if inner == outer[0] else (outer[0], inner)


def find_ambiguity(tree: Any) -> Ambiguity | None:
    """The worst ambiguity of an `re._parser` tree, or None when it is harmless."""
    size = chain_size(tree)
    if size is not None and size < MAX_POSITIONS:
        return None  # a chain reads a text in one way at most: no automaton needed
    return automaton_ambiguity(tree)


_ONE_CHARACTER = (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT)


def chain_size(items: Iterable[tuple[Any, Any]]) -> int | None:
    """The number of positions of a chain: a sequence of one-character items, groups and
    repeats of a fixed count (`\\d{3}-\\d{4}`, `(ab){2}`) and anchors, with no choice anywhere
    (no alternative, no optional, variable or open repeat, no back-reference). Its exact
    automaton is a single path and its capped one has no loop, so no text is read along two
    paths: it is never ambiguous. None for anything else. Building the automaton is the bulk
    of the analysis, a dense file has a pattern per guardrail, and most patterns are chains."""
    total = 0
    for op, av in items:
        if op in _ONE_CHARACTER:
            total += 1
        elif op is C.SUBPATTERN:
            inner = chain_size(av[3])
            if inner is None:
                return None
            total += inner
        elif op in _REPEATS:
            lo, hi, sub = av
            inner = chain_size(sub) if lo == hi else None
            if inner is None:
                return None
            total += inner * hi
        elif op is not C.AT:  # anchors read nothing; any other construct is a choice
            return None
    return total


def automaton_ambiguity(tree: Any) -> Ambiguity | None:
    """`find_ambiguity` on the position automaton, whatever the shape of the pattern."""
    budget = _Budget()
    try:
        capped = Builder(tree, capped=True)
        auto = capped.auto
        loops = {n for n, lo, hi in capped.numbers.values() if hi == C.MAXREPEAT}
        nodes = list(range(len(auto.charsets)))
        succ = {n: sorted({t for _, t, _ in auto.out[n]}) for n in nodes}
        comps = sccs(nodes, succ)
        comp_of = {n: i for i, comp in enumerate(comps) for n in comp}
        for comp in comps:
            if cyclic_positions(auto, comp):
                q = _exponential(auto, set(comp), budget)
                if q is not None:
                    return Ambiguity("exponential", culprits(auto, [q, *comp], loops))
        degree, chain = _degree(auto, comps, comp_of, budget)
        if degree >= 2:
            pointed = tuple(
                dict.fromkeys(r for p in chain for r in culprits(auto, [p], loops)[-1:])
            )
            if len(pointed) < 2:  # copies of one loop: `(.*a){20}` points at both repeats
                pointed = culprits(auto, chain)
            return Ambiguity("polynomial", pointed, degree=degree)
        try:  # counted exactly when the unrolled automaton is small enough to count on...
            exact = Builder(tree, capped=False).auto if capped.cut else auto
            ways, where = max_ways(exact, _Budget())
        except TooComplexError:  # ...else on the capped one, which has the same shape
            exact = auto
            ways, where = max_ways(exact, _Budget())
    except TooComplexError:
        return Ambiguity("too complex")
    if ways <= WAYS_WARN:
        return None
    return Ambiguity("bounded", culprits(exact, where), ways=ways)
