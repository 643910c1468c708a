"""editors/vscode/: the manifest and the TextMate grammar are valid JSON, and the grammar's
keywords and phrases are the language's own, so the highlighting cannot drift from the grammar
(grammar/guard.lark, through lark's terminals) or the vocabulary (compiler/vocab.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from compiler.lsp.complete import keywords
from compiler.vocab import FILTER_PHRASES, PII_PHRASES, Strength

ROOT = Path(__file__).resolve().parents[2]
VSCODE = ROOT / "editors" / "vscode"


def _json(name: str) -> Any:
    return json.loads((VSCODE / name).read_text(encoding="utf-8"))


def _alternatives(match: str) -> set[str]:
    """The words of a `(?i)\\b(a|b|c)\\b` pattern (`\\s+` read as one space)."""
    found = re.fullmatch(r"\(\?i\)\\b\((.*)\)\\b", match)
    assert found is not None, match
    return {w.replace("\\s+", " ") for w in found.group(1).split("|")}


@pytest.fixture(scope="module")
def grammar() -> Any:
    return _json("syntaxes/guard.tmLanguage.json")


def test_the_grammar_keywords_are_the_languages(grammar: Any) -> None:
    written = _alternatives(grammar["repository"]["keyword"]["match"])
    language = set(keywords().values())
    assert sorted(language - written) == [], "keywords missing from the TextMate grammar"
    assert sorted(written - language) == [], "words the language does not have"


def test_the_grammar_phrases_are_the_vocabulary(grammar: Any) -> None:
    written = _alternatives(grammar["repository"]["phrase"]["match"])
    assert written == set(PII_PHRASES) | set(FILTER_PHRASES)
    strengths = re.search(r"\((none\|[a-z|]+)\)", grammar["repository"]["strength"]["match"])
    assert strengths is not None
    assert set(strengths.group(1).split("|")) == {s.value.lower() for s in Strength}


def test_every_grammar_pattern_compiles_and_highlights(grammar: Any) -> None:
    rules = grammar["repository"]
    for rule in rules.values():
        for key in ("match", "begin", "end"):
            if key in rule:
                re.compile(rule[key])
    keyword = re.compile(rules["keyword"]["match"])
    line = 'guardrail "x" extends "y":  # Block'
    assert [m.group() for m in keyword.finditer(line)] == ["guardrail", "extends", "Block"]
    phrase = re.compile(rules["phrase"]["match"])
    assert phrase.search("mask Credit  Card numbers on output") is not None
    assert re.fullmatch(rules["comment"]["match"], "# a comment")


def test_the_manifest_names_the_language_grammar_and_client() -> None:
    manifest = _json("package.json")
    (language,) = manifest["contributes"]["languages"]
    assert language["id"] == "guard" and language["extensions"] == [".guard"]
    (grammar,) = manifest["contributes"]["grammars"]
    assert grammar["scopeName"] == _json("syntaxes/guard.tmLanguage.json")["scopeName"]
    for path in (grammar["path"], language["configuration"], manifest["main"]):
        assert (VSCODE / path).is_file(), path
    _json(language["configuration"])  # valid JSON
    client = (VSCODE / manifest["main"]).read_text(encoding="utf-8")
    assert 'args: ["lsp"]' in client  # it starts `guardc lsp`
    assert '"guardc/explain"' in client  # the server's request for a code's explanation
    assert "vscode-languageclient" in manifest["dependencies"]
    assert (VSCODE / "README.md").is_file()
