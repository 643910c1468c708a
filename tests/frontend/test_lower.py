"""Lowering: the syntax IR a file lowers to, and the vocabulary diagnostics of lowering."""

from __future__ import annotations

import re
import weakref
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lark import Token, Tree

from compiler.diagnostics.sink import Diagnostics
from compiler.frontend import syntax as s
from compiler.frontend.lower import lower
from compiler.frontend.lower_leaves import line_starts, unquote, unquote_offsets
from compiler.frontend.parse import parse
from compiler.literals.text_blocks import STRING_RE, decode
from compiler.vocab import ContentCategory, Direction, PiiType, Strength, Verb

COMPLETE = Path(__file__).parent.parent / "cases" / "ok" / "language-complete" / "input.guard"


def _lower(body: str, *, guardrail: bool = True) -> tuple[s.Module, Diagnostics]:
    text = 'guardrail "g":\n' + body if guardrail else body
    sink = Diagnostics()
    tree = parse(text, "t.guard", sink)
    assert tree is not None, [d.message for d in sink.items]
    return lower(tree, text, "t.guard", sink), sink


def _statements(body: str) -> tuple[list[s.Statement], Diagnostics]:
    module, sink = _lower(body)
    decl = module.items[0]
    assert isinstance(decl, s.GuardrailDecl)
    return list(decl.statements), sink


def _diag(body: str) -> list[tuple[str, int, int, str, str | None]]:
    _, sink = _lower(body)
    return [(d.code, d.span.line, d.span.column, d.message, d.help) for d in sink.sorted()]


def test_complete_file_statement_kinds_in_order() -> None:
    text = COMPLETE.read_text(encoding="utf-8")
    sink = Diagnostics()
    tree = parse(text, "c.guard", sink)
    assert tree is not None
    module = lower(tree, text, "c.guard", sink)
    assert len(sink) == 0
    decl = next(i for i in module.items if isinstance(i, s.GuardrailDecl))
    kinds = [st.kind for st in decl.statements]
    assert kinds == (
        ["description", "key", "tag", "tag", "tier", "cross_region", "message", "message"]
        + ["topic_rule"] * 4
        + ["filter_rule"] * 6
        + ["word_rule"] * 3
        + ["profanity_rule"]
        + ["pii_rule"] * 5
        + ["pattern_rule"] * 2
        + ["grounding_rule"] * 2
        + ["reasoning_rule", "access"]
    )
    test = module.items[-1]
    assert isinstance(test, s.TestBlock)
    assert [e.expect.value for e in test.expectations] == [
        "blocked", "allowed", "masked", "blocked", "blocked", "blocked", "allowed", "detected",
    ]  # fmt: skip
    grounded = test.expectations[6]
    assert grounded.grounding_source == "Refunds are processed within 30 days."
    assert grounded.query == "How long do refunds take?"


def test_sides_are_kept_as_written() -> None:
    (st,), _ = _statements("  block email addresses on input, mask on output\n")
    assert isinstance(st, s.PiiStmt)
    assert [(x.direction, x.verb, x.strength) for x in st.sides] == [
        (Direction.INPUT, None, None),
        (Direction.OUTPUT, Verb.MASK, None),
    ]
    (flt,), _ = _statements("  filter insults at medium on output, at low on input\n")
    assert isinstance(flt, s.FilterStmt)
    assert flt.strength is Strength.MEDIUM
    assert [(x.direction, x.strength) for x in flt.sides] == [
        (Direction.OUTPUT, None),
        (Direction.INPUT, Strength.LOW),
    ]


def test_detect_chooses_filter_or_entity_by_phrase() -> None:
    sts, sink = _statements(
        "  detect violence at low\n  detect names\n  detect PROMPT_ATTACK at high\n"
    )
    assert len(sink) == 0
    assert [type(x).__name__ for x in sts] == ["FilterStmt", "PiiStmt", "FilterStmt"]
    assert isinstance(sts[2], s.FilterStmt) and sts[2].category is ContentCategory.PROMPT_ATTACK


def test_filter_list_becomes_one_statement_per_filter() -> None:
    sts, _ = _statements("  filter hate, insults at high\n")
    assert [x.category for x in sts if isinstance(x, s.FilterStmt)] == [
        ContentCategory.HATE,
        ContentCategory.INSULTS,
    ]


def test_bedrock_names_are_accepted() -> None:
    (st,), sink = _statements("  block US_SOCIAL_SECURITY_NUMBER, credit card numbers\n")
    assert len(sink) == 0
    assert isinstance(st, s.PiiStmt)
    assert [e.entity for e in st.entities] == [
        PiiType.US_SOCIAL_SECURITY_NUMBER,
        PiiType.CREDIT_DEBIT_CARD_NUMBER,
    ]


