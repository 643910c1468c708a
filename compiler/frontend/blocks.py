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
from collections.abc import Iterator
from functools import partial
from itertools import pairwise
from typing import Any, cast

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput
from lark.lexer import LexerState, LexerThread, LineCounter
from lark.utils import TextSlice

from .positions import Where

# a line starting a top-level item: not blank, not a comment, not indented (no re.M: slow)
_TOP_LEVEL = re.compile(r"\n[^\s#]")
# the grammar's STRING (text blocks included), and comments (a `"` in a comment starts no string).
# STRING_RE's loops try an alternation at every character; written as runs of plain characters
# between escapes ("unrolled"), the same strings are found a third faster, and every piece of a
# big file is scanned (tests/frontend/test_blocks.py holds the two to the same matches).
STRING_UNROLLED = (
    r'"""[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'  # a text block
    r'|"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"'  # a one-line string
)
_STRING_OR_COMMENT = re.compile(STRING_UNROLLED + r"|#[^\n]*")
MIN_PIECES = 8  # fewer top-level items: one parse of the whole text costs the same

Node = Tree[Token]


class _Template:
    """A parsed piece: its start (offset and line), its strings' spans and the plan to copy its
    items. A plan refers to positions by number in three tables of what a copy must work out once
    per piece: offsets `(offset from the piece's start, strings ending at or before it)`, lines
    (from the piece's first line) and columns `(column, strings ending before it, strings ending
    before its line)`. A copy adds how much those strings grew (a list lookup), and every token
    and subtree at one position shares one int, as in lark's own tree (a big file's tree holds
    millions of them)."""

    __slots__ = ("columns", "line", "lines", "make", "offsets", "plans", "start", "strings")

    def __init__(
        self, start: int, line: int, strings: list[tuple[int, int]], items: list[Any]
    ) -> None:
        self.start = start
        self.line = line
        self.strings = strings
        ends = [end for _, end in strings]
        starts = [begin for begin, _ in strings]
        offsets: dict[tuple[int, int], int] = {}
        lines: dict[int, int] = {}
        columns: dict[tuple[int, int, int], int] = {}

        def at(pos: int, line_no: int, column: int) -> tuple[int, int, int]:
            before = bisect_right(ends, pos)
            before_line = bisect_right(ends, pos - column + 1)
            o = offsets.setdefault((pos - start, before), len(offsets))
            n = lines.setdefault(line_no - line, len(lines))
            c = columns.setdefault((column, before, before_line), len(columns))
            return o, n, c

        def plan(node: Any) -> tuple[Any, ...]:
            if isinstance(node, Token):
                string = node.type == "STRING"
                o, n, c = at(node.start_pos or 0, node.line or 1, node.column or 1)
                eo, en, ec = at(node.end_pos or 0, node.end_line or 1, node.end_column or 1)
                index = bisect_right(starts, node.start_pos or 0) - 1 if string else -1
                value = None if string else node.value
                return (_TOKEN, node.type, value, index, o, n, c, en, ec, eo)
            where = node._meta
            moved = None
            if where is not None:
                o, n, c = at(where.start_pos, where.line, where.column)
                eo, en, ec = at(where.end_pos, where.end_line, where.end_column)
                moved = (n, c, o, en, ec, eo)
            return (_TREE, node.data, [plan(c) for c in node.children], moved)

        self.plans = [plan(item) for item in items]
        self.make: Any = None  # compiled on first use (`_compiled`)
        self.offsets = list(offsets)
        self.lines = list(lines)
        self.columns = list(columns)


_TOKEN, _TREE = 0, 1
_NEW_TOKEN = getattr(Token, "_future_new", Token)  # lark's constructor without its kwargs check


# a piece: its start (offset, line), its strings, its shape's template, and its items when they
# are made already (the first piece of each shape: lark's own tree)
_Piece = tuple[int, int, list[tuple[int, int]], _Template, list[Any] | None]


class Streamed(Tree[Token]):
    """The `start` tree of a file parsed by blocks, its items made a piece at a time.

    `lower` takes them with `stream()`, so a big file's tree is never held whole: each piece is
    copied from its template when lowering reaches it, and let go once lowered. Any other
    reader of `children` gets the whole list (made on first use)."""

    def __init__(self, text: str, pieces: list[_Piece | None], where: Where | None) -> None:
        self._items: list[Any] | None
        super().__init__("start", [], cast(Any, where))
        self._text = text
        self._pieces = pieces
        self._items = None  # made on first use

    @property
    def children(self) -> list[Any]:
        if self._items is None:
            self._items = list(self.stream())
        return self._items

    @children.setter
    def children(self, items: list[Any]) -> None:
        self._items = items

    def stream(self) -> Iterator[Any]:
        """The items, in order, each piece's made when it is reached (once: the tree is then
        empty, as `lower` leaves a tree it consumed)."""
        pieces, self._pieces, self._items = self._pieces, [], []
        for i, piece in enumerate(pieces):
            pieces[i] = None  # let the piece go once its items are out
            assert piece is not None
            start, line, strings, template, items = piece
            yield from (
                items if items is not None else _copy(self._text, template, start, line, strings)
            )


