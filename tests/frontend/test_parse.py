"""The parser: grammar coverage, the catalogue of named syntax errors, recovery, layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from lark import Lark, Token, Tree
from lark.exceptions import LarkError

from compiler.diagnostics.sink import Diagnostics
from compiler.frontend import parse as parse_module
from compiler.frontend import positions
from compiler.frontend.parse import parse, parser
from compiler.frontend.syntax_errors import CATALOGUE, Found, Mistake, example_errors

COMPLETE = Path(__file__).parent.parent / "cases" / "ok" / "language-complete" / "input.guard"


def _codes(text: str) -> list[tuple[str, int, int]]:
    sink = Diagnostics()
    parse(text, "t.guard", sink)
    return [(d.code, d.span.line, d.span.column) for d in sink.sorted()]


def test_complete_file_parses_without_diagnostics() -> None:
    sink = Diagnostics()
    tree = parse(COMPLETE.read_text(encoding="utf-8"), "c.guard", sink)
    assert tree is not None
    assert len(sink) == 0
    kinds = [child.data for child in tree.children if hasattr(child, "data")]
    top = ["use", "topic_def", "words_def", "pii_group_def", "pattern_def"]
    assert kinds == [*top, "guardrail", "test_block"]


def test_parser_is_built_once() -> None:
    assert parser() is parser()


def test_cache_file_is_keyed_by_grammar(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    one = parse_module._cache_file("start: A")
    two = parse_module._cache_file("start: B")
    assert one is not None and two is not None and one != two
    assert Path(one).parent == tmp_path / "guardc"


@pytest.mark.parametrize(
    ("mistake", "example", "found"),
    [
        pytest.param(m, e, f, id=e.strip().replace("\n", " | "))
        for m, e, f in example_errors(parser()[0])
    ],
)
def test_catalogue_examples_are_named_by_their_entry(
    mistake: Mistake, example: str, found: Found | None
) -> None:
    assert found is not None, "a catalogue example must be a syntax error"
    assert found.code == "E001"
    first_words = mistake.message.split("{")[0]
    assert found.message.startswith(first_words)


def test_catalogue_has_entries() -> None:
    assert len(CATALOGUE) >= 12


def test_several_errors_in_one_file_are_all_reported() -> None:
    text = 'guardrail "g":\n  filter hate at\n  tier premium\n  filter insults at high\n  blok x\n'
    assert _codes(text) == [("E001", 2, 17), ("E001", 3, 8), ("E007", 5, 3)]


def test_recovered_tree_keeps_the_good_lines() -> None:
    sink = Diagnostics()
    tree = parse('guardrail "g":\n  filter hate at\n  filter insults at high\n', "t.guard", sink)
    assert tree is not None
    guardrail = tree.children[0]
    assert isinstance(guardrail, Tree)
    statements = [c.data for c in guardrail.children if isinstance(c, Tree)]
    assert statements == ["phrase_rule"]  # the broken line is gone, the good one stays


def test_unterminated_string_spans_to_end_of_line() -> None:
    sink = Diagnostics()
    parse('guardrail "g":\n  description "abc\n', "t.guard", sink)
    (d,) = sink.items
    assert (d.code, d.span.line, d.span.column, d.span.end_column) == ("E004", 2, 15, 19)


def test_tabs_are_reported_and_parsing_goes_on() -> None:
    text = 'guardrail "g":\n\tfilter hate at high\n\tblock names\n'
    assert _codes(text) == [("E002", 2, 1), ("E002", 3, 1)]


def test_tab_in_comment_line_is_not_indentation() -> None:
    assert _codes('guardrail "g":\n\t# note\n  filter hate at high\n') == []


def test_indented_first_line() -> None:
    assert _codes('  guardrail "g":\n    filter hate at high\n') == [("E005", 1, 3)]


def test_missing_colon_then_block_is_one_error() -> None:
    text = 'guardrail "g"\n  filter hate at high\n  block names\n'
    assert _codes(text) == [("E001", 1, 14)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("# only a comment", []),
        ("\n\n   \n", []),
        ('guardrail "g":\n  filter hate at high', []),  # no final newline
        ('guardrail "g":\r\n  filter hate at high\r\n', []),
        ('guardrail "g":\n', [("E006", 2, 1)]),
        ('topic "x":\nguardrail "g":\n  block names\n', [("E005", 2, 1)]),
        ('guardrail "g":\n  deny topic Gambling\n', [("E008", 2, 14)]),
        ('guardrail "g":\n  require grounding at least .7\n', [("E009", 2, 30)]),
        ('guardrail "g":\n  blok names\n', [("E007", 2, 3)]),
        ('guardrial "g":\n  block names\n', [("E007", 1, 1)]),
    ],
)
def test_layout_and_generic_errors(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert _codes(text) == expected


def test_unknown_statement_suggests_the_nearest_keyword() -> None:
    sink = Diagnostics()
    parse('guardrail "g":\n  descripton "x"\n', "t.guard", sink)
    (d,) = sink.items
    assert d.message == "unknown statement `descripton`"
    assert d.help == "did you mean `description`?"


def test_keywords_are_case_insensitive_but_phrases_are_words() -> None:
    sink = Diagnostics()
    tree = parse('GUARDRAIL "g":\n  Filter Sexual Content AT High INCLUDING images\n', "t", sink)
    assert tree is not None and len(sink) == 0


def test_catalogue_names_the_same_mistake_after_other_items() -> None:
    # an example is written as a file's first item or a guardrail's first statement; the real
    # mistake usually comes later in a file, deeper in the parser's stack
    lark = parser()[0]
    guardrail = 'guardrail "g":\n  '
    for _, example, found in example_errors(lark):
        assert found is not None
        if example.startswith(guardrail):
            later = example.replace(guardrail, guardrail + "block urls\n  ", 1)
        else:
            later = 'guardrail "zz":\n  block urls\n\n' + example
        sink = Diagnostics()
        parse(later, "t.guard", sink)
        assert sink.sorted()[0].message == found.message, later


# ── positions: parse.Where holds what lark's own propagate_positions would ──────────────────

_SOURCES = sorted(
    {
        *(Path(__file__).parent.parent / "cases").rglob("*.guard"),
        *(Path(__file__).parent.parent.parent / "examples").rglob("*.guard"),
        *(Path(__file__).parent.parent.parent / "compiler" / "stdlib").rglob("*.guard"),
    }
)
_WHERE = ("empty", "line", "column", "start_pos", "end_line", "end_column", "end_pos")


def _positions(tree: Tree[Token]) -> list[tuple[str, list[object]]]:
    return [(str(t.data), [getattr(t.meta, k, None) for k in _WHERE]) for t in tree.iter_subtrees()]


def test_positions_are_lark_own() -> None:
    ours, _ = parser()
    assert any(
        isinstance(c, positions._Positions) for c in ours.parser.parser.parser.callbacks.values()
    )
    grammar = parse_module._grammar()
    plain = Lark(
        grammar,
        parser="lalr",
        lexer="contextual",
        postlex=parse_module.Indenter(),
        propagate_positions=True,
        maybe_placeholders=False,
    )
    compared = 0
    for path in _SOURCES:
        text = path.read_text(encoding="utf-8", errors="replace")
        text = text if text.endswith("\n") else text + "\n"
        try:
            expected = plain.parse(text)
        except LarkError:
            continue  # a file with syntax errors: recovery is tested elsewhere
        got = ours.parse(text)
        assert got == expected, path
        assert _positions(got) == _positions(expected), path
        compared += 1
    assert compared > 20
