"""Content-filter engine: a severity lexicon per category with simple context damping.

Standard library only. data/content_lexicon.json maps phrases to a severity (1 LOW, 2 MEDIUM,
3 HIGH) in five categories. Phrases are matched on folded, de-leeted words, so "Y0U are an
IDIOT" still matches `@you are an idiot`; each word also matches its plural in -s, and there is
no stemming (`spic` must not match "spices"). A category's confidence is its strongest match
after damping, raised one level when three or more distinct phrases of it occur:

* negation just before a match ("I would never kill you") lowers it one level;
* quotation or mention ("he called me a \"moron\"", "what does the word ... mean") lowers it one
  level — talking about a word is not using it.

In German, French, Spanish and Italian HATE is also read by proximity (`NEAR_RULE`, the
lexicon's `near` rules over its `near_classes`): a protected group's name with a derogatory term
or a word of contempt within NEAR_WINDOW words (MEDIUM), with a threat and a wish or intent
("sollte", "il faut", "hay que", "bisogna": HIGH), and the four languages' slurs alone. A
proximity is looser evidence than a phrase, so a negation before it, a quotation, a mention verb
or counter-speech ("nennen", "prison", "denunciar") near it drops the match instead of lowering it.
The same rules read requests for a crime or a weapon in those languages (MISCONDUCT and VIOLENCE
HIGH: a crime's verb, a drug or counterfeit money with a verb of making or buying, a weapon, or a
way of hurting a person, each with a request for the way to do it: "wie kann", "comment",
"cómo", "come posso") and threats to the reader ("je vais te tuer"); words of guarding against
the crime ("erkennen", "éviter", "proteger") drop them.

A trained model sits beside the lexicon (data/content_model.json, written by
scripts/train_content_models.py on licensed data, tests/data/content/): per category a logistic
regression over the hashed word and character n-grams the prompt-attack model uses. Its
probability is placed on the lexicon's scale by its own cut points (LOW, MEDIUM and HIGH at 0.25,
0.5 and 0.75), and a category's score is the higher of the two: the lexicon keeps what it is sure
of (slurs, explicit threats), the model adds what phrase lists cannot enumerate.

Bedrock's strength rule then applies in the interpreter: strength HIGH acts on LOW and above,
MEDIUM on MEDIUM and above, LOW on HIGH only (docs/engines.md lists what that means locally).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from functools import cache
from itertools import accumulate, chain, compress
from operator import xor
from typing import Any, NamedTuple

from .datafiles import read_text
from .textfeat import fold, pair_halves, token_ids, word_offsets, words

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
_QUOTES = re.compile(r"\"[^\"]{1,200}\"|“[^”]{1,200}”|«[^»]{1,200}»|„[^“”]{1,200}[“”]")
_QUOTE_OPENERS = ('"', "“", "«", "„")  # the characters every match of `_QUOTES` opens with

# Session 27's content rounds (docs/engines.md): HATE, MISCONDUCT, VIOLENCE and INSULTS in
# German, French, Spanish and Italian by proximity. The lexicon's `near` rules name word classes
# of `near_classes`: the first (a protected group, a crime, a weapon, the reader) anchors a rule,
# and each other class needs a member within NEAR_WINDOW words of the anchor (or the rule's own
# window), on either side (before it for a class written `<name`, after it for `>name`). Looser
# evidence than a phrase, so any context that would damp a phrase (a negation in the window
# before the words matched, a quotation, a mention verb in the window) drops the match instead
# of lowering it; the lexicon lists those words of the four languages (`near_negations`;
# `near_drops`, per category: for HATE mention verbs and counter-speech — consequences for the
# words, condemning them, respect —, for INSULTS mention verbs, for a request for a crime or a
# weapon the words of guarding against it: "erkennen", "éviter", "proteger"). False: the English
# lexicon alone, as until these rounds.
NEAR_RULE = True
NEAR_WINDOW = 8
# Session 29's content round (docs/engines.md): a listed word that is, among the words around it,
# another word — French "retard" (a delay: "en retard", "un retard de livraison"), the "cum" of
# "summa cum laude", "Gore-Tex", a "heart attack", to "kill a process", a "photo shoot", "xxx"
# holding a place, "Sex: female" on a form, Italian "pene" (penalties: "le pene previste"). The
# lexicon's `lookalikes` list them with their contexts; such a word matches no phrase or proximity
# rule, and the n-gram models read the text without it (`model_words`). False: every word is
# read where it stands, as until this round.
LOOKALIKES = True


class Lookalike(NamedTuple):
    """One context of a look-alike word: the words before it (in text order) and after it, each
    part the words it accepts or None for `*`."""

    before: tuple[frozenset[str] | None, ...]
    after: tuple[frozenset[str] | None, ...]

    def holds(self, tokens: Sequence[str], i: int) -> bool:
        """True when the words around position `i` are this context's."""
        start = i - len(self.before)
        if start < 0 or i + len(self.after) >= len(tokens):
            return False
        for offset, part in enumerate(self.before, start):
            if part is not None and tokens[offset] not in part:
                return False
        for offset, part in enumerate(self.after, i + 1):
            if part is not None and tokens[offset] not in part:
                return False
        return True


