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

The set is the one the diagnostics show escaped (`diagnostics/textsafe.escaped`), so what W206
names is what a report would escape: controls (Cc), format characters (Cf: zero-width space,
joiners, word joiner, soft hyphen, bidi marks, embeddings, overrides and isolates, the
byte-order mark inside a file, tag characters), line and paragraph separators, private-use
characters and the Hangul fillers, which are letters that show nothing. `ze\u200bus` looks
like `zeus` in a review but is another word to Bedrock. Two exceptions keep real text quiet: a
zero-width joiner or non-joiner between two non-ASCII characters (emoji sequences, Persian and
Indic scripts write them), and unassigned code points, which show as a box rather than hide.
A test holds this pattern to `escaped` over every assigned code point.

The whole text is searched once (a regular expression, fast on a file without any); only when
something is found are the strings and comments walked to say which holds it. One diagnostic per
string or comment, at its first such character.
"""

from __future__ import annotations

import re
import unicodedata

from ..diagnostics.sink import Diagnostics
from ..diagnostics.span import Span
from ..diagnostics.textsafe import FILLERS, escaped
from ..literals.text_blocks import STRING_RE

# C0 controls but tab, LF and CR; DEL and the C1 controls; the format characters (Cf) of
# Unicode 15; line and paragraph separators; Hangul fillers; private use (see the docstring)
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890\u0891\u08e2\u115f\u1160\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\u3164\ue000-\uf8ff\ufeff\uffa0\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
_JOINERS = frozenset("\u200c\u200d")  # allowed between two non-ASCII characters
_BARE_CR = re.compile(r"\r(?!\n)")
_STRING_OR_COMMENT = re.compile(STRING_RE + r"|#[^\n]*")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _first(text: str, start: int = 0, end: int | None = None) -> int:
    """The offset of the first hidden character in text[start:end], or -1."""
    end = len(text) if end is None else end
    at = -1
    for found in _HIDDEN.finditer(text, start, end):
        if not _joining(text, found.start()):
            at = found.start()
            break
    if "\r" in text:
        cr = _BARE_CR.search(text, start, end)
        if cr is not None and (at < 0 or cr.start() < at):
            at = cr.start()
    return at


def _joining(text: str, at: int) -> bool:
    """Whether text[at] is a zero-width joiner or non-joiner between two non-ASCII characters
    that are not spaces (an emoji sequence, a Persian or Indic word), where it is meant."""
    if text[at] not in _JOINERS or at == 0 or at + 1 >= len(text):
        return False
    before, after = text[at - 1], text[at + 1]
    return all(not c.isascii() and not c.isspace() and c not in _JOINERS for c in (before, after))


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
    elif unicodedata.category(ch) in ("Cf", "Zl", "Zp", "Co") or ch in FILLERS:
        why = "it shows as nothing (or as a box), so the text is not the one a reader sees"
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
