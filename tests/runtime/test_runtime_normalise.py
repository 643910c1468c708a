"""The one normalisation every detector sees (`runtime/normalise.py`): what is folded, what is
kept, and the offset map back to the original text."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from compiler.runtime.charsets import (
    BMP_DIGITS,
    EXPANDS,
    HOMOGLYPHS,
    INVISIBLE,
    UPPER_HOMOGLYPHS,
)
from compiler.runtime.normalise import (
    Normalised,
    _Folder,
    canonical,
    canonical_unit,
    fold_unit,
    normalise,
)

# The folding table of docs/evaluator.md ("Normalisation"), row by row.
FOLDED = [
    ("４１１１", "4111"),  # full-width digits (NFKC)
    ("ＡＫＩＡ", "AKIA"),  # full-width letters, case kept (NFKC)
    ("𝟒𝟐", "42"),  # mathematical bold digits (NFKC)
    ("𝐀𝐁", "AB"),  # mathematical bold letters (NFKC)
    ("jane﹫x", "jane@x"),  # small commercial at (NFKC)
    ("jane＠x", "jane@x"),  # full-width commercial at (NFKC)
    ("1．2", "1.2"),  # full-width full stop (NFKC)
    ("a。b｡c", "a.b.c"),  # ideographic and halfwidth ideographic full stops
    ("ﬁle", "file"),  # ligature (NFKC)
    ("x²", "x2"),  # superscript (NFKC)
    ("a\u00a0b\u3000c", "a b c"),  # no-break and ideographic spaces (NFKC)
    ("١٢٣", "123"),  # Arabic-Indic digits
    ("۴۵۶", "456"),  # extended Arabic-Indic digits
    ("०१२", "012"),  # Devanagari digits
    ("123\u201345\u20146789", "123-45-6789"),  # en and em dashes
    ("1\u20102\u20113\u20124\u20155\u22126", "1-2-3-4-5-6"),  # hyphens, figure dash, bar, minus
    ("1\ufe632\uff0d3\ufe584", "1-2-3-4"),  # small and full-width hyphen-minus, small em dash
    ("a\u200bb\u200cc\u200dd\u2060e\ufeff", "abcde"),  # zero-width characters, BOM
    ("a\u00adb", "ab"),  # soft hyphen
    ("a\u202eb\u202cc\u2066d\u2069\u200e\u200f", "abcd"),  # bidi controls
    ("a\u3164b\u115fc\u1160d\uffa0e", "abcde"),  # Hangul fillers
    ("a\U000e0041\U000e0001b\U000e007f", "ab"),  # tag characters
    ("a\ufe0fb\U000e0100c\u034fd\u180ee", "abcde"),  # variation selectors, CGJ, Mongolian
    ("e\u0301", "é"),  # combining marks compose (NFKC)
    ("e\u200b\u0301", "é"),  # ... even with an invisible character between
]


@pytest.mark.parametrize(("text", "folded"), FOLDED)
def test_the_documented_folding(text: str, folded: str) -> None:
    assert canonical(text).text == folded


@pytest.mark.parametrize(
    "text",
    ["Ünïcödé Straße", "ПРОЕКТ", "日本語のテキスト", "emoji 😀 ok", "Ωmega", "ı İ"],
)
def test_what_is_kept(text: str) -> None:
    """Case, letters of other scripts, look-alikes and emoji are left alone by `canonical`
    (look-alikes and case are folded for word lists only)."""
    norm = canonical(text)
    assert norm.text == text
    assert norm.segments is None


def test_ascii_text_is_returned_as_it_is() -> None:
    text = "Card 4111-1111-1111-1111, mail jane@example.com"
    assert canonical(text).text is text
    assert canonical(text).segments is None


def test_word_lists_also_fold_case_and_look_alikes() -> None:
    assert normalise("ＰＲＯ\u200bJЕCT\u2013١").text == "project-1"  # Cyrillic Е, en dash


def test_invisible_covers_every_format_character() -> None:
    pattern = re.compile(f"[{INVISIBLE}]")
    missing = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and not pattern.match(chr(c))
    ]
    assert missing == []


def test_the_shortcut_tables_cover_the_running_python() -> None:
    """The fast paths skip text without these characters: they must list every one."""
    digits, expands = re.compile(f"[{BMP_DIGITS}]"), re.compile(f"[{EXPANDS}]")
    for c in range(0x80, sys.maxunicode + 1):
        char = chr(c)
        if len(char.casefold()) != 1:
            assert expands.match(char), f"U+{c:04X}"
        if c <= 0xFFFF and char.isdecimal():
            assert digits.match(char), f"U+{c:04X}"


def test_look_alikes_start_at_dotless_i() -> None:
    """`_case_run` skips the look-alike tables for Latin-1 text: none may be in Latin-1."""
    assert min(*HOMOGLYPHS, *UPPER_HOMOGLYPHS) > 0xFF


def test_masks_absorb_invisible_characters_glued_to_a_match() -> None:
    text = "x \u200b\u200bab\u200bc\u200d y"
    norm = canonical(text)
    assert norm.text == "x abc y"
    assert norm.original_span(2, 5) == (4, 8)  # `ab\u200bc`: the inside is covered
    assert norm.original_span(2, 5, absorb=True) == (2, 9)  # ... and the glued ones too
    assert norm.original_span(2, 3, absorb=True) == (2, 5)  # `a` takes those before it
    assert norm.original_span(3, 4, absorb=True) == (5, 7)  # `b` the one after it
    assert norm.original_span(0, 1, absorb=True) == (0, 1)  # `x` has none


@given(st.text(max_size=40))
def test_canonical_offsets_are_monotonic_and_in_range(text: str) -> None:
    norm = canonical(text)
    assert canonical(norm.text).text == norm.text  # folding twice changes nothing more
    if norm.segments is None:
        assert len(norm.text) == len(text)
        return
    spans = [norm.original_span(k, k + 1) for k in range(len(norm.text))]
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    for k, (start, end) in enumerate(spans):
        wide = norm.original_span(k, k + 1, absorb=True)
        assert wide[0] <= start and end <= wide[1]
        # what the wider span adds is only characters folded away
        assert canonical(text[wide[0] : start] + text[end : wide[1]]).text == ""


@given(st.text(alphabet="ab1 -.@\u200b\u202e\u0301\uff21\uff11\u0661\u2013\u3164\U000e0041"))
def test_spans_cut_the_text_where_folding_does(text: str) -> None:
    """An original span cuts the text at unit boundaries: the three pieces fold to the whole
    normalised text, and the middle one holds the normalised span it came from."""
    norm = canonical(text)
    for start in range(len(norm.text)):
        end = min(len(norm.text), start + 3)
        for absorb in (False, True):
            o_start, o_end = norm.original_span(start, end, absorb=absorb)
            before, middle, after = text[:o_start], text[o_start:o_end], text[o_end:]
            assert canonical(before).text + canonical(middle).text + canonical(after).text == (
                norm.text
            )
            assert norm.text[start:end] in canonical(middle).text


def unit_by_unit(text: str, lower: bool) -> Normalised:
    """The pipeline's definition, without its shortcuts: every non-ASCII unit folded alone."""
    folder = _Folder(text, lower, fold_unit if lower else canonical_unit)
    folder.runs(0, len(text))
    return folder.result()


