"""Parse a file one top-level block at a time, reusing the tree of a block of the same shape.

The language is indentation-based: a line whose first character is neither a blank nor `#`
starts a top-level item (every block is closed there; no item spans two such lines). The text
is cut at those lines into pieces, and each piece is parsed on its own by the same LALR parser
(a `TextSlice` of the whole text with the line counter set at the piece, so positions are those
of the whole file). The start rule is a flat list of items and every piece begins between two
items, so the pieces' items, in order, are the file's items.

A piece's shape is its text with every string emptied (comments, names, numbers, layout kept).
Two pieces of one shape lex to the same token types (nothing but a string starts with `"` and
a string holds no newline), so their trees have the same structure: the second is a copy of the
first with its strings and the positions after them moved. A big file repeats a few shapes
(guardrails written alike, `words` lines, test blocks), and a copy costs a few times less than
lexing and parsing. A piece that does not parse ends the fast path: the caller parses the whole
text the usual way, so syntax errors and their recovery are exactly what they were.
`tests/frontend/test_blocks.py` holds trees, positions, IR and diagnostics to the whole parse.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import pairwise
from typing import Any, cast

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput
from lark.lexer import LexerState, LexerThread, LineCounter
from lark.utils import TextSlice

from .positions import Where

# a line starting a top-level item: not blank, not a comment, not indented (no re.M: slow)
_TOP_LEVEL = re.compile(r"\n[^\s#]")
# the grammar's STRING, and comments (a `"` in a comment starts no string)
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"|#[^\n]*')
MIN_PIECES = 8  # fewer top-level items: one parse of the whole text costs the same

Node = Tree[Token]


class _Template:
    """A parsed piece: its start (offset and line), its strings' spans and its items."""

    __slots__ = ("ends", "items", "line", "start", "strings")

    def __init__(
        self, start: int, line: int, strings: list[tuple[int, int]], items: list[Any]
    ) -> None:
        self.start = start
        self.line = line
        self.strings = strings
        self.ends = [end for _, end in strings]
        self.items = items


def parse_blocks(lark: Lark, text: str) -> Node | None:
    """The tree of `text` (which ends with a newline), built piece by piece; None when some
    piece does not parse (or the text has too few pieces to gain anything)."""
    cuts = [0, *(m.start() + 1 for m in _TOP_LEVEL.finditer(text)), len(text)]
    if len(cuts) < MIN_PIECES + 1:
        return None
    frontend = lark.parser
    seen: dict[str, _Template] = {}
    items: list[Any] = []
    first: Where | None = None
    last: Where | None = None
    line = 1
    for start, end in pairwise(cuts):
        strings, shape = _shape(text, start, end)
        template = seen.get(shape)
        if template is None:
            tree = _parse_piece(frontend, text, start, end, line)
            if tree is None:
                return None
            template = seen[shape] = _Template(start, line, strings, tree.children)
            piece_items, where = tree.children, cast(Where | None, tree._meta)
        else:
            copier = _Copier(text, template, start, line, strings)
            piece_items = [copier.copy(item) for item in template.items]
            where = copier.where(template.items)
        items += piece_items
        if where is not None:
            first = first or where
            last = where
        line += text.count("\n", start, end)
    tree = Tree("start", items)
    if first is not None and last is not None:
        tree._meta = Where(  # type: ignore[assignment]  # read as a Meta
            (first.line, first.column, first.start_pos),
            (last.end_line, last.end_column, last.end_pos),
        )
    return tree


def _shape(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], str]:
    """The spans of the piece's strings, and its text with every string emptied."""
    spans: list[tuple[int, int]] = []
    parts: list[str] = []
    done = start
    for m in _STRING_OR_COMMENT.finditer(text, start, end):
        if text[m.start()] == '"':
            parts += [text[done : m.start()], '""']
            spans.append(m.span())
            done = m.end()
    parts.append(text[done:end])
    return spans, "".join(parts)


def _parse_piece(frontend: Any, text: str, start: int, end: int, line: int) -> Node | None:
    """The LALR parse of text[start:end], its positions those of the whole text."""
    counter = LineCounter("\n")  # type: ignore[no-untyped-call]
    counter.char_pos = counter.line_start_pos = start
    counter.line = line
    state = LexerState(TextSlice(text, start, end), counter)
    try:
        tree: Node = frontend.parser.parse(LexerThread(frontend.lexer, state), "start")
    except UnexpectedInput:
        return None
    return tree


class _Copier:
    """Copies a template's items to a piece of the same shape: strings from the new piece, every
    position moved by the piece's offset and by how much longer the strings before it are."""

    def __init__(
        self, text: str, template: _Template, start: int, line: int, strings: list[tuple[int, int]]
    ) -> None:
        self.text = text
        self.template = template
        self.offset = start - template.start
        self.lines = line - template.line
        self.strings = strings
        # grown[k]: how much longer the piece's first k strings are than the template's
        grown = [0]
        for (old_start, old_end), (new_start, new_end) in zip(
            template.strings, strings, strict=True
        ):
            grown.append(grown[-1] + (new_end - new_start) - (old_end - old_start))
        self.grown = grown
        self.same = not any(grown)
        self.starts = [s for s, _ in template.strings]

    def _moved(self, pos: int, column: int) -> tuple[int, int]:
        """A template position (offset, column) in the piece."""
        if self.same:
            return pos + self.offset, column
        ends, grown = self.template.ends, self.grown
        shift = grown[bisect_right(ends, pos)]
        at_line_start = grown[bisect_right(ends, pos - column + 1)]
        return pos + self.offset + shift, column + shift - at_line_start

    def copy(self, node: Any) -> Any:
        if isinstance(node, Token):
            return self.token(node)
        children = [self.copy(c) for c in node.children]
        tree = Tree(node.data, children)
        if node._meta is not None:
            tree._meta = cast(Any, self.moved_where(node._meta))
        return tree

    def token(self, tok: Token) -> Token:
        start, column = self._moved(tok.start_pos or 0, tok.column or 1)
        end, end_column = self._moved(tok.end_pos or 0, tok.end_column or 1)
        value = tok.value
        if tok.type == "STRING":
            new_start, new_end = self.strings[bisect_right(self.starts, tok.start_pos or 0) - 1]
            value = self.text[new_start:new_end]
        return Token(
            tok.type,
            value,
            start,
            (tok.line or 1) + self.lines,
            column,
            (tok.end_line or 1) + self.lines,
            end_column,
            end,
        )

    def moved_where(self, where: Where) -> Where:
        start, column = self._moved(where.start_pos, where.column)
        end, end_column = self._moved(where.end_pos, where.end_column)
        return Where(
            (where.line + self.lines, column, start),
            (where.end_line + self.lines, end_column, end),
        )

    def where(self, items: list[Any]) -> Where | None:
        """The moved position of the piece as a whole (its `start` tree's), from its items."""
        wheres = [i._meta for i in items if isinstance(i, Tree) and i._meta is not None]
        if not wheres:
            return None
        return self.moved_where(
            Where(
                (wheres[0].line, wheres[0].column, wheres[0].start_pos),
                (wheres[-1].end_line, wheres[-1].end_column, wheres[-1].end_pos),
            )
        )


__all__ = ["parse_blocks"]
