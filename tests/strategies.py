"""Hypothesis strategies for valid resolved-IR guardrails (`compiler.ir.Guardrail`).

Every guardrail drawn here is one the language can express and Bedrock accepts: names and tags
follow the service model's patterns, texts its lengths, lists its maxima (kept small by default so
tests stay fast), topics/filters/entities/words/patterns are unique per guardrail, prompt attacks
are input-only, the standard tier and automated reasoning come with a cross-region profile, and
every regex is of the safe, portable kind the validator accepts. Other engineers' tests import
`guardrails()` (and the smaller strategies) freely; `sample_guardrails()` gives hand-built ones.
"""

from __future__ import annotations

from functools import cache
from typing import TypeVar

from hypothesis import strategies as st

from compiler.ir import (
    Access,
    FilterRule,
    GroundingRule,
    Guardrail,
    Origin,
    PatternRule,
    PiiRule,
    ProfanityRule,
    Reasoning,
    SideConfig,
    Tag,
    Topic,
    TopicRule,
    WordRule,
)
from compiler.vocab import Action, ContentCategory, GroundingKind, PiiType, Strength, Tier

# Printable text from the Basic Multilingual Plane: AWS counts lengths in UTF-16 code units, so
# characters outside it would count twice there and once in Python.
_TEXT = st.characters(
    min_codepoint=0x20, max_codepoint=0xFFFF, exclude_categories=("Cs", "Cc", "Cf", "Co", "Cn")
)
_ACCOUNT = "111122223333"
_R = TypeVar("_R", TopicRule, FilterRule, WordRule, PiiRule, PatternRule, GroundingRule)
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_UPPER = _LOWER.upper()
_DIGITS = "0123456789"
_TAG_CHARS = _LOWER + _UPPER + _DIGITS + " ._:/=+@-"


@cache
def texts(max_size: int, min_size: int = 1) -> st.SearchStrategy[str]:
    """Free text of `min_size`..`max_size` characters that is not only whitespace."""
    return st.text(_TEXT, min_size=min_size, max_size=max_size).filter(lambda s: s.strip() != "")


@cache
def words_of(first: str, rest: str, max_size: int) -> st.SearchStrategy[str]:
    """A word of 1..`max_size` characters: one of `first`, then any of `rest` (no trailing
    spaces). Cheaper to draw than `st.from_regex`."""
    head = st.sampled_from(first)
    tail = st.text(st.sampled_from(rest), max_size=max_size - 1)
    return st.builds(lambda h, t: (h + t).rstrip(), head, tail)


_BLOCK_OR_NONE = st.sampled_from([Action.BLOCK, Action.NONE])
_SENSITIVE = st.sampled_from([Action.BLOCK, Action.ANONYMIZE, Action.NONE])
GUARDRAIL_NAMES = words_of(_LOWER, _LOWER + _UPPER + _DIGITS + "-_", 50)
TOPIC_NAMES = words_of(_UPPER, _LOWER + _UPPER + _DIGITS + "-_ !?.", 40)
PATTERN_NAMES = words_of(_LOWER, _LOWER + _DIGITS + " _-", 30)


@cache
def sides(
    actions: st.SearchStrategy[Action],
) -> st.SearchStrategy[tuple[SideConfig | None, SideConfig | None]]:
    """(input, output) side configs with at least one side enabled (the language has no way to
    disable both)."""
    side = actions.map(lambda action: SideConfig(action=action))
    return st.one_of(st.tuples(side, side), st.tuples(side, st.none()), st.tuples(st.none(), side))


_FILTER_SIDE = st.builds(SideConfig, action=_BLOCK_OR_NONE, strength=st.sampled_from(Strength))
_FILTER_SIDES = st.one_of(
    st.tuples(_FILTER_SIDE, _FILTER_SIDE),
    st.tuples(_FILTER_SIDE, st.none()),
    st.tuples(st.none(), _FILTER_SIDE),
)
_PROMPT_ATTACK_SIDES = st.tuples(_FILTER_SIDE, st.none())  # input only (E205)


_REGEXES = st.builds(
    lambda prefix, part: f"{prefix}-{part}",
    st.text(st.sampled_from(_UPPER), min_size=2, max_size=5),
    st.sampled_from(
        [r"\d{6}", r"\d+", r"[A-Z]{2}\d{6}", r"(\d{3}-){2}\d{4}", r"[0-9a-f]{8}", r"\w{3,12}"]
    ),
)


