"""Unicode normalisation for matching, with a map from normalised offsets back to the original.

Word filters must not be dodged by `Ｐｒｏｊｅｃｔ` (full width), `Prоject` (a Cyrillic `о`),
`Pro\u200bject` (a zero-width space) or `PROJECT`. So both the phrases and the text are folded
the same way: NFKC, casefold, invisible characters removed, common homoglyphs mapped to ASCII.
Assessments must still report the text as the user wrote it, so `normalise` also returns, for
each normalised character, the original range it came from.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

# Characters that render as nothing (or nearly nothing) and are used to split words so that a
# filter misses them: zero-width space/joiners, word joiner, BOM, soft hyphen, Mongolian vowel
# separator, combining grapheme joiner, bidi controls and variation selectors.
_INVISIBLE = frozenset(
    "\u00ad\u034f\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    + "".join(chr(c) for c in range(0xFE00, 0xFE10))
)

# Look-alikes that NFKC leaves alone (they are distinct letters in their own scripts). Applied
# after casefold, so only lower-case forms are listed (capitals: `_UPPER_HOMOGLYPHS`). One
# character to one character, so the offset map is unaffected.
_HOMOGLYPHS = str.maketrans(
    {
        # Cyrillic
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "һ": "h",
        "і": "i",
        "ї": "i",
        "ј": "j",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "ѕ": "s",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ɡ": "g",
        # Greek
        "α": "a",
        "β": "b",
        "ε": "e",
        "η": "n",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        # Latin look-alikes outside ASCII
        "ı": "i",
        "ȷ": "j",
        "ℓ": "l",
    }
)

# Capital look-alikes, mapped before casefold: their lower-case forms look different (Greek
# `Η` is an H, its lower case `η` is an n), so they cannot be folded after it.
_UPPER_HOMOGLYPHS = str.maketrans(
    dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧАВЕКМНОРСТХУЅІЈ", "ABEZHIKMNOPTYXABEKMHOPCTXYSIJ", strict=True))
)

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


class Segment(NamedTuple):
    """A stretch of normalised text from `norm_start` and where it came from: an ASCII run
    copied one to one (`identity`), or one folded unit whose characters all map back to the
    whole original range `[start, end)`."""

    norm_start: int
    start: int
    end: int
    identity: bool


class Normalised(NamedTuple):
    """A normalised text and how to map its offsets back to the original.

    `segments` is None when the text was ASCII: then offsets are the identity. Otherwise it
    is ordered by `norm_start` and `keys` holds those starts (for bisection), so the map costs
    one entry per ASCII run or non-ASCII unit, not one per character.
    """

    text: str
    segments: list[Segment] | None = None
    keys: list[int] | None = None

    def _segment(self, index: int) -> Segment:
        assert self.segments is not None and self.keys is not None
        return self.segments[max(bisect_right(self.keys, index) - 1, 0)]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The range of the original text that produced normalised characters `[start, end)`."""
        if not self.segments:  # ASCII (identity), or nothing left after folding
            return start, end
        first = self._segment(start)
        o_start = first.start + (start - first.norm_start) if first.identity else first.start
        if start >= end:
            return o_start, o_start
        last = self._segment(end - 1)
        o_end = last.start + (end - last.norm_start) if last.identity else last.end
        return o_start, o_end


@lru_cache(maxsize=4096)  # the same few non-ASCII characters recur in a text
def fold_unit(unit: str) -> str:
    """Normalise one unit (a character and its combining marks) without the offset map."""
    folded = unicodedata.normalize("NFKC", unit).translate(_UPPER_HOMOGLYPHS).casefold()
    if any(c in _INVISIBLE for c in folded):
        folded = "".join(c for c in folded if c not in _INVISIBLE)
    # NFKC can leave a decomposed form after casefold (e.g. `İ`), so recompose
    return unicodedata.normalize("NFC", folded).translate(_HOMOGLYPHS)


def normalise(text: str) -> Normalised:
    """Fold `text` for matching: NFKC, casefold, invisibles removed, homoglyphs to ASCII.

    ASCII text takes a fast path (lower-casing keeps offsets). Otherwise ASCII runs are copied
    with identity offsets and each non-ASCII unit (a base character with its combining marks,
    which NFKC may compose) is folded on its own; every output character of a unit maps back to
    the whole unit.
    """
    if text.isascii():
        return Normalised(text.lower())
    pieces: list[str] = []
    segments: list[Segment] = []
    size = 0  # length of the normalised text so far

    def copy(begin: int, stop: int) -> None:
        nonlocal size
        pieces.append(text[begin:stop].lower())
        segments.append(Segment(size, begin, stop, True))
        size += stop - begin

    pos = 0
    for run in _NON_ASCII_RUN.finditer(text):
        begin, stop = run.span()
        # a combining mark joins the ASCII letter before it (`e` + U+0301 is one unit `é`)
        if begin > pos and unicodedata.combining(text[begin]):
            begin -= 1
        if begin > pos:
            copy(pos, begin)
        i = begin
        while i < stop:
            j = i + 1
            while j < stop and unicodedata.combining(text[j]):
                j += 1
            folded = fold_unit(text[i:j])
            if folded:
                pieces.append(folded)
                segments.append(Segment(size, i, j, False))
                size += len(folded)
            i = j
        pos = stop
    if pos < len(text):
        copy(pos, len(text))
    return Normalised("".join(pieces), segments, [s.norm_start for s in segments])


def normalise_phrase(phrase: str) -> str:
    """The normalised form of a word-list phrase (no offsets needed)."""
    return normalise(phrase).text
