"""Every diagnostic, help text and document that tells a user to run `guardc VERB` names a
command that exists.

The references: a backquoted `` `guardc VERB `` anywhere in a string of the compiler's source (the
diagnostics' messages and help, the codes' explanations, argparse help and descriptions, usage
errors), and in README.md, docs/*.md and examples/ci/*; `run: guardc VERB` and lines starting
with `guardc VERB` in the docs and the CI examples. The commands: the subcommands the real
argument parser registers.
"""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from compiler.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
_QUOTED = re.compile(r"`guardc ([a-z][a-z-]*)")
_PROSE = re.compile(r"(?:run: |^\s*(?:\$ )?)guardc ([a-z][a-z-]*)", re.MULTILINE)


def commands() -> set[str]:
    """The subcommands `guardc` registers."""
    parser = build_parser()
    for action in parser._actions:  # argparse keeps subparsers here only
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    raise AssertionError("guardc registers no subcommands")


def source_strings(folder: Path) -> Iterator[tuple[str, str]]:
    """(where, text) for every string constant of every module under `folder`."""
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


def document_texts() -> Iterator[tuple[str, str]]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    files += sorted(p for p in (ROOT / "examples" / "ci").glob("*") if p.is_file())
    for path in files:
        yield str(path.relative_to(ROOT)), path.read_text(encoding="utf-8")


def references(texts: Iterator[tuple[str, str]], prose: bool) -> Iterator[tuple[str, str]]:
    for where, text in texts:
        for found in _QUOTED.findall(text):
            yield where, found
        if prose:
            for found in _PROSE.findall(text):
                yield where, found


def unknown(texts: Iterator[tuple[str, str]], prose: bool) -> list[str]:
    known = commands()
    return [
        f"{where}: guardc {verb}" for where, verb in references(texts, prose) if verb not in known
    ]


def test_diagnostics_and_help_texts_name_real_commands() -> None:
    found = list(references(source_strings(ROOT / "compiler"), prose=False))
    assert len(found) > 100  # the scan reads the messages (W302, E401, E502 name commands)
    assert unknown(source_strings(ROOT / "compiler"), prose=False) == []


def test_documents_name_real_commands() -> None:
    assert unknown(document_texts(), prose=True) == []


@pytest.mark.parametrize(
    "text",
    ['help="run `guardc deploy` first"', "run: guardc publish .", "  guardc verify examples/"],
)
def test_a_made_up_command_is_found(text: str) -> None:
    assert unknown(iter([("planted", text)]), prose=True) == [
        f"planted: guardc {text.split('guardc ')[1].split(maxsplit=1)[0].strip('`')}"
    ]