def regexes() -> st.SearchStrategy[str]:
    """Portable, non-backtracking patterns like `EMP-\\d{6}` or `TCK-[A-Z]{2}\\d{6}`."""
    return _REGEXES


@cache
def kms_keys() -> st.SearchStrategy[str]:
    """Every form `encrypt with key` takes: key id, key ARN, alias, alias ARN."""
    key_id = st.uuids().map(str)
    alias = words_of(_LOWER, _LOWER + _DIGITS + "-_/", 30).map(lambda a: f"alias/{a}")
    return st.one_of(
        key_id,
        key_id.map(lambda k: f"arn:aws:kms:us-east-1:{_ACCOUNT}:key/{k}"),
        alias,
        alias.map(lambda a: f"arn:aws:kms:us-east-1:{_ACCOUNT}:{a}"),
    )


@cache
def profiles() -> st.SearchStrategy[str]:
    """Guardrail profiles as ids (`us.guardrail.v1:0`) or ARNs."""
    ids = st.sampled_from(["us.guardrail.v1:0", "eu.guardrail.v1:0", "apac.guardrail.v1:0"])
    return st.one_of(
        ids, ids.map(lambda p: f"arn:aws:bedrock:us-east-1:{_ACCOUNT}:guardrail-profile/{p}")
    )


@cache
def tags() -> st.SearchStrategy[tuple[Tag, ...]]:
    """Up to 5 tags with unique keys in Bedrock's tag alphabet."""
    key = words_of(_LOWER + _DIGITS + "._:/=+@-", _TAG_CHARS, 20)
    value = st.text(st.sampled_from(_TAG_CHARS), max_size=30)
    pairs = st.lists(st.tuples(key, value), max_size=5, unique_by=lambda kv: kv[0])
    return pairs.map(lambda kvs: tuple(Tag(key=k, value=v) for k, v in kvs))


@cache
def reasoning_arns() -> st.SearchStrategy[str]:
    """Automated-reasoning policy ARNs, with or without a version."""
    policy_id = st.text(st.sampled_from(_LOWER + _DIGITS), min_size=12, max_size=12)
    version = st.one_of(st.just(""), st.integers(1, 999).map(lambda n: f":{n}"))
    return st.builds(
        lambda p, v: f"arn:aws:bedrock:us-east-1:{_ACCOUNT}:automated-reasoning-policy/{p}{v}",
        policy_id,
        version,
    )


def accesses(origin: Origin) -> st.SearchStrategy[Access]:
    """A valid `access:` block in one account."""
    role = words_of(_LOWER, _LOWER + _DIGITS + "+=,.@_-", 30).map(
        lambda r: f"arn:aws:iam::{_ACCOUNT}:role/{r}"
    )
    models = st.sampled_from(["anthropic.claude-*", "amazon.nova-pro-v1:0", "meta.llama3-*"])
    return st.builds(
        Access,
        account=st.just(_ACCOUNT),
        region=st.sampled_from(["us-east-1", "us-west-2", "eu-west-1"]),
        deployers=st.lists(role, max_size=2, unique=True).map(tuple),
        appliers=st.lists(role, max_size=2, unique=True).map(tuple),
        models=st.lists(models, max_size=2, unique=True).map(tuple),
        allow_delete=st.booleans(),
        version=st.one_of(st.none(), st.just("DRAFT"), st.integers(1, 20).map(str)),
        origin=st.just(origin),
    )


_EXAMPLES = st.lists(texts(100), max_size=5).map(tuple)
_OPTIONAL_DESCRIPTION = st.one_of(st.none(), texts(200))
_OPTIONAL_PATTERN_DESCRIPTION = st.one_of(st.none(), texts(1000))
_OPTIONAL_CONFIDENCE = st.one_of(st.none(), st.integers(0, 100).map(lambda n: n / 100))
_THRESHOLD = st.integers(0, 99).map(lambda n: n / 100)
_TIERS = st.one_of(st.none(), st.sampled_from(Tier))
_CATEGORIES = st.lists(st.sampled_from(ContentCategory), max_size=6, unique=True)
_KINDS = st.lists(st.sampled_from(GroundingKind), max_size=2, unique=True)
_WORD_TEXTS = texts(100).map(str.strip)
_BASES = st.one_of(st.none(), GUARDRAIL_NAMES)
_BOOLEANS = st.booleans()


