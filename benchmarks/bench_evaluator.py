"""The local evaluator's speed and memory on a large policy.

    .venv/bin/python -m benchmarks bench_evaluator

Prints: per-call p50/p99 on 1 KB texts for a large policy (10,000 words, 30 patterns, all 31
PII types, 30 topics, every content filter, profanity, grounding), on generated prose and on
texts stitched from the project's labelled sets, with each engine's share; the word filter's
MB/s with 10,000 words (the token hash, pyahocorasick when installed, and a pure-Python
Aho–Corasick automaton for comparison); the zipapp's cold start; peak memory. Engines that are
not there yet (topics, content) are left out and said so.

Times are CPU time (`time.process_time`), each text's best of `ROUNDS` passes over all the
texts: the development machine is shared, and wall time there measures the neighbours. A pass
goes through every text before the next one starts, so the per-text caches (folded text,
tokens, cue positions) are cold for each measured call, as for a new request.
"""

from __future__ import annotations

import importlib.util
import json
import random
import resource
import statistics
import string
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from compiler.runtime import Evaluator, text_content
from compiler.runtime.plan import PLAN_FORMAT
from compiler.runtime.words import WordMatcher
from compiler.targets.evaluator import build_pyz
from compiler.vocab import PiiType

SEED = 20261126
WORDS = 10_000
CALLS = 400
ROUNDS = 5
COLD_STARTS = 10
DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def _word(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9)))


def phrases(rng: random.Random, count: int = WORDS) -> list[str]:
    """`count` distinct custom words/phrases of one to three words."""
    out: dict[str, None] = {}
    while len(out) < count:
        out[" ".join(_word(rng) for _ in range(rng.randint(1, 3)))] = None
    return list(out)


def prose(rng: random.Random, size: int, vocabulary: Sequence[str]) -> str:
    """Sentence-like text of about `size` characters drawn from `vocabulary`."""
    parts: list[str] = []
    length = 0
    while length < size:
        sentence = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(6, 14)))
        parts.append(sentence.capitalize() + ".")
        length += len(parts[-1]) + 1
    return " ".join(parts)[:size]


def large_plan(rng: random.Random, words: list[str]) -> tuple[dict[str, Any], list[str]]:
    """The benchmark policy, without the engines that cannot be imported (named in the list)."""
    both = {"input": "BLOCK", "output": "BLOCK"}
    missing = [m for m in ("topics", "content") if not _has(f"compiler.runtime.{m}")]
    topics = [
        {
            "name": f"Topic {i}",
            "definition": f"Questions about {_word(rng)} and {_word(rng)}.",
            "examples": [f"Tell me about {_word(rng)} {_word(rng)}" for _ in range(5)],
            **both,
        }
        for i in range(30)
    ]
    filters: list[dict[str, Any]] = [
        {
            "type": t,
            "images": False,
            "input": {"action": "BLOCK", "strength": "HIGH"},
            "output": {"action": "BLOCK", "strength": "HIGH"},
        }
        for t in ("HATE", "INSULTS", "SEXUAL", "VIOLENCE", "MISCONDUCT")
    ]
    filters.append(
        {
            "type": "PROMPT_ATTACK",
            "images": False,
            "input": {"action": "BLOCK", "strength": "HIGH"},
            "output": None,
        }
    )
    if "content" in missing:
        filters = filters[-1:]
    plan = {
        "format": PLAN_FORMAT,
        "guardrail": "bench",
        "messages": {"INPUT": "blocked", "OUTPUT": "blocked"},
        "topics": [] if "topics" in missing else topics,
        "contentFilters": filters,
        "words": [{"text": w, **both} for w in words],
        "profanity": both,
        "piiEntities": [{"type": t, "input": "BLOCK", "output": "ANONYMIZE"} for t in PiiType],
        "regexes": [
            {
                "name": f"id{i}",
                "pattern": f"{chr(65 + i % 26)}{chr(65 + i // 26)}-\\d{{{4 + i % 5}}}",
                "description": None,
                **both,
            }
            for i in range(30)
        ],
        "grounding": [{"type": "GROUNDING", "threshold": 0.7, "action": "BLOCK"}],
        "notEvaluated": [],
    }
    return plan, missing


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def cpu_times(call: Callable[[int, str], object], texts: Sequence[str]) -> list[float]:
    """Each text's best CPU milliseconds for `call(i, text)` over `ROUNDS` passes."""
    best = [float("inf")] * len(texts)
    for _ in range(ROUNDS):
        for i, text in enumerate(texts):
            began = time.process_time()
            call(i, text)
            best[i] = min(best[i], time.process_time() - began)
    return [b * 1000 for b in best]


def bench_calls(
    evaluator: Evaluator, texts: Sequence[str], source: str | None = None
) -> tuple[float, float]:
    """p50/p99 CPU milliseconds of one ApplyGuardrail call per text: every call on `source`
    (INPUT or OUTPUT), or alternating sides when None. The sides cost differently (the
    prompt-attack filter reads the input only), so a median over both hides the dearer one:
    the main table reports each side on its own (session 10)."""

    def call(i: int, text: str) -> object:
        side = source or ("INPUT" if i % 2 else "OUTPUT")
        return evaluator.apply(side, text_content(text), deterministic=True)

    times = cpu_times(call, texts)
    return percentile(times, 0.5), percentile(times, 0.99)


