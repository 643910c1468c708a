"""Word matching: normalisation, word boundaries, offsets back to the original text."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.runtime import words as words_module
from compiler.runtime.engine import profanity_matcher
from compiler.runtime.normalise import normalise
from compiler.runtime.words import FIND_WORDS, WordMatcher, load_word_list, phrase_tokens

MATCHER = WordMatcher(["Project Zeus", "Apollo-7", "blue falcon", "blue", "sh!t", "café"])


def found(text: str, matcher: WordMatcher = MATCHER) -> list[tuple[str, str]]:
    return [(matcher.phrases[m.rule], m.text) for m in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("Tell me about PROJECT   zeus!", "PROJECT   zeus"),
        ("ＰＲＯＪＥＣＴ Ｚｅｕｓ", "ＰＲＯＪＥＣＴ Ｚｅｕｓ"),  # full width (NFKC)
        ("Prоject Zeus", "Prоject Zeus"),  # Cyrillic о
        ("Pro\u200bject Zeus", "Pro\u200bject Zeus"),  # zero-width space inside
        ("(project\nzeus)", "project\nzeus"),
        ("PROJECT ΖEUS", "PROJECT ΖEUS"),  # Greek capital zeta, mapped before casefold
        ("ΡRΟJΕCΤ zeus", "ΡRΟJΕCΤ zeus"),  # Greek capitals throughout
    ],
)
def test_evasions_are_folded_and_match_reports_the_original(text: str, match: str) -> None:
    assert found(text) == [("Project Zeus", match)]


def test_lower_case_greek_eta_is_an_n_but_capital_eta_is_an_h() -> None:
    assert normalise("Ηello").text == "hello"
    assert normalise("ηo").text == "no"


def test_word_boundaries() -> None:
    assert found("a blues song") == []
    assert found("trueblue") == []
    assert found("apollo-7 launch") == [("Apollo-7", "apollo-7")]
    assert found("apollo-70") == []
    assert found("oh sh!t") == [("sh!t", "sh!t")]


def test_overlapping_phrases_are_all_reported_longest_first() -> None:
    assert found("the Blue Falcon flies") == [("blue falcon", "Blue Falcon"), ("blue", "Blue")]


def test_combining_accents_compose() -> None:
    assert found("un cafe\u0301 noir") == [("café", "cafe\u0301")]
    assert found("CAFÉ") == [("café", "CAFÉ")]
    assert found("cafe") == []


def test_offsets_survive_expanding_and_removed_characters() -> None:
    matcher = WordMatcher(["strasse"])
    text = "x\u200b\u200by Straße!"  # ß casefolds to two characters
    assert [m.text for m in matcher.find(text)] == ["Straße"]
    norm = normalise(text)
    assert norm.text == "xy strasse!"


def test_blank_and_invisible_phrases_are_ignored() -> None:
    matcher = WordMatcher(["", "\u200b", "ok"])
    assert len(matcher) == 1
    assert [m.rule for m in matcher.find("OK then")] == [2]


def test_profanity_list_is_loaded_and_matches_whole_words() -> None:
    matcher = profanity_matcher()
    assert 600 < len(matcher) < 700
    assert [m.text for m in matcher.find("what the SHIT")] == ["SHIT"]
    assert matcher.find("a classic assessment of Scunthorpe") == []
    # ordinary words removed from the upstream list (see the file's header)
    assert matcher.find("Kill the process, then check the uterus scan and the pawn shop") == []


def test_load_word_list_skips_comments_and_blanks() -> None:
    assert load_word_list(["# header", "", "  word  ", "two words"]) == ["word", "two words"]


def test_ten_thousand_words_in_one_table() -> None:
    rng = random.Random(7)
    words = [
        " ".join(
            "".join(rng.choices(string.ascii_lowercase, k=6)) for _ in range(rng.randint(1, 3))
        )
        for _ in range(10_000)
    ]
    matcher = WordMatcher(words)
    text = f"prefix {words[1234].upper()} middle {words[9876]} end"
    assert {matcher.phrases[m.rule] for m in matcher.find(text)} >= {words[1234], words[9876]}


_WORDS = st.text(alphabet=string.ascii_letters + "éßΣ-", min_size=1, max_size=8)


@given(
    before=st.text(max_size=20),
    phrase=st.lists(_WORDS, min_size=1, max_size=3).map(" ".join),
    after=st.text(max_size=20),
)
def test_a_phrase_is_found_between_separators(before: str, phrase: str, after: str) -> None:
    tokens = phrase_tokens(phrase)
    if not tokens:
        return
    matcher = WordMatcher([phrase])
    text = f"{before} {phrase} {after}"
    matches = matcher.find(text)
    assert matches, (text, phrase)
    for m in matches:
        # the reported match is a slice of the original that normalises to the phrase
        assert text[m.start : m.end] == m.text
        assert phrase_tokens(m.text) == tokens


_ASCII_WORD = st.text(alphabet="abcAB1_", min_size=1, max_size=3)
# FIND_WORDS set so that every text takes one route to its candidate words' places
ROUTES = {"find": 10**9, "split": 0}


@contextmanager
def _route(most: int) -> Iterator[None]:
    saved = words_module.FIND_WORDS
    words_module.FIND_WORDS = most
    try:
        yield
    finally:
        words_module.FIND_WORDS = saved


# the candidate route (`find`) against the token pass (`_find_any`) on mixed texts
@settings(max_examples=300)
@given(
    phrases=st.lists(
        st.lists(_ASCII_WORD, min_size=1, max_size=3).map(" ".join), min_size=1, max_size=8
    ),
    text=st.text(alphabet="abcAB1_ -!.\néÉßｂа\u200b\u0301’²", max_size=80),
)
def test_the_candidate_route_equals_the_token_pass(phrases: list[str], text: str) -> None:
    matcher = WordMatcher(phrases)
    assert matcher._ascii_only
    for most in ROUTES.values():  # both ways to the candidates' places
        with _route(most):
            assert matcher._find_tokens(text) == matcher._find_any(text)


@pytest.mark.parametrize(
    "text",
    [
        "s s s  s\ns-s.s",  # a candidate word next to itself, sharing the space between
        "it's a s h i t s-word's s",
        "a a b a b b a",
        "",
        "   a",
        "é a ß a ａ a",  # beyond ASCII: the folded text's bytes view
    ],
)
@pytest.mark.parametrize("most", ROUTES.values(), ids=ROUTES.keys())
def test_adjacent_candidates_are_found_as_the_token_pass_finds_them(text: str, most: int) -> None:
    """`_find_ascii` finds each candidate word where it stands, also where occurrences share
    the space between them (session 22: found by `bytes.find` instead of a split), by either
    route to the candidates' places."""
    matcher = WordMatcher(["s", "s s", "s s s s", "a b", "a", "b a b", "s word"])
    assert matcher._ascii_only
    with _route(most):
        assert matcher._find_tokens(text) == matcher._find_any(text)


