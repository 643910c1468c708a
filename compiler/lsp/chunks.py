"""A buffer as top-level chunks, each parsed and lowered once for as long as its text stays.

A `.guard` file is a sequence of top-level items (`use`, `topic`, `words`, `pii group`,
`pattern`, `guardrail`, `test`), each starting at the beginning of a line with its keyword and
its body indented below it. A line that starts with one of those keywords therefore always ends
the item before it, so the text splits there into chunks that the front end parses and lowers
one by one (`frontend.parse`, `frontend.lower`: the same stages as `guardc check`). An edit
changes one chunk; the others keep their lowered items and their diagnostics.

Each chunk is parsed under a file name of its own (`Chunk.tag`) with positions relative to the
chunk's first character, so its spans stay true while text before it grows or shrinks: `Places`
knows where every chunk of a buffer now starts and turns a chunk's span into the buffer's.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache

from ..diagnostics.sink import Diagnostic, Diagnostics, Label
from ..diagnostics.span import Span
from ..frontend import syntax as s
from ..frontend.lower import lower
from ..frontend.parse import parse as parse_text
from ..frontend.parse import parser

_SEPARATOR = "\0"  # between a buffer's name and a chunk's number in `Chunk.tag`
_counter = itertools.count(1)


@cache
def top_level_keywords() -> tuple[str, ...]:
    """The keywords a top-level item starts with, as the grammar's start state accepts them."""
    lark, _ = parser()
    accepted = lark.parse_interactive("").accepts()  # type: ignore[no-untyped-call]
    words = {t.name: str(t.pattern.value) for t in lark.terminals if t.pattern.type == "str"}
    return tuple(sorted(words[name].lower() for name in accepted if name in words))


@cache
def _item_start() -> re.Pattern[str]:
    alternatives = "|".join(re.escape(k) for k in top_level_keywords())
    return re.compile(rf"^(?:{alternatives})(?![a-z0-9_])", re.I | re.M)


def split(text: str) -> list[tuple[int, int, str]]:
    """The chunks of `text`: (offset, line number from 1, text), covering it whole, in order."""
    starts = [m.start() for m in _item_start().finditer(text)]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    out: list[tuple[int, int, str]] = []
    line = 1
    for begin, end in itertools.pairwise([*starts, len(text)]):
        piece = text[begin:end]
        out.append((begin, line, piece))
        line += piece.count("\n")
    return out


@dataclass(frozen=True)
class Chunk:
    """One chunk's text, parsed once: its items and diagnostics, positioned in the chunk."""

    tag: str
    text: str
    items: tuple[s.TopLevel, ...]
    diagnostics: tuple[Diagnostic, ...]


def parse_chunk(display: str, text: str) -> Chunk:
    """Parse and lower one chunk of the buffer `display` under a tag of its own."""
    tag = f"{display}{_SEPARATOR}{next(_counter)}"
    sink = Diagnostics()
    tree = parse_text(text, tag, sink)
    module = lower(tree, text, tag, sink) if tree is not None else None
    items = module.items if module is not None else ()
    return Chunk(tag, text, items, sink.items)


@dataclass(frozen=True)
class Place:
    """Where a chunk now sits in its buffer."""

    display: str
    offset: int
    line: int  # the buffer's line number of the chunk's first line


@dataclass
class Places:
    """Every chunk's current place, by tag, across the buffers analysed together."""

    by_tag: dict[str, Place] = field(default_factory=dict)

    def span(self, span: Span) -> Span:
        """`span` (of a chunk) as a span of its buffer; any other span as it is."""
        place = self.by_tag.get(span.file)
        if place is None:
            return span
        return Span.unchecked(
            file=place.display,
            start=span.start + place.offset,
            end=span.end + place.offset,
            line=span.line + place.line - 1,
            column=span.column,
            end_line=span.end_line + place.line - 1,
            end_column=span.end_column,
        )

    def diagnostic(self, d: Diagnostic) -> Diagnostic:
        """`d` with its span and its labels' spans placed in their buffers."""
        if d.span.file not in self.by_tag and all(
            label.span.file not in self.by_tag for label in d.labels
        ):
            return d
        labels = tuple(Label(span=self.span(x.span), message=x.message) for x in d.labels)
        return d.model_copy(update={"span": self.span(d.span), "labels": labels})


@dataclass
class Chunker:
    """Chunks of the buffers seen so far, kept while their text is unchanged."""

    places: Places = field(default_factory=Places)
    chunks: dict[str, list[Chunk]] = field(default_factory=dict)  # by buffer, in order
    # chunks parsed and then joined with the next one (they ended open), by buffer
    open_ended: dict[str, list[Chunk]] = field(default_factory=dict)
    parses: int = 0  # chunks parsed (not reused) so far: what an edit cost

    def module(self, text: str, display: str, sink: Diagnostics) -> s.Module:
        """The module of `display`'s `text`: each chunk's items, unchanged chunks reused; their
        diagnostics go to `sink`. Where the parser gave up on a chunk, the module lacks its
        items (the whole file's parse would have none): the syntax errors keep names from
        being resolved all the same (`pipeline.load_text`)."""
        spare: dict[str, list[Chunk]] = {}
        for old in [*self.chunks.get(display, []), *self.open_ended.get(display, [])]:
            spare.setdefault(old.text, []).append(old)
            self.places.by_tag.pop(old.tag, None)
        current: list[Chunk] = []
        joined: list[Chunk] = []
        pieces = split(text)
        index = 0
        while index < len(pieces):
            offset, line, piece = pieces[index]
            chunk = self._chunk(display, piece, spare)
            # An item the end of its chunk left unfinished (`topic "x":` and no block) is an
            # error at the next item's first token in the whole file: parse the two together.
            while index + 1 < len(pieces) and _ends_open(chunk):
                joined.append(chunk)
                index += 1
                chunk = self._chunk(display, chunk.text + pieces[index][2], spare)
            current.append(chunk)
            self.places.by_tag[chunk.tag] = Place(display, offset, line)
            index += 1
        self.chunks[display] = current
        self.open_ended[display] = joined
        items: list[s.TopLevel] = []
        for chunk in current:
            sink.extend(chunk.diagnostics)
            items.extend(chunk.items)
        return s.Module(
            file=display, items=tuple(items), span=Span.point(display, text, 0, len(text))
        )

    def _chunk(self, display: str, text: str, spare: dict[str, list[Chunk]]) -> Chunk:
        reused = spare.get(text)
        if reused:
            return reused.pop(0)
        self.parses += 1
        return parse_chunk(display, text)

    def at(self, display: str, offset: int) -> tuple[Chunk, Place] | None:
        """The chunk of `display` holding `offset` (the last one for its end), and its place."""
        found: tuple[Chunk, Place] | None = None
        for chunk in self.chunks.get(display, []):
            place = self.places.by_tag[chunk.tag]
            if place.offset > offset:
                break
            found = (chunk, place)
        return found


def _ends_open(chunk: Chunk) -> bool:
    """Whether a syntax error of the chunk sits at its end (after its last non-blank text)."""
    end = len(chunk.text.rstrip())
    return any(d.code.startswith("E0") and d.span.start >= end for d in chunk.diagnostics)
