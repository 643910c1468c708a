"""Text blocks (`\"\"\"...\"\"\"`): line breaks in strings and strings continued across lines."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compiler.diagnostics.sink import Diagnostics
from compiler.frontend.fmt import comments, format_source, quote
from compiler.frontend.lower import lower
from compiler.frontend.parse import parse
from compiler.frontend.resolve import resolve
from compiler.literals.text_blocks import STRING_RE, decode, encode_block

Q = '"""'


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ('"plain"', "plain"),
        (r'"a\"b\\c\d"', 'a"b\\c\\d'),
        (f"{Q}one line{Q}", "one line"),
        (f"{Q}\n    Sorry.\n    Please call us.{Q}", "Sorry.\nPlease call us."),
        (f"{Q}\n    Sorry.\n    Please call us.\n  {Q}", "Sorry.\nPlease call us."),
        (f"{Q}First\n      second\n        third{Q}", "First\nsecond\n  third"),
        (f"{Q}Betting, casinos \\\n      and poker.{Q}", "Betting, casinos and poker."),
        (f"{Q}ends in a backslash \\\\\n  next{Q}", "ends in a backslash \\\nnext"),
        (f'{Q}a "quoted" word and \\"""{Q}', 'a "quoted" word and """'),
        (f"{Q}\n  para one\n\n  para two{Q}", "para one\n\npara two"),
    ],
)
def test_values(raw: str, value: str) -> None:
    decoded, offsets = decode(raw)
    assert decoded == value
    assert len(offsets) == len(decoded) + 1
    assert offsets == tuple(sorted(offsets))  # in source order


_values = st.lists(st.text(st.sampled_from('ab "\\#:'), max_size=8), min_size=2, max_size=4).map(
    "\n".join
)


@given(_values)
@settings(max_examples=300)
def test_a_value_is_written_as_a_block_that_reads_back_or_refused(value: str) -> None:
    block = encode_block(value, "    ")
    lines = value.split("\n")
    rest = [line for line in lines[1:] if line.strip()]
    sayable = bool(lines[0].strip() and lines[-1].strip()) and not all(
        line.startswith((" ", "\t")) for line in rest
    )
    assert (block is not None) == sayable
    if block is not None:
        assert decode(block)[0] == value
        assert decode(quote(value))[0] == value


def _message(source: str) -> str:
    sink = Diagnostics()
    tree = parse(source, "a.guard", sink)
    assert tree is not None, sink.sorted()
    policy = resolve({"a.guard": lower(tree, source, "a.guard", sink)}, ["a.guard"], sink)
    assert [d.code for d in sink.sorted() if d.code.startswith("E")] == []
    g = policy.guardrail("g")
    assert g is not None and g.blocked_input_message is not None
    return g.blocked_input_message


@given(_values.filter(lambda v: encode_block(v, "") is not None))
@settings(max_examples=100, deadline=None)
def test_a_message_written_by_fmt_parses_back(value: str) -> None:
    source = f'guardrail "g":\n  on blocked input say {quote(value)}\n  filter hate at high\n'
    assert _message(source) == value


SOURCE = f"""topic "Gambling":
  means {Q}Betting, casinos, odds or wagering strategies, including sports \\
    betting and online poker.{Q}
  for example "Which casino pays out the most?"

guardrail "g":
  on blocked input say {Q}
    Sorry, I can't help with that.
    # this line is text, not a comment
    Please contact support.{Q}  # a real comment
  deny topic "Gambling"
"""


def test_the_language_reads_text_blocks() -> None:
    sink = Diagnostics()
    tree = parse(SOURCE, "a.guard", sink)
    assert tree is not None
    policy = resolve({"a.guard": lower(tree, SOURCE, "a.guard", sink)}, ["a.guard"], sink)
    g = policy.guardrail("g")
    assert g is not None
    assert g.blocked_input_message == (
        "Sorry, I can't help with that.\n# this line is text, not a comment\n"
        "Please contact support."
    )
    (topic,) = g.topics
    assert topic.topic.definition == (
        "Betting, casinos, odds or wagering strategies, including sports betting and online poker."
    )


def test_fmt_keeps_text_blocks_as_written_and_finds_only_real_comments() -> None:
    sink = Diagnostics()
    tree = parse(SOURCE, "a.guard", sink)
    assert tree is not None
    assert format_source(lower(tree, SOURCE, "a.guard", sink), SOURCE) == SOURCE
    assert [c.text for c in comments(SOURCE)] == ["# a real comment"]


def test_fmt_reindents_a_text_block_with_its_statement() -> None:
    messy = (
        f'guardrail "g":\n      on blocked input say {Q}\n          One.\n          Two.{Q}\n'
        "      filter hate at high\n"
    )
    sink = Diagnostics()
    tree = parse(messy, "a.guard", sink)
    assert tree is not None
    out = format_source(lower(tree, messy, "a.guard", sink), messy)
    assert out == (
        f'guardrail "g":\n  on blocked input say {Q}\n    One.\n    Two.{Q}\n'
        "  filter hate at high\n"
    )
    assert _message(out) == _message(messy) == "One.\nTwo."


@pytest.mark.parametrize(
    "text",
    [
        '"plain"',
        r'"a\"b"',
        '"two\nlines"',
        f"{Q}block\n  text{Q}",
        f'{Q}a "quote" and \\"""{Q}',
        f"{Q}unterminated",
        '"" ""',
    ],
)
def test_string_re_is_the_grammars_string_terminal(text: str) -> None:
    """blocks.py and fmt read strings with STRING_RE: it must find what the lexer finds."""
    import re

    from compiler.frontend.parse import parser

    lark, _ = parser()
    (terminal,) = [t for t in lark.terminals if t.name == "STRING"]
    ours = re.compile(STRING_RE).match(text)
    lexer = re.compile(terminal.pattern.value).match(text)
    assert (ours and ours.group()) == (lexer and lexer.group())