class LookalikeIndex(NamedTuple):
    """A look-alike word's contexts by the word just before it or just after it (the one next
    to the look-alike, where a context has one), and those with `*` on both sides: at a
    position only the contexts its neighbours can hold are tried."""

    by_prev: Mapping[str, tuple[Lookalike, ...]]
    by_next: Mapping[str, tuple[Lookalike, ...]]
    loose: tuple[Lookalike, ...]


def _indexed(contexts: Sequence[Lookalike]) -> LookalikeIndex:
    by_prev: dict[str, list[Lookalike]] = {}
    by_next: dict[str, list[Lookalike]] = {}
    loose: list[Lookalike] = []
    for context in contexts:
        prev = context.before[-1] if context.before else None
        after = context.after[0] if context.after else None
        if prev is not None:
            for word in prev:
                by_prev.setdefault(word, []).append(context)
        elif after is not None:
            for word in after:
                by_next.setdefault(word, []).append(context)
        else:
            loose.append(context)
    return LookalikeIndex(
        {w: tuple(c) for w, c in by_prev.items()},
        {w: tuple(c) for w, c in by_next.items()},
        tuple(loose),
    )


class Phrase(NamedTuple):
    """One lexicon entry: a sequence of words, `*` wildcards or `@class` names."""

    parts: tuple[str, ...]
    category: str
    severity: int
    # per part: the words it accepts, or None for `*` (precomputed for the matching loop)
    accepts: tuple[frozenset[str] | None, ...]


class NearClass(NamedTuple):
    """A word class of the proximity rule: whole words, stems (a member written `stem*`), and
    two-word members as (first, second)."""

    exact: frozenset[str]
    stems: tuple[str, ...]
    pairs: frozenset[tuple[str, str]]

    def holds(self, tokens: Sequence[str], i: int) -> bool:
        """True when the word at `i` is a member, or ends a two-word member."""
        token = tokens[i]
        return (
            token in self.exact
            or (bool(self.stems) and token.startswith(self.stems))
            or (i > 0 and (tokens[i - 1], token) in self.pairs)
        )


_SIDES = {"<": -1, ">": 1}  # a rule's other class written `<name` or `>name`


class NearRule(NamedTuple):
    """An anchor word (a group's name, a crime, a weapon, the reader) with a member of each of
    `others` within `window` words; an other class written `<name` must come before the anchor
    (the way to do it is asked before the deed: "comment tuer mon chef", not "mon chef va me
    tuer; comment ..."), one written `>name` after it (the reader, then what they are called:
    "du bist ein Idiot", not "ich bin ein Idiot, dir ...")."""

    anchor: str
    others: tuple[str, ...]
    category: str
    severity: int
    sides: tuple[int, ...] = ()  # per other class: -1 before the anchor, 1 after, 0 either
    window: int = NEAR_WINDOW  # how many words from the anchor its company may stand


