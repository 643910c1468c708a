"""The `local` engine: the records streamed through a pool of worker processes.

The main process reads lines (`sources.py`) in batches of BATCH and hands each batch to a worker,
which judges it (`core.judge_all`, its evaluators built once per worker from the `Spec`) and
returns the batch's `Summary`; the main process merges the summaries. At most
`AHEAD` batches per worker are in flight, so memory stays bounded however long the log is (a
`Pool.imap` would read the whole input ahead). With one worker everything runs in-process.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import TextIO

from .core import Spec, judge_all
from .sources import Raw
from .summary import Summary

BATCH = 256
AHEAD = 4

_SPEC: Spec | None = None


def _init(spec: Spec) -> None:
    global _SPEC  # noqa: PLW0603 - one spec per worker process, set once by the pool
    _SPEC = spec


def _work(batch: list[Raw], limit: int) -> tuple[int, Summary]:
    assert _SPEC is not None
    return len(batch), Summary(limit).add_all(judge_all(_SPEC, batch))


def batches(raws: Iterable[Raw], size: int = BATCH) -> Iterator[list[Raw]]:
    it = iter(raws)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def default_workers() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def run(
    spec: Spec,
    raws: Iterable[Raw],
    workers: int,
    limit: int,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """The summary of every record of `raws`, judged on `workers` processes."""
    total = Summary(limit)
    done = 0
    if workers <= 1:
        _init(spec)
        for batch in batches(raws):
            count, part = _work(batch, limit)
            total = total.merge(part)
            done += count
            if progress:
                progress(done)
        return total.finish()
    with multiprocessing.get_context().Pool(workers, _init, (spec,)) as pool:
        pending: deque[AsyncResult[tuple[int, Summary]]] = deque()
        for batch in batches(raws):
            pending.append(pool.apply_async(_work, (batch, limit)))
            while len(pending) >= AHEAD * workers:
                count, part = pending.popleft().get()
                total, done = total.merge(part), done + count
                if progress:
                    progress(done)
        while pending:
            count, part = pending.popleft().get()
            total, done = total.merge(part), done + count
            if progress:
                progress(done)
    return total.finish()


class Counter:
    """A progress line on a terminal: records read and the rate, redrawn at most 10 times a
    second (the total is unknown while the log streams)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.began = time.monotonic()
        self.drawn = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if now - self.drawn < 0.1:
            return
        self.drawn = now
        rate = done / max(now - self.began, 1e-9)
        self.stream.write(f"\rreplayed {done:,} lines ({rate:,.0f}/s)")
        self.stream.flush()

    def clear(self) -> None:
        self.stream.write("\r" + " " * 60 + "\r")
        self.stream.flush()
