"""The resolved IR: the only contract the back-ends see.

`resolve.resolve` builds a `Policy` from the syntax modules: names bound, `use` merged, groups and
word lists expanded, `extends` applied with the override rule, directions made explicit. Every
rule keeps an `Origin` so `guardc explain` can say where it came from. Back-ends never import
lark and never read source text.
"""

import bisect
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .diagnostics.span import NO_SPAN, Span
from .vocab import (
    IMAGE_MODALITIES,
    Action,
    AlarmMetric,
    ContentCategory,
    Direction,
    EnforceScope,
    Expect,
    GroundingKind,
    GuardMode,
    ImageMode,
    LogData,
    PiiType,
    PolicyType,
    RuleKind,
    Strength,
    ThresholdUnit,
    Tier,
    TierPart,
)

_FIELD_SETS: dict[frozenset[str], set[str]] = {}


def share_fields_set(model: BaseModel) -> None:
    """Give `model` the one shared copy of its set of fields given. pydantic makes a set per
    instance (216 bytes, a fifth of a big file's IR); a frozen model never adds to it and a
    copy copies it first, so instances given the same fields can share one."""
    given = model.__pydantic_fields_set__
    shared = _FIELD_SETS.setdefault(frozenset(given), given)
    if shared is not given:
        object.__setattr__(model, "__pydantic_fields_set__", shared)


class IRNode(BaseModel):
    """Base of every resolved node: frozen, strict, spans excluded from dumps."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    span: Span = Field(default=NO_SPAN, exclude=True, repr=False)

    def model_post_init(self, context: Any, /) -> None:
        """Share the set of fields given (`share_fields_set`)."""
        share_fields_set(self)


class Origin(IRNode):
    """Where an effective rule came from: the statement's span (the node's own `span`), the
    guardrail that wrote it (differs from the owner when inherited) and what expanded it
    (`pii group "us identifiers"`, `words "codenames"`), if anything."""

    guardrail: str
    via: str | None = None


class SideConfig(IRNode):
    """How one direction of a rule is configured. Absent side (None on the rule) = disabled."""

    action: Action
    strength: Strength | None = None  # content filters only


class Rule(IRNode):
    """Common to every per-direction rule."""

    input: SideConfig | None = None
    output: SideConfig | None = None
    origin: Origin

    def side(self, direction: Direction) -> SideConfig | None:
        """The configuration for `direction`, or None when that side is disabled."""
        return self.input if direction is Direction.INPUT else self.output


class Topic(IRNode):
    """A denied-topic definition, bound (from `topic "X":` or an inline `deny topic "X":`)."""

    name: str
    definition: str
    examples: tuple[str, ...] = ()


class TopicRule(Rule):
    """`deny topic "X"` / `detect topic "X"`."""

    topic: Topic


class FilterRule(Rule):
    """`filter hate at high` …: a content filter, strengths on each side."""

    category: ContentCategory
    images: bool = False  # text and images on both sides (the `including images` of old IRs)
    input_images: ImageMode | None = None  # per side; None: text only (or `images` above)
    output_images: ImageMode | None = None

    def image_mode(self, direction: Direction) -> ImageMode | None:
        """What the `direction` side reads besides text, or instead of it (None: text only)."""
        own = self.input_images if direction is Direction.INPUT else self.output_images
        return own or (ImageMode.WITH if self.images else None)

    def modalities(self, direction: Direction) -> tuple[str, ...] | None:
        """Bedrock's `inputModalities` / `outputModalities`, or None for TEXT (the default)."""
        mode = self.image_mode(direction)
        return None if mode is None else IMAGE_MODALITIES[mode]

    @property
    def reads_images(self) -> bool:
        """Some enabled side filters images."""
        return any(self.image_mode(d) is not None and self.side(d) is not None for d in Direction)


class WordRule(Rule):
    """One custom word or phrase of the word policy."""

    text: str


class ProfanityRule(Rule):
    """`block profanity`: the managed PROFANITY list."""


class PiiRule(Rule):
    """One PII entity type of the sensitive-information policy."""

    entity: PiiType