def test_unknown_entity_gets_did_you_mean_with_position() -> None:
    assert _diag("  filter hate at high\n  block credit card numbrs\n") == [
        (
            "E203",
            3,
            9,
            "unknown PII entity `credit card numbrs`",
            "did you mean `credit card numbers`?",
        )
    ]


def test_detect_unknown_phrase_suggests_from_both_vocabularies() -> None:
    # a strength, or a near miss of a filter, makes it a filter; otherwise a PII entity
    ((code, _, _, _, hint),) = _diag("  detect violense at low\n")
    assert (code, hint) == ("E201", "did you mean `violence`?")
    ((code, _, _, _, hint),) = _diag("  detect violense\n")
    assert (code, hint) == ("E201", "did you mean `violence`?")
    ((code, _, _, _, hint),) = _diag("  detect emial addresses\n")
    assert (code, hint) == ("E203", "did you mean `email addresses`?")


def test_unknown_filter_and_strength() -> None:
    assert [(c, h) for c, _, _, _, h in _diag("  filter hatred at high\n")] == [
        ("E201", "did you mean `hate`?")
    ]
    assert [(c, h) for c, _, _, _, h in _diag("  filter hate at hihg\n")] == [
        ("E202", "did you mean `high`?")
    ]
    ((code, _, _, _, hint),) = _diag("  filter names at high\n")
    assert code == "E201" and hint is not None and "PII entity" in hint


@pytest.mark.parametrize(
    "line",
    [
        "mask hate at high",
        'mask word "x"',
        'mask words "a", "b"',
        "mask profanity",
        "block profanity on input, mask on output",
        'deny topic "X" on input, mask on output',
        "filter hate at high on input, mask on output",
    ],
)
def test_mask_where_bedrock_cannot_anonymise(line: str) -> None:
    assert [c for c, *_ in _diag(f"  {line}\n")] == ["E204"]


def test_mask_is_fine_on_pii_and_patterns() -> None:
    body = '  mask names\n  mask pattern "p" matching "x+"\n  mask pii group "g" on output\n'
    assert _diag(body) == []


def test_repeated_word_in_one_list_warns() -> None:
    assert [(c, ln, col) for c, ln, col, *_ in _diag('  block words "Zeus", "zeus"\n')] == [
        ("W203", 2, 23)
    ]


def test_strings_keep_backslashes_except_escapes() -> None:
    module, _ = _lower('pattern "p" matching "EMP-\\d{6}\\\\ \\"q\\""\n', guardrail=False)
    (pattern,) = module.items
    assert isinstance(pattern, s.PatternDef)
    assert pattern.regex == 'EMP-\\d{6}\\ "q"'


def test_unquote() -> None:
    from lark import Token

    assert unquote(Token("STRING", r'"a\"b\\c\d"')) == 'a"b\\c\\d'


def test_access_block_and_duplicate_line() -> None:
    sts, sink = _statements(
        '  access:\n    account "111122223333"\n    pin version 3\n    account "2"\n'
    )
    (access,) = sts
    assert isinstance(access, s.AccessStmt)
    assert access.account is not None and access.account.value == "111122223333"
    assert access.version is not None and access.version.value == "3"
    ((code, line, _, _, _),) = [(d.code, d.span.line, 0, "", "") for d in sink.items]
    assert (code, line) == ("E206", 5)


def test_statement_spans_cover_their_line_only() -> None:
    sts, _ = _statements("  block profanity   # trailing\n  filter hate at high\n")
    first, second = (x.span for x in sts)
    assert (first.line, first.column, first.end_line, first.end_column) == (2, 3, 2, 18)
    assert (second.line, second.end_line, second.end_column) == (3, 3, 22)


def test_lowering_lets_go_of_each_item_of_the_tree() -> None:
    # a big file's tree is larger than its module: the two are never held in full together
    text = COMPLETE.read_text(encoding="utf-8")
    tree = parse(text, "t.guard", Diagnostics())
    assert tree is not None
    items = [weakref.ref(child) for child in tree.children if isinstance(child, Tree)]
    module = lower(tree, text, "t.guard", Diagnostics())
    assert len(module.items) == len(items) > 3
    assert [ref() for ref in items] == [None] * len(items)


_PARTS = st.sampled_from(["a", " ", "\\", '"', "\n", "d", "{6}", '\\"', "\\\\", "é"])


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(_PARTS, max_size=12).map("".join), st.booleans())
def test_strings_without_escapes_skip_the_decoder(body: str, block: bool) -> None:
    """unquote, unquote_offsets and line_starts answer a literal with no escaped quote or
    backslash without decoding it: the same answers as decoding."""
    raw = f'"""{body}"""' if block else f'"{body}"'
    if not re.fullmatch(STRING_RE, raw):
        return  # not a literal the lexer makes
    token = Token("STRING", raw)
    value, offsets = decode(raw)
    assert unquote(token) == value
    assert unquote_offsets(token) == offsets
    assert line_starts(token) == tuple(i + 1 for i, c in enumerate(raw) if c == "\n")
