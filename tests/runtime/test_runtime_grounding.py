"""Lexical contextual grounding: scores for supported, unsupported and off-topic answers."""

from __future__ import annotations

import pytest

from compiler.runtime.grounding import (
    content_sequence,
    content_words,
    grounding_score,
    relevance_score,
    stem,
)

SOURCE = "Refunds are processed within 30 days. Shipping to Canada costs 15 dollars."


def test_supported_answer_scores_high() -> None:
    assert grounding_score("Refunds take 30 days.", SOURCE) == 1.0  # `take` is a light verb
    assert grounding_score("Refunds are processed within 30 days.", SOURCE) == 1.0


def test_a_wrong_number_costs_more_than_a_wrong_word() -> None:
    wrong_number = grounding_score("Refunds are processed within 45 days.", SOURCE)
    wrong_word = grounding_score("Refunds are handled within 30 days.", SOURCE)
    assert wrong_number < 0.7 <= wrong_word


def test_source_words_in_a_new_order_are_not_grounded() -> None:
    source = "All clinics open at 8am on weekdays and are closed on Sundays."
    assert grounding_score("The clinic opens at 8am on weekdays.", source) == 1.0
    assert grounding_score("The clinic is open all night on Sundays.", source) < 0.6


def test_numbers_compare_as_figures() -> None:
    assert grounding_score("It is 1000 dollars", "the price is 1,000 dollars") == 1.0
    assert grounding_score("It is 100 dollars", "the price is 1,000 dollars") < 0.5


def test_unrelated_answer_scores_zero() -> None:
    assert grounding_score("Bananas are yellow.", SOURCE) == 0.0
    assert relevance_score("Bananas are yellow.", "How long do refunds take?") == 0.0


def test_relevance_is_the_share_of_the_query_answered() -> None:
    assert relevance_score("Refunds take 30 days.", "How long do refunds take?") == 0.5
    assert relevance_score("Refunds take long: 30 days.", "How long do refunds take?") == 1.0


def test_empty_texts_score_one() -> None:
    assert grounding_score("OK.", SOURCE) == 1.0
    assert relevance_score("anything", "what is it?") == 1.0


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("refunds", "refund"),
        ("processed", "process"),
        ("processes", "process"),
        ("classes", "class"),
        ("class", "class"),
        ("stories", "story"),
        ("days", "day"),
        ("bus", "bus"),
        ("takes", "take"),
    ],
)
def test_light_stemming(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_stop_words_are_dropped() -> None:
    assert content_words("How long do the refunds take?") == {"long": 1, "refund": 1}
    assert content_sequence("Refunds: 1,000 in 3.5 days") == ["refund", "1000", "3.5", "day"]
