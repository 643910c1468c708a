"""JSONL files guardc reads besides requests and logs: `calibrate`'s record file, `test
--corpus` and `plan --corpus`, each line bounded in size before it is read.

The line reader is `eval --jsonl`'s and `replay`'s (runtime/batch.py): split on `\\n` only (a
JSON string may hold U+2028, which `str.splitlines` breaks at), a line longer than
`batch.MAX_LINE_BYTES` skipped unread into memory, bytes decoded strictly. A record file holding
one 200 MB line costs a few megabytes, and the error names the line.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..runtime import batch


class JsonlError(ValueError):
    """A line that cannot be read as text: `PATH:LINE: why`."""


def numbered_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(line number, text) for each line of `path`; JsonlError for a line over the size bound
    or not UTF-8. OSError when the file cannot be opened or read."""
    with open(path, "rb") as handle:
        for number, raw in enumerate(batch.lines(handle), 1):
            try:
                if isinstance(raw, batch.LineError):
                    raise raw
                text = batch.decode(raw, first=number == 1)
            except batch.LineError as exc:
                raise JsonlError(f"{path}:{number}: the line is {_reason(exc)}") from None
            yield number, text


def _reason(exc: batch.LineError) -> str:
    return exc.message if exc.kind == "too_long" else f"not text ({exc.message})"
