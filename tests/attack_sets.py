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