def _near_class(members: str) -> NearClass:
    exact: set[str] = set()
    stems: list[str] = []
    pairs: set[tuple[str, str]] = set()
    for member in members.split():
        parts = tuple(w for part in member.rstrip("*").split("+") for w in words(part))
        if len(parts) > 2 or (len(parts) == 2 and member.endswith("*")):
            raise ValueError(f"near class member {member!r}: one word, a stem or two words")
        if len(parts) == 2:
            pairs.add((parts[0], parts[1]))
        elif member.endswith("*"):
            stems.append(parts[0])
        else:
            exact.add(parts[0])
    return NearClass(frozenset(exact), tuple(sorted(stems)), frozenset(pairs))


class ContentLexicon(NamedTuple):
    """Phrases indexed by their first word, or by their first two words when both are fixed
    (a word or a class member): most tokens then never reach the phrase-by-phrase check."""

    classes: Mapping[str, frozenset[str]]
    phrases: tuple[Phrase, ...]
    by_first: Mapping[str, tuple[Phrase, ...]]  # one-word phrases and `* ` second parts
    by_pair: Mapping[tuple[str, str], tuple[Phrase, ...]]
    starts: frozenset[str] = frozenset()  # every word some phrase can start with
    near_classes: Mapping[str, NearClass] = {}
    near: tuple[NearRule, ...] = ()
    near_by_anchor: Mapping[str, tuple[NearRule, ...]] = {}  # `near` indexed by anchor class
    # the words that may be (or end) a member of an anchor class
    anchors: frozenset[str] = frozenset()
    near_negations: frozenset[str] = frozenset()  # with the English negations
    # per category, the words that drop a match near them (HATE's with the English mention verbs)
    near_drops: Mapping[str, frozenset[str]] = {}
    lookalikes: Mapping[str, LookalikeIndex] = {}  # by the word's form
    lookalike_words: frozenset[str] = frozenset()  # the same forms, for one test at C speed


@cache
def lexicon() -> ContentLexicon:
    """The shipped lexicon, indexed once (package data: works inside a zipapp too)."""
    raw = json.loads(read_text("data", LEXICON_RESOURCE), object_pairs_hook=_unique_keys)
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
    near_classes = {
        name: _near_class(members) for name, members in raw.get("near_classes", {}).items()
    }
    # a rule's value is its severity, or [severity, window]
    near = tuple(
        NearRule(
            names[0],
            tuple(name.lstrip("<>") for name in names[1:]),
            category,
            int(value[0] if isinstance(value, list) else value),
            tuple(_SIDES.get(name[0], 0) for name in names[1:]),
            int(value[1]) if isinstance(value, list) else NEAR_WINDOW,
        )
        for category, rules in raw.get("near", {}).items()
        for rule, value in rules.items()
        for names in [rule.split()]
    )
    if any(rule.window > NEAR_WINDOW for rule in near):
        raise ValueError(f"a near rule's window is at most NEAR_WINDOW ({NEAR_WINDOW})")
    by_anchor: dict[str, list[NearRule]] = {}
    for rule in near:
        by_anchor.setdefault(rule.anchor, []).append(rule)
    anchor_classes = [near_classes[name] for name in sorted(by_anchor)]
    lookalikes: dict[str, list[Lookalike]] = {}
    for forms, contexts in raw.get("lookalikes", {}).items():
        if forms.startswith("_"):
            continue  # "_comment"
        parsed = tuple(_lookalike(context) for context in contexts)
        for form in (f for w in words(forms) for f in (w, w + "s")):
            lookalikes.setdefault(form, []).extend(parsed)
    return ContentLexicon(
        classes,
        tuple(phrases),
        {k: tuple(v) for k, v in by_first.items()},
        {k: tuple(v) for k, v in by_pair.items()},
        frozenset(by_first).union(first for first, _ in by_pair),
        near_classes,
        near,
        {name: tuple(by_anchor[name]) for name in sorted(by_anchor)},
        frozenset().union(*(c.exact | {second for _, second in c.pairs} for c in anchor_classes)),
        _NEGATIONS | frozenset(words(raw.get("near_negations", ""))),
        {
            category: (_MENTION if category == "HATE" else frozenset()) | frozenset(words(drops))
            for category, drops in raw.get("near_drops", {}).items()
        },
        {form: _indexed(found) for form, found in sorted(lookalikes.items())},
        frozenset(lookalikes),
    )


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object as a dict, refusing a key written twice (`json` would keep the last one
    silently, and a phrase's or a look-alike's first entry would be lost)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise ValueError(f"{LEXICON_RESOURCE}: {key!r} written twice in one object")
        found[key] = value
    return found


