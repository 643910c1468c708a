"""Denied-topic engine: lexical scoring over each topic's name, definition and examples.

Standard library only. Each topic becomes a weighted profile of stems (name > examples >
definition) widened by hand-written related-term clusters (data/topic_lexicon.json): "Investment
advice" mentioning stocks and crypto also knows ETFs, dividends and Bitcoin. A text is scored on
three things, combined by a small logistic model whose coefficients were fitted on the dev half of
the project's labelled sets (tests/data/topics/, see docs/engines.md):

* lexical evidence — the summed best match of each content stem of the text against the profile,
  saturated (BM25-style) so that one strong word counts and ten weak ones do not run away;
* request shape — asking for advice ("should I", "which ... would you"), for an opinion ("do you
  think", "is X good"), in the first person; only counted when there is lexical evidence;
* factual shape — "what is", "who was", "explain", "history of" without first person, which marks
  the hard negatives that share a topic's vocabulary ("What is an index fund?");
* logistics and misdeed shapes — booking, opening hours, a named place ("Can I get my flu shot at
  the Elm Street clinic?"), or doing something unnoticed ("... without getting caught"): in-domain
  requests that do not ask for the advice a topic denies.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from functools import cache
from operator import add
from typing import NamedTuple

from .datafiles import read_text
from .pii_base import FastPattern, Gate, LazyPattern  # compiled on first use: cold start
from .textfeat import fold, stem, words

LEXICON_RESOURCE = "topic_lexicon.json"
DEFAULT_THRESHOLD = 0.5

# Source weights: a topic's name is its most specific words, examples are concrete requests, the
# definition mixes topical words with scaffolding ("such as", "recommendations").
_NAME_WEIGHT = 1.6
_EXAMPLE_WEIGHT = 1.3
_DEFINITION_WEIGHT = 1.0
_CLUSTER_SHARE = 0.6  # a cluster mate counts this much of the word that brought the cluster in
_DOMAIN_SHARE = 0.6  # a cluster of the same domain counts this much of a directly reached one
_INCIDENTAL_SHARE = 0.5  # an example-only word that no confirmed cluster backs (see build_profile)
_SATURATION = 1.6  # lexical evidence e gives 1 - exp(-e / _SATURATION)

# The combining logistic model: intercept, then one coefficient per entry of `features()`. Fitted
# by `python -m benchmarks bench_accuracy --fit-topics` on the dev half of tests/data/topics/.
COEFFICIENTS = (-5.3, 9.37, 0.87, 1.97, 0.12, -5.67, -4.57, -1.51)

# The request-shape patterns searched over the whole folded text (`request_shape`). A long
# alternation that starts with `\b` has no literal prefix for Python's engine to skip ahead to,
# so it is tried at every position (21 us for `_OPINION` on a kilobyte); as `FastPattern`s, RE2
# tells where a match may start, and the gate's one set scan per text skips the patterns whose
# relaxed form matches nowhere in it (most of them, in most texts): the same matches (session 22).
_SHAPES = Gate()
_ADVICE = FastPattern(
    r"\bshould (?:i|we|my|he|she|they)\b|\b(?:can|could|may) (?:i|my|we)\b|\bdo i (?:need|have)\b"
    r"|\bhow (?:do|can|should|could) (?:i|we)\b|\bwhat (?:should|can|do) i\b|\bis it (?:smart|"
    r"wise|worth|safe|legal|okay|ok|better|a good|time|against)\b|\b(?:recommend|suggest|advise|"
    r"advice|tips?)\b|\bwould you\b|\bhelp me (?:decide|choose|pick)\b|\bwhat'?s? wrong with me"
    r"|\bam i\b|\bgive me (?:a|an|some|three|your|the)\b|\btell me (?:how|which|the best)\b"
    r"|\bwhich \w+(?: \w+)? (?:should|to|would|will|has|pays|is)\b|\bbest (?:way|strategy|"
    r"odds|time|\w+ to|\w+ for)\b|\bhow much (?:should|can|of my|bitcoin)\b|\bwhere (?:should|"
    r"can) i\b",
    gate=_SHAPES,
)
_OPINION = FastPattern(
    r"\bdo you (?:think|like|support|agree|prefer|believe)\b|\b(?:your|honest) (?:opinion|view)s?"
    r"\b|\bin your (?:opinion|view)\b|\btell me why\b|\bconvince me\b|\bwhose side\b|\brate the\b",
    gate=_SHAPES,
)
# Anchored patterns are kept apart: inside one big alternation with `^`, Python's regex engine
# loses its literal-prefix scan and becomes ten times slower on long texts.
_OPINION_START = LazyPattern(
    r"\W*(?:is|are|was|were|should|do|does) [^.?!]{0,150}?\b(?:good|bad|right|wrong|better|fair|"
    r"justified|mistake|evil|dangerous|threat|corrupt|liar|fit|realistic|racist|cruel|hypocrites"
    r"|a good idea|destroying|ruining|doing a good job)\b"
    # "Should the monarchy be abolished?": a normative question about others asks for a stance
    r"|\W*should (?!i\b|my\b|you\b)\w+(?: \w+){0,4} (?:be|have|get|pay|keep|leave|ban|accept)\b"
)
_FACTUAL_START = LazyPattern(
    r"\W*(?:what (?:is|are|does|was|were|did|do the|happened)\b(?! (?:the )?(?:best|good|a good))"
    r"|who (?:is|was|were|invented|founded|wrote|won|owns|discovered|signed|regulates|enforces)"
    r"|when (?:is|was|did|does|do)|where is"
    r"|explain|define|describe|summari[sz]e|write|translate|list|recommend a (?:good )?(?:book|"
    r"documentary|podcast)|teach me the (?:rules|vocabulary)|how (?:does|did|is|are|many|much "
    r"does|long (?:is|does|did)|old)\b(?! i\b))"
)
_FACTUAL = FastPattern(r"\bhistory of\b|\bin general\b|\bhistorically\b", gate=_SHAPES)
# Logistics: booking, opening hours, a named place, paperwork, returns and deliveries. "Can I get
# my flu shot at the Elm Street clinic?" asks where and when a service is given, not what
# treatment to take. A big alternation searched over a 1 KB text tries every branch at every
# position, so `_is_service` only tries it where one of its first words occurs.
_SERVICE = LazyPattern(
    r"\b(?:book (?:a|an|my|me|in|online)|booking|appointments?|reschedul\w*|cancel|register with"
    r"|walk-?ins?|visiting hours|opening (?:hours|times)|wheelchair|step-free|which (?:floor|"
    r"entrance|desk)|where do i (?:go|park)|how early|bring (?:my|a|someone)|pick up|copy of my"
    r"|by email|return (?:a|an|my|this|these|the|it)|deliver(?:y|ed)?|track (?:my|a|the)|parcel"
    r"|pay (?:my|the|a|an) (?:[\w'-]+ ){0,2}(?:bills?|fees?|invoice)|bank holidays?"
    r"|(?:open|close|closes|closed)(?: late| early)? (?:on|at|until|today|tonight|tomorrow|now))\b"
)
_SERVICE_WORDS = frozenset({
    "book", "booking", "appointment", "appointments", "reschedule", "rescheduled", "rescheduling",
    "cancel", "register", "walk", "walkin", "walkins", "visiting", "opening", "wheelchair", "step",
    "which", "where", "how", "bring", "pick", "copy", "by", "return", "deliver", "delivery",
    "delivered", "track", "parcel", "pay", "bank", "open", "close", "closes", "closed",
})  # fmt: skip
_PLACES = frozenset({
    "clinic", "pharmacy", "surgery", "hospital", "branch", "office", "practice", "centre", "center",
})  # fmt: skip
_AT_PLACE = LazyPattern(r"\b(?:at|from) (?:the|your|a) (?:[\w'-]+ ){0,3}$")  # before a place
# Doing something unnoticed ("... without getting caught") asks for a misdeed, which the content
# filters judge, not for advice on the person's own legal, tax or money situation. (No leading
# `\b`: a pattern that starts with literals lets the regex engine skip ahead to them.)
_EVASION = FastPattern(
    r"(?:without (?:(?:getting|being|it being) (?:caught|seen|noticed|traced|detected|spotted)"
    r"|(?:\w+ ){1,3}(?:noticing|knowing|finding out|seeing|spotting))|get away with"
    r"|(?:not|never) get caught|won'?t (?:find|notice|know)|undetected)\b",
    gate=_SHAPES,
)


def _is_service(folded: str, tokens: Sequence[str]) -> bool:
    """Whether the text asks about logistics (`_SERVICE` tried only at its first words' places,
    or "at the ... clinic" before a place word)."""
    present = set(tokens)
    for word in sorted(present & _SERVICE_WORDS):
        i = folded.find(word)
        while i >= 0:
            if _SERVICE.match(folded, i):
                return True
            i = folded.find(word, i + 1)
    for word in sorted(present & _PLACES):
        i = folded.find(word)
        while i >= 0:
            if _AT_PLACE.search(folded, max(0, i - 60), i):
                return True
            i = folded.find(word, i + 1)
    return False


_FIRST_PERSON = frozenset({"i", "my", "me", "mine", "im", "we", "our", "us", "myself"})


class Lexicon(NamedTuple):
    """Stopwords, generic words and stem → cluster ids, loaded from the JSON data file."""

    ignored: frozenset[str]
    clusters: dict[str, tuple[str, ...]]
    related: dict[str, tuple[str, ...]]  # cluster id → the other clusters of its domains


@cache
def lexicon() -> Lexicon:
    """The shipped lexicon, stemmed once (package data, so it also loads inside a zipapp)."""
    raw = json.loads(read_text("data", LEXICON_RESOURCE))
    # Ignored words are compared before stemming: `better` must not knock out `bet`.
    ignored = frozenset((raw["stopwords"] + " " + raw["generic"]).split())
    clusters: dict[str, list[str]] = {}
    for cluster_id, text in raw["clusters"].items():
        for s in {stem(w) for w in words(text) if w not in ignored}:
            clusters.setdefault(s, []).append(cluster_id)
    related: dict[str, list[str]] = {}
    for group in raw["domains"].values():
        for cluster_id in group:
            related.setdefault(cluster_id, []).extend(c for c in group if c != cluster_id)
    return Lexicon(
        ignored,
        {s: tuple(sorted(ids)) for s, ids in clusters.items()},
        {c: tuple(ids) for c, ids in related.items()},
    )


def content_stems(text: str, lex: Lexicon | None = None) -> list[str]:
    """Stems of the text's content words (no stopwords or generic words), in order."""
    lex = lexicon() if lex is None else lex
    ignored = lex.ignored
    return [stem(w) for w in words(text) if w not in ignored]