def parse_blocks(lark: Lark, text: str) -> Node | None:
    """The tree of `text` (which ends with a newline), built piece by piece; None when some
    piece does not parse (or the text has too few pieces to gain anything). Every piece is
    parsed or matched to a template here; copies are made when the items are read."""
    cuts = [0, *(m.start() + 1 for m in _TOP_LEVEL.finditer(text)), len(text)]
    if len(cuts) < MIN_PIECES + 1:
        return None
    frontend = lark.parser
    seen: dict[str, _Template] = {}
    pieces: list[_Piece | None] = []
    first: Where | None = None
    last: Where | None = None  # the last piece's position, when it was parsed
    line = 1
    for start, end in pairwise(cuts):
        strings, shape = _shape(text, start, end)
        if text.find('"""', start, end) >= 0:
            # a text block spans lines, which a copy's moved positions do not follow: only an
            # identical piece may share its tree
            shape = "\0" + text[start:end]
        template = seen.get(shape)
        if template is None:
            tree = _parse_piece(frontend, text, start, end, line)
            if tree is None:
                return None
            template = seen[shape] = _Template(start, line, strings, tree.children)
            pieces.append((start, line, strings, template, tree.children))
            last = cast(Where | None, tree._meta)
            first = first or last
        else:
            pieces.append((start, line, strings, template, None))
            last = None
        line += text.count("\n", start, end)
    final = pieces[-1]
    assert final is not None
    start, line, strings, template, items = final
    if items is None:  # copied now: the file's position ends where its last item does
        items = _copy(text, template, start, line, strings)
        pieces[-1] = (start, line, strings, template, items)
        wheres = [i._meta for i in items if isinstance(i, Tree) and i._meta is not None]
        last = cast(Where, wheres[-1]) if wheres else None
    where = None
    if first is not None and last is not None:
        where = Where(
            (first.line, first.column, first.start_pos),
            (last.end_line, last.end_column, last.end_pos),
        )
    return Streamed(text, pieces, where)


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
    values = [text[a:b] for a, b in strings]
    make = template.make
    if make is None:
        make = template.make = _compiled(template)
    items: list[Any] = make(values, start, line, grown)
    return items


class _Tables:
    """A copy's three position tables (offsets, lines, columns: see `_Template`), worked out
    when first asked for: only a statement made when read (`Deferred`) needs them whole, and
    most never are."""

    __slots__ = ("_made", "grown", "line", "start", "template")

    def __init__(self, template: _Template, start: int, line: int, grown: list[int]) -> None:
        self.template = template
        self.start = start
        self.line = line
        self.grown = grown
        self._made: tuple[list[int], list[int], list[int]] | None = None

    def __call__(self) -> tuple[list[int], list[int], list[int]]:
        made = self._made
        if made is None:
            start, line, grown, template = self.start, self.line, self.grown, self.template
            made = self._made = (
                [start + p + grown[k] for p, k in template.offsets],
                [line + n for n in template.lines],
                [c + grown[k] - grown[k0] for c, k, k0 in template.columns],
            )
        return made


MAX_COMPILED = 4_000  # tokens and subtrees; a bigger piece (a long word list) is walked


