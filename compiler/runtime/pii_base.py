"""Shared building blocks of the PII detectors: candidates, ranks, context cues, boundaries.

A detector yields `Candidate`s; `pii.find_pii` resolves overlaps between them. Standard library
only (bundled into the evaluator zipapp).
"""

from __future__ import annotations

import bisect
import functools
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, NamedTuple, TypeAlias

from . import prefilter  # RE2's relaxed forms (stdlib-only without RE2)

# How much a candidate is worth when two overlap (higher wins; see docs/pii.md).
CHECKSUM = 3  # a checksum or issuer rule that random digits rarely pass (Luhn, mod-97, ...)
STRUCTURED = 2  # a format that is unambiguous on its own (email, IP, MAC, AWS key id, ...)
CONTEXT = 1  # a generic value made specific by a cue word nearby ("passport", "PIN", ...)
HEURISTIC = 0  # best-effort shapes (phone shape, names, addresses, bare domains, @handles)

WINDOW = 40  # characters before a candidate searched for its cue words
AFTER = 20  # characters after it, for phrasings like "123-45-6789 is my SSN"
NO_CUE = 999  # cue distance of a candidate that needed no cue
_MARGIN = 64  # longer than any value a cue introduces


class Candidate(NamedTuple):
    """One possible entity: its type, span, rank and distance to its cue (tie-breaker)."""

    type: str
    start: int
    end: int
    rank: int
    cue: int = NO_CUE


Detector = Callable[[str], Iterator[Candidate]]


def words(block: str) -> tuple[str, ...]:
    """The whitespace-separated words of a literal block (for long word lists)."""
    return tuple(block.split())


@functools.lru_cache(maxsize=4)
def lower(text: str) -> str:
    """`text.lower()`, computed once per text however many detectors ask."""
    return text.lower()


_ANY_DIGIT = re.compile(r"\d")


def any_digit(text: str) -> bool:
    """Whether `text` has a decimal digit (`\\d`, so any script's). In ASCII text `\\d` is 0-9
    alone: ten substring searches (memchr) cost less than the regex's step per character."""
    if text.isascii():
        return any(map(text.__contains__, "0123456789"))
    return _ANY_DIGIT.search(text) is not None


@functools.lru_cache(maxsize=4)
def has_digit(text: str) -> bool:
    """`any_digit`, once per text: a detector whose every value holds a digit can skip texts
    without any, which most prose is."""
    return any_digit(text)


def has_upper(text: str) -> bool:
    """Whether lower-casing changes `text`, i.e. it may hold an upper-case letter: detectors of
    upper-case codes and capitalised names skip texts without one."""
    return lower(text) != text


_METHODS = ("finditer", "match", "search", "fullmatch", "findall", "sub")