class TopicProfile(NamedTuple):
    """Weighted stems (`t:`) and clusters (`k:`) describing one denied topic."""

    name: str
    weights: dict[str, float]


def build_profile(name: str, definition: str, examples: Sequence[str]) -> TopicProfile:
    """A topic's profile from its name, definition and example phrases."""
    lex = lexicon()
    weights: dict[str, float] = {}
    sources = [(name, _NAME_WEIGHT), (definition, _DEFINITION_WEIGHT)]
    sources += [(example, _EXAMPLE_WEIGHT) for example in examples]
    cluster_hits: dict[str, set[str]] = {}
    cluster_weight: dict[str, float] = {}
    described: set[str] = set()  # stems of the name and the definition
    for n, (text, weight) in enumerate(sources):
        for s in content_stems(text, lex):
            if n < 2:
                described.add(s)
            key = "t:" + s
            weights[key] = max(weights.get(key, 0.0), weight)
            for cluster_id in lex.clusters.get(s, ()):
                cluster_hits.setdefault(cluster_id, set()).add(s)
                cluster_weight[cluster_id] = max(cluster_weight.get(cluster_id, 0.0), weight)
    confirmed_ids = {c for c, hits in cluster_hits.items() if len(hits) >= 2}
    backed = confirmed_ids.union(*(lex.related.get(c, ()) for c in confirmed_ids))
    # An example's incidental words ("car" in "Can I deduct my car as a business expense?", "job"
    # in "Is the president doing a good job?") say what the example is about, not what the topic
    # is: a stem only examples have, in no cluster that the topic confirms (two of its words, or
    # the same domain), counts a fraction of its weight, so it cannot carry a text alone.
    for s in sorted({k[2:] for k in weights} - described):
        if backed.isdisjoint(lex.clusters.get(s, ())):
            weights["t:" + s] *= _INCIDENTAL_SHARE
    # A cluster reached by a single word may be a coincidence ("deposit" in a legal example is not
    # about savings), so it counts half and does not pull in the rest of its domain.
    for cluster_id, hits in cluster_hits.items():
        confirmed = len(hits) >= 2
        ckey = "k:" + cluster_id
        share = _CLUSTER_SHARE * (1.0 if confirmed else 0.5)
        weights[ckey] = max(weights.get(ckey, 0.0), cluster_weight[cluster_id] * share)
    for cluster_id, hits in cluster_hits.items():
        if len(hits) < 2:
            continue
        for other in lex.related.get(cluster_id, ()):
            okey = "k:" + other
            domain_weight = cluster_weight[cluster_id] * _CLUSTER_SHARE * _DOMAIN_SHARE
            weights[okey] = max(weights.get(okey, 0.0), domain_weight)
    return TopicProfile(name, weights)


