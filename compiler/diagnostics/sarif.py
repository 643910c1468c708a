"""SARIF 2.1.0 logs (`--format sarif` of `check` and `test`), for GitHub code scanning and other
viewers that place findings on the lines of a pull request.

A finding's rule is its diagnostic code (title, explanation and `guardc explain` from the codes
registry) or, for `guardc test`, a failed expectation. Files are URIs relative to `%SRCROOT%`:
the nearest folder at or above the current one holding `.git` (the repository a CI job checked
out), else the current folder. GitHub resolves such URIs against its checkout, so a finding
lands on the file and line of the pull request. Files outside it (the standard library's
modules) are named relative to `GUARDC_STDLIB` or by an absolute `file:` URI.

The log is deterministic for one checkout: sorted keys, rules in id order, results in report
order. The schema (tests/data/sarif/) checks it in the tests.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .codes import CODES
from .render import source_line
from .sink import Diagnostic, Severity
from .span import NO_SPAN, Span
from .textsafe import json_safe

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "%SRCROOT%"
STDLIB_BASE = "GUARDC_STDLIB"
STDLIB_PREFIX = "stdlib/"


@dataclass(frozen=True)
class Rule:
    """A SARIF reporting descriptor: what a result's `ruleId` means."""

    id: str
    name: str
    short: str
    full: str
    help: str
    level: str  # "error" | "warning" | "note"


@dataclass(frozen=True)
class Finding:
    """One SARIF result: a rule, a level, a message and where."""

    rule: Rule
    message: str
    span: Span
    related: tuple[tuple[Span, str], ...] = ()
    properties: Mapping[str, str] = field(default_factory=dict)


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _pascal(title: str) -> str:
    """`unknown PII entity` → `UnknownPiiEntity`: SARIF's `name` is an identifier-like word."""
    words = "".join(ch if ch.isalnum() else " " for ch in title).split()
    return "".join(w[:1].upper() + w[1:].lower() for w in words) or "Finding"


def code_rule(code: str) -> Rule:
    """The rule of a registered diagnostic code, its texts from the registry."""
    entry = CODES[code]
    severity = Severity.WARNING if code.startswith("W") else Severity.ERROR
    return Rule(
        id=code,
        name=_pascal(entry.title),
        short=entry.title,
        full=entry.explanation,
        help=f"{entry.explanation}\n\nMore: `guardc explain {code}`.",
        level=_level(severity),
    )


def from_diagnostic(d: Diagnostic) -> Finding:
    """A diagnostic as a finding: its message, with the note and help a reader needs."""
    text = d.message
    if d.note:
        text += f" ({d.note})"
    if d.help:
        text += f". Help: {d.help}"
    related = tuple((label.span, label.message) for label in d.labels)
    return Finding(rule=code_rule(d.code), message=text, span=d.span, related=related)


def source_root(cwd: Path | None = None) -> Path:
    """`%SRCROOT%`: the nearest folder at or above `cwd` holding `.git`, else `cwd`."""
    here = Path(os.path.realpath(cwd or os.getcwd()))
    for folder in (here, *here.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return here


def _artifact(file: str, root: Path, cwd: Path) -> dict[str, str]:
    """The artifactLocation of a source file as diagnostics name it (relative to `cwd`)."""
    path = Path(file) if os.path.isabs(file) else cwd / file
    real = Path(os.path.realpath(path))
    if os.path.lexists(path) and (real == root or root in real.parents):
        return {"uri": quote(real.relative_to(root).as_posix()), "uriBaseId": SRCROOT}
    if file.startswith(STDLIB_PREFIX) and not os.path.lexists(path):
        return {"uri": quote(file.removeprefix(STDLIB_PREFIX)), "uriBaseId": STDLIB_BASE}
    return {"uri": real.as_uri()}


def _region(span: Span, sources: Mapping[str, str]) -> dict[str, object]:
    """Lines and columns as diagnostics count them (1-based, code points, end exclusive); an
    empty span (end of file) still marks one column, as the caret does."""
    multiline = span.end_line > span.line
    region: dict[str, object] = {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line if multiline else span.line,
        "endColumn": span.end_column if multiline else max(span.end_column, span.column + 1),
    }
    text = sources.get(span.file)
    line = source_line(text, span) if text is not None else None
    if line is not None:
        region["snippet"] = {"text": line}
    return region


def _location(span: Span, sources: Mapping[str, str], root: Path, cwd: Path) -> dict[str, object]:
    return {
        "physicalLocation": {
            "artifactLocation": _artifact(span.file, root, cwd),
            "region": _region(span, sources),
        }
    }


def _rule_obj(rule: Rule) -> dict[str, object]:
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.short},
        "fullDescription": {"text": rule.full},
        "help": {"text": rule.help},
        "defaultConfiguration": {"level": rule.level},
    }


def to_sarif(
    findings: Sequence[Finding],
    sources: Mapping[str, str],
    *,
    command: str,
    version: str,
    cwd: Path | None = None,
    extra_rules: Iterable[Rule] = (),
) -> dict[str, object]:
    """The SARIF log of one run of `guardc COMMAND`: a run whose driver lists the rules the
    findings use (and `extra_rules`), and a result per finding."""
    here = Path(os.path.realpath(cwd or os.getcwd()))
    root = source_root(here)
    rules = {r.id: r for r in extra_rules}
    rules.update((f.rule.id, f.rule) for f in findings)
    order = sorted(rules)
    results = []
    for f in findings:
        result: dict[str, object] = {
            "ruleId": f.rule.id,
            "ruleIndex": order.index(f.rule.id),
            "level": f.rule.level,
            "message": {"text": f.message},
        }
        if f.span.file != NO_SPAN.file:
            result["locations"] = [_location(f.span, sources, root, here)]
        related = [
            {**_location(span, sources, root, here), "id": i, "message": {"text": text}}
            for i, (span, text) in enumerate(f.related)
            if span.file != NO_SPAN.file
        ]
        if related:
            result["relatedLocations"] = related
        if f.properties:
            result["properties"] = dict(f.properties)
        results.append(result)
    run: dict[str, object] = {
        "tool": {
            "driver": {
                "name": "guardc",
                "version": version,
                "semanticVersion": version,
                "rules": [_rule_obj(rules[i]) for i in order],
            }
        },
        "automationDetails": {"id": f"guardc/{command}/"},
        "originalUriBaseIds": {
            SRCROOT: {
                "uri": root.as_uri().rstrip("/") + "/",
                "description": {"text": "the repository checked out (the folder holding .git)"},
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render_sarif(
    findings: Sequence[Finding],
    sources: Mapping[str, str],
    *,
    command: str,
    version: str,
    extra_rules: Iterable[Rule] = (),
) -> str:
    """`to_sarif` as text ending in a newline."""
    log = to_sarif(findings, sources, command=command, version=version, extra_rules=extra_rules)
    return json_safe(json.dumps(log, sort_keys=True, indent=2, ensure_ascii=False)) + "\n"


def diagnostics_sarif(
    diagnostics: Iterable[Diagnostic], sources: Mapping[str, str], *, command: str, version: str
) -> str:
    """The SARIF log of diagnostics alone (`guardc check --format sarif`)."""
    findings = [from_diagnostic(d) for d in diagnostics]
    return render_sarif(findings, sources, command=command, version=version)
