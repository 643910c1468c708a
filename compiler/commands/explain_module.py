"""`guardc explain stdlib.topics`: what a standard library module exports; and the generated
`stdlib/README.md` (scripts/stdlib_readme.py writes it, tests/test_stdlib.py checks it is current).

Both read the modules themselves (frontend/exports.py), so neither can drift from them.
"""

from __future__ import annotations

import json
import sys
import textwrap
from typing import TYPE_CHECKING

from .common import EXIT_FINDINGS, EXIT_OK, report

if TYPE_CHECKING:
    from ..frontend.exports import Export

README_NOTE = (
    "Generated from the modules by `python scripts/stdlib_readme.py`; do not edit by hand "
    "(tests/test_stdlib.py fails when it is stale). In a terminal, `guardc explain stdlib` "
    "lists the modules and `guardc explain stdlib.NAME` what one exports."
)


def module_exports(name: str) -> tuple[list[Export], list[str]] | None:
    """The exports of standard library module `name` and its opening comment; None (after
    reporting the diagnostics) when the module does not load clean."""
    from ..diagnostics.sink import Diagnostics
    from ..frontend.exports import exports, header
    from ..pipeline import stdlib_module

    sink = Diagnostics()
    module, text = stdlib_module(name, sink)
    if module is None:
        report(sink.sorted(), {name.replace(".", "/") + ".guard": text})
        return None
    return exports(module), header(text)


def _counts(found: list[Export]) -> str:
    from ..frontend.exports import KINDS

    parts = []
    for kind, plural in KINDS.items():
        n = sum(e.kind == kind for e in found)
        if n:
            parts.append(f"{n} {plural if n != 1 else kind}")
    return ", ".join(parts) or "nothing"


def explain_stdlib(subject: str, fmt: str) -> int:
    """`guardc explain stdlib` (the modules) or `guardc explain stdlib.NAME` (its exports)."""
    from ..pipeline import stdlib_modules

    names = stdlib_modules() if subject == "stdlib" else [subject]
    listed: dict[str, tuple[list[Export], list[str]]] = {}
    for name in names:
        loaded = module_exports(name)
        if loaded is None:
            return EXIT_FINDINGS
        listed[name] = loaded
    if fmt == "json":
        obj = {
            name: {
                "description": " ".join(head),
                "exports": [
                    {
                        "kind": e.kind,
                        "name": e.name,
                        "summary": e.summary,
                        "line": e.line,
                        "details": list(e.details),
                    }
                    for e in found
                ],
            }
            for name, (found, head) in listed.items()
        }
        sys.stdout.write(json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
        return EXIT_OK
    if subject == "stdlib":
        width = max(len(n) for n in listed)
        lines = [f"{name:<{width}}  {_counts(found)}" for name, (found, _) in listed.items()]
        lines += ["", "Each module's exports: guardc explain stdlib.NAME"]
    else:
        lines = _module_text(subject, *listed[subject])
    sys.stdout.write("\n".join(lines) + "\n")
    return EXIT_OK


def _module_text(name: str, found: list[Export], head: list[str]) -> list[str]:
    lines = [f"{name} ({name.replace('.', '/')}.guard): {_counts(found)}", ""]
    lines += [f"  {line}" if line else "" for line in head]
    for e in found:
        lines += ["", f'{e.kind} "{e.name}" (line {e.line})']
        lines += textwrap.wrap(e.summary, width=92, initial_indent="    ", subsequent_indent="    ")
        if e.kind == "topic":
            lines.append(f"    {len(e.details)} examples")
    lines += ["", f"Use it with `use {name}`."]
    return lines


# ── stdlib/README.md ──────────────────────────────────────────────────────────────────────────


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(kind: str, found: list[Export]) -> list[str]:
    rows = [e for e in found if e.kind == kind]
    if kind == "topic":
        out = ["| topic | definition | examples |", "|---|---|---|"]
        out += [f"| `{e.name}` | {_cell(e.summary)} | {len(e.details)} |" for e in rows]
    elif kind == "words":
        out = ["| word list | entries |", "|---|---|"]
        out += [f"| `{e.name}` | {_cell(', '.join(e.details))} |" for e in rows]
    elif kind == "pii group":
        out = ["| PII group | entities |", "|---|---|"]
        out += [f"| `{e.name}` | {_cell(e.summary)} |" for e in rows]
    elif kind == "pattern":
        out = ["| pattern | matches | regex |", "|---|---|---|"]
        out += [f"| `{e.name}` | {_cell(e.summary)} | `{_cell(e.details[0])}` |" for e in rows]
    else:
        out = ["| guardrail | what it is |", "|---|---|"]
        out += [f"| `{e.name}` | {_cell(e.summary)} |" for e in rows]
    return out


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(text, width=96, break_on_hyphens=False, break_long_words=False)


def _description(name: str, head: list[str]) -> list[str]:
    """The module's opening comment as Markdown: prose wrapped, indented lines (an example of
    use) as a `guard` code block."""
    text = [line.split(" — ", 1)[1] if line.startswith(f"{name} — ") else line for line in head]
    if text:
        text[0] = text[0][:1].upper() + text[0][1:]
    out: list[str] = []
    prose: list[str] = []
    code: list[str] = []
    for line in [*text, ""]:
        if line.startswith("  ") and line.strip():
            if prose:
                out += [*_wrap(" ".join(prose)), ""]
                prose = []
            code.append(line[2:])
            continue
        if code:
            out += ["```guard", *code, "```", ""]
            code = []
        if line.strip():
            prose.append(line.strip())
    if prose:
        out += [*_wrap(" ".join(prose)), ""]
    return out


def readme() -> str:
    """The text of stdlib/README.md: an index of the modules, then each module's exports."""
    from ..frontend.exports import KINDS
    from ..pipeline import stdlib_modules

    listed: dict[str, tuple[list[Export], list[str]]] = {}
    for name in stdlib_modules():
        loaded = module_exports(name)
        if loaded is None:
            raise RuntimeError(f"{name} does not load clean")
        listed[name] = loaded
    lines = ["# The standard library", "", *_wrap(README_NOTE), ""]
    lines += ["| module | exports |", "|---|---|"]
    lines += [f"| [`{n}`](#{n.replace('.', '')}) | {_counts(f)} |" for n, (f, _) in listed.items()]
    for name, (found, head) in listed.items():
        lines += ["", f"## {name}", "", f"`use {name}` ({name.split('.', 1)[1]}.guard).", ""]
        lines += _description(name, head)
        for kind, plural in KINDS.items():
            if any(e.kind == kind for e in found):
                lines += [f"### {plural[0].upper()}{plural[1:]}", "", *_table(kind, found), ""]
        lines.pop()
    return "\n".join(lines) + "\n"
