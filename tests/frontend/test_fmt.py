"""The formatter: canonical text from the syntax IR, comments kept, idempotent, IR preserved."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compiler import ir
from compiler.frontend import syntax as s
from compiler.frontend.fmt import comments, format_source, number, quote
from compiler.vocab import (
    ContentCategory,
    Direction,
    Expect,
    GroundingKind,
    ImageMode,
    PiiType,
    RuleKind,
    Strength,
    Tier,
    TierPart,
    Verb,
)

ROOT = Path(__file__).resolve().parents[2]
HIGH, LOW = Strength.HIGH, Strength.LOW


def _t(*values: str) -> tuple[s.Text, ...]:
    return tuple(s.Text(value=v) for v in values)


def _module() -> s.Module:
    """Every kind of item and statement, built directly (no parser involved)."""
    guardrail = s.GuardrailDecl(
        name="support-bot",
        extends=s.Ref(name="base"),
        statements=(
            s.DescriptionStmt(text='Says "hi"'),
            s.KeyStmt(key="alias/guardrails"),
            s.TagStmt(key="cost-center", value="cc-42"),
            s.TagStmt(key="two words", value="x"),
            s.TierStmt(tier=Tier.STANDARD),
            s.CrossRegionStmt(profile="us.guardrail.v1:0"),
            s.MessageStmt(direction=Direction.INPUT, text="Sorry."),
            s.TopicStmt(verb=Verb.BLOCK, topic=s.Ref(name="Investment advice")),
            s.TopicStmt(
                verb=Verb.BLOCK,
                topic=s.Ref(name="Medical"),
                inline=s.TopicDef(name="Medical", definition="Diagnosis.", examples=_t("Dose?")),
                sides=(s.Side(direction=Direction.INPUT),),
            ),
            s.FilterStmt(
                verb=Verb.BLOCK,
                category=ContentCategory.INSULTS,
                strength=Strength.MEDIUM,
                sides=(
                    s.Side(direction=Direction.INPUT),
                    s.Side(direction=Direction.OUTPUT, strength=Strength.LOW),
                ),
            ),
            s.FilterStmt(
                verb=Verb.BLOCK,
                category=ContentCategory.SEXUAL,
                strength=Strength.HIGH,
                images=True,
            ),
            s.FilterStmt(
                verb=Verb.DETECT, category=ContentCategory.VIOLENCE, strength=Strength.LOW
            ),
            s.WordStmt(verb=Verb.BLOCK, words=_t("Project Zeus")),
            s.WordStmt(verb=Verb.BLOCK, words=_t("acme-internal", "blue falcon")),
            s.WordStmt(verb=Verb.DETECT, from_list=s.Ref(name="codenames")),
            s.ProfanityStmt(verb=Verb.BLOCK, sides=(s.Side(direction=Direction.OUTPUT),)),
            s.PiiStmt(
                verb=Verb.BLOCK,
                entities=(
                    s.EntityRef(entity=PiiType.CREDIT_DEBIT_CARD_NUMBER),
                    s.EntityRef(entity=PiiType.US_SOCIAL_SECURITY_NUMBER),
                ),
            ),
            s.PiiStmt(
                verb=Verb.BLOCK,
                entities=(s.EntityRef(entity=PiiType.EMAIL),),
                sides=(
                    s.Side(direction=Direction.INPUT),
                    s.Side(direction=Direction.OUTPUT, verb=Verb.MASK),
                ),
            ),
            s.PiiStmt(verb=Verb.MASK, group=s.Ref(name="us identifiers")),
            s.PatternStmt(verb=Verb.BLOCK, pattern=s.Ref(name="employee id")),
            s.PatternStmt(
                verb=Verb.MASK,
                pattern=s.Ref(name="ticket id"),
                regex=r"TCK-\d+",
                description="Tickets",
            ),
            s.GroundingStmt(verb=Verb.BLOCK, check=GroundingKind.GROUNDING, threshold=0.7),
            s.GroundingStmt(verb=Verb.DETECT, check=GroundingKind.RELEVANCE, threshold=1.0),
            s.ReasoningStmt(policies=_t("arn:a", "arn:b"), confidence=0.8),
            s.AccessStmt(
                account=s.Text(value="111122223333"),
                region=s.Text(value="us-east-1"),
                deployers=_t("arn:aws:iam::111122223333:role/ci"),
                models=_t("anthropic.claude-*", "amazon.nova-pro-v1:0"),
                allow_delete=True,
                version=s.Text(value="DRAFT"),
            ),
        ),
    )
    test = s.TestBlock(
        name="basics",
        guardrail=s.Ref(name="support-bot"),
        expectations=(
            ir.Expectation(source=Direction.INPUT, text="Hi", expect=Expect.ALLOWED),
            ir.Expectation(
                source=Direction.INPUT,
                text="Tesla?",
                expect=Expect.BLOCKED,
                by=ir.RuleRef(rule=RuleKind.TOPIC, target="Investment advice"),
            ),
            ir.Expectation(
                source=Direction.OUTPUT,
                text="jane@example.com",
                expect=Expect.MASKED,
                masked_as="{EMAIL}",
            ),
            ir.Expectation(
                source=Direction.OUTPUT,
                text="30d",
                grounding_source="In 30 days.",
                query="When?",
                expect=Expect.BLOCKED,
                by=ir.RuleRef(rule=RuleKind.FILTER, target="PROMPT_ATTACK"),
            ),
            ir.Expectation(
                source=Direction.OUTPUT,
                text="x",
                query="Why?",
                expect=Expect.DETECTED,
                by=ir.RuleRef(rule=RuleKind.PII, target="NAME"),
            ),
            ir.Expectation(
                source=Direction.OUTPUT,
                text="y",
                expect=Expect.BLOCKED,
                by=ir.RuleRef(rule=RuleKind.RELEVANCE),
            ),
        ),
    )
    return s.Module(
        file="<generated>",
        items=(
            s.Use(target="stdlib.topics", is_path=False),
            s.Use(target="common/topics.guard", is_path=True),
            s.TopicDef(name="Gambling", definition="Betting.", examples=_t("Odds?", "Casino?")),
            s.WordListDef(name="codenames", words=_t("Project Zeus", "Apollo-7")),
            s.PiiGroupDef(
                name="ids",
                entities=(
                    s.EntityRef(entity=PiiType.US_PASSPORT_NUMBER),
                    s.EntityRef(entity=PiiType.DRIVER_ID),
                ),
            ),
            s.PatternDef(name="employee id", regex=r"EMP-\d{6}", description="Employees"),
            s.PatternDef(name="bare", regex=r"a\\"),
            guardrail,
            test,
        ),
    )


EXPECTED = r"""use stdlib.topics
use "common/topics.guard"