def _lookalike(context: str) -> Lookalike:
    """A context written as words around `_` (the look-alike word), `*` for any one word."""
    parts: list[str] = []
    for part in context.split():
        parts.extend([part] if part in ("_", "*") else words(part))
    if parts.count("_") != 1:
        raise ValueError(f"look-alike context {context!r}: one `_` for the word")
    accepts = tuple(None if p == "*" else frozenset((p, p + "s")) for p in parts)
    at = parts.index("_")
    return Lookalike(accepts[:at], accepts[at + 1 :])


_NONE_ORDINARY: frozenset[int] = frozenset()
# the last token sequence asked about and its answer: the lexicon and the model ask about the
# same (cached) `words` tuple of a text one after the other
_last_ordinary: list[tuple[Sequence[str], frozenset[int]]] = [((), _NONE_ORDINARY)]


def ordinary_words(tokens: Sequence[str]) -> frozenset[int]:
    """The positions of listed look-alike words that stand in one of their contexts
    (LOOKALIKES): another word there, not the lexicon's."""
    if not LOOKALIKES:
        return _NONE_ORDINARY
    last, answer = _last_ordinary[0]
    if last is tokens:
        return answer
    lex = lexicon()
    if lex.lookalike_words.isdisjoint(tokens):  # most texts: one pass at C speed
        _last_ordinary[0] = (tokens, _NONE_ORDINARY)
        return _NONE_ORDINARY
    found: list[int] = []
    end = len(tokens) - 1
    for i in compress(range(len(tokens)), map(lex.lookalike_words.__contains__, tokens)):
        index = lex.lookalikes[tokens[i]]
        tried = chain(
            index.by_prev.get(tokens[i - 1], ()) if i else (),
            index.by_next.get(tokens[i + 1], ()) if i < end else (),
            index.loose,
        )
        if any(context.holds(tokens, i) for context in tried):
            found.append(i)
    answer = frozenset(found)
    _last_ordinary[0] = (tokens, answer)
    return answer


def model_words(tokens: Sequence[str]) -> Sequence[str]:
    """`tokens` (a text split by `words`) without its look-alike words in their ordinary sense
    (`ordinary_words`): what the n-gram models read."""
    ordinary = ordinary_words(tokens)
    if not ordinary:
        return tokens
    return tuple(token for i, token in enumerate(tokens) if i not in ordinary)


def _anchors_of(lex: ContentLexicon, tokens: Sequence[str]) -> list[tuple[int, str]]:
    """(position, anchor class) of each anchor word in `tokens` (a group's name, a crime, a
    weapon)."""
    found: list[tuple[int, str]] = []
    for i in compress(range(len(tokens)), map(lex.anchors.__contains__, tokens)):
        found.extend(
            (i, name) for name in lex.near_by_anchor if lex.near_classes[name].holds(tokens, i)
        )
    return found


def _near_matches(
    lex: ContentLexicon, tokens: Sequence[str], offsets: Sequence[int], quoted: Sequence[range]
) -> list[tuple[NearRule, str]]:
    """The proximity rules that hold undamped, each with the first word of its first other
    class (what makes two matches distinct)."""
    matches: list[tuple[NearRule, str]] = []
    if lex.anchors.isdisjoint(tokens):  # most texts hold no anchor: one pass at C speed
        return matches
    for at, name in _anchors_of(lex, tokens):
        lo, hi = max(0, at - NEAR_WINDOW), min(len(tokens), at + NEAR_WINDOW + 1)
        near_words = frozenset(tokens[lo:hi])
        for rule in lex.near_by_anchor[name]:
            drops = lex.near_drops.get(rule.category)
            if drops is not None and not drops.isdisjoint(near_words):
                continue
            hits: list[int] = []
            near_lo = max(lo, at - rule.window)
            near = range(near_lo, min(hi, at + rule.window + 1))
            for other, side in zip(rule.others, rule.sides, strict=True):
                members = lex.near_classes[other]
                span = (
                    near[: at - near_lo] if side < 0 else near[at - near_lo + 1 :] if side else near
                )
                hit = next((i for i in span if i != at and members.holds(tokens, i)), None)
                if hit is None:
                    break
                hits.append(hit)
            else:
                # a negation bears on an anchor's company, not on a slur standing alone
                matched = {at, *hits}
                negated = bool(hits) and any(
                    tokens[i] in lex.near_negations
                    for i in range(near_lo, max(matched))
                    if i not in matched
                )
                quotes = any(offsets[i] in r for i in (at, *hits) for r in quoted)
                if not negated and not quotes:
                    matches.append((rule, tokens[hits[0] if hits else at]))
    return matches


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
    return lexicon_reading(text)[0]


