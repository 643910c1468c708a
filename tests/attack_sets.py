"""Checks shared by the tests of the prompt-attack datasets (tests/data/attacks/): a file is the
one the data README records, two texts are near-duplicates, a set shares no opening with another.
A failure shows row numbers and set names, never another set's text (held-out and blind rows are
not to be read)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from benchmarks.attack_data import LOADERS, load
from compiler.runtime.textfeat import words

DATA = Path(__file__).parent / "data" / "attacks"


def recorded(file: str) -> bytes:
    """The bytes of `file` (a path under tests/data/attacks/), after checking that the data
    README records its sha256 by its name."""
    data = (DATA / file).read_bytes()
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert f"`{Path(file).name}` sha256 {hashlib.sha256(data).hexdigest()}" in readme
    return data


def near(a: frozenset[str], b: frozenset[str]) -> bool:
    """Token-set Jaccard of folded words at 0.6 or more: a near-duplicate."""
    return len(a & b) >= 0.6 * len(a | b)


def opening(text: str) -> str:
    """A text's opening: its first 60 folded characters."""
    return " ".join(words(text))[:60]


def assert_no_shared_opening(texts: list[str], own: tuple[str, ...]) -> None:
    """No two of `texts` and none of them and a row of a set in LOADERS but `own` share an
    opening; only the row numbers of `texts` are shown on failure."""
    openings = {opening(text): i for i, text in enumerate(texts)}
    assert len(openings) == len(texts)
    for other in LOADERS:
        if other not in own:
            keys = {opening(r.text) for r in load(other)}
            assert not sorted(i for k, i in openings.items() if k in keys), other


def assert_apart_from_tuning(texts: list[str], own: str, tuning: str) -> None:
    """`texts`, the rows of the training set `own`: none is the text of a row of the tuning set
    `tuning` (folded) nor its near-duplicate, no two of them are near-duplicates, and none shares
    an opening with a row of another set; only the row numbers of `texts` are shown on failure."""
    mine = [frozenset(words(text)) for text in texts]
    tuned = load(tuning)
    assert not {text.casefold() for text in texts} & {r.text.casefold() for r in tuned}
    tuned_sets = [frozenset(words(r.text)) for r in tuned]
    assert not [i for i, a in enumerate(mine) if any(near(a, b) for b in tuned_sets)]
    assert not [
        (i, j) for i in range(len(mine)) for j in range(i + 1, len(mine)) if near(mine[i], mine[j])
    ]
    assert_no_shared_opening(texts, (own,))
