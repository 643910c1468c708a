"""Stage 4: everything Bedrock would reject, reported at the source line before any AWS call.

`validate(policy, sink)` runs the ordered `CHECKS` on every guardrail and `POLICY_CHECKS` on the
whole policy. Lengths, patterns and list maxima come from Bedrock's own service model
(`bedrock_model.field`), not from numbers typed here, except where the model is known to be wrong
(the topic definition limit depends on the tier; grounding thresholds stop at 0.99): those
numbers live in `bedrock_rules`, beside the payload rules that use them too. Identifiers (keys,
profiles, ARNs, tags, the access block) are checked in `validate_identity`, test expectations in
`validate_expectations`.
"""

from __future__ import annotations

from collections.abc import Callable

from . import bedrock_model as bm
from .diagnostics import Diagnostics, Label, Severity
from .ir import Guardrail, PatternRule, Policy
from .span import NO_SPAN, Span
from .validate_expectations import check_test_expectations
from .validate_identity import (
    check_access,
    check_cross_region,
    check_kms_key,
    check_reasoning,
    check_tags,
)
from .vocab import FILTER_PHRASE, Strength, Tier

GuardrailCheck = Callable[[Guardrail, Diagnostics], None]
PolicyCheck = Callable[[Policy, Diagnostics], None]

PATTERN_QUOTA = 10  # the published regex quota of older regions (the model allows 30)


def validate(policy: Policy, sink: Diagnostics) -> None:
    """Report to `sink` every way `policy` breaks Bedrock's rules or its own tests' premises."""
    for guardrail in policy.guardrails:
        for check in CHECKS:
            check(guardrail, sink)
    for policy_check in POLICY_CHECKS:
        policy_check(policy, sink)


# ── helpers ─────────────────────────────────────────────────────────────────────────────────


def _limits(path: str) -> bm.FieldLimits:
    return bm.field(f"CreateGuardrail.{path}")


def _setting(guardrail: Guardrail, key: str) -> Span:
    """Where a single-valued setting was written (the guardrail's span when unknown)."""
    return dict(guardrail.spans).get(key, guardrail.span)


def _plural(n: float, word: str) -> str:
    count = int(n) if float(n).is_integer() else n
    return f"{count} {word if count == 1 else word + 's'}"


def _show(value: str, width: int = 40) -> str:
    """User text for a one-line message: long values are cut in the middle."""
    return value if len(value) <= width else f"{value[: width // 2]}…{value[-(width // 2) :]}"


def _text(sink: Diagnostics, value: str, path: str, span: Span, what: str) -> None:
    """E303 for an empty text, E301 for one longer than the model's maximum at `path`."""
    limits = _limits(path)
    if not value and (limits.min or 0) >= 1:
        sink.emit(
            "E303",
            f"{what} is empty",
            span,
            help="Bedrock rejects empty text here; leave the statement out instead",
        )
    elif limits.max is not None and len(value) > limits.max:
        _too_long(sink, value, limits.max, span, what)


def _too_long(sink: Diagnostics, value: str, limit: float, span: Span, what: str) -> None:
    sink.emit(
        "E301",
        f"{what} is {_plural(len(value), 'character')}, more than Bedrock's {int(limit)}",
        span,
        note=f"Bedrock accepts at most {_plural(limit, 'character')}",
        help="shorten it",
    )


def _count(
    sink: Diagnostics,
    items: tuple[object, ...],
    path: str,
    what: str,
    fallback: Span,
) -> None:
    """E302 at the first item past the model's list maximum."""
    limit = _limits(path).max
    if limit is None or len(items) <= limit:
        return
    extra = items[int(limit)]
    span = getattr(extra, "span", fallback)
    sink.emit(
        "E302",
        f"{_plural(len(items), what)}, more than Bedrock's {int(limit)}",
        span if span != NO_SPAN else fallback,
        note="the first one over the limit",
        help=f"Bedrock takes at most {_plural(limit, what)} here",
    )


# ── guardrail checks ───────────────────────────────────────────────────────────────────────


