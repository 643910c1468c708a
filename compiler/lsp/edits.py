"""Edits the server offers: the buffer in canonical form (`guardc fmt`), and quick fixes that
take a diagnostic's "did you mean `X`?" at its word."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..commands.fmt import lower_text, reformat
from ..diagnostics.sink import Diagnostic, Diagnostics

_SUGGESTION = re.compile(r"^did you mean `(.+)`\?$")
_WRITTEN = re.compile(r"`([^`]+)`")


def formatted(text: str, display: str) -> str | None:
    """The canonical form of `text`, as `guardc fmt` writes it; None when it has errors (fmt
    leaves such a file alone) or formatting would change what it means."""
    module = lower_text(text, display, Diagnostics())
    return reformat(module, text) if module is not None else None


@dataclass(frozen=True)
class Fix:
    """Replace [start, end) of the buffer with `new`."""

    title: str
    start: int
    end: int
    new: str


def quick_fix(d: Diagnostic, text: str) -> Fix | None:
    """The fix a diagnostic's "did you mean" hint proposes: its suggestion written over the
    misspelt word (the first quoted word of the message, where the span holds it; otherwise
    the whole span)."""
    found = _SUGGESTION.match(d.help or "")
    if found is None:
        return None
    new = found.group(1)
    start, end = d.span.start, d.span.end
    written = _WRITTEN.search(d.message)
    held = text[start:end]
    if written is not None:
        word = written.group(1)
        if new.startswith('"'):  # a quoted name: the message names it without its quotes
            word = f'"{word}"'
        at = held.find(word)
        if at >= 0:
            start, end = start + at, start + at + len(word)
    return Fix(f"Replace with {new}", start, end, new)
