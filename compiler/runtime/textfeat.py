"""Text features shared by the runtime engines: folding, tokens, stems and hashed n-grams.

Standard library only: this module is bundled into the evaluator zipapp. The prompt-attack trainer
(scripts/train_attack_model.py) imports `hashed_features` from here so that training and scoring
see exactly the same features.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache, reduce
from itertools import accumulate, filterfalse, repeat
from operator import add, xor

from .pii_base import LazyPattern, any_digit  # LazyPattern: compiled on first use

# Letters from other scripts that render like Latin ones; attackers swap them in to dodge keyword
# rules ("іgnore" with a Cyrillic і). Folding them lets both rules and the model see the word.
_HOMOGLYPHS = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ɡ": "g", "һ": "h", "ո": "n", "ս": "u", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i",
    "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c",
    "ℓ": "l", "ı": "i",
}  # fmt: skip
# str.translate with a dict is slow on long non-ASCII text; a regex finds the few look-alikes.
_HOMOGLYPH_RE = LazyPattern("[" + "".join(_HOMOGLYPHS) + "]")
_BEYOND_ASCII = LazyPattern("[^\\x00-\\x7f]")

# Digits and symbols used as letters ("1gn0re", "s3cr3t"); applied only inside tokens that mix
# letters and digits so that ordinary numbers stay numbers.
_LEET_TABLE = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b"})

_WORD = re.compile(r"\w+")

# Characters that render as nothing: soft hyphen, zero-width and bidi controls, word joiners, BOM,
# invisible math operators, Hangul fillers, tag characters and the variation-selector supplement
# (both used to smuggle ASCII), and plain variation selectors.
_INVISIBLE = LazyPattern(
    "[\u00ad\u115f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164"
    "\ufe00-\ufe0f\ufeff\ufff9-\ufffb\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "\U000e0100-\U000e01ef]"
)
# Joiners and variation selectors are legitimate inside emoji sequences ("👨‍👩‍👧", "❤️"), so they
# count only when the character before them is not a symbol or another joiner.
_EMOJI_GLUE = LazyPattern("[\u200d\ufe00-\ufe0f]")


def is_invisible(ch: str) -> bool:
    """True for a character that takes no visible space (zero-width, bidi, tag characters...)."""
    return _INVISIBLE.fullmatch(ch) is not None


def count_invisible(text: str) -> int:
    """Count invisible characters, ignoring emoji joiners and variation selectors after symbols."""
    if text.isascii():
        return 0
    count = 0
    # a byte-order mark opening the text is a file's encoding carried over by copy and paste
    # (session 12: a maths question pasted from a file was a HIGH-confidence attack)
    for match in _INVISIBLE.finditer(text, 1 if text.startswith("\ufeff") else 0):
        i = match.start()
        if i and _EMOJI_GLUE.match(text, i):
            before = text[i - 1]
            if unicodedata.category(before) == "So" or _EMOJI_GLUE.fullmatch(before):
                continue
        count += 1
    return count


# Each engine folds and splits the same text; a few cached entries let them share the work.
@lru_cache(maxsize=32)
def fold(text: str) -> str:
    """Normalise for matching: NFKC, case-fold, Latin look-alikes to Latin, invisibles removed."""
    if text.isascii():
        return text.lower()  # NFKC and the homoglyph table leave ASCII unchanged
    folded = unicodedata.normalize("NFKC", text).casefold()
    # look-alikes and invisibles are all beyond ASCII: ask about the few such characters
    # present rather than scan the text with each class (the same strings either way)
    beyond = set(_BEYOND_ASCII.findall(folded))
    if not beyond.isdisjoint(_HOMOGLYPHS):
        folded = _HOMOGLYPH_RE.sub(lambda m: _HOMOGLYPHS[m.group()], folded)
    if any(map(is_invisible, beyond)):
        folded = _INVISIBLE.sub("", folded)
    return folded


def mixed_script_words(text: str) -> int:
    """Count words that mix Latin letters with Cyrillic or Greek ones (homoglyph obfuscation)."""
    if text.isascii() or not _HOMOGLYPH_RE.search(text):
        return 0
    count = 0
    for word in _WORD.findall(text):
        # a letter or two: a symbol with its subscript ("ωA", "αA", "ΔT" in a physics problem,
        # session 12), not a word disguised letter by letter
        if word.isascii() or sum(map(str.isalpha, word)) < 3:
            continue
        latin = other = False
        for ch in word:
            if ch.isascii():
                latin = latin or ch.isalpha()
            elif ch in _HOMOGLYPHS:
                other = True
        count += latin and other
    return count


def _deleet(token: str) -> str:
    if token.isalpha() or token.isdigit():
        return token
    if any(map(str.isdigit, token)) and any(map(str.isalpha, token)):
        return token.translate(_LEET_TABLE)
    return token


# ASCII bytes that are not word characters (`\w`: letters, digits, "_") as spaces; bytes beyond
# ASCII (parts of UTF-8 sequences) as they are.
_WORD_BYTES = bytes(c if chr(c).isalnum() or c == 95 else 32 for c in range(128)) + bytes(
    range(128, 256)
)


def _word_runs(folded: str) -> list[str]:
    r"""`_WORD.findall(folded)` (the runs of word characters), without a regex step per character:
    every other character becomes a space, and `str.split` cuts at the spaces. `\w` is
    `str.isalnum()` or "_" (`re` asks the same Unicode database), and no word character is
    white space, so the runs are the same."""
    if not folded.isascii():
        for ch in set(_BEYOND_ASCII.findall(folded)):
            if not ch.isalnum():
                folded = folded.replace(ch, " ")
    return folded.encode("utf-8").translate(_WORD_BYTES).decode("utf-8").split()


@lru_cache(maxsize=32)
def words(text: str) -> tuple[str, ...]:
    """Folded word tokens; tokens mixing letters and digits are de-leeted (`1gn0re` → `ignore`)."""
    folded = fold(text)
    found = _word_runs(folded)
    if any_digit(folded):
        # only a token that is neither all letters nor all digits can change (`_deleet`):
        # each such word once
        mixed = set(filterfalse(str.isdigit, filterfalse(str.isalpha, found)))
        changed = {t: d for t in mixed if (d := _deleet(t)) != t}
        if changed:
            return tuple(map(changed.get, found, found))
    return tuple(found)


def word_count(text: str) -> int:
    """`len(words(text))` without the cache (`words` keeps the last 32 texts: counting many
    short pieces through it would push out the whole text's words) and without de-leeting,
    which never changes the count."""
    return len(_word_runs(fold(text)))


def word_offsets(folded: str) -> list[int]:
    """Start offset in `folded` (the `fold` of a text) of each of the text's `words`."""
    return [m.start() for m in _WORD.finditer(folded)]


# Suffixes removed by the light stemmer, longest first; a stem keeps at least three letters and
# words ending in -ss, -us, -is keep their s ("process", "virus", "diagnosis").
_SUFFIXES = (
    ("ational", "ate"), ("ization", "ize"), ("fulness", "ful"), ("ousness", "ous"),
    ("iveness", "ive"), ("ements", ""), ("ement", ""), ("ments", ""), ("ations", "ate"),
    ("ation", "ate"), ("ities", ""), ("ility", "le"), ("ness", ""), ("ment", ""), ("ings", ""),
    ("ing", ""), ("ies", "y"), ("ied", "y"), ("ed", ""), ("ly", ""),
    ("es", ""), ("s", ""),
)  # fmt: skip


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stemmer: `investing`, `invested`, `investments` → `invest`.

    A final `e` is dropped too, so `trade`, `traded` and `trading` all give `trad`. `-er` is kept
    (`wager` must not become `wag`, nor `better` `bet`).
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    base = word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix in ("s", "es") and word.endswith(("ss", "us", "is")):
                break
            base = word[: len(word) - len(suffix)] + repl
            # "running" → "runn" → "run": undo doubled final consonants left by -ing/-ed
            if repl == "" and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            break
    if len(base) > 3 and base.endswith("e"):
        base = base[:-1]
    return base


def _hash(feature: str, mask: int) -> int:
    return zlib.crc32(feature.encode("utf-8")) & mask


_PAIR_MIX = 0x01000193  # FNV prime: spreads the first word's hash before mixing in the second


@lru_cache(maxsize=65536)
def token_ids(token: str, bits: int) -> tuple[int, tuple[int, ...]]:
    """(full 32-bit hash of the word, hashed ids of the word and of the char 3..5-grams of
    ` token `), cached because words repeat."""
    mask = (1 << bits) - 1
    word_hash = zlib.crc32(("w:" + token).encode("utf-8"))
    ids = [word_hash & mask]
    padded = f" {token} "
    size = len(padded)
    for n in (3, 4, 5):
        ids.extend(_hash("c:" + padded[i : i + n], mask) for i in range(size - n + 1))
    return word_hash, tuple(ids)


def pair_id(first: int, second: int, mask: int) -> int:
    """The hashed id of a word bigram from the two words' full hashes."""
    return ((first * _PAIR_MIX) ^ second) & mask


def pair_halves(word_hash: int, mask: int) -> tuple[int, int]:
    """A word's two halves of bigram ids, its left one first: `pair_id(first, second, mask)`
    is `left(first) ^ right(second)` (masking distributes over xor), so a scorer that keeps
    both per word joins two words with one xor."""
    return (word_hash * _PAIR_MIX) & mask, word_hash & mask


def hashed_features(text: str, bits: int) -> dict[int, float]:
    """Hashed word 1–2-gram and char 3–5-gram counts, divided by the root of their total.

    Ids are crc32 of a namespaced string (`w:` words, `c:` char n-grams; bigrams mix the two word
    hashes) masked to `bits` bits, so every Python gives the same ids; collisions add up, as in
    scikit-learn's HashingVectorizer. Dividing by sqrt(total) rather than the L2 norm keeps the
    dot product a sum over tokens, which `LinearScorer` caches per token.
    """
    return token_features(words(text), bits)


# The power of the feature count that features are divided by: 0.5, the square root, as every
# model before the nineteenth round was trained (`hashed_features`); 1 makes the dot product a
# mean, which cannot grow with a text's length.
NORM_POWER = 0.5


def count_norm(count: int, power: float) -> float:
    """`count` (at least 1) to the power `power`; the square root exactly at 0.5, as every model
    before the nineteenth round was trained and calibrated."""
    return math.sqrt(count or 1) if power == NORM_POWER else math.pow(count or 1, power)


def token_features(
    tokens: Sequence[str],
    bits: int,
    pair_only: frozenset[str] = frozenset(),
    norm_power: float = NORM_POWER,
) -> dict[int, float]:
    """`hashed_features` of a text already split by `words` (or of a stretch of one, as the
    attack model's windows score it). A word in `pair_only` has no features of its own (word or
    char n-grams), only its bigrams with its neighbours: what follows it decides. Counts are
    divided by their total to the power `norm_power`."""
    mask = (1 << bits) - 1
    ids: list[int] = []
    previous: int | None = None
    for token in tokens:
        word_hash, token_feats = token_ids(token, bits)
        if token not in pair_only:
            ids.extend(token_feats)
        if previous is not None:
            ids.append(pair_id(previous, word_hash, mask))
        previous = word_hash
    scale = 1.0 / count_norm(len(ids), norm_power)
    return {i: c * scale for i, c in Counter(ids).items()}


class LinearScorer:
    """`w · hashed_features(text)` without building the vector: token sums are cached.

    The sums are the same floating-point additions in the same order as a loop over the tokens
    (each token's weight sum, then the bigram joining it to the token before), done at C speed
    (`map`, `accumulate`): the scores are bit for bit those of the loop."""

    def __init__(
        self,
        weights: Mapping[int, float],
        bits: int,
        pair_only: frozenset[str] = frozenset(),
        norm_power: float = NORM_POWER,
    ) -> None:
        self.weights = weights
        self.bits = bits
        self.pair_only = pair_only  # words scored through their bigrams only (token_features)
        self.norm_power = norm_power  # the dot is divided by the feature count to this power
        # per token: (its features' weight sum, their count, the two halves of a bigram id:
        # `pair_id(first, second) == left(first) ^ right(second)`); the word's full hash is
        # not kept (the halves stand for it), so `_terms` transposes one column fewer
        self._token_cache: dict[str, tuple[float, int, int, int]] = {}

    def _token(self, token: str) -> tuple[float, int, int, int]:
        word_hash, ids = token_ids(token, self.bits)
        if token in self.pair_only:
            ids = ()
        get = self.weights.get
        mask = (1 << self.bits) - 1
        entry = (
            sum(get(i, 0.0) for i in ids),
            len(ids),
            (word_hash * _PAIR_MIX) & mask,
            word_hash & mask,
        )
        if len(self._token_cache) > 200_000:  # bound memory on endless unique tokens
            self._token_cache.clear()
        self._token_cache[token] = entry
        return entry

    def _terms(
        self, tokens: Sequence[str]
    ) -> tuple[tuple[float, ...], tuple[int, ...], list[float]]:
        """The tokens' own weight sums and feature counts, and the weight of each bigram
        (`tokens[i]`, `tokens[i + 1]`)."""
        cache = self._token_cache
        try:
            entries = list(map(cache.__getitem__, tokens))
        except KeyError:
            entries = [cache.get(token) or self._token(token) for token in tokens]
        if not entries:
            return (), (), []
        own, counts, lefts, rights = zip(*entries, strict=True)
        pairs = list(map(self.weights.get, map(xor, lefts, rights[1:]), repeat(0.0)))
        return own, counts, pairs

    def window_dots(self, tokens: Sequence[str], window: int, starts: Sequence[int]) -> list[float]:
        """`dot` of each stretch `tokens[start : start + window]`, from running sums over the
        text's per-token terms (one pass, however many windows overlap)."""
        own, counts, pairs = self._terms(tokens)
        power = self.norm_power
        # running sums of the weights of tokens < i and of the bigrams among them: token i's
        # own sum, then the bigram joining it to token i - 1 (0.0 for the first)
        steps: list[float] = [0.0] * (2 * len(own))
        steps[0::2] = own
        steps[3::2] = pairs
        totals = list(accumulate(steps, initial=0.0))[0::2]
        # the same for feature counts (a bigram for each token but the first)
        sizes = list(accumulate(counts, initial=0))
        dots = []
        for start in starts:
            end = min(start + window, len(own))
            # a window starting at `start` leaves out the bigram joining it to the token before
            total = totals[end] - totals[start] - (pairs[start - 1] if start > 0 else 0.0)
            count = sizes[end] - sizes[start] + max(end - 1, 0) - max(start - 1, 0) - (start > 0)
            dots.append(total / count_norm(count, power))
        return dots

    def token_terms(self, tokens: Sequence[str]) -> list[float]:
        """Each token's share of the undivided dot product: its own features' weights and the
        weight of the bigram joining it to the token before (what `dot` sums)."""
        own, _, pairs = self._terms(tokens)
        return list(map(add, own, [0.0, *pairs]))

    def dot(self, tokens: Sequence[str]) -> float:
        """The dot product of the weights with the features of the text that gave `tokens`."""
        own, counts, pairs = self._terms(tokens)
        # token 0's sum, then each later token's sum and its bigram with the token before
        steps: list[float] = [0.0] * max(2 * len(own) - 1, 0)
        steps[0:1] = own[:1]
        steps[1::2] = own[1:]
        steps[2::2] = pairs
        total = reduce(add, steps, 0.0)
        count = sum(counts) + max(len(own) - 1, 0)
        return total / count_norm(count, self.norm_power)
