"""Stage 4, Bedrock scope: what Amazon Bedrock would reject, reported at the source line.

These checks bind only the targets whose output goes to Bedrock (their `TargetSpec.limits`
names `"bedrock"`: today every target); `validate.validate` runs them when such a target is
asked for, and always for `guardc check`. A target that never reaches Bedrock (a Rego export,
say) is not held to Bedrock's quotas.

Lengths, patterns and list maxima come from Bedrock's own service model
(`bedrock_model.guardrail_field`), not from numbers typed here, except where the model is known
to be wrong (the topic definition limit depends on the tier; grounding thresholds stop at 0.99):
those numbers live in `aws/bedrock_rules.py`, beside the payload rules that use them too. The
identifiers Bedrock's model constrains (key, profile, tags, reasoning ARNs) are in `identity.py`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..aws import bedrock_model as bm
from ..aws.image_filters import image_categories
from ..diagnostics.sink import Diagnostics
from ..diagnostics.span import NO_SPAN, Span
from ..ir import Guardrail
from ..vocab import FILTER_PHRASE, ContentCategory, Tier, TierPart
from .identity import check_cross_region, check_kms_key, check_reasoning, check_tags
from .text import plural, show, written

PATTERN_QUOTA = 10  # the published regex quota of older regions (the model allows 30)


def _text(sink: Diagnostics, value: str, path: str, span: Span, what: str) -> None:
    """E303 for an empty text, E301 for one longer than the model's maximum at `path`."""
    limits = bm.guardrail_field(path)
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
        f"{what} is {plural(len(value), 'character')}, more than Bedrock's {int(limit)}",
        span,
        note=f"Bedrock accepts at most {plural(limit, 'character')}",
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
    limit = bm.guardrail_field(path).max
    if limit is None or len(items) <= limit:
        return
    extra = items[int(limit)]
    span = getattr(extra, "span", fallback)
    sink.emit(
        "E302",
        f"{plural(len(items), what)}, more than Bedrock's {int(limit)}",
        span if span != NO_SPAN else fallback,
        note="the first one over the limit",
        help=f"Bedrock takes at most {plural(limit, what)} here",
    )


def check_texts(guardrail: Guardrail, sink: Diagnostics) -> None:
    """The description and the two blocked messages."""
    g, spans = guardrail, guardrail.spans
    if g.description is not None:
        span = g.setting_span(spans.description)
        _text(sink, g.description, "description", span, "description")
    for value, where, path, what in (
        (g.blocked_input_message, spans.blocked_input_message, "blockedInputMessaging", "input"),
        (
            g.blocked_output_message,
            spans.blocked_output_message,
            "blockedOutputsMessaging",
            "output",
        ),
    ):
        _text(sink, value, path, g.setting_span(where), f"blocked {what} message")


