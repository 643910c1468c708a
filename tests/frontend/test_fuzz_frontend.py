"""No input crashes the front end: mutated valid files give diagnostics, never exceptions.

Hypothesis drives a seeded random generator that deletes, duplicates and swaps tokens, inserts
random characters and bytes, and truncates files taken from the language reference, the ok
cases and the standard library. Each example checks several mutants to keep the run fast
(about 5,500 mutants in all: 3,500 + up to 1,500 + 1,000).
"""

from __future__ import annotations

import random
import re
from importlib import resources
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler.diagnostics.sink import Diagnostics
from compiler.frontend import syntax as s
from compiler.frontend.lower import lower
from compiler.frontend.parse import parse
from compiler.frontend.resolve import resolve
from compiler.pipeline import decode

CASES = Path(__file__).parent.parent / "cases" / "ok"
MUTANTS_PER_EXAMPLE = 5
_TOKEN = re.compile(r'"[^"\n]*"?|\w+|\n[ \t]*|[ \t]+|.', re.DOTALL)
_ALPHABET = ' \t\n\r"\\#:,.=@-_aZ0\u00e9\u2028\x00\ufeff'
_SETTINGS = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _split_items(text: str) -> list[str]:
    """Top-level items of a file as separate small seeds (parsing stays fast)."""
    chunks = re.split(r"\n(?=\S)", text)
    return [c + "\n" for c in chunks if c.strip()]


def _seeds() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CASES.glob("*/input.guard"))]
    stdlib = resources.files("compiler.stdlib")
    texts += [p.read_text(encoding="utf-8") for p in stdlib.iterdir() if p.name.endswith(".guard")]
    seeds = [item for text in texts for item in _split_items(text)]
    return sorted(set(seeds))


SEEDS = _seeds()
_STDLIB: dict[str, s.Module] = {}


def _stdlib_modules() -> dict[str, s.Module]:
    """The standard library lowered once, so mutants that `use` it resolve against it."""
    if not _STDLIB:
        for p in resources.files("compiler.stdlib").iterdir():
            if p.name.endswith(".guard"):
                name = f"stdlib/{p.name}"
                text = p.read_text(encoding="utf-8")
                tree = parse(text, name, Diagnostics())
                assert tree is not None
                _STDLIB[name] = lower(tree, text, name, Diagnostics())
    return _STDLIB


def _frontend(text: str) -> None:
    """Parse, lower and resolve `text`; only diagnostics may come out, with sane spans."""
    sink = Diagnostics()
    tree = parse(text, "fuzz.guard", sink)
    if tree is not None:
        module = lower(tree, text, "fuzz.guard", sink)
        resolve({"fuzz.guard": module, **_stdlib_modules()}, ["fuzz.guard"], sink)
    for d in sink.items:
        if d.span.file == "fuzz.guard":
            assert 0 <= d.span.start <= d.span.end <= len(text) + 1, d
            assert d.span.line >= 1 and d.span.column >= 1, d


def _mutate(text: str, rnd: random.Random, operations: int) -> str:
    tokens = _TOKEN.findall(text)
    for _ in range(operations):
        if not tokens:
            break
        i = rnd.randrange(len(tokens))
        j = rnd.randrange(len(tokens))
        match rnd.randrange(5):
            case 0:
                del tokens[i]
            case 1:
                tokens.insert(i, tokens[j])
            case 2:
                tokens[i], tokens[j] = tokens[j], tokens[i]
            case 3:
                tokens.insert(i, "".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(1, 3))))
            case _:
                tokens[i] = tokens[i].upper() if rnd.random() < 0.5 else tokens[i][:-1]
    return "".join(tokens)


@settings(_SETTINGS, max_examples=700)
@given(
    seed=st.sampled_from(SEEDS),
    rnd=st.randoms(use_true_random=False),
    operations=st.integers(1, 4),
)
def test_token_mutations_never_crash(seed: str, rnd: random.Random, operations: int) -> None:
    for _ in range(MUTANTS_PER_EXAMPLE):
        _frontend(_mutate(seed, rnd, operations))


@settings(_SETTINGS, max_examples=300)
@given(seed=st.sampled_from(SEEDS), rnd=st.randoms(use_true_random=False))
def test_random_bytes_and_truncation_never_crash(seed: str, rnd: random.Random) -> None:
    data = seed.encode("utf-8")
    for _ in range(MUTANTS_PER_EXAMPLE):
        cut = data[: rnd.randrange(len(data) + 1)]
        at = rnd.randrange(len(cut) + 1)
        noisy = cut[:at] + bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 3))) + cut[at:]
        text = decode(noisy, "fuzz.guard", Diagnostics())
        if text is not None:
            _frontend(text)


@settings(_SETTINGS, max_examples=200)
@given(
    pieces=st.lists(st.sampled_from(SEEDS), min_size=1, max_size=4),
    rnd=st.randoms(use_true_random=False),
)
def test_spliced_files_never_crash(pieces: list[str], rnd: random.Random) -> None:
    for _ in range(MUTANTS_PER_EXAMPLE):
        lines = "".join(pieces).splitlines(keepends=True)
        if rnd.random() < 0.3:
            rnd.shuffle(lines)
        indent = " " * rnd.choice([0, 1, 2, 4])
        _frontend("".join(indent + x if rnd.random() < 0.1 else x for x in lines))


def test_seeds_are_valid_and_many() -> None:
    assert len(SEEDS) >= 20
    sink = Diagnostics()
    for seed in SEEDS[:5]:
        assert parse(seed, "seed.guard", sink) is not None
