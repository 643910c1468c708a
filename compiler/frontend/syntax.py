"""The lowered syntax IR: one `Module` per `.guard` file, exactly as written, names unbound.

`lower.lower` builds it from the Lark tree; `fmt` prints it back in canonical form; `resolve`
binds its names, merges modules and applies `extends` to produce the resolved IR in `ir.py`.
Vocabulary (filters, PII phrases, strengths) is already mapped to enums here; names of topics,
word lists, groups, patterns and guardrails are still strings (`Ref`). A test block's
expectations (`Expectation`, `RuleRef`) are defined in `ir.py`: they reach the resolved IR
unchanged, and the back-ends and the test runner must not depend on the front end.
"""

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..diagnostics.span import NO_SPAN, Span
from ..ir import Expectation, share_fields_set
from ..vocab import (
    AlarmMetric,
    ContentCategory,
    Direction,
    EnforceScope,
    GroundingKind,
    GuardMode,
    ImageMode,
    LogData,
    PiiType,
    PolicyType,
    Strength,
    ThresholdUnit,
    Tier,
    TierPart,
    Verb,
)


class Node(BaseModel):
    """Base of every syntax node: frozen, strict, with a span left out of dumps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    span: Span = Field(default=NO_SPAN, exclude=True, repr=False)

    def model_post_init(self, context: Any, /) -> None:
        """Share the set of fields given (`ir.share_fields_set`)."""
        share_fields_set(self)


class Ref(Node):
    """A name in quotes that refers to a definition (`"Investment advice"`)."""

    name: str


class Text(Node):
    """A string literal with its own span (a word, an example, a model id)."""

    value: str


class EntityRef(Node):
    """A PII entity as written: `credit card numbers` or `CREDIT_DEBIT_CARD_NUMBER`."""

    entity: PiiType


class Side(Node):
    """One direction clause: `on input`, `mask on output`, `low on output`.

    `verb` / `strength` are None when the clause repeats the statement's own.
    """

    direction: Direction
    verb: Verb | None = None
    strength: Strength | None = None
    images: ImageMode | None = None  # content filters: `on input including images|images only`


# ── definitions (top level, reusable) ──────────────────────────────────────────────────────────


class Use(Node):
    """`use stdlib.pii` (module) or `use "common/topics.guard"` (file, relative to this file)."""

    kind: Literal["use"] = "use"
    target: str
    is_path: bool


class TopicDef(Node):
    """`topic "Gambling":` with `means "..."` and up to five `for example "..."` lines."""

    kind: Literal["topic"] = "topic"
    name: str
    definition: str
    examples: tuple[Text, ...] = ()


class WordListDef(Node):
    """`words "codenames":` followed by one quoted word or phrase per line."""

    kind: Literal["words"] = "words"
    name: str
    words: tuple[Text, ...]


class PiiGroupDef(Node):
    """`pii group "us identifiers": us social security numbers, us passport numbers`."""

    kind: Literal["pii_group"] = "pii_group"
    name: str
    entities: tuple[EntityRef, ...]


class PatternDef(Node):
    """`pattern "employee id" matching "EMP-\\d{6}" described as "Internal employee numbers"`."""

    kind: Literal["pattern"] = "pattern"
    name: str
    regex: str
    description: str | None = None
    regex_span: Span = Field(default=NO_SPAN, exclude=True, repr=False)
    # where each regex character sits in that literal (`lower_leaves.unquote_offsets`)
    regex_offsets: tuple[int, ...] = Field(default=(), exclude=True, repr=False)
    # where each line of that literal after the first starts (offsets as above): a text block
    # spans lines, and a regex's culprit is shown on its own line
    regex_lines: tuple[int, ...] = Field(default=(), exclude=True, repr=False)


# what a pattern's definition says, in its fields' order: the `ir.PatternRule` made from it
# repeats them (the makers of both, in lowering and resolve, take them in this order)
PATTERN_FIELDS = ("name", "regex", "description", "regex_span", "regex_offsets", "regex_lines")


# ── environments and parameters ───────────────────────────────────────────────────────────────


class ParamUse(Node):
    """`parameter "P"` written where a statement takes a value. `field` names the statement's
    field it stands for (`key`, `threshold`, `account`, `deployers[1]`, ...); until the
    parameter is bound (`effective._Builder.bind`) that field holds a placeholder."""

    field: str
    name: str


class ParameterDef(Node):
    """`parameter "grounding threshold" = 0.7`: a value deployments may change, its default."""

    kind: Literal["parameter"] = "parameter"
    name: str
    value: str | float


class EnvSet(Node):
    """`set "grounding threshold" = 0.85` in an environment."""

    name: str
    value: str | float


class EnvironmentDef(Node):
    """`environment "prod":` and its lines (docs/language.md, "Environments and parameters")."""

    kind: Literal["environment"] = "environment"
    name: str
    account: Text | None = None
    region: Text | None = None
    suffix: Text | None = None
    key: Text | None = None
    tags: tuple[tuple[str, Text], ...] = ()
    sets: tuple[EnvSet, ...] = ()


class Parameterised(Node):
    """A statement some of whose values may be `parameter "P"` references."""

    params: tuple[ParamUse, ...] = ()


# ── guardrail statements ──────────────────────────────────────────────────────────────────────


class DescriptionStmt(Parameterised):
    """`description "Retail support assistant"`."""

    kind: Literal["description"] = "description"
    text: str


class KeyStmt(Parameterised):
    """`encrypt with key "alias/guardrails"` (key id, key ARN, alias or alias ARN)."""

    kind: Literal["key"] = "key"
    key: str


class TagStmt(Parameterised):
    """`tag team = "support"` (the key is a bare word or a string)."""

    kind: Literal["tag"] = "tag"
    key: str
    value: str


class TierStmt(Node):
    """`tier classic` / `tier standard`."""

    kind: Literal["tier"] = "tier"
    tier: Tier
    part: TierPart | None = None  # `tier standard for topics`: that policy only


class CrossRegionStmt(Parameterised):
    """`cross region profile "us.guardrail.v1:0"` (profile id or guardrail-profile ARN)."""

    kind: Literal["cross_region"] = "cross_region"
    profile: str


class MessageStmt(Parameterised):
    """`on blocked input say "..."` / `on blocked output say "..."`."""

    kind: Literal["message"] = "message"
    direction: Direction
    text: str


class TopicStmt(Node):
    """`deny topic "X"` (a reference) or `deny topic "X":` with an inline definition;
    `detect topic "X"` reports without blocking."""

    kind: Literal["topic_rule"] = "topic_rule"
    verb: Verb
    topic: Ref
    inline: TopicDef | None = None
    sides: tuple[Side, ...] = ()


class FilterStmt(Node):
    """`filter hate at high`, `detect violence at low`, `filter sexual content at high including
    images`, `filter insults at medium on input, low on output`."""

    kind: Literal["filter_rule"] = "filter_rule"
    verb: Verb
    category: ContentCategory
    strength: Strength | None = None
    images: bool = False
    images_only: bool = False  # `on images only`, both sides
    sides: tuple[Side, ...] = ()


class WordStmt(Node):
    """`block word "X"`, `block words "a", "b"`, `block words from "list"`."""

    kind: Literal["word_rule"] = "word_rule"
    verb: Verb
    words: tuple[Text, ...] = ()
    from_list: Ref | None = None
    sides: tuple[Side, ...] = ()


class ProfanityStmt(Node):
    """`block profanity` (Bedrock's managed profanity list)."""

    kind: Literal["profanity_rule"] = "profanity_rule"
    verb: Verb
    sides: tuple[Side, ...] = ()


class PiiStmt(Node):
    """`block credit card numbers, us social security numbers`, `mask phone numbers on output`,
    `block pii group "us identifiers"`."""

    kind: Literal["pii_rule"] = "pii_rule"
    verb: Verb
    entities: tuple[EntityRef, ...] = ()
    group: Ref | None = None
    sides: tuple[Side, ...] = ()


class PatternStmt(Node):
    """`block pattern "employee id"` (a reference) or `mask pattern "ticket id" matching "TCK-\\d+"`
    (inline, optionally `described as "..."`)."""

    kind: Literal["pattern_rule"] = "pattern_rule"
    verb: Verb
    pattern: Ref
    regex: str | None = None
    description: str | None = None
    regex_span: Span = Field(default=NO_SPAN, exclude=True, repr=False)
    # where each regex character sits in that literal (`lower_leaves.unquote_offsets`)
    regex_offsets: tuple[int, ...] = Field(default=(), exclude=True, repr=False)
    # where each line of that literal after the first starts (offsets as above): a text block
    # spans lines, and a regex's culprit is shown on its own line
    regex_lines: tuple[int, ...] = Field(default=(), exclude=True, repr=False)
    sides: tuple[Side, ...] = ()


class GroundingStmt(Parameterised):
    """`require grounding at least 0.7`, `require relevance at least 0.5`; `detect grounding at
    least 0.7` reports without blocking."""

    kind: Literal["grounding_rule"] = "grounding_rule"
    verb: Verb
    check: GroundingKind
    threshold: float


class ReasoningStmt(Parameterised):
    """`check automated reasoning policy "arn:..." [, "arn:..."] [with confidence 0.8]`."""

    kind: Literal["reasoning_rule"] = "reasoning_rule"
    policies: tuple[Text, ...]
    confidence: float | None = None


class AccessStmt(Parameterised):
    """The `access:` block: who deploys and applies the guardrail and which model calls must
    carry it. Every line is optional; ARNs are checked by `validate`."""

    kind: Literal["access"] = "access"
    account: Text | None = None
    region: Text | None = None
    partition: Text | None = None
    deployers: tuple[Text, ...] = ()
    appliers: tuple[Text, ...] = ()
    models: tuple[Text, ...] = ()
    allow_delete: bool = False
    version: Text | None = None
    shared_accounts: tuple[Text, ...] = ()
    shared_organization: Text | None = None


class EnforceStmt(Node):
    """`enforce in account:` / `enforce in organization:` and its optional lines: `models all
    [except "id", ...]` or `models "id", ...`; `guard system prompts selectively`; `guard
    messages comprehensively`. No lines: every model, the service's default guarding."""

    kind: Literal["enforce"] = "enforce"
    scope: EnforceScope
    models: tuple[Text, ...] = ()  # "ALL" for `models all`
    excluded: tuple[Text, ...] = ()
    system: GuardMode | None = None
    messages: GuardMode | None = None
    # `attach to root|organizational units|accounts "id", ...` (organization scope only)
    roots: tuple[Text, ...] = ()
    units: tuple[Text, ...] = ()
    accounts: tuple[Text, ...] = ()


Statement = Annotated[
    DescriptionStmt
    | KeyStmt
    | TagStmt
    | TierStmt
    | CrossRegionStmt
    | MessageStmt
    | TopicStmt
    | FilterStmt
    | WordStmt
    | ProfanityStmt
    | PiiStmt
    | PatternStmt
    | GroundingStmt
    | ReasoningStmt
    | AccessStmt
    | EnforceStmt,
    Field(discriminator="kind"),
]


class GuardrailDecl(Node):
    """`guardrail "name" [extends "base"]:` and its statements, in source order."""

    kind: Literal["guardrail"] = "guardrail"
    name: str
    extends: Ref | None = None
    statements: tuple[Statement, ...] = ()


# ── tests ─────────────────────────────────────────────────────────────────────────────────────


class TestBlock(Node):
    """`test "name" for "guardrail":` and its expectations."""

    kind: Literal["test"] = "test"
    name: str
    guardrail: Ref
    expectations: tuple[Expectation, ...] = ()


# ── logging and monitoring ────────────────────────────────────────────────────────────────


class Destination(Node):
    """`deliver to bucket "B" [prefix "P"]`: an S3 bucket and key prefix."""

    bucket: Text
    prefix: Text | None = None


class Number(Node):
    """A number as written, with its span (a retention, a threshold, a window)."""

    value: float


class DataRef(Node):
    """One word of `include text, images, embeddings, video, audio`."""

    data: LogData


class LoggingDecl(Parameterised):
    """The `logging:` block: where Bedrock delivers model invocation logs in one account and
    Region, what they include, the key and the role, and the outside-change alarm. A value
    written as `parameter "P"` is a placeholder until resolve binds it (`params`' fields are
    `account`, `bucket`, `bucket.prefix`, `notify[1]`, ...: the keys of `ir.Logging.spans`)."""

    kind: Literal["logging"] = "logging"
    account: Text | None = None
    region: Text | None = None
    bucket: Destination | None = None
    log_group: Text | None = None
    retention: Number | None = None  # days
    large_data: Destination | None = None
    data: tuple[DataRef, ...] = ()
    key: Text | None = None
    role: Text | None = None
    trail_log_group: Text | None = None
    notify: tuple[Text, ...] = ()


class AlarmStmt(Node):
    """`alarm when interventions [on input] [by topics] above 20% [over 5 minutes]`."""

    metric: AlarmMetric
    direction: Direction | None = None
    policy_type: PolicyType | None = None
    threshold: float
    unit: ThresholdUnit = ThresholdUnit.COUNT
    minutes: int = 5


class AlarmsDecl(Parameterised):
    """`alarms for "guardrail":` with `notify "SNS ARN"` lines and `alarm when ...` lines. A
    topic or threshold written as `parameter "P"` is a placeholder until resolve binds it
    (`params`' fields are `notify[0]`, `alarms[2].threshold`, ...)."""

    kind: Literal["alarms"] = "alarms"
    guardrail: Ref
    notify: tuple[Text, ...] = ()
    alarms: tuple[AlarmStmt, ...] = ()


TopLevel = Annotated[
    Use
    | TopicDef
    | WordListDef
    | PiiGroupDef
    | PatternDef
    | GuardrailDecl
    | TestBlock
    | ParameterDef
    | EnvironmentDef
    | LoggingDecl
    | AlarmsDecl,
    Field(discriminator="kind"),
]


class Module(Node):
    """One `.guard` file: its top-level items in source order."""

    file: str
    items: tuple[TopLevel, ...] = ()
