"""Completion: what the grammar accepts at the cursor, asked of the front end's own parser.

The top-level item around the cursor is fed to lark's interactive LALR parser up to the cursor
(the word or string being typed left out); the terminals the parser then accepts say what may
come: a keyword (offered as itself), a bare phrase (after `block`, `mask`, `detect`, `filter`:
the PII and filter phrases of `vocab.py`; after `at`: the strengths; after `use`: the standard
library's modules) or a quoted name (after `topic`, `from`, `group`, `pattern`, `extends` and a
test's `for`: the names of that kind the module sees).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lark import Token
from lark.exceptions import UnexpectedInput

from ..frontend.parse import parser
from ..pipeline import STDLIB_PACKAGE
from ..vocab import FILTER_PHRASES, PII_PHRASES, Strength
from .analysis import Workspace

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_SENTINEL = "\0"  # no terminal matches it: the lexer stops there, before the end's dedents
_VERBS = {"BLOCK", "MASK", "DETECT", "FILTER"}
# the keyword before a quoted name → the kind of definition the name refers to
_NAMED = {"TOPIC": "topic", "FROM": "words", "GROUP": "pii_group", "PATTERN": "pattern"}
_GUARDRAIL_AFTER = {"EXTENDS", "FOR"}


@dataclass(frozen=True)
class Item:
    """One completion: the text inserted over [start, offset), and what kind of thing it is."""

    label: str
    kind: str  # keyword, pii, filter, strength, module, topic, words, pii_group, pattern, guardrail
    start: int  # offset in the buffer where the replaced text begins
    insert: str


@cache
def keywords() -> dict[str, str]:
    """The grammar's keyword terminals: name → word (`BLOCK` → `block`)."""
    lark, _ = parser()
    return {
        t.name: str(t.pattern.value).lower()
        for t in lark.terminals
        if t.pattern.type == "str" and str(t.pattern.value).isalpha()
    }


def stdlib_modules() -> list[str]:
    """`stdlib.topics`, ...: the modules `use` can name."""
    folder = resources.files(STDLIB_PACKAGE)
    return sorted(
        "stdlib." + p.name.removesuffix(".guard")
        for p in folder.iterdir()
        if p.name.endswith(".guard")
    )


def _accepted(prefix: str) -> tuple[set[str], list[Token]]:
    """The terminals the parser accepts after `prefix`, and the tokens it read."""
    lark, _ = parser()
    interactive = lark.parse_interactive(prefix + _SENTINEL)
    tokens: list[Token] = []
    try:
        for token in interactive.iter_parse():
            tokens.append(token)
    except UnexpectedInput:
        pass
    if tokens:  # the token that failed was yielded but never fed
        last = tokens[-1]
        if last.start_pos is not None and last.start_pos >= len(prefix):
            tokens.pop()
    try:
        return set(interactive.accepts()), tokens  # type: ignore[no-untyped-call]
    except UnexpectedInput:
        return set(), tokens


def complete(ws: Workspace, display: str, offset: int) -> list[Item]:
    """What may be written at `offset` of the open buffer `display`."""
    text = ws.buffers.get(display)
    found = ws.chunker.at(display, offset)
    if text is None or found is None:
        return []
    _, place = found
    head = text[place.offset : offset]
    line = head[head.rfind("\n") + 1 :]
    quoted = line.count('"') % 2 == 1  # inside a string being typed
    word = _WORD.search(head)
    typed = line[line.rfind('"') :] if quoted else word.group() if word else ""
    prefix = head[: len(head) - len(typed)]
    accepted, read = _accepted(prefix)
    tokens = [tok for tok in read if not tok.type.startswith("_")]  # no layout
    start = offset - len(typed)
    if quoted:
        return _names(ws, display, accepted, tokens, start)
    items = [
        Item(word, "keyword", start, word)
        for name, word in sorted(keywords().items(), key=lambda kv: kv[1])
        if name in accepted
    ]
    if "NAME" in accepted:
        items += _phrases(tokens, prefix, place.offset, start)
    return items


def _phrases(tokens: list[Token], prefix: str, base: int, start: int) -> list[Item]:
    """Bare words: a phrase being typed (its earlier words are replaced too), a strength, a
    module name."""
    words = 0
    while words < len(tokens) and tokens[len(tokens) - 1 - words].type == "NAME":
        words += 1
    before = tokens[len(tokens) - 1 - words].type if words < len(tokens) else ""
    if words:  # replace the phrase's earlier words as well: `credit ca` → `credit card numbers`
        first = tokens[len(tokens) - words].start_pos or 0
        start = base + first
    if before == "AT":
        return [Item(s.value.lower(), "strength", start, s.value.lower()) for s in Strength]
    if before == "USE" or (before == "DOT" and tokens[0].type == "USE"):
        start = base + (tokens[1].start_pos or 0) if len(tokens) > 1 else start
        return [Item(m, "module", start, m) for m in stdlib_modules()]
    group = [tok.type for tok in tokens[:2]] == ["PII", "GROUP"]  # `pii group "x": phrases`
    if before in _VERBS or before in ("COMMA", "PII", "FILTER") or (group and before == "COLON"):
        pii = [Item(p, "pii", start, p) for p in sorted(PII_PHRASES)]
        filters = [Item(f, "filter", start, f) for f in FILTER_PHRASES]
        return filters + pii
    return []


def _names(
    ws: Workspace, display: str, accepted: set[str], tokens: list[Token], start: int
) -> list[Item]:
    """Quoted names of the kind the keyword before the string refers to."""
    if "STRING" not in accepted or not tokens:
        return []
    before = tokens[-1].type
    kind = "guardrail" if before in _GUARDRAIL_AFTER else _NAMED.get(before)
    if before == "FOR" and tokens[0].type != "TEST":
        kind = None
    if [tok.type for tok in tokens] in (["TOPIC"], ["PATTERN"], ["PII", "GROUP"]):
        kind = None  # a definition's own name
    if kind is None:
        return []
    names = sorted(name for k, name in ws.definitions(display) if k == kind)
    return [Item(name, kind, start, f'"{name}"') for name in names]
