"""Stage 4: everything Bedrock would reject, reported at the source line before any AWS call.

`validate(policy, sink)` runs the ordered `CHECKS` on every guardrail and `POLICY_CHECKS` on the
whole policy. Lengths, patterns and list maxima come from Bedrock's own service model
(`bedrock_model.field`), not from numbers typed here, except where the model is known to be wrong
(the topic definition limit depends on the tier; grounding thresholds stop at 0.99): those
numbers live in `bedrock_model` beside the cross-field rules that use them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import bedrock_model as bm
from .diagnostics import Diagnostics, Severity
from .ir import Access, Guardrail, PatternRule, Policy
from .regex_safety import analyse
from .span import NO_SPAN, Span
from .validate_expectations import check_test_expectations
from .vocab import (
    Tier,
)

GuardrailCheck = Callable[[Guardrail, Diagnostics], None]
PolicyCheck = Callable[[Policy, Diagnostics], None]

PATTERN_QUOTA = 10  # the published regex quota of older regions (the model allows 30)
_ACCOUNT = re.compile(r"[0-9]{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")
_PARTITIONS = ("aws", "aws-cn", "aws-us-gov")
_PRINCIPAL = re.compile(
    r"arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:(role|user)/[\w+=,.@/-]{1,512}"
)


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


def _access_span(access: Access, key: str) -> Span:
    return dict(access.spans).get(key, access.span)


def _plural(n: float, word: str, many: str | None = None) -> str:
    count = int(n) if float(n).is_integer() else n
    return f"{count} {word if count == 1 else many or word + 's'}"


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
    *,
    many: str | None = None,
) -> None:
    """E302 at the first item past the model's list maximum."""
    limit = _limits(path).max
    if limit is None or len(items) <= limit:
        return
    extra = items[int(limit)]
    span = getattr(extra, "span", fallback)
    sink.emit(
        "E302",
        f"{_plural(len(items), what, many)}, more than Bedrock's {int(limit)}",
        span if span != NO_SPAN else fallback,
        note="the first one over the limit",
        help=f"Bedrock takes at most {_plural(limit, what, many)} here",
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
            help="the model allows 30, but older regions still reject more than 10",
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
    for issue in analyse(rule.regex):
        sink.emit(
            issue.code,
            f"{issue.message} in pattern `{_show(rule.name)}`",
            _inside(rule, issue.offset),
            help=issue.hint,
        )


def _inside(rule: PatternRule, offset: int) -> Span:
    """The span of character `offset` of the regex, when the literal has no escapes to shift
    positions (else the whole literal; else the statement)."""
    literal = rule.regex_span
    if literal == NO_SPAN:
        return rule.span
    plain = literal.end - literal.start == len(rule.regex) + 2 and literal.line == literal.end_line
    if not plain:
        return literal
    start = literal.start + 1 + min(offset, max(len(rule.regex) - 1, 0))
    column = literal.column + 1 + (start - literal.start - 1)
    return Span(
        file=literal.file,
        start=start,
        end=start + 1,
        line=literal.line,
        column=column,
        end_line=literal.line,
        end_column=column + 1,
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


def check_reasoning(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Automated-reasoning policy ARNs (the model's pattern) and their number."""
    reasoning = guardrail.reasoning
    if reasoning is None:
        return
    path = "automatedReasoningPolicyConfig.policies"
    what = "automated reasoning policy"
    _count(
        sink, reasoning.policies, path, what, reasoning.span, many=f"{what.removesuffix('y')}ies"
    )
    limits = _limits(f"{path}[]")
    for arn in reasoning.policies:
        if not limits.matches(arn) or (limits.max is not None and len(arn) > limits.max):
            sink.emit(
                "E214",
                f"`{_show(arn)}` is not an automated reasoning policy ARN",
                reasoning.span,
                help="expected `arn:aws:bedrock:REGION:ACCOUNT:automated-reasoning-policy/ID` "
                "with a 12-character id and an optional `:VERSION`",
            )


def check_tags(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Tag keys and values (the model's lengths and pattern), their number, unique keys."""
    limit = _limits("tags").max
    if limit is not None and len(guardrail.tags) > limit:
        sink.emit(
            "E215",
            f"{_plural(len(guardrail.tags), 'tag')}, more than Bedrock's {int(limit)}",
            guardrail.tags[int(limit)].span,
        )
    seen: dict[str, Span] = {}
    for tag in guardrail.tags:
        for part, value in (("key", tag.key), ("value", tag.value)):
            limits = _limits(f"tags[].{part}")
            short = limits.min is not None and len(value) < limits.min
            long = limits.max is not None and len(value) > limits.max
            if short or long or not limits.matches(value):
                sink.emit(
                    "E215",
                    f"tag {part} `{_show(value)}` is not valid",
                    tag.span,
                    note=f"{int(limits.min or 0)}–{int(limits.max or 0)} characters",
                    help="letters, digits, spaces and `_.:/=+@-` only",
                )
        if tag.key in seen:
            sink.emit("E215", f"tag key `{_show(tag.key)}` is given twice", tag.span)
        seen.setdefault(tag.key, tag.span)


def check_kms_key(guardrail: Guardrail, sink: Diagnostics) -> None:
    """`encrypt with key`: a key id, key ARN, alias or alias ARN (the model's pattern)."""
    key = guardrail.kms_key
    if key is None:
        return
    limits = _limits("kmsKeyId")
    if not limits.matches(key) or (limits.max is not None and len(key) > limits.max):
        sink.emit(
            "E212",
            f"`{_show(key)}` is not a KMS key id, key ARN, alias or alias ARN",
            _setting(guardrail, "kms_key"),
            help="e.g. `alias/guardrails` or `arn:aws:kms:us-east-1:111122223333:key/<uuid>`",
        )


def check_cross_region(guardrail: Guardrail, sink: Diagnostics) -> None:
    """The profile's form; the standard tier and automated reasoning both need one."""
    # the form first: a malformed profile is one finding (E213), not also a missing one
    profile = guardrail.cross_region_profile
    limits = _limits("crossRegionConfig.guardrailProfileIdentifier")
    if profile is not None:
        short = limits.min is not None and len(profile) < limits.min
        long = limits.max is not None and len(profile) > limits.max
        if short or long or not limits.matches(profile):
            sink.emit(
                "E213",
                f"`{_show(profile)}` is not a guardrail profile id or ARN",
                _setting(guardrail, "cross_region_profile"),
                help="e.g. `us.guardrail.v1:0`",
            )
        return
    if guardrail.tier is Tier.STANDARD:
        sink.emit(
            "E209",
            "the standard tier needs a cross region profile",
            _setting(guardrail, "tier"),
            help='add `cross region profile "us.guardrail.v1:0"` (or your geography\'s profile)',
        )
    if guardrail.reasoning is not None:
        sink.emit(
            "E221",
            "automated reasoning needs a cross region profile",
            guardrail.reasoning.span,
            help='add `cross region profile "us.guardrail.v1:0"` (or your geography\'s profile)',
        )


def check_access(guardrail: Guardrail, sink: Diagnostics) -> None:
    """The `access:` block: account, region, partition and the role or user ARNs."""
    access = guardrail.access
    if access is None:
        return
    if access.account is not None and not _ACCOUNT.fullmatch(access.account):
        sink.emit(
            "E218",
            f"`{_show(access.account)}` is not an AWS account id",
            _access_span(access, "account"),
            help="an account id is 12 digits, e.g. `111122223333`",
        )
    if access.region is not None and not _REGION.fullmatch(access.region):
        sink.emit(
            "E218",
            f"`{_show(access.region)}` is not an AWS region",
            _access_span(access, "region"),
            help="a region looks like `us-east-1`",
        )
    if access.partition not in _PARTITIONS:
        sink.emit(
            "E218",
            f"`{_show(access.partition)}` is not an AWS partition",
            _access_span(access, "partition"),
            help="a partition is `aws`, `aws-cn` or `aws-us-gov`",
        )
    for key, arns in (("deployers", access.deployers), ("appliers", access.appliers)):
        for i, arn in enumerate(arns):
            if not _PRINCIPAL.fullmatch(arn):
                sink.emit(
                    "E214",
                    f"`{_show(arn)}` is not an IAM role or user ARN",
                    _access_span(access, f"{key}[{i}]"),
                    help="expected `arn:aws:iam::ACCOUNT:role/NAME` or "
                    "`arn:aws:iam::ACCOUNT:user/NAME`",
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
    check_words,
    check_patterns,
    check_thresholds,
    check_reasoning,
    check_access,
)


POLICY_CHECKS: tuple[PolicyCheck, ...] = (check_test_expectations,)
