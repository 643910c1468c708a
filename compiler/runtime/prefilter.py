"""RE2 in front of the runtime's Python patterns: the same matches, found sooner.

Python's backtracking engine tries a pattern at every position of a text: the prompt-attack
engine's long alternations (`roles`: what drops the rules, the role openings) cost it 0.1-0.5 ms
on a kilobyte, and the PII detectors' thirty scans add up the same way. RE2 (google-re2, a core
dependency) scans in linear time but has no lookarounds, no back-references, and its own
character classes. `relaxed(pattern)` rewrites a pattern into an RE2 pattern that matches
wherever it matches, starting at the same character or the one before, and possibly elsewhere
too (a superset). `pii_base.FastPattern`'s `search` and `finditer` ask RE2 where a match could
start and try the Python pattern only there: their answers are exactly `re`'s, for RE2 only
skips positions where no match can start. `Literals` finds `pii_base.Cue`'s trigger words.

Why a match of the pattern is one of its relaxed form, over the text as RE2 reads it (below):
- lookarounds and `\\B` are dropped (they consume nothing: dropping one only admits more), a
  back-reference becomes its group's pattern (it matches what the group matched), an atomic
  group or a possessive repeat becomes a plain one (backtracking into it only admits more);
- a class becomes one that holds every character it holds: `\\d`, `\\s`, `\\w` are their ASCII
  members plus every other character; a negated class excludes only characters it excludes
  (`[^\\s<]`: the ASCII white space and `<`);
- `^` and `$` become their multi-line forms, which hold wherever Python's do;
- before anything is consumed, a `\\b` followed by a word character (it holds only at the start
  or after a non-word character) becomes `(?:^|\\W)`, and a negative lookbehind of one character
  class becomes `(?:^|[^class])`: RE2 consumes that character, so its match starts one earlier;
  at the end, the mirror images (`(?:\\W|$)`, `(?:[^class]|$)`); any other `\\b` is dropped.
RE2 reads the text as Latin-1, each character above U+00FF replaced by U+00FF: offsets are
Python's, and a character above U+00FF stands in a class or a literal wherever U+00FF does. A
pattern matched ignoring case is relaxed for the texts `case_safe` accepts only: ASCII, or
without one of the few characters whose cases cross U+00FF (RE2's case folding on the Latin-1
view and Python's differ there); other texts run the Python pattern alone, as does every text
without RE2 (a bare interpreter running `evaluator.pyz`) or for a pattern `relaxed` refuses.
Standard library only besides the optional RE2.
"""

from __future__ import annotations

import codecs
import re
import sys
from functools import cache, lru_cache
from typing import Any

from .regex_sets import C, Ranges, complement, intersect, normal, sre

# RE2's memory budget for a pattern and its DFAs, taken as states are met, not reserved: its
# default. A large alternation of word runs (`roles._DROPS_RULES`) outgrows it on a kilobyte of
# text, and RE2 then throws its state cache away again and again (33 us a search instead of 2):
# such a pattern asks for `LARGE_MEMORY`.
RE2_MEMORY = 8 << 20
LARGE_MEMORY = 32 << 20

_TOP = 0xFF  # RE2 reads Latin-1: every character above stands as U+00FF
_NON_ASCII: Ranges = ((0x80, sys.maxunicode),)
_DIGIT: Ranges = ((0x30, 0x39),)
_SPACE: Ranges = ((0x09, 0x0D), (0x1C, 0x20))
_WORD: Ranges = ((0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A))
_ASCII: Ranges = ((0x00, 0x7F),)


def _ascii_complement(ranges: Ranges) -> Ranges:
    return intersect(complement(ranges), _ASCII)


