"""What a module exports: its top-level definitions, each with a one-line summary.

`guardc explain stdlib.topics` prints them and `stdlib/README.md` is generated from them
(commands/explain_module.py), so the list a user reads is the list the modules define.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..vocab import PII_PHRASE
from .syntax import (
    DescriptionStmt,
    GuardrailDecl,
    Module,
    PatternDef,
    PiiGroupDef,
    TopicDef,
    WordListDef,
)

# The kinds a module exports, in the order they are listed, with their plural headings.
KINDS = {
    "topic": "topics",
    "words": "word lists",
    "pii group": "PII groups",
    "pattern": "patterns",
    "guardrail": "guardrails",
}


@dataclass(frozen=True)
class Export:
    """One definition a `use` makes visible: its kind, name, one-line summary and line."""

    kind: str
    name: str
    summary: str
    line: int
    details: tuple[str, ...] = ()


def _guardrail(decl: GuardrailDecl) -> Export:
    description = next((s.text for s in decl.statements if isinstance(s, DescriptionStmt)), "")
    summary = description or "(no description)"
    if decl.extends is not None:
        summary += f' (extends "{decl.extends.name}")'
    return Export("guardrail", decl.name, summary, decl.span.line)


def exports(module: Module) -> list[Export]:
    """The module's definitions, grouped by kind (KINDS order), in the order written."""
    found: list[Export] = []
    for item in module.items:
        line = item.span.line
        if isinstance(item, TopicDef):
            examples = tuple(e.value for e in item.examples)
            found.append(Export("topic", item.name, item.definition, line, examples))
        elif isinstance(item, WordListDef):
            words = tuple(w.value for w in item.words)
            found.append(Export("words", item.name, f"{len(words)} entries", line, words))
        elif isinstance(item, PiiGroupDef):
            entities = tuple(PII_PHRASE[e.entity] for e in item.entities)
            found.append(Export("pii group", item.name, ", ".join(entities), line, entities))
        elif isinstance(item, PatternDef):
            summary = item.description or "(no description)"
            found.append(Export("pattern", item.name, summary, line, (item.regex,)))
        elif isinstance(item, GuardrailDecl):
            found.append(_guardrail(item))
    order = list(KINDS)
    return sorted(found, key=lambda e: order.index(e.kind))


def header(text: str) -> list[str]:
    """The module's opening comment block, without the `#` marks (its own description)."""
    lines: list[str] = []
    for raw in text.splitlines():
        if not raw.startswith("#"):
            break
        lines.append(raw[1:].removeprefix(" ").rstrip())
    return lines
