"""Word and phrase matching for the word policy (custom words and the managed profanity list).

Semantics: a phrase matches when the same sequence of tokens appears in the text, compared after
`normalise` (NFKC, casefold, invisibles removed, homoglyphs folded). A token is a run of word
characters or one punctuation character; whitespace only separates tokens. Because word tokens
are maximal runs, a match always starts and ends on a word boundary: `ass` does not match
`class`, `blue falcon` matches `Blue   Falcon` and `BLUE\u200bfalcon` does not (an invisible
character is removed, so that is `bluefalcon`, one token).

Spelled-out words: a run of three or more single-character word tokens separated by whitespace
(`s h i t`, `P r o j e c t  Z e u s`) is also read with its spaces removed, and matches a
phrase whose tokens, joined without spaces, are exactly that (`shit`, `projectzeus`). The whole
run must spell the phrase; a phrase of single characters only (`a b c`) is left to the token
match, which already finds it.

Implementation: a token hash, not a per-word loop. Every phrase is keyed by its joined tokens
in one dict, and the first token of every phrase is in one set with the token counts of the
phrases it starts. The text is split into tokens once (`re.split`, C speed); only tokens that
start some phrase are looked at further, so the cost is one set lookup per token whatever the
number of phrases. When phrases start with ASCII words (the common case) a shorter route
(`_find_ascii`) turns the folded text into bytes, and one `bytes.translate` and one `split`
prove that no phrase starts in it, or find the few candidate words to check. A pure-Python
Aho–Corasick automaton, and pyahocorasick, were measured slower (see
benchmarks/bench_evaluator.py and docs/evaluator.md), so neither is used.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import accumulate, compress, islice
from operator import itemgetter
from typing import NamedTuple

from .normalise import Normalised, normalise, normalise_phrase
from .pii_base import FastPattern  # RE2 finds where a spelled-out run may start

# Word runs, or single punctuation/symbol characters. Captured so `re.split` keeps the tokens
# (odd indices) and the whitespace between them (even indices) for offset recovery.
_TOKEN = re.compile(r"(\w+|[^\w\s])")
_WORD = re.compile(r"\w+")  # a word token (not punctuation)
_SEP = "\x1f"  # joins tokens into dict keys; never part of a token (it is not \w nor printable)
# A run of three or more single-character word tokens separated by whitespace (a spelled-out
# word): `\w` then whitespace, so the first is one character, and the others by `(?!\w)`.
# RE2 is asked first where one may start (`FastPattern`): `re` alone tries every character.
_SPELLED_RUN = FastPattern(r"(?<!\w)\w(?:\s+\w(?!\w)){2,}")
_SPACE = re.compile(r"\s+")
_GROUP = re.Match.group  # a match's text, mapped over a few matches at C speed
# A text with at most this many distinct words that start phrases has their places found by one
# `bytes.find` pass per word (the usual text: a few, such as the profanity list's "s" and "m");
# with more, by one split of the whole text. Session 30: with only the first route, 1 MB with
# 150 distinct candidates ran at 10 MB/s against 28 MB/s before it. `benchmarks/bench_words.py`
# sweeps both: on 100 KB they cross between 16 and 24 words, on 1 KB near 32 (with the split
# route's second-word check).
FIND_WORDS = 20
_ONE = (1,)  # the phrase lengths of a word that starts only one-word phrases

# For ASCII text: letters lower-cased, every non-word byte a space, so `bytes.split()` yields
# exactly the lower-cased `\w+` runs (one C call instead of a regex pass).
_LOWER_WORDS = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(128)
) + bytes(range(128, 256))
# For folded non-ASCII text (already lower-case): the same without lower-casing, so the `Q`
# placeholder of `_blank_non_ascii` stays upper-case.
_KEEP_WORDS = bytes(
    c if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(128)
) + bytes(range(128, 256))


# three one-byte words in a row, in a padded `blank` view (for `_spelled_possible`)
_THREE_SINGLES = re.compile(rb" [^ ] +[^ ] +[^ ] ")


def _blank_non_ascii(error: UnicodeError) -> tuple[str, int]:
    r"""Encoding error handler: a non-ASCII word character becomes `Q`, anything else a space.

    Folded text is lower-case, so `Q` is in no phrase's first token: a word holding a
    non-ASCII character is never a candidate, and word boundaries stay where `\w` puts them
    (`\w` is `str.isalnum()` plus `_`).
    """
    assert isinstance(error, UnicodeEncodeError)
    run = error.object[error.start : error.end]
    return "".join("Q" if c.isalnum() or c == "_" else " " for c in run), error.end


codecs.register_error("guardc.blank-non-ascii", _blank_non_ascii)


class _Views(NamedTuple):
    """What every matcher needs from one text (computed once: the custom words and the
    profanity list look at the same text)."""

    folded: Normalised | None  # None for ASCII text, whose folded form is `text.lower()`
    blank: bytes  # one byte per folded character: word characters kept, the rest spaces
    words: list[bytes]  # `blank.split()`
    spelled: bool  # whether a spelled-out word may be there (`_spelled_possible`)


@lru_cache(maxsize=8)
def _views(text: str) -> _Views:
    """The folded text and its bytes view, where non-ASCII word characters are stood in by
    `Q`, so `bytes.split` yields the words at C speed."""
    if text.isascii():
        folded = None
        blank = text.encode("ascii").translate(_LOWER_WORDS)
    else:
        folded = normalise(text)
        blank = folded.text.encode("ascii", "guardc.blank-non-ascii").translate(_KEEP_WORDS)
    words = blank.split()
    return _Views(folded, blank, words, _spelled_possible(blank))


def _spelled_possible(blank: bytes) -> bool:
    """Whether three one-character words follow each other in `blank` (a superset of what a
    spelled-out word needs: here punctuation separates words too, in a spelled run only
    whitespace). One bytes regex with plain classes: a few microseconds per KB."""
    return _THREE_SINGLES.search(b" %b " % blank) is not None


class WordMatch(NamedTuple):
    """One occurrence of phrase number `rule`, with its range in the original text."""

    rule: int
    start: int
    end: int
    text: str


def phrase_tokens(phrase: str) -> list[str]:
    """The tokens of a phrase after normalisation (what the matcher compares)."""
    return _TOKEN.findall(normalise_phrase(phrase))


class WordMatcher:
    """All phrases of one word list, compiled into one token-hash table.

    Phrases that normalise to the same tokens share an entry; the first one keeps the index
    (the front end already removes case-insensitive duplicates, so this only guards against
    look-alike spellings).
    """

    def __init__(self, phrases: Sequence[str]) -> None:
        self.phrases = tuple(phrases)
        findall = _TOKEN.findall
        # Built with comprehensions and C-level maps: a 10,000-word list is compiled at every
        # start of the evaluator zipapp, so this loop is part of its cold start. An ASCII phrase
        # normalises to its lower case, and one of letters, digits and spaces splits on spaces.
        token_lists = [
            (low.split() if low.replace(" ", "").isalnum() else findall(low))
            if phrase.isascii()
            else findall(normalise_phrase(phrase))
            for phrase, low in zip(self.phrases, map(str.lower, self.phrases), strict=True)
        ]
        # Backwards, so that the first phrase of a key keeps it. A phrase with no tokens
        # (blank, or only invisible characters) has the empty key and matches nothing.
        joined = list(map(_SEP.join, token_lists))
        self._keys: dict[str, int] = dict(
            zip(reversed(joined), range(len(joined) - 1, -1, -1), strict=True)
        )
        self._keys.pop("", None)
        # first token → the token counts of the phrases it starts, longest first (so that
        # overlapping phrases come out in a stable order)
        pairs = {(t[0], len(t)) for t in token_lists if t}
        one = dict(pairs)  # right for the first tokens that start phrases of one length only
        self._starts: dict[str, tuple[int, ...]] = dict(zip(one, zip(one.values()), strict=True))
        if len(one) != len(pairs):
            several = Counter(map(itemgetter(0), pairs))
            lengths: dict[str, list[int]] = {}
            for first, count in [p for p in pairs if several[p[0]] > 1]:
                lengths.setdefault(first, []).append(count)
            for first, counts in lengths.items():
                self._starts[first] = tuple(sorted(counts, reverse=True))
        # ASCII route: a match in ASCII text can only start where the text has the
        # phrase's first word. Phrases starting with a non-ASCII token cannot match ASCII text
        # at all (folding keeps ASCII text ASCII), so they are left out; a phrase starting with
        # punctuation disables the path. Keys are bytes, as the text is.
        self._ascii_starts: dict[bytes, tuple[int, ...]] | None = None
        if "".join(self._starts).isascii():
            ascii_firsts = list(self._starts)
        else:
            ascii_firsts = [first for first in self._starts if first.isascii()]
        initials = set(map(itemgetter(0), ascii_firsts))
        if all(c.isalnum() or c == "_" for c in initials):
            found = map(self._starts.__getitem__, ascii_firsts)
            self._ascii_starts = dict(zip(map(str.encode, ascii_firsts), found, strict=True))
        self._ascii_firsts = frozenset(self._ascii_starts or ())
        # spelled-out words, built on first need (`_spelled_keys`): most texts have none
        self._spelled: dict[str, int] | None = None
        self._seconds: dict[bytes, frozenset[bytes]] | None = None  # `_second_words`
        # every phrase starts with an ASCII word: the route serves non-ASCII text too
        self._ascii_only = self._ascii_starts is not None and len(self._ascii_starts) == len(
            self._starts
        )

    def __len__(self) -> int:
        return len(self._keys)

    def find(self, text: str) -> list[WordMatch]:
        """Every occurrence of every phrase in `text`, by position (then longest first).

        Overlapping occurrences are all reported (`blue` and `blue falcon`); the word policy
        lists each one. Spelled-out words (`s h i t`) are found too.
        """
        if not self._keys or not text:
            return []
        views = _views(text)
        found = self._route(text, views.folded, views.blank, views.words)
        if views.spelled:
            spelled = self._find_spelled(text, views.folded)
            if spelled:
                found = sorted(found + spelled, key=lambda m: (m.start, -m.end))
        return found

    def _find_tokens(self, text: str) -> list[WordMatch]:
        """`find` without spelled-out words."""
        if not self._keys or not text:
            return []
        views = _views(text)
        return self._route(text, views.folded, views.blank, views.words)

    def _route(
        self, text: str, folded: Normalised | None, blank: bytes, words: list[bytes]
    ) -> list[WordMatch]:
        """The token match by the quickest route that can find every phrase."""
        if self._ascii_starts is None or (folded is not None and not self._ascii_only):
            return self._find_any(text)  # a phrase may start with punctuation or non-ASCII
        if self._ascii_firsts.isdisjoint(words):  # the common case: nothing to look at
            return []
        return self._find_ascii(text, blank, folded, words)

    def _spelled_keys(self) -> dict[str, int]:
        """A phrase's tokens joined without spaces → its index (the first phrase winning), for
        phrases of word tokens only that are not all single characters."""
        if self._spelled is None:
            spelled: dict[str, int] = {}
            for key, index in sorted(self._keys.items(), key=itemgetter(1)):
                tokens = key.split(_SEP)
                if max(map(len, tokens)) > 1 and all(t[0].isalnum() or t[0] == "_" for t in tokens):
                    spelled.setdefault("".join(tokens), index)
            self._spelled = spelled
        return self._spelled

    def _find_spelled(self, text: str, folded: Normalised | None) -> list[WordMatch]:
        """Runs of single characters that spell a phrase without its spaces."""
        keys = self._spelled_keys()
        if not keys:
            return []
        lowered = text.lower() if folded is None else folded.text
        found: list[WordMatch] = []
        for run in _SPELLED_RUN.finditer(lowered):
            index = keys.get(_SPACE.sub("", run.group()))
            if index is not None:
                start, end = run.span()
                if folded is not None:
                    start, end = folded.original_span(start, end)
                found.append(WordMatch(index, start, end, text[start:end]))
        return found

    def _find_ascii(
        self, text: str, blank: bytes, folded: Normalised | None, words: list[bytes]
    ) -> list[WordMatch]:
        """Find candidate words in `blank` (one byte per character of the folded text, words
        kept, everything else a space; `words` is `blank.split()`), then check phrases only
        where a candidate starts. Same result as `_find_any`, in the same order. `folded` is
        None for ASCII text (the folded text is then `text.lower()`, offsets unchanged)."""
        assert self._ascii_starts is not None
        lowered = text.lower() if folded is None else folded.text
        # The words that start phrases, from `words` (whose hashes the set look-up in `_route`
        # already computed), and where each occurs: a word of `blank` at offset `at` is
        # `b" " + word + b" "` at `at` in `b" " + blank + b" "`, and each such place is one.
        # Found by `bytes.find` per candidate word while a text has at most FIND_WORDS of them
        # (splitting the whole text again and hashing every piece cost more there, session 22);
        # past that, by one split, which also gives the word after each candidate.
        candidates = self._ascii_firsts.intersection(words)
        # (offset, word, the part after it in a split on single spaces, b"" where not known)
        places: list[tuple[int, bytes, bytes]] = []
        seconds: Mapping[bytes, frozenset[bytes]] = {}
        if len(candidates) <= FIND_WORDS:
            padded = b" %b " % blank
            for word in candidates:
                needle = b" %b " % word
                at = padded.find(needle)
                while at >= 0:
                    places.append((at, word, b""))
                    at = padded.find(needle, at + len(word) + 1)  # its last space may open one
            places.sort()
        else:
            # Many distinct candidates (a text full of listed words): one scan over the text
            # beats a `find` pass per word. Split on single spaces: every byte of `blank` is in
            # exactly one part or is a separating space, so part k starts at the sum of
            # len(part) + 1 over the parts before it.
            parts = blank.split(b" ")
            parts.append(b"")  # so that every part has one after it
            at = last = 0  # offset of part `last`; advanced from hit to hit at C speed
            for k in compress(range(len(parts)), map(candidates.__contains__, parts)):
                at += (k - last) + sum(map(len, parts[last:k]))
                last = k
                places.append((at, parts[k], parts[k + 1]))
            seconds = self._second_words()
        found: list[WordMatch] = []
        keys = self._keys
        for at, word, after in places:
            lengths = self._ascii_starts[word]
            known = seconds.get(word)
            if after and known is not None and after not in known:
                # One separator, then a word no longer phrase of `word` has second (or
                # punctuation, then that word): only a one-word phrase can match here.
                lengths = _ONE if lengths[-1] == 1 else ()
            if lengths == _ONE:  # a one-word phrase: the token is the candidate word itself
                index = keys.get(word.decode())
                if index is not None:
                    start, end = at, at + len(word)
                    if folded is not None:
                        start, end = folded.original_span(start, end)
                    found.append(WordMatch(index, start, end, text[start:end]))
                continue
            if not lengths:
                continue
            tokens = list(islice(_TOKEN.finditer(lowered, at), lengths[0]))
            for n in lengths:
                if n > len(tokens):
                    continue
                joined = _SEP.join(map(_GROUP, tokens[:n])) if n > 1 else tokens[0].group()
                index = keys.get(joined)
                if index is not None:
                    start, end = at, tokens[n - 1].end()
                    if folded is not None:
                        start, end = folded.original_span(start, end)
                    found.append(WordMatch(index, start, end, text[start:end]))
        return found

    def _second_words(self) -> Mapping[bytes, frozenset[bytes]]:
        """First word → the second tokens of its longer phrases, for the ASCII first words
        whose longer phrases all go on with a word (built on first need: only a text with many
        distinct candidates asks). A first word missing here is always checked in full."""
        if self._seconds is None:
            seconds: dict[bytes, set[bytes]] = {}
            mixed: set[bytes] = set()
            for key in self._keys:
                tokens = key.split(_SEP)
                if len(tokens) < 2 or not tokens[0].isascii():
                    continue
                first = tokens[0].encode()
                second = tokens[1]
                if second.isascii() and _WORD.fullmatch(second):
                    seconds.setdefault(first, set()).add(second.encode())
                else:
                    mixed.add(first)
            self._seconds = {w: frozenset(s) for w, s in seconds.items() if w not in mixed}
        return self._seconds

    def _find_any(self, text: str) -> list[WordMatch]:
        """Any text: normalise, split into tokens, look up phrases at candidate tokens."""
        views = _views(text)
        folded = normalise(text) if views.folded is None else views.folded
        parts = _TOKEN.split(folded.text)
        tokens = parts[1::2]
        starts = self._starts
        # indices of tokens that start some phrase, found at C speed (no Python-level loop)
        hits = list(compress(range(len(tokens)), map(starts.__contains__, tokens)))
        if not hits:
            return []
        keys = self._keys
        # ends[k] = offset where parts[k] ends; token t is parts[2t+1] and starts at ends[2t]
        ends = list(accumulate(map(len, parts)))
        found: list[WordMatch] = []
        count = len(tokens)
        for i in hits:
            for n in starts[tokens[i]]:
                if i + n > count:
                    continue
                index = keys.get(_SEP.join(tokens[i : i + n]) if n > 1 else tokens[i])
                if index is None:
                    continue
                o_start, o_end = folded.original_span(ends[2 * i], ends[2 * (i + n) - 1])
                found.append(WordMatch(index, o_start, o_end, text[o_start:o_end]))
        return found


def load_word_list(lines: Iterable[str]) -> list[str]:
    """Phrases from a word-list file: one per line, `#` comments and blank lines skipped."""
    words: list[str] = []
    for line in lines:
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            words.append(stripped)
    return words
