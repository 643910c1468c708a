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
    """A parsed piece: its start (offset and line), its strings' spans and its items, and the
    plan to copy them (`_plan`): every position as (offset and line from the piece's start,
    column, strings ending before it, strings ending before its line), so a copy looks up how
    much the strings before a position grew instead of searching for them."""

    __slots__ = ("line", "plans", "start", "strings")

    def __init__(
        self, start: int, line: int, strings: list[tuple[int, int]], items: list[Any]
    ) -> None:
        self.start = start
        self.line = line
        self.strings = strings
        ends = [end for _, end in strings]
        starts = [begin for begin, _ in strings]

        def at(pos: int, line_no: int, column: int) -> tuple[int, int, int, int, int]:
            before = bisect_right(ends, pos)
            before_line = bisect_right(ends, pos - column + 1)
            return pos - start, line_no - line, column, before, before_line

        def plan(node: Any) -> tuple[Any, ...]:
            if isinstance(node, Token):
                index = bisect_right(starts, node.start_pos or 0) - 1
                is_string = node.type == "STRING"
                return (
                    _TOKEN,
                    node.type,
                    None if is_string else node.value,
                    index if is_string else -1,
                    *at(node.start_pos or 0, node.line or 1, node.column or 1),
                    *at(node.end_pos or 0, node.end_line or 1, node.end_column or 1),
                )
            where = node._meta
            moved = None
            if where is not None:
                moved = (
                    *at(where.start_pos, where.line, where.column),
                    *at(where.end_pos, where.end_line, where.end_column),
                )
            return (_TREE, node.data, [plan(c) for c in node.children], moved)

        self.plans = [plan(item) for item in items]


_TOKEN, _TREE = 0, 1
_NEW_TOKEN = getattr(Token, "_future_new", Token)  # lark's constructor without its kwargs check


def parse_blocks(lark: Lark, text: str) -> Node | None:
    """The tree of `text` (which ends with a newline), built piece by piece; None when some
    piece does not parse (or the text has too few pieces to gain anything)."""
    cuts = [0, *(m.start() + 1 for m in _TOP_LEVEL.finditer(text)), len(text)]
    if len(cuts) < MIN_PIECES + 1:
        return None
    frontend = lark.parser
    seen: dict[str, _Template] = {}
    items: list[Any] = []
    piece_items: list[Any]
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
            piece_items = _copy(text, template, start, line, strings)
            wheres = [i._meta for i in piece_items if i._meta is not None]
            where = None
            if wheres:
                where = Where(
                    (wheres[0].line, wheres[0].column, wheres[0].start_pos),
                    (wheres[-1].end_line, wheres[-1].end_column, wheres[-1].end_pos),
                )
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


def _copy(
    text: str, template: _Template, start: int, line: int, strings: list[tuple[int, int]]
) -> list[Any]:
    """The template's items for a piece of the same shape: its own strings, every position
    moved by the piece's offset and by how much longer the strings before it are."""
    grown = [0]  # grown[k]: how much longer the piece's first k strings are
    for (old_start, old_end), (new_start, new_end) in zip(template.strings, strings, strict=True):
        grown.append(grown[-1] + (new_end - new_start) - (old_end - old_start))
    new_token = _NEW_TOKEN

    def build(plan: tuple[Any, ...]) -> Any:
        if plan[0] is _TOKEN:
            _, kind, value, index, p, ln, col, k, k0, ep, eln, ecol, ek, ek0 = plan
            if index >= 0:
                value = text[strings[index][0] : strings[index][1]]
            return new_token(
                kind,
                value,
                start + p + grown[k],
                line + ln,
                col + grown[k] - grown[k0],
                line + eln,
                ecol + grown[ek] - grown[ek0],
                start + ep + grown[ek],
            )
        _, data, children, moved = plan
        tree = Tree(data, [build(c) for c in children])
        if moved is not None:
            p, ln, col, k, k0, ep, eln, ecol, ek, ek0 = moved
            tree._meta = Where(  # type: ignore[assignment]  # read as a Meta
                (line + ln, col + grown[k] - grown[k0], start + p + grown[k]),
                (line + eln, ecol + grown[ek] - grown[ek0], start + ep + grown[ek]),
            )
        return tree

    return [build(plan) for plan in template.plans]


__all__ = ["parse_blocks"]