def stem_weight(profile: TopicProfile, stem_: str, lex: Lexicon) -> float:
    """How much one text stem counts for a topic: its own weight or its best cluster's."""
    weights = profile.weights
    best = weights.get("t:" + stem_, 0.0)
    for cluster_id in lex.clusters.get(stem_, ()):
        best = max(best, weights.get("k:" + cluster_id, 0.0))
    return best


def lexical_evidence(profile: TopicProfile, stems: Sequence[str], lex: Lexicon) -> float:
    """Summed best match of each distinct text stem against the profile (0 when none)."""
    # sorted: float sums depend on order, and set order follows the per-process string hash
    return sum(stem_weight(profile, s, lex) for s in sorted(set(stems)))


class Shape(NamedTuple):
    """Topic-independent features of how a text asks: advice, opinion, first person, factual,
    logistics, misdeed (the last two default to False: older callers build four-field shapes)."""

    advice: bool
    opinion: bool
    personal: int
    factual: bool
    service: bool = False  # logistics: booking, opening hours, a named place, paperwork
    evasion: bool = False  # doing something unnoticed: "without getting caught"


def request_shape(text: str) -> Shape:
    """Classify the form of the request (the same for every topic, so computed once per text)."""
    folded = " ".join(fold(text).split())
    tokens = words(text)
    personal = sum(map(_FIRST_PERSON.__contains__, tokens))
    advice = _ADVICE.search(folded) is not None
    opinion = bool(_OPINION.search(folded) or _OPINION_START.match(folded))
    factual = not (personal or advice or opinion) and bool(
        _FACTUAL_START.match(folded) or _FACTUAL.search(folded)
    )
    service = _is_service(folded, tokens)
    evasion = _EVASION.search(folded) is not None
    return Shape(advice, opinion, personal, factual, service, evasion)


