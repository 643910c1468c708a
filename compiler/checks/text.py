"""How checks quote user text and count things in their messages, and whether a node's span was
written in a source (shared by every check)."""

from __future__ import annotations

from ..diagnostics.span import NO_SPAN, Span


def written(span: Span) -> bool:
    """`span != NO_SPAN`, its file compared first: a span from a source has another file name,
    and comparing whole spans is a Python call (asked for every topic and test line)."""
    return span.file != NO_SPAN.file or span != NO_SPAN


def show(value: str, width: int = 40) -> str:
    """User text for a one-line message: long values are cut in the middle."""
    return value if len(value) <= width else f"{value[: width // 2]}…{value[-(width // 2) :]}"


def plural(n: float, word: str) -> str:
    """`1 topic`, `31 topics`, `2.5 characters`."""
    count = int(n) if float(n).is_integer() else n
    return f"{count} {word if count == 1 else word + 's'}"
