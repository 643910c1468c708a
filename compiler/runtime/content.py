"""Content-filter engine: a severity lexicon per category with simple context damping.

Standard library only. data/content_lexicon.json maps phrases to a severity (1 LOW, 2 MEDIUM,
3 HIGH) in five categories. Phrases are matched on folded, de-leeted words, so "Y0U are an
IDIOT" still matches `@you are an idiot`; each word also matches its plural in -s, and there is
no stemming (`spic` must not match "spices"). A category's confidence is its strongest match
after damping, raised one level when three or more distinct phrases of it occur:

* negation just before a match ("I would never kill you") lowers it one level;
* quotation or mention ("he called me a \"moron\"", "what does the word ... mean") lowers it one
  level — talking about a word is not using it.

Bedrock's strength rule then applies in the interpreter: strength HIGH acts on LOW and above,
MEDIUM on MEDIUM and above, LOW on HIGH only (docs/engines.md lists what that means locally).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from functools import cache
from itertools import compress
from typing import NamedTuple

from .datafiles import read_text
from .textfeat import fold, word_offsets, words

LEXICON_RESOURCE = "content_lexicon.json"
CATEGORIES = ("HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT")
CONFIDENCES = ("NONE", "LOW", "MEDIUM", "HIGH")

# `n't` reaches the tokenizer as two words ("don", "t"), so the stubs and `t` are negations.
_NEGATIONS = frozenset(
    {"not", "never", "no", "nobody", "nor", "t", "cannot", "dont", "don", "doesn", "didn", "isn"}
    | {"aren", "wasn", "weren", "won", "wouldn", "shouldn", "couldn"}
)
_NEGATION_WINDOW = 3  # tokens before a match that may negate it
_MENTION = frozenset(
    ("called", "call", "word", "words", "term", "terms", "say", "said", "saying", "mean", "means")
)
_MENTION_WINDOW = 4
_ABOUT_WORDS = re.compile(
    r"^\W*(?:what (?:does|do|is) (?:the )?(?:word|term|slur|phrase)?|define\b|definition of\b"
    r"|is (?:the word )?\S+ (?:an? )?(?:offensive|slur)|why is \S+ offensive)"
)
_QUOTES = re.compile(r"\"[^\"]{1,200}\"|“[^”]{1,200}”|«[^»]{1,200}»")


class Phrase(NamedTuple):
    """One lexicon entry: a sequence of words, `*` wildcards or `@class` names."""

    parts: tuple[str, ...]
    category: str
    severity: int
    # per part: the words it accepts, or None for `*` (precomputed for the matching loop)
    accepts: tuple[frozenset[str] | None, ...]


class ContentLexicon(NamedTuple):
    """Phrases indexed by their first word, or by their first two words when both are fixed
    (a word or a class member): most tokens then never reach the phrase-by-phrase check."""

    classes: Mapping[str, frozenset[str]]
    phrases: tuple[Phrase, ...]
    by_first: Mapping[str, tuple[Phrase, ...]]  # one-word phrases and `* ` second parts
    by_pair: Mapping[tuple[str, str], tuple[Phrase, ...]]
    starts: frozenset[str] = frozenset()  # every word some phrase can start with


@cache
def lexicon() -> ContentLexicon:
    """The shipped lexicon, indexed once (package data: works inside a zipapp too)."""
    raw = json.loads(read_text("data", LEXICON_RESOURCE))
    classes = {
        name: frozenset(form for w in words(members) for form in (w, w + "s"))
        for name, members in raw["classes"].items()
    }
    phrases: list[Phrase] = []
    by_first: dict[str, list[Phrase]] = {}
    by_pair: dict[tuple[str, str], list[Phrase]] = {}
    for category in CATEGORIES:
        for text, severity in raw["categories"][category].items():
            parts: list[str] = []
            for part in text.split():
                special = part.startswith("@") or part == "*"
                parts.extend([part] if special else words(part))
            accepts = tuple(
                None
                if p == "*"
                else classes[p[1:]]
                if p.startswith("@")
                else frozenset((p, p + "s"))
                for p in parts
            )
            phrase = Phrase(tuple(parts), category, int(severity), accepts)
            phrases.append(phrase)
            firsts = accepts[0] or frozenset()
            if len(accepts) == 1 or accepts[1] is None:
                for first in firsts:
                    by_first.setdefault(first, []).append(phrase)
                continue
            for first in firsts:
                for second in accepts[1]:
                    by_pair.setdefault((first, second), []).append(phrase)
    return ContentLexicon(
        classes,
        tuple(phrases),
        {k: tuple(v) for k, v in by_first.items()},
        {k: tuple(v) for k, v in by_pair.items()},
        frozenset(by_first).union(first for first, _ in by_pair),
    )


def _matches_at(phrase: Phrase, tokens: Sequence[str], start: int) -> bool:
    accepts = phrase.accepts
    if start + len(accepts) > len(tokens):
        return False
    # the first two parts matched already: the index is keyed by them
    for offset in range(2, len(accepts)):
        allowed = accepts[offset]
        if allowed is not None and tokens[start + offset] not in allowed:
            return False
    return True


def _damping(tokens: Sequence[str], start: int, offset: int, quoted: Sequence[range]) -> int:
    """How many levels context removes from a match starting at token `start`."""
    before = tokens[max(0, start - _NEGATION_WINDOW) : start]
    damping = int(any(t in _NEGATIONS for t in before))
    mention_before = tokens[max(0, start - _MENTION_WINDOW) : start]
    if any(t in _MENTION for t in mention_before) or any(offset in r for r in quoted):
        damping += 1
    return damping


def content_severities(text: str) -> dict[str, int]:
    """Severity 0..3 per category after damping and repetition (see the module docstring)."""
    lex = lexicon()
    folded = fold(text)
    tokens = words(text)  # cached: the other engines split the same text
    quoted = [range(m.start(), m.end()) for m in _QUOTES.finditer(folded)]
    offsets = word_offsets(folded) if quoted else [-1] * len(tokens)
    about = _ABOUT_WORDS.match(folded) is not None
    best = dict.fromkeys(CATEGORIES, 0)
    distinct: dict[str, set[tuple[str, ...]]] = {c: set() for c in CATEGORIES}
    last = len(tokens) - 1
    by_first, by_pair = lex.by_first, lex.by_pair
    # Only tokens that start some phrase can match; they are picked out at C speed.
    for i in compress(range(len(tokens)), map(lex.starts.__contains__, tokens)):
        token = tokens[i]
        candidates = by_first.get(token, ())
        if i < last:
            candidates += by_pair.get((token, tokens[i + 1]), ())
        for phrase in candidates:
            if not _matches_at(phrase, tokens, i):
                continue
            severity = phrase.severity - _damping(tokens, i, offsets[i], quoted) - about
            distinct[phrase.category].add(phrase.parts)
            best[phrase.category] = max(best[phrase.category], severity)
    for category, found in distinct.items():
        if len(found) >= 3 and best[category] > 0:
            best[category] = min(3, best[category] + 1)
    return {c: max(0, v) for c, v in best.items()}


# A severity as a score in 0..1, so that calibration can move the cut points between levels.
_SEVERITY_SCORE = (0.125, 0.375, 0.625, 0.875)
_CUTS = (0.25, 0.5, 0.75)


def content_scores(text: str) -> dict[str, float]:
    """A score in 0..1 per category (the severity, placed between the default cut points)."""
    return {c: _SEVERITY_SCORE[v] for c, v in content_severities(text).items()}


def content_cuts(category: str) -> tuple[float, float, float]:
    """The lowest scores of LOW, MEDIUM and HIGH for `category`."""
    del category  # one scale for every category
    return _CUTS


def content_confidences(text: str) -> dict[str, str]:
    """Bedrock-style confidence per category: HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT."""
    return {c: CONFIDENCES[v] for c, v in content_severities(text).items()}