# For each category: the ranges of a superset of it, and of a subset of it (Python's classes
# are Unicode; their ASCII members are exact, the rest is all or nothing).
_CATEGORIES: dict[Any, tuple[Ranges, Ranges]] = {
    C.CATEGORY_DIGIT: (_DIGIT + _NON_ASCII, _DIGIT),
    C.CATEGORY_NOT_DIGIT: (complement(_DIGIT), _ascii_complement(_DIGIT)),
    C.CATEGORY_SPACE: (_SPACE + _NON_ASCII, _SPACE),
    C.CATEGORY_NOT_SPACE: (complement(_SPACE), _ascii_complement(_SPACE)),
    C.CATEGORY_WORD: (_WORD + _NON_ASCII, _WORD),
    C.CATEGORY_NOT_WORD: (complement(_WORD), _ascii_complement(_WORD)),
}
_ZERO_WIDTH = (C.AT, C.ASSERT, C.ASSERT_NOT)
_REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT)
_BEGINNINGS = {C.AT_BEGINNING: "(?m:^)", C.AT_BEGINNING_STRING: "\\A"}
_ENDS = {C.AT_END: "(?m:$)", C.AT_END_STRING: "\\z"}
_KNOWN_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.UNICODE | re.ASCII | re.VERBOSE


@cache
def _parsed(pattern: str, flags: int) -> Any:
    """`re`'s parse tree of a pattern (parsed once: the large ones take milliseconds)."""
    return sre.parse(pattern, flags)


def min_width(pattern: str, flags: int = 0) -> int:
    """The length of the shortest string `pattern` matches (0: it may match the empty one)."""
    return int(_parsed(pattern, flags).getwidth()[0])


def max_width(pattern: str, flags: int = 0) -> int:
    """The length of the longest string `pattern` matches (huge when unbounded)."""
    return int(_parsed(pattern, flags).getwidth()[1])


class RefusedError(ValueError):
    """A pattern `relaxed` cannot rewrite with a proof that it misses nothing."""


def _char(code: int) -> str:
    return chr(code) if chr(code).isascii() and chr(code).isalnum() else f"\\x{{{code:02x}}}"


def _latin1(ranges: Ranges, superset: bool) -> Ranges:
    """`ranges` as RE2 reads them: beyond U+00FF is U+00FF (kept for a superset, else left out:
    U+00FF then also stands for what a subset does not hold)."""
    inside = [(lo, min(hi, _TOP)) for lo, hi in ranges if lo <= _TOP]
    if superset:
        return normal([*inside, (_TOP, _TOP)] if any(hi >= _TOP for _, hi in ranges) else inside)
    return normal((lo, min(hi, _TOP - 1)) for lo, hi in inside if lo < _TOP)


def _class_text(ranges: Ranges, negate: bool) -> str:
    body = "".join(_char(lo) if lo == hi else f"{_char(lo)}-{_char(hi)}" for lo, hi in ranges)
    if not body:  # nothing excluded: any character; nothing held: nothing matches
        return "(?s:.)" if negate else "[^\\x00-\\x{ff}]"
    return f"[{'^' if negate else ''}{body}]"


def _class(items: list[tuple[Any, Any]], negate: bool = False) -> str:
    """An RE2 class holding every character the parsed class holds."""
    if items and items[0][0] is C.NEGATE:
        items, negate = items[1:], not negate
    ranges: list[tuple[int, int]] = []
    for op, av in items:
        if op is C.LITERAL:
            ranges.append((av, av))
        elif op is C.RANGE:
            ranges.append(av)
        elif op is C.CATEGORY and av in _CATEGORIES:
            # a negated class must exclude no more than Python's does: the subset
            ranges.extend(_CATEGORIES[av][negate])
        else:
            raise RefusedError(f"class member {op} {av}")
    return _class_text(_latin1(normal(ranges), superset=not negate), negate)


def _folds(code: int) -> list[tuple[int, int]]:
    """The characters up to U+00FF Python's `re.IGNORECASE` takes for `chr(code)` (the Kelvin
    sign is a k, É is an é), as ranges: RE2 folds case on ASCII letters only when it reads
    Latin-1, and a pattern ignoring case runs through RE2 on `case_safe` texts only."""
    literal = re.compile(re.escape(chr(code)), re.IGNORECASE)
    return [(a, a) for a in range(_TOP + 1) if literal.fullmatch(chr(a))]