def check_topics(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Topic count, names, definitions (limit by tier) and examples."""
    base = "topicPolicyConfig.topicsConfig"
    _count(sink, guardrail.topics, base, "topic", guardrail.span)
    standard = guardrail.tier_of(TierPart.TOPICS) is Tier.STANDARD
    # the model says 200 for every tier; STANDARD takes 1,000 (guardrails-tiers.html)
    definition_max = (
        bm.STANDARD_DEFINITION_MAX if standard else bm.guardrail_field(f"{base}[].definition").max
    )
    name_limits = bm.guardrail_field(f"{base}[].name")
    for rule in guardrail.topics:
        topic = rule.topic
        span = topic.span if written(topic.span) else rule.span
        too_long = name_limits.max is not None and len(topic.name) > name_limits.max
        if not topic.name or too_long or not name_limits.matches(topic.name):
            sink.emit(
                "E216",
                f"topic name `{show(topic.name)}` is not a valid Bedrock topic name",
                span,
                note=f"1–{int(name_limits.max or 0)} letters, digits, spaces or `-_!?.`",
                help="Bedrock allows no `/`, `:`, `,`, quotes or non-ASCII letters in topic names",
            )
        if not topic.definition:
            sink.emit("E303", f"topic `{show(topic.name)}` has an empty definition", span)
        elif definition_max is not None and len(topic.definition) > definition_max:
            tier = "standard" if standard else "classic"
            sink.emit(
                "E301",
                f"definition of topic `{show(topic.name)}` is "
                f"{plural(len(topic.definition), 'character')}, more than the {tier} tier's "
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
                f"an example of topic `{show(topic.name)}`",
            )


def check_words(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Custom words: at most 10,000, each 1–100 characters."""
    base = "wordPolicyConfig.wordsConfig"
    _count(sink, guardrail.words, base, "word", guardrail.span)
    limits = bm.guardrail_field(f"{base}[].text")
    shortest, longest = limits.min or 0, limits.max
    for rule in guardrail.words:  # `_text`, its message made only for a word it reports
        text = rule.text
        if (not text and shortest >= 1) or (longest is not None and len(text) > longest):
            _text(sink, text, f"{base}[].text", rule.span, f"word `{show(text)}`")


def check_patterns(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Regex count (W202 past the old quota of 10), names, descriptions and regex lengths (what
    a regex matches is checked for every target: `validate.check_regexes`)."""
    base = "sensitiveInformationPolicyConfig.regexesConfig"
    _count(sink, guardrail.patterns, base, "pattern", guardrail.span)
    limit = bm.guardrail_field(base).max or 0
    if PATTERN_QUOTA < len(guardrail.patterns) <= limit:
        sink.emit(
            "W202",
            f"{len(guardrail.patterns)} patterns, more than the quota of {PATTERN_QUOTA} in some "
            "regions",
            guardrail.patterns[PATTERN_QUOTA].span,
            help=f"the model allows {int(limit)}, but older regions still reject more than "
            f"{PATTERN_QUOTA}",
        )
    name_limits = bm.guardrail_field(f"{base}[].name")
    regex_max = bm.guardrail_field(f"{base}[].pattern").max
    for rule in guardrail.patterns:
        if not rule.name or (name_limits.max is not None and len(rule.name) > name_limits.max):
            sink.emit(
                "E216",
                f"pattern name `{show(rule.name)}` is not a valid Bedrock regex name",
                rule.span,
                note=f"1–{int(name_limits.max or 0)} characters",
            )
        if rule.description is not None:
            _text(sink, rule.description, f"{base}[].description", rule.span, "pattern description")
        if regex_max is not None and len(rule.regex) > regex_max:
            where = rule.regex_span if rule.regex_span != NO_SPAN else rule.span
            _too_long(sink, rule.regex, regex_max, where, f"regex of pattern `{show(rule.name)}`")


def check_thresholds(guardrail: Guardrail, sink: Diagnostics) -> None:
    """Grounding and relevance 0–0.99 (the model gives no maximum; the docs say 1 is invalid);
    automated-reasoning confidence within the model's range."""
    low = bm.guardrail_field("contextualGroundingPolicyConfig.filtersConfig[].threshold").min or 0
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
    confidence = bm.guardrail_field("automatedReasoningPolicyConfig.confidenceThreshold")
    lo, hi = confidence.min or 0, confidence.max if confidence.max is not None else 1
    if reasoning.confidence is not None and not lo <= reasoning.confidence <= hi:
        sink.emit(
            "E208",
            f"automated reasoning confidence {reasoning.confidence} is out of range",
            reasoning.span,
            help=f"use a value from {lo:g} to {hi:g}",
        )


# Independent checks, in the order a reader meets the settings in a guardrail; check_cross_region
# orders its own findings (form before presence).
def check_image_filters(guardrail: Guardrail, sink: Diagnostics) -> None:
    """W243: a side that reads images (`including images`, `images only`) on a category or in
    a Region where AWS documents no image filtering (aws/image_filters.py). Needs the `access:`
    block's Region."""
    region = guardrail.access.region if guardrail.access is not None else None
    if region is None:
        return
    offered = image_categories(region)
    for rule in guardrail.filters:
        if not rule.reads_images:
            continue
        phrase = FILTER_PHRASE[rule.category]
        if offered is None:
            message = f"image filters are not documented in `{show(region)}`"
        elif rule.category.value not in offered:
            message = f"`{phrase}` filters no images in `{show(region)}`"
        else:
            continue
        listed = ", ".join(sorted(FILTER_PHRASE[c] for c in _categories(offered)))
        sink.emit(
            "W243",
            message,
            rule.span,
            note=f"there: {listed}" if offered else "see guardrails-mmfilter.html",
            help="drop `including images`, or deploy to a Region that filters images for it "
            "(us-east-1, us-west-2, eu-central-1, ap-northeast-1 filter all six)",
        )


def _categories(names: frozenset[str] | None) -> list[ContentCategory]:
    return [ContentCategory(n) for n in sorted(names or ())]


CHECKS: tuple[Callable[[Guardrail, Diagnostics], None], ...] = (
    check_texts,
    check_kms_key,
    check_tags,
    check_cross_region,
    check_topics,
    check_words,
    check_patterns,
    check_thresholds,
    check_reasoning,
    check_image_filters,
)