def _compiled(template: _Template) -> Any:
    """A function that makes the items of the template's plans from a piece's strings, start,
    line and string growth (`make(values, start, line, grown)`): one expression per item, with
    every constant (rule names, token types and words) taken from a table, never written into
    the source, and each position the items use worked out once into a local (shared by every
    token and subtree at it, as in lark's own tree); a statement made when read gets the
    piece's `_Tables`. A copy then costs the constructor calls alone, with no walk over the
    plan; it is compiled on the second piece of a shape, as a big file has a few shapes used
    thousands of times each."""
    plans = template.plans
    table: list[Any] = []
    used: dict[str, str] = {}  # local name → its expression, in first use order

    def const(value: Any) -> str:
        table.append(value)
        return f"k[{len(table) - 1}]"

    def pos(o: int) -> str:
        name = f"p{o}"
        if name not in used:
            p, k = template.offsets[o]
            used[name] = f"s + {int(p)} + g[{int(k)}]"
        return name

    def row(n: int) -> str:
        name = f"r{n}"
        if name not in used:
            used[name] = f"ln + {int(template.lines[n])}"
        return name

    def col(c: int) -> str:
        name = f"c{c}"
        if name not in used:
            column, k, k0 = template.columns[c]
            used[name] = f"{int(column)} + g[{int(k)}] - g[{int(k0)}]"
        return name

    def expr(plan: tuple[Any, ...], parent: str = "") -> str:
        if plan[0] is _TOKEN:
            _, kind, value, index, o, n, c, en, ec, eo = plan
            value_expr = f"v[{index}]" if index >= 0 else const(value)
            return (
                f"T({const(kind)},{value_expr},{pos(o)},{row(n)},{col(c)},{row(en)},{col(ec)},"
                f"{pos(eo)})"
            )
        _, data, children, moved = plan
        if moved is None:
            return f"N({const(data)},[{','.join(expr(child, data) for child in children)}])"
        n, c, o, en, ec, eo = moved
        where = f"W(({row(n)},{col(c)},{pos(o)}),({row(en)},{col(ec)},{pos(eo)}))"
        end = _last_end(plan) if parent == "guardrail" and not _has_strings(plan) else None
        if end is not None:  # a statement of a guardrail, with no string: made when read
            lo, ln, lc = end
            used["t"] = "L(s, ln, g)"  # the piece's tables, for its statements made when read
            return f"D({const(data)},{const(children)},t,{where},({pos(lo)},{row(ln)},{col(lc)}))"
        return f"N({const(data)},[{','.join(expr(child, data) for child in children)}],{where})"

    def size(plan: tuple[Any, ...]) -> int:
        return 1 if plan[0] is _TOKEN else 1 + sum(size(child) for child in plan[2])

    if sum(size(plan) for plan in plans) > MAX_COMPILED:
        return lambda v, s, ln, g: _walked(plans, v, *_Tables(template, s, ln, g)())
    items = ",".join(expr(plan) for plan in plans)
    body = "".join(f"    {name} = {value}\n" for name, value in used.items())
    source = f"def make(v, s, ln, g):\n{body}    return [{items}]\n"
    scope: dict[str, Any] = {"k": table, "T": _NEW_TOKEN, "N": Tree, "W": Where, "D": Deferred}
    scope["L"] = partial(_Tables, template)
    exec(compile(source, "<guardc block template>", "exec"), scope)  # the source is made above
    return scope["make"]


def _has_strings(plan: tuple[Any, ...]) -> bool:
    if plan[0] is _TOKEN:
        return bool(plan[1] == "STRING")
    return any(_has_strings(child) for child in plan[2])


def _last_end(plan: tuple[Any, ...]) -> tuple[int, int, int] | None:
    """Where the last token of a subtree's plan ends (its offset, line and column numbers in
    the tables), as `LeafLowerer.span` finds it; None when the subtree ends in one without."""
    while plan[0] is _TREE and plan[2]:
        plan = plan[2][-1]
    if plan[0] is _TOKEN:
        _, _, _, _, _, _, _, en, ec, eo = plan
        return eo, en, ec
    return None


class Deferred(Tree[Token]):
    """A guardrail statement without strings in a copied piece, its subtree made when first
    read. Lowering reads its rule, start and end (`end`: where its last token ends) and, for
    a statement it has lowered twice already, nothing more (lower_stmt moves the one it
    remembers): most statements of a big file's guardrails are never made."""

    def __init__(  # called by the compiled copies, by position
        self,
        data: str,
        plans: list[Any],
        tables: _Tables,
        where: Where,
        end: tuple[int, int, int],
    ) -> None:
        self.data = data
        self._meta = cast(Any, where)
        self._plans: list[Any] | None = plans
        self._tables: _Tables | None = tables
        self._children: list[Any] | None = None
        self.end = end

    @property
    def children(self) -> list[Any]:
        made = self._children
        if made is None:
            plans, self._plans = self._plans or [], None
            tables, self._tables = self._tables, None
            assert tables is not None
            pos, row, col = tables()
            made = self._children = [_built(plan, [], pos, row, col) for plan in plans]
        return made

    @children.setter
    def children(self, items: list[Any]) -> None:
        self._children = items
        self._plans = None
        self._tables = None


def _walked(
    plans: list[Any], values: list[str], pos: list[int], row: list[int], col: list[int]
) -> list[Any]:
    """What `_compiled`'s function makes, by walking the plans."""
    return [_built(plan, values, pos, row, col) for plan in plans]


def _built(
    plan: tuple[Any, ...], values: list[str], pos: list[int], row: list[int], col: list[int]
) -> Any:
    if plan[0] is _TOKEN:
        _, kind, value, index, o, n, c, en, ec, eo = plan
        value = values[index] if index >= 0 else value
        return _NEW_TOKEN(kind, value, pos[o], row[n], col[c], row[en], col[ec], pos[eo])
    _, data, children, moved = plan
    where = None
    if moved is not None:
        n, c, o, en, ec, eo = moved
        where = Where((row[n], col[c], pos[o]), (row[en], col[ec], pos[eo]))
    return Tree(data, [_built(c, values, pos, row, col) for c in children], cast(Any, where))


__all__ = ["Streamed", "parse_blocks"]
