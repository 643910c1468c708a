"""One Unicode normalisation for every detector, with a map from normalised offsets back to
the original text.

A filter must not be dodged by `Ｐｒｏｊｅｃｔ` (full width), `Pro\u200bject` (a zero-width space),
`jane﹫example.com` (a small commercial at), `١٢٣-٤٥-٦٧٨٩` (Arabic-Indic digits) or `123–45–6789`
(en dashes). Two strengths of the same pipeline (docs/evaluator.md, "Normalisation"):

* `canonical(text)`: what every detector sees (PII, user patterns, and words underneath).
  Per character (with its combining marks): NFKC; then format and default-ignorable characters
  removed (`INVISIBLE`); decimal digits of any script to ASCII; dash variants to `-`; the
  ideographic full stops to `.`. Case is kept: patterns are case-sensitive, and PII detectors
  read capitals (`AKIA`, IBANs).
* `normalise(text)`: `canonical`, then casefold and common Cyrillic/Greek look-alikes mapped to
  ASCII: what word and profanity lists are compared with.

Both return, for each normalised character, the original range it came from, so that a match
found on the normalised text is reported and masked as the user wrote it, and everything else
is returned untouched. ASCII text takes a fast path (`canonical` returns it unchanged).

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from .charsets import (
    BMP_DIGITS,
    DASHES,
    DOTS,
    EXPANDS,
    HOMOGLYPHS,
    INVISIBLE,
    INVISIBLE_BMP,
    REPLACE,
    UPPER_HOMOGLYPHS,
)

# What NFKC leaves to do: invisibles, dashes, dots, digits other than 0-9 (`[^\D0-9]`).
_FIXUP = re.compile(f"[{INVISIBLE}{DASHES}{DOTS}]|[^\\D0-9]")
# A superset of `_FIXUP`'s characters as one class of the Basic Multilingual Plane plus every
# astral character: where folding may have work besides NFKC. One class scans ten times
# faster than `_FIXUP` (no range tests per character), which matters on text with nothing to
# fold: most non-ASCII text.
_MAYBE = re.compile(f"[{INVISIBLE_BMP}{DASHES}{DOTS}{BMP_DIGITS}\U00010000-\U0010ffff]")
_INVISIBLE_CHAR = re.compile(f"[{INVISIBLE}]")
_INVISIBLE_BMP_SET = frozenset(
    chr(c)
    for first, last in re.findall("(.)(?:-(.))?", INVISIBLE_BMP)
    for c in range(ord(first), ord(last or first) + 1)
)


def is_invisible(char: str) -> bool:
    """Whether `char` is removed by every normalisation (`INVISIBLE`)."""
    return char in _INVISIBLE_BMP_SET or (
        char > "\uffff" and _INVISIBLE_CHAR.match(char) is not None
    )


_INVISIBLE_RUN = re.compile(f"[{INVISIBLE}]+")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


class Segment(NamedTuple):
    """A stretch of normalised text from `norm_start` and where it came from: characters that
    map one to one onto `[start, end)` (`identity`: ASCII runs, and characters that fold to
    one character), or one folded unit whose characters all map back to the whole original
    range `[start, end)`. Characters removed (invisibles) are in no segment."""

    norm_start: int
    start: int
    end: int
    identity: bool


class Normalised(NamedTuple):
    """A normalised text and how to map its offsets back to the original.

    `segments` is None when offsets are the identity (ASCII text, or text whose every character
    folded to exactly one). Otherwise it is ordered by `norm_start` and `keys` holds those
    starts (for bisection), so the map costs one entry per one-to-one stretch or folded unit,
    not one per character. `size` is the length of the text mapped to; `inner`, when set, is
    the map of that text to the original (a layer folded on top of `canonical`).
    """

    text: str
    segments: list[Segment] | None = None
    keys: list[int] | None = None
    size: int = 0
    inner: Normalised | None = None

    def _index(self, index: int) -> int:
        assert self.keys is not None
        return max(bisect_right(self.keys, index) - 1, 0)

    def original_span(self, start: int, end: int, *, absorb: bool = False) -> tuple[int, int]:
        """The range of the original text that produced normalised characters `[start, end)`.

        Removed characters inside the range are in it. With `absorb`, so are removed
        characters right before and after it (a mask then leaves no invisible remnant of the
        value glued to it)."""
        span = self._span(start, end, absorb)
        return span if self.inner is None else self.inner.original_span(*span, absorb=absorb)

    def _span(self, start: int, end: int, absorb: bool) -> tuple[int, int]:
        segments, keys = self.segments, self.keys
        if not segments or keys is None:  # one-to-one, or nothing left after folding
            return start, end
        k = self._index(start)
        first = segments[k]
        o_start = first.start + (start - first.norm_start) if first.identity else first.start
        if absorb and start == first.norm_start:
            o_start = segments[k - 1].end if k else 0
        if start >= end:
            return o_start, o_start
        k = self._index(end - 1)
        last = segments[k]
        o_end = last.start + (end - last.norm_start) if last.identity else last.end
        if absorb:
            norm_end = keys[k + 1] if k + 1 < len(keys) else len(self.text)
            if end == norm_end:
                o_end = segments[k + 1].start if k + 1 < len(segments) else self.size
        return o_start, o_end


def _fixup(match: re.Match[str]) -> str:
    char = match.group()
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    return REPLACE.get(char, "")  # an invisible character is removed


@lru_cache(maxsize=4096)  # the same few non-ASCII characters recur in a text
def canonical_unit(unit: str) -> str:
    """`canonical` of one unit (a character and its combining marks), without offsets."""
    folded = unicodedata.normalize("NFKC", unit)
    return folded if folded.isascii() else _FIXUP.sub(_fixup, folded)


@lru_cache(maxsize=4096)
def case_unit(unit: str) -> str:
    """The word-list layer on one unit of canonical text: casefold, look-alikes to ASCII."""
    folded = unit.translate(UPPER_HOMOGLYPHS).casefold()
    # NFKC can leave a decomposed form after casefold (e.g. `İ`), so recompose
    return unicodedata.normalize("NFC", folded).translate(HOMOGLYPHS)


def _unit_end(text: str, i: int, stop: int) -> int:
    """Where the unit starting at `i` ends: after the combining marks that follow its base
    character, invisible characters between them included (they are removed before folding,
    so `e` U+200B U+0301 is `é`, the same as `e` U+0301)."""
    j = k = i + 1
    combining, invisible = unicodedata.combining, is_invisible
    while k < stop:
        if combining(text[k]):
            j = k = k + 1
        elif invisible(text[k]):
            k += 1
        else:
            break
    return j


class _Folder:
    """Builds one normalised text and its offset map, left to right."""

    def __init__(
        self,
        text: str,
        lower: bool,
        unit_fold: Callable[[str], str],
        run_fold: Callable[[str], str | None] | None = None,
    ) -> None:
        self.text = text
        self.lower = lower  # lower-case the ASCII characters copied
        self.unit_fold = unit_fold
        self.run_fold = run_fold  # a whole non-ASCII run at once, when one-to-one (else None)
        self.pieces: list[str] = []
        self.segments: list[Segment] = []
        self.stretch = self.norm = 0  # original and normalised start of the one-to-one stretch

    def units(self, i: int, limit: int) -> int:
        """Fold the units from `i` until `limit` (the last may end after it); its end.

        An invisible character is dropped; a unit (a base character with its combining marks,
        which NFKC may compose) is folded on its own. A character folding to one character
        keeps one-to-one offsets, and so does a unit folding to as many characters as it has
        (`Σ` U+0301 is `σ` U+0301); otherwise every output character maps back to the whole
        unit, and a unit folding to nothing maps nowhere."""
        text, invisible, combining = self.text, is_invisible, unicodedata.combining
        length, unit_fold = len(text), self.unit_fold
        while i < limit:
            char = text[i]
            paired = True  # the unit's characters pair up with the folded ones, if as many
            if invisible(char):
                folded, j = "", i + 1
            elif i + 1 < length and (combining(text[i + 1]) or invisible(text[i + 1])):
                j = _unit_end(text, i, length)
                visible = _INVISIBLE_RUN.sub("", text[i:j])
                folded, paired = unit_fold(visible), len(visible) == j - i
            else:
                folded, j = unit_fold(char), i + 1
            if paired and len(folded) == j - i:
                self.pieces.append(folded)
            else:  # close the one-to-one stretch, then map the folded unit to the whole unit
                if i > self.stretch:
                    self.segments.append(Segment(self.norm, self.stretch, i, True))
                size = self.norm + (i - self.stretch)
                if folded:
                    self.pieces.append(folded)
                    self.segments.append(Segment(size, i, j, False))
                self.stretch, self.norm = j, size + len(folded)
            i = j
        return i

    def runs(self, i: int, limit: int) -> int:
        """Copy the ASCII characters of `[i, limit)` and fold its non-ASCII runs; the end."""
        text, invisible = self.text, is_invisible
        for run in _NON_ASCII_RUN.finditer(text, i, limit):
            begin, stop = run.span()
            if begin < i:  # inside a unit already folded
                continue
            # a combining mark joins the ASCII letter before it (`e` + U+0301 is one unit `é`)
            if begin > i:
                first = begin
                while first < stop and invisible(text[first]):
                    first += 1
                if first < stop and unicodedata.combining(text[first]):
                    begin -= 1
            self.copy(i, begin)
            whole = self.run_fold(text[begin:stop]) if self.run_fold is not None else None
            if whole is not None:  # the run folds one character for one
                self.pieces.append(whole)
                i = stop
            else:
                i = self.units(begin, stop)
        if i < limit:
            self.copy(i, limit)
            i = limit
        return i

    def copy(self, i: int, limit: int) -> None:
        """Copy `[i, limit)` one to one (ASCII, or text folding leaves alone)."""
        part = self.text[i:limit]
        self.pieces.append(part.lower() if self.lower else part)

    def result(self) -> Normalised:
        text, segments = self.text, self.segments
        folded = "".join(self.pieces)
        if not segments and self.stretch == 0:  # every character folded to one: identity
            return Normalised(folded, size=len(text))
        if len(text) > self.stretch:
            segments.append(Segment(self.norm, self.stretch, len(text), True))
        return Normalised(folded, segments, [s.norm_start for s in segments], len(text))


def _joins_previous(text: str, at: int) -> bool:
    """Whether the character at `at`, or the first after the invisible ones there, is a
    combining mark: it then belongs to the unit before `at`."""
    invisible = _INVISIBLE_CHAR.match
    while at < len(text) and invisible(text, at):
        at += 1
    return at < len(text) and unicodedata.combining(text[at]) > 0


def _unit_start(text: str, at: int, floor: int) -> int:
    """Where the unit that the marks at `at` join begins: back over the combining marks and
    invisible characters before `at` to their base character (`e`+ZWSP+U+0301 is `é`, and so
    is `e`+U+0301+ZWSP+U+0301), but not before `floor`."""
    k = at - 1
    while k > floor and (unicodedata.combining(text[k]) or is_invisible(text[k])):
        k -= 1
    return k


def canonical(text: str) -> Normalised:
    """What every detector matches on: NFKC, invisibles removed, digits of any script, dash
    variants and ideographic full stops as ASCII; case kept. ASCII text, and text with
    nothing to fold, is returned as it is (same object, identity offsets)."""
    if text.isascii():
        return Normalised(text, size=len(text))
    hits = [m.start() for m in _MAYBE.finditer(text)]
    if not hits and unicodedata.is_normalized("NFKC", text):
        return Normalised(text, size=len(text))
    folder = _Folder(text, False, canonical_unit)
    i = 0
    # Between two characters that may need folding, a stretch NFKC leaves alone is copied
    # whole; the others are folded run by run, and those characters unit by unit.
    for at in [*hits, len(text)]:
        if at < i:
            continue  # inside a unit already folded
        cut = _unit_start(text, at, i) if at > i and _joins_previous(text, at) else at
        if unicodedata.is_normalized("NFKC", text[i:cut]):
            folder.copy(i, cut)
            i = cut
        else:
            i = folder.runs(i, cut)
        i = folder.units(i, at + 1) if at < len(text) else i
    return folder.result()


# Look-alikes that casefold leaves alone, found by one regex rather than `str.translate` with a
# table (slow on long non-ASCII text).
_EXPANDS = re.compile(f"[{EXPANDS}]")
_LOWER_LOOKALIKES = re.compile("[" + "".join(map(chr, HOMOGLYPHS)) + "]")
_UPPER_LOOKALIKES = re.compile("[" + "".join(map(chr, UPPER_HOMOGLYPHS)) + "]")


def normalise(text: str) -> Normalised:
    """What word lists are matched on: `canonical`, then casefold and look-alikes to ASCII.

    Casefolding keeps one character for one nearly always; then the canonical offsets serve
    as they are. Otherwise (`ß` is `ss`, `İ` is `i̇`) the canonical text is folded again unit
    by unit, with a map of its own on top of the canonical one."""
    if text.isascii():
        return Normalised(text.lower(), size=len(text))
    canon = canonical(text)
    folded = _case_run(canon.text)
    if folded is not None:
        return canon._replace(text=folded)
    # Between the characters that casefold expands, stretches folding one for one are
    # copied whole; those characters (with their combining marks) are folded unit by unit.
    text = canon.text
    folder = _Folder(text, True, case_unit, _case_run)
    i = 0
    for at in [*(m.start() for m in _EXPANDS.finditer(text)), len(text)]:
        if at < i:
            continue  # inside a unit already folded
        whole = _case_run(text[i:at])
        if whole is not None:
            folder.pieces.append(whole)
            i = at
        else:
            i = folder.runs(i, at)
        i = folder.units(i, at + 1) if at < len(text) else i
    layer = folder.result()
    return layer if canon.segments is None else layer._replace(inner=canon)


def _case_run(text: str) -> str | None:
    """The word-list layer (`case_unit`) on a whole canonical text, when it keeps one
    character for one (else None)."""
    try:  # Latin-1 only: no look-alike (the first is `ı`), no combining mark (U+0300 on)
        text.encode("latin-1")
    except UnicodeEncodeError:
        pass
    else:
        folded = text.casefold()
        return folded if len(folded) == len(text) else None
    folded = text.translate(UPPER_HOMOGLYPHS) if _UPPER_LOOKALIKES.search(text) else text
    folded = folded.casefold()
    if len(folded) != len(text) or not unicodedata.is_normalized("NFC", folded):
        return None
    return folded.translate(HOMOGLYPHS) if _LOWER_LOOKALIKES.search(folded) else folded


def fold_unit(unit: str) -> str:
    """`normalise` of one unit (a character and its combining marks), without offsets."""
    return case_unit(canonical_unit(unit))


def normalise_phrase(phrase: str) -> str:
    """The normalised form of a word-list phrase (no offsets needed)."""
    return normalise(phrase).text