MIXED = st.text(
    alphabet=st.sampled_from(
        list("aAeE1 -.@ßİΣσ") + [c for c, _ in FOLDED if len(c) == 1]
        + list("\u200b\u0301\u0308\u3164\U000e0041\u0661\u2013\u3002\uff21\U0001d7d2\u1100\u1161")
        + ["\U00011131", "\U00011127", "\ufb01", "\u00a0", "\u202e", "日", "😀", "Ω", "ı", "ɡ", "Ѕ"]
    ),
    max_size=30,
)  # fmt: skip


@given(MIXED | st.text(max_size=30))
@example("1\u0301\u200b\u0301")  # marks on both sides of an invisible: one unit with the `1`
def test_shortcuts_give_the_unit_by_unit_result(text: str) -> None:
    """The fast paths of `canonical` (whole stretches copied) and `normalise` (casefold on
    the canonical text) agree with folding every unit alone, text and offsets (masks, which
    absorb invisible characters around a span, use `canonical` only)."""
    for fast, lower in ((canonical(text), False), (normalise(text), True)):
        slow = unit_by_unit(text, lower)
        assert fast.text == slow.text
        for k in range(len(fast.text)):
            for absorb in (False, True) if not lower else (False,):
                assert fast.original_span(k, k + 1, absorb=absorb) == slow.original_span(
                    k, k + 1, absorb=absorb
                )