class _Writer:
    """The RE2 text of a parsed pattern (see the module's docstring)."""

    def __init__(self, ignorecase: bool, dotall: bool) -> None:
        self.ignorecase = ignorecase
        self.dotall = dotall
        self.groups: dict[int, list[tuple[Any, Any]]] = {}
        self.folds = ignorecase  # whether any part ignores case (then ASCII texts only)

    def sequence(self, items: list[tuple[Any, Any]]) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def item(self, op: Any, av: Any) -> str:
        if op is C.LITERAL:
            if self.ignorecase and av > 0x7F:
                return _class_text(_latin1(normal([(av, av), *_folds(av)]), True), False)
            return _char(av) if av <= _TOP else _char(_TOP)
        if op is C.NOT_LITERAL:
            return _class([(C.LITERAL, av)], negate=True)
        if op is C.IN:
            if self.ignorecase and any(o is not C.NEGATE and not _plain_ascii(o, a) for o, a in av):
                raise RefusedError("a class beyond ASCII, ignoring case")
            return _class(list(av))
        if op is C.ANY:
            return "(?s:.)" if self.dotall else "."
        if op is C.BRANCH:
            return "(?:" + "|".join(self.sequence(list(b)) for b in av[1]) + ")"
        if op is C.SUBPATTERN:
            group, add, remove, body = av
            if (add | remove) & ~re.IGNORECASE:
                raise RefusedError("an inline flag other than i")
            if group is not None:
                self.groups[group] = list(body)
            inner = self.sequence(list(body))
            if add & re.IGNORECASE:
                self.folds = True
                return f"(?i:{inner})"
            return f"(?-i:{inner})" if remove & re.IGNORECASE else f"(?:{inner})"
        if op is C.ATOMIC_GROUP:
            return f"(?:{self.sequence(list(av))})"
        if op in _REPEATS:
            low, high, body = av
            if low > 1000 or (high is not C.MAXREPEAT and high > 1000):
                raise RefusedError("a repeat count beyond RE2's 1000")
            count = f"{{{low},}}" if high is C.MAXREPEAT else f"{{{low},{high}}}"
            return f"(?:{self.sequence(list(body))}){count}"
        if op is C.GROUPREF:
            if av not in self.groups:
                raise RefusedError("a reference to a group not closed before it")
            return f"(?i:{self.sequence(self.groups[av])})"
        if op is C.AT:
            return {**_BEGINNINGS, **_ENDS}.get(av, "")  # `\b`, `\B`: dropped
        if op in (C.ASSERT, C.ASSERT_NOT):
            return ""
        raise RefusedError(f"{op}")


def _plain_ascii(op: Any, av: Any) -> bool:
    if op is C.LITERAL:
        return bool(av <= 0x7F)
    if op is C.RANGE:
        return bool(av[1] <= 0x7F)
    return op is C.CATEGORY


def _is_word(code: int) -> bool:
    return re.match(r"\w", chr(code)) is not None


def _class_is_word(items: list[tuple[Any, Any]]) -> bool:
    """Whether every character a parsed class admits is a word character."""
    for op, av in items:
        if op is C.LITERAL:
            if not _is_word(av):
                return False
        elif op is C.RANGE:
            if av[1] - av[0] > 1000 or not all(map(_is_word, range(av[0], av[1] + 1))):
                return False
        elif not (op is C.CATEGORY and av is C.CATEGORY_WORD):
            return False  # a negation or another category
    return True


def _edge(items: list[tuple[Any, Any]], last: bool) -> tuple[bool, bool]:
    """For a parsed sequence: whether the first (or, `last`, the final) character of each of its
    non-empty matches is a word character, and whether it can match the empty string."""
    for op, av in reversed(items) if last else items:
        if op is C.LITERAL:
            word, empty = _is_word(av), False
        elif op is C.IN:
            word, empty = _class_is_word(list(av)), False
        elif op is C.SUBPATTERN:
            word, empty = _edge(list(av[-1]), last)
        elif op is C.ATOMIC_GROUP:
            word, empty = _edge(list(av), last)
        elif op is C.BRANCH:
            edges = [_edge(list(branch), last) for branch in av[1]]
            word, empty = all(w for w, _ in edges), any(e for _, e in edges)
        elif op in _REPEATS:
            word, empty = _edge(list(av[2]), last)
            empty = empty or av[0] == 0
        elif op in _ZERO_WIDTH:
            word, empty = True, True
        else:
            return False, True
        if not word:
            return False, empty
        if not empty:
            return True, False
    return True, True


