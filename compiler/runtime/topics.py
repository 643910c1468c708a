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
  the hard negatives that share a topic's vocabulary ("What is an index fund?").
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

from .datafiles import read_text
from .pii_base import LazyPattern  # compiled on first use: cold start
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
_SATURATION = 1.6  # lexical evidence e gives 1 - exp(-e / _SATURATION)

# The combining logistic model: intercept, then one coefficient per entry of `features()`. Fitted
# by `python -m benchmarks bench_accuracy --fit-topics` on the dev half of tests/data/topics/.
COEFFICIENTS = (-5.12, 8.7, 0.56, 1.66, 0.21, -5.61)

_ADVICE = LazyPattern(
    r"\bshould (?:i|we|my|he|she|they)\b|\b(?:can|could|may) (?:i|my|we)\b|\bdo i (?:need|have)\b"
    r"|\bhow (?:do|can|should|could) (?:i|we)\b|\bwhat (?:should|can|do) i\b|\bis it (?:smart|"
    r"wise|worth|safe|legal|okay|ok|better|a good|time|against)\b|\b(?:recommend|suggest|advise|"
    r"advice|tips?)\b|\bwould you\b|\bhelp me (?:decide|choose|pick)\b|\bwhat'?s? wrong with me"
    r"|\bam i\b|\bgive me (?:a|an|some|three|your|the)\b|\btell me (?:how|which|the best)\b"
    r"|\bwhich \w+(?: \w+)? (?:should|to|would|will|has|pays|is)\b|\bbest (?:way|strategy|"
    r"odds|time|\w+ to|\w+ for)\b|\bhow much (?:should|can|of my|bitcoin)\b|\bwhere (?:should|"
    r"can) i\b"
)
_OPINION = LazyPattern(
    r"\bdo you (?:think|like|support|agree|prefer|believe)\b|\b(?:your|honest) (?:opinion|view)s?"
    r"\b|\bin your (?:opinion|view)\b|\btell me why\b|\bconvince me\b|\bwhose side\b|\brate the\b"
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
_FACTUAL = LazyPattern(r"\bhistory of\b|\bin general\b|\bhistorically\b")
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
    for text, weight in sources:
        for s in content_stems(text, lex):
            key = "t:" + s
            weights[key] = max(weights.get(key, 0.0), weight)
            for cluster_id in lex.clusters.get(s, ()):
                cluster_hits.setdefault(cluster_id, set()).add(s)
                cluster_weight[cluster_id] = max(cluster_weight.get(cluster_id, 0.0), weight)
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
    """Topic-independent features of how a text asks: advice, opinion, first person, factual."""

    advice: bool
    opinion: bool
    personal: int
    factual: bool


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
    return Shape(advice, opinion, personal, factual)


def features(evidence: float, shape: Shape) -> tuple[float, ...]:
    """Inputs of the combining model: saturated lexical evidence, gated request shape, factual."""
    lexical = 1.0 - math.exp(-evidence / _SATURATION)
    gate = min(1.0, evidence)  # the request shape only matters once the topic's words appear
    return (
        lexical,
        gate * shape.advice,
        gate * shape.opinion,
        gate * min(shape.personal, 2),
        float(shape.factual),
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
        # Without lexical evidence only the factual shape moves the score (the others are gated
        # by the evidence), so a text with no evidence for any topic matches none when neither
        # value reaches the threshold: `matches` then skips the request shape altogether.
        self._zero_never_matches = all(
            combine(0.0, Shape(False, False, 0, factual)) < threshold for factual in (False, True)
        )

    def _weights(self, stem_: str, lex: Lexicon) -> tuple[float, ...] | None:
        values = tuple(stem_weight(p, stem_, lex) for p in self.profiles)
        entry = values if any(values) else None
        if len(self._stem_cache) > 100_000:  # bound memory on endless unique words
            self._stem_cache.clear()
        self._stem_cache[stem_] = entry
        return entry

    def evidence(self, text: str) -> list[float]:
        """`lexical_evidence` of `text` for every topic, sharing the per-stem work."""
        lex = lexicon()
        totals = [0.0] * len(self.profiles)
        cache = self._stem_cache
        for s in sorted(set(content_stems(text, lex))):  # a fixed order: identical float sums
            entry = cache[s] if s in cache else self._weights(s, lex)
            if entry is not None:
                totals = [t + v for t, v in zip(totals, entry, strict=True)]
        return totals

    def scores(self, text: str) -> list[float]:
        """One score in 0..1 per topic, in the order the topics were given."""
        if not self.profiles:
            return []
        return self._scores(self.evidence(text), request_shape(text))

    @staticmethod
    def _scores(evidence: Sequence[float], shape: Shape) -> list[float]:
        # Most topics have no evidence in a given text, and they all score the same.
        zero = combine(0.0, shape)
        return [combine(e, shape) if e else zero for e in evidence]

    def matches(self, text: str) -> list[int]:
        """Indices of the topics whose score reaches the index's threshold."""
        if not self.profiles:
            return []
        evidence = self.evidence(text)
        if self._zero_never_matches and not any(evidence):
            return []
        scores = self._scores(evidence, request_shape(text))
        return [i for i, score in enumerate(scores) if score >= self.threshold]
