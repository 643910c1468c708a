"""validate: Bedrock's limits and the tests' premises, checked on IR built directly."""

from __future__ import annotations

from typing import Any

import pytest

from compiler.aws import bedrock_model as bm
from compiler.checks import bedrock_limits, expectations, identity
from compiler.checks import validate as v
from compiler.checks.expectations import check_test_expectations
from compiler.diagnostics.sink import Diagnostics
from compiler.diagnostics.span import NO_SPAN, Span
from compiler.ir import (
    Access,
    Expectation,
    FilterRule,
    GroundingRule,
    Guardrail,
    Origin,
    PatternRule,
    PiiRule,
    Policy,
    Reasoning,
    RuleRef,
    SettingSpans,
    SideConfig,
    Tag,
    TestSuite,
    Topic,
    TopicRule,
    WordRule,
)
from compiler.vocab import (
    Action,
    ContentCategory,
    Direction,
    Expect,
    GroundingKind,
    PiiType,
    RuleKind,
    Strength,
    Tier,
)

ORIGIN = Origin(guardrail="g")
BLOCK = SideConfig(action=Action.BLOCK)
MASK = SideConfig(action=Action.ANONYMIZE)
DETECT = SideConfig(action=Action.NONE)
AR_UNVERSIONED = "arn:aws:bedrock:us-east-1:111122223333:automated-reasoning-policy/abcdefabcdef"
AR = AR_UNVERSIONED + ":1"
ROLE = "arn:aws:iam::111122223333:role/guardrail-ci"


def at(line: int, column: int = 3, length: int = 10) -> Span:
    """A span on `line` of a fake file (offsets are 100 per line, enough to keep them apart)."""
    start = line * 100 + column
    return Span(
        file="t.guard",
        start=start,
        end=start + length,
        line=line,
        column=column,
        end_line=line,
        end_column=column + length,
    )


HATE = FilterRule(
    category=ContentCategory.HATE,
    input=SideConfig(action=Action.BLOCK, strength=Strength.HIGH),
    output=SideConfig(action=Action.BLOCK, strength=Strength.HIGH),
    origin=ORIGIN,
    span=at(2),
)


def guardrail(**fields: Any) -> Guardrail:
    """A valid guardrail (one content filter) with `fields` replaced."""
    base: dict[str, Any] = {"name": "g", "filters": (HATE,), "span": at(1, 1, 200)}
    return Guardrail(**{**base, **fields})


def run(*guardrails: Guardrail, tests: tuple[TestSuite, ...] = ()) -> list[tuple[str, int]]:
    sink = Diagnostics()
    v.validate(Policy(guardrails=guardrails, tests=tests), sink)
    return [(d.code, d.span.line) for d in sink.sorted()]


def topic(
    name: str = "Gambling", definition: str = "Betting.", *examples: str, line: int = 5
) -> TopicRule:
    return TopicRule(
        topic=Topic(name=name, definition=definition, examples=examples, span=at(line)),
        input=BLOCK,
        output=BLOCK,
        origin=ORIGIN,
        span=at(line),
    )


def pattern(name: str = "id", regex: str = r"ID-\d+", line: int = 7, **kw: Any) -> PatternRule:
    return PatternRule(name=name, regex=regex, input=BLOCK, output=BLOCK, origin=ORIGIN,
                       span=at(line), **kw)  # fmt: skip


def test_a_valid_guardrail_has_no_findings() -> None:
    assert run(guardrail()) == []


def test_every_check_is_registered() -> None:
    modules = (v, bedrock_limits, identity, expectations)
    names = {n for m in modules for n in vars(m) if n.startswith("check_")}
    scoped = [c for checks in v.SCOPES.values() for c in checks]
    assert names == {c.__name__ for c in (*v.CHECKS, *scoped, *v.POLICY_CHECKS)}


def test_bedrock_limits_bind_only_when_asked_for() -> None:
    """A target not bound for Bedrock (no "bedrock" in its limits) is not held to its quotas;
    the checks every target shares still run."""
    g = guardrail(description="d" * 201, topics=tuple(topic(f"T{i}") for i in range(31)))
    sink = Diagnostics()
    v.validate(Policy(guardrails=(g,)), sink, limits=())
    assert not sink.items
    v.validate(Policy(guardrails=(guardrail(name="a/b", description="d" * 201),)), sink, ())
    assert [d.code for d in sink.items] == ["E216"]
    assert {code for code, _ in run(g)} == {"E301", "E302"}


