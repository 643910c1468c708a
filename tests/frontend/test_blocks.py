"""The block-at-a-time parse (`frontend/blocks.py`) against one LALR parse of the whole text.

For every example, standard library module, test case and fixture, and for generated files
(items from those, repeated with their strings rewritten to other lengths and escapes, comments,
blank lines and CRLF line ends between them, sometimes a stray character): the same tree with
the same positions (every token's and every subtree's), the same syntax IR and the same
diagnostics, and a fast path that gives up exactly when the whole parse has a syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from compiler.diagnostics.sink import Diagnostics
from compiler.frontend import blocks, lower_stmt
from compiler.frontend import lower as lower_module
from compiler.frontend import parse as parse_module
from compiler.frontend.lower import lower
from compiler.frontend.parse import parse, parser
from compiler.literals.text_blocks import STRING_RE

ROOT = Path(__file__).resolve().parent.parent.parent
_STRING = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"')


def _corpus() -> dict[str, str]:
    files = [
        *sorted((ROOT / "examples").rglob("*.guard")),
        *sorted((ROOT / "tests" / "cases").rglob("*.guard")),
        *sorted((ROOT / "tests" / "fixtures").rglob("*.guard")),
    ]
    found = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8", errors="replace") for p in files
    }
    for p in resources.files("compiler.stdlib").iterdir():
        if p.name.endswith(".guard"):
            found[f"stdlib/{p.name}"] = p.read_text(encoding="utf-8")
    return found


CORPUS = _corpus()


def _items() -> list[str]:
    """The top-level items (with the comments before them) of the corpus that parse."""
    found = {c + "\n" for t in CORPUS.values() for c in re.split(r"\n(?=\S)", t) if c.strip()}
    return sorted(item for item in found if _whole(item) is not None)


@pytest.fixture(autouse=True)
def _every_file_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(blocks, "MIN_PIECES", 1)


def _dump(node: object) -> Iterator[tuple[object, ...]]:
    """Every node with everything lowering may read: kind, value and positions."""
    if isinstance(node, Token):
        yield (node.type, str(node), node.start_pos, node.line, node.column,
               node.end_line, node.end_column, node.end_pos)  # fmt: skip
        return
    assert isinstance(node, Tree)
    where = node._meta
    at = None
    if where is not None:
        at = (where.line, where.column, where.start_pos, where.end_line, where.end_column,
              where.end_pos, where.empty)  # fmt: skip
    yield (node.data, len(node.children), at)
    for child in node.children:
        yield from _dump(child)


def _whole(text: str) -> Tree[Token] | None:
    try:
        tree: Tree[Token] = parser()[0].parse(text)
    except UnexpectedInput:
        return None
    return tree


def _same_tree(text: str) -> bool:
    """The fast tree is the whole parse's, node for node; False when both gave up."""
    work = text if text.endswith("\n") else text + "\n"
    whole = _whole(work)
    fast = blocks.parse_blocks(parser()[0], work)
    assert (fast is None) == (whole is None)
    if whole is None or fast is None:
        return False
    assert list(_dump(fast)) == list(_dump(whole))
    return True


def _frontend(text: str, name: str) -> tuple[object, list[object]]:
    sink = Diagnostics()
    tree = parse(text, name, sink)
    # the module itself: equality compares every node's span too (dumps leave spans out)
    module = None if tree is None else lower(tree, text, name, sink)
    return module, [d.model_dump() for d in sink.items]