def features(evidence: float, shape: Shape) -> tuple[float, ...]:
    """Inputs of the combining model: saturated lexical evidence, gated request shape, factual,
    logistics and misdeed."""
    lexical = 1.0 - math.exp(-evidence / _SATURATION)
    gate = min(1.0, evidence)  # the request shape only matters once the topic's words appear
    return (
        lexical,
        gate * shape.advice,
        gate * shape.opinion,
        gate * min(shape.personal, 2),
        float(shape.factual),
        float(shape.service),
        float(shape.evasion),
    )


def combine(evidence: float, shape: Shape, coefficients: Sequence[float] = COEFFICIENTS) -> float:
    """The calibrated probability that a text with this evidence and shape is on the topic."""
    inputs = features(evidence, shape)
    z = coefficients[0] + sum(c * x for c, x in zip(coefficients[1:], inputs, strict=True))
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


class TopicIndex:
    """Denied topics ready to score texts: `(name, definition, examples)` per topic."""

    def __init__(
        self,
        topics: Sequence[tuple[str, str, Sequence[str]]],
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        self.profiles = [build_profile(name, defn, examples) for name, defn, examples in topics]
        self.threshold = threshold
        # stem → weight per topic (None when it counts for no topic); stems repeat across texts.
        self._stem_cache: dict[str, tuple[float, ...] | None] = {}
        # word → its stem and that stem's weights (None: an ignored word, or a stem that counts
        # for no topic): one look-up per distinct word of a text instead of `stem`'s bounded
        # cache, then the stem cache; words repeat across texts.
        self._word_cache: dict[str, tuple[str, tuple[float, ...]] | None] = {}
        # Without lexical evidence only the factual, logistics and misdeed shapes move the score
        # (the others are gated by the evidence), so a text with no evidence for any topic
        # matches none when no combination of them reaches the threshold: `matches` then skips
        # the request shape altogether.
        self._zero_never_matches = all(
            combine(0.0, Shape(False, False, 0, *flags)) < threshold
            for flags in itertools.product((False, True), repeat=3)
        )

    def _weights(self, stem_: str, lex: Lexicon) -> tuple[float, ...] | None:
        values = tuple(stem_weight(p, stem_, lex) for p in self.profiles)
        entry = values if any(values) else None
        if len(self._stem_cache) > 100_000:  # bound memory on endless unique words
            self._stem_cache.clear()
        self._stem_cache[stem_] = entry
        return entry

    def _word(self, word: str, lex: Lexicon) -> tuple[str, tuple[float, ...]] | None:
        """`_word_cache`'s entry for `word`, made and kept."""
        entry: tuple[str, tuple[float, ...]] | None = None
        if word not in lex.ignored:  # ignored words are compared before stemming (`lexicon`)
            stem_ = stem(word)
            cache = self._stem_cache
            weights = cache[stem_] if stem_ in cache else self._weights(stem_, lex)
            entry = None if weights is None else (stem_, weights)
        if len(self._word_cache) > 100_000:  # bound memory on endless unique words
            self._word_cache.clear()
        self._word_cache[word] = entry
        return entry

    def evidence(self, text: str) -> list[float]:
        """`lexical_evidence` of `text` for every topic, sharing the per-stem work."""
        lex = lexicon()
        totals = [0.0] * len(self.profiles)
        cache = self._word_cache
        # the distinct stems of `content_stems(text)` that count for some topic, with their
        # weights: one look-up per distinct word (`_word_cache`), at C speed (`map`); words
        # sharing a stem give the same entry
        distinct = set(words(text))
        try:
            entries = list(map(cache.__getitem__, distinct))  # every word seen before: the norm
        except KeyError:
            entries = [cache[w] if w in cache else self._word(w, lex) for w in distinct]
        # an entry is None or (stem, non-empty weights) (`_word`): `filter(None, ...)` keeps
        # the words whose stem counts for some topic
        counted = dict(filter(None, entries))
        # in stem order, as `lexical_evidence` sums them: identical float sums; `t + v` per
        # topic at C speed (an entry has a weight per topic: `_weights`)
        for stem_ in sorted(counted):
            totals = list(map(add, totals, counted[stem_]))
        return totals

    def scores(self, text: str) -> list[float]:
        """One score in 0..1 per topic, in the order the topics were given."""
        if not self.profiles:
            return []
        return self._scores(self.evidence(text), request_shape(text))

    @staticmethod
    def _scores(evidence: Sequence[float], shape: Shape) -> list[float]:
        # Most topics have no evidence in a given text, and they all score the same; so do
        # topics whose evidence is the same sum (stems shared by their profiles): each distinct
        # value is combined once (`combine` is a function of its arguments alone).
        zero = combine(0.0, shape)
        by_value = {e: combine(e, shape) for e in set(evidence) if e}
        return [by_value[e] if e else zero for e in evidence]

    def matches(self, text: str) -> list[int]:
        """Indices of the topics whose score reaches the index's threshold."""
        if not self.profiles:
            return []
        evidence = self.evidence(text)
        if self._zero_never_matches and not any(evidence):
            return []
        scores = self._scores(evidence, request_shape(text))
        return [i for i, score in enumerate(scores) if score >= self.threshold]
