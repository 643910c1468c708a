"""Stage 4: every rule a resolved policy must meet, reported at the source line.

`validate(policy, sink, limits=...)` runs the ordered `CHECKS` on every guardrail, then the
checks of each target scope asked for (`SCOPES`: today only `"bedrock"`, the quotas and forms of
Amazon Bedrock in `bedrock_limits.py`), then `POLICY_CHECKS` on the whole policy. The checks
here hold for every target: names that are also folder names, empty guardrails, filters that
filter nothing, regexes no engine should run, the `access:` block's identities and test
expectations that could never pass. A target declares the scopes it needs in its `TargetSpec`
(`compiler/targets/__init__.py`); `guardc check` runs them all.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Collection
from functools import partial

from ..aws import bedrock_model as bm
from ..diagnostics.sink import Diagnostics, Label, Severity
from ..diagnostics.span import NO_SPAN, Span
from ..ir import Guardrail, PatternRule, Policy
from ..vocab import FILTER_PHRASE, Strength
from . import bedrock_limits
from .enforcement import check_enforcement, check_sharing
from .expectations import check_test_expectations
from .identity import check_access
from .monitoring import check_monitoring
from .text import show

GuardrailCheck = Callable[[Guardrail, Diagnostics], None]
PolicyCheck = Callable[[Policy, Diagnostics], None]


def validate(policy: Policy, sink: Diagnostics, limits: Collection[str] | None = None) -> None:
    """Report to `sink` every way `policy` breaks the rules every target shares, those of the
    target scopes in `limits` (None: every scope in `SCOPES`) and its own tests' premises."""
    scoped = [
        check
        for scope, checks in SCOPES.items()
        if limits is None or scope in limits
        for check in checks
    ]
    # with environments declared and none chosen, one may still fill in what enforcement needs
    placed = policy.environment is not None or not policy.environments
    checks = [
        partial(check_enforcement, placed=False) if c is check_enforcement and not placed else c
        for c in CHECKS
    ]
    for guardrail in policy.guardrails:
        for check in (*checks, *scoped):
            check(guardrail, sink)
    for policy_check in POLICY_CHECKS:
        policy_check(policy, sink)


# ── guardrail checks ───────────────────────────────────────────────────────────────────────