def sides(evaluator: Evaluator, texts: Sequence[str]) -> str:
    """p50/p99 of `bench_calls` on the input side and on the output side, as one line."""
    (ip50, ip99), (op50, op99) = (bench_calls(evaluator, texts, s) for s in ("INPUT", "OUTPUT"))
    return (
        f"input p50 {ip50:.2f} ms, p99 {ip99:.2f} ms; output p50 {op50:.2f} ms, p99 {op99:.2f} ms"
    )


def labelled_texts(count: int) -> list[str]:
    """1 KB texts stitched from the project's labelled sets (topic requests, PII sentences,
    look-alike clean sentences, prompts): real phrasing, and far more PII than most traffic."""
    pool: list[str] = []
    for path in sorted((DATA / "topics").glob("*.txt")):
        lines = path.read_text("utf-8").splitlines()
        pool += [line[2:] for line in lines if line[:2] in ("+ ", "~ ", "- ")]
    for name in ("positive_small.jsonl", "clean_small.jsonl"):
        for line in (DATA / "pii" / name).read_text("utf-8").splitlines():
            row = json.loads(line)
            pool.append(row["text"] if isinstance(row, dict) else row)
    for line in (DATA / "attacks" / "authored.jsonl").read_text("utf-8").splitlines():
        pool.append(json.loads(line)["text"])
    rng = random.Random(SEED)
    out: list[str] = []
    for _ in range(count):
        chunk = ""
        while len(chunk) < 1000:
            chunk += rng.choice(pool) + " "
        out.append(chunk[:1000])
    return out


def engine_shares(plan: dict[str, Any], texts: Sequence[str]) -> str:
    """p50 CPU microseconds of each engine alone on `texts` (the large policy's settings)."""
    from compiler.runtime.attacks import prompt_attack_confidence
    from compiler.runtime.content import content_confidences
    from compiler.runtime.pii import find_pii
    from compiler.runtime.topics import TopicIndex

    index = TopicIndex([(t["name"], t["definition"], t["examples"]) for t in plan["topics"]])
    types = [e["type"] for e in plan["piiEntities"]]
    engines: dict[str, Callable[[str], object]] = {
        f"{len(plan['words'])} words": WordMatcher([w["text"] for w in plan["words"]]).find,
        f"{len(index.profiles)} topics": index.matches,
        "prompt attack": prompt_attack_confidence,
        "content": content_confidences,
        f"PII ({len(types)} types)": lambda text: find_pii(text, types),
    }
    parts = []
    for name, engine in engines.items():
        times = cpu_times(lambda _, text, engine=engine: engine(text), texts)  # type: ignore[misc]
        parts.append(f"{name} {percentile(times, 0.5) * 1000:.0f}")
    return "p50 us: " + ", ".join(parts)


def throughput(find: Callable[[str], object], text: str, repeat: int = 3) -> float:
    """Best MB/s of `find` over `text`. Each pass gets a different text (trailing
    spaces), so a per-text cache (the word matcher keeps the folded views of its last texts
    for the next matcher) cannot answer a pass from the one before."""
    best = float("inf")
    for spaces in range(1, repeat + 1):
        fresh = text + " " * spaces
        began = time.perf_counter()
        find(fresh)
        best = min(best, time.perf_counter() - began)
    return len(text) / best / 1e6


class PureAhoCorasick:
    """A textbook pure-Python Aho–Corasick automaton, for comparison only (not shipped)."""

    def __init__(self, words: Sequence[str]) -> None:
        self.goto: list[dict[str, int]] = [{}]
        self.out: list[list[int]] = [[]]
        for index, word in enumerate(words):
            state = 0
            for ch in word:
                nxt = self.goto[state].get(ch)
                if nxt is None:
                    nxt = len(self.goto)
                    self.goto[state][ch] = nxt
                    self.goto.append({})
                    self.out.append([])
                state = nxt
            self.out[state].append(index)
        self.fail = [0] * len(self.goto)
        queue = deque(self.goto[0].values())
        while queue:
            state = queue.popleft()
            for ch, nxt in self.goto[state].items():
                queue.append(nxt)
                f = self.fail[state]
                while f and ch not in self.goto[f]:
                    f = self.fail[f]
                self.fail[nxt] = self.goto[f].get(ch, 0) if self.goto[f].get(ch) != nxt else 0
                self.out[nxt] = self.out[nxt] + self.out[self.fail[nxt]]

    def find(self, text: str) -> list[tuple[int, int]]:
        goto, fail, out = self.goto, self.fail, self.out
        state, found = 0, list[tuple[int, int]]()
        for i, ch in enumerate(text.lower()):
            while state and ch not in goto[state]:
                state = fail[state]
            state = goto[state].get(ch, 0)
            if out[state]:
                found.extend((i, w) for w in out[state])
        return found