def _one_class(body: list[tuple[Any, Any]]) -> list[tuple[Any, Any]] | None:
    """The class of a lookaround that looks at one character (`[A-Za-z0-9]`, `x`), or None."""
    if len(body) != 1:
        return None
    op, av = body[0]
    if op is C.IN:
        return list(av)
    return [(C.LITERAL, av)] if op is C.LITERAL else None


def _edge_guard(op: Any, av: Any, rest: list[tuple[Any, Any]], last: bool) -> str | None:
    """RE2's text, consuming the character before (`last`: after) a match, for a zero-width
    item at the match's start (end), or None when it has none."""
    if op is C.AT and av is C.AT_BOUNDARY:
        word, empty = _edge(rest, last)
        if word and not empty:
            return "(?:\\W|$)" if last else "(?:^|\\W)"
    if op is C.ASSERT_NOT and av[0] == (1 if last else -1):
        members = _one_class(list(av[1]))
        if members is not None and not any(o is C.NEGATE for o, _ in members):
            excluded = _class(members, negate=True)
            return f"(?:{excluded}|$)" if last else f"(?:^|{excluded})"
    return None


def _covers(wide: tuple[Any, Any], narrow: tuple[Any, Any]) -> bool:
    """Whether the one-character item `wide` holds every character `narrow` holds (the same
    item, or `.` and an item without a newline)."""
    if wide == narrow:
        return True
    if wide[0] is not C.ANY:
        return False
    op, av = narrow
    members: list[tuple[Any, Any]] = [(C.NEGATE, None)]  # anything else: not known
    if op is C.LITERAL:
        members = [(op, av)]
    elif op is C.IN:
        members = list(av)
    return all(
        (o is C.LITERAL and a != 0x0A)
        or (o is C.RANGE and not a[0] <= 0x0A <= a[1])
        or (o is C.CATEGORY and a in (C.CATEGORY_DIGIT, C.CATEGORY_WORD))
        for o, a in members
    )


def _behind(items: list[tuple[Any, Any]], first: tuple[Any, Any]) -> str:
    """RE2's guard for the lookbehinds opening `items`, which follow the match's first item
    `first` (see `_first_guard`), or ""."""
    for op, av in items:
        if op not in _ZERO_WIDTH:
            break
        if op is C.ASSERT_NOT and av[0] == -1 and len(av[1]) == 2:
            before, itself = list(av[1])
            members = _one_class([before])
            if (
                members is not None
                and _covers(itself, first)
                and not any(o is C.NEGATE for o, _ in members)
            ):
                return f"(?:^|{_class(members, negate=True)})"
    return ""


def _first_guard(body: list[tuple[Any, Any]]) -> str:
    """The guard of a match whose first character is checked from behind once consumed:
    `\\d(?<![\\w+-]\\d)`, `[A-Z](?<![A-Za-z0-9].)`, also inside a group or at the head of every
    branch that follows. When the lookbehind's second character holds every character the
    first item does, it says the character before the match is not one of its first class:
    RE2's `(?:^|[^class])`, as for a lookbehind before the match."""
    if body and body[0][0] is C.SUBPATTERN:
        return _first_guard(list(body[0][1][-1]) + body[1:])
    if not body or body[0][0] not in (C.IN, C.LITERAL):
        return ""
    first, rest = body[0], body[1:]
    if rest and rest[0][0] is C.BRANCH:
        guards = {_behind(list(branch), first) for branch in rest[0][1][1]}
        return guards.pop() if len(guards) == 1 else ""
    return _behind(rest, first)


def _alternative(items: list[tuple[Any, Any]], writer: _Writer) -> tuple[str, bool]:
    """RE2's text of one top-level alternative, and whether it opens with a guard (a character
    it consumes before the match: `_edge_guard`, `_first_guard`)."""
    first = 0
    while first < len(items) and items[first][0] in _ZERO_WIDTH:
        first += 1
    end = len(items)
    while end > first and items[end - 1][0] in _ZERO_WIDTH:
        end -= 1
    body = items[first:end]
    head = next((g for op, av in items[:first] if (g := _edge_guard(op, av, body, last=False))), "")
    tail = next((g for op, av in items[end:] if (g := _edge_guard(op, av, body, last=True))), "")
    head = head or _first_guard(body)
    anchors = "".join(_BEGINNINGS.get(av, "") for op, av in items[:first] if op is C.AT)
    ends = "".join(_ENDS.get(av, "") for op, av in items[end:] if op is C.AT)
    return head + anchors + writer.sequence(body) + ends + tail, bool(head)