def check_name(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Guardrail names: 1–50 of letters, digits, `-` and `_` (they are also folder names)."""
    limits = _limits("name")
    name = guardrail.name
    if not name or (limits.max is not None and len(name) > limits.max) or not limits.matches(name):
        sink.emit(
            "E216",
            f"guardrail name `{_show(name)}` is not a valid Bedrock name",
            guardrail.span,
            note=f"1–{int(limits.max or 0)} letters, digits, `-` or `_`",
            help="use letters, digits, `-` and `_` only, e.g. `support-bot`",
        )


def check_texts(guardrail: Guardrail, sink: Diagnostics) -> None:
    """The description and the two blocked messages."""
    if guardrail.description is not None:
        span = _setting(guardrail, "description")
        _text(sink, guardrail.description, "description", span, "description")
    for key, path, what in (
        ("blocked_input_message", "blockedInputMessaging", "blocked input message"),
        ("blocked_output_message", "blockedOutputsMessaging", "blocked output message"),
    ):
        value: str = getattr(guardrail, key)
        _text(sink, value, path, _setting(guardrail, key), what)


def check_topics(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Topic count, names, definitions (limit by tier) and examples."""
    base = "topicPolicyConfig.topicsConfig"
    _count(sink, guardrail.topics, base, "topic", guardrail.span)
    standard = guardrail.tier is Tier.STANDARD
    # the model says 200 for every tier; STANDARD takes 1,000 (guardrails-tiers.html)
    definition_max = bm.STANDARD_DEFINITION_MAX if standard else _limits(f"{base}[].definition").max
    name_limits = _limits(f"{base}[].name")
    for rule in guardrail.topics:
        topic = rule.topic
        span = topic.span if topic.span != NO_SPAN else rule.span
        too_long = name_limits.max is not None and len(topic.name) > name_limits.max
        if not topic.name or too_long or not name_limits.matches(topic.name):
            sink.emit(
                "E216",
                f"topic name `{_show(topic.name)}` is not a valid Bedrock topic name",
                span,
                note=f"1–{int(name_limits.max or 0)} letters, digits, spaces or `-_!?.`",
                help="Bedrock allows no `/`, `:`, `,`, quotes or non-ASCII letters in topic names",
            )
        if not topic.definition:
            sink.emit("E303", f"topic `{_show(topic.name)}` has an empty definition", span)
        elif definition_max is not None and len(topic.definition) > definition_max:
            tier = "standard" if standard else "classic"
            sink.emit(
                "E301",
                f"definition of topic `{_show(topic.name)}` is "
                f"{_plural(len(topic.definition), 'character')}, more than the {tier} tier's "
                f"{int(definition_max)}",
                span,
                help="shorten the definition"
                + ("" if standard else ", or use `tier standard` (1,000 characters)"),
            )
        _count(sink, topic.examples, f"{base}[].examples", "example", span)
        for example in topic.examples:
            _text(
                sink,
                example,
                f"{base}[].examples[]",
                span,
                f"an example of topic `{_show(topic.name)}`",
            )


def check_words(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Custom words: at most 10,000, each 1–100 characters."""
    base = "wordPolicyConfig.wordsConfig"
    _count(sink, guardrail.words, base, "word", guardrail.span)
    for rule in guardrail.words:
        _text(sink, rule.text, f"{base}[].text", rule.span, f"word `{_show(rule.text)}`")


def check_patterns(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Regex count (W202 past the old quota of 10), names, descriptions and the regexes."""
    base = "sensitiveInformationPolicyConfig.regexesConfig"
    _count(sink, guardrail.patterns, base, "pattern", guardrail.span)
    limit = _limits(base).max or 0
    if PATTERN_QUOTA < len(guardrail.patterns) <= limit:
        sink.emit(
            "W202",
            f"{len(guardrail.patterns)} patterns, more than the quota of {PATTERN_QUOTA} in some "
            "regions",
            guardrail.patterns[PATTERN_QUOTA].span,
            help=f"the model allows {int(limit)}, but older regions still reject more than "
            f"{PATTERN_QUOTA}",
        )
    name_limits = _limits(f"{base}[].name")
    for rule in guardrail.patterns:
        if not rule.name or (name_limits.max is not None and len(rule.name) > name_limits.max):
            sink.emit(
                "E216",
                f"pattern name `{_show(rule.name)}` is not a valid Bedrock regex name",
                rule.span,
                note=f"1–{int(name_limits.max or 0)} characters",
            )
        if rule.description is not None:
            _text(sink, rule.description, f"{base}[].description", rule.span, "pattern description")
        _check_regex(rule, f"{base}[].pattern", sink)


def _check_regex(rule: PatternRule, path: str, sink: Diagnostics) -> None:
    limits = _limits(path)
    where = rule.regex_span if rule.regex_span != NO_SPAN else rule.span
    if not rule.regex:
        sink.emit("E303", f"pattern `{_show(rule.name)}` has an empty regex", where)
        return
    if limits.max is not None and len(rule.regex) > limits.max:
        _too_long(sink, rule.regex, limits.max, where, f"regex of pattern `{_show(rule.name)}`")
    # imported here: the regex analysis is only needed by files that define patterns
    from .regex_safety import analyse  # noqa: PLC0415

    for issue in analyse(rule.regex):
        sink.emit(
            issue.code,
            f"pattern `{_show(rule.name)}` {issue.message}",
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
    literal's escapes (`regex_offsets`); the whole literal when the literal spans lines or its
    offsets are unknown, and the statement when there is no literal (a generated rule)."""
    literal = rule.regex_span
    if literal == NO_SPAN:
        return rule.span
    offsets = rule.regex_offsets
    if not offsets and literal.end - literal.start == len(rule.regex) + 2:
        offsets = tuple(range(1, len(rule.regex) + 2))  # no escapes: one source character each
    if len(offsets) != len(rule.regex) + 1 or literal.line != literal.end_line:
        return literal
    first = min(max(offset, 0), max(len(rule.regex) - 1, 0))
    last = min(max(offset + length, first + 1), len(rule.regex))
    start, end = literal.start + offsets[first], literal.start + offsets[last]
    if end <= start:  # an empty regex: the closing quote
        end = start + 1
    column = literal.column + (start - literal.start)
    return Span(
        file=literal.file,
        start=start,
        end=end,
        line=literal.line,
        column=column,
        end_line=literal.line,
        end_column=column + (end - start),
    )


def check_filters(guardrail: Guardrail, sink: Diagnostics) -> None:
    """W201 for a content filter whose every enabled side has strength `none`: Bedrock accepts
    it, but it filters nothing."""
    for rule in guardrail.filters:
        sides = [c for c in (rule.input, rule.output) if c is not None]
        if sides and all(c.strength is Strength.NONE for c in sides):
            sink.emit(
                "W201",
                f"content filter `{FILTER_PHRASE[rule.category]}` at `none` filters nothing",
                rule.span,
                help="give it a strength (`low`, `medium`, `high`) or remove the statement",
            )


def check_thresholds(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Grounding and relevance 0–0.99 (the model gives no maximum; the docs say 1 is invalid);
    automated-reasoning confidence within the model's range."""
    low = _limits("contextualGroundingPolicyConfig.filtersConfig[].threshold").min or 0
    for rule in guardrail.grounding:
        if not low <= rule.threshold <= bm.GROUNDING_THRESHOLD_MAX:
            sink.emit(
                "E208",
                f"{rule.check.value.lower()} threshold {rule.threshold} is out of range",
                rule.span,
                help=f"use a value from {low:g} to {bm.GROUNDING_THRESHOLD_MAX}",
            )
    reasoning = guardrail.reasoning
    if reasoning is None:
        return
    confidence = _limits("automatedReasoningPolicyConfig.confidenceThreshold")
    lo, hi = confidence.min or 0, confidence.max if confidence.max is not None else 1
    if reasoning.confidence is not None and not lo <= reasoning.confidence <= hi:
        sink.emit(
            "E208",
            f"automated reasoning confidence {reasoning.confidence} is out of range",
            reasoning.span,
            help=f"use a value from {lo:g} to {hi:g}",
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
        f"guardrail `{_show(g.name)}` has no rules",
        g.span,
        help="add at least one topic, filter, word, PII, pattern, grounding or automated "
        "reasoning rule",
    )


# Independent checks, in the order a reader meets the settings in a guardrail; check_cross_region
# orders its own findings (form before presence).
CHECKS: tuple[GuardrailCheck, ...] = (
    check_name,
    check_not_empty,
    check_texts,
    check_kms_key,
    check_tags,
    check_cross_region,
    check_topics,
    check_filters,
    check_words,
    check_patterns,
    check_thresholds,
    check_reasoning,
    check_access,
)


POLICY_CHECKS: tuple[PolicyCheck, ...] = (check_test_expectations,)