class PatternRule(Rule):
    """A custom regex of the sensitive-information policy (`pattern "name" matching "..."`)."""

    name: str
    regex: str
    description: str | None = None
    # the regex's string literal (quotes included), so regex errors point inside it
    regex_span: Span = Field(default=NO_SPAN, exclude=True, repr=False)
    # where each regex character sits in that literal (`lower_leaves.unquote_offsets`)
    regex_offsets: tuple[int, ...] = Field(default=(), exclude=True, repr=False)
    # where each line of that literal after the first starts (offsets as above): a text block
    # spans lines, and a regex's culprit is shown on its own line
    regex_lines: tuple[int, ...] = Field(default=(), exclude=True, repr=False)


class GroundingRule(IRNode):
    """`require grounding at least 0.7`: output-only by Bedrock's definition."""

    check: GroundingKind
    threshold: float
    action: Action
    origin: Origin


class Reasoning(IRNode):
    """`check automated reasoning policy "arn" with confidence 0.8`."""

    policies: tuple[str, ...]
    confidence: float | None = None
    origin: Origin


class Tag(IRNode):
    """`tag key = "value"`."""

    key: str
    value: str


class Access(IRNode):
    """The `access:` block, resolved (inherited whole when the child has none)."""

    account: str | None = None
    region: str | None = None
    partition: str = "aws"
    deployers: tuple[str, ...] = ()
    appliers: tuple[str, ...] = ()
    models: tuple[str, ...] = ()
    allow_delete: bool = False
    version: str | None = None  # a pinned version number, or "DRAFT"
    # the guardrail's resource-based policy: accounts and an organization that may apply it
    shared_accounts: tuple[str, ...] = ()
    shared_organization: str | None = None
    origin: Origin
    # where each line of the block was written: ("account", span), ("deployers[1]", span), ...
    spans: tuple[tuple[str, Span], ...] = Field(default=(), exclude=True, repr=False)


ALL_MODELS = "ALL"


class Enforcement(IRNode):
    """`enforce in account:` / `enforce in organization:`: Bedrock applies this guardrail (a
    published version) to every model call in the account, or in the accounts the
    organization's BEDROCK_POLICY is attached to. `models` is () when not written (every
    model), `("ALL",)` for `models all`."""

    scope: EnforceScope
    models: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    system: GuardMode | None = None
    messages: GuardMode | None = None
    # where the organization's policy is attached: root, OU and account ids as written
    roots: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    accounts: tuple[str, ...] = ()
    origin: Origin
    # where each model id and target was written: ("models[0]", span), ("units[1]", span), ...
    spans: tuple[tuple[str, Span], ...] = Field(default=(), exclude=True, repr=False)


class Deployment(IRNode):
    """Where the guardrail is deployed in the chosen environment (`environment "prod":`): its
    account and Region (also filled into `access`, when the guardrail has that block) and the
    suffix of its name in Bedrock."""

    environment: str
    account: str | None = None
    region: str | None = None
    suffix: str = ""


class Parameter(IRNode):
    """A `parameter "P" = default` some guardrail uses: the value in force (the chosen
    environment's, else the default) and every value the default and the environments give it
    (as text, for CloudFormation's AllowedValues)."""

    name: str
    number: bool
    value: str | float
    allowed: tuple[str, ...]


DEFAULT_BLOCKED_INPUT = "Sorry, I can't help with that request."
DEFAULT_BLOCKED_OUTPUT = "Sorry, I can't provide that response."