# What `Origin.via` says for rules expanded from a definition.
_GROUP = 'pii group "us identifiers"'
_LIST = 'words "codenames"'


def _inherited_first(rules: list[_R], base: str | None) -> tuple[_R, ...]:
    """`rules` with those inherited from `base` first, each group in drawn order."""
    return tuple(sorted(rules, key=lambda r: r.origin.guardrail != base))


@st.composite
def guardrails(draw: st.DrawFn, max_items: int = 6) -> Guardrail:
    """A valid guardrail using any part of the language; lists hold up to `max_items` (at most
    30, Bedrock's limit for topics; patterns stop at 10, the quota in older regions)."""
    assert 0 <= max_items <= 30, "Bedrock accepts at most 30 topics"
    name = draw(GUARDRAIL_NAMES)
    origin = Origin(guardrail=name)
    # With `extends`, any rule may be inherited; resolve lists inherited rules first.
    base = draw(_BASES)
    base_origin = None if base is None or base == name else Origin(guardrail=base)
    base = None if base_origin is None else base

    def origins(via: str | None = None) -> Origin:
        """The guardrail's own origin or the base's, possibly expanded from a definition."""
        chosen = base_origin if base_origin is not None and draw(_BOOLEANS) else origin
        return chosen.model_copy(update={"via": via}) if via and draw(_BOOLEANS) else chosen

    tier = draw(_TIERS)
    definitions = texts(1000 if tier is Tier.STANDARD else 200)

    topics: list[TopicRule] = []
    for topic_name in draw(st.lists(TOPIC_NAMES, max_size=max_items, unique_by=str.casefold)):
        topic = Topic(name=topic_name, definition=draw(definitions), examples=draw(_EXAMPLES))
        inp, out = draw(sides(_BLOCK_OR_NONE))
        topics.append(TopicRule(topic=topic, input=inp, output=out, origin=origins()))

    filters: list[FilterRule] = []
    for category in draw(_CATEGORIES):
        prompt_attack = category is ContentCategory.PROMPT_ATTACK
        inp, out = draw(_PROMPT_ATTACK_SIDES if prompt_attack else _FILTER_SIDES)
        images = draw(st.booleans())
        filters.append(
            FilterRule(category=category, images=images, input=inp, output=out, origin=origins())
        )

    words: list[WordRule] = []
    for text in draw(st.lists(_WORD_TEXTS, max_size=max_items, unique_by=str.casefold)):
        inp, out = draw(sides(_BLOCK_OR_NONE))
        words.append(WordRule(text=text, input=inp, output=out, origin=origins(_LIST)))

    profanity = None
    if draw(st.booleans()):
        inp, out = draw(sides(_BLOCK_OR_NONE))
        profanity = ProfanityRule(input=inp, output=out, origin=origins())

    pii: list[PiiRule] = []
    for entity in draw(st.lists(st.sampled_from(PiiType), max_size=max_items, unique=True)):
        inp, out = draw(sides(_SENSITIVE))
        pii.append(PiiRule(entity=entity, input=inp, output=out, origin=origins(_GROUP)))

    patterns: list[PatternRule] = []
    for pattern_name in draw(st.lists(PATTERN_NAMES, max_size=min(max_items, 10), unique=True)):
        inp, out = draw(sides(_SENSITIVE))
        patterns.append(
            PatternRule(
                name=pattern_name,
                regex=draw(_REGEXES),
                description=draw(_OPTIONAL_PATTERN_DESCRIPTION),
                input=inp,
                output=out,
                origin=origins(),
            )
        )

    grounding = list(
        GroundingRule(
            check=kind,
            threshold=draw(_THRESHOLD),
            action=draw(_BLOCK_OR_NONE),
            origin=origins(),
        )
        for kind in draw(_KINDS)
    )
    reasoning = None
    if draw(st.booleans()):
        policies = draw(st.lists(reasoning_arns(), min_size=1, max_size=2, unique=True))
        reasoning = Reasoning(
            policies=tuple(policies), confidence=draw(_OPTIONAL_CONFIDENCE), origin=origin
        )
    if not (topics or filters or words or profanity or pii or patterns or grounding or reasoning):
        filters.append(  # a guardrail needs at least one policy (E220)
            FilterRule(
                category=ContentCategory.HATE,
                input=SideConfig(action=Action.BLOCK, strength=Strength.HIGH),
                output=SideConfig(action=Action.BLOCK, strength=Strength.HIGH),
                origin=origin,
            )
        )
    # one policy's own tier (`tier X for topics|filters|grounding`) beside or instead of `tier`
    own_tiers = {
        f"{policy}_tier": draw(st.one_of(st.none(), st.sampled_from(Tier)))
        for policy in ("topics", "filters", "grounding")
    }
    # The standard tier and automated reasoning run on cross-Region inference (E209).
    needs_profile = (
        tier is Tier.STANDARD or Tier.STANDARD in own_tiers.values() or reasoning is not None
    )
    profile = draw(profiles() if needs_profile else st.one_of(st.none(), profiles()))
    return Guardrail(
        name=name,
        extends=base,
        description=draw(_OPTIONAL_DESCRIPTION),
        kms_key=draw(st.one_of(st.none(), kms_keys())),
        tags=draw(tags()),
        tier=tier,
        **own_tiers,
        cross_region_profile=profile,
        blocked_input_message=draw(texts(500)),
        blocked_output_message=draw(texts(500)),
        topics=_inherited_first(topics, base),
        filters=_inherited_first(filters, base),
        words=_inherited_first(words, base),
        profanity=profanity,
        pii=_inherited_first(pii, base),
        patterns=_inherited_first(patterns, base),
        grounding=_inherited_first(grounding, base),
        reasoning=reasoning,
        access=draw(st.one_of(st.none(), accesses(origin))),
    )


