"""The evaluator's speed measures change nothing but speed: literal prefilters, cheap early
exits, lazily compiled regexes, shared matchers, and the zipapp's compile-once import hook.
(The speed itself is measured by `make bench`, not here.)"""

from __future__ import annotations

import ast
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from compiler.runtime import pii_base, pii_context, pii_formats, pii_names
from compiler.runtime.patterns import PatternSet, required_literal
from compiler.runtime.pii import PII_TYPES, find_pii
from compiler.runtime.pii_base import LazyPattern
from compiler.runtime.plan import PLAN_FORMAT, compile_plan
from compiler.runtime.topics import TopicIndex
from compiler.targets.evaluator import build_pyz

DATA = Path(__file__).parent.parent / "data"


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        (r"TCK-\d+", "TCK-"),
        (r"AKIA[0-9A-Z]{16}", "AKIA"),
        (r"^ID-\d", "ID-"),
        (r"\bEMP-\d{6}", "EMP-"),
        (r"ab?c", "a"),
        (r"abc*", "ab"),
        (r"ab{2}", "a"),
        (r"a|b", ""),
        (r"(?:x)y", ""),
        (r"(?i)abc", ""),
        (r"\d{3}-\d{4}", ""),
        (r"\\bx", ""),
        ("", ""),
    ],
)
def test_required_literal(pattern: str, literal: str) -> None:
    assert required_literal(pattern) == literal


def test_prefiltered_patterns_find_what_a_plain_scan_finds() -> None:
    patterns = [r"TCK-\d+", r"ab?c", r"abc*", r"x{2,}", r"\bEMP-\d{2}", r"^AB", r"B|C", "a+"]
    pattern_set = PatternSet(patterns)
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice("abcxTCK-EMP0123 ") for _ in range(rng.randint(0, 30)))
        expected = [
            (i, m.start(), m.end())
            for i, p in enumerate(patterns)
            for m in re.finditer(p, text, re.ASCII)
            if m.end() > m.start()
        ]
        assert [(m.rule, m.start, m.end) for m in pattern_set.find(text)] == expected, text


def test_lazy_pattern_acts_like_the_compiled_one() -> None:
    lazy = LazyPattern(r"(\d)(x)?", re.IGNORECASE)
    plain = re.compile(r"(\d)(x)?", re.IGNORECASE)
    text = "1X 2 3x"
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in plain.finditer(text)]
    assert lazy.compiled() is lazy.compiled()
    assert lazy.findall(text) == plain.findall(text)
    assert lazy.sub("-", text) == plain.sub("-", text)
    assert lazy.search(text, 3) is not None and lazy.match("x") is None
    assert lazy.fullmatch("1x") is not None


def _corpus() -> list[str]:
    texts = [json.loads(line)["text"] for line in (DATA / "pii" / "positive_small.jsonl").open()]
    texts += [json.loads(line) for line in (DATA / "pii" / "clean_small.jsonl").open()]
    return texts + [t.lower() for t in texts] + [re.sub(r"\d", "", t) for t in texts]


def test_early_exits_change_no_pii_result(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _corpus()
    gated = [find_pii(t, PII_TYPES) for t in texts]
    # every gate says "maybe": all detectors scan every text
    for module in (pii_base, pii_formats, pii_context, pii_names):
        for name in ("has_digit", "has_upper"):
            if hasattr(module, name):
                monkeypatch.setattr(module, name, lambda _text: True)
    assert [find_pii(t, PII_TYPES) for t in texts] == gated


def test_topic_matches_agree_with_scores() -> None:
    families = json.loads((DATA / "topics" / "topics.json").read_text())["families"]
    index = TopicIndex(
        [(f["name"], f["definition"], f.get("examples", [])) for f in families.values()]
    )
    texts = [
        line[2:]
        for path in sorted((DATA / "topics").glob("*.txt"))
        for line in path.read_text().splitlines()
        if line[:2] in ("+ ", "~ ", "- ")
    ]
    for text in [*texts, "", "hello", "zzz qqq"]:
        expected = [i for i, s in enumerate(index.scores(text)) if s >= index.threshold]
        assert index.matches(text) == expected, text


def test_sides_with_the_same_words_share_one_matcher() -> None:
    both = {"input": "BLOCK", "output": "BLOCK"}
    plan = {
        "format": PLAN_FORMAT,
        "guardrail": "g",
        "messages": {"INPUT": "no", "OUTPUT": "no"},
        "words": [{"text": "zeus", **both}, {"text": "hera", "input": "BLOCK", "output": None}],
        "regexes": [{"name": "id", "pattern": r"ID-\d", "description": None, **both}],
    }
    compiled = compile_plan(plan)
    inp, out = compiled.sides["INPUT"], compiled.sides["OUTPUT"]
    assert inp.words is not out.words  # different word lists
    assert inp.regexes is out.regexes  # the same pattern list: one compiled set
    plan["words"] = [{"text": "zeus", **both}]
    compiled = compile_plan(plan)
    assert compiled.sides["INPUT"].words is compiled.sides["OUTPUT"].words


def test_the_zipapp_compiles_each_module_once(tmp_path: Path) -> None:
    plan = {
        "format": PLAN_FORMAT,
        "guardrail": "g",
        "messages": {"INPUT": "no", "OUTPUT": "no"},
        "piiEntities": [{"type": "EMAIL", "input": "BLOCK", "output": "BLOCK"}],
    }
    path = tmp_path / "evaluator.pyz"
    path.write_bytes(build_pyz(plan))
    # count compile() calls per file while the archive runs as `python evaluator.pyz`
    code = (
        "import builtins, collections, runpy, sys\n"
        "seen = collections.Counter(); real = builtins.compile\n"
        "def counting(source, filename, *a, **k):\n"
        "    seen[str(filename)] += 1\n"
        "    return real(source, filename, *a, **k)\n"
        "builtins.compile = counting\n"
        "sys.argv = [sys.argv[1], '--input', 'mail a@example.com']\n"
        "try:\n"
        "    runpy.run_path(sys.argv[0], run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print({k: v for k, v in seen.items() if 'guardc_runtime' in k}, file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-I", "-S", "-c", code, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert '"EMAIL"' in run.stdout
    counts = ast.literal_eval(run.stderr)  # a dict printed by the child
    assert "guardc_runtime/pii.py" in " ".join(counts)
    assert set(counts.values()) == {1}, counts