# ── names, texts ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(("name", "ok"), [("support-bot_2", True), ("a" * 50, True),
                                           ("a" * 51, False), ("support bot", False),
                                           ("bot.v2", False), ("", False)])  # fmt: skip
def test_guardrail_names(name: str, ok: bool) -> None:
    assert run(guardrail(name=name)) == ([] if ok else [("E216", 1)])


def test_description_and_messages_at_their_lines() -> None:
    spans = SettingSpans(description=at(3), blocked_output_message=at(4))
    g = guardrail(description="d" * 201, blocked_output_message="m" * 501, spans=spans)
    assert run(g) == [("E301", 3), ("E301", 4)]
    assert run(guardrail(description="d" * 200, blocked_output_message="m" * 500)) == []
    assert run(
        guardrail(blocked_input_message="", spans=SettingSpans(blocked_input_message=at(6)))
    ) == [("E303", 6)]


def test_settings_without_a_span_fall_back_to_the_guardrail() -> None:
    assert run(guardrail(description="d" * 201)) == [("E301", 1)]


def test_limits_come_from_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    real = bm.field

    def smaller(path: str) -> bm.FieldLimits:
        limits = real(path)
        if path == "CreateGuardrail.description":
            return bm.FieldLimits(type=limits.type, min=1, max=10)
        return limits

    monkeypatch.setattr(bm, "field", smaller)
    assert run(guardrail(description="d" * 11)) == [("E301", 1)]


# ── topics ──────────────────────────────────────────────────────────────────────────────────


def test_definition_limit_depends_on_the_tier() -> None:
    profile = "us.guardrail.v1:0"
    assert run(guardrail(topics=(topic(definition="d" * 200),))) == []
    assert run(guardrail(topics=(topic(definition="d" * 201),))) == [("E301", 5)]
    standard = {"tier": Tier.STANDARD, "cross_region_profile": profile}
    assert run(guardrail(topics=(topic(definition="d" * 1000),), **standard)) == []
    assert run(guardrail(topics=(topic(definition="d" * 1001),), **standard)) == [("E301", 5)]
    assert run(guardrail(topics=(topic(definition=""),))) == [("E303", 5)]


def test_topic_examples() -> None:
    assert run(guardrail(topics=(topic("T", "Def.", *["e"] * 5),))) == []
    assert run(guardrail(topics=(topic("T", "Def.", *["e"] * 6),))) == [("E302", 5)]
    assert run(guardrail(topics=(topic("T", "Def.", "e" * 101),))) == [("E301", 5)]
    assert run(guardrail(topics=(topic("T", "Def.", ""),))) == [("E303", 5)]


@pytest.mark.parametrize(("name", "ok"), [("Investment advice", True), ("Is it ok? Yes!", True),
                                           ("Buy/Sell", False), ("Café", False), ("a,b", False),
                                           ("t" * 101, False)])  # fmt: skip
def test_topic_names(name: str, ok: bool) -> None:
    assert run(guardrail(topics=(topic(name),))) == ([] if ok else [("E216", 5)])


def test_too_many_topics_points_at_the_31st() -> None:
    topics = tuple(topic(f"Topic {i}", line=10 + i) for i in range(31))
    assert run(guardrail(topics=topics)) == [("E302", 40)]
    assert run(guardrail(topics=topics[:30])) == []


def test_filter_at_none_filters_nothing() -> None:
    def flt(inp: Strength | None, out: Strength | None) -> FilterRule:
        def side(s: Strength | None) -> SideConfig | None:
            return None if s is None else SideConfig(action=Action.BLOCK, strength=s)

        return FilterRule(category=ContentCategory.INSULTS, input=side(inp), output=side(out),
                          origin=ORIGIN, span=at(4))  # fmt: skip

    assert run(guardrail(filters=(HATE, flt(Strength.NONE, Strength.NONE)))) == [("W201", 4)]
    assert run(guardrail(filters=(HATE, flt(Strength.NONE, None)))) == [("W201", 4)]
    assert run(guardrail(filters=(HATE, flt(Strength.NONE, Strength.LOW)))) == []


# ── words, patterns ─────────────────────────────────────────────────────────────────────────


def test_words() -> None:
    def word(text: str, line: int = 6) -> WordRule:
        return WordRule(text=text, input=BLOCK, output=BLOCK, origin=ORIGIN, span=at(line))

    assert run(guardrail(words=(word("w" * 100),))) == []
    assert run(guardrail(words=(word("w" * 101),))) == [("E301", 6)]
    assert run(guardrail(words=(word(""),))) == [("E303", 6)]
    many = tuple(word(f"w{i}", line=6 if i < 10000 else 9) for i in range(10001))
    assert run(guardrail(words=many)) == [("E302", 9)]


