"""Word and phrase matching for the word policy (custom words and the managed profanity list).

Semantics: a phrase matches when the same sequence of tokens appears in the text, compared after
`normalise` (NFKC, casefold, invisibles removed, homoglyphs folded). A token is a run of word
characters or one punctuation character; whitespace only separates tokens. Because word tokens
are maximal runs, a match always starts and ends on a word boundary: `ass` does not match
`class`, `blue falcon` matches `Blue   Falcon` and `BLUE\u200bfalcon` does not (an invisible
character is removed, so that is `bluefalcon`, one token).

Implementation: a token hash, not a per-word loop. Every phrase is keyed by its joined tokens
in one dict, and the first token of every phrase is in one set with the token counts of the
phrases it starts. The text is split into tokens once (`re.split`, C speed); only tokens that
start some phrase are looked at further, so the cost is one set lookup per token whatever the
number of phrases. A pure-Python Aho–Corasick automaton was measured much slower (see
benchmarks/bench_evaluator.py and docs/evaluator.md), so it is not used.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import accumulate, compress, islice
from typing import NamedTuple

from .normalise import normalise, normalise_phrase

# Word runs, or single punctuation/symbol characters. Captured so `re.split` keeps the tokens
# (odd indices) and the whitespace between them (even indices) for offset recovery.
_TOKEN = re.compile(r"(\w+|[^\w\s])")
_FIND_LIMIT = 8  # distinct candidate words above which `_find_ascii` hands over to `_find_any`
_SEP = "\x1f"  # joins tokens into dict keys; never part of a token (it is not \w nor printable)

# For ASCII text: letters lower-cased, every non-word byte a space, so `bytes.split()` yields
# exactly the lower-cased `\w+` runs (one C call instead of a regex pass).
_LOWER_WORDS = bytes(
    ord(chr(c).lower()) if chr(c).isalnum() or c == ord("_") else ord(" ") for c in range(128)
) + bytes(range(128, 256))


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
        self._keys: dict[str, int] = {}
        lengths: dict[str, set[int]] = {}
        for index, phrase in enumerate(self.phrases):
            tokens = phrase_tokens(phrase)
            if not tokens:  # nothing matchable (blank or only invisible characters)
                continue
            key = _SEP.join(tokens)
            if key in self._keys:
                continue
            self._keys[key] = index
            lengths.setdefault(tokens[0], set()).add(len(tokens))
        # longest first, so overlapping phrases come out in a stable order
        self._starts: dict[str, tuple[int, ...]] = {
            first: tuple(sorted(counts, reverse=True)) for first, counts in lengths.items()
        }
        # ASCII fast path: a match in ASCII text can only start where the text has the
        # phrase's first word. Phrases starting with a non-ASCII token cannot match ASCII text
        # at all (folding keeps ASCII text ASCII), so they are left out; a phrase starting with
        # punctuation disables the path. Keys are bytes, as the text is.
        self._ascii_starts: dict[bytes, tuple[int, ...]] | None = {}
        for first, counts in self._starts.items():
            if not first.isascii():
                continue
            if not (first[0].isalnum() or first[0] == "_"):
                self._ascii_starts = None
                break
            self._ascii_starts[first.encode("ascii")] = counts
        self._ascii_firsts = frozenset(self._ascii_starts or ())

    def __len__(self) -> int:
        return len(self._keys)

    def find(self, text: str) -> list[WordMatch]:
        """Every occurrence of every phrase in `text`, by position (then longest first).

        Overlapping occurrences are all reported (`blue` and `blue falcon`); the word policy
        lists each one.
        """
        if not self._keys or not text:
            return []
        if self._ascii_starts is not None and text.isascii():
            return self._find_ascii(text)
        return self._find_any(text)

    def _find_ascii(self, text: str) -> list[WordMatch]:
        """ASCII text: find candidate words with one translate and one split (C speed), then
        check phrases only where a candidate occurs. Same result as `_find_any`."""
        assert self._ascii_starts is not None
        # lower-cased, every non-word byte a space: same length, so offsets are the text's
        blank = text.encode("ascii").translate(_LOWER_WORDS)
        words = blank.split()
        if self._ascii_firsts.isdisjoint(words):  # the common case: nothing to look at
            return []
        candidates = self._ascii_firsts.intersection(words)
        if len(candidates) > _FIND_LIMIT:  # each candidate costs a scan; one token pass is cheaper
            return self._find_any(text)
        folded = text.lower()
        padded = b" " + blank + b" "
        found: list[WordMatch] = []
        for word in candidates:
            needle = b" " + word + b" "
            lengths = self._ascii_starts[word]
            at = padded.find(needle)
            while at != -1:
                # `at` is the padding space before the word, so the word starts at `at` in text
                tokens = list(islice(_TOKEN.finditer(folded, at), lengths[0]))
                for n in lengths:
                    if n > len(tokens):
                        continue
                    joined = (
                        _SEP.join(t.group() for t in tokens[:n]) if n > 1 else tokens[0].group()
                    )
                    index = self._keys.get(joined)
                    if index is not None:
                        end = tokens[n - 1].end()
                        found.append(WordMatch(index, at, end, text[at:end]))
                at = padded.find(needle, at + len(word) + 1)
        found.sort(key=lambda m: (m.start, m.start - m.end))
        return found

    def _find_any(self, text: str) -> list[WordMatch]:
        """Any text: normalise, split into tokens, look up phrases at candidate tokens."""
        folded = normalise(text)
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
