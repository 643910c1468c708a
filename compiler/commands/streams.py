"""stdout and stderr that outlive their reader: `guardc test | head -1` keeps its exit status.

When the reader of a pipe leaves (`head` after one line), the next write raises BrokenPipeError
(Python ignores SIGPIPE). Ending the command there would throw away its status: `guardc test`
with failing tests, cut short by `head`, would tell CI "success". So a write that finds the
pipe closed points the stream's file descriptor at os.devnull (as the Python docs on SIGPIPE
advise, so that the interpreter's own flush at exit cannot fail again) and the command runs on
to the status it would have had. Nothing is lost that anyone could read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, TextIO, cast


class PipeSafe:
    """A text stream that delegates to `stream` until its reader has gone, then writes to
    os.devnull. `broken` says whether that happened."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._divert()
            return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if getattr(self._stream, "closed", False):  # closed by its user (`lsp` at `exit`)
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._divert()

    def _divert(self) -> None:
        """From now on every byte, including what the buffer still holds, goes to devnull."""
        self.broken = True
        try:
            fd = self._stream.fileno()
        except (OSError, ValueError):  # an in-memory stream (tests): swap it for devnull
            self._stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - kept open
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
        finally:
            os.close(devnull)
        with suppress(BrokenPipeError):  # data buffered before the dup2 may still fail once
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:  # isatty, fileno, encoding, buffer, ...
        return getattr(self._stream, name)


@contextmanager
def surviving_pipes() -> Iterator[None]:
    """Run the body with `sys.stdout`/`sys.stderr` wrapped in `PipeSafe`; flush them (safely)
    and put the originals back afterwards."""
    saved = sys.stdout, sys.stderr
    out, err = PipeSafe(saved[0]), PipeSafe(saved[1])
    sys.stdout, sys.stderr = cast(TextIO, out), cast(TextIO, err)
    try:
        yield
    finally:
        out.flush()
        err.flush()
        sys.stdout, sys.stderr = saved