def test_pattern_counts() -> None:
    ten = tuple(pattern(f"p{i}", line=10 + i) for i in range(10))
    assert run(guardrail(patterns=ten)) == []
    eleven = tuple(pattern(f"p{i}", line=10 + i) for i in range(11))
    assert run(guardrail(patterns=eleven)) == [("W202", 20)]
    many = tuple(pattern(f"p{i}", line=10 + i) for i in range(31))
    assert run(guardrail(patterns=many)) == [("E302", 40)]


def test_pattern_texts() -> None:
    assert run(guardrail(patterns=(pattern("n" * 101),))) == [("E216", 7)]
    assert run(guardrail(patterns=(pattern(description="d" * 1001),))) == [("E301", 7)]
    assert run(guardrail(patterns=(pattern(regex="x" * 501),))) == [("E301", 7)]
    assert run(guardrail(patterns=(pattern(regex=""),))) == [("E303", 7)]


def test_regex_findings_point_inside_the_literal() -> None:
    literal = at(8, column=30, length=len('"EMP-(a+)+"'))
    sink = Diagnostics()
    rule = pattern(regex="EMP-(a+)+", regex_span=literal)
    v.validate(Policy(guardrails=(guardrail(patterns=(rule,)),)), sink)
    [found] = sink.items
    assert (found.code, found.span.line, found.span.column) == ("E211", 8, 31 + 4)
    assert "`id`" in found.message and found.help


def test_regex_with_escapes_points_at_the_literal() -> None:
    # written `"a\\1"`: the literal is one character longer than the regex, offsets would drift
    literal = at(8, column=30, length=len('"(a)\\\\1"'))
    sink = Diagnostics()
    v.validate(
        Policy(guardrails=(guardrail(patterns=(pattern(regex=r"(a)\1", regex_span=literal),)),)),
        sink,
    )
    assert [(d.code, d.span.column) for d in sink.items] == [("E210", 30)]


def test_regex_without_a_literal_span_points_at_the_statement() -> None:
    assert run(guardrail(patterns=(pattern(regex="(?=x)x"),))) == [("E210", 7)]
    assert run(guardrail(patterns=(pattern(regex="(a|a)*"),))) == [("E211", 7)]
    assert run(guardrail(patterns=(pattern(regex="(x"),))) == [("E210", 7)]


# ── thresholds, reasoning, cross region ─────────────────────────────────────────────────────


@pytest.mark.parametrize(("threshold", "ok"), [(0.0, True), (0.7, True), (0.99, True),
                                                (1.0, False), (-0.1, False)])  # fmt: skip
def test_grounding_thresholds(threshold: float, ok: bool) -> None:
    rule = GroundingRule(check=GroundingKind.GROUNDING, threshold=threshold, action=Action.BLOCK,
                         origin=ORIGIN, span=at(9))  # fmt: skip
    assert run(guardrail(grounding=(rule,))) == ([] if ok else [("E208", 9)])


def reasoning(*policies: str, confidence: float | None = None) -> Reasoning:
    return Reasoning(policies=policies or (AR,), confidence=confidence, origin=ORIGIN, span=at(9))


PROFILE = {"cross_region_profile": "us.guardrail.v1:0"}


def test_reasoning() -> None:
    assert run(guardrail(reasoning=reasoning(confidence=1.0), **PROFILE)) == []
    assert run(guardrail(reasoning=reasoning(confidence=1.01), **PROFILE)) == [("E208", 9)]
    three = reasoning(AR, AR_UNVERSIONED + ":3", AR)
    assert run(guardrail(reasoning=three, **PROFILE)) == [("E302", 9)]
    bad = AR.replace("automated-reasoning-policy", "guardrail")
    assert run(guardrail(reasoning=reasoning(bad), **PROFILE)) == [("E214", 9)]
    assert run(guardrail(reasoning=reasoning())) == [("E221", 9)]


def test_unversioned_reasoning_policy_is_w241() -> None:
    # AWS attaches and grants automated-reasoning policies as immutable versions
    assert run(guardrail(reasoning=reasoning(AR_UNVERSIONED), **PROFILE)) == [("W241", 9)]


def test_reasoning_alone_is_not_an_empty_guardrail() -> None:
    assert run(guardrail(filters=(), reasoning=reasoning(), **PROFILE)) == []


