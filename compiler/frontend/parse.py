"""Stage 1: source text → Lark parse tree, with coded syntax diagnostics and recovery.

The LALR parser is built once per process from `grammar/guard.lark` and its analysed tables are
cached on disk by lark (keyed by a hash of the grammar), so start-up stays cheap. Syntax errors
are named by matching the parser state against a catalogue of known mistakes
(`syntax_errors.py`: lark's `match_examples` idea with an index built once); the parser then
recovers by blanking the offending line (or block) and parsing again, so one run reports
several errors with exact offsets.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import tempfile
from collections import deque
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from lark import Lark, Token, Tree
from lark import __version__ as lark_version
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lark import PostLex

from ..diagnostics.sink import Diagnostics
from ..diagnostics.span import Span
from .blocks import parse_blocks
from .hidden import check_hidden
from .limits import cap_word_lists
from .positions import track_positions

if TYPE_CHECKING:  # the catalogue of mistakes is imported on the first syntax error only
    from .syntax_errors import Found

MAX_ERRORS = 20  # per file; past this, more messages only repeat the first ones
# indentation holding a tab, on a line with something other than a comment after it
_TAB_INDENT = re.compile(r"^[ \t]*\t[ \t]*(?=[^\S\n]*[^\s#])", re.M)


class Indenter(PostLex):
    """Turns the indentation after each newline into `_INDENT`/`_DEDENT` tokens.

    Unlike lark's own Indenter it never raises: a dedent to a level no open block has closes the
    deeper blocks and opens a new one, which the parser reports as unexpected indentation. Tabs
    count as one column (they were already reported as E002). Layout tokens are placed at the
    first character of the line they belong to, so diagnostics point at the line, not at the end
    of the previous one. The last few content tokens are kept for error recovery.
    """

    always_accept = ("_NL",)

    def __init__(self) -> None:
        self.history: deque[Token] = deque(maxlen=3)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        """Yield the token stream with layout tokens inserted."""
        levels = [0]
        self.history.clear()
        first = True
        last: Token | None = None
        for tok in stream:
            if first and tok.type != "_NL" and (tok.column or 1) > 1:
                # the very first line is indented: no block is open
                yield _layout("_INDENT", tok.start_pos or 0, tok.line or 1, tok.column or 1)
            first = False
            last = tok
            if tok.type != "_NL":
                self.history.append(tok)
                yield tok
                continue
            yield tok
            _, sep, tail = tok.value.rpartition("\n")
            if not sep:  # a comment with no newline after it: only at the end of the text
                continue
            stripped = tail.lstrip(" \t")
            indent = len(tail) - len(stripped)
            pos, line, col = tok.end_pos or 0, tok.end_line or 1, tok.end_column or 1
            if indent > levels[-1]:
                levels.append(indent)
                yield _layout("_INDENT", pos, line, col)
                continue
            while indent < levels[-1]:
                levels.pop()
                yield _layout("_DEDENT", pos, line, col)
            if indent > levels[-1]:  # dedented to a level no open block has
                from .syntax_errors import MISALIGNED  # noqa: PLC0415 (rare: misaligned dedent)

                levels.append(indent)
                yield _layout("_INDENT", pos, line, col, MISALIGNED)
        end = last.end_pos or 0 if last is not None else 0
        while len(levels) > 1:
            levels.pop()
            yield _layout("_DEDENT", end, last.end_line or 1 if last else 1, 1)


def _layout(kind: str, pos: int, line: int, column: int, value: str = "") -> Token:
    """A zero-width layout token at a position (`value` only tells errors apart)."""
    return Token(kind, value, pos, line, column, line, column, pos)


def _grammar() -> str:
    return resources.files("compiler.grammar").joinpath("guard.lark").read_text(encoding="utf-8")


def _cache_file(grammar: str) -> str | None:
    """Where the analysed parser is kept: the user's cache folder, else a private folder in the
    temp folder, else nowhere. The cache is unpickled at start, so it must live where only this
    user can write: a shared `/tmp/guardc-grammar-*.lark` would let another local user run code
    as whoever runs guardc."""
    digest = hashlib.sha256((grammar + lark_version + sys.version).encode("utf-8")).hexdigest()[:20]
    name = f"guardc-grammar-{digest}.lark"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    candidates = [Path(base) / "guardc"]
    if hasattr(os, "getuid"):
        candidates.append(Path(tempfile.gettempdir()) / f"guardc-{os.getuid()}")
    for folder in candidates:
        try:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if _private(folder):
                return str(folder / name)
        except OSError:
            continue
    return None


def _private(folder: Path) -> bool:
    """Owned by this user and writable by nobody else (always true where there are no uids)."""
    if not hasattr(os, "getuid"):
        return os.access(folder, os.W_OK)
    st = folder.stat()
    return st.st_uid == os.getuid() and not st.st_mode & 0o022 and os.access(folder, os.W_OK)


@cache
def parser() -> tuple[Lark, Indenter]:
    """The process-wide parser and its post-lexer (built or loaded from the cache once)."""
    grammar = _grammar()
    indenter = Indenter()
    cache_file = _cache_file(grammar)
    lark = Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        postlex=indenter,
        propagate_positions=True,
        maybe_placeholders=False,
        cache=cache_file or False,
    )
    track_positions(lark)
    return lark, indenter


def parse(text: str, file: str, sink: Diagnostics) -> Tree[Token] | None:
    """Parse one file's text. Every syntax error goes to `sink`; the tree returned is that of the
    file with the broken lines blanked out (None when recovery gave up)."""
    lark, indenter = parser()
    _check_tabs(text, file, sink)
    check_hidden(text, file, sink)
    text = cap_word_lists(text, file, sink)  # same offsets; a huge list is not parsed
    recovery = _Recovery(text, file, sink)
    fast = parse_blocks(lark, recovery.work)  # None: some block has a syntax error
    if fast is not None:
        return fast
    region: tuple[int, int] | None
    for _ in range(MAX_ERRORS):
        try:
            tree: Tree[Token] = lark.parse(recovery.work)
            return tree
        except UnexpectedCharacters as err:
            region = recovery.characters(err)
        except UnexpectedToken as err:
            from .syntax_errors import name_error  # noqa: PLC0415 (errors only)

            region = recovery.token(name_error(lark, err), err.token, list(indenter.history))
        if region is None or not recovery.blank(*region):
            return None
    return None


def _check_tabs(text: str, file: str, sink: Diagnostics) -> None:
    """E002 for every line whose indentation holds a tab (blank and comment lines excepted).

    One regular expression over the text, not a loop over its lines: a 20 MB file has a
    million of them."""
    if "\t" not in text:
        return
    for found in _TAB_INDENT.finditer(text):
        sink.emit(
            "E002",
            "tab in indentation",
            Span.point(file, text, found.start() + found.group().index("\t")),
            note="use spaces here",
            help="indent with spaces (two per level is the canonical style)",
        )


class _Recovery:
    """Reports one parse error at a time and blanks what it broke, so the next parse goes on.

    Blanking replaces characters by spaces and keeps newlines, so offsets never move. Errors
    that only follow from an earlier blanking (a block left empty, the end of the file reached
    inside it) are not reported again.
    """

    def __init__(self, text: str, file: str, sink: Diagnostics) -> None:
        self.text = text
        self.file = file
        self.sink = sink
        self.work = text if text.endswith("\n") else text + "\n"
        self.blanked: list[tuple[int, int]] = []

    def characters(self, err: UnexpectedCharacters) -> tuple[int, int]:
        """A character no token starts with: an unterminated string, or a stray character."""
        pos = err.pos_in_stream or 0
        char = self.work[pos] if pos < len(self.work) else ""
        if char == '"':
            line_end = self.work.find("\n", pos)
            self.sink.emit(
                "E004",
                "unterminated string",
                Span.point(self.file, self.text, pos, line_end - pos),
                note="this string is not closed on its line",
                help='close it with `"` before the end of the line; write `\\"` for a quote inside',
            )
        else:
            self.sink.emit(
                "E001",
                f"unexpected character `{char}`",
                Span.point(self.file, self.text, pos),
                note="not part of the language here",
            )
        return _block_range(self.work, pos)

    def token(self, found: Found, token: Token, history: list[Token]) -> tuple[int, int] | None:
        """A token the parser did not expect: report `found` unless it only follows from an
        earlier blanking; return the range to blank (None: give up)."""
        pos = len(self.text) if token.type == "$END" else (token.start_pos or 0)
        if token.type == "$END":
            if not self.blanked:
                self._emit(found, pos, 1)
            return None
        if found.blank == "header" and len(history) >= 2:
            header = history[-2].start_pos or 0
            if not any(header <= start < pos for start, _ in self.blanked):
                self._emit(found, pos, 1)
            return _block_range(self.work, header)
        length = 1 if token.type.startswith("_") else max(1, len(str(token.value)))
        self._emit(found, pos, length)
        return _block_range(self.work, pos)

    def _emit(self, found: Found, pos: int, length: int) -> None:
        self.sink.emit(
            found.code,
            found.message,
            Span.point(self.file, self.text, pos, length),
            note=found.note,
            help=found.help,
        )

    def blank(self, start: int, end: int) -> bool:
        """Blank [start, end) of the working text; False when it held nothing left to blank."""
        middle = "".join(c if c in "\r\n" else " " for c in self.work[start:end])
        if middle == self.work[start:end]:
            return False
        self.work = self.work[:start] + middle + self.work[end:]
        self.blanked.append((start, end))
        return True


def _line_range(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def _block_range(text: str, pos: int) -> tuple[int, int]:
    """The line holding `pos` plus every following line indented deeper than it (the block it
    opens, if any), so one broken header is one error rather than one per line of its block."""
    start, end = _line_range(text, pos)
    indent = _indent_of(text[start:end])
    while end < len(text) - 1:
        nxt_end = text.find("\n", end + 1)
        nxt_end = len(text) if nxt_end < 0 else nxt_end
        line = text[end + 1 : nxt_end]
        body = line.strip()
        if body and not body.startswith("#") and _indent_of(line) <= indent:
            break
        end = nxt_end
    return start, end
