"""`guardc lsp` as an editor meets it, over a real stdio connection (conftest.Client): diagnostics
on open and on every change with a link to the code's explanation, `use` of an unsaved buffer,
formatting, document symbols and quick fixes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from lsp_client import Client
from lsprotocol import types as t

from compiler.commands.fmt import lower_text, reformat
from compiler.diagnostics.codes import CODES
from compiler.diagnostics.sink import Diagnostics

SHARED = """\
topic "Gambling":
  means "Betting, casinos, lotteries and odds for wagers."
  for example "What are the odds on the derby?"

words "codenames":
  "Project Zeus"
  "Nightjar"

pii group "ids": us social security numbers, us passport numbers

pattern "ticket" matching "TCK-[0-9]{6}" described as "Support tickets"

guardrail "base":
  filter prompt attacks at high
"""

MAIN = """\
use "shared.guard"
use stdlib.topics

guardrail "bot" extends "base":
  description "Support assistant"
  deny topic "Gambling"
  deny topic "Investment advice"
  block words from "codenames"
  block pii group "ids"
  block pattern "ticket"
  block credit card numbers
  filter hate at high

test "bot basics" for "bot":
  input "Where is my parcel?" is allowed
"""


def _pos(text: str, needle: str, shift: int = 0) -> t.Position:
    offset = text.index(needle) + shift
    return t.Position(
        line=text.count("\n", 0, offset), character=offset - (text.rfind("\n", 0, offset) + 1)
    )


def _range(text: str, needle: str) -> t.Range:
    return t.Range(start=_pos(text, needle), end=_pos(text, needle, len(needle)))


def _apply(text: str, edits: Sequence[t.TextEdit]) -> str:
    """`edits` applied to `text` (ASCII; non-overlapping), as an editor would."""
    lines = text.split("\n")

    def offset(p: t.Position) -> int:
        return sum(len(line) + 1 for line in lines[: p.line]) + p.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


def test_the_server_says_what_it_can_do(lsp: Client) -> None:
    caps = lsp.capabilities
    assert caps.hover_provider and caps.definition_provider and caps.document_formatting_provider
    assert caps.document_symbol_provider and caps.code_action_provider
    assert caps.completion_provider is not None
    assert caps.text_document_sync is not None


def test_diagnostics_on_open_and_on_every_change(lsp: Client) -> None:
    (lsp.folder / "shared.guard").write_text(SHARED, encoding="utf-8")
    assert lsp.open("main.guard", MAIN) == []
    found = lsp.change("main.guard", "credit crd numbers", _range(MAIN, "credit card numbers"))
    assert [(d.code, d.severity, d.source) for d in found] == [
        ("E203", t.DiagnosticSeverity.Error, "guardc")
    ]
    # the misspelt phrase, one character shorter than what it replaced
    typo = t.Range(start=_pos(MAIN, "credit card"), end=_pos(MAIN, "credit card numbers", 18))
    assert found[0].range == typo
    assert "unknown PII entity `credit crd numbers`" in found[0].message
    assert "did you mean `credit card numbers`?" in found[0].message
    assert found[0].code_description is not None
    assert found[0].code_description.href == "guardc-explain:E203"
    # a second edit, elsewhere: both errors, each where it is
    broken = MAIN.replace("credit card numbers", "credit crd numbers")
    both = lsp.change("main.guard", "hgh", _range(broken, "high"))
    assert sorted((str(d.code), d.range.start.line) for d in both) == [("E202", 11), ("E203", 10)]
    assert lsp.change("main.guard", MAIN) == []
    lsp.close("main.guard")


def test_changes_faster_than_analysis_end_with_the_last_texts_diagnostics(lsp: Client) -> None:
    """Changes sent back to back: whichever the server skips, what it publishes for the last
    version is the last text's diagnostics."""
    text = 'guardrail "r":\n  filter hate at high\n'
    assert lsp.open("rapid.guard", text) == []
    for typed in ("h", "hi", "hig"):
        lsp.change("rapid.guard", text.replace("high", typed), wait=False)
    last = lsp.change("rapid.guard", text.replace("high", "hgih"))
    assert [(d.code, d.range.start.character) for d in last] == [("E202", 17)]
    lsp.close("rapid.guard")


def test_a_warning_is_a_warning(lsp: Client) -> None:
    text = 'guardrail "w":\n  filter hate at none\n'
    found = lsp.open("warn.guard", text)
    assert [(d.code, d.severity) for d in found] == [("W201", t.DiagnosticSeverity.Warning)]
    lsp.close("warn.guard")


