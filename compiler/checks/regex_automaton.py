"""The position (Glushkov) automaton of a parsed regular expression, for `regex_ambiguity`.

Positions read sets of characters (`runtime.regex_sets`: the evaluator's exact ASCII classes);
edges keep their multiplicity (the number of ways a backtracking engine can make that step):
`(a*)*` goes from `a` back to `a` by the inner or by the outer loop, which is exactly what
makes the engine exponential even though the language is just `a*`.

Each position also records the repeats around it, numbered in post-order — the order their
quantifiers appear in the source — so that findings can point at the repeats responsible.

Counted repeats are built in one of two ways:
- exactly (`capped=False`): `x{m,n}` is m copies of `x` and a chain of n−m optional copies, so
  the automaton has loops only for `*`, `+` and `{m,}`, and the number of ways a word can be
  read is the number of ways the engine tries;
- capped (`capped=True`): counts are cut down to `CAP` (`x{m,n}` as
  `x{min(m,CAP), min(n, min(m,CAP)+CAP)}`), which keeps the automaton small for the loop
  analysis while keeping the shape of its ambiguity.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..runtime.regex_sets import C, Ranges, charset

CAP = 10
MAX_POSITIONS = 6000
WAYS_CAP = 10**15  # ways are counted exactly up to here; beyond, the answer is "too many"

Ways = dict[int, int]  # position → number of ways


class TooComplexError(Exception):
    """The pattern is too large to analyse within the budget."""


@dataclass
class Automaton:
    """Positions (state 0 is the start) with the character set each one reads and the repeats
    around it (outermost first), and edges `(id, target, multiplicity)`."""

    charsets: list[Ranges] = field(default_factory=lambda: [()])
    repeats: list[tuple[int, ...]] = field(default_factory=lambda: [()])
    out: list[list[tuple[int, int, int]]] = field(default_factory=lambda: [[]])
    edges: int = 0

    def position(self, charset: Ranges, repeats: tuple[int, ...]) -> int:
        if len(self.charsets) > MAX_POSITIONS:
            raise TooComplexError
        self.charsets.append(charset)
        self.repeats.append(repeats)
        self.out.append([])
        return len(self.charsets) - 1

    def link(self, sources: Ways, targets: Ways) -> None:
        """An edge from each source to each target, weighted by the ways of making the step."""
        for s, m in sources.items():
            for t in sorted(targets):
                self.edges += 1
                self.out[s].append((self.edges, t, min(m * targets[t], WAYS_CAP)))


@dataclass(frozen=True)
class Frag:
    """A sub-pattern's piece of automaton: the ways it matches the empty text, and its first
    and last positions with the ways to reach them. `(?:|)` matches empty in two ways: a loop
    around it doubles the engine's work per turn."""

    empty: int
    first: Ways
    last: Ways


EMPTY = Frag(1, {}, {})


def _ways(*parts: tuple[Ways, int]) -> Ways:
    """The sum of ways-maps, each scaled by a factor."""
    out: Ways = {}
    for ways, factor in parts:
        for p, m in ways.items():
            out[p] = min(out.get(p, 0) + m * factor, WAYS_CAP)
    return {p: m for p, m in out.items() if m}


def number_repeats(tree: Any) -> dict[int, tuple[int, int, int]]:
    """`id()` of each repeat's argument tuple → (post-order number, min, max)."""
    found: dict[int, tuple[int, int, int]] = {}

    def walk(items: Iterable[tuple[Any, Any]]) -> None:
        for op, av in items:
            if op is C.SUBPATTERN:
                walk(av[3])
            elif op in (C.ATOMIC_GROUP, C.ASSERT, C.ASSERT_NOT):
                walk(av if op is C.ATOMIC_GROUP else av[1])
            elif op is C.BRANCH:
                for alt in av[1]:
                    walk(alt)
            elif op is C.GROUPREF_EXISTS:
                walk(av[1])
                if av[2]:
                    walk(av[2])
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                walk(av[2])
                found[id(av)] = (len(found), av[0], av[1])

    walk(tree)
    return found


class Builder:
    """Glushkov construction over an `re._parser` tree."""

    def __init__(self, tree: Any, *, capped: bool) -> None:
        self.auto = Automaton()
        self.numbers = number_repeats(tree)
        self.capped = capped
        self.cut = False  # whether capping changed any count
        whole = self.build(tree, ())
        self.auto.link({0: 1}, whole.first)
        self.whole = whole

    def build(self, items: Iterable[tuple[Any, Any]], repeats: tuple[int, ...]) -> Frag:
        frag = EMPTY
        for op, av in items:
            frag = self.concat(frag, self.item(op, av, repeats))
        return frag

    def concat(self, a: Frag, b: Frag) -> Frag:
        self.auto.link(a.last, b.first)
        first = _ways((a.first, 1), (b.first, a.empty))
        last = _ways((b.last, 1), (a.last, b.empty))
        return Frag(min(a.empty * b.empty, WAYS_CAP), first, last)

    @staticmethod
    def union(frags: list[Frag]) -> Frag:
        return Frag(
            min(sum(f.empty for f in frags), WAYS_CAP),
            _ways(*((f.first, 1) for f in frags)),
            _ways(*((f.last, 1) for f in frags)),
        )

    def item(self, op: Any, av: Any, repeats: tuple[int, ...]) -> Frag:
        auto = self.auto
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            p = {auto.position(charset(op, av), repeats): 1}
            return Frag(0, p, p)
        if op is C.SUBPATTERN:
            return self.build(av[3], repeats)
        if op is C.ATOMIC_GROUP:
            return self.build(av, repeats)
        if op is C.BRANCH:
            return self.union([self.build(alt, repeats) for alt in av[1]])
        if op is C.GROUPREF_EXISTS:
            _, yes, no = av
            return self.union([self.build(yes, repeats), self.build(no, repeats) if no else EMPTY])
        if op is C.GROUPREF:  # matches text of any length: analysed as `.*`
            ref = {auto.position(((0, 0x10FFFF),), repeats): 1}
            auto.link(ref, ref)
            return Frag(1, ref, ref)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            return self.repeat(av, repeats)
        return EMPTY  # AT and lookaround assertions read nothing

    def repeat(self, av: Any, repeats: tuple[int, ...]) -> Frag:
        lo, hi, sub = av
        inner = (*repeats, self.numbers[id(av)][0])
        unbounded = hi == C.MAXREPEAT
        if self.capped:
            cut_lo = min(lo, CAP)
            cut_hi = hi if unbounded else min(hi, cut_lo + CAP)
            self.cut = self.cut or (cut_lo, cut_hi) != (lo, hi)
            lo, hi = cut_lo, cut_hi
        frag = EMPTY
        for _ in range(lo):
            frag = self.concat(frag, self.build(sub, inner))
        if unbounded:
            body = self.build(sub, inner)
            self.auto.link(body.last, body.first)
            # the engine refuses an empty turn of a loop, so the star adds one empty way only
            return self.concat(frag, Frag(1, body.first, body.last))
        # `x{0,k}` as `(x(x(...)?)?)?`, the way the backtracking engine explores it
        tail = EMPTY
        for _ in range(hi - lo):
            both = self.concat(self.build(sub, inner), tail)
            tail = Frag(min(1 + both.empty, WAYS_CAP), both.first, both.last)
        return self.concat(frag, tail)