def lexicon_reading(text: str, ordinary: bool = True) -> tuple[dict[str, int], frozenset[str]]:
    """`content_severities`, and the categories whose strongest match context damped
    (negated, quoted, mentioned or asked about): the model may not raise those above it.
    `ordinary`: look-alike words in their ordinary sense are blanked (`ordinary_words`)."""
    lex = lexicon()
    folded = fold(text)
    tokens = words(text)  # cached: the other engines split the same text
    blank = ordinary_words(tokens) if ordinary else frozenset()
    if blank:  # blanked, not dropped: positions stay those of `word_offsets`
        tokens = tuple("" if i in blank else token for i, token in enumerate(tokens))
    # every quotation opens with one of `_QUOTE_OPENERS`: none, none to find; else `re` starts
    # at the first (its scan of the characters before finds no match start there)
    first = min((i for i in map(folded.find, _QUOTE_OPENERS) if i >= 0), default=-1)
    quoted: list[range] = []
    if first >= 0:
        quoted = [range(m.start(), m.end()) for m in _QUOTES.finditer(folded, first)]
    offsets = word_offsets(folded) if quoted else [-1] * len(tokens)
    about = _ABOUT_WORDS.match(folded) is not None
    best = dict.fromkeys(CATEGORIES, 0)
    distinct: dict[str, set[tuple[str, ...]]] = {c: set() for c in CATEGORIES}
    undamped = dict.fromkeys(CATEGORIES, 0)  # the strongest match before damping
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
            undamped[phrase.category] = max(undamped[phrase.category], phrase.severity)
    if NEAR_RULE and lex.near:
        for rule, word in _near_matches(lex, tokens, offsets, quoted):
            distinct[rule.category].add((rule.anchor, *rule.others, word))
            best[rule.category] = max(best[rule.category], rule.severity)
            undamped[rule.category] = max(undamped[rule.category], rule.severity)
    for category, found in distinct.items():
        if len(found) >= 3 and best[category] > 0:
            best[category] = min(3, best[category] + 1)
    damped = frozenset(c for c in CATEGORIES if best[c] < undamped[c])
    return {c: max(0, v) for c, v in best.items()}, damped


# A severity as a score in 0..1, between the default cut points (calibration can move them).
_SEVERITY_SCORE = (0.0, 0.375, 0.625, 0.875)
_CUTS = (0.25, 0.5, 0.75)
MODEL_RESOURCE = "content_model.json"
SHORT_WORDS = 10  # below this many words the models' evidence is too thin to act on