def test_the_explanation_a_code_links_to(lsp: Client) -> None:
    text = lsp.run(lsp.client.protocol.send_request_async("guardc/explain", {"code": "E203"}))
    assert text.startswith(f"E203: {CODES['E203'].title}")
    assert CODES["E203"].explanation in text
    nothing = lsp.run(lsp.client.protocol.send_request_async("guardc/explain", {"code": "E999"}))
    assert nothing is None


def test_use_of_an_open_buffer_sees_the_buffer_not_the_file(lsp: Client) -> None:
    # on disk, lib.guard defines no topic; the open, unsaved buffer does
    (lsp.folder / "lib.guard").write_text('words "w":\n  "x"\n', encoding="utf-8")
    lib = 'topic "Unsaved":\n  means "Only in the editor."\n'
    user = 'use "lib.guard"\n\nguardrail "u":\n  deny topic "Unsaved"\n'
    assert lsp.open("lib.guard", lib) == []
    assert lsp.open("user.guard", user) == []
    # the topic renamed in the buffer: the user's buffer is analysed again, and now fails
    lsp.change("lib.guard", lib.replace("Unsaved", "Unsavd"))
    follow = lsp.next(lsp.uri("user.guard"))
    assert follow.version == 1  # the user's buffer did not change, its diagnostics did
    assert [d.code for d in follow.diagnostics] == ["E104"]
    assert 'did you mean `"Unsavd"`?' in follow.diagnostics[0].message
    lsp.close("user.guard")
    lsp.close("lib.guard")


def test_diagnostics_of_an_unsaved_new_file(lsp: Client) -> None:
    found = lsp.open("never-saved.guard", 'guardrail "n":\n  block credit card numbrs\n')
    assert [d.code for d in found] == ["E203"]
    lsp.close("never-saved.guard")


