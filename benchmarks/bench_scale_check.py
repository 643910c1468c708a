"""`guardc check` on huge sources (issue 16): time linear in file size, memory bounded.

Two generated inputs, each checked by a whole `guardc check` process:
- a dense 15 MB file (bench_frontend's generator: topics, word lists, patterns, guardrails and
  tests), and the same at 1.5 MB, a quarter and a half of it, to show the time grows linearly
  with the size;
- a 20 MB word list (1.3 million words), which must report its single limit error (E302) fast
  and in bounded memory.

Reported per run: wall seconds, CPU seconds (user + system; on a shared machine the CPU time is
what a quiet machine's wall time would be) and the process's peak resident memory, with the
goals. Run with `python -m benchmarks bench_scale_check`.

The processes run this checkout's `compiler` (`python -m compiler`, the checkout first on
PYTHONPATH), whatever the venv's `guardc` script points at, with a bytecode cache as installed
wheels have (PYTHONPYCACHEPREFIX, filled by a warm-up run; as bench_frontend measures).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.bench_frontend import generate

DENSE_BYTES = 15_000_000
DENSE_GOAL = 5.0  # seconds for the 15 MB file
WORDS = 1_300_000  # about 20 MB
WORDS_GOAL = (5.0, 500)  # seconds, MB


@dataclass
class Run:
    """One measured `guardc check` process."""

    code: int
    wall: float
    cpu: float
    peak_mb: float


ROOT = Path(__file__).resolve().parent.parent


def _env(bytecode: Path | None) -> dict[str, str]:
    """This checkout first on the path, and a bytecode cache in `bytecode` (a private folder;
    see the module's docstring)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    if bytecode is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(bytecode)
    return env


def check(path: Path, bytecode: Path | None = None) -> Run:
    """Run `guardc check PATH` once; its exit code, times and peak memory (os.wait4)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "compiler", "check", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=path.parent,
        env=_env(bytecode),
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss // 1024
    return Run(process.returncode, wall, usage.ru_utime + usage.ru_stime, kib / 1024)


def dense(size: int) -> str:
    """A valid dense file of about `size` characters."""
    sample = generate(2_000)
    return generate(max(2_000, int(2_000 * size / len(sample))))


def word_list(words: int = WORDS) -> str:
    """One `words` list of `words` entries, used by a guardrail."""
    lines = ['words "big":', *(f'  "word{i}"' for i in range(words))]
    return "\n".join(lines) + '\nguardrail "g":\n  block words from "big"\n'


def _line(label: str, size: int, run: Run, goal: str, ok: bool) -> str:
    return (
        f"{label:32s} {size / 1e6:5.1f} MB  exit {run.code}  wall {run.wall:6.2f} s  "
        f"CPU {run.cpu:6.2f} s  peak {run.peak_mb:6.0f} MB  (goal {goal}: "
        f"{'ok' if ok else 'over'})"
    )


def main() -> None:
    """Print the numbers."""
    with tempfile.TemporaryDirectory(prefix="guardc-scale-") as folder:
        base = Path(folder)
        cache = base / "bytecode"  # inside the private temporary folder
        (base / "warm.guard").write_text(dense(20_000), encoding="utf-8")
        check(base / "warm.guard", cache)  # fills the bytecode cache
        small_text = dense(DENSE_BYTES // 10)
        small_size = len(small_text)
        (base / "small.guard").write_text(small_text, encoding="utf-8")
        small = check(base / "small.guard", cache)
        print(_line("check, dense file", small_size, small, "linear", True))
        del small_text
        parts: list[tuple[int, Run]] = []
        for share in (4, 2):
            text = dense(DENSE_BYTES // share)
            (base / f"part{share}.guard").write_text(text, encoding="utf-8")
            parts.append((len(text), check(base / f"part{share}.guard", cache)))
            print(_line("check, dense file", len(text), parts[-1][1], "linear", True))
            del text
        big_text = dense(DENSE_BYTES)
        (base / "big.guard").write_text(big_text, encoding="utf-8")
        big = check(base / "big.guard", cache)
        ok = big.cpu <= DENSE_GOAL
        print(_line("check, dense file", len(big_text), big, f"CPU <= {DENSE_GOAL:g} s", ok))
        per_mb = big.cpu / len(big_text)
        for label, size, run in (
            ("1.5 MB", small_size, small),
            *((f"{s / 1e6:.1f} MB", s, r) for s, r in parts),
        ):
            ratio = per_mb / (run.cpu / size)
            print(f"  CPU per MB, 15 MB vs {label}: {ratio:.2f}x (1.0 is linear)")
        del big_text
        words_text = word_list()
        (base / "words.guard").write_text(words_text, encoding="utf-8")
        words = check(base / "words.guard", cache)
        seconds, megabytes = WORDS_GOAL
        ok = words.cpu <= seconds and words.peak_mb <= megabytes and words.code == 1
        goal = f"CPU <= {seconds:g} s, <= {megabytes} MB, E302"
        print(_line(f"check, {WORDS:,}-word list", len(words_text), words, goal, ok))


if __name__ == "__main__":
    main()