@pytest.mark.parametrize(
    "phrases",
    [
        ["a b", "a", "c d e", "b"],  # every longer phrase goes on with a word
        ["a b", "a - b", "a", "c d e", "c . q"],  # some go on with punctuation
    ],
)
@pytest.mark.parametrize("most", ROUTES.values(), ids=ROUTES.keys())
def test_a_second_word_is_read_across_any_separator(phrases: list[str], most: int) -> None:
    """The split route skips a longer phrase where the word after one separator is no phrase's
    second word (session 30); punctuation, doubled spaces, tabs, non-ASCII spaces and words
    between must give the token pass's answer."""
    matcher = WordMatcher(phrases)
    text = "a b a, b a  b a\tb a-b a - b a.b a\u00a0b a\u2014b a x b "
    text += "c d e c  d\ne c. d e c . q c.q a"
    with _route(most):
        assert matcher._find_tokens(text) == matcher._find_any(text)


@pytest.mark.parametrize("count", [FIND_WORDS, FIND_WORDS + 1, 150])
def test_many_distinct_candidates_are_all_found(count: int) -> None:
    """Up to FIND_WORDS distinct candidates by a `find` pass each, more by one split (session
    30: 150 distinct candidates in 1 MB ran at a third of the speed by `find` passes)."""
    words = [f"w{i}" for i in range(count)]
    matcher = WordMatcher(words)
    text = " ".join(words * 3)
    assert [m.text for m in matcher.find(text)] == words * 3


def test_non_ascii_phrases_keep_the_ascii_fast_path() -> None:
    matcher = WordMatcher(["café", "zeus"])
    assert matcher._ascii_starts is not None and not matcher._ascii_only
    assert [m.text for m in matcher.find("ZEUS and cafe")] == ["ZEUS"]
    assert [m.text for m in matcher.find("ZEUS and café")] == ["ZEUS", "café"]
    assert WordMatcher(["#tag", "zeus"])._ascii_starts is None
    assert [m.text for m in WordMatcher(["#tag"]).find("a #TAG b")] == ["#TAG"]


@given(st.text(max_size=40))
def test_normalise_offsets_are_monotonic_and_in_range(text: str) -> None:
    norm = normalise(text)
    if norm.segments is None:  # offsets are the identity: one character for one
        assert len(norm.text) == len(text)
        assert norm.original_span(0, len(text)) == (0, len(text))
        return
    spans = [norm.original_span(k, k + 1) for k in range(len(norm.text))]
    assert [s for s, _ in spans] == sorted(s for s, _ in spans)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    # a whole-text span covers every character that was not folded away
    if norm.text:
        first, last = norm.original_span(0, len(norm.text))
        assert first == spans[0][0] and last == spans[-1][1]
    assert normalise(norm.text).text == norm.text  # folding twice changes nothing more


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("you s h i t!", [("shit", "s h i t")]),
        ("S  H\tI\nT", [("shit", "S  H\tI\nT")]),  # any whitespace, any case
        ("P r o j e c t  Z e u s now", [("Project Zeus", "P r o j e c t  Z e u s")]),
        ("ｓ ｈ ｉ ｔ", [("shit", "ｓ ｈ ｉ ｔ")]),  # folded like any text
        ("x s h i t", []),  # the whole run must spell the phrase
        ("s.h.i.t", []),  # punctuation is not a spelling space
        ("sh i t", []),
        ("a b c d", [("a b c", "a b c")]),  # single characters only: the token match, once
    ],
)
def test_spelled_out_words(text: str, matches: list[tuple[str, str]]) -> None:
    matcher = WordMatcher(["shit", "Project Zeus", "a b c"])
    assert [(matcher.phrases[m.rule], m.text) for m in matcher.find(text)] == matches