def cold_start(plan: dict[str, Any]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (sorted) of `python -I -S evaluator.pyz --input hello` runs: the
    whole process, the interpreter's own start included."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "evaluator.pyz"
        path.write_bytes(build_pyz(plan))
        walls, cpus = [], []
        for _ in range(COLD_STARTS):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            began = time.perf_counter()
            subprocess.run(
                [sys.executable, "-I", "-S", str(path), "--input", "hello"],
                check=True,
                capture_output=True,
            )
            walls.append(time.perf_counter() - began)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return sorted(walls), sorted(cpus)


def main() -> None:
    """Run every measurement and print the numbers."""
    rng = random.Random(SEED)
    words = phrases(rng)
    vocabulary = [_word(rng) for _ in range(3000)]
    plan, missing = large_plan(rng, words)
    if missing:
        print(f"note: engines not available, left out of the policy: {', '.join(missing)}")

    began = time.perf_counter()
    evaluator = Evaluator(plan)
    evaluator.apply("INPUT", text_content("warm up"), deterministic=True)  # lazy engines load
    compile_s = time.perf_counter() - began
    texts = [prose(rng, 1000, vocabulary) for _ in range(CALLS)]
    # one text in ten carries a custom word, some PII and an id, so every path is exercised
    for i in range(0, CALLS, 10):
        texts[i] = f"{texts[i][:800]} {words[i]} mail a{i}@example.com AB-1234"[:1000]
    print(f"large policy compile + first call: {compile_s * 1000:.0f} ms")
    print(f"times: CPU, best of {ROUNDS} passes per text")
    print(f"per call on 1 KB of generated prose ({CALLS} calls): {sides(evaluator, texts)}")
    print(f"  {engine_shares(plan, texts)}")
    lexical = {**plan, "topics": [], "contentFilters": [], "piiEntities": []}
    p50, p99 = bench_calls(Evaluator(lexical), texts)
    print(
        "  lexical rules only (10,000 words, profanity, 30 patterns, grounding): "
        f"p50 {p50:.2f} ms, p99 {p99:.2f} ms"
    )
    if (DATA / "pii" / "clean_small.jsonl").is_file():
        labelled = labelled_texts(CALLS)
        print(
            f"per call on 1 KB stitched from the labelled sets, PII-dense ({CALLS} calls): "
            f"{sides(evaluator, labelled)}"
        )
        print(f"  {engine_shares(plan, labelled)}")

    # memory in a second pass: tracemalloc slows every allocation, so not while timing
    tracemalloc.start()
    fresh = Evaluator(plan)
    for text in texts[:50]:
        fresh.apply("OUTPUT", text_content(text), deterministic=True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak traced memory (compile + 50 calls): {peak / 1e6:.1f} MB")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS so far: {rss:.0f} MB")

    matcher = WordMatcher(words)
    # clean: no word of the text starts a phrase (the usual case); dirty: thousands of hits
    starts = {w.split()[0] for w in words}
    clean = prose(rng, 1_000_000, [w for w in vocabulary if w not in starts])
    dirty_vocab = vocabulary + [w.split()[0] for w in words[:150]]
    dirty = prose(rng, 1_000_000, dirty_vocab)
    print(
        f"word filter, {WORDS} words, 1 MB clean text: {throughput(matcher.find, clean):.1f} MB/s"
    )
    print(
        f"word filter, {WORDS} words, 1 MB text with {len(matcher.find(dirty))} matches: "
        f"{throughput(matcher.find, dirty):.1f} MB/s"
    )
    chunks = [clean[i : i + 1000] for i in range(0, len(clean), 1000)]

    def each_chunk(_: str) -> None:
        for chunk in chunks:
            matcher.find(chunk)

    print(f"word filter on 1 KB chunks of it: {throughput(each_chunk, clean):.1f} MB/s")
    # a curly quote per request sends it through Unicode normalisation
    chunks = [f"{c[:500]}’{c[501:]}" for c in chunks]
    print(
        "word filter on 1 KB chunks with a non-ASCII character each: "
        f"{throughput(each_chunk, clean):.1f} MB/s"
    )
    sample = clean[:200_000]
    print(
        "for comparison, pure-Python Aho-Corasick (no word boundaries, no offsets map): "
        f"{throughput(PureAhoCorasick(words).find, sample, 1):.1f} MB/s"
    )
    if _has("ahocorasick"):
        import ahocorasick  # type: ignore[import-not-found,unused-ignore]  # C, untyped

        automaton = ahocorasick.Automaton()
        for index, word in enumerate(words):
            automaton.add_word(word, index)
        automaton.make_automaton()
        print(
            "for comparison, pyahocorasick (substring hits only, before any boundary check): "
            f"{throughput(lambda t: list(automaton.iter(t.lower())), clean):.1f} MB/s"
        )
    walls, cpus = cold_start(plan)
    print(
        f"evaluator.pyz cold start, large policy (python -I -S, {COLD_STARTS} runs): CPU best "
        f"{cpus[0]:.3f} s, median {statistics.median(cpus):.3f} s; wall best {walls[0]:.3f} s, "
        f"median {statistics.median(walls):.3f} s"
    )
