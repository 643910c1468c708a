"""The character tables of the shared normalisation (`normalise.py`, docs/evaluator.md,
"Normalisation"): regex class bodies and translation tables, fixed here rather than derived
from `unicodedata` at import (the evaluator zipapp's cold start, and sets that do not move
with the Python version). tests/runtime/test_runtime_normalise.py checks them against the
running Python's Unicode database.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

# Characters removed from every text before matching, as a regex class body: Unicode's
# Default_Ignorable_Code_Point (soft hyphen, combining grapheme joiner, Arabic letter mark,
# Hangul fillers, Khmer inherent vowels, Mongolian variation selectors and vowel separator,
# zero-width space/joiners, bidi marks, embeddings, overrides and isolates, word joiner and
# invisible operators, variation selectors, BOM, shorthand format controls, musical symbol
# formatting, and the whole tag block U+E0000–U+E0FFF) plus every other format character
# (general category Cf: Arabic number signs, Syriac abbreviation mark, interlinear annotation
# controls, Kaithi and Egyptian hieroglyph format controls). Fixed here, not read from
# `unicodedata`, so the set does not move with the Python version; a test checks that it
# covers every Cf character of the running Python.
INVISIBLE_BMP = (
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufffb"
)
INVISIBLE = INVISIBLE_BMP + (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff"
)
# Dash variants read as a hyphen-minus (what number formats and patterns use as separator):
# hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar, minus sign (NFKC
# already maps the small and full-width hyphen-minus, and the small em dash to an em dash).
DASHES = "\u2010-\u2015\u2212"
# Full stops read as `.`: the ideographic and halfwidth ideographic full stops, which IDNA
# (UTS #46) also maps to `.` in domain names (NFKC maps the full-width full stop already).
DOTS = "\u3002\uff61"
# The decimal digits of the Basic Multilingual Plane other than 0-9 (Unicode 15.1; those of
# the other planes are caught by the astral range of `normalise._MAYBE`).
BMP_DIGITS = (
    "\u0660-\u0669\u06f0-\u06f9\u07c0-\u07c9\u0966-\u096f\u09e6-\u09ef\u0a66-\u0a6f"
    "\u0ae6-\u0aef\u0b66-\u0b6f\u0be6-\u0bef\u0c66-\u0c6f\u0ce6-\u0cef\u0d66-\u0d6f"
    "\u0de6-\u0def\u0e50-\u0e59\u0ed0-\u0ed9\u0f20-\u0f29\u1040-\u1049\u1090-\u1099"
    "\u17e0-\u17e9\u1810-\u1819\u1946-\u194f\u19d0-\u19d9\u1a80-\u1a89\u1a90-\u1a99"
    "\u1b50-\u1b59\u1bb0-\u1bb9\u1c40-\u1c49\u1c50-\u1c59\ua620-\ua629\ua8d0-\ua8d9"
    "\ua900-\ua909\ua9d0-\ua9d9\ua9f0-\ua9f9\uaa50-\uaa59\uabf0-\uabf9\uff10-\uff19"
)
REPLACE = {
    **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
    "\u3002": ".",
    "\uff61": ".",
}

# Look-alikes that NFKC leaves alone (they are distinct letters in their own scripts). Applied
# after casefold, so only lower-case forms are listed (capitals: `UPPER_HOMOGLYPHS`). One
# character to one character, so the offset map is unaffected.
HOMOGLYPHS = str.maketrans(
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
UPPER_HOMOGLYPHS = str.maketrans(
    dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧАВЕКМНОРСТХУЅІЈ", "ABEZHIKMNOPTYXABEKMHOPCTXYSIJ", strict=True))
)

# The characters that casefold turns into several (`ß` is `ss`; all in the Basic Multilingual
# Plane as of Unicode 15.1; a test checks the running Python's).
EXPANDS = (
    "\u00df\u0130\u0149\u01f0\u0390\u03b0\u0587\u1e96-\u1e9a\u1e9e\u1f50\u1f52\u1f54\u1f56"
    "\u1f80-\u1faf\u1fb2-\u1fb4\u1fb6-\u1fb7\u1fbc\u1fc2-\u1fc4\u1fc6-\u1fc7\u1fcc\u1fd2-\u1fd3"
    "\u1fd6-\u1fd7\u1fe2-\u1fe4\u1fe6-\u1fe7\u1ff2-\u1ff4\u1ff6-\u1ff7\u1ffc\ufb00-\ufb06"
    "\ufb13-\ufb17"
)
