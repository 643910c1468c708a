"""Contextual grounding scores, lexically: GROUNDING (is the response supported by the source)
and RELEVANCE (does the response address the query), each in 0..1.

Bedrock scores these with a model. This module cannot understand paraphrase, so it measures
what a reviewer can check by eye and says so in docs/evaluator.md:

* words are lower-cased, stop words dropped, and lightly stemmed (`refunds` → `refund`,
  `processed` → `process`, `taking` → `tak`): content words;
* numbers are content words that must match exactly (`30` ≠ `13`, `1,000` = `1000`) and weigh
  `NUMBER_WEIGHT` times a word, because a wrong figure is the typical ungrounded answer;
* GROUNDING = `WORD_PART` × the weighted share of the response's content words found in the
  source + (1 − `WORD_PART`) × the share of its neighbouring content-word pairs that also
  stand within `PAIR_WINDOW` content words of each other in the source. The pairs catch an
  answer assembled from the source's words in a new order (`open all night on Sundays` from
  `open at 8am on weekdays and closed on Sundays`);
* RELEVANCE = weighted share of the query's content words found in the response; an answer
  that shares no content word with the question scores 0, however good it is.

A text with no content words scores 1.0 (nothing in it can be unsupported or off-topic). Scores
are rounded to two decimals, as Bedrock reports them.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import re
from itertools import pairwise

NUMBER_WEIGHT = 3
WORD_PART = 0.6
PAIR_WINDOW = 3

_TOKENS = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?")

# Function words that carry no claim. Short on purpose: each entry is a word this check ignores.
_STOP_TEXT = """
    a about above after again all also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each either else
    ever every for from further had has have having he her here hers him his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their theirs them then
    there these they this those through to too under until up upon us very was we were what
    when where which while who whom why will with would you your yours yourself
    please tell let know get got much many may might must shall take takes took make makes
    ok okay yes sure thanks thank hi hello
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_SUFFIXES = ("ations", "ation", "ingly", "ings", "ing", "edly", "ies", "ied", "ed", "es", "ly", "s")


def stem(word: str) -> str:
    """A light suffix-stripping stem; conservative so that short words stay themselves."""
    if word.endswith("ss"):  # `class`, `process`: not plurals
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                return base + "y"
            # `processes` → `process`, not `proces`; `classes` → `class`
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                return word[:-1]
            return base
    return word


def content_sequence(text: str) -> list[str]:
    """The content words of `text` in order: stems, and numbers without thousands commas."""
    sequence: list[str] = []
    for token in _TOKENS.findall(text.casefold()):
        if token[0].isdigit():
            sequence.append(token.replace(",", ""))  # 1,000 = 1000; 3.5 keeps its point
        elif token not in STOP_WORDS:
            sequence.append(stem(token.replace("'", "")))
    return sequence


def content_words(text: str) -> dict[str, int]:
    """Content words of `text` with their weights (numbers weigh `NUMBER_WEIGHT`)."""
    return {w: NUMBER_WEIGHT if w[0].isdigit() else 1 for w in content_sequence(text)}


def _pair_share(response: list[str], source: list[str]) -> float:
    """Share of the response's neighbouring word pairs found near each other in the source."""
    pairs = list(pairwise(response))
    if not pairs:
        return 1.0
    where: dict[str, list[int]] = {}
    for i, word in enumerate(source):
        where.setdefault(word, []).append(i)
    near = sum(
        1
        for a, b in pairs
        if any(abs(i - j) <= PAIR_WINDOW for i in where.get(a, ()) for j in where.get(b, ()))
    )
    return near / len(pairs)


def _share(part: dict[str, int], whole: dict[str, int]) -> float:
    """Weighted share of `part`'s words present in `whole` (1.0 when `part` is empty)."""
    total = sum(part.values())
    if total == 0:
        return 1.0
    found = sum(weight for word, weight in part.items() if word in whole)
    return round(found / total, 2)


def grounding_score(response: str, source: str) -> float:
    """How much of the response the source supports, 0..1."""
    said, known = content_sequence(response), content_sequence(source)
    words = _share(content_words(response), dict.fromkeys(known, 1))
    if len(said) < 2:
        return words
    return round(WORD_PART * words + (1 - WORD_PART) * _pair_share(said, known), 2)


def relevance_score(response: str, query: str) -> float:
    """How much of the query the response addresses, 0..1."""
    return _share(content_words(query), content_words(response))