@pytest.mark.parametrize(
    ("profile", "ok"),
    [("us.guardrail.v1:0", True), ("eu.guardrail.v1:0", True),
     ("arn:aws:bedrock:us-east-1:111122223333:guardrail-profile/us.guardrail.v1:0", True),
     ("us-east-1", False), ("us.guardrail", False), ("US.guardrail.v1:0", False)],
)  # fmt: skip
def test_cross_region_profiles(profile: str, ok: bool) -> None:
    spans = SettingSpans(cross_region_profile=at(4), tier=at(3))
    g = guardrail(tier=Tier.STANDARD, cross_region_profile=profile, spans=spans)
    # a malformed profile is one finding, not also "standard tier without a profile"
    assert run(g) == ([] if ok else [("E213", 4)])


def test_standard_tier_needs_a_profile() -> None:
    assert run(guardrail(tier=Tier.STANDARD, spans=SettingSpans(tier=at(3)))) == [("E209", 3)]
    assert run(guardrail(tier=Tier.CLASSIC)) == []


# ── keys, tags, access ─────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    ("key", "ok"),
    [("alias/guardrails", True), ("1234abcd-12ab-34cd-56ef-1234567890ab", True),
     ("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab", True),
     ("arn:aws:kms:us-east-1:111122223333:alias/guardrails", True),
     ("my key", False), ("alias/", False), ("arn:aws:kms:us-east-1:1111:key/x", False)],
)  # fmt: skip
def test_kms_keys(key: str, ok: bool) -> None:
    g = guardrail(kms_key=key, spans=SettingSpans(kms_key=at(3)))
    assert run(g) == ([] if ok else [("E212", 3)])


def test_tags() -> None:
    def tag(key: str, value: str = "v", line: int = 3) -> Tag:
        return Tag(key=key, value=value, span=at(line))

    assert run(guardrail(tags=(tag("team"), tag("cost-center", "cc 42/a:b=c+d@e.f_g")))) == []
    assert run(guardrail(tags=(tag("k" * 128), tag("x", "")))) == []
    assert run(guardrail(tags=(tag("k" * 129),))) == [("E215", 3)]
    assert run(guardrail(tags=(tag("x", "v" * 257),))) == [("E215", 3)]
    assert run(guardrail(tags=(tag("a|b"),))) == [("E215", 3)]
    assert run(guardrail(tags=(tag("x", "a|b"),))) == [("E215", 3)]
    assert run(guardrail(tags=(tag("team"), tag("team", line=4)))) == [("E215", 4)]
    many = tuple(tag(f"k{i}", line=3 if i < 200 else 8) for i in range(201))
    assert run(guardrail(tags=many)) == [("E215", 8)]


def access(**fields: Any) -> Access:
    return Access(**{"origin": ORIGIN, "span": at(10), **fields})


def test_access_block() -> None:
    good = access(account="111122223333", region="us-east-1", deployers=(ROLE,),
                  appliers=("arn:aws:iam::111122223333:user/app",))  # fmt: skip
    assert run(guardrail(access=good)) == []
    spans = (("account", at(11)), ("region", at(12)), ("partition", at(13)))
    bad = access(account="1234", region="US East", partition="azure", spans=spans)
    assert run(guardrail(access=bad)) == [("E218", 11), ("E218", 12), ("E218", 13)]
    gov = access(region="us-gov-west-1", partition="aws-us-gov")
    assert run(guardrail(access=gov)) == []


def test_role_arns_point_at_their_line() -> None:
    spans = (("deployers[1]", at(12)), ("appliers[0]", at(13)))
    bad = access(deployers=(ROLE, "arn:aws:iam::111122223333:group/admins"),
                 appliers=("guardrail-ci",), spans=spans)  # fmt: skip
    assert run(guardrail(access=bad)) == [("E214", 12), ("E214", 13)]


# ── empty guardrails ───────────────────────────────────────────────────────────────────────


def test_empty_guardrail() -> None:
    assert run(guardrail(filters=())) == [("E220", 1)]


def test_empty_guardrail_after_an_earlier_error_is_not_repeated() -> None:
    sink = Diagnostics()
    sink.emit("E104", "unknown topic `X`", at(2))  # resolve dropped the only rule
    v.validate(Policy(guardrails=(guardrail(filters=()),)), sink)
    assert [d.code for d in sink.items] == ["E104"]


# ── test expectations ──────────────────────────────────────────────────────────────────────


