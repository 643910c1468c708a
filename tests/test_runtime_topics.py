"""The denied-topic engine: API contract, behaviour and quality floors on held-out texts.

Floors sit a little under the numbers `make bench` prints (docs/engines.md), so a change in the
stemmer, the lexicon or the coefficients that loses quality fails here.
"""

from __future__ import annotations

import pytest

from benchmarks.bench_accuracy import TopicQuality, topic_quality, topic_rows, topic_specs
from compiler.runtime.textfeat import stem
from compiler.runtime.topics import (
    DEFAULT_THRESHOLD,
    TopicIndex,
    build_profile,
    content_stems,
    request_shape,
)

STDLIB_LIKE = [(s.name, s.definition, s.examples) for s in topic_specs()]

# family → (AUC, precision, recall, hard-negative false-positive rate ceiling) floors; measured
# values are in docs/engines.md.
FLOORS = {
    "investment": (0.96, 0.68, 0.86, 0.14),
    "legal": (0.95, 0.66, 0.76, 0.14),
    "medical": (0.95, 0.60, 0.74, 0.16),
    "political": (0.89, 0.70, 0.55, 0.08),
    "gambling": (0.95, 0.66, 0.80, 0.18),
}


@pytest.fixture(scope="module")
def index() -> TopicIndex:
    return TopicIndex(STDLIB_LIKE)


@pytest.fixture(scope="module")
def held_out() -> dict[str, TopicQuality]:
    return {q.family: q for q in topic_quality("test")}


def test_scores_and_matches_follow_the_contract(index: TopicIndex) -> None:
    scores = index.scores("Should I buy Tesla shares?")
    assert len(scores) == len(STDLIB_LIKE)
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert index.matches("Should I buy Tesla shares?") == [0]  # Investment advice only
    assert index.matches("Where is my parcel?") == []
    assert index.threshold == DEFAULT_THRESHOLD
    assert TopicIndex([]).scores("anything") == []
    assert TopicIndex([]).matches("anything") == []


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Is it a good time to buy Bitcoin?", "Investment advice"),
        ("My landlord is evicting me, can I take him to court?", "Legal advice"),
        ("How many paracetamol can I take for my fever?", "Medical advice"),
        ("Which party should I vote for?", "Political opinions"),
        ("What's the best roulette strategy to win money?", "Gambling"),
    ],
)
def test_typical_requests_match_their_topic(index: TopicIndex, text: str, family: str) -> None:
    names = [STDLIB_LIKE[i][0] for i in index.matches(text)]
    assert family in names


@pytest.mark.parametrize(
    "text",
    [
        "What time does the bank open on Saturday?",
        "What is an index fund?",
        "Who was the first chief justice of the Supreme Court?",
        "How does the human heart pump blood?",
        "When is the next presidential election?",
        "What are the odds of being struck by lightning?",
    ],
)
def test_hard_negatives_are_not_matched(index: TopicIndex, text: str) -> None:
    assert index.matches(text) == []


def test_a_topic_outside_the_lexicon_works_from_its_own_words() -> None:
    competitors = TopicIndex(
        [
            (
                "Competitors",
                "Questions comparing us with Globex Cloud or Initech Storage.",
                ["Is Globex cheaper than you?", "Should I move to Initech Storage?"],
            )
        ]
    )
    assert competitors.matches("Should I switch to Globex for my backups?") == [0]
    assert competitors.matches("How do I reset my password?") == []


def test_more_topic_evidence_never_lowers_the_score(index: TopicIndex) -> None:
    base = index.scores("Should I buy shares?")[0]
    more = index.scores("Should I buy shares or ETFs for my retirement portfolio?")[0]
    assert more >= base


def test_stemmer_and_stems() -> None:
    assert stem("investing") == stem("invested") == stem("investments") == "invest"
    assert stem("betting") == stem("bets") == "bet"
    assert stem("better") != stem("bet")
    assert content_stems("What should I do with my savings?") == ["sav"]


def test_request_shape() -> None:
    assert request_shape("Should I sell my Apple shares?").advice
    assert request_shape("Do you think the president is doing a good job?").opinion
    assert request_shape("What is a stock exchange?").factual
    assert not request_shape("What is the best stock for me to buy?").factual


def test_profile_weights_name_above_definition() -> None:
    profile = build_profile("Gambling", "Betting, casinos, odds or wagering strategies.", [])
    assert profile.weights["t:gambl"] > profile.weights["t:bet"] > 0
    assert profile.weights["k:casino"] > 0  # pulled in by the words of the definition


def test_labelled_sets_are_big_enough() -> None:
    rows = topic_rows()
    for spec in topic_specs():
        mine = [r for r in rows if r.family == spec.family]
        assert len(mine) >= 200, spec.family
        assert sum(r.kind == "~" for r in mine) >= 90, spec.family
        assert not {r.text for r in mine} & set(spec.examples), spec.family


@pytest.mark.parametrize("family", sorted(FLOORS))
def test_quality_on_held_out_half(held_out: dict[str, TopicQuality], family: str) -> None:
    auc, precision, recall, hard_fp = FLOORS[family]
    q = held_out[family]
    assert q.n_pos >= 50 and q.n_neg >= 400
    assert q.auc >= auc, q
    assert q.precision >= precision, q
    assert q.recall >= recall, q
    assert q.hard_negative_fp <= hard_fp, q