class SettingSpans(BaseModel):
    """Where each single-valued setting of a guardrail was written (None: not written here, e.g.
    a default). Checks and targets point their diagnostics there."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    description: Span | None = None
    kms_key: Span | None = None
    tier: Span | None = None
    topics_tier: Span | None = None
    filters_tier: Span | None = None
    grounding_tier: Span | None = None
    cross_region_profile: Span | None = None
    blocked_input_message: Span | None = None
    blocked_output_message: Span | None = None


class Guardrail(IRNode):
    """One guardrail with every effective rule, in a stable order (source order, inherited
    rules first)."""

    name: str
    extends: str | None = None
    description: str | None = None
    kms_key: str | None = None
    tags: tuple[Tag, ...] = ()
    tier: Tier | None = None
    # `tier X for topics|content filters|grounding`: that policy's tier, over `tier`
    topics_tier: Tier | None = None
    filters_tier: Tier | None = None
    grounding_tier: Tier | None = None
    cross_region_profile: str | None = None
    blocked_input_message: str = DEFAULT_BLOCKED_INPUT
    blocked_output_message: str = DEFAULT_BLOCKED_OUTPUT
    topics: tuple[TopicRule, ...] = ()
    filters: tuple[FilterRule, ...] = ()
    words: tuple[WordRule, ...] = ()
    profanity: ProfanityRule | None = None
    pii: tuple[PiiRule, ...] = ()
    patterns: tuple[PatternRule, ...] = ()
    grounding: tuple[GroundingRule, ...] = ()
    reasoning: Reasoning | None = None
    access: Access | None = None
    enforcements: tuple[Enforcement, ...] = ()
    spans: SettingSpans = Field(default=SettingSpans(), exclude=True, repr=False)
    # the chosen environment's deployment (None: no environment chosen)
    deployment: Deployment | None = Field(default=None, exclude=True, repr=False)
    # which values came from a parameter: (`kms_key`, "kms key"), (`tags:stage`, ...),
    # (`grounding:GROUNDING`, ...), (`reasoning.confidence`, ...), (`access.account`, ...)
    parameters: tuple[tuple[str, str], ...] = Field(default=(), exclude=True, repr=False)

    @property
    def bedrock_name(self) -> str:
        """The guardrail's name in Bedrock: its name, plus the environment's name suffix."""
        return self.name + (self.deployment.suffix if self.deployment else "")

    @property
    def place(self) -> tuple[str | None, str | None]:
        """(account, Region) the guardrail deploys to: its `access:` block's, else the chosen
        environment's (which also fills `access`, when the guardrail has that block)."""
        access, deployment = self.access, self.deployment
        account = access.account if access is not None else None
        region = access.region if access is not None else None
        if deployment is not None:
            account, region = account or deployment.account, region or deployment.region
        return account, region

    def tier_of(self, part: TierPart) -> Tier | None:
        """The tier of one policy: its own `tier … for` line, else `tier` (which sets topics
        and content filters only; grounding keeps the service default without its own line)."""
        match part:
            case TierPart.TOPICS:
                return self.topics_tier or self.tier
            case TierPart.FILTERS:
                return self.filters_tier or self.tier
            case TierPart.GROUNDING:
                return self.grounding_tier

    def setting_span(self, where: Span | None) -> Span:
        """`where` a setting was written (`g.setting_span(g.spans.tier)`), else the guardrail's
        own span: diagnostics about a setting point at its line when there is one."""
        return where if where is not None else self.span


# ── tests: an expectation is carried from the source unchanged ─────────────────────────────


class RuleRef(IRNode):
    """The rule a test names: `topic "X"`, `filter prompt attacks`, `word "W"`, `profanity`,
    `pii names`, `pattern "N"`, `grounding`, `relevance`.

    `target` is the topic/word/pattern name, the ContentCategory or PiiType value, or "" for
    profanity, grounding and relevance.
    """

    rule: RuleKind
    target: str = ""


class Expectation(IRNode):
    """`input "..." [given source "..." and query "..."] is blocked by topic "X"`."""

    source: Direction
    text: str
    grounding_source: str | None = None
    query: str | None = None
    expect: Expect
    by: RuleRef | None = None
    masked_as: str | None = None


class TestSuite(IRNode):
    """A `test` block bound to its guardrail."""

    __test__ = False  # not a pytest class, despite the name

    name: str
    guardrail: str
    expectations: tuple[Expectation, ...]


# ── logging and monitoring: account- and Region-level, beside the guardrails ──────────────────


class LogDestination(IRNode):
    """An S3 bucket and key prefix that receives invocation logs (or their large data)."""

    bucket: str
    prefix: str | None = None


