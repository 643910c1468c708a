"""Stage 2: Lark parse tree → syntax IR (`syntax.Module`), one file at a time.

Lowering maps the closed vocabularies (content filters, PII phrases, strengths, verbs) to enums
and reports words it does not know (E201 filter, E202 strength, E203 entity, with a "did you
mean"), `mask` where Bedrock cannot anonymise (E204) and clauses that do not apply. Names of
definitions stay strings; `resolve` binds them. Each lowering method is named after its grammar
rule; statements are lowered in `lower_stmt.py`. The Lark tree never leaves `parse.py`,
`syntax_errors.py` and these two modules.
"""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token, Tree

from .. import ir
from ..diagnostics.sink import Diagnostics, Label
from ..diagnostics.span import Span
from ..vocab import ContentCategory, Expect, PiiType, RuleKind, lookup_filter, lookup_pii
from . import syntax as s
from .blocks import Streamed
from .construct import maker
from .lower_leaves import (
    PII_WORDS,
    child,
    line_starts,
    strings,
    tokens,
    trees,
    unquote,
    unquote_offsets,
)
from .lower_monitoring import MonitoringLowerer
from .lower_stmt import StatementLowerer

Node = Tree[Token]
# the nodes made once per item of a big file, by position (`construct.maker`)
_word_list_def = maker(s.WordListDef, "name", "words", "span")
_pattern_def = maker(s.PatternDef, *s.PATTERN_FIELDS, "span")
_guardrail_decl = maker(s.GuardrailDecl, "name", "extends", "statements", "span")
_test_block = maker(s.TestBlock, "name", "guardrail", "expectations", "span")
_expectation = maker(
    ir.Expectation,
    "source",
    "text",
    "grounding_source",
    "query",
    "expect",
    "by",
    "masked_as",
    "span",
)
_rule_ref = maker(ir.RuleRef, "rule", "target", "span")
# an outcome's and a rule reference's enum by the grammar rule's name (an enum looked up by
# value is a call through its metaclass, for every test line)
_EXPECTS = {expect.value: expect for expect in Expect}
_RULE_KINDS = {f"ref_{kind.value}": kind for kind in RuleKind}


def lower(tree: Node, text: str, file: str, sink: Diagnostics) -> s.Module:
    """Lower the parse tree of `text` (file `file`) to a `syntax.Module`, reporting unknown
    vocabulary to `sink`. Items that cannot be lowered are left out.

    The tree is consumed: each item's subtree is let go once it is lowered, so a big file's
    tree and module are never both held in full (the tree is the larger of the two)."""
    lowerer = _Lowerer(file, sink, text)
    items: list[s.TopLevel] = []
    for node in _consumed(tree):
        if isinstance(node, Tree):
            item = lowerer.item(node)
            if item is not None:
                items.append(item)
    return s.Module(file=file, items=tuple(items), span=Span.point(file, text, 0, len(text)))


def _consumed(tree: Node) -> Iterator[Node | Token]:
    """The items of `tree`, each let go before the next is made or lowered (a tree parsed by
    blocks makes them a piece at a time)."""
    if isinstance(tree, Streamed):
        yield from tree.stream()
        return
    pending, tree.children = tree.children[::-1], []
    while pending:
        yield pending.pop()


_ENV_WORDS = {
    "account": "account",
    "region": "region",
    "suffix": "name suffix",
    "key": "encrypt with key",
}


def _literal(token: Token) -> str | float:
    """A parameter's value as written: a string, or a number."""
    return unquote(token) if token.type == "STRING" else float(token)


