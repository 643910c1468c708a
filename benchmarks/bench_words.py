"""The word filter's two routes to the places of candidate words, by how many distinct words of a
text start a listed phrase: one `bytes.find` pass per word, or one split of the whole text
(`compiler.runtime.words.FIND_WORDS` chooses between them). CPU time per call, best of several
passes, on generated prose of 1 KB and 100 KB with 10,000 listed phrases (bench_evaluator's).

Each text is made with K distinct candidate words mixed into 600 words that start no phrase,
each candidate as frequent as an ordinary word. The split route's cost grows with the text; the
find route's with the text times K: the row where they cross is where FIND_WORDS belongs.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from benchmarks.bench_evaluator import SEED, _word, phrases, prose
from compiler.runtime import words as words_module
from compiler.runtime.words import WordMatcher

SIZES = (1_000, 100_000)
COUNTS = (1, 2, 4, 8, 16, 24, 32, 64)


def _best_us(call: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        began = time.process_time()
        call()
        best = min(best, time.process_time() - began)
    return best * 1e6


def _timed(matcher: WordMatcher, texts: list[str], route_words: int) -> float:
    """Best CPU µs per text with FIND_WORDS set to `route_words` (every text a new one each
    pass: the matcher's per-text views are kept for the last texts only)."""
    saved = words_module.FIND_WORDS
    words_module.FIND_WORDS = route_words
    try:
        return _best_us(lambda: [matcher.find(t) for t in texts], 5) / len(texts)
    finally:
        words_module.FIND_WORDS = saved


def main() -> None:
    """Print the sweep."""
    rng = random.Random(SEED)
    listed = phrases(rng)
    matcher = WordMatcher(listed)
    firsts = sorted({w.split()[0] for w in listed})
    plain = [w for w in (_word(rng) for _ in range(3000)) if w not in set(firsts)][:600]
    print("CPU µs per call, find route / split route (10,000 phrases; K distinct candidates)")
    print(f"  {'K':>3}  " + "  ".join(f"{f'{size:,} B':>22}" for size in SIZES))
    for count in COUNTS:
        chosen = rng.sample(firsts, count)
        cells = []
        for size in SIZES:
            many = 64 if size < 10_000 else 4
            texts = [prose(rng, size, plain + chosen) + " " * i for i in range(many)]
            find = _timed(matcher, texts, 10**9)
            split = _timed(matcher, texts, -1)
            cells.append(f"{find:>9.1f} / {split:>9.1f}")
        print(f"  {count:>3}  " + "  ".join(f"{c:>22}" for c in cells))
    print(f"FIND_WORDS = {words_module.FIND_WORDS}")


if __name__ == "__main__":
    main()