def _same_frontend(text: str, name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parsed by blocks or whole, statements written alike lowered once or each time: the same
    module (spans included) and diagnostics."""
    fast = _frontend(text, name)
    with monkeypatch.context() as m:
        m.setattr(parse_module, "parse_blocks", lambda *_: None)
        whole = _frontend(text, name)
    assert fast == whole
    with monkeypatch.context() as m:
        m.setattr(lower_stmt, "MEMO", False)
        each = _frontend(text, name)
    assert fast == each


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_corpus_file_parses_alike(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_tree(CORPUS[name])
    _same_frontend(CORPUS[name], name, monkeypatch)


ITEMS = _items()


def test_the_whole_corpus_in_one_file_parses_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(ITEMS)
    assert _same_tree(text)
    _same_frontend(text, "all.guard", monkeypatch)


def _counted(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """The calls of `blocks.<name>` from now on, one item each."""
    calls: list[int] = []
    real = getattr(blocks, name)

    def counting(*args: object) -> object:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(blocks, name, counting)
    return calls


def test_a_repeated_shape_is_copied_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    one = 'guardrail "g{}":\n  block word "w{}"\n  filter hate at high\n'
    text = "".join(one.format(i, "x" * i) for i in range(20))
    parsed = _counted(monkeypatch, "_parse_piece")
    assert _same_tree(text)
    assert len(parsed) == 1  # one shape: parsed once, copied 19 times


def test_a_piece_too_big_to_compile_is_walked_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """Copies are made by a function compiled per shape, or, past MAX_COMPILED nodes, by a walk
    over the plan: both make the whole parse's tree."""
    one = 'guardrail "g{}":\n  block word "w{}"\n  filter hate at high\n'
    text = "".join(one.format(i, "x" * i) for i in range(12))
    assert _same_tree(text)
    monkeypatch.setattr(blocks, "MAX_COMPILED", 3)
    assert _same_tree(text)
    walked = _counted(monkeypatch, "_walked")
    assert _same_tree(text)
    assert len(walked) == 11  # one shape: parsed once, walked for the other 11


def _lowered_count(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    real = lower_stmt.StatementLowerer.lowered

    def counting(self: lower_stmt.StatementLowerer, tree: Tree[Token], span: object) -> object:
        seen.append(tree.data)
        return real(self, tree, span)  # type: ignore[arg-type]

    monkeypatch.setattr(lower_stmt.StatementLowerer, "lowered", counting)
    return seen


def test_a_statement_written_alike_is_lowered_twice_then_moved(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one = 'guardrail "g{}":\n  filter hate at high\n  block word "w{}"\n\n'
    text = "".join(one.format(i, "x" * i) for i in range(6))
    seen = _lowered_count(monkeypatch)
    module, diagnostics = _frontend(text, "a.guard")
    assert seen.count("phrase_rule") == 2  # the first two times; moved the other four
    assert seen.count("word_rule") == 6  # each written differently
    monkeypatch.setattr(lower_stmt, "MEMO", False)
    assert (module, diagnostics) == _frontend(text, "a.guard")


def test_a_statement_with_a_diagnostic_is_lowered_and_reported_each_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = "".join(f'guardrail "g{i}":\n  filter hats at high\n\n' for i in range(5))
    seen = _lowered_count(monkeypatch)
    _, diagnostics = _frontend(text, "a.guard")
    assert seen.count("phrase_rule") == 5
    assert [d["code"] for d in diagnostics] == ["E201"] * 5  # type: ignore[index]
    lines = [d["span"]["line"] for d in diagnostics]  # type: ignore[index]
    assert lines == [2, 5, 8, 11, 14]


def test_test_lines_written_alike_are_remembered_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """Expectations go through the same memory: one written alike is lowered twice, then
    moved; one with a diagnostic is lowered and reported each time."""
    one = (
        'guardrail "g{i}":\n  filter hate at high\n\n'
        'test "t{i}" for "g{i}":\n  input "Hi" is allowed\n'
        '  input "Hey" is blocked by filter hats\n\n'
    )
    text = "".join(one.format(i=i) for i in range(5))
    seen: list[str] = []
    real = lower_module._Lowerer.lowered_expectation

    def counting(self: lower_module._Lowerer, tree: Tree[Token], span: object) -> object:
        seen.append(str(tree.children[1]))
        return real(self, tree, span)  # type: ignore[arg-type]

    monkeypatch.setattr(lower_module._Lowerer, "lowered_expectation", counting)
    module, diagnostics = _frontend(text, "a.guard")
    assert seen.count('"Hi"') == 2
    assert seen.count('"Hey"') == 5
    assert [d["code"] for d in diagnostics] == ["E201"] * 5  # type: ignore[index]
    monkeypatch.setattr(lower_stmt, "MEMO", False)
    assert (module, diagnostics) == _frontend(text, "a.guard")


def test_a_moved_statement_of_a_copy_is_never_made(monkeypatch: pytest.MonkeyPatch) -> None:
    """A guardrail statement without strings is deferred in a copied piece: lowering reads its
    rule and span and, once it moves the statement it remembers, not its subtree."""
    one = 'guardrail "g{}":\n  block word "w{}"\n  filter hate at high\n\n'
    text = "".join(one.format(i, "x" * i) for i in range(8))
    made: list[str] = []
    real: property = blocks.Deferred.__dict__["children"]

    def making(self: blocks.Deferred) -> list[object]:
        if self._children is None:
            made.append(self.data)
        children: list[object] = real.fget(self)  # type: ignore[misc]
        return children

    monkeypatch.setattr(blocks.Deferred, "children", property(making, real.fset))
    module, diagnostics = _frontend(text, "a.guard")
    assert made == ["phrase_rule"]  # the second guardrail's (the first is parsed, not copied)
    monkeypatch.setattr(lower_stmt, "MEMO", False)
    assert (module, diagnostics) == _frontend(text, "a.guard")
    assert made == ["phrase_rule"] * 8  # the first guardrail's is lark's own


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(['"', '"""', "\\", "\n", "#", "a", " "]), max_size=30).map("".join))
def test_the_unrolled_string_pattern_finds_what_the_grammars_does(text: str) -> None:
    ours = re.compile(blocks.STRING_UNROLLED + r"|#[^\n]*")
    grammar = re.compile(STRING_RE + r"|#[^\n]*")
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in grammar.finditer(text)]


# ── generated files ───────────────────────────────────────────────────────────────────────────

_STRING_BODY = st.lists(
    st.sampled_from(["a", "Z", " ", "#", ":", '\\"', "\\\\", "\\n", "é", "\u202e", "{", "0"]),
    max_size=12,
).map(lambda parts: '"' + "".join(parts) + '"')
_BETWEEN = st.sampled_from(["", "\n", '# note "x\n', "\n# a comment\n\n", "   \n"])


@st.composite
def _files(draw: st.DrawFn) -> str:
    pool = draw(st.lists(st.sampled_from(ITEMS), min_size=1, max_size=3))  # shapes repeat
    items = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=12))
    out: list[str] = []
    for item in items:
        rewritten = _STRING.sub(lambda _: draw(_STRING_BODY), item)
        out += [rewritten if draw(st.booleans()) else item, draw(_BETWEEN)]
    text = "".join(out)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.integers(0, 5)) == 0:  # a stray character: both give up
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["!", '"', "\t", " ", "x"])) + text[at:]
    return text


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=_files())
def test_generated_files_parse_alike(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_tree(text)
    _same_frontend(text, "gen.guard", monkeypatch)
