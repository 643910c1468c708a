"""The fast paths of `runtime/textfeat.py` give exactly what their plain definitions give.

`fold` asks about the characters beyond ASCII a text holds instead of scanning it with each
class, `words` cuts at non-word characters with `str.split` instead of `re.findall(r"\\w+")`, and
`LinearScorer` sums at C speed. Each is checked here against the plain definition (written out
below, as the code was before): the same strings, and floating-point scores equal bit for bit.
"""

from __future__ import annotations

import json
import math
import random
import re
import struct
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import pytest

from benchmarks.attack_data import load
from compiler.runtime import attacks, content, textfeat
from compiler.runtime.textfeat import LinearScorer, fold, pair_id, token_ids, words

DATA = Path(__file__).parent.parent / "data"
SETS = ("tuning set-ups", "tuning trigger words", "tuning emails", "authored multilingual")
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")


def _plain_fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    folded = unicodedata.normalize("NFKC", text).casefold()
    if textfeat._HOMOGLYPH_RE.search(folded):
        folded = textfeat._HOMOGLYPH_RE.sub(lambda m: textfeat._HOMOGLYPHS[m.group()], folded)
    return textfeat._INVISIBLE.sub("", folded)


def _plain_deleet(token: str) -> str:
    if token.isalpha() or token.isdigit():
        return token
    if any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token):
        return token.translate(textfeat._LEET_TABLE)
    return token


def _plain_words(text: str) -> tuple[str, ...]:
    folded = _plain_fold(text)
    if not _DIGIT.search(folded):
        return tuple(_WORD.findall(folded))
    return tuple([_plain_deleet(t) for t in _WORD.findall(folded)])


def _labelled() -> list[str]:
    texts = [r.text for name in SETS for r in load(name)]
    for name in ("positive_small.jsonl", "clean_small.jsonl"):
        for line in (DATA / "pii" / name).read_text("utf-8").splitlines():
            row = json.loads(line)
            texts.append(row["text"] if isinstance(row, dict) else row)
    return texts


# look-alikes, invisibles (emoji glue too), letters that fold to two, digits of other scripts,
# leet digits, an underscore, white space and punctuation beyond ASCII, a lone surrogate
SPECIAL = [
    *textfeat._HOMOGLYPHS,
    *"\u00ad\u200b\u200d\ufe0f\u2060\ufeff\U0001d173\U000e0041\u212a\u0130\u00df\u017f",
    *"é1305_\u0663\u00b2\u2460\u1369\u00a0\u2003\u2028\u0085\x1c’«¿\ud800",
    "👨\u200d👩",
]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        chars = []
        for _ in range(rng.randint(0, 60)):
            roll = rng.random()
            if roll < 0.3:
                chars.append(rng.choice(SPECIAL))
            elif roll < 0.8:
                chars.append(chr(rng.randrange(0x20, 0x7F)))
            else:
                chars.append(chr(rng.randrange(0x80, 0x3000)))
        out.append("".join(chars))
    return out


TEXTS = _labelled() + _random_texts(3000, 13)


def test_fold_and_words_are_their_plain_definitions() -> None:
    assert any(not t.isascii() for t in TEXTS[:2000])  # the labelled sets go beyond ASCII
    for text in TEXTS:
        assert textfeat.fold.__wrapped__(text) == _plain_fold(text), text
        assert textfeat.words.__wrapped__(text) == _plain_words(text), text
    assert fold("Ιgnοre") == "ignore" and words("1gn0re  prev10us") == ("ignore", "previous")


def test_word_count_is_the_number_of_words() -> None:
    """`word_count` (uncached, no de-leeting) counts what `words` returns."""
    for text in TEXTS:
        assert textfeat.word_count(text) == len(_plain_words(text)), text


def test_no_word_character_is_white_space() -> None:
    # what `words`' split relies on, for every code point of this Python's Unicode database
    for code in range(0x110000):
        ch = chr(code)
        assert not (_WORD.fullmatch(ch) and ch.isspace()), hex(code)
        assert bool(_WORD.fullmatch(ch)) == (ch.isalnum() or ch == "_"), hex(code)