def relaxed(pattern: str, flags: int = 0) -> str:
    """RE2's form of `pattern` (see the module's docstring): it matches, on the Latin-1 text RE2
    reads, wherever `pattern` matches, starting there or one character before."""
    return _relax(pattern, flags)[0]


def _relax(pattern: str, flags: int) -> tuple[str, bool, bool]:
    """`relaxed`, whether any part of the pattern ignores case, and whether every alternative
    opens with a guard: a match of the pattern at `i > 0` is then one of the form at `i - 1`."""
    parsed = _parsed(pattern, flags)
    flags = parsed.state.flags
    if flags & ~_KNOWN_FLAGS:
        raise RefusedError("flags")
    writer = _Writer(bool(flags & re.IGNORECASE), bool(flags & re.DOTALL))
    items = list(parsed)
    branches = (
        [list(b) for b in items[0][1][1]]
        if len(items) == 1 and items[0][0] is C.BRANCH
        else [items]
    )
    parts = [_alternative(branch, writer) for branch in branches]
    body = "|".join(text for text, _ in parts)
    guarded = all(guard for _, guard in parts)
    return (f"(?i){body}" if flags & re.IGNORECASE else body), writer.folds, guarded


_WIDE = re.compile("[^\x00-\xff]")


@lru_cache(maxsize=8)
def latin1_view(text: str) -> bytes:
    """`text` as RE2 reads it: Latin-1, each character above U+00FF as U+00FF (one byte per
    character, so offsets are the text's); made once per text however many patterns ask."""
    if text.isascii():
        return text.encode("ascii")
    # each run of characters Latin-1 lacks becomes as many "\xff" (`_wide_as_ff`), the bytes
    # `_WIDE.sub("\xff", text).encode("latin-1")` gives, without a regex step per character
    return text.encode("latin-1", "guardc.wide-as-ff")


def _wide_as_ff(error: UnicodeError) -> tuple[str, int]:
    """Encoding error handler of `latin1_view`: the run of characters above U+00FF (lone
    surrogates too) the Latin-1 codec cannot encode, as that many U+00FF."""
    assert isinstance(error, UnicodeEncodeError)
    return "\xff" * (error.end - error.start), error.end


codecs.register_error("guardc.wide-as-ff", _wide_as_ff)


# The characters whose other cases, as `re.IGNORECASE` matches them, lie across U+00FF from
# them or (beyond ASCII) in ASCII: the micro sign and the Greek mu, A with ring and the Angstrom
# sign, the sharp s, y with diaeresis, the dotted and dotless i, the long s, the Kelvin sign
# (tests/runtime/test_prefilter.py finds them again from `re` itself, all of Unicode through).
CROSS_CASE = "\u00b5\u039c\u03bc\u00c5\u00e5\u212b\u00df\u1e9e\u00ff\u0178\u0130\u0131\u017f\u212a"
_CROSS_CASE = re.compile(f"[{CROSS_CASE}]")


@lru_cache(maxsize=8)
def case_safe(text: str) -> bool:
    """Whether a relaxed form ignoring case may read `text`: it then matches, in the text's
    Latin-1 view, wherever Python's `re.IGNORECASE` does in the text. True for ASCII, and for a
    text without a `CROSS_CASE` character: a character of it that Python takes for a character
    of the pattern is then that character's case up to U+00FF (RE2 folds ASCII letters, the
    relaxed form lists the others: `_folds`), or both are above U+00FF (U+00FF to RE2, in the
    view and in the relaxed form)."""
    return text.isascii() or _CROSS_CASE.search(text) is None