def test_formatting_is_fmt(lsp: Client) -> None:
    messy = 'guardrail   "f":\n    block  credit card numbers # cards\n    filter hate at HIGH\n'
    lsp.open("fmt.guard", messy)
    edits = lsp.run(
        lsp.client.text_document_formatting_async(
            t.DocumentFormattingParams(
                text_document=lsp.doc("fmt.guard"),
                options=t.FormattingOptions(tab_size=2, insert_spaces=True),
            )
        )
    )
    assert edits
    module = lower_text(messy, "fmt.guard", Diagnostics())
    assert module is not None
    expected = reformat(module, messy)
    assert expected is not None and expected != messy
    assert _apply(messy, edits) == expected
    # guardc fmt itself writes the same text
    done = subprocess.run(
        [sys.executable, "-m", "compiler", "fmt", "-"],
        input=messy,
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == expected
    lsp.close("fmt.guard")


def test_formatting_leaves_a_broken_buffer_alone(lsp: Client) -> None:
    lsp.open("broken.guard", 'guardrail "b"\n  block names\n')
    edits = lsp.run(
        lsp.client.text_document_formatting_async(
            t.DocumentFormattingParams(
                text_document=lsp.doc("broken.guard"),
                options=t.FormattingOptions(tab_size=2, insert_spaces=True),
            )
        )
    )
    assert edits is not None and list(edits) == []
    lsp.close("broken.guard")


def test_document_symbols(lsp: Client) -> None:
    (lsp.folder / "shared.guard").write_text(SHARED, encoding="utf-8")
    text = SHARED + '\ntest "t" for "base":\n  input "hi" is allowed\n'
    text += 'guardrail "inline":\n  deny topic "Own":\n    means "Its own topic."\n'
    lsp.open("symbols.guard", text)
    found = lsp.run(
        lsp.client.text_document_document_symbol_async(
            t.DocumentSymbolParams(text_document=lsp.doc("symbols.guard"))
        )
    )
    assert found is not None
    outline = [(s.name, s.kind) for s in found if isinstance(s, t.DocumentSymbol)]
    assert outline == [
        ("Gambling", t.SymbolKind.String),
        ("codenames", t.SymbolKind.Array),
        ("ids", t.SymbolKind.Enum),
        ("ticket", t.SymbolKind.Constant),
        ("base", t.SymbolKind.Class),
        ("t", t.SymbolKind.Method),
        ("inline", t.SymbolKind.Class),
    ]
    inline = found[-1]
    assert isinstance(inline, t.DocumentSymbol) and inline.children
    assert [(c.name, c.kind) for c in inline.children] == [("Own", t.SymbolKind.String)]
    starts = [s.range.start for s in found if isinstance(s, t.DocumentSymbol)]
    assert starts[4] == _pos(text, 'guardrail "base"')
    assert starts[5] == _pos(text, 'test "t"')
    lsp.close("symbols.guard")


def _actions(lsp: Client, name: str, where: t.Range) -> list[t.CodeAction]:
    found = lsp.run(
        lsp.client.text_document_code_action_async(
            t.CodeActionParams(
                text_document=lsp.doc(name),
                range=where,
                context=t.CodeActionContext(diagnostics=lsp.latest[lsp.uri(name)]),
            )
        )
    )
    return [a for a in found or [] if isinstance(a, t.CodeAction)]


def test_a_quick_fix_takes_the_did_you_mean(lsp: Client) -> None:
    (lsp.folder / "shared.guard").write_text(SHARED, encoding="utf-8")
    text = (
        'use "shared.guard"\n\nguardrail "q":\n  block credit crd numbers on input\n'
        '  deny topic "Gambing"\n  filter hate at hihg\n'
    )
    found = lsp.open("fix.guard", text)
    assert sorted(str(d.code) for d in found) == ["E104", "E202", "E203"]
    uri = lsp.uri("fix.guard")
    one = _actions(lsp, "fix.guard", _range(text, "credit crd numbers"))
    assert [a.title for a in one] == ["Replace with credit card numbers"]
    assert one[0].kind == t.CodeActionKind.QuickFix
    assert [d.code for d in one[0].diagnostics or []] == ["E203"]
    everything = t.Range(start=t.Position(line=0, character=0), end=_pos(text, "hihg", 4))
    actions = _actions(lsp, "fix.guard", everything)
    assert sorted(a.title for a in actions) == [
        'Replace with "Gambling"',
        "Replace with credit card numbers",
        "Replace with high",
    ]
    edits = [e for a in actions if a.edit and a.edit.changes for e in a.edit.changes[uri]]
    fixed = _apply(text, edits)
    assert fixed == (
        'use "shared.guard"\n\nguardrail "q":\n  block credit card numbers on input\n'
        '  deny topic "Gambling"\n  filter hate at high\n'
    )
    assert lsp.change("fix.guard", fixed) == []
    assert _actions(lsp, "fix.guard", everything) == []  # no hint, no action
    lsp.close("fix.guard")


def test_lsp_is_a_command(repo_root: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "compiler", "lsp", "--help"],
        capture_output=True,
        text=True,
        check=False,
        cwd=repo_root,
    )
    assert done.returncode == 0
    assert "language server" in done.stdout.lower()
    probe = (
        "import sys; from compiler.cli import main; main(['check', 'examples']); "
        "print(sorted(m for m in ('pygls', 'lsprotocol', 'compiler.lsp') if m in sys.modules))"
    )
    checked = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False, cwd=repo_root
    )
    assert checked.stdout.splitlines()[-1] == "[]"


def test_ranges_count_utf16_code_units(lsp: Client) -> None:
    """LSP columns count UTF-16 code units by default: an emoji before an error moves the range
    by two, not one (guardc's spans count characters)."""
    text = 'guardrail "e":\n  block words "😀 x" on inptu\n'
    found = lsp.open("wide.guard", text)
    assert len(found) == 1
    column = text.split("\n")[1].index("inptu")
    assert found[0].range.start == t.Position(line=1, character=column + 1)
    lsp.close("wide.guard")


def test_errors_in_a_used_file_that_is_not_open(lsp: Client) -> None:
    """`check user.guard` reports the errors of the files it uses: so does the server, for
    those files, and clears them once they are gone."""
    lib = lsp.folder / "closed-lib.guard"
    lib.write_text('pii group "g": credit crd numbers\n', encoding="utf-8")
    user = 'use "closed-lib.guard"\n\nguardrail "c":\n  block names\n'
    assert lsp.open("closed-user.guard", user) == []
    published = lsp.next(lib.as_uri())
    assert [d.code for d in published.diagnostics] == ["E203"]
    assert published.diagnostics[0].range.start == t.Position(line=0, character=15)
    lib.write_text('pii group "g": credit card numbers\n', encoding="utf-8")
    assert lsp.change("closed-user.guard", user + "  block ages\n") == []
    assert list(lsp.next(lib.as_uri()).diagnostics) == []
    lsp.close("closed-user.guard")
