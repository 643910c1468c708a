"""Every place that tells a user to run `guardc WORD` names a command that exists.

Diagnostics (W302 and E401 once told users to run a command that did not exist yet), argparse
help, the code registry's explanations, `docs/*.md`, `README.md` and the CI examples
(`examples/ci/*`) are scanned. A mention is
`guardc WORD` in backticks, after "run" / "run:", or at the start of a line (shell examples);
prose such as "guardc writes" is none of these and is left alone.
"""

from __future__ import annotations

import argparse
import ast
import re
from pathlib import Path

import pytest

from compiler import cli
from compiler.diagnostics.codes import CODES

ROOT = Path(__file__).resolve().parents[2]

_IN_TEXT = (
    r"`guardc\s+([A-Za-z][\w-]*)"  # in backticks
    r"|\b[Rr]un:?\s+`?guardc\s+([A-Za-z][\w-]*)"  # after run / run:
)
_MENTION = re.compile(_IN_TEXT)
# in a document, a line that starts with the command is a shell example (`$ guardc check x`)
_DOC_MENTION = re.compile(_IN_TEXT + r"|^[ \t>$]*guardc\s+([A-Za-z][\w-]*)", re.MULTILINE)


def mentions(text: str, pattern: re.Pattern[str] = _MENTION) -> list[str]:
    """The command words `text` tells a user to run."""
    return [next(g for g in m.groups() if g) for m in pattern.finditer(text)]


def _wrong(text: str, pattern: re.Pattern[str] = _MENTION) -> list[str]:
    return [word for word in mentions(text, pattern) if word not in cli.COMMANDS]


def _string_literals(path: Path) -> list[str]:
    """The string constants of a module except docstrings (prose about the code, not help)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                found.append(node.value)
        elif isinstance(node, ast.JoinedStr):  # f-strings: their literal parts, joined
            found.append("".join(str(p.value) for p in node.values if isinstance(p, ast.Constant)))
    return found


def test_the_scanner_finds_the_three_forms_and_skips_prose() -> None:
    text = "run `guardc apply` first\nRun: guardc plan x\n$ guardc fmt a.guard\nguardc writes it"
    assert mentions(text) == ["apply", "plan"]
    assert mentions(text, _DOC_MENTION) == ["apply", "plan", "fmt", "writes"]
    assert _wrong("then run guardc deploy to ship it") == ["deploy"]


def test_diagnostic_explanations_name_real_commands() -> None:
    bad = {
        c: _wrong(f"{info.title}\n{info.explanation}\n{info.retired}") for c, info in CODES.items()
    }
    assert {c: w for c, w in bad.items() if w} == {}


def test_the_source_scan_reads_the_messages() -> None:
    # W302, E401 and E502 name commands: a scan that found next to nothing would pass vacuously
    found = [
        w
        for p in (ROOT / "compiler").rglob("*.py")
        for t in _string_literals(p)
        for w in mentions(t)
    ]
    assert len(found) > 50


@pytest.mark.parametrize(
    "path",
    sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "compiler").rglob("*.py")),
)
def test_strings_in_the_source_name_real_commands(path: str) -> None:
    bad = [w for text in _string_literals(ROOT / path) for w in _wrong(text)]
    assert bad == []


@pytest.mark.parametrize(
    "path",
    [
        "README.md",
        *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md")),
        *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "examples" / "ci").glob("*")),
    ],
)
def test_docs_name_real_commands(path: str) -> None:
    assert _wrong((ROOT / path).read_text(encoding="utf-8"), _DOC_MENTION) == []


def _help_texts(parser: argparse.ArgumentParser) -> list[str]:
    texts = [parser.format_help()]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                texts.extend(_help_texts(sub))
    return texts


def test_argparse_help_names_real_commands() -> None:
    parser = cli.build_parser()
    texts = _help_texts(parser)
    assert len(texts) > len(cli.COMMANDS)  # every command's own help was reached
    assert [w for t in texts for w in _wrong(t)] == []