class Logging(IRNode):
    """The `logging:` block: model invocation logging for one account and Region, and the
    alarm on guardrail changes made outside the deploy roles (`watch guardrail changes`)."""

    account: str | None = None
    region: str | None = None
    bucket: LogDestination | None = None
    log_group: str | None = None
    retention_days: int | None = None  # None: CloudWatch Logs keeps events forever
    large_data: LogDestination | None = None
    data: tuple[LogData, ...] = ()
    kms_key: str | None = None
    role: str | None = None
    trail_log_group: str | None = None
    notify: tuple[str, ...] = ()
    # where each line was written: ("bucket", span), ("notify[1]", span), ...
    spans: tuple[tuple[str, Span], ...] = Field(default=(), exclude=True, repr=False)
    # the values given by a parameter: (field, parameter name, where the value in force was
    # written: the environment's `set` line, else the parameter's default)
    parameters: tuple[tuple[str, str, Span], ...] = Field(default=(), exclude=True, repr=False)
    # the environment the block was resolved in (`--env`), which may have given its place
    environment: str | None = Field(default=None, exclude=True, repr=False)

    def where(self, what: str) -> Span:
        """The span of line `what`, else the block's own."""
        return next((span for key, span in self.spans if key == what), self.span)

    @property
    def place(self) -> tuple[str | None, str | None]:
        """(account, Region): the account is the block's, else the delivery role's."""
        account = self.account
        if account is None and self.role is not None and self.role.count(":") >= 5:
            account = self.role.split(":")[4] or None
        return account, self.region


class Alarm(IRNode):
    """`alarm when interventions above 20% over 5 minutes`: one CloudWatch alarm."""

    metric: AlarmMetric
    direction: Direction | None = None
    policy_type: PolicyType | None = None
    threshold: float
    unit: ThresholdUnit = ThresholdUnit.COUNT
    minutes: int = 5


class GuardrailAlarms(IRNode):
    """`alarms for "guardrail":`: the alarms on one guardrail's metrics and the SNS topics
    they notify."""

    guardrail: str
    notify: tuple[str, ...] = ()
    alarms: tuple[Alarm, ...] = ()
    notify_spans: tuple[Span, ...] = Field(default=(), exclude=True, repr=False)
    # the values given by a parameter, as `Logging.parameters` (fields `notify[0]`,
    # `alarms[1].threshold`), and the environment they were resolved in (`--env`)
    parameters: tuple[tuple[str, str, Span], ...] = Field(default=(), exclude=True, repr=False)
    environment: str | None = Field(default=None, exclude=True, repr=False)


class Policy(IRNode):
    """Everything compiled from a set of sources: guardrails sorted by name, tests in source
    order, the logging blocks (one per account and Region, in source order) and the alarms
    (sorted by guardrail)."""

    guardrails: tuple[Guardrail, ...] = ()
    tests: tuple[TestSuite, ...] = ()
    logging: tuple[Logging, ...] = ()
    alarms: tuple[GuardrailAlarms, ...] = ()
    environment: str | None = Field(default=None, exclude=True)
    # the names of the environments the sources declare (whether or not one is chosen)
    environments: tuple[str, ...] = Field(default=(), exclude=True, repr=False)
    parameters: tuple[Parameter, ...] = Field(default=(), exclude=True, repr=False)

    def parameter(self, name: str) -> Parameter | None:
        """The parameter called `name`, if a guardrail uses it."""
        return next((p for p in self.parameters if p.name == name), None)

    def deploy_principals(self, account: str | None) -> list[str]:
        """The `deployed by` principals of the guardrails deployed to `account` (every
        guardrail's when None; a guardrail whose block names no account counts everywhere),
        sorted, once each: whom the outside-change alarm leaves out."""
        return sorted(
            {
                principal
                for g in self.guardrails
                if g.access is not None and (account is None or g.access.account in (None, account))
                for principal in g.access.deployers
            }
        )

    def guardrail(self, name: str) -> Guardrail | None:
        """The guardrail called `name`, if any: by bisection, as the guardrails are sorted by
        name (a scan per test suite made checking 16,000 guardrails quadratic); a policy built
        unsorted by hand is still searched in full before the answer is None."""
        at = bisect.bisect_left(self.guardrails, name, key=lambda g: g.name)
        if at < len(self.guardrails) and self.guardrails[at].name == name:
            return self.guardrails[at]
        return next((g for g in self.guardrails if g.name == name), None)


__all__ = [
    "ALL_MODELS",
    "Access",
    "Alarm",
    "Deployment",
    "Enforcement",
    "Expectation",
    "FilterRule",
    "GroundingRule",
    "Guardrail",
    "GuardrailAlarms",
    "LogDestination",
    "Logging",
    "Origin",
    "Parameter",
    "PatternRule",
    "PiiRule",
    "Policy",
    "ProfanityRule",
    "Reasoning",
    "Rule",
    "RuleRef",
    "SettingSpans",
    "SideConfig",
    "Tag",
    "TestSuite",
    "Topic",
    "TopicRule",
    "WordRule",
]
