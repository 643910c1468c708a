"""Checks shared by the tests of the prompt-attack datasets (tests/data/attacks/): a file is the
one the data README records, two texts are near-duplicates, a set shares no opening with another.
A failure shows row numbers and set names, never another set's text (held-out and blind rows are
not to be read)."""

from __future__ import annotations

import functools
import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from benchmarks import attack_data
from benchmarks.attack_data import LOADERS, Row, load
from compiler.runtime.textfeat import words

DATA = Path(__file__).parent / "data" / "attacks"


def recorded(file: str) -> bytes:
    """The bytes of `file` (a path under tests/data/attacks/), after checking that the data
    README records its sha256 by its name."""
    data = (DATA / file).read_bytes()
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert f"`{Path(file).name}` sha256 {hashlib.sha256(data).hexdigest()}" in readme
    return data


def recorded_rows(file: str) -> list[dict[str, object]]:
    """The JSON lines of `file` (a path under tests/data/attacks/), after `recorded` checks its
    sha256; split at newlines only, as a text may hold U+2028 or another line separator."""
    data = recorded(file)
    return [json.loads(line) for line in data.decode("utf-8").split("\n") if line]


def roles_of(name: str) -> list[str]:
    """The tables of benchmarks/attack_data (TRAINING, TUNING, BLIND, …) naming the set `name`."""
    tables = ("TRAINING", "CALIBRATION", "TUNING", "SAME_SOURCE", "HELD_OUT", "BLIND")
    return [table for table in tables if name in getattr(attack_data, table)]


def benign_user_counts(
    rows: list[Row], raw: list[dict[str, object]], fields: set[str]
) -> dict[str, int]:
    """How many of a vendored benign English user-input set's loaded `rows` and file rows `raw`
    pass each check; every count equals the number of rows when all pass. Counts only, so that
    a failing assertion prints no row of a held-out or blind set."""
    return {
        "rows": len(rows),
        "file rows": len(raw),
        "benign": sum(r.label == 0 for r in rows),
        "en": sum(r.lang == "en" for r in rows),
        "user": sum(r.channel == "user" for r in rows),
        "non-empty, at most 1,000 characters": sum(0 < len(r.text.strip()) <= 1000 for r in rows),
        "the file's text, in order": sum(
            r.text == s["text"] for r, s in zip(rows, raw, strict=False)
        ),
        "all fields, no other": sum(set(s) == fields for s in raw),
        "distinct texts": len({r.text.casefold() for r in rows}),
    }


NEAR_SHARE = 0.6  # the token-set Jaccard at which two texts are near-duplicates


def near(a: frozenset[str], b: frozenset[str]) -> bool:
    """Token-set Jaccard of folded words at NEAR_SHARE or more: a near-duplicate."""
    return len(a & b) >= NEAR_SHARE * len(a | b)


class NearIndex:
    """The folded word sets of `texts`, with an index from a word to the texts holding it: which
    of them a word set is `near`, comparing it only with the texts it shares a word with."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.sets = [frozenset(words(text)) for text in texts]
        self.index: dict[str, list[int]] = {}
        for i, tokens in enumerate(self.sets):
            for token in tokens:
                self.index.setdefault(token, []).append(i)

    def matches(self, tokens: frozenset[str]) -> set[int]:
        """The indices of the texts that `tokens` (a folded word set) is `near`."""
        shared = Counter(i for token in tokens for i in self.index.get(token, ()))
        # |a ∪ b| = |a| + |b| - |a ∩ b|: no union built for each of the many candidates
        return {
            i for i, n in shared.items() if n >= NEAR_SHARE * (len(tokens) + len(self.sets[i]) - n)
        }


def near_pairs(texts: list[str]) -> int:
    """How many pairs of `texts` are near-duplicates (`near`)."""
    sets = [frozenset(words(text)) for text in texts]
    return sum(near(a, b) for i, a in enumerate(sets) for b in sets[i + 1 :])


def authored_user_counts(
    rows: list[Row], raw: list[dict[str, object]], fields: set[str]
) -> dict[str, int]:
    """How many of an authored user-input set's loaded `rows` and file rows `raw` pass each
    check (every count equals the number of rows when all pass): the file's text in order, all
    `fields` and no other, user input, a kind named."""
    return {
        "file rows": len(raw),
        "loaded": len(rows),
        "all fields, no other": sum(set(r) == fields for r in raw),
        "the file's text, in order": sum(
            r.text == s["text"] for r, s in zip(rows, raw, strict=False)
        ),
        "user input": sum(r.channel == "user" for r in rows),
        "kind named": sum(isinstance(s["kind"], str) and bool(s["kind"]) for s in raw),
    }


def languages_and_labels(rows: list[Row], english: tuple[int, int], other: tuple[int, int]) -> bool:
    """True when `rows` hold `english` (benign, attacks) rows in English and `other` in each of
    the other four languages, and no other language."""
    found = Counter((r.lang, r.label) for r in rows)
    sizes = {lang: english if lang == "en" else other for lang in attack_data.LANGUAGES}
    return found == {(lang, label): sizes[lang][label] for lang in sizes for label in (0, 1)}


def opening(text: str) -> str:
    """A text's opening: its first 60 folded characters."""
    return " ".join(words(text))[:60]


