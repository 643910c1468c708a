"""`--jsonl`: one answer per request line, in order, for `guardc eval` and `evaluator.pyz` alike.

Output line N always answers input line N: an ApplyGuardrail response, or an error object

    {"error": {"kind": "json", "line": 2, "message": "not JSON: Expecting value at column 1"}}

(schemas/eval-error.schema.json), so a consumer can zip requests with answers; a request line
may carry an `id` (any JSON scalar) and its answer, response or error, carries it too. `kind`
is one of ERROR_KINDS; `byte` (1-based, within the line) is added for invalid UTF-8. Lines are
split on `\\n` only (a trailing `\\r` is dropped), never on the other characters `str.splitlines`
breaks at (U+2028 and friends are legal inside JSON strings). Each line is bounded in size
(MAX_LINE_BYTES) and nesting before and while it is parsed, bytes are decoded strictly (no
silent replacement) and a key given twice is an error, not "the last one wins".

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import IO, Any

from .request import RequestError, dumps, printable, request_from_json, request_id

# A line may hold ten times the longest text contextual grounding accepts (100,000 characters of
# source, up to 400,000 bytes of UTF-8): requests beyond that are mistakes, not guardrail input,
# and reading them whole would let one line exhaust memory.
MAX_LINE_BYTES = 4 * 1024 * 1024
ERROR_KINDS = ("empty", "encoding", "json", "request", "too_deep", "too_long")

Json = dict[str, Any]
Answer = Callable[[str, list[Json]], Json]


class LineError(Exception):
    """Why one request line gets an error object instead of a response."""

    def __init__(
        self, kind: str, message: str, byte: int | None = None, echo: Json | None = None
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.byte = byte
        self.echo = echo or {}  # the line's `id`, when it had a valid one

    def as_json(self, line: int) -> Json:
        """The error object written in place of the line's response."""
        error: Json = {"kind": self.kind, "line": line, "message": self.message}
        if self.byte is not None:
            error["byte"] = self.byte
        return {"error": error, **self.echo}


def lines(stream: IO[bytes]) -> Iterator[bytes | LineError]:
    """Each line of `stream` without its `\\n` (or `\\r\\n`), or a LineError for one longer
    than MAX_LINE_BYTES (whose rest is skipped unread into memory). A final line without a
    newline counts; a newline at the very end does not start another line."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip to the end of this line
                raw = stream.readline(1 << 20)
            yield LineError("too_long", f"longer than {MAX_LINE_BYTES:,} bytes")
            continue
        raw = raw[:-1] if raw.endswith(b"\n") else raw
        yield raw[:-1] if raw.endswith(b"\r") else raw


def decode(raw: bytes, first: bool = False) -> str:
    """Strict UTF-8 (a byte-order mark is allowed at the start of the input only)."""
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        raise LineError(
            "encoding", f"invalid UTF-8: byte 0x{bad} at byte {exc.start + 1}", exc.start + 1
        ) from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> Json:
    found: Json = {}
    for key, value in pairs:
        if key in found:
            raise LineError("request", f"key {printable(key)} is given twice")
        found[key] = value
    return found


def parse(text: str) -> tuple[str, list[Json], Json]:
    """`(source, content, echo)` of one request line, `echo` the `{"id": ...}` its answer
    carries (or `{}`); LineError says what is wrong with it."""
    if not text.strip():
        raise LineError("empty", "empty line (each line is one JSON request)")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise LineError("json", f"not JSON: {exc.msg} at column {exc.colno}") from None
    except RecursionError:  # `[[[[...` a hundred thousand deep: refused, not a crash
        raise LineError("too_deep", "nested too deeply to be a request") from None
    except ValueError as exc:  # e.g. an integer of more digits than Python converts
        raise LineError("json", f"not JSON: {exc}") from None
    echo = _echo(data)
    try:
        source, content = request_from_json(data)
    except RequestError as exc:
        raise LineError("request", str(exc), echo=echo) from None
    return source, content, echo


def _echo(data: Any) -> Json:
    """The `{"id": ...}` of a request object when it is valid, else `{}` (an error line then
    carries no id: there is none worth matching)."""
    if not isinstance(data, dict):
        return {}
    try:
        return request_id(data)
    except RequestError:
        return {}


def answer_all(
    stream: IO[bytes],
    answer: Answer,
    write: Callable[[str], object],
    report: Callable[[int, LineError], object],
    progress: Callable[[int], object] | None = None,
) -> int:
    """Answer every line of `stream` in order: `write` gets one compact JSON line per input
    line, `report(line, error)` is told about each error too (for stderr). Returns the
    number of lines that were errors."""
    errors = 0
    for number, item in enumerate(lines(stream), 1):
        if progress is not None:
            progress(number)
        try:
            if isinstance(item, LineError):
                raise item
            source, content, echo = parse(decode(item, first=number == 1))
        except LineError as exc:
            errors += 1
            report(number, exc)
            write(dumps(exc.as_json(number), indent=None) + "\n")
            continue
        write(dumps({**answer(source, content), **echo}, indent=None) + "\n")
    return errors


def count_lines(path: str) -> int:
    """How many lines `lines` will yield for the file at `path` (for a progress bar)."""
    count, last = 0, b"\n"
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")
