"""Content-filter engine: a severity lexicon per category with simple context damping.

Standard library only. data/content_lexicon.json maps phrases to a severity (1 LOW, 2 MEDIUM,
3 HIGH) in five categories. Phrases are matched on folded, de-leeted, stemmed words, so
"Y0U are an IDIOTS" still matches `@you are an idiot`. A category's confidence is its strongest
match after damping, raised one level when three or more distinct phrases of it occur:

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
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .textfeat import fold, stem, word_offsets, words

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


@dataclass(frozen=True)
class Phrase:
    """One lexicon entry: a sequence of stems, `*` wildcards or `@class` names."""

    parts: tuple[str, ...]
    category: str
    severity: int
    # per part: the stems it accepts, or None for `*` (precomputed for the matching loop)
    accepts: tuple[frozenset[str] | None, ...]


@dataclass(frozen=True)
class ContentLexicon:
    """Phrases indexed by the stem (or class member) they start with."""

    classes: Mapping[str, frozenset[str]]
    by_first: Mapping[str, tuple[Phrase, ...]]


@cache
def lexicon() -> ContentLexicon:
    """The shipped lexicon, stemmed and indexed once (package data: works inside a zipapp)."""
    package = __name__.rpartition(".")[0] + ".data"
    raw = json.loads(resources.files(package).joinpath(LEXICON_RESOURCE).read_text("utf-8"))
    classes = {
        name: frozenset(stem(w) for w in words(members)) for name, members in raw["classes"].items()
    }
    index: dict[str, list[Phrase]] = {}
    for category in CATEGORIES:
        for text, severity in raw["categories"][category].items():
            parts: list[str] = []
            for part in text.split():
                special = part.startswith("@") or part == "*"
                parts.extend([part] if special else [stem(w) for w in words(part)])
            accepts = tuple(
                None if p == "*" else classes[p[1:]] if p.startswith("@") else frozenset((p,))
                for p in parts
            )
            phrase = Phrase(tuple(parts), category, int(severity), accepts)
            first = phrase.parts[0]
            for key in classes[first[1:]] if first.startswith("@") else (first,):
                index.setdefault(key, []).append(phrase)
    return ContentLexicon(classes, {k: tuple(v) for k, v in index.items()})


def _matches_at(phrase: Phrase, stems: Sequence[str], start: int) -> bool:
    accepts = phrase.accepts
    if start + len(accepts) > len(stems):
        return False
    # the first part matched already: the index is keyed by it
    for offset in range(1, len(accepts)):
        allowed = accepts[offset]
        if allowed is not None and stems[start + offset] not in allowed:
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
    stems = [stem(t) for t in tokens]
    quoted = [range(m.start(), m.end()) for m in _QUOTES.finditer(folded)]
    offsets = word_offsets(folded) if quoted else [-1] * len(tokens)
    about = _ABOUT_WORDS.match(folded) is not None
    best = dict.fromkeys(CATEGORIES, 0)
    distinct: dict[str, set[tuple[str, ...]]] = {c: set() for c in CATEGORIES}
    for i, s in enumerate(stems):
        for phrase in lex.by_first.get(s, ()):
            if not _matches_at(phrase, stems, i):
                continue
            severity = phrase.severity - _damping(tokens, i, offsets[i], quoted) - about
            distinct[phrase.category].add(phrase.parts)
            best[phrase.category] = max(best[phrase.category], severity)
    for category, found in distinct.items():
        if len(found) >= 3 and best[category] > 0:
            best[category] = min(3, best[category] + 1)
    return {c: max(0, v) for c, v in best.items()}


def content_confidences(text: str) -> dict[str, str]:
    """Bedrock-style confidence per category: HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT."""
    return {c: CONFIDENCES[v] for c, v in content_severities(text).items()}
