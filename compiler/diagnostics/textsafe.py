"""Text from sources, made safe to print: nothing a `.guard` file holds may drive a terminal.

A source file may come from an untrusted pull request, and its names, strings and lines are
quoted in diagnostics that land in CI logs and terminals. Characters that would drive the
terminal (ESC, BEL, C1 controls), reorder what is shown (bidi controls) or hide text (NUL, a
bare CR, zero-width and filler characters) are shown escaped, the same way everywhere:
`\\0`, `\\t`, `\\n`, `\\r`, else `\\u{200b}` (lowercase hex, as Rust's `escape_debug`).
No dependencies: the command line uses it on its error path before anything else is imported.
"""

from __future__ import annotations

import re
import unicodedata

MESSAGE_LIMIT = 240  # characters of a message or note; longer ones are cut in the middle
_CUT = "…"

# Characters never written raw: a source file must not drive the terminal (ESC, BEL, C1
# controls, bidi overrides) nor hide text (NUL, bare CR, zero-width and filler characters).
_SHORT = {"\0": "\\0", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
FILLERS = frozenset("\u115f\u1160\u3164\uffa0")  # Hangul fillers: letters that show nothing


def escaped(ch: str) -> str | None:
    """How `ch` is shown when it must not be written raw (`\\0`, `\\r`, `\\u{200b}`), or
    None when it is shown as itself."""
    if ch in _SHORT:
        return _SHORT[ch]
    if ch in FILLERS or unicodedata.category(ch) in _HIDDEN_CATEGORIES:
        return f"\\u{{{ord(ch):x}}}"
    return None  # spaces other than " " are not "printable" but show as a space


def visible(text: str) -> str:
    """`text` with every character that must not reach a terminal raw shown escaped."""
    if text.isprintable() and not FILLERS.intersection(text):
        return text
    return "".join(escaped(ch) or ch for ch in text)


_SUSPECT = re.compile(r"[^\x20-\x7e\n]")  # in JSON text: all else is ASCII that shows as itself


def json_safe(dumped: str) -> str:
    """JSON text with every hidden character written as a `\\uXXXX` escape: the same data for
    a JSON reader, and nothing that drives a terminal when the report is printed raw."""

    def one(match: re.Match[str]) -> str:
        ch = match.group()
        if escaped(ch) is None:
            return ch
        code = ord(ch)
        if code <= 0xFFFF:
            return f"\\u{code:04x}"
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

    return _SUSPECT.sub(one, dumped)


def clip(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """`text` cut in the middle when longer than `limit` characters (a message quoting a
    4 MB token must not print it)."""
    if len(text) <= limit:
        return text
    tail = limit // 4
    return text[: limit - tail] + _CUT + text[-tail:]


__all__ = ["MESSAGE_LIMIT", "clip", "escaped", "json_safe", "visible"]