topic "Gambling":
  means "Betting."
  for example "Odds?"
  for example "Casino?"

words "codenames":
  "Project Zeus"
  "Apollo-7"

pii group "ids": us passport numbers, driver ids

pattern "employee id" matching "EMP-\d{6}" described as "Employees"

pattern "bare" matching "a\\\\"

guardrail "support-bot" extends "base":
  description "Says \"hi\""
  encrypt with key "alias/guardrails"
  tag cost-center = "cc-42"
  tag "two words" = "x"
  tier standard
  cross region profile "us.guardrail.v1:0"
  on blocked input say "Sorry."
  deny topic "Investment advice"
  deny topic "Medical" on input:
    means "Diagnosis."
    for example "Dose?"
  filter insults at medium on input, low on output
  filter sexual content at high including images
  detect violence at low
  block word "Project Zeus"
  block words "acme-internal", "blue falcon"
  detect words from "codenames"
  block profanity on output
  block credit card numbers, us social security numbers
  block email addresses on input, mask on output
  mask pii group "us identifiers"
  block pattern "employee id"
  mask pattern "ticket id" matching "TCK-\d+" described as "Tickets"
  require grounding at least 0.7
  detect relevance at least 1
  check automated reasoning policy "arn:a", "arn:b" with confidence 0.8
  access:
    account "111122223333"
    region "us-east-1"
    deployed by "arn:aws:iam::111122223333:role/ci"
    required for models "anthropic.claude-*", "amazon.nova-pro-v1:0"
    deployer may delete
    pin version draft

test "basics" for "support-bot":
  input "Hi" is allowed
  input "Tesla?" is blocked by topic "Investment advice"
  output "jane@example.com" is masked as "{EMAIL}"
  output "30d" given source "In 30 days." and query "When?" is blocked by filter prompt attacks
  output "x" given query "Why?" is detected by pii names
  output "y" is blocked by relevance