class _Lowerer(StatementLowerer, MonitoringLowerer):
    """Lowers the items of one file; every method is named after the grammar rule it lowers."""

    # ── top level ─────────────────────────────────────────────────────────────────────────────

    def item(self, tree: Node) -> s.TopLevel | None:
        """One top-level item."""
        match tree.data:
            case "use":
                return self.use(tree)
            case "topic_def":
                return self.topic_def(tree)
            case "words_def":
                return self.words_def(tree)
            case "pii_group_def":
                return self.pii_group_def(tree)
            case "pattern_def":
                return self.pattern_def(tree)
            case "guardrail":
                return self.guardrail(tree)
            case "test_block":
                return self.test_block(tree)
            case "parameter_def":
                name, value = tokens(tree)
                return s.ParameterDef(
                    name=unquote(name), value=_literal(value), span=self.span(tree)
                )
            case "environment_def":
                return self.environment_def(tree)
            case "logging_block":
                return self.logging_block(tree)
            case "alarms_block":
                return self.alarms_block(tree)
        raise AssertionError(f"unhandled item {tree.data}")  # grammar and lowering disagree

    def environment_def(self, tree: Node) -> s.EnvironmentDef:
        """`environment "prod":` and its lines; a single-valued line given twice is E206."""
        fields: dict[str, object] = {}
        first: dict[str, Node] = {}
        tags: list[tuple[str, s.Text]] = []
        sets: list[s.EnvSet] = []
        for line in trees(tree):
            kind = line.data.removeprefix("env_")
            if kind == "tag":
                key, value = tokens(line)
                name = unquote(key) if key.type == "STRING" else str(key)
                tags.append((name, self.text(value)))
            elif kind == "set":
                name, value = tokens(line)
                sets.append(
                    s.EnvSet(name=unquote(name), value=_literal(value), span=self.span(line))
                )
            elif kind in first:
                self.sink.emit(
                    "E206",
                    f"`{_ENV_WORDS[kind]}` is given twice in `environment:`",
                    self.span(line),
                    note="second line",
                    labels=(Label(span=self.span(first[kind]), message="first given here"),),
                    help="keep one line",
                )
            else:
                first[kind] = line
                fields[kind] = self.text(strings(line)[0])
        return s.EnvironmentDef.model_validate(
            {
                "name": unquote(strings(tree)[0]),
                **fields,
                "tags": tuple(tags),
                "sets": tuple(sets),
                "span": self.span(tree),
            }
        )

    def use(self, tree: Node) -> s.Use:
        module = child(tree, "module_name")
        if module is not None:
            target = ".".join(str(t) for t in tokens(module))
            return s.Use(target=target, is_path=False, span=self.span(tree))
        return s.Use(target=unquote(strings(tree)[0]), is_path=True, span=self.span(tree))

    def topic_def(self, tree: Node) -> s.TopicDef | None:
        name = strings(tree)[0]
        return self.topic_body(tree, unquote(name), self.span(tree))

    def words_def(self, tree: Node) -> s.WordListDef:
        name, *words = strings(tree)
        texts = self.word_texts(words)
        return _word_list_def(unquote(name), texts, self.span(tree))

    def pii_group_def(self, tree: Node) -> s.PiiGroupDef:
        name = unquote(strings(tree)[0])
        entities = [e for p in trees(tree) if (e := self.entity(p)) is not None]
        return s.PiiGroupDef(name=name, entities=tuple(entities), span=self.span(tree))

    def pattern_def(self, tree: Node) -> s.PatternDef:
        name, regex = strings(tree)
        described = child(tree, "described")
        return _pattern_def(
            unquote(name),
            unquote(regex),
            unquote(strings(described)[0]) if described is not None else None,
            self.span(regex),
            unquote_offsets(regex),
            line_starts(regex),
            self.span(tree),
        )

    def guardrail(self, tree: Node) -> s.GuardrailDecl:
        extends: Node | None = None
        name: Token | None = None
        statements: list[s.Statement] = []
        remembered, lowered = self.remembered, self.lowered  # (`statement`, for every line)
        for node in tree.children:  # one pass: its name, its `extends` and its statements
            if isinstance(node, Tree):
                if node.data != "extends":
                    statements.extend(remembered(node, lowered))
                elif extends is None:
                    extends = node
            elif name is None and node.type == "STRING":
                name = node
        assert name is not None  # the grammar gives every guardrail a name
        return _guardrail_decl(
            unquote(name),
            self.ref(strings(extends)[0]) if extends is not None else None,
            tuple(statements),
            self.span(tree),
        )

    def test_block(self, tree: Node) -> s.TestBlock:
        name, guardrail = strings(tree)
        expectations = [e for c in trees(tree) if (e := self.expectation(c)) is not None]
        return _test_block(unquote(name), self.ref(guardrail), tuple(expectations), self.span(tree))

    def expectation(self, tree: Node) -> ir.Expectation | None:
        """`input "..." [given ...] is blocked by RULE` (remembered, as statements are)."""
        lowered = self.remembered(tree, self.lowered_expectation)
        return lowered[0] if lowered else None

    def lowered_expectation(self, tree: Node, span: Span) -> list[ir.Expectation]:
        """`expectation`, worked out."""
        direction, text = child(tree, "direction"), strings(tree)[0]
        assert direction is not None
        given_source = given_query = None
        outcome: Node | None = None
        for part in trees(tree):
            if part.data == "given_source":
                values = [unquote(t) for t in strings(part)]
                given_source = values[0]
                given_query = values[1] if len(values) > 1 else None
            elif part.data == "given_query":
                given_query = unquote(strings(part)[0])
            elif part.data in ("allowed", "blocked", "masked", "detected"):
                outcome = part
        assert outcome is not None
        by: ir.RuleRef | None = None
        ref = child(outcome, "rule_ref") or next(trees(outcome), None)
        if ref is not None:
            by = self.rule_ref(ref)
            if by is None:
                return []
        masked = strings(outcome)
        expectation = _expectation(
            self.direction(direction),
            unquote(text),
            given_source,
            given_query,
            _EXPECTS[outcome.data],
            by,
            unquote(masked[0]) if outcome.data == "masked" else None,
            span,
        )
        return [expectation]

    def rule_ref(self, tree: Node) -> ir.RuleRef | None:
        """`topic "X"`, `filter F`, `word "W"`, `profanity`, `pii E`, `pattern "N"`, ..."""
        span = self.span(tree)
        kind = _RULE_KINDS[tree.data]
        texts = strings(tree)
        phrase = next(trees(tree), None)
        if kind is RuleKind.FILTER and phrase is not None:
            category: ContentCategory | None = lookup_filter(self.phrase(phrase))
            if category is None:
                self.unknown_filter(self.phrase(phrase), phrase)
                return None
            return ir.RuleRef(rule=kind, target=category.value, span=span)
        if kind is RuleKind.PII and phrase is not None:
            entity: PiiType | None = lookup_pii(self.phrase(phrase))
            if entity is None:
                self.unknown_entity(self.phrase(phrase), phrase, PII_WORDS)
                return None
            return ir.RuleRef(rule=kind, target=entity.value, span=span)
        return _rule_ref(kind, unquote(texts[0]) if texts else "", span)
