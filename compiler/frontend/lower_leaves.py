"""The leaves every lowering step shares: tree helpers, spans, strings and the vocabulary.

`LeafLowerer` turns tokens into spans, texts, references, strengths and PII entities, and
reports words it does not know (E201 filter, E202 strength, E203 entity) with a "did you mean".
`StatementLowerer` (lower_stmt.py) and the file lowerer (lower.py) build on it.
"""

from collections.abc import Iterator
from functools import cache
from typing import Any

from lark import Token, Tree

from ..diagnostics.sink import Diagnostics, nearest
from ..diagnostics.span import Span, unchecked_span
from ..literals.text_blocks import decode, is_block
from ..vocab import (
    FILTER_PHRASES,
    PII_PHRASES,
    ContentCategory,
    Direction,
    PiiType,
    Strength,
    Verb,
    lookup_filter,
    lookup_pii,
    normalise_phrase,
)
from . import syntax as s
from .blocks import Deferred
from .construct import made, maker
from .entity_hints import suggest_entity

_VERBS = {"BLOCK": Verb.BLOCK, "FILTER": Verb.BLOCK, "DENY": Verb.BLOCK, "REQUIRE": Verb.BLOCK}
_VERBS |= {"MASK": Verb.MASK, "DETECT": Verb.DETECT}
STRENGTH_WORDS = [x.value.lower() for x in Strength]
FILTER_WORDS = sorted(FILTER_PHRASES)
PII_WORDS = sorted(PII_PHRASES)

Node = Tree[Token]
_text = maker(s.Text, "value", "span")
_ref = maker(s.Ref, "name", "span")
_topic_def = maker(s.TopicDef, "name", "definition", "examples", "span")


def trees(tree: Node) -> Iterator[Node]:
    return (c for c in tree.children if isinstance(c, Tree))


def tokens(tree: Node) -> list[Token]:
    return [c for c in tree.children if isinstance(c, Token)]


def strings(tree: Node) -> list[Token]:
    return [c for c in tree.children if isinstance(c, Token) and c.type == "STRING"]


def child(tree: Node, name: str) -> Node | None:
    for c in tree.children:  # a plain loop: this is the hottest helper of lowering
        if isinstance(c, Tree) and c.data == name:
            return c
    return None


def bounds(node: Node) -> tuple[int, int, int, int, int, int]:
    """Where a subtree is, as `LeafLowerer.span` gives it: start and end offsets, line, column,
    end line and end column (a tuple: `remembered` reads a statement's place without making a
    span when it moves one lowered before)."""
    if type(node) is Deferred:  # most statements of a big file: where its last token ends
        where: Any = node._meta
        end_pos, end_line, end_column = node.end
        return where.start_pos, end_pos, where.line, where.column, end_line, end_column
    meta = node.meta
    if meta.empty:
        return 0, 0, 1, 1, 1, 1
    # lark's end includes the newline (and any comment) that closes the line; end at the
    # last token actually written instead, so a span never spills onto the next line
    last: Node | Token = node
    while isinstance(last, Tree):
        if type(last) is Deferred:  # where its last token ends, without making its subtree
            end_pos, end_line, end_column = last.end
            return meta.start_pos, end_pos, meta.line, meta.column, end_line, end_column
        if not last.children:
            break
        last = last.children[-1]
    if isinstance(last, Token):
        return (
            meta.start_pos,
            last.end_pos or 0,
            meta.line,
            meta.column,
            last.end_line or 1,
            last.end_column or 1,
        )
    last_meta = last.meta
    return (
        meta.start_pos,
        last_meta.end_pos,
        meta.line,
        meta.column,
        last_meta.end_line,
        last_meta.end_column,
    )


@cache
def vocabulary(phrase: str) -> tuple[ContentCategory | None, PiiType | None]:
    """The content filter and the PII entity a phrase names (phrases repeat: looked up once)."""
    return lookup_filter(phrase), lookup_pii(phrase)


def _escaped(raw: str) -> bool:
    """Whether decoding the literal `raw` does more than drop its quotes: a text block, or an
    escaped quote or backslash (the only escapes a string has; `\\d` in a regex is two
    characters, kept as written)."""
    return is_block(raw) or '\\"' in raw or "\\\\" in raw


def unquote(token: Token) -> str:
    """The value of a STRING token: quotes removed, only `\\"` and `\\\\` unescaped, and a
    text block's layout resolved (`text_blocks.py`)."""
    raw = str(token)
    if not _escaped(raw):
        return raw[1:-1]
    return decode(raw)[0]


def unquote_offsets(token: Token) -> tuple[int, ...]:
    """For each character of `unquote(token)`, its offset in the token (the opening quote is
    0), then the offset of the closing quote: diagnostics inside a string (a regex's culprit
    repeat) point at the right columns although escapes make the source longer."""
    raw = str(token)
    if not _escaped(raw):  # one character each, as `decode` would say one by one
        return tuple(range(1, len(raw)))
    return decode(raw)[1]


def line_starts(token: Token) -> tuple[int, ...]:
    """The offsets in the token (as `unquote_offsets`) where its lines after the first start:
    a text block spans lines, and a diagnostic inside it needs the line of its character."""
    raw = str(token)
    if "\n" not in raw:
        return ()
    return tuple(i + 1 for i, c in enumerate(raw) if c == "\n")