class LazyPattern:
    """A regex compiled when first used, not at import: the evaluator's cold start would pay
    for every detector's patterns although a policy asks for a few types and most texts stop
    at a cheap check before any regex runs. After the first use, the compiled pattern's bound
    methods replace this object's, so a call costs what it costs on `re.Pattern`."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (compiled once; later calls go straight to it)."""
        compiled = re.compile(self.pattern, self.flags)
        for name in _METHODS:
            setattr(self, name, getattr(compiled, name))
        self.compiled = lambda: compiled  # type: ignore[method-assign]
        return compiled

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`."""
        return self.compiled().finditer(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`re.Pattern.match`."""
        return self.compiled().match(string, pos, endpos)

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`re.Pattern.search`."""
        return self.compiled().search(string, pos, endpos)

    def fullmatch(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        """`re.Pattern.fullmatch`."""
        return self.compiled().fullmatch(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        """`re.Pattern.findall`."""
        return self.compiled().findall(string, pos, endpos)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        """`re.Pattern.sub`."""
        return self.compiled().sub(repl, string, count)


class LinePattern(LazyPattern):
    """A `re.MULTILINE` pattern each of whose alternatives opens with `^`, so that every match
    starts at a line's start: `search` over a whole text tries `match` at the text's start and
    after each "\\n" alone (where `^` holds: `re`'s line start is after "\\n" only), the
    same leftmost match (`Match.pos` aside), instead of a step of the regex engine at every
    character, which a pattern without a literal start costs (tests/runtime/test_prefilter.py
    checks the patterns' shape and the answers)."""

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern; `search` stays this class's own."""
        compiled = super().compiled()
        self.search = self._line_search  # type: ignore[method-assign]
        return compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`re.Pattern.search`."""
        self.compiled()
        return self._line_search(string, pos, endpos)

    def _line_search(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        compiled = self.compiled()
        if pos or endpos < len(string):
            return compiled.search(string, pos, endpos)  # not asked for: `re`'s own rules
        match = compiled.match
        if found := match(string):
            return found
        at = string.find("\n")
        while at >= 0:
            if found := match(string, at + 1):
                return found
            at = string.find("\n", at + 1)
        return None


class Gate:
    """Patterns asked, in one RE2 set scan per text, whether their relaxed forms match anywhere
    in it (`prefilter.FormSet`): one that matches nowhere cannot match, and its own scan is
    skipped. Most of the PII scans find nothing in a given text (12 of 18 on the benchmark's
    PII-dense texts)."""

    def __init__(self) -> None:
        self.patterns: list[FastPattern] = []
        self._forms: Any = None  # the set of the patterns' forms, built on first use
        self._where: dict[int, int] = {}  # a pattern's index -> its form's index in the set
        self._indices: tuple[int, ...] = ()  # and back
        self._gated: frozenset[int] = frozenset()  # the patterns with a form in the set
        # the last text's bytes and the indices of the patterns it skips
        self._memo: tuple[bytes | None, frozenset[int]] = (None, frozenset())

    def add(self, pattern: FastPattern) -> int:
        """Register `pattern` (before the first scan); its index in the set."""
        if self._forms is not None:
            return -1  # the set is built: scanned on its own
        self.patterns.append(pattern)
        return len(self.patterns) - 1

    def allows(self, index: int, data: bytes) -> bool:
        """False when the form of pattern `index` matches nowhere in `data` (a whole text's
        `latin1_view`, the bytes its pattern's own scan would read)."""
        memo = self._memo
        if memo[0] is not data:
            memo = self._skipped(data)
        return index not in memo[1]

    def _skipped(self, data: bytes) -> tuple[bytes, frozenset[int]]:
        """The indices of the patterns whose forms match nowhere in `data` (from the one set
        scan; none when RE2 cannot say), remembered for the next patterns asking about it."""
        if self._forms is None:
            self._build()
        skipped: frozenset[int] = frozenset()
        if self._forms and (found := self._forms.matching(data)) is not None:
            skipped = self._gated.difference(map(self._indices.__getitem__, found))
        self._memo = (data, skipped)
        return self._memo

    def _build(self) -> None:
        """The set of the registered patterns' forms (those RE2 takes; the others are not
        gated), and where each pattern's form is in it."""
        kept = [
            (index, p)
            for index, p in enumerate(self.patterns)
            if prefilter.compiled_form(p.pattern, p.flags, p.memory) is not None
        ]
        self._where = {index: at for at, (index, _) in enumerate(kept)}
        self._indices = tuple(index for index, _ in kept)  # a form's index -> its pattern's
        self._gated = frozenset(self._indices)
        self._forms = prefilter.form_set(tuple((p.pattern, p.flags) for _, p in kept)) or False

    def indices(self, patterns: tuple[FastPattern, ...]) -> frozenset[int] | None:
        """The indices of `patterns` if the gate may keep each from scanning a text (a form
        in the set, and no empty match: `FastPattern.compiled`), else None: the patterns of
        a detector `skipped_in` can tell has nothing to scan."""
        if self._forms is None:
            self._build()
        ids = frozenset(p._gate_index for p in patterns if p.gate is self)
        if not self._forms or len(ids) != len(patterns) or not ids <= self._where.keys():
            return None
        if any(prefilter.min_width(p.pattern, p.flags) == 0 for p in patterns):
            return None
        return ids

    def skipped_in(self, text: str) -> frozenset[int]:
        """The indices of the patterns whose whole-text scan of `text` the gate skips
        (`FastPattern._scan`: those whose forms match nowhere in its `latin1_view`, less the
        ones ignoring case when the text is not `prefilter.case_safe`, which RE2 is not
        asked about)."""
        data = prefilter.latin1_view(text)
        memo = self._memo
        if memo[0] is not data:
            memo = self._skipped(data)
        skipped = memo[1]
        if skipped and not prefilter.case_safe(text):
            skipped = frozenset(i for i in skipped if not self._folds(i))
        return skipped

    def _folds(self, index: int) -> bool:
        """Whether pattern `index`'s form ignores case (RE2 reads case-safe texts only)."""
        p = self.patterns[index]
        form = prefilter.compiled_form(p.pattern, p.flags, p.memory)
        return form is None or bool(form.ignorecase)


PII_GATE = Gate()  # the PII detectors' scans (`pii_pattern`)

# Detectors every candidate of which comes from a whole-text scan of one of their PII_GATE
# patterns (`gated_by`): `pii.find_pii` does not call one where the gate skips all of them.
GATED: dict[Detector, tuple[FastPattern, ...]] = {}


# Detectors that find nothing in a text where their cue is absent (`Cue.present` says no:
# `cued_by`): `pii.find_pii` does not call them there.
CUED: dict[Detector, Cue] = {}


def cued_by(cue: Cue) -> Callable[[Detector], Detector]:
    """Record (in `CUED`) that a detector finds nothing in a text where `cue.present` is False:
    its every candidate lies near an occurrence of the cue (`near_cue`, `context_rule`)."""

    def record(detector: Detector) -> Detector:
        CUED[detector] = cue
        return detector

    return record


def gated_by(*patterns: FastPattern) -> Callable[[Detector], Detector]:
    """Record (in `GATED`) that a detector finds nothing in a text unless one of `patterns`,
    scanned over the whole text, finds something: a text where the PII gate skips all of them
    needs no call (in PII-dense text most scans find nothing: 19 of 25)."""

    def record(detector: Detector) -> Detector:
        GATED[detector] = patterns
        return detector

    return record


class FastPattern(LazyPattern):
    """A `LazyPattern` whose `search` and `finditer` ask RE2 where a match could start first
    (`prefilter`): the same matches (`Match.pos` aside: each match is found by
    `match` at its start). A pattern that can match the empty string runs on `re` alone. With a
    `gate`, a text the gate's one set scan finds no match of its form in is not scanned."""

    def __init__(
        self,
        pattern: str,
        flags: int = 0,
        *,
        memory: int = prefilter.RE2_MEMORY,
        gate: Gate | None = None,
    ) -> None:
        super().__init__(pattern, flags)
        self.memory = memory  # RE2's budget (`prefilter.LARGE_MEMORY` for a large alternation)
        self.gate = gate
        self._gate_index = -1 if gate is None else gate.add(self)

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern; `match` and the other methods go straight to it."""
        compiled = re.compile(self.pattern, self.flags)
        for name in ("match", "fullmatch", "findall", "sub"):
            setattr(self, name, getattr(compiled, name))
        self.compiled = lambda: compiled  # type: ignore[method-assign]
        if prefilter.min_width(self.pattern, self.flags) == 0:
            self._form = None  # an empty match: `finditer`'s rules for it are `re`'s own
        else:
            self._form = prefilter.compiled_form(self.pattern, self.flags, self.memory)
        return compiled

    # RE2's relaxed form (`prefilter.compiled_form`), None when RE2 is not asked; known once
    # compiled (looked up once rather than on every scan: most scans end at the gate)
    _form: Any = False

    def finditer(
        self, string: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """`re.Pattern.finditer`."""
        scan = self._scan(string, pos, endpos)
        return self.compiled().finditer(string, pos, endpos) if scan is None else scan

    def matches_where(
        self, string: str, where: Callable[[int], bool]
    ) -> Iterator[re.Match[str]] | None:
        """The matches `finditer` gives when the pattern may start only where `where(offset)`
        holds (`matches_at`'s), or None when RE2 cannot say where this text's are."""
        return self._scan(string, 0, sys.maxsize, where)

    def _scan(
        self, string: str, pos: int, endpos: int, where: Callable[[int], bool] | None = None
    ) -> Iterator[re.Match[str]] | None:
        if (form := self._form) is False:
            self.compiled()  # `_form` is known once compiled
            form = self._form
        if form is None:
            return None
        if endpos < len(string):
            data = form.latin1(string[:endpos])
            if data is None:
                return None
        else:
            data = form.latin1(string)
            if data is None:
                return None
            if self.gate is not None and not self.gate.allows(self._gate_index, data):
                return iter(())  # the form matches nowhere in the text: neither does the pattern
        return self._matches(form, data, string, pos=pos, endpos=endpos, where=where)

    def _matches(
        self,
        form: Any,
        data: bytes,
        string: str,
        *,
        pos: int,
        endpos: int,
        where: Callable[[int], bool] | None,
    ) -> Iterator[re.Match[str]]:
        match, end = self.match, len(data)  # the compiled pattern's (`compiled`)
        search, anchor, guarded = form.regexp.Match, form.anchor, form.guarded
        pos = max(pos, 0)
        while pos <= end:
            # A match at `pos` may show in RE2 one character earlier, where its guard is; past
            # the text's start, a guarded form's match starts there, never at the match itself
            # (`prefilter._Relaxed`), and that place was RE2's leftmost: only the next is tried.
            start = search(anchor, data, pos - 1 if pos else 0, end)[0][0]
            if start < 0:
                return
            at = start + 1 if guarded and start else start
            while at <= start + 1:
                if (
                    pos <= at <= end
                    and (where is None or where(at))
                    and (found := match(string, at, endpos))
                ):
                    yield found
                    pos = found.end()
                    break
                at += 1
            else:
                pos = start + 2

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """`re.Pattern.search`."""
        return next(self.finditer(string, pos, endpos), None)

    def may_match(self, string: str, pos: int = 0) -> bool:
        """False when no match of the pattern can start at `pos` or later in `string` (RE2's
        relaxed form matches nowhere from a character before); True when one may, or when RE2
        cannot say (no RE2, a pattern ignoring case on a text `prefilter.case_safe` refuses)."""
        if self._form is False:
            self.compiled()  # `_form` is known once compiled
        form = self._form
        if form is None or (data := form.latin1(string)) is None:
            return True
        if self.gate is not None and not self.gate.allows(self._gate_index, data):
            return False  # the form matches nowhere in the text
        return bool(form.first(data, min(max(pos - 1, 0), len(data))) >= 0)


Pattern: TypeAlias = "re.Pattern[str] | LazyPattern"


def pii_pattern(pattern: str, flags: int = 0) -> FastPattern:
    """A FastPattern of the PII scans, asked about in PII_GATE's one set scan per text."""
    return FastPattern(pattern, flags, gate=PII_GATE)


_ASCII_ALNUM = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_ESCAPED = ".#/-'&"
_LITERAL = " #/'&-"


def _trigger(phrase: str) -> str:
    """The literal text every match of a cue phrase starts with ("" when there is none)."""
    out: list[str] = []
    i = 0
    while i < len(phrase):
        ch = phrase[i]
        if ch == "\\" and i + 1 < len(phrase) and phrase[i + 1] in _ESCAPED:
            out.append(phrase[i + 1])
            i += 2
        elif ch.isalnum() or ch in _LITERAL:
            out.append(ch)
            i += 1
        else:
            if ch in "?*{" and out:
                out.pop()  # the last character was optional
            break
    return "".join(out).lower()


_WHOLE = re.compile(r"[a-z0-9 #/'&-]+")  # a phrase that is its own literal text


class Cue:
    """Cue phrases (regex snippets): a case-insensitive whole-word pattern, plus the literal
    prefixes ("triggers") of the phrases. Occurrences are found by searching the lower-cased text
    for the triggers and matching the pattern only there, which is much faster than scanning the
    whole text with an IGNORECASE alternation; the result is memoised for the current text."""

    __slots__ = (
        "_empty",
        "_index",
        "_literals",
        "_longest",
        "_memo",
        "_starts",
        "_whole",
        "pattern",
        "triggers",
    )

    every: ClassVar[list[Cue]] = []  # each cue made, in order: `_present_cues` asks about all

    def __init__(self, *phrases: str) -> None:
        body = "|".join(phrases)
        self.pattern = LazyPattern(r"(?<![A-Za-z0-9])(?:" + body + r")(?![A-Za-z])", re.IGNORECASE)
        self.triggers = tuple(sorted({_trigger(p) for p in phrases}))
        self._empty = "" in self.triggers  # a phrase without a literal start: `spans` scans
        # the triggers that are whole phrases, and no other phrase's: a match there ends with
        # the trigger, before no letter (the pattern's right boundary)
        self._whole = frozenset(self.triggers) - {
            _trigger(p) for p in phrases if p != _trigger(p) or not _WHOLE.fullmatch(p)
        }
        self._memo: tuple[str, CueSpans] | None = None
        self._literals: Any = None  # RE2's search for the triggers (`prefilter.Literals`)
        self._longest = -1  # the longest occurrence's length (`last_end`), 0 if unbounded
        self._starts: re.Pattern[str] | None = None  # where a trigger may start (`_heads`)
        self._index = len(Cue.every)
        Cue.every.append(self)
        _PRESENT[0] = None  # its answer was about fewer cues

    def _trigger_search(self) -> Any:
        """RE2's search for the triggers (`prefilter.Literals`), built on first use; None
        without RE2."""
        if self._literals is None:
            self._literals = prefilter.literals(self.triggers, self._whole) or False
        return self._literals or None

    def present(self, text: str) -> bool:
        """Whether any phrase could occur in `text`: False only when `spans` finds nothing.
        One RE2 scan per text answers for every cue at once (`_present_cues`): whether the
        whole pattern's relaxed form matches (on a `prefilter.case_safe` text) or a trigger
        starts a word (where `spans` looks); without RE2, or when lower-casing changes the
        text's length, cheap substring checks."""
        memo = _PRESENT  # `_present_for`, its common case inline: asked many times a text
        found = memo[1] if memo[0] is text else _present_for(text)
        if found is not None:
            return self._index in found
        return any(t in lower(text) for t in self.triggers)

    def last_end(self, text: str, lo: int, hi: int) -> int:
        """Where the last occurrence of the cue in `text` ending between `lo` and `hi` (both
        included) ends, or -1 if none does: `spans(text).ends` asked about one place.

        Until the spans of `text` are known, when they are those of every place the pattern
        matches (as `spans` finds them with RE2 on a case-safe text), only the places such an
        occurrence can start are tried: a cue of common words ("to", "and", "for") is asked
        about once or twice a text, and finding all its occurrences costs far more."""
        memo = self._memo
        if memo is None or memo[0] is not text:
            present = _present_for(text)  # not None: lower-casing keeps the length
            if present is not None and not self._empty:
                if self._index not in present:
                    return -1
                if (
                    self._bound() > 0
                    and prefilter.case_safe(text)
                    and _phrase_form(self.pattern) is not None
                ):
                    return self._last_end_near(text, lo, hi)
        ends = self.spans(text).ends
        i = bisect.bisect_right(ends, hi)
        return ends[i - 1] if i and ends[i - 1] >= lo else -1

    def _bound(self) -> int:
        """The length of the cue's longest occurrence, 0 when it has none (a `\\s*` in a
        phrase); worked out on first need (parsing the pattern costs more than a cold start
        should pay for every cue)."""
        if self._longest < 0:
            width = prefilter.max_width(self.pattern.pattern, self.pattern.flags)
            self._longest = width if width <= _MARGIN else 0
        return self._longest

    def _last_end_near(self, text: str, lo: int, hi: int) -> int:
        """`last_end` found by trying the pattern where an occurrence ending between `lo` and
        `hi` can start, the pattern's matches being what `spans` keeps there. Such a place
        (`_heads`) holds a trigger's first character after no ASCII letter or digit (the
        pattern's left boundary), in the lower-cased text: on a case-safe text the characters
        `re` takes for a trigger's, ignoring case, lower-case to it, and only those of ASCII
        letters and digits lower-case to ASCII letters and digits."""
        match, best = self.pattern.match, -1
        for head in self._heads().finditer(lower(text), max(0, lo - self._longest), hi):
            if m := match(text, head.start()):
                end = m.end()
                if lo <= end <= hi and end > best:
                    best = end
        return best

    def _heads(self) -> re.Pattern[str]:
        """Where one of the triggers can start (`_last_end_near`), compiled on first need."""
        if self._starts is None:
            chars = "".join(sorted({re.escape(t[0]) for t in self.triggers}))
            self._starts = re.compile(f"(?<![a-z0-9])[{chars}]")
        return self._starts

    def spans(self, text: str) -> CueSpans:
        """Every occurrence of the cue in `text`, for many distance queries."""
        memo = self._memo
        if memo is not None and memo[0] is text:
            return memo[1]
        # Most cues occur in no given text, which the one RE2 scan for all cues already knows
        # (`_present_for`; its answer is None whenever one of the searches below could say
        # otherwise: without RE2, or when lower-casing changes the text's length).
        present = _PRESENT[1] if _PRESENT[0] is text else _present_for(text)
        if present is not None and self._index not in present and not self._empty:
            self._memo = (text, _NO_SPANS)
            return _NO_SPANS
        low = lower(text)
        found: list[tuple[int, int]] = []
        rising = False
        # Lower-casing can change the length of rare characters (İ); offsets then differ.
        if self._empty or len(low) != len(text):
            found = [(m.start(), m.end()) for m in self.pattern.finditer(text)]
        elif present is None and not self.present(text):  # (a set answer holds it, above)
            pass  # no search below finds a place where the pattern matches
        elif (form := _phrase_form(self.pattern)) is not None and prefilter.case_safe(text):
            # RE2 finds where the whole pattern's relaxed form matches (on a case-safe text,
            # ignoring case is the same for both engines): each match of the pattern starts
            # there or one character later, and far fewer places are tried than triggers occur
            # ("car" in "car park", "number" without "plate")
            # The form opens with the pattern's left boundary as a character it consumes,
            # `(?:^|[^A-Za-z0-9])` (it is `guarded`): a match at `i > 0` is a match of the form
            # at `i - 1`, so past the text's start only the character after each of the form's
            # starts needs trying (all of them are found: each is where the next one starts)
            match, tried, rising, guarded = self.pattern.match, -1, True, form.guarded
            for start in form.starts(prefilter.latin1_view(text)):
                if start > tried and (not guarded or not start) and (m := match(text, start)):
                    found.append((m.start(), m.end()))
                if m := match(text, start + 1):
                    found.append((m.start(), m.end()))
                tried = start + 1
        elif (search := self._trigger_search()) is not None:
            # the same positions as below, found by RE2 in the lower-cased text; after a
            # character that lower-cases to an ASCII letter (only the Kelvin sign does) RE2
            # sees no word start, nor does the pattern's own left boundary, ignoring case
            match, rising = self.pattern.match, True
            for i in search.starts(_padded_view(low)):
                if m := match(text, i):
                    found.append((m.start(), m.end()))
        else:
            for trigger in self.triggers:
                i = low.find(trigger)
                while i >= 0:
                    # inside a word ("id" in "said") the pattern's left boundary fails: skip
                    # the regex call (other characters before it are left to the regex)
                    if not i or text[i - 1] not in _ASCII_ALNUM:
                        m = self.pattern.match(text, i)
                        if m:
                            found.append((m.start(), m.end()))
                    i = low.find(trigger, i + 1)
        # RE2's places rise (each tried once); the finditer and substring searches' may not
        spans = CueSpans.of(found, ordered=rising)
        self._memo = (text, spans)
        return spans


@functools.lru_cache(maxsize=4)
def _padded_view(low: str) -> bytes:
    """A space and the lower-cased text's `latin1_view`: what `prefilter.Literals` reads (the
    space stands for the start of the text, where every word starts)."""
    return b" " + prefilter.latin1_view(low)


def _phrase_form(pattern: LazyPattern) -> Any:
    """The relaxed form of a cue's pattern (`prefilter.compiled_form`, for the texts
    `prefilter.case_safe` accepts: it ignores case), or None without RE2."""
    return prefilter.compiled_form(pattern.pattern, pattern.flags, prefilter.RE2_MEMORY)


# The last text `_present_for` answered for and its answer (forgotten when a cue is made): the
# detectors of one `find_pii` call ask about the same text object some thirty times, and a
# look-up by identity costs less than `_present_cues`'s cache key.
_PRESENT: list[Any] = [None, None]


def _present_for(text: str) -> frozenset[int] | None:
    """The indices of the cues (`Cue.every`) that may occur in `text` (`_present_cues`), or None
    when the one RE2 scan cannot say (then each cue checks its triggers): without RE2, or
    when lower-casing changes the text's length (offsets then differ)."""
    memo = _PRESENT
    if memo[0] is text:
        found: frozenset[int] | None = memo[1]
        return found
    low = lower(text)
    found = _present_cues(text, low, len(Cue.every)) if len(low) == len(text) else None
    memo[:] = (text, found)
    return found


@functools.lru_cache(maxsize=4)
def _present_cues(text: str, low: str, count: int) -> frozenset[int] | None:
    """The indices of the first `count` cues (`Cue.every`) that may occur in `text` (`low`
    lower-cased, of the same length), from one RE2 scan for them all: on a case-safe text
    (`prefilter.case_safe`), those whose pattern's relaxed form matches; on another, those one
    of whose triggers starts a word (where `Cue.spans` looks for them, `prefilter.Literals`).
    None without RE2, or when its scan fails."""
    found: frozenset[int] | None = None
    if prefilter.case_safe(text) and (forms := _cue_forms(count)) is not None:
        found = forms.matching(prefilter.latin1_view(text))
    elif (sets := _cue_sets(count)) is not None:
        found = sets.present(_padded_view(low))
    return found


@functools.lru_cache(maxsize=1)
def _cue_forms(count: int) -> Any:
    """RE2's set of the first `count` cues' relaxed patterns (`prefilter.FormSet`), or None
    without RE2 or when one has no relaxed form (the trigger sets answer then)."""
    cues = Cue.every[:count]
    if any(_phrase_form(cue.pattern) is None for cue in cues):
        return None
    return prefilter.form_set(tuple((cue.pattern.pattern, cue.pattern.flags) for cue in cues))


@functools.lru_cache(maxsize=1)
def _cue_sets(count: int) -> Any:
    """RE2's set of the first `count` cues' trigger searches (`prefilter.LiteralSets`), or
    None."""
    cues = Cue.every[:count]
    return prefilter.literal_sets(tuple((cue.triggers, cue._whole) for cue in cues))


class CueSpans(NamedTuple):
    """Where a cue occurs in one text: sorted starts and (separately) sorted ends."""

    starts: list[int]
    ends: list[int]
    pairs: list[tuple[int, int]]

    @staticmethod
    def of(found: list[tuple[int, int]], ordered: bool = False) -> CueSpans:
        """The spans of the matches `found` (start, end): in any order, repeated or not, or
        `ordered` (each start once, rising: as matches tried at rising places come)."""
        if not found:
            return _NO_SPANS  # most cues in most texts; never changed, so shared
        pairs = found if ordered else sorted(set(found))
        starts = [s for s, _ in pairs] if ordered else list(dict.fromkeys(s for s, _ in pairs))
        return CueSpans(starts, sorted({e for _, e in pairs}), pairs)

    def windows(self, size: int) -> list[tuple[int, int]]:
        """The merged regions of a text of length `size` where a value close enough to one of
        these cues can lie (with a margin longer than any context value)."""
        out: list[tuple[int, int]] = []
        before, after = AFTER + _MARGIN, WINDOW + _MARGIN
        for s, e in self.pairs:
            lo, hi = s - before, e + after
            lo, hi = lo if lo > 0 else 0, hi if hi < size else size
            if out and lo <= out[-1][1]:
                if hi > out[-1][1]:
                    out[-1] = (out[-1][0], hi)
            else:
                out.append((lo, hi))
        return out

    def distance(self, start: int, end: int, after: int = AFTER) -> int:
        """Characters between a candidate at `start`..`end` and its nearest cue, or -1.

        A cue must end within WINDOW characters before the candidate, or start within `after`
        characters after it; one after counts as farther than any before, so that in
        "SSN 123-45-6789, PIN 1234" each number keeps the cue that introduces it.
        """
        i = bisect.bisect_right(self.ends, start)  # cues ending at or before the candidate
        if i and start - self.ends[i - 1] <= WINDOW:
            return start - self.ends[i - 1]
        j = bisect.bisect_left(self.starts, end)  # first cue starting after it
        if after and j < len(self.starts) and self.starts[j] - end <= after:
            return WINDOW + (self.starts[j] - end)
        return -1


_NO_SPANS = CueSpans([], [], [])


def matches_at(pattern: Pattern, triggers: tuple[str, ...], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern` that start where one of the lower-case `triggers` occurs (the
    pattern must begin with one of them): a literal search instead of a full regex scan."""
    low = lower(text)
    if len(low) != len(text):
        yield from pattern.finditer(text)
        return
    if isinstance(pattern, FastPattern):  # RE2 skips most trigger words: "age" in "message"
        found = pattern.matches_where(text, lambda i: any(low.startswith(t, i) for t in triggers))
        if found is not None:
            yield from found
            return
    hits = sorted({i for t in triggers for i in _find_all(low, t)})
    end = -1
    for i in hits:
        if i < end:
            continue
        m = pattern.match(text, i)
        if m:
            end = m.end()
            yield m


def _find_all(haystack: str, needle: str) -> Iterator[int]:
    i = haystack.find(needle)
    while i >= 0:
        yield i
        i = haystack.find(needle, i + 1)


def cue_distance(cue: Cue, text: str, start: int, end: int, after: int = AFTER) -> int:
    """Characters between a candidate and the nearest occurrence of `cue`, or -1 (see
    `CueSpans.distance`)."""
    return cue.spans(text).distance(start, end, after)


def cue_before(cue: Cue, text: str, start: int, width: int) -> bool:
    """Whether a (negative) cue ends within `width` characters before `start` (`Cue.last_end`:
    only that stretch is searched unless the cue's spans are known)."""
    return cue.last_end(text, start - width, start) >= 0


_NON_DIGITS = re.compile(r"\D+")


def digits_of(value: str) -> str:
    """The value's digits, separators dropped."""
    return _NON_DIGITS.sub("", value)


# Left/right boundaries of a number token: not glued to letters, digits, or a decimal part, so
# "1234" is not found inside "A1234", "12345" or "1234.56".
# The left checks sit after the first character (`\d(?<!...)`) rather than before it: a pattern
# that starts with a character class lets `re` skip quickly to the next possible start.
NUM = r"\d(?<![\w+-]\d)(?<!\d[.,/:]\d)"  # first digit, not glued to a word or a decimal
NUM_R = r"(?![\w]|[.,/:-]\d)"
TOKEN = r"[A-Z0-9](?<![\w-][A-Z0-9])"  # first character of an upper-case code
TOKEN_R = r"(?![\w]|-\w)"


def near_cue(pattern: Pattern, cue: Cue, text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern` in the parts of `text` close enough to `cue` to be introduced by
    it (nothing at all when the cue does not occur)."""
    if not cue.present(text):
        return
    for lo, hi in cue.spans(text).windows(len(text)):
        yield from pattern.finditer(text, lo, hi)


def context_rule(
    type_: str,
    pattern: str,
    cue: Cue,
    *,
    check: Callable[[str], bool] | None = None,
    rank: int = CONTEXT,
    flags: int = 0,
    digits: bool = True,
) -> Detector:
    """A detector for values that are generic on their own and need a cue word nearby.

    `digits`: every value `pattern` matches holds a digit, so texts without one are skipped.
    """
    compiled = LazyPattern(pattern, flags)

    @cued_by(cue)
    def detect(text: str) -> Iterator[Candidate]:
        if (digits and not has_digit(text)) or not cue.present(text):
            return
        # Only the text near a cue can hold a value it introduces: scan those windows alone
        # (`near_cue`, unrolled: this runs thirteen times a text).
        spans = cue.spans(text)
        for lo, hi in spans.windows(len(text)):
            for m in compiled.finditer(text, lo, hi):
                if check is not None and not check(m.group()):
                    continue
                dist = spans.distance(m.start(), m.end())
                if dist >= 0:
                    yield Candidate(type_, m.start(), m.end(), rank, dist)

    return detect


def value_after_cue(
    type_: str,
    pattern: str,
    accept: Callable[[str, str, str], bool],
    triggers: tuple[str, ...],
    rank: int = CONTEXT,
) -> Detector:
    """A detector for `CUE [is|:|=] VALUE`: groups `cue`, `sep` and `v` (the match).

    `accept(cue, separator, value)` rejects ordinary words caught after a cue ("password is
    required"); the pattern is only tried where one of the literal lower-case `triggers` (the
    cues' first letters) occurs.
    """
    compiled = pii_pattern(pattern, re.IGNORECASE)

    @gated_by(compiled)
    def detect(text: str) -> Iterator[Candidate]:
        for m in matches_at(compiled, triggers, text):
            value = m.group("v").rstrip(".,;:\"'`")
            sep = (m.group("sep") or "").lower()
            if len(value) < 2 or not accept(m.group("cue").lower(), sep, value):
                continue
            yield Candidate(type_, m.start("v"), m.start("v") + len(value), rank, 0)

    return detect