# ── hand-built guardrails ────────────────────────────────────────────────────────────────────


def _side(action: Action, strength: Strength | None = None) -> SideConfig:
    return SideConfig(action=action, strength=strength)


def _both(action: Action, strength: Strength | None = None) -> dict[str, SideConfig]:
    return {"input": _side(action, strength), "output": _side(action, strength)}


def support_bot() -> Guardrail:
    """The complete guardrail of language.md ("support-bot"), as resolve should produce it."""
    o = Origin(guardrail="support-bot")
    block, mask, detect = Action.BLOCK, Action.ANONYMIZE, Action.NONE
    high, medium, low = Strength.HIGH, Strength.MEDIUM, Strength.LOW

    def topic(name: str, definition: str, *examples: str, **sides: SideConfig) -> TopicRule:
        sides = sides or _both(block)
        t = Topic(name=name, definition=definition, examples=examples)
        return TopicRule(topic=t, origin=o, **sides)

    def pii(entity: PiiType, **sides: SideConfig) -> PiiRule:
        return PiiRule(entity=entity, origin=o, **sides)

    us_ids = Origin(guardrail="support-bot", via='pii group "us identifiers"')
    return Guardrail(
        name="support-bot",
        description="Retail support assistant",
        kms_key="alias/guardrails",
        tags=(Tag(key="team", value="support"), Tag(key="cost-center", value="cc-42")),
        tier=Tier.STANDARD,
        cross_region_profile="us.guardrail.v1:0",
        blocked_input_message="Sorry, I can't help with that.",
        blocked_output_message="Sorry, I can't share that.",
        topics=(
            topic(
                "Investment advice",
                "Recommendations about buying, selling or holding stocks, funds or other assets.",
                "Should I buy Tesla shares?",
            ),
            topic(
                "Gambling",
                "Betting, casinos, odds or wagering strategies.",
                "Which casino pays out the most?",
                "Give me a betting system for roulette.",
            ),
            topic(
                "Medical diagnosis",
                "Diagnosis of illnesses or recommendations of medication or treatment.",
                "What dose of ibuprofen should I take?",
            ),
            topic(
                "Legal advice",
                "Advice on legal rights, obligations, disputes or how to act in a legal matter.",
                input=_side(block),
            ),
        ),
        filters=(
            FilterRule(category=ContentCategory.HATE, origin=o, **_both(block, high)),
            FilterRule(
                category=ContentCategory.INSULTS,
                input=_side(block, medium),
                output=_side(block, low),
                origin=o,
            ),
            FilterRule(
                category=ContentCategory.SEXUAL, images=True, origin=o, **_both(block, high)
            ),
            FilterRule(category=ContentCategory.PROMPT_ATTACK, input=_side(block, high), origin=o),
            FilterRule(category=ContentCategory.VIOLENCE, origin=o, **_both(detect, low)),
            FilterRule(category=ContentCategory.MISCONDUCT, origin=o, **_both(block, medium)),
        ),
        words=tuple(
            WordRule(text=text, origin=o, **_both(block))
            for text in ("Project Zeus", "acme-internal", "blue falcon", "Apollo-7")
        ),
        profanity=ProfanityRule(origin=o, **_both(block)),
        pii=(
            pii(PiiType.CREDIT_DEBIT_CARD_NUMBER, **_both(block)),
            pii(PiiType.US_SOCIAL_SECURITY_NUMBER, **_both(block)),
            pii(PiiType.PHONE, output=_side(mask)),
            pii(PiiType.EMAIL, input=_side(block), output=_side(mask)),
            pii(PiiType.NAME, **_both(detect)),
            PiiRule(entity=PiiType.US_PASSPORT_NUMBER, origin=us_ids, **_both(block)),
            PiiRule(entity=PiiType.DRIVER_ID, origin=us_ids, **_both(block)),
        ),
        patterns=(
            PatternRule(
                name="employee id",
                regex=r"EMP-\d{6}",
                description="Internal employee numbers",
                origin=o,
                **_both(block),
            ),
            PatternRule(name="ticket id", regex=r"TCK-\d+", origin=o, **_both(mask)),
        ),
        grounding=(
            GroundingRule(check=GroundingKind.GROUNDING, threshold=0.7, action=block, origin=o),
            GroundingRule(check=GroundingKind.RELEVANCE, threshold=0.5, action=block, origin=o),
        ),
        reasoning=Reasoning(
            policies=(
                "arn:aws:bedrock:us-east-1:111122223333:automated-reasoning-policy/abcdefabcdef",
            ),
            confidence=0.8,
            origin=o,
        ),
        access=Access(
            account="111122223333",
            region="us-east-1",
            deployers=("arn:aws:iam::111122223333:role/guardrail-ci",),
            appliers=("arn:aws:iam::111122223333:role/support-bot",),
            models=("anthropic.claude-*", "amazon.nova-pro-v1:0"),
            origin=o,
        ),
    )