"""


def test_every_construct_prints_canonically() -> None:
    assert format_source(_module(), "") == EXPECTED


def test_empty_module_is_empty_text() -> None:
    assert format_source(s.Module(file="x.guard"), "") == ""


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain", '"plain"'),
        (r"EMP-\d{6}", r'"EMP-\d{6}"'),  # a lone backslash needs no escape
        ('say "hi"', r'"say \"hi\""'),
        ("ends with \\", r'"ends with \\"'),
        ("two \\\\ here", r'"two \\\ here"'),  # `\\` reads as one, then `\ ` stays
        ('\\"', r'"\\\""'),
        ("", '""'),
    ],
)
def test_quote_reads_back_with_only_two_escapes(value: str, written: str) -> None:
    assert quote(value) == written
    assert _unquote(written) == value


def _unquote(literal: str) -> str:
    """The language's reading of a string literal: only \\" and \\\\ are escapes."""
    body, out, i = literal[1:-1], [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body) and body[i + 1] in '"\\':
            out.append(body[i + 1])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


@pytest.mark.parametrize(
    ("value", "written"),
    [(0.7, "0.7"), (1.0, "1"), (0.0, "0"), (0.99, "0.99"), (0.85, "0.85"), (1e-05, "0.00001")],
)
def test_numbers(value: float, written: str) -> None:
    assert number(value) == written
    assert float(written) == value


def test_comments_outside_strings_only() -> None:
    text = (
        "# header\n"
        'guardrail "a#b":  # trailing\n'
        '  block word "x\\"#y" # after an escaped quote\n'
        '  block word "#"\n'
        "    # indented\n"
    )
    found = [(c.line, c.indent, c.text, c.trailing) for c in comments(text)]
    assert found == [
        (1, 0, "# header", False),
        (2, 0, "# trailing", True),
        (3, 2, "# after an escaped quote", True),
        (5, 4, "# indented", False),
    ]


# ── round trips through the real front end ───────────────────────────────────────────────────


def _lower(text: str, file: str = "t.guard") -> s.Module:
    """Parse and lower `text`, failing the test on any error."""
    from compiler.diagnostics.render import render_text
    from compiler.diagnostics.sink import Diagnostics, Severity
    from compiler.frontend.lower import lower
    from compiler.frontend.parse import parse

    sink = Diagnostics()
    tree = parse(text, file, sink)
    module = lower(tree, text, file, sink) if tree is not None else None
    errors = [d for d in sink.sorted() if d.severity is Severity.ERROR]
    assert module is not None and not errors, render_text(errors, {file: text}) + text
    return module


def _round_trip(module: s.Module, text: str) -> str:
    """Format, parse back, compare IR, and check the result is a fixed point."""
    formatted = format_source(module, text)
    again = _lower(formatted, module.file)
    assert again.model_dump() == module.model_dump(), formatted
    assert format_source(again, formatted) == formatted
    return formatted


def _corpus() -> list[Path]:
    files = [
        *sorted((ROOT / "examples").rglob("*.guard")),
        *sorted((ROOT / "stdlib").rglob("*.guard")),
        *sorted((ROOT / "tests" / "cases" / "ok").rglob("*.guard")),
    ]
    return [f for f in files if f.read_text(encoding="utf-8").strip()]


