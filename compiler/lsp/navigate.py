"""What a name under the cursor refers to (go to definition), and a buffer's outline (document
symbols). Both read the syntax nodes of the front end (`analysis.Workspace.nodes_at`)."""

from __future__ import annotations

from dataclasses import dataclass

from ..diagnostics.span import Span
from ..frontend import syntax as s
from ..frontend.resolve import conventional_links
from ..ir import Expectation, RuleRef
from ..vocab import RuleKind
from .analysis import Definition, Node, Workspace


@dataclass(frozen=True)
class Target:
    """Where a reference leads: a definition in a module, or a whole module (`use`)."""

    module: str  # display name
    span: Span | None  # placed; None for the top of the module
    definition: Definition | None = None


def reference(chain: list[Node]) -> tuple[str, str, Span] | None:
    """The (kind, name, span) of the reference innermost in `chain`, if it is one: `deny topic
    "X"`, `words from "X"`, `pii group "X"`, `pattern "X"`, `extends "X"`, `for "X"` of a test,
    `by topic "X"` / `by pattern "X"` of an expectation. A definition's own header counts as a
    reference to itself (a guardrail's only outside its statements)."""
    if not chain:
        return None
    for node, parent in reversed(list(zip(chain, [None, *chain[:-1]], strict=True))):
        if isinstance(node, s.Ref):
            kind = _ref_kind(parent, node)
            if kind is not None:
                return kind, node.name, node.span
        if isinstance(node, RuleRef) and node.rule in (RuleKind.TOPIC, RuleKind.PATTERN):
            return str(node.rule.value), node.target, node.span
        if isinstance(node, s.TopicDef | s.WordListDef | s.PiiGroupDef | s.PatternDef):
            return node.kind, node.name, node.span
        if isinstance(node, s.GuardrailDecl) and node is chain[-1]:
            return "guardrail", node.name, node.span
        if isinstance(node, Expectation | s.TopicStmt | s.PatternStmt):
            continue
    return None


def _ref_kind(parent: Node | None, ref: s.Ref) -> str | None:
    match parent:
        case s.TopicStmt(topic=topic) if topic is ref:
            return "topic"
        case s.WordStmt(from_list=words) if words is ref:
            return "words"
        case s.PiiStmt(group=group) if group is ref:
            return "pii_group"
        case s.PatternStmt(pattern=pattern) if pattern is ref:
            return "pattern"
        case s.GuardrailDecl(extends=base) if base is ref:
            return "guardrail"
        case s.TestBlock(guardrail=guardrail) if guardrail is ref:
            return "guardrail"
    return None


def definition(ws: Workspace, display: str, offset: int) -> Target | None:
    """Where the name at `offset` of `display` is defined, or the module a `use` there reads."""
    chain = ws.nodes_at(display, offset)
    if not chain:
        return None
    top = chain[0]
    if isinstance(top, s.Use):
        return used(ws, display, top)
    found = reference(chain)
    if found is None:
        return None
    kind, name, _ = found
    seen = ws.definitions(display).get((kind, name))
    if seen is None:
        return None
    node, module = seen
    return Target(module, ws.span(node.span), node)


def used(ws: Workspace, display: str, use: s.Use) -> Target | None:
    analysis = ws.analyses.get(display)
    if analysis is None:
        return None
    target = conventional_links(analysis.loaded.modules).get(display, {}).get(use.target)
    return Target(target, None) if target is not None else None


@dataclass(frozen=True)
class Symbol:
    """One entry of a buffer's outline."""

    name: str
    kind: str  # guardrail, topic, words, pii group, pattern, test
    span: Span  # placed
    children: tuple[Symbol, ...] = ()


def symbols(ws: Workspace, display: str) -> list[Symbol]:
    """The outline of `display`: guardrails (with their inline topics), topics, word lists, PII
    groups, patterns and tests, in source order."""
    out: list[Symbol] = []
    for chunk in ws.chunker.chunks.get(display, []):
        for item in chunk.items:
            symbol = _symbol(ws, item)
            if symbol is not None:
                out.append(symbol)
    return out


def _symbol(ws: Workspace, item: s.TopLevel) -> Symbol | None:
    match item:
        case s.GuardrailDecl():
            inline = tuple(
                Symbol(st.inline.name, "topic", ws.span(st.inline.span))
                for st in item.statements
                if isinstance(st, s.TopicStmt) and st.inline is not None
            )
            return Symbol(item.name, "guardrail", ws.span(item.span), inline)
        case s.TestBlock():
            return Symbol(item.name, "test", ws.span(item.span))
        case s.TopicDef() | s.WordListDef() | s.PiiGroupDef() | s.PatternDef():
            return Symbol(item.name, item.kind.replace("_", " "), ws.span(item.span))
    return None
