"""Naming syntax errors: a catalogue of known mistakes and generic rules, instead of lark's
"unexpected token".

This is lark's `match_examples` idea with the index built once: every malformed example in the
catalogue is parsed a single time, and the parser state (and token kind) where it fails names the
entry. A real error in the same state gets that entry's message and hint. Errors no example covers
fall back to generic rules keyed on what the parser expected (a string, a number, a block, a
statement keyword...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedToken

from ..diagnostics.sink import nearest


@dataclass(frozen=True)
class Found:
    """What a syntax error is called: its code, message, caret note and hint, and what the parser
    blanks to recover (`line`: the offending line and its block; `header`: the line before it,
    whose block is missing)."""

    code: str
    message: str
    note: str | None = None
    help: str | None = None
    blank: str = "line"


class Mistake(NamedTuple):
    """A catalogue entry (all E001): `{found}` in the message names the token met."""

    message: str
    note: str
    help: str
    examples: tuple[str, ...]


MISALIGNED = "misaligned"  # the value of an _INDENT made by dedenting to no open block's level

_G = 'guardrail "g":\n  '
_T = 'test "t" for "g":\n  '

CATALOGUE: tuple[Mistake, ...] = (
    Mistake(
        "missing strength after `at`",
        "a strength goes here",
        "strengths are `none`, `low`, `medium` and `high`: `filter hate at high`",
        (_G + "filter hate at\n", _G + "filter hate at on input\n"),
    ),
    Mistake(
        "missing `at least` before the threshold",
        "expected `at least` here",
        "write `require grounding at least 0.7`",
        (
            _G + "require grounding 0.7\n",
            _G + "require relevance 0.7\n",
            _G + "detect grounding 0.5\n",
            _G + "detect relevance 0.5\n",
        ),
    ),
    Mistake(
        "missing `say` before the message",
        "expected `say` here",
        'write `on blocked input say "..."`',
        (_G + 'on blocked input "x"\n',),
    ),
    Mistake(
        "expected `input` or `output`, found {found}",
        "a direction goes here",
        "directions are `input` (the user's prompt) and `output` (the model's answer)",
        (_G + 'on blocked say "x"\n', _G + "block names on\n", _G + "block names on nowhere\n"),
    ),
    Mistake(
        "missing `=` between tag key and value",
        "expected `=` here",
        'write `tag team = "support"`; a key with spaces goes in quotes:'
        ' `tag "cost center" = "42"`',
        (_G + 'tag team "x"\n', _G + 'tag cost center = "x"\n'),
    ),
    Mistake(
        'test block without `for "GUARDRAIL"`',
        "expected `for` here",
        'name the guardrail under test: `test "basics" for "support-bot":`',
        ('test "t":\n  input "x" is allowed\n',),
    ),
    Mistake(
        "missing `is` before the expectation",
        "expected `is` here",
        'write `input "..." is blocked`',
        (_T + 'input "x" allowed\n', _T + 'input "x" blocked\n'),
    ),
    Mistake(
        "unknown expectation {found}",
        "expected an expectation here",
        'expectations are `is allowed`, `is blocked [by RULE]`, `is masked as "..."` and '
        "`is detected by RULE`",
        (_T + 'input "x" is denied\n', _T + 'input "x" is\n'),
    ),
    Mistake(
        "missing `as` after `masked`",
        "expected `as` here",
        'write `is masked as "text with {EMAIL}"`',
        (_T + 'output "x" is masked "y"\n',),
    ),
    Mistake(
        "unknown rule kind {found}",
        "a rule goes here",
        'a rule is `topic "N"`, `filter F`, `word "W"`, `profanity`, `pii ENTITY`, `pattern "N"`, '
        "`grounding` or `relevance`",
        (_T + 'input "x" is blocked by gambling\n', _T + 'input "x" is detected by\n'),
    ),
    Mistake(
        "missing `matching` before the regular expression",
        "expected `matching` here",
        'write `pattern "employee id" matching "EMP-\\d{6}"`',
        ('pattern "n" "x"\n', 'pattern "n"\n'),
    ),
    Mistake(
        "missing `group` after `pii`",
        "expected `group` here",
        'write `pii group "name": phrase, phrase` or `block pii group "name"`',
        ('pii "x": names\n', _G + 'block pii "x"\n'),
    ),
    Mistake(
        "expected `classic` or `standard`, found {found}",
        "a tier goes here",
        "write `tier classic` or `tier standard`",
        (_G + "tier premium\n", _G + "tier\n"),
    ),
    Mistake(
        "expected a version number or `draft`, found {found}",
        "a version goes here",
        "write `pin version 3` or `pin version draft`",
        (_G + "access:\n    pin version latest\n",),
    ),
    Mistake(
        "unknown `use` target {found}",
        "a module goes here",
        'write `use stdlib.pii` or `use "path/to/file.guard"`',
        ("use\n", "use stdlib.\n"),
    ),
    Mistake(
        "missing `by` before the rule",
        "expected `by` here",
        'write `is blocked by topic "Gambling"`',
        (_T + 'input "x" is blocked topic "y"\n', _T + 'input "x" is detected pii names\n'),
    ),
    Mistake(
        "unexpected {found} after a word that is not a keyword",
        "a quoted name here follows a keyword",
        "quoted names follow `word`, `words`, `words from`, `pattern`, `pii group` or `topic`",
        (_G + 'block wrod "x"\n', _G + 'detect topc "x"\n'),
    ),
    Mistake(
        "missing `topic` after `deny`",
        "expected `topic` here",
        'write `deny topic "Gambling"`',
        (_G + 'deny "Gambling"\n',),
    ),
    Mistake(
        "incomplete statement: expected {expected}",
        "the statement goes on here",
        'the full forms are `encrypt with key "..."`, `cross region profile "..."` and '
        '`check automated reasoning policy "..."`',
        (
            _G + 'encrypt key "k"\n',
            _G + 'cross region "p"\n',
            _G + 'check reasoning policy "a"\n',
            _G + 'check automated policy "a"\n',
        ),
    ),
    Mistake(
        "missing `:` after the group name",
        "expected `:` here",
        'write `pii group "name": phrase, phrase`',
        ('pii group "x" names\n',),
    ),
    Mistake(
        "several words on one line need commas between them",
        "expected `,` or the end of the line here",
        'write one word per line, or `"a", "b"`',
        ('words "w":\n  "a" "b"\n', _G + 'block words "a" "b"\n'),
    ),
    Mistake(
        "missing `and` before `query`",
        "expected `and` here",
        'write `given source "..." and query "..."`',
        (_T + 'output "x" given source "s" query "q" is allowed\n',),
    ),
    Mistake(
        "missing `images` after `including`",
        "expected `images` here",
        "write `including images`",
        (_G + "filter hate at high including\n",),
    ),
)

# Terminals that start a line in each kind of block, for E007 "unknown statement".
_CONTEXTS: tuple[tuple[frozenset[str], str], ...] = (
    (
        frozenset(
            [
                "DESCRIPTION",
                "ENCRYPT",
                "TAG",
                "TIER",
                "CROSS",
                "ON",
                "DENY",
                "FILTER",
                "DETECT",
                "BLOCK",
                "MASK",
                "REQUIRE",
                "CHECK",
                "ACCESS",
                "ENFORCE",
            ]
        ),
        "statement",
    ),
    (
        frozenset(
            [
                "USE",
                "TOPIC",
                "WORDS",
                "PII",
                "PATTERN",
                "GUARDRAIL",
                "TEST",
                "PARAMETER",
                "ENVIRONMENT",
                "LOGGING",
                "ALARMS",
            ]
        ),
        "top-level item",
    ),
    (
        frozenset(
            [
                "ACCOUNT",
                "REGION",
                "PARTITION",
                "DEPLOYED",
                "APPLIED",
                "REQUIRED",
                "DEPLOYER",
                "PIN",
                "SHARED",
            ]
        ),
        "access line",
    ),
    (frozenset(["MODELS", "GUARD"]), "enforce line"),
    (
        frozenset(
            [
                "ACCOUNT",
                "REGION",
                "DELIVER",
                "INCLUDE",
                "ENCRYPT",
                "DELIVERED",
                "WATCH",
                "NOTIFY",
            ]
        ),
        "logging line",
    ),
    (frozenset(["NOTIFY", "ALARM"]), "alarms line"),
)
_SHOWN = {
    "_NL": "end of line",
    "$END": "end of file",
    "_INDENT": "indentation",
    "_DEDENT": "end of block",
    "STRING": "a string",
    "NUMBER": "a number",
    "NAME": "a word",
    "COMMA": "`,`",
    "COLON": "`:`",
    "EQUAL": "`=`",
    "DOT": "`.`",
}


def _state(err: UnexpectedToken) -> int:
    state = getattr(err.state, "position", err.state)
    return int(state)


def _expected(err: UnexpectedToken) -> set[str]:
    """What the parser could really accept here. An error raised by the contextual lexer lists
    only the terminals that state's lexer knew, and a merged LALR state lists the lookaheads of
    every context it serves; trying each terminal on a copy of the parser settles both."""
    parser = err.interactive_parser
    if parser is not None:
        accepted: set[str] = parser.accepts()  # type: ignore[no-untyped-call]  # lark: no hints
        return {t for t in accepted if t.isupper()}
    conf = getattr(err.state, "parse_conf", None)
    if conf is None:
        return set(err.expected)
    return {t for t in conf.parse_table.states[_state(err)] if t.isupper()}


def _after_extends(err: UnexpectedToken) -> bool:
    """Whether the parser has just read `guardrail "b" extends "a":` (and the line's end)."""
    parser = err.interactive_parser
    if parser is None:
        return False
    stack = parser.parser_state.value_stack
    return any(isinstance(v, Tree) and v.data == "extends" for v in stack[-3:])


def name_error(lark: Lark, err: UnexpectedToken) -> Found:
    """Name a parse error raised by `lark`: the end of the file, a missing block, a catalogue
    entry (matched like lark's `match_examples`), or the most specific generic rule."""
    token, expected = err.token, _expected(err)
    if "_INDENT" in expected and _after_extends(err):
        return Found(
            "E005",
            "expected an indented block after `:`",
            "the block should start here",
            'to copy a guardrail under another name, drop the colon: `guardrail "b" extends "a"`;'
            " otherwise indent the statements that change it under the `:` line",
            blank="header",
        )
    if token.type == "$END":
        return Found(
            "E006",
            "unexpected end of file",
            "the file ends here",
            "finish the statement, or add the indented block the last line opens",
        )
    if "_INDENT" in expected:
        return Found(
            "E005",
            "expected an indented block after `:`",
            "the block should start here",
            "indent the lines of the block with spaces under the line ending in `:`",
            blank="header",
        )
    entry = _match(lark, err)
    if entry is not None:
        message = entry.message.format(found=_shown(token), expected=_listing(expected))
        return Found("E001", message, entry.note, entry.help)
    return _generic(token, expected)


@cache
def _index(lark: Lark) -> tuple[dict[tuple[int, str], Mistake], dict[int, Mistake]]:
    """Parse every catalogue example once; map its error state (and token kind) to its entry.

    This is lark's `match_examples` with the index built once. lark's own compares whole parser
    states, stack depth included, so an example written as a file's first item would not name
    the same mistake after another item; the state number alone does (and lark 1.3's version
    can raise TypeError from a debug message)."""
    exact: dict[tuple[int, str], Mistake] = {}
    by_state: dict[int, Mistake] = {}
    for mistake in CATALOGUE:
        for example in mistake.examples:
            try:
                lark.parse(example)
            except UnexpectedToken as err:
                exact.setdefault((_state(err), err.token.type), mistake)
                by_state.setdefault(_state(err), mistake)
    return exact, by_state


def _match(lark: Lark, err: UnexpectedToken) -> Mistake | None:
    """The catalogue entry whose example failed in the same parser state: on the same kind of
    token if one did, else on any."""
    exact, by_state = _index(lark)
    state = _state(err)
    return exact.get((state, err.token.type)) or by_state.get(state)


def example_errors(lark: Lark) -> list[tuple[Mistake, str, Found | None]]:
    """For the tests: each catalogue example with the name its own error gets (None: it parsed)."""
    result: list[tuple[Mistake, str, Found | None]] = []
    for mistake in CATALOGUE:
        for example in mistake.examples:
            try:
                lark.parse(example)
                result.append((mistake, example, None))
            except UnexpectedToken as err:
                result.append((mistake, example, name_error(lark, err)))
    return result


def _shown(token: Token) -> str:
    if token.type in ("_NL", "$END", "_INDENT", "_DEDENT"):
        return _SHOWN[token.type]
    return f"`{token.value}`"


def _listing(names: set[str]) -> str:
    shown = sorted(_SHOWN.get(n, f"`{n.lower()}`") for n in names if n != "$END")
    return ", ".join(shown[:6]) + (", ..." if len(shown) > 6 else "")


_NOT_KEYWORDS = {"NAME", "TAG_KEY", "STRING", "NUMBER"}


def _near_keyword(token: Token, expected: set[str]) -> str | None:
    """The expected keyword a misspelt word was probably meant to be (`form` → `from`)."""
    word = str(token.value)
    if (
        token.type.startswith(("_", "$"))
        or token.type in ("STRING", "NUMBER")
        or not word.isalpha()
    ):
        return None
    keywords = [k.lower() for k in expected - _NOT_KEYWORDS if k.isalpha()]
    near = nearest(word, keywords)
    return near if near is not None and near != word.lower() else None


def _generic(token: Token, expected: set[str]) -> Found:
    """Errors no catalogue example names, by what the parser expected."""
    found = _shown(token)
    if token.type == "_INDENT" and token.value == MISALIGNED:
        return Found(
            "E005",
            "indentation does not match any outer block",
            "this line is indented",
            "indent it like the block it belongs to (`guardc fmt` uses two spaces per level)",
        )
    if token.type == "_INDENT":
        return Found(
            "E005",
            "unexpected indentation",
            "this line is indented",
            "indent only the lines of a block opened by a line ending in `:`",
        )
    if token.type == "_NL" and "COLON" in expected:
        return Found(
            "E001",
            "missing `:` at the end of the line",
            "expected `:` here",
            "a line that opens a block ends with `:`",
        )
    if token.type.isupper() and token.type not in ("STRING", "NUMBER"):
        for starts, what in _CONTEXTS:
            if starts & expected and not expected - starts - {"_DEDENT", "_NL", "$END"}:
                word = str(token.value)
                options = sorted(s.lower() for s in starts & expected)
                near = nearest(word, options)
                hint = f"did you mean `{near}`?" if near else "expected " + _listing(expected)
                return Found(
                    "E007",
                    f"unknown {what} `{word}`",
                    f"not {'an' if what[0] in 'aeiou' else 'a'} {what}",
                    hint,
                )
    near = _near_keyword(token, expected)
    if near is not None:
        return Found(
            "E001", f"unknown word {found}", "not a keyword here", f"did you mean `{near}`?"
        )
    if "STRING" in expected and token.type not in ("STRING", "_DEDENT"):
        return Found(
            "E008",
            f"expected a string in double quotes, found {found}",
            "a string goes here" if token.type.startswith("_") else "write this in double quotes",
            None if token.type.startswith("_") else f'write "{token.value}"',
        )
    if "NUMBER" in expected and token.type != "_DEDENT":
        return Found(
            "E009",
            f"expected a number, found {found}",
            "a number goes here",
            "numbers are written like `0.85` or `1`",
        )
    return Found("E001", f"unexpected {found}", f"expected {_listing(expected)}")