@pytest.mark.parametrize("path", _corpus(), ids=lambda p: str(p.relative_to(ROOT)))
def test_corpus_round_trips(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    formatted = _round_trip(_lower(text, str(path)), text)
    # every comment survives (the `access:` lines have a fixed order, so compare as sets)
    assert sorted(c.text for c in comments(formatted)) == sorted(c.text for c in comments(text))


def test_the_constructed_module_round_trips() -> None:
    assert _round_trip(_module(), "") == EXPECTED


MESSY = """\
# file header

# second header paragraph
USE stdlib.pii
use   "common/topics.guard"   # shared topics
Topic "Gambling":   # casino stuff
    # about the definition
    MEANS "Betting"
    for   example "Odds?"



Guardrail "bot"   EXTENDS "base":

    # first comment in block
    Filter HATE at HIGH    # loud
    BLOCK US_SOCIAL_SECURITY_NUMBER, Credit Card Numbers on output, MASK on input


    block words "a",   "b"
    access:
        # who applies
        applied by "arn:aws:iam::111122223333:role/app"
        account "111122223333"   # the account
        Pin Version Draft
    # end of bot
    Require Grounding at least 0.70
        # deeper dangling comment
# trailing file comment
"""

MESSY_FORMATTED = """\
# file header

# second header paragraph
use stdlib.pii
use "common/topics.guard"  # shared topics

topic "Gambling":  # casino stuff
  # about the definition
  means "Betting"
  for example "Odds?"

guardrail "bot" extends "base":
  # first comment in block
  filter hate at high  # loud
  block us social security numbers, credit card numbers on output, mask on input

  block words "a", "b"
  access:
    account "111122223333"  # the account
    # who applies
    applied by "arn:aws:iam::111122223333:role/app"
    pin version draft
  # end of bot
  require grounding at least 0.7
  # deeper dangling comment
# trailing file comment
"""


def test_comments_and_blank_lines_survive_a_messy_file() -> None:
    assert _round_trip(_lower(MESSY), MESSY) == MESSY_FORMATTED


def test_several_filters_on_one_line_stay_on_one_line() -> None:
    text = 'guardrail "g":\n  filter hate, insults at high  # both\n'
    assert _round_trip(_lower(text), text) == text


# ── generated programs ────────────────────────────────────────────────────────────────────────

# Any text a string literal can hold: no newline, no control characters, quotes and backslashes
# and `#` very much included.
_chars = st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u0085")
_texts = st.text(st.one_of(st.sampled_from('"\\#: ,'), _chars), min_size=1, max_size=12)
_names = st.text(st.one_of(st.sampled_from("ab -_"), _chars), min_size=1, max_size=8)
_number = st.integers(0, 100).map(lambda n: n / 100)
_direction = st.sampled_from(Direction)
_entities = st.lists(
    st.sampled_from(PiiType).map(lambda e: s.EntityRef(entity=e)), min_size=1, max_size=3
)
_text_nodes = st.lists(_texts.map(lambda v: s.Text(value=v)), min_size=1, max_size=3).map(tuple)


@st.composite
def _sides(
    draw: st.DrawFn, verbs: tuple[Verb, ...], scored: bool, imaged: bool = False
) -> tuple[s.Side, ...]:
    count = draw(st.integers(0, 2))
    first = draw(_direction)
    images = st.none() | st.sampled_from(ImageMode) if imaged else st.none()
    if count == 0:
        return ()
    if count == 1:
        return (s.Side(direction=first, images=draw(images)),)
    other = Direction.OUTPUT if first is Direction.INPUT else Direction.INPUT
    verb = draw(st.none() | st.sampled_from(verbs))
    strength = draw(st.none() | st.sampled_from(Strength)) if scored else None
    return (
        s.Side(direction=first, images=draw(images)),
        s.Side(direction=other, verb=verb, strength=strength, images=draw(images)),
    )


_BLOCKISH = (Verb.BLOCK, Verb.DETECT)


@st.composite
def _statement(draw: st.DrawFn) -> s.Statement:
    kind = draw(st.integers(0, 14))
    ref = _names.map(lambda n: s.Ref(name=n))
    match kind:
        case 0:
            return s.DescriptionStmt(text=draw(_texts))
        case 1:
            return s.KeyStmt(key=draw(_texts))
        case 2:
            bare = st.from_regex(r"[a-z0-9][a-z0-9_.:/+=@-]{0,6}[a-z0-9]", fullmatch=True)
            return s.TagStmt(key=draw(bare | _texts), value=draw(_texts))
        case 3:
            part = draw(st.none() | st.sampled_from(TierPart))
            return s.TierStmt(tier=draw(st.sampled_from(Tier)), part=part)
        case 4:
            return s.CrossRegionStmt(profile=draw(_texts))
        case 5:
            return s.MessageStmt(direction=draw(_direction), text=draw(_texts))
        case 6:
            name = draw(_names)
            inline = draw(
                st.none()
                | st.builds(
                    s.TopicDef,
                    name=st.just(name),
                    definition=_texts,
                    examples=st.lists(_texts.map(lambda v: s.Text(value=v)), max_size=2).map(tuple),
                )
            )
            return s.TopicStmt(
                verb=draw(st.sampled_from(_BLOCKISH)),
                topic=s.Ref(name=name),
                inline=inline,
                sides=draw(_sides(_BLOCKISH, False)),
            )
        case 7:
            verb = draw(st.sampled_from(_BLOCKISH))
            strength = draw(st.sampled_from(Strength))
            mode = draw(st.integers(0, 2))
            return s.FilterStmt(
                verb=verb,
                category=draw(st.sampled_from(ContentCategory)),
                strength=strength if verb is Verb.BLOCK else draw(st.none() | st.just(strength)),
                images=mode == 1,
                images_only=mode == 2,  # said for both sides, or per side (mode 0), not both
                sides=draw(_sides(_BLOCKISH, True, imaged=mode == 0)),
            )
        case 8:
            from_list = draw(st.none() | ref)
            return s.WordStmt(
                verb=draw(st.sampled_from(_BLOCKISH)),
                words=() if from_list else draw(_text_nodes),
                from_list=from_list,
                sides=draw(_sides(_BLOCKISH, False)),
            )
        case 9:
            verb = draw(st.sampled_from(_BLOCKISH))
            return s.ProfanityStmt(verb=verb, sides=draw(_sides(_BLOCKISH, False)))
        case 10:
            group = draw(st.none() | ref)
            return s.PiiStmt(
                verb=draw(st.sampled_from(Verb)),
                entities=() if group else tuple(draw(_entities)),
                group=group,
                sides=draw(_sides(tuple(Verb), False)),
            )
        case 11:
            regex = draw(st.none() | _texts)
            return s.PatternStmt(
                verb=draw(st.sampled_from(Verb)),
                pattern=draw(ref),
                regex=regex,
                description=draw(st.none() | _texts) if regex is not None else None,
                sides=draw(_sides(tuple(Verb), False)),
            )
        case 12:
            return s.GroundingStmt(
                verb=draw(st.sampled_from(_BLOCKISH)),
                check=draw(st.sampled_from(GroundingKind)),
                threshold=draw(_number),
            )
        case 13:
            return s.ReasoningStmt(policies=draw(_text_nodes), confidence=draw(st.none() | _number))
        case _:
            one = _texts.map(lambda v: s.Text(value=v))
            version = st.sampled_from(["DRAFT", "1", "42"]).map(lambda v: s.Text(value=v))
            access = s.AccessStmt(
                account=draw(st.none() | one),
                region=draw(st.none() | one),
                partition=draw(st.none() | one),
                deployers=draw(st.just(()) | _text_nodes),
                appliers=draw(st.just(()) | _text_nodes),
                models=draw(st.just(()) | _text_nodes),
                allow_delete=draw(st.booleans()),
                version=draw(st.none() | version),
            )
            empty = access.model_dump() == s.AccessStmt().model_dump()
            return access.model_copy(update={"allow_delete": True}) if empty else access


@st.composite
def _expectation(draw: st.DrawFn) -> ir.Expectation:
    expect = draw(st.sampled_from(Expect))
    rule = draw(st.sampled_from(RuleKind))
    target = {
        RuleKind.FILTER: st.sampled_from(ContentCategory).map(str),
        RuleKind.PII: st.sampled_from(PiiType).map(str),
        RuleKind.TOPIC: _names,
        RuleKind.WORD: _texts,
        RuleKind.PATTERN: _names,
    }.get(rule, st.just(""))
    by = ir.RuleRef(rule=rule, target=draw(target))
    source = draw(st.none() | _texts)
    return ir.Expectation(
        source=draw(_direction),
        text=draw(_texts),
        grounding_source=source,
        query=draw(st.none() | _texts),
        expect=expect,
        by=(draw(st.none() | st.just(by)) if expect is Expect.BLOCKED else None)
        if expect is not Expect.DETECTED
        else by,
        masked_as=draw(_texts) if expect is Expect.MASKED else None,
    )


_items = st.one_of(
    st.builds(s.Use, target=st.sampled_from(["stdlib.pii", "a.b_c"]), is_path=st.just(False)),
    st.builds(s.Use, target=_texts, is_path=st.just(True)),
    st.builds(
        s.TopicDef,
        name=_names,
        definition=_texts,
        examples=st.lists(_texts.map(lambda v: s.Text(value=v)), max_size=2).map(tuple),
    ),
    st.builds(s.WordListDef, name=_names, words=_text_nodes),
    st.builds(s.PiiGroupDef, name=_names, entities=_entities.map(tuple)),
    st.builds(s.PatternDef, name=_names, regex=_texts, description=st.none() | _texts),
    st.builds(
        s.GuardrailDecl,
        name=_names,
        extends=st.none() | _names.map(lambda n: s.Ref(name=n)),
        statements=st.lists(_statement(), min_size=1, max_size=5).map(tuple),
    ),
    st.builds(
        s.TestBlock,
        name=_names,
        guardrail=_names.map(lambda n: s.Ref(name=n)),
        expectations=st.lists(_expectation(), min_size=1, max_size=3).map(tuple),
    ),
)


# environments and parameters: the definitions, and statements whose values name a parameter
_value = _texts | _number
_bare_key = st.from_regex(r"[a-z0-9][a-z0-9_.:/+=@-]{0,6}[a-z0-9]", fullmatch=True)
_one = _texts.map(lambda v: s.Text(value=v))


@st.composite
def _param_statement(draw: st.DrawFn) -> s.Statement:
    """A statement with `parameter "P"` in place of a value (the value field holds the
    placeholder lowering gives it)."""
    name = draw(_names)

    def use(field: str) -> tuple[s.ParamUse, ...]:
        return (s.ParamUse(field=field, name=name),)

    match draw(st.integers(0, 7)):
        case 0:
            return s.DescriptionStmt(text="", params=use("text"))
        case 1:
            return s.KeyStmt(key="", params=use("key"))
        case 2:
            return s.TagStmt(key=draw(_bare_key), value="", params=use("value"))
        case 3:
            return s.CrossRegionStmt(profile="", params=use("profile"))
        case 4:
            return s.MessageStmt(direction=draw(_direction), text="", params=use("text"))
        case 5:
            verb = draw(st.sampled_from(_BLOCKISH))
            check = draw(st.sampled_from(GroundingKind))
            return s.GroundingStmt(verb=verb, check=check, threshold=0.0, params=use("threshold"))
        case 6:
            policies = draw(_text_nodes)
            return s.ReasoningStmt(policies=policies, confidence=0.0, params=use("confidence"))
        case _:
            written = draw(_text_nodes)
            at = draw(st.integers(0, len(written)))
            deployers = (*written[:at], s.Text(value=""), *written[at:])
            params = (
                s.ParamUse(field="account", name=name),
                s.ParamUse(field=f"deployers[{at}]", name=draw(_names)),
            )
            return s.AccessStmt(account=s.Text(value=""), deployers=deployers, params=params)


_env_items = st.one_of(
    st.builds(s.ParameterDef, name=_names, value=_value),
    st.builds(
        s.EnvironmentDef,
        name=_names,
        account=st.none() | _one,
        region=st.none() | _one,
        suffix=st.none() | _one,
        key=st.none() | _one,
        tags=st.lists(st.tuples(_bare_key | _texts, _one), max_size=2).map(tuple),
        sets=st.lists(st.builds(s.EnvSet, name=_names, value=_value), max_size=2).map(tuple),
    ).filter(lambda e: any((e.account, e.region, e.suffix, e.key, e.tags, e.sets))),
    st.builds(
        s.GuardrailDecl,
        name=_names,
        statements=st.lists(_param_statement(), min_size=1, max_size=3).map(tuple),
    ),
)
_modules = st.lists(_items | _env_items, max_size=5).map(
    lambda items: s.Module(file="t.guard", items=tuple(items))
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_modules)
def test_generated_programs_round_trip(module: s.Module) -> None:
    formatted = format_source(module, "")
    again = _lower(formatted)
    assert again.model_dump() == module.model_dump(), formatted
    assert format_source(again, formatted) == formatted


_comment_text = st.text(st.one_of(st.sampled_from('"\\# :'), _chars), max_size=10).map(
    lambda t: ("# " + t).rstrip()
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_modules, st.data())
def test_comments_anywhere_are_kept(module: s.Module, data: st.DataObject) -> None:
    """Sprinkle own-line and trailing comments over a formatted program: the IR must not change,
    every comment must survive formatting, and formatting again must change nothing."""
    lines = format_source(module, "").splitlines()
    out: list[str] = []
    for line in [*lines, None]:
        if data.draw(st.booleans()):
            indent = data.draw(st.integers(0, 6))
            out.append(" " * indent + data.draw(_comment_text))
        if line is not None:
            trailing = data.draw(st.none() | _comment_text)
            out.append(line if trailing is None else f"{line}  {trailing}")
    text = "".join(line + "\n" for line in out)
    lowered = _lower(text)
    assert lowered.model_dump() == module.model_dump()
    formatted = _round_trip(lowered, text)
    assert sorted(c.text for c in comments(formatted)) == sorted(c.text for c in comments(text))