def sample_guardrails() -> dict[str, Guardrail]:
    """A few hand-built guardrails covering the language, by name."""
    minimal = Origin(guardrail="minimal")
    one_sided = Origin(guardrail="one-sided")
    key = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    profile = "arn:aws:bedrock:eu-west-1:111122223333:guardrail-profile/eu.guardrail.v1:0"
    return {
        "support-bot": support_bot(),
        # Everything defaulted: one filter, default messages, no tier, no tags.
        "minimal": Guardrail(
            name="minimal",
            filters=(
                FilterRule(
                    category=ContentCategory.HATE,
                    origin=minimal,
                    **_both(Action.BLOCK, Strength.HIGH),
                ),
            ),
        ),
        # Single-sided and detect-mode rules, classic tier, key and profile given as ARNs.
        "one-sided": Guardrail(
            name="one-sided",
            kms_key=key,
            tier=Tier.CLASSIC,
            cross_region_profile=profile,
            topics=(
                TopicRule(
                    topic=Topic(name="Crypto", definition="Cryptocurrency trading tips."),
                    output=_side(Action.NONE),
                    origin=one_sided,
                ),
            ),
            filters=(
                FilterRule(
                    category=ContentCategory.VIOLENCE,
                    images=True,
                    output=_side(Action.BLOCK, Strength.MEDIUM),
                    origin=one_sided,
                ),
            ),
            words=(WordRule(text="secret sauce", input=_side(Action.NONE), origin=one_sided),),
            profanity=ProfanityRule(output=_side(Action.BLOCK), origin=one_sided),
            pii=(PiiRule(entity=PiiType.IP_ADDRESS, input=_side(Action.NONE), origin=one_sided),),
            patterns=(
                PatternRule(
                    name="order",
                    regex=r"ORD-[A-Z]{2}\d{6}",
                    input=_side(Action.NONE),
                    output=_side(Action.ANONYMIZE),
                    origin=one_sided,
                ),
            ),
            grounding=(
                GroundingRule(
                    check=GroundingKind.RELEVANCE,
                    threshold=0.0,
                    action=Action.NONE,
                    origin=one_sided,
                ),
            ),
        ),
    }
