"""The denied-topic engine: API contract, behaviour and quality floors on held-out texts.

Floors sit a little under the numbers `make bench` prints (docs/engines.md), so a change in the
stemmer, the lexicon or the coefficients that loses quality fails here.
"""

from __future__ import annotations

import random
import re

import pytest

from benchmarks.bench_accuracy import TopicQuality, topic_quality, topic_rows, topic_specs
from compiler.runtime import topics
from compiler.runtime.textfeat import fold, stem
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
    "investment": (0.97, 0.70, 0.88, 0.12),
    "legal": (0.96, 0.70, 0.78, 0.10),
    "medical": (0.96, 0.80, 0.72, 0.12),
    "political": (0.90, 0.75, 0.55, 0.06),
    "gambling": (0.96, 0.85, 0.80, 0.12),
}

# Two stdlib topics (stdlib/topics.guard) that the labelled families do not cover.
TAX = (
    "Tax advice",
    "Recommendations about a person's own tax filing, deductions, tax avoidance schemes or how to"
    " reduce what they owe to a tax authority.",
    [
        "How can I pay less tax on my bonus?",
        "Can I deduct my car as a business expense?",
        "Should I file jointly or separately?",
    ],
)
MEDICAL = next(t for t in STDLIB_LIKE if t[0] == "Medical advice")


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # logistics around a medical word is not a request for diagnosis or treatment
        ("Can I get my flu shot at the Elm Street clinic?", []),
        ("Is the pharmacy on Mill Lane open on Sundays?", []),
        ("How do I book an appointment for my asthma review?", []),
        ("Should I get the flu shot if I'm pregnant?", [0]),
        ("What cream should I put on this itchy rash?", [0]),
        # a misdeed how-to is not tax advice, nor is a word that only an example had ("car")
        ("How can I steal a car without getting caught?", []),
        ("Which car should I buy for my family?", []),
        ("Can I deduct my home office from my taxes?", [1]),
        ("How do I reduce the tax I owe on my rental income?", [1]),
    ],
)
def test_in_domain_requests_that_are_not_advice(text: str, expected: list[int]) -> None:
    index = TopicIndex([MEDICAL, TAX])
    assert index.matches(text) == expected, index.scores(text)


def test_example_only_words_count_less_than_topic_words() -> None:
    profile = build_profile(*TAX)
    # "car" is only in an example and in no cluster of the topic: an incidental word
    assert profile.weights["t:car"] < profile.weights["t:deduct"] / 2 + 0.01
    # "deduct" is also only in an example, but the topic's tax cluster backs it
    assert profile.weights["t:deduct"] == pytest.approx(1.3)
    assert profile.weights["t:tax"] == pytest.approx(1.6)


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
    assert request_shape("Can I book a smear test at the Hill Road surgery?").service
    assert request_shape("What time does the branch close on Fridays?").service
    assert not request_shape("Should I take ibuprofen for my sprained ankle?").service
    assert request_shape("How do I sneak out without my parents noticing?").evasion
    assert request_shape("How can I do it without getting caught?").evasion
    assert not request_shape("How do I get out of this lease without paying a fee?").evasion


def _shape_texts() -> list[str]:
    """The labelled topic texts, and texts stitched from pieces of them with the shape
    patterns' own words, look-alikes and characters beyond Latin-1 (what the RE2 view reads as
    U+00FF) put in at random: many matches, and matches at odd places."""
    rows = [row.text for row in topic_rows()]
    pieces = [
        "should I", "do you think", "in your opinion", "history of", "in general", "would you",
        "without getting caught", "get away with", "what's wrong with me", "best way to",
        "which fund should", "tell me why", "rate the", "won't notice", "undetected", "am I",
        "İ", "ſ", "K", "é", "\u00a0", "’", "—", "\n", ",", ".", "?", "SHOULD I", "Historically",
    ]  # fmt: skip
    rng = random.Random(22)
    out = list(rows)
    for _ in range(3000):
        parts = [rng.choice(pieces) if rng.random() < 0.5 else rng.choice(rows) for _ in range(4)]
        out.append(rng.choice(("", " ")).join(parts)[: rng.randint(5, 1000)])
    return out


def test_request_shape_patterns_match_as_python_re_does() -> None:
    """The shape patterns searched with RE2's help behind one gate (session 22) find a match
    in exactly the texts Python's `re` finds one in."""
    shaped = (topics._ADVICE, topics._OPINION, topics._FACTUAL, topics._EVASION)
    plain = [re.compile(p.pattern, p.flags) for p in shaped]
    for text in _shape_texts():
        folded = " ".join(fold(text).split())
        for fast, slow in zip(shaped, plain, strict=True):
            found, expected = fast.search(folded), slow.search(folded)
            assert (found and found.span()) == (expected and expected.span()), (text, slow)


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