class ContentModel:
    """The five categories' logistic regressions, scored in one pass over a text's tokens.

    Weights are kept per hashed feature as one value per category, and each token's summed
    weights are cached (words repeat), so a text costs one loop whatever the number of
    categories; `cuts` are each category's probabilities of LOW, MEDIUM and HIGH."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.bits = int(data["bits"])
        entries = data["categories"]
        self.categories = tuple(entries)
        width = len(self.categories)
        weights: dict[int, list[float]] = {}
        for column, category in enumerate(self.categories):
            entry = entries[category]
            scale = float(entry["scale"])
            for index, q in zip(
                accumulate(map(int, entry["index_deltas"])), entry["weights_q"], strict=True
            ):
                weights.setdefault(index, [0.0] * width)[column] = q * scale
        self.weights = {i: tuple(w) for i, w in weights.items()}
        self.bias = tuple(float(entries[c]["bias"]) for c in self.categories)
        self.cuts = tuple(tuple(float(x) for x in entries[c]["cuts"]) for c in self.categories)
        self._zero = (0.0,) * width
        # per token: (its features' summed weights per category, their count, and the two
        # halves of a bigram id: `pair_id(first, second) == left(first) ^ right(second)`)
        self._cache: dict[str, tuple[tuple[float, ...], int, int, int]] = {}

    def _token(self, token: str) -> tuple[tuple[float, ...], int, int, int]:
        word_hash, ids = token_ids(token, self.bits)
        found = [w for w in map(self.weights.get, ids) if w is not None]
        sums = tuple(map(math.fsum, zip(*found, strict=True))) if found else self._zero
        entry = (sums, len(ids), *pair_halves(word_hash, (1 << self.bits) - 1))
        if len(self._cache) > 200_000:  # bound memory on endless unique tokens
            self._cache.clear()
        self._cache[token] = entry
        return entry

    def probabilities(self, tokens: Sequence[str]) -> tuple[float, ...]:
        """Each category's probability for a text already split by `words`.

        The rows summed are each token's sums, in text order, then the weights of each bigram
        that has some, in text order: the additions of the loop this replaced (session 22),
        in the same order, so the same floats; but the per-token work is done at C speed
        (`map`, `zip`), as `textfeat.LinearScorer._terms` does it."""
        cache = self._cache
        try:
            entries = list(map(cache.__getitem__, tokens))
        except KeyError:
            entries = [cache.get(token) or self._token(token) for token in tokens]
        if entries:
            sums, counts, lefts, rights = zip(*entries, strict=True)
            rows = list(sums)
            # a bigram's id from the halves; `filter(None, ...)` drops the ids without weights
            # (None), never a weight (a non-empty tuple)
            rows.extend(filter(None, map(self.weights.get, map(xor, lefts, rights[1:]))))
            count = sum(counts) + len(entries) - 1
        else:
            rows, count = [], 0
        scale = 1.0 / math.sqrt(count or 1)
        totals = map(sum, zip(*rows, strict=True)) if rows else self._zero
        return tuple(
            1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, b + t * scale))))
            for b, t in zip(self.bias, totals, strict=True)
        )

    def scores(self, tokens: Sequence[str]) -> dict[str, float]:
        """Each category's probability on the shared 0..1 scale: piecewise linear through its
        cut points, which land on 0.25, 0.5 and 0.75."""
        return {
            c: on_scale(p, cuts)
            for c, p, cuts in zip(
                self.categories, self.probabilities(tokens), self.cuts, strict=True
            )
        }


def on_scale(p: float, cuts: Sequence[float]) -> float:
    """A probability on the shared 0..1 scale: piecewise linear through a model's LOW, MEDIUM
    and HIGH probabilities, which land on 0.25, 0.5 and 0.75."""
    knots = (0.0, *cuts, 1.0)
    for i in range(4):
        low, high = knots[i], knots[i + 1]
        if p < high or i == 3:
            share = (p - low) / (high - low) if high > low else 1.0
            return min(1.0, 0.25 * (i + max(0.0, share)))
    return 1.0  # pragma: no cover - the loop returns


@cache
def model() -> ContentModel:
    """The shipped model (data/content_model.json), loaded once."""
    return ContentModel(json.loads(read_text("data", MODEL_RESOURCE)))


# Session 19's second content round (docs/engines.md): MISCONDUCT's learned score counting only
# where the text names a wrongdoing (`wrongdoing.WRONGDOING`) or a harm ask (`harm.HARM_ASK`).
# It cut GPTeacher's ordinary requests blocked at HIGH strength from 0.309 to 0.027 but lost
# StrongREJECT's crime requests (MISCONDUCT 0.72 -> 0.58), so it is off: the model's reading
# everywhere. True reproduces the round.
MISCONDUCT_GOAL = False
# Session 25's content round (docs/engines.md): the same reading, but the model's MISCONDUCT
# score where no wrongdoing is named is capped at LOW confidence instead of dropped. A filter at
# HIGH strength (which acts on LOW) keeps every verdict, so its recall cannot move; at MEDIUM and
# LOW strength the model alone no longer blocks a request's frame ("Write a blog post about the
# benefits of a digital marketing agency" was MISCONDUCT at HIGH confidence). False: the model's
# reading everywhere, as until this round.
MISCONDUCT_CAP = True
# Session 28's content round (docs/engines.md): with the cap, where no wrongdoing is named the
# model's MISCONDUCT counts (held at LOW) only when it reads at least this much on its own; under
# it, nothing. The model's faint LOW readings of a request's frame were most of what a filter at
# HIGH strength blocked in ordinary requests. _CUTS[0]: every LOW reading counts, as until then.
# Session 37's content round: the HIGH cut (_CUTS[2]), so that only a reading the model would
# call HIGH on its own counts, held at LOW, where no wrongdoing is named; _CUTS[1] (MEDIUM) from
# session 28 to 36. A filter at MEDIUM or LOW strength cannot move (the cap keeps such texts at
# LOW either way).
MISCONDUCT_FLOOR = _CUTS[2]


def goal_named(tokens: Sequence[str]) -> bool:
    """True when a text split by `words` names a wrongdoing or asks for harm."""
    from .harm import asks_for_harm  # noqa: PLC0415 - loaded only when a score needs it
    from .wrongdoing import names_wrongdoing  # noqa: PLC0415

    stream = " ".join(tokens)
    return names_wrongdoing(stream) or asks_for_harm(stream)


def learned_scores(text: str, ordinary: bool = True) -> dict[str, float]:
    """`content_scores` with the model's own MISCONDUCT reading, whatever the text names: what
    the prompt-attack gates read (`attacks._mild`), whose rounds were chosen on it. `ordinary`
    False: every look-alike word read as the lexicon's, as before session 29 (what the
    prompt-attack judge was trained on)."""
    tokens = words(text)
    return combined(text, model().scores(model_words(tokens) if ordinary else tokens), ordinary)


def content_scores(text: str) -> dict[str, float]:
    """A score in 0..1 per category: the higher of the lexicon's severity and the model's
    probability, both placed on the scale whose default cut points are 0.25, 0.5 and 0.75;
    MISCONDUCT's model score over LOW only where the text names a wrongdoing, and LOW there only
    from MISCONDUCT_FLOOR (MISCONDUCT_CAP; MISCONDUCT_GOAL: none at all)."""
    tokens = model_words(words(text))  # a look-alike in its ordinary sense names no wrongdoing
    learned = model().scores(tokens)
    misconduct = learned.get("MISCONDUCT", 0.0)
    if (MISCONDUCT_GOAL or MISCONDUCT_CAP) and misconduct >= _CUTS[0] and not goal_named(tokens):
        kept = MISCONDUCT_CAP and not MISCONDUCT_GOAL and misconduct >= MISCONDUCT_FLOOR
        learned["MISCONDUCT"] = _CUTS[0] if kept else 0.0
    return combined(text, learned)


def combined(text: str, learned: Mapping[str, float], ordinary: bool = True) -> dict[str, float]:
    """Per category the higher of the lexicon's score and a model's (`learned`, on the shared
    scale), except where context damped the lexicon's match: "I would never kill you" stays
    at the lexicon's damped level whatever a bag of n-grams or an embedding makes of it. A text
    of fewer than SHORT_WORDS words is the lexicon's alone: on a few words a model trained on
    requests for crimes reads "Use a list comprehension." as one (its "List ..." openings).
    `ordinary` as for `lexicon_reading`."""
    severities, damped = lexicon_reading(text, ordinary)
    if len(words(text)) < SHORT_WORDS:
        learned = {}
    return {
        c: _SEVERITY_SCORE[severities[c]]
        if c in damped
        else max(_SEVERITY_SCORE[severities[c]], learned.get(c, 0.0))
        for c in CATEGORIES
    }


def level(score: float) -> str:
    """NONE, LOW, MEDIUM or HIGH for a score on the shared scale (default cut points)."""
    return CONFIDENCES[sum(score >= cut for cut in _CUTS)]


def content_cuts(category: str) -> tuple[float, float, float]:
    """The lowest scores of LOW, MEDIUM and HIGH for `category`."""
    del category  # one scale for every category
    return _CUTS


def content_confidences(text: str) -> dict[str, str]:
    """Bedrock-style confidence per category: HATE, INSULTS, SEXUAL, VIOLENCE, MISCONDUCT."""
    return {c: level(s) for c, s in content_scores(text).items()}
