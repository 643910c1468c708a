"""W206: characters in strings and comments that do not show as themselves.

A `.guard` file may come from an untrusted pull request. A C0 or C1 control (NUL, ESC, a bare
CR, DEL) or a bidirectional embedding, override or isolate in a description, a blocked message,
a topic definition or example, a word or a comment makes the file say something other than
what an editor or a review shows: a right-to-left override reorders the text after it, an escape
sequence drives the terminal that prints it. Bedrock's service model gives these text fields
lengths but no pattern (only names, tags, keys and ARNs have one; tags are held to theirs by
E215), so Bedrock would take them as written: a warning, not an error. The language has no
escape that writes them, so the fix is always to delete the character. Tabs and line breaks
are allowed (a CR only as part of a CRLF line end).

The whole text is searched once (a regular expression, fast on a file without any); only when
something is found are the strings and comments walked to say which holds it. One diagnostic per
string or comment, at its first such character.
"""

from __future__ import annotations

import re
import unicodedata

from ..diagnostics.sink import Diagnostics
from ..diagnostics.span import Span
from ..diagnostics.textsafe import escaped
from ..literals.text_blocks import STRING_RE

# C0 controls but tab, LF and CR; DEL and the C1 controls; bidi embeddings, overrides, isolates
_HIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_BARE_CR = re.compile(r"\r(?!\n)")
_STRING_OR_COMMENT = re.compile(STRING_RE + r"|#[^\n]*")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _first(text: str, start: int = 0, end: int | None = None) -> int:
    """The offset of the first hidden character in text[start:end], or -1."""
    end = len(text) if end is None else end
    found = _HIDDEN.search(text, start, end)
    at = found.start() if found else -1
    if "\r" in text:
        cr = _BARE_CR.search(text, start, end)
        if cr is not None and (at < 0 or cr.start() < at):
            at = cr.start()
    return at


def check_hidden(text: str, file: str, sink: Diagnostics) -> None:
    """W206 for each string or comment of `text` holding a hidden character."""
    if _first(text) < 0:
        return
    line, counted = 1, 0  # line numbers counted forward, once through the text
    for found in _STRING_OR_COMMENT.finditer(text):
        at = _first(text, found.start(), found.end())
        if at < 0:
            continue
        line += text.count("\n", counted, at)
        counted = at
        column = at - text.rfind("\n", 0, at)
        span = Span(
            file=file, start=at, end=at + 1, line=line, column=column, end_line=line,
            end_column=column + 1,
        )  # fmt: skip
        _emit(sink, text[at], "a comment" if text[found.start()] == "#" else "a string", span)


def _emit(sink: Diagnostics, ch: str, where: str, span: Span) -> None:
    name = unicodedata.name(ch, "") or "(a control character)"
    if ch in _BIDI:
        why = "a bidi control reorders how the text after it is shown"
    elif ch == "\r":
        why = "a carriage return alone moves the cursor back over what was shown"
    else:
        why = "a control character does not show, or drives the terminal that prints it"
    sink.emit(
        "W206",
        f"hidden character `{escaped(ch)}` in {where}",
        span,
        note=f"U+{ord(ch):04X} {name}".rstrip(),
        help=f"delete it: {why}, so the file would say something other than it seems to",
    )


__all__ = ["check_hidden"]