class LeafLowerer:
    """Leaf lowering for one file: spans, strings and vocabulary, with their diagnostics."""

    def __init__(self, file: str, sink: Diagnostics, source: str | None = None) -> None:
        self.file = file
        self.sink = sink
        # the file's text, when known: statements written alike are lowered once (lower_stmt)
        self.source = source

    # ── spans and leaves ──────────────────────────────────────────────────────────────────────

    def span(self, node: Node | Token) -> Span:
        """The span of a subtree or token, from the positions lark recorded."""
        if isinstance(node, Token):
            return unchecked_span(
                self.file,
                node.start_pos or 0,
                node.end_pos or 0,
                node.line or 1,
                node.column or 1,
                node.end_line or 1,
                node.end_column or 1,
            )
        return unchecked_span(self.file, *bounds(node))

    def text(self, token: Token) -> s.Text:
        return _text(unquote(token), self.span(token))

    def ref(self, token: Token) -> s.Ref:
        return _ref(unquote(token), self.span(token))

    def number(self, token: Token) -> float:
        return float(token)

    def phrase(self, tree: Node) -> str:
        return " ".join(str(t) for t in tokens(tree))

    # ── vocabulary ────────────────────────────────────────────────────────────────────────────

    def entity(self, tree: Node) -> s.EntityRef | None:
        """A PII phrase or Bedrock name; E203 with the nearest phrase when it is neither."""
        phrase = self.phrase(tree)
        entity = vocabulary(phrase)[1]
        if entity is None:
            self.unknown_entity(phrase, tree, PII_WORDS)
            return None
        return made(s.EntityRef, entity=entity, span=self.span(tree))

    def unknown_entity(self, phrase: str, tree: Node, candidates: list[str]) -> None:
        near = suggest_entity(phrase)
        near = near or nearest(normalise_phrase(phrase), candidates)
        self.sink.emit(
            "E203",
            f"unknown PII entity `{phrase}`",
            self.span(tree),
            note="not a known entity",
            help=f"did you mean `{near}`?" if near else "`guardc explain E203` lists every entity",
        )

    def unknown_filter(self, phrase: str, tree: Node) -> None:
        near = nearest(normalise_phrase(phrase), FILTER_WORDS)
        hint = f"did you mean `{near}`?" if near else None
        if lookup_pii(phrase) is not None:
            hint = f"`{phrase}` is a PII entity: write `block {phrase}` or `mask {phrase}`"
        self.sink.emit(
            "E201",
            f"unknown content filter `{phrase}`",
            self.span(tree),
            note="not a content filter",
            help=hint or "filters are " + ", ".join(f"`{f}`" for f in FILTER_WORDS),
        )

    def strength(self, token: Token) -> Strength | None:
        """`high` → Strength.HIGH; E202 for anything else."""
        word = str(token).lower()
        if word in STRENGTH_WORDS:
            return Strength(word.upper())
        near = nearest(word, STRENGTH_WORDS)
        self.sink.emit(
            "E202",
            f"unknown strength `{token}`",
            self.span(token),
            note="not a strength",
            help=f"did you mean `{near}`?" if near else "strengths are none, low, medium, high",
        )
        return None

    def verb(self, tree: Node) -> tuple[Verb, str]:
        token = tokens(tree)[0]
        return _VERBS[token.type], token.type.lower()

    def direction(self, tree: Node) -> Direction:
        return Direction.INPUT if tokens(tree)[0].type == "INPUT" else Direction.OUTPUT

    def topic_body(self, tree: Node, name: str, span: Span) -> s.TopicDef | None:
        """The `means` / `for example` lines of a topic block (top level or inline)."""
        means = [m for m in trees(tree) if m.data == "means"]
        examples = [self.text(strings(e)[0]) for e in trees(tree) if e.data == "example"]
        if len(means) != 1:
            self.sink.emit(
                "E010",
                f"topic `{name}` has {'more than one' if means else 'no'} `means` line",
                self.span(means[1]) if means else span,
                note="a topic needs exactly one definition",
                help='say what the topic covers in one line: `means "Betting, casinos, odds."`',
            )
            return None
        definition = unquote(strings(means[0])[0])
        return _topic_def(name, definition, tuple(examples), span)

    def word_texts(self, tokens: list[Token]) -> tuple[s.Text, ...]:
        """Words as written, with W203 for a word repeated in the same list (resolve keeps one)."""
        seen: set[str] = set()
        texts: list[s.Text] = []
        for token in tokens:
            text = self.text(token)
            key = text.value.casefold()
            if key in seen:
                self.sink.emit(
                    "W203",
                    f"word `{text.value}` is listed twice",
                    text.span,
                    note="already in this list",
                    help="Bedrock matches words case-insensitively; remove the repetition",
                )
            seen.add(key)
            texts.append(text)
        return tuple(texts)

    def cannot_mask(self, what: str, verb_tree: Node) -> None:
        """E204: `mask` on something Bedrock can only block or detect."""
        self.sink.emit(
            "E204",
            f"{what} cannot be masked",
            self.span(verb_tree),
            note="`mask` works on PII entities and patterns only",
            help="use `block` to stop the text or `detect` to report it",
        )

    def not_applicable(self, clause: str, node: Node | Token) -> None:
        """E011: a strength or `including images` on a rule that has no such setting."""
        self.sink.emit(
            "E011",
            f"{clause} applies to content filters only",
            self.span(node),
            note="not a content filter setting",
            help="PII entities, words, topics and patterns are matched, not scored: remove it",
        )
