"""How `guardc test` reports: pytest-like text, JSON (schemas/test-results.schema.json), JUnit.

Suite names, texts, masks and matches come from a source file that may be untrusted: the text
and JUnit reports show them through `textsafe.visible` (a control or bidi character never drives
the terminal or the CI log that prints them, and XML 1.0 could not hold most of them anyway);
JSON escapes them itself (`json.dumps` keeps to ASCII).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from xml.etree import ElementTree as ET

from ..diagnostics.sarif import Finding, Rule, from_diagnostic, render_sarif
from ..diagnostics.sink import Diagnostic
from ..diagnostics.textsafe import visible
from .runner import Coverage, Outcome, RuleId, describe_expectation

# The SARIF rule of a failed expectation (diagnostics keep their codes as rule ids).
FAILED_TEST = Rule(
    id="test-failed",
    name="FailedTestExpectation",
    short="a test expectation failed on the local evaluator",
    full="An expectation of a `test` block (`is allowed`, `is blocked by ...`, `is masked as "
    "...`, `is detected by ...`) did not hold: the guardrail answered otherwise. The message "
    "names the test block, the guardrail and what the evaluator did instead.",
    help="Change the guardrail so it answers as the test expects, or, when the test was wrong, "
    "the expectation. `guardc test PATH` shows every failure; `guardc explain PATH --guardrail "
    "NAME` shows each effective rule and where it came from.",
    level="error",
)


def _where(o: Outcome) -> str:
    span = o.expectation.span
    return f"{visible(span.file)}:{span.line}"


def _described(o: Outcome) -> str:
    return visible(describe_expectation(o.expectation))


def _expected(o: Outcome) -> str:
    return _described(o).split(" is ", 1)[-1]


def render_text(
    outcomes: list[Outcome],
    coverage: Mapping[str, Coverage],
    seconds: float,
    *,
    color: bool = False,
    against: str = "local evaluator",
    verbose: bool = False,
) -> str:
    """The text report: a line per test block, failures in detail, coverage table, summary."""
    green, red, yellow, bold, reset = (
        ("\x1b[32m", "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[0m") if color else ("",) * 5
    )
    lines: list[str] = []
    blocks: dict[tuple[str, str], list[Outcome]] = {}
    for o in outcomes:
        blocks.setdefault((o.expectation.span.file, o.suite), []).append(o)
    for (file, suite), items in blocks.items():
        marks = "".join(f"{green}.{reset}" if o.passed else f"{red}F{reset}" for o in items)
        lines.append(f'{visible(file)} "{visible(suite)}" {marks}')
    failures = [o for o in outcomes if not o.passed]
    if failures:
        lines += ["", f"{bold}FAILURES{reset}"]
        for o in failures:
            lines += [
                f"{red}FAILED{reset} {_where(o)}  [{visible(o.guardrail)}] {visible(o.suite)}",
                f"    {_described(o)}",
                f"    expected: {_expected(o)}",
                f"    got:      {visible(o.got)}",
            ]
            if o.why:
                lines.append(f"    why:      {visible(o.why)}")
    if coverage:
        lines += ["", *coverage_table(coverage, verbose=verbose, highlight=(yellow, reset))]
    passed = sum(o.passed for o in outcomes)
    failed = len(outcomes) - passed
    colour = red if failed else green
    lines += [
        "",
        f"{colour}{passed} passed, {failed} failed{reset} in {seconds:.2f}s on the {against}",
    ]
    return "\n".join(lines) + "\n"


def coverage_table(
    coverage: Mapping[str, Coverage],
    *,
    verbose: bool = False,
    highlight: tuple[str, str] = ("", ""),
) -> list[str]:
    """A row per guardrail (rules, how many fire, how many are shown quiet, coverage); with
    `verbose`, a row per rule under it."""
    on, off = highlight
    width = max(len("guardrail"), *(len(visible(name)) for name in coverage))
    lines = [
        "rule coverage: a rule counts once when a test makes it fire and once when an allowed",
        "text passes a side where it is enabled without firing it",
        f"  {'guardrail':<{width}}  rules  fire  quiet  coverage",
    ]
    for name, cov in sorted(coverage.items()):
        fired, quiet = sum(cov.fired.values()), sum(cov.quiet.values())
        counts = f"{len(cov.fired):>5}  {fired:>4}  {quiet:>5}  {cov.percent:>7.0f}%"
        lines.append(f"  {visible(name):<{width}}  {counts}")
        if verbose:
            for rule in cov.fired:
                fires = "fires" if cov.fired[rule] else f"{on}never fires{off}"
                shown = "quiet" if cov.quiet[rule] else f"{on}never shown quiet{off}"
                lines.append(f"      {visible(rule.label()):<44} {fires:<11}  {shown}")
    return lines


def to_json(
    outcomes: list[Outcome], coverage: Mapping[str, Coverage], seconds: float
) -> dict[str, Any]:
    """The machine-readable report (validated against schemas/test-results.schema.json)."""
    return {
        "version": 1,
        "results": [
            {
                "file": o.expectation.span.file,
                "line": o.expectation.span.line,
                "column": o.expectation.span.column,
                "suite": o.suite,
                "guardrail": o.guardrail,
                "expectation": describe_expectation(o.expectation),
                "passed": o.passed,
                "got": o.got,
                "fired": [
                    {"rule": h.rule.label(), "match": h.match, "action": h.action} for h in o.hits
                ],
                **({"why": o.why} if o.why else {}),
            }
            for o in outcomes
        ],
        "coverage": {
            name: {
                "percent": round(cov.percent, 2),
                "rules": [
                    {"rule": r.label(), "fires": cov.fired[r], "quiet": cov.quiet[r]}
                    for r in cov.fired
                ],
            }
            for name, cov in sorted(coverage.items())
        },
        "summary": {
            "passed": sum(o.passed for o in outcomes),
            "failed": sum(not o.passed for o in outcomes),
            "seconds": round(seconds, 3),
        },
    }


def render_json(outcomes: list[Outcome], coverage: Mapping[str, Coverage], seconds: float) -> str:
    """`to_json` as text."""
    return json.dumps(to_json(outcomes, coverage, seconds), indent=2, sort_keys=True) + "\n"


def render_junit(outcomes: list[Outcome]) -> bytes:
    """JUnit XML: a <testsuite> per test block, a <testcase> per expectation."""
    root = ET.Element("testsuites", name="guardc")
    suites: dict[tuple[str, str], list[Outcome]] = {}
    for o in outcomes:
        suites.setdefault((o.expectation.span.file, o.suite), []).append(o)
    for (raw_file, raw_suite), items in suites.items():
        file, suite = visible(raw_file), visible(raw_suite)
        failures = sum(not o.passed for o in items)
        el = ET.SubElement(
            root,
            "testsuite",
            name=suite,
            file=file,
            tests=str(len(items)),
            failures=str(failures),
            errors="0",
            time=f"{sum(o.seconds for o in items):.4f}",
        )
        for o in items:
            case = ET.SubElement(
                el,
                "testcase",
                classname=f"{file}::{suite}",
                name=f"line {o.expectation.span.line}: {_described(o)}",
                file=file,
                line=str(o.expectation.span.line),
                time=f"{o.seconds:.4f}",
            )
            if not o.passed:
                got = visible(o.got)
                failure = ET.SubElement(case, "failure", message=f"got: {got}")
                failure.text = f"{_where(o)}\nexpected: {_expected(o)}\ngot: {got}\n"
                if o.why:
                    failure.text += f"why: {visible(o.why)}\n"
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return body + b"\n"


def render_sarif_report(
    outcomes: list[Outcome],
    diagnostics: list[Diagnostic],
    sources: Mapping[str, str],
    version: str,
) -> str:
    """SARIF 2.1.0: a result per diagnostic (its code the rule) and per failed expectation."""
    findings = [from_diagnostic(d) for d in diagnostics]
    for o in outcomes:
        if not o.passed:
            message = (
                f'test "{o.suite}" for "{o.guardrail}": {describe_expectation(o.expectation)}, '
                f"got {o.got}"
            )
            properties = {"suite": o.suite, "guardrail": o.guardrail, "got": o.got}
            if o.why:  # what found (or missed) the prompt attack: shown where the PR is read
                message += f"; why: {o.why}"
                properties["why"] = o.why
            findings.append(Finding(FAILED_TEST, message, o.expectation.span, (), properties))
    return render_sarif(findings, sources, command="test", version=version)


def unexercised_text(guardrail: str, missing: list[RuleId]) -> str:
    """The warning for rules no test makes fire: one rule per line, grouped by kind."""
    groups: dict[str, list[str]] = {}
    for rule in missing:
        label = rule.label()
        kind = rule.kind.value
        groups.setdefault(kind, []).append(label.removeprefix(kind + " ") or label)
    lines = [f"warning: {len(missing)} rules of `{visible(guardrail)}` fire in no test:"]
    for kind, labels in sorted(groups.items()):
        lines.append(f"  {kind} ({len(labels)}):")
        lines += [f"    {visible(label)}" for label in labels]
    return "\n".join(lines) + "\n"