class _Relaxed:
    """A compiled relaxed form: `first(text, pos)` is where its leftmost match at or after
    `pos` starts (-1: none), `text` given as the Latin-1 bytes `latin1` makes. `guarded`: every
    alternative consumes the character before the pattern's match (`_relax`), so a match of the
    pattern at `i > 0` is one of the form at `i - 1`, never only at `i`."""

    def __init__(self, regexp: Any, anchor: Any, ignorecase: bool, guarded: bool = False) -> None:
        self.regexp = regexp
        self.anchor = anchor
        self.ignorecase = ignorecase
        self.guarded = guarded

    def latin1(self, text: str) -> bytes | None:
        """`text` as RE2 reads it, or None when this pattern cannot be asked about it."""
        return latin1_view(text) if not self.ignorecase or case_safe(text) else None

    def first(self, data: bytes, pos: int) -> int:
        return int(self.regexp.Match(self.anchor, data, pos, len(data))[0][0])

    def starts(self, data: bytes) -> list[int]:
        """Every offset where a match starts, in order (matches may overlap): a match of the
        pattern at `i` starts at `i - 1` or `i` among them."""
        match, anchor, end = self.regexp.Match, self.anchor, len(data)
        out: list[int] = []
        pos = 0
        while (found := match(anchor, data, pos, end)[0][0]) >= 0:
            out.append(found)
            pos = found + 1
        return out


def _re2(memory: int = RE2_MEMORY) -> tuple[Any, Any] | None:
    """The RE2 module and options for a Latin-1 view (no log on stderr, no captures, `memory`
    bytes for the pattern and its DFAs); None without RE2."""
    try:
        import re2  # noqa: PLC0415 - a core dependency, absent in a bare interpreter
    except ImportError:  # pragma: no cover - depends on the environment
        return None
    options = re2.Options()
    options.log_errors = False  # RE2's own log would reach the user's stderr
    options.max_mem = memory
    options.encoding = re2.Options.Encoding.LATIN1
    options.never_capture = True
    return re2, options


def _alternation(words: tuple[str, ...]) -> str:
    """RE2's pattern for any of `words`, every character but a letter or digit escaped."""
    return "|".join("".join(map(_char, map(ord, w))) for w in words)


@cache
def compiled_form(pattern: str, flags: int, memory: int = RE2_MEMORY) -> _Relaxed | None:
    """The relaxed form of a pattern, compiled with `memory` bytes; None without RE2, or when
    `relaxed` (or RE2) refuses it."""
    if (engine := _re2(memory)) is None:
        return None
    re2, options = engine
    try:
        text, folds, guarded = _relax(pattern, flags)
        compiled: Any = re2.compile(text.encode("ascii"), options)
        regexp, anchor = compiled._regexp, re2._Anchor.UNANCHORED  # see below
    except Exception:  # RefusedError, RE2's own errors, or a wrapper without its C object
        return None
    # The wrapper's `search` re-encodes the text and maps offsets on every call (3 us); the C
    # object takes the bytes and offsets as they are.
    return _Relaxed(regexp, anchor, folds, guarded)


class Literals:
    """Where a set of lower-case ASCII words (`pii_base.Cue`'s triggers) starts in a lower-cased
    text's `latin1_view` after a character that is no ASCII letter or digit (or at the start),
    a word that is a whole cue phrase also followed by no ASCII letter (or by the end): one RE2
    scan per place instead of a substring search per word and a Python step per occurrence,
    inside words too ("to" in "story", "token"). The view changes no ASCII character, and none
    beyond ASCII becomes one, so the words occur exactly where they do in the text."""

    def __init__(self, after_boundary: Any, anchor: Any) -> None:
        self.after_boundary = after_boundary
        self.anchor = anchor

    def starts(self, padded: bytes) -> list[int]:
        """The offsets, in the text, where one of the words starts after a character that is no
        ASCII letter or digit or at the start; `padded` is a space and the text's bytes."""
        match, anchor, end = self.after_boundary.Match, self.anchor, len(padded)
        out: list[int] = []
        pos = 0
        while (found := match(anchor, padded, pos, end)[0][0]) >= 0:
            out.append(found)  # the character before the word is at `found` in `padded`
            pos = found + 1
        return out


def _word_starts(words: tuple[str, ...], whole: frozenset[str]) -> str:
    """RE2's pattern for `Literals`: a character that is no ASCII letter or digit, then one of
    `words`, those in `whole` followed by no ASCII letter (or by the end)."""
    parts = [_alternation(tuple(w for w in words if w not in whole))]
    if ended := tuple(w for w in words if w in whole):
        parts.append(f"(?:{_alternation(ended)})(?:[^a-z]|$)")
    return f"[^0-9a-z](?:{'|'.join(p for p in parts if p)})"