def expect(
    expect: Expect,
    rule: RuleKind | None = None,
    target: str = "",
    *,
    side: Direction = Direction.INPUT,
) -> Expectation:
    by = RuleRef(rule=rule, target=target, span=at(21, 30)) if rule is not None else None
    masked = "x" if expect is Expect.MASKED else None
    return Expectation(source=side, text="t", expect=expect, by=by, masked_as=masked, span=at(21))


RICH = guardrail(
    topics=(topic("Gambling"),),
    pii=(
        PiiRule(entity=PiiType.EMAIL, input=BLOCK, output=MASK, origin=ORIGIN, span=at(6)),
        PiiRule(entity=PiiType.NAME, input=DETECT, output=DETECT, origin=ORIGIN, span=at(6)),
    ),
    words=(WordRule(text="Zeus", input=None, output=BLOCK, origin=ORIGIN, span=at(7)),),
    grounding=(
        GroundingRule(check=GroundingKind.GROUNDING, threshold=0.7, action=Action.BLOCK,
                      origin=ORIGIN, span=at(8)),
    ),
)  # fmt: skip
OUT = Direction.OUTPUT


@pytest.mark.parametrize(
    "exp",
    [
        expect(Expect.BLOCKED, RuleKind.TOPIC, "Gambling"),
        expect(Expect.BLOCKED, RuleKind.FILTER, "HATE"),
        expect(Expect.BLOCKED, RuleKind.PII, "EMAIL"),
        expect(Expect.DETECTED, RuleKind.PII, "NAME"),
        expect(Expect.BLOCKED, RuleKind.WORD, "zeus", side=OUT),
        expect(Expect.BLOCKED, RuleKind.GROUNDING, side=OUT),
        expect(Expect.MASKED, side=OUT),
        expect(Expect.ALLOWED),
        expect(Expect.BLOCKED),
    ],
)
def test_expectations_that_fit(exp: Expectation) -> None:
    suite = TestSuite(name="t", guardrail="g", expectations=(exp,))
    assert run(RICH, tests=(suite,)) == []


@pytest.mark.parametrize(
    "exp",
    [
        expect(Expect.BLOCKED, RuleKind.TOPIC, "Legal advice"),  # no such rule
        expect(Expect.BLOCKED, RuleKind.FILTER, "INSULTS"),
        expect(Expect.BLOCKED, RuleKind.PATTERN, "id"),
        expect(Expect.BLOCKED, RuleKind.PROFANITY),
        expect(Expect.BLOCKED, RuleKind.RELEVANCE, side=OUT),
        expect(Expect.BLOCKED, RuleKind.PII, "NAME"),  # detect-only: never blocks
        expect(Expect.BLOCKED, RuleKind.PII, "EMAIL", side=OUT),  # masks on output
        expect(Expect.BLOCKED, RuleKind.WORD, "Zeus"),  # output only
        expect(Expect.DETECTED, RuleKind.GROUNDING),  # grounding runs on output only
        expect(Expect.MASKED),  # masks nothing on input
    ],
)
def test_expectations_that_never_pass(exp: Expectation) -> None:
    suite = TestSuite(name="t", guardrail="g", expectations=(exp,))
    assert run(RICH, tests=(suite,)) == [("E219", 21)]


def test_is_blocked_against_a_guardrail_that_blocks_nothing_there() -> None:
    masker = guardrail(
        filters=(),
        pii=(PiiRule(entity=PiiType.EMAIL, input=MASK, output=BLOCK, origin=ORIGIN, span=at(6)),),
    )
    suite = TestSuite(name="t", guardrail="g", expectations=(expect(Expect.BLOCKED),))
    assert run(masker, tests=(suite,)) == [("E219", 21)]
    out = TestSuite(name="t", guardrail="g", expectations=(expect(Expect.BLOCKED, side=OUT),))
    assert run(masker, tests=(out,)) == []


def test_tests_for_unknown_guardrails_are_left_to_resolve() -> None:
    suite = TestSuite(name="t", guardrail="nope", expectations=(expect(Expect.MASKED),))
    sink = Diagnostics()
    check_test_expectations(Policy(guardrails=(RICH,), tests=(suite,)), sink)
    assert len(sink) == 0


def test_no_span_is_never_used_when_a_better_one_exists() -> None:
    # every finding of a fully located guardrail carries a real position
    g = guardrail(name="bad name", description="", spans=SettingSpans(description=at(3)))
    sink = Diagnostics()
    v.validate(Policy(guardrails=(g,)), sink)
    assert sink.items and all(d.span != NO_SPAN for d in sink.items)