def check_name(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Guardrail names: 1–50 of letters, digits, `-` and `_`, Bedrock's rule. Checked for every
    target: names are also the folders `guardc compile` writes to."""
    limits = bm.guardrail_field("name")
    name = guardrail.bedrock_name  # with the environment's name suffix, if any
    if not name or (limits.max is not None and len(name) > limits.max) or not limits.matches(name):
        sink.emit(
            "E216",
            f"guardrail name `{show(name)}` is not a valid Bedrock name",
            guardrail.span,
            note=f"1–{int(limits.max or 0)} letters, digits, `-` or `_`",
            help="use letters, digits, `-` and `_` only, e.g. `support-bot`",
        )


def check_regexes(guardrail: Guardrail, sink: Diagnostics) -> None:
    """An empty regex (E303) and what `regex_safety` finds in the others: a regex no engine
    should run is no target's business to accept (Bedrock's length limit is in
    `bedrock_limits`)."""
    for rule in guardrail.patterns:
        if not rule.regex:
            where = rule.regex_span if rule.regex_span != NO_SPAN else rule.span
            sink.emit("E303", f"pattern `{show(rule.name)}` has an empty regex", where)
            continue
        # imported here: the regex analysis is only needed by files that define patterns
        from .regex_safety import analyse  # noqa: PLC0415

        for issue in analyse(rule.regex):
            sink.emit(
                issue.code,
                f"pattern `{show(rule.name)}` {issue.message}",
                _inside(rule, issue.offset, issue.length),
                note=issue.note or None,
                help=issue.hint,
                labels=tuple(
                    Label(span=_inside(rule, offset, length), message=note)
                    for offset, length, note in issue.labels
                ),
            )


def _inside(rule: PatternRule, offset: int, length: int = 1) -> Span:
    """The span of characters `offset` to `offset + length` of the regex, mapped through the
    literal's escapes and text-block layout (`regex_offsets`) onto the line each character is
    on (`regex_lines`); the whole literal when its offsets are unknown, and the statement when
    there is no literal (a generated rule). A span running onto another line ends at the end
    of the first: a caret marks one line."""
    literal = rule.regex_span
    if literal == NO_SPAN:
        return rule.span
    offsets = rule.regex_offsets
    if not offsets and literal.end - literal.start == len(rule.regex) + 2:
        offsets = tuple(range(1, len(rule.regex) + 2))  # no escapes: one source character each
    lines = rule.regex_lines
    if len(offsets) != len(rule.regex) + 1 or (literal.line != literal.end_line and not lines):
        return literal
    first = min(max(offset, 0), max(len(rule.regex) - 1, 0))
    last = min(max(offset + length, first + 1), len(rule.regex))
    start, end = offsets[first], offsets[last]
    if end <= start:  # an empty regex: the closing quote
        end = start + 1
    row = bisect_right(lines, start)  # lines of the literal before the one `start` is on
    if row < len(lines):
        end = min(end, lines[row] - 1)  # stop at the end of that line
    column = literal.column + start if row == 0 else start - lines[row - 1] + 1
    return Span(
        file=literal.file,
        start=literal.start + start,
        end=literal.start + end,
        line=literal.line + row,
        column=column,
        end_line=literal.line + row,
        end_column=column + (end - start),
    )


def check_filters(guardrail: Guardrail, sink: Diagnostics) -> None:
    """W201 for a content filter whose every enabled side has strength `none`: Bedrock accepts
    it, but it filters nothing."""
    idle: dict[Span, list[str]] = {}  # one statement (`filter hate, insults at none`)
    for rule in guardrail.filters:
        sides = [c for c in (rule.input, rule.output) if c is not None]
        if sides and all(c.strength is Strength.NONE for c in sides):
            idle.setdefault(rule.span, []).append(f"`{FILTER_PHRASE[rule.category]}`")
    for span, names in idle.items():
        which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        noun = "content filter" if len(names) == 1 else "content filters"
        sink.emit(
            "W201",
            f"{noun} {which} at `none` {'filters' if len(names) == 1 else 'filter'} nothing",
            span,
            help="give it a strength (`low`, `medium`, `high`) or remove the statement",
        )


def check_not_empty(guardrail: Guardrail, sink: Diagnostics) -> None:
    """A guardrail needs at least one policy (Bedrock rejects one with none)."""
    g = guardrail
    if any(
        (g.topics, g.filters, g.words, g.profanity, g.pii, g.patterns, g.grounding, g.reasoning)
    ):
        return
    # a statement an earlier stage rejected was dropped: "no rules" would only echo that error
    errors = (d.span for d in sink.items if d.severity is Severity.ERROR)
    if any(e.file == g.span.file and g.span.start <= e.start < g.span.end for e in errors):
        return
    sink.emit(
        "E220",
        f"guardrail `{show(g.name)}` has no rules",
        g.span,
        help="add at least one topic, filter, word, PII, pattern, grounding or automated "
        "reasoning rule",
    )


# Independent checks, in the order a reader meets the settings in a guardrail.
CHECKS: tuple[GuardrailCheck, ...] = (
    check_name,
    check_not_empty,
    check_filters,
    check_regexes,
    check_access,
    check_sharing,
    check_enforcement,
)

# Checks that bind only the targets naming their scope in `TargetSpec.limits`; after `CHECKS`.
SCOPES: dict[str, tuple[GuardrailCheck, ...]] = {
    "bedrock": bedrock_limits.CHECKS,
}

POLICY_CHECKS: tuple[PolicyCheck, ...] = (check_test_expectations, check_monitoring)
