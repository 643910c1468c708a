"""The language server's diagnostics are `guardc check`'s: a buffer parsed per top-level item
(compiler/lsp/chunks.py) reports exactly what the whole file's load reports, on every error case
of tests/cases, the examples, the standard library, and every one-line deletion of an example.
And an edit re-parses only the item it touched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from compiler.diagnostics.sink import Diagnostic, Diagnostics
from compiler.lsp.analysis import Workspace, display_name
from compiler.lsp.chunks import split, top_level_keywords
from compiler.pipeline import load

ROOT = Path(__file__).resolve().parents[2]
CASES = sorted((ROOT / "tests" / "cases").glob("*/*/*.guard"))
EXAMPLES = sorted((ROOT / "examples").glob("*.guard"))
STDLIB = sorted((ROOT / "stdlib").glob("*.guard"))

Key = tuple[str, int, int, int, int, str, str | None]


def _key(d: Diagnostic) -> Key:
    s = d.span
    return (d.code, s.line, s.column, s.end_line, s.end_column, d.message, d.help)


def _check(path: Path) -> list[Key]:
    """What `guardc check PATH` reports in the file itself."""
    sink = Diagnostics()
    loaded = load([path], sink)
    mine = loaded.roots[0] if loaded.roots else None
    return sorted(_key(d) for d in sink.items if d.span.file == mine)


def _served(path: Path, text: str | None = None, ws: Workspace | None = None) -> list[Key]:
    ws = ws or Workspace()
    display = display_name(str(path))
    ws.buffers[display] = path.read_text(encoding="utf-8") if text is None else text
    return sorted(_key(d) for d in ws.analyse(display).own())


@pytest.mark.parametrize(
    "path", CASES + EXAMPLES + STDLIB, ids=lambda p: p.parent.name + "/" + p.name
)
def test_a_buffer_reports_what_check_reports(path: Path) -> None:
    try:
        path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: an editor buffer is always text")  # E003 is check's alone
    assert _served(path) == _check(path)


def _deleted(lines: list[str], index: int) -> str:
    return "".join(lines[:index] + lines[index + 1 :])


def _half_typed(lines: list[str], index: int) -> str:
    """The line cut in the middle, as while it is being typed."""
    line = lines[index].rstrip("\n")
    return "".join([*lines[:index], line[: len(line) // 2] + "\n", *lines[index + 1 :]])


@pytest.mark.parametrize("edit", [_deleted, _half_typed], ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_one_line_edit_reports_what_check_reports(
    path: Path, edit: Callable[[list[str], int], str], tmp_path: Path
) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    ws = Workspace()
    copy = tmp_path / path.name
    different = []
    for index in range(len(lines)):
        text = edit(lines, index)
        copy.write_text(text, encoding="utf-8")
        if _served(copy, text, ws) != _check(copy):
            different.append(index + 1)
    assert different == []


def test_the_chunks_cover_the_text_and_start_at_top_level_keywords() -> None:
    assert set(top_level_keywords()) == {
        "alarms",
        "environment",
        "guardrail",
        "logging",
        "parameter",
        "pattern",
        "pii",
        "test",
        "topic",
        "use",
        "words",
    }
    text = '# head\nuse stdlib.pii\n\nguardrail "a":\n  block names\nTest "t" for "a":\n'
    pieces = split(text)
    assert "".join(p for _, _, p in pieces) == text
    assert [(offset, line) for offset, line, _ in pieces] == [(0, 1), (7, 2), (23, 4), (52, 6)]


def test_an_edit_reparses_only_its_item(tmp_path: Path) -> None:
    path = ROOT / "examples" / "banking_assistant.guard"
    text = path.read_text(encoding="utf-8")
    ws = Workspace()
    display = display_name(str(tmp_path / "b.guard"))
    ws.buffers[display] = text
    ws.analyse(display)
    before = ws.chunker.parses
    ws.buffers[display] = text.replace("filter hate at high", "filter hate at hgh")
    found = ws.analyse(display).own()
    assert ws.chunker.parses - before == 1
    assert [d.code for d in found] == ["E202"]
    assert found[0].span.line == text[: text.index("filter hate")].count("\n") + 1