@functools.cache
def openings(name: str) -> frozenset[str]:
    """The openings of the rows of the set `name` in LOADERS, computed once per test process:
    many tests compare a set with every other one."""
    return frozenset(opening(r.text) for r in load(name))


def assert_no_shared_opening(texts: list[str], own: tuple[str, ...]) -> None:
    """No two of `texts` and none of them and a row of a set in LOADERS but `own` share an
    opening; only the row numbers of `texts` are shown on failure."""
    own_openings = {opening(text): i for i, text in enumerate(texts)}
    assert len(own_openings) == len(texts)
    for other in LOADERS:
        if other not in own:
            keys = openings(other)
            assert not sorted(i for k, i in own_openings.items() if k in keys), other


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


def assert_apache_folder(folder: str, repository: str, commit: str, script: str) -> None:
    """FOLDER (under tests/data/attacks/) holds the Apache License 2.0 after a header naming the
    repository and commit, and a NOTICE naming the commit and the converter that changed it."""
    licence = (DATA / folder / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert f"{repository} {commit}" in licence
    notice = (DATA / folder / "NOTICE").read_text(encoding="utf-8")
    assert commit in notice and f"Changed by scripts/{script}" in notice


def assert_openings_apart(name: str) -> int:
    """No opening of the set `name` is an opening of a row of another set in LOADERS; the number
    of its distinct openings. Counts only: pytest shows the values of the names in a failing
    assertion, and a set of openings shown there would be a held-out or blind set's text."""
    keys = openings(name)
    for other in LOADERS:
        if other != name:
            shared = len(keys & openings(other))
            assert shared == 0, other
    return len(keys)


def assert_authored_kinds(
    name: str,
    file: str,
    fields: set[str],
    benign_kinds: dict[str, int],
    attack_kinds: dict[str, int],
) -> None:
    """The authored user-input set `name`, recorded in `file` with `fields`: it loads whole, and
    each language holds `benign_kinds` and `attack_kinds` (rows per kind), as many benign rows
    and attacks in every language. Counts only, never a row, on failure."""
    raw = recorded_rows(file)
    rows = load(name)
    counts = authored_user_counts(rows, raw, fields)
    total = len(attack_data.LANGUAGES) * (sum(benign_kinds.values()) + sum(attack_kinds.values()))
    assert counts == dict.fromkeys(counts, total), counts
    per_language = Counter((str(s["lang"]), int(str(s["label"])), str(s["kind"])) for s in raw)
    languages = attack_data.LANGUAGES
    assert per_language == {
        **{(lang, 0, kind): n for lang in languages for kind, n in benign_kinds.items()},
        **{(lang, 1, kind): n for lang in languages for kind, n in attack_kinds.items()},
    }
    sizes = (sum(benign_kinds.values()), sum(attack_kinds.values()))
    assert languages_and_labels(rows, sizes, sizes)


def assert_written_by(
    name: str, file: str, writer: str, sizes: tuple[int, int], channel: str
) -> None:
    """The set `name` is `file`'s rows whose `by` is `writer` (tests/data/attacks/, sets written
    by two helpers from one brief), whole: `sizes` benign rows and attacks, all five languages,
    one `channel`; a tuning set, never a training one. Counts only on failure."""
    raw = [json.loads(line) for line in (DATA / file).read_text("utf-8").splitlines() if line]
    mine = [r for r in raw if r["by"] == writer]
    rows = load(name)
    assert len(rows) == len(mine) == sum(sizes)
    assert Counter(r.label for r in rows) == {0: sizes[0], 1: sizes[1]}
    assert {r.lang for r in rows} == set(attack_data.LANGUAGES)
    assert {r.channel for r in rows} == {channel}
    assert name in attack_data.TUNING and name not in attack_data.TRAINING


def flagged_and_found(name: str, confidence: Callable[[str], str]) -> tuple[int, int]:
    """The benign rows of the set `name` an engine's `confidence` flags at any strength, and the
    attacks it finds."""
    rows = load(name)
    flagged = sum(confidence(r.text) != "NONE" for r in rows if r.label == 0)
    found = sum(confidence(r.text) != "NONE" for r in rows if r.label == 1)
    return flagged, found


def embed_reads_alike(benign: dict[str, str], attacks: Iterable[str]) -> None:
    """The `[embed]` engine flags none of `benign` (keys shown on failure) and finds every one of
    `attacks` (indices shown): a round's own texts, read as the standard engine reads them."""
    from compiler.runtime import embed_heads  # only with the [embed] extra

    conf = embed_heads.prompt_attack_confidence
    assert [key for key, text in sorted(benign.items()) if conf(text) != "NONE"] == []
    assert [i for i, text in enumerate(attacks) if conf(text) == "NONE"] == []


def found_only_with(
    module: object, switch: str, text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The standard engine finds `text`, and passes it with the round's `switch` of `module` set
    to False: a round's own attack, found by that round alone."""
    from compiler.runtime import attacks

    assert attacks.prompt_attack_confidence(text) != "NONE"
    monkeypatch.setattr(module, switch, False)
    assert attacks.prompt_attack_confidence(text) == "NONE"
