"""Issue 16 items 6 and 8: what a source file holds cannot drive the terminal or flood the log.

Control, format and filler characters are shown escaped (`\\0`, `\\r`, `\\u{1b}`, `\\u{200b}`)
in text diagnostics and written as `\\uXXXX` in JSON; a 4 MB line is shown as a window around the
span; UTF-16 is named as such.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from security._trust import GUARD, guardc

# ESC ] 0 ; title BEL (set the window title), ESC [ 2 J (clear screen), CSI as a C1 control,
# a right-to-left override, a zero-width space
EVIL = "a\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eb\u200b"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u200b", "\x00", "\r")


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("where", ["source line", "message"])
def test_terminal_escapes_never_reach_the_stream_raw(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, where: str
) -> None:
    text = {  # a syntax error quoting the line, and a resolver error quoting a name
        "source line": f'guardrail "g":\n  block profanity\n  bogus {EVIL}\n',
        "message": f'{GUARD}test "t" for "{EVIL}":\n  input "x" is allowed\n',
    }[where]
    _write(tmp_path, "a.guard", text)
    run = guardc(capsys, tmp_path, "check", "a.guard", "--format", fmt)
    assert run.code == 1
    for ch in RAW:
        assert ch not in run.both, repr(ch)
    if fmt == "text":
        assert r"\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}b\u{200b}" in run.err
    else:
        found = json.loads(run.out)["diagnostics"]  # the same data for a JSON reader
        [diagnostic] = [d for d in found if d["code"] != "W206"]  # (W206: the hidden characters)
        field = "source_line" if where == "source line" else "message"
        assert EVIL in diagnostic[field]


def test_nul_and_bare_cr_are_shown_escaped_and_the_caret_still_lines_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "a.guard", 'guardrail "g":\n  block word "a\x00b\rc" zzz\n')
    run = guardc(capsys, tmp_path, "check", "a.guard")
    assert "unexpected character `\\r`" in run.err
    lines = run.err.splitlines()
    shown = r'2 |   block word "a\0b\rc" zzz'
    assert lines.count(shown) == 3  # the NUL (W206), the bare CR, then `zzz`
    carets = [lines[i + 1] for i, line in enumerate(lines) if line == shown]
    at = [shown.index("\\0"), shown.index("\\r"), shown.index("zzz")]
    assert [c.index("^") for c in carets] == at


def test_a_4_mb_line_is_shown_as_a_window_around_the_span(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long = "x" * 4_000_000
    _write(tmp_path, "a.guard", f'guardrail "g":\n  block word "{long}" zzz\n')
    run = guardc(capsys, tmp_path, "check", "a.guard")
    assert run.code == 1
    assert len(run.err) < 2_000
    lines = run.err.splitlines()
    shown = next(line for line in lines if line.startswith("2 | "))
    assert shown.startswith("2 | …") and shown.endswith('" zzz')
    assert len(shown) < 200
    caret = lines[lines.index(shown) + 1]
    assert caret.index("^^^") == shown.index("zzz")


def test_a_long_token_in_a_message_is_cut(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "n" * 1_000_000
    _write(tmp_path, "a.guard", f'guardrail "g":\n  deny topic "{name}"\n')
    run = guardc(capsys, tmp_path, "check", "a.guard")
    assert run.code == 1
    assert len(run.err) < 4_000
    assert re.search(r"n+…n+", run.err)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16"])
def test_utf16_is_reported_as_an_encoding_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str
) -> None:
    (tmp_path / "a.guard").write_bytes('guardrail "g":\n  block profanity\n'.encode(codec))
    run = guardc(capsys, tmp_path, "check", "a.guard", "--format", "json")
    assert run.code == 1
    [diagnostic] = json.loads(run.out)["diagnostics"]
    assert diagnostic["code"] == "E012"
    assert "UTF-16" in diagnostic["message"]
    assert diagnostic["source_line"] == 'guardrail "g":'  # decoded as what it is


def test_a_nul_in_utf8_text_is_not_mistaken_for_utf16(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _write(tmp_path, "a.guard", 'guardrail "g":\n  block word "a\x00b"\n')
    run = guardc(capsys, tmp_path, "check", "a.guard")
    assert "E012" not in run.err