class _PlainScorer:
    """`LinearScorer` as a loop over the tokens (how it was written before session 11)."""

    def __init__(self, scorer: LinearScorer) -> None:
        self.weights, self.bits = scorer.weights, scorer.bits
        self.pair_only, self.power = scorer.pair_only, scorer.norm_power

    def _token(self, token: str) -> tuple[float, int, int]:
        word_hash, ids = token_ids(token, self.bits)
        if token in self.pair_only:
            ids = ()
        return sum(self.weights.get(i, 0.0) for i in ids), len(ids), word_hash

    def _pair(self, previous: int, word_hash: int) -> float:
        return self.weights.get(pair_id(previous, word_hash, (1 << self.bits) - 1), 0.0)

    def dot(self, tokens: Sequence[str]) -> float:
        total, count, previous = 0.0, 0, -1
        for token in tokens:
            own, size, word_hash = self._token(token)
            total += own
            count += size
            if previous >= 0:
                total += self._pair(previous, word_hash)
                count += 1
            previous = word_hash
        return total / textfeat.count_norm(count, self.power)

    def window_dots(self, tokens: Sequence[str], window: int, starts: Sequence[int]) -> list[float]:
        totals, counts, pairs, previous = [0.0], [0], [0.0], -1
        for token in tokens:
            own, size, word_hash = self._token(token)
            pair = self._pair(previous, word_hash) if previous >= 0 else 0.0
            totals.append(totals[-1] + own + pair)
            counts.append(counts[-1] + size + (previous >= 0))
            pairs.append(pair)
            previous = word_hash
        dots = []
        for start in starts:
            end = min(start + window, len(tokens))
            total = totals[end] - totals[start] - pairs[start + 1]
            count = counts[end] - counts[start] - (start > 0)
            dots.append(total / textfeat.count_norm(count, self.power))
        return dots

    def token_terms(self, tokens: Sequence[str]) -> list[float]:
        terms, previous = [], -1
        for token in tokens:
            own, _, word_hash = self._token(token)
            terms.append(own + (self._pair(previous, word_hash) if previous >= 0 else 0.0))
            previous = word_hash
        return terms


def _bits(values: float | list[float]) -> list[bytes]:
    return [struct.pack("<d", v) for v in (values if isinstance(values, list) else [values])]


@pytest.mark.parametrize("power", [textfeat.NORM_POWER, 1.0])
def test_linear_scorer_sums_as_the_loop_does(power: float) -> None:
    model = attacks.default_model()
    scorer = LinearScorer(model.scorer.weights, model.bits, model.scorer.pair_only, power)
    plain = _PlainScorer(scorer)
    rng = random.Random(3)
    streams = [words(t) for t in TEXTS[:2500]]
    streams += [tuple(rng.choices(("ignore", "the", "x", "1", "rules"), k=n)) for n in range(9)]
    for tokens in streams:
        starts = [*attacks.window_starts(len(tokens)), *range(0, len(tokens), 7)]
        for window in (1, 5, attacks.WINDOW):
            expected = plain.window_dots(tokens, window, starts)
            assert _bits(scorer.window_dots(tokens, window, starts)) == _bits(expected), tokens
        assert _bits(scorer.dot(tokens)) == _bits(plain.dot(tokens)), tokens
        assert _bits(scorer.token_terms(tokens)) == _bits(plain.token_terms(tokens)), tokens
        # cached entries answer the second time
        assert _bits(scorer.dot(tokens)) == _bits(plain.dot(tokens)), tokens


def test_pair_halves_join_to_the_pair_id() -> None:
    mask = (1 << 18) - 1
    rng = random.Random(5)
    for _ in range(2000):
        first, second = rng.getrandbits(32), rng.getrandbits(32)
        left, _ = textfeat.pair_halves(first, mask)
        _, right = textfeat.pair_halves(second, mask)
        assert left ^ right == pair_id(first, second, mask)


def _plain_probabilities(model: content.ContentModel, tokens: Sequence[str]) -> tuple[float, ...]:
    """`ContentModel.probabilities` as a loop over the tokens (how it was written before
    session 22)."""
    mask = (1 << model.bits) - 1
    rows: list[tuple[float, ...]] = []
    pairs: list[int] = []
    count, previous = 0, -1
    for token in tokens:
        word_hash, ids = token_ids(token, model.bits)
        found = [w for w in map(model.weights.get, ids) if w is not None]
        rows.append(tuple(map(math.fsum, zip(*found, strict=True))) if found else model._zero)
        count += len(ids)
        if previous >= 0:
            pairs.append(pair_id(previous, word_hash, mask))
        previous = word_hash
    rows.extend(w for w in map(model.weights.get, pairs) if w is not None)
    count += len(pairs)
    scale = 1.0 / math.sqrt(count or 1)
    totals = map(sum, zip(*rows, strict=True)) if rows else model._zero
    return tuple(
        1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, b + t * scale))))
        for b, t in zip(model.bias, totals, strict=True)
    )


def test_content_model_sums_as_the_loop_does() -> None:
    """The content model's per-token work at C speed (session 22) adds the same floats in the
    same order as the loop it replaced: the same probabilities, bit for bit, cached or not."""
    model = content.model()
    rng = random.Random(7)
    streams = [words(t) for t in TEXTS[:2500]]
    streams += [tuple(rng.choices(("kill", "the", "x", "1", "idiot"), k=n)) for n in range(9)]
    fresh = content.ContentModel.__new__(content.ContentModel)
    fresh.__dict__.update(model.__dict__, _cache={})  # nothing cached: every token computed
    for tokens in streams:
        expected = _bits(list(_plain_probabilities(model, tokens)))
        assert _bits(list(model.probabilities(tokens))) == expected, tokens
        assert _bits(list(fresh.probabilities(tokens))) == expected, tokens