@cache
def literals(words: tuple[str, ...], whole: frozenset[str] = frozenset()) -> Literals | None:
    """`Literals` for `words`, those in `whole` followed by no letter; None without RE2, or
    with an empty word or one beyond ASCII."""
    engine = _re2() if all(w and w.isascii() for w in words) else None
    if engine is None:
        return None
    re2, options = engine
    try:
        after: Any = re2.compile(_word_starts(words, whole).encode("ascii"), options)
        return Literals(after._regexp, re2._Anchor.UNANCHORED)
    except Exception:  # RE2's own errors, or a wrapper without its C object
        return None


class _SetScan:
    """One RE2 scan of a text for a set of patterns, holding last a pattern that matches the
    empty string: RE2 reports it whenever its scan ran to the end, and reports nothing when the
    scan failed (its automaton out of memory). So an answer without it is no answer, and one with
    it is every pattern that matches, none besides it included (the text holds none of them)."""

    def __init__(self, matcher: Any, count: int) -> None:
        self.matcher = matcher
        self.count = count  # the patterns before the empty one (which is at index `count`)

    def found(self, data: bytes) -> frozenset[int] | None:
        """The indices of the patterns that match in `data`; None when RE2 cannot say."""
        found = self.matcher.Match(data)
        return frozenset(found).difference((self.count,)) if self.count in found else None


def _set_scan(re2: Any, options: Any, patterns: list[str]) -> Any:
    """RE2's set of `patterns` and the empty one, compiled; None when RE2 refuses one."""
    matcher: Any = re2._re2.Set(re2._Anchor.UNANCHORED, options)
    for index, pattern in enumerate([*patterns, ""]):
        if matcher.Add(pattern.encode("ascii")) != index:
            return None
    return matcher if matcher.Compile() else None


class LiteralSets(_SetScan):
    """Which of several groups of lower-case ASCII words `Literals` would find in a lower-cased
    text (a word at a word start, a whole phrase also before no letter), in one RE2 scan for
    all the groups (`pii_base.Cue.present` for every cue at once): a group not found has no
    `Literals.starts` in that text."""

    def present(self, padded: bytes) -> frozenset[int] | None:
        """The indices of the groups `Literals.starts` finds a word of in `padded` (a space and
        a `latin1_view`), or None when RE2 cannot say."""
        return self.found(padded)


def literal_sets(
    groups: tuple[tuple[tuple[str, ...], frozenset[str]], ...],
) -> LiteralSets | None:
    """`LiteralSets` for `groups` (each the `words` and `whole` of a `literals`); None without
    RE2, or with an empty word or one beyond ASCII."""
    ascii_words = all(w and w.isascii() for words, _ in groups for w in words)
    engine = _re2() if ascii_words else None
    if engine is None:
        return None
    re2, options = engine
    # no words: a pattern never found (RE2 reads nothing above U+00FF)
    patterns = [
        _word_starts(words, whole) if words else "[^\\x00-\\x{ff}]" for words, whole in groups
    ]
    try:
        matcher = _set_scan(re2, options, patterns)
    except Exception:  # RE2's own errors, or a module without its C objects
        return None
    return None if matcher is None else LiteralSets(matcher, len(patterns))


class FormSet(_SetScan):
    """Which of several patterns' relaxed forms match somewhere in a text's `latin1_view`, in
    one RE2 scan (`pii_base.Gate`: the PII scans skip a text their form finds nothing in)."""

    def matching(self, data: bytes) -> frozenset[int] | None:
        """The indices of the forms that match in `data`, or None when RE2 cannot say."""
        return self.found(data)


def form_set(patterns: tuple[tuple[str, int], ...], memory: int = RE2_MEMORY) -> FormSet | None:
    """`FormSet` of the relaxed forms of `patterns` ((pattern, flags) pairs); None without RE2,
    or when `relaxed` (or RE2) refuses one of them."""
    if not patterns or (engine := _re2(memory)) is None:
        return None
    re2, options = engine
    try:
        matcher = _set_scan(re2, options, [relaxed(pattern, flags) for pattern, flags in patterns])
    except Exception:  # RefusedError, RE2's own errors, or a module without its C objects
        return None
    return None if matcher is None else FormSet(matcher, len(patterns))
