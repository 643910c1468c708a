"""The closed vocabularies of the language: directions, actions, strengths, filters, PII entities.

Each Bedrock enum value has exactly one canonical English phrase; the formatter writes the phrase
and the parser accepts the phrase or the uppercase Bedrock name.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol


class Direction(StrEnum):
    """`on input` / `on output`: which side of the model call a rule guards."""

    INPUT = "input"
    OUTPUT = "output"


class Verb(StrEnum):
    """What a statement does when its rule matches."""

    BLOCK = "block"  # block, filter, deny topic, require
    MASK = "mask"  # PII and patterns only
    DETECT = "detect"  # evaluate and report, never enforce


class Action(StrEnum):
    """Bedrock's configuration action for one side of a rule."""

    BLOCK = "BLOCK"
    ANONYMIZE = "ANONYMIZE"
    NONE = "NONE"


VERB_ACTION: dict[Verb, Action] = {
    Verb.BLOCK: Action.BLOCK,
    Verb.MASK: Action.ANONYMIZE,
    Verb.DETECT: Action.NONE,
}


class Strength(StrEnum):
    """Content-filter strength, the blocking threshold (`at high`)."""

    NONE = "NONE"
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"


STRENGTH_RANK: dict[Strength, int] = {
    Strength.NONE: 0,
    Strength.LOW: 1,
    Strength.MEDIUM: 2,
    Strength.HIGH: 3,
}


class Tier(StrEnum):
    """`tier classic|standard`: the safeguard tier of topics and content filters."""

    CLASSIC = "CLASSIC"
    STANDARD = "STANDARD"


class ImageMode(StrEnum):
    """What a content filter's side reads besides or instead of text: `including images` (TEXT
    and IMAGE modalities) or `images only` (IMAGE)."""

    WITH = "including images"
    ONLY = "images only"


IMAGE_MODALITIES: dict[ImageMode, tuple[str, ...]] = {
    ImageMode.WITH: ("TEXT", "IMAGE"),
    ImageMode.ONLY: ("IMAGE",),
}


class TierPart(StrEnum):
    """`tier standard for topics|content filters|grounding`: the one policy a `tier` line sets
    (without it, `tier` sets topics and content filters)."""

    TOPICS = "topics"
    FILTERS = "filters"
    GROUNDING = "grounding"


TIER_PART_WORDS: dict[TierPart, str] = {
    TierPart.TOPICS: "topics",
    TierPart.FILTERS: "content filters",
    TierPart.GROUNDING: "grounding",
}


class EnforceScope(StrEnum):
    """`enforce in account` / `enforce in organization`: who makes Bedrock apply the guardrail to
    every model call (PutEnforcedGuardrailConfiguration, or an AWS Organizations
    BEDROCK_POLICY)."""

    ACCOUNT = "ACCOUNT"
    ORGANIZATION = "ORGANIZATION"


class GuardMode(StrEnum):
    """`guard messages selectively|comprehensively`: Bedrock's SelectiveGuardingMode — only the
    content inside guard tags, or everything."""

    SELECTIVE = "SELECTIVE"
    COMPREHENSIVE = "COMPREHENSIVE"


class ContentCategory(StrEnum):
    """Bedrock's content-filter types."""

    HATE = "HATE"
    INSULTS = "INSULTS"
    SEXUAL = "SEXUAL"
    VIOLENCE = "VIOLENCE"
    MISCONDUCT = "MISCONDUCT"
    PROMPT_ATTACK = "PROMPT_ATTACK"


FILTER_PHRASES: dict[str, ContentCategory] = {
    "hate": ContentCategory.HATE,
    "insults": ContentCategory.INSULTS,
    "sexual content": ContentCategory.SEXUAL,
    "violence": ContentCategory.VIOLENCE,
    "misconduct": ContentCategory.MISCONDUCT,
    "prompt attacks": ContentCategory.PROMPT_ATTACK,
}
FILTER_PHRASE: dict[ContentCategory, str] = {v: k for k, v in FILTER_PHRASES.items()}


class PiiType(StrEnum):
    """The 31 sensitive-information entity types Bedrock detects."""

    ADDRESS = "ADDRESS"
    AGE = "AGE"
    AWS_ACCESS_KEY = "AWS_ACCESS_KEY"
    AWS_SECRET_KEY = "AWS_SECRET_KEY"
    CA_HEALTH_NUMBER = "CA_HEALTH_NUMBER"
    CA_SOCIAL_INSURANCE_NUMBER = "CA_SOCIAL_INSURANCE_NUMBER"
    CREDIT_DEBIT_CARD_CVV = "CREDIT_DEBIT_CARD_CVV"
    CREDIT_DEBIT_CARD_EXPIRY = "CREDIT_DEBIT_CARD_EXPIRY"
    CREDIT_DEBIT_CARD_NUMBER = "CREDIT_DEBIT_CARD_NUMBER"
    DRIVER_ID = "DRIVER_ID"
    EMAIL = "EMAIL"
    INTERNATIONAL_BANK_ACCOUNT_NUMBER = "INTERNATIONAL_BANK_ACCOUNT_NUMBER"
    IP_ADDRESS = "IP_ADDRESS"
    LICENSE_PLATE = "LICENSE_PLATE"
    MAC_ADDRESS = "MAC_ADDRESS"
    NAME = "NAME"
    PASSWORD = "PASSWORD"
    PHONE = "PHONE"
    PIN = "PIN"
    SWIFT_CODE = "SWIFT_CODE"
    UK_NATIONAL_HEALTH_SERVICE_NUMBER = "UK_NATIONAL_HEALTH_SERVICE_NUMBER"
    UK_NATIONAL_INSURANCE_NUMBER = "UK_NATIONAL_INSURANCE_NUMBER"
    UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER = "UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER"
    URL = "URL"
    USERNAME = "USERNAME"
    US_BANK_ACCOUNT_NUMBER = "US_BANK_ACCOUNT_NUMBER"
    US_BANK_ROUTING_NUMBER = "US_BANK_ROUTING_NUMBER"
    US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER = "US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER"
    US_PASSPORT_NUMBER = "US_PASSPORT_NUMBER"
    US_SOCIAL_SECURITY_NUMBER = "US_SOCIAL_SECURITY_NUMBER"
    VEHICLE_IDENTIFICATION_NUMBER = "VEHICLE_IDENTIFICATION_NUMBER"


PII_PHRASES: dict[str, PiiType] = {
    "addresses": PiiType.ADDRESS,
    "ages": PiiType.AGE,
    "aws access keys": PiiType.AWS_ACCESS_KEY,
    "aws secret keys": PiiType.AWS_SECRET_KEY,
    "canadian health numbers": PiiType.CA_HEALTH_NUMBER,
    "canadian social insurance numbers": PiiType.CA_SOCIAL_INSURANCE_NUMBER,
    "card cvvs": PiiType.CREDIT_DEBIT_CARD_CVV,
    "card expiry dates": PiiType.CREDIT_DEBIT_CARD_EXPIRY,
    "credit card numbers": PiiType.CREDIT_DEBIT_CARD_NUMBER,
    "driver ids": PiiType.DRIVER_ID,
    "email addresses": PiiType.EMAIL,
    "ibans": PiiType.INTERNATIONAL_BANK_ACCOUNT_NUMBER,
    "ip addresses": PiiType.IP_ADDRESS,
    "license plates": PiiType.LICENSE_PLATE,
    "mac addresses": PiiType.MAC_ADDRESS,
    "names": PiiType.NAME,
    "passwords": PiiType.PASSWORD,
    "phone numbers": PiiType.PHONE,
    "pins": PiiType.PIN,
    "swift codes": PiiType.SWIFT_CODE,
    "uk nhs numbers": PiiType.UK_NATIONAL_HEALTH_SERVICE_NUMBER,
    "uk national insurance numbers": PiiType.UK_NATIONAL_INSURANCE_NUMBER,
    "uk taxpayer references": PiiType.UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER,
    "urls": PiiType.URL,
    "usernames": PiiType.USERNAME,
    "us bank account numbers": PiiType.US_BANK_ACCOUNT_NUMBER,
    "us bank routing numbers": PiiType.US_BANK_ROUTING_NUMBER,
    "us tax ids": PiiType.US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER,
    "us passport numbers": PiiType.US_PASSPORT_NUMBER,
    "us social security numbers": PiiType.US_SOCIAL_SECURITY_NUMBER,
    "vehicle identification numbers": PiiType.VEHICLE_IDENTIFICATION_NUMBER,
}
PII_PHRASE: dict[PiiType, str] = {v: k for k, v in PII_PHRASES.items()}
assert len(PII_PHRASE) == len(PiiType)


def normalise_phrase(words: str) -> str:
    """Fold a phrase as written (`Credit  Card numbers`) to its key (`credit card numbers`)."""
    return " ".join(words.split()).lower()


def lookup_pii(phrase: str) -> PiiType | None:
    """The entity a phrase or an uppercase Bedrock name (`US_SOCIAL_SECURITY_NUMBER`) names."""
    key = normalise_phrase(phrase)
    if key in PII_PHRASES:
        return PII_PHRASES[key]
    upper = phrase.strip()
    return PiiType(upper) if upper in PiiType.__members__ else None


def lookup_filter(phrase: str) -> ContentCategory | None:
    """The content filter a phrase (`sexual content`) or Bedrock name (`SEXUAL`) names."""
    key = normalise_phrase(phrase)
    if key in FILTER_PHRASES:
        return FILTER_PHRASES[key]
    upper = phrase.strip()
    return ContentCategory(upper) if upper in ContentCategory.__members__ else None


class GroundingKind(StrEnum):
    """`require grounding` / `require relevance`."""

    GROUNDING = "GROUNDING"
    RELEVANCE = "RELEVANCE"


class RuleKind(StrEnum):
    """The kinds of rule a test expectation can name (`is blocked by topic "X"`)."""

    TOPIC = "topic"
    FILTER = "filter"
    WORD = "word"
    PROFANITY = "profanity"
    PII = "pii"
    PATTERN = "pattern"
    GROUNDING = "grounding"
    RELEVANCE = "relevance"


class Expect(StrEnum):
    """What a test expectation asserts."""

    ALLOWED = "allowed"
    BLOCKED = "blocked"
    MASKED = "masked"
    DETECTED = "detected"


# ── logging and monitoring (docs/language.md, "Logging and monitoring") ────────────────────────


class LogData(StrEnum):
    """`include text, images, ...` in a `logging:` block: which request and response data
    Bedrock's invocation logs carry (one `...DataDeliveryEnabled` flag each)."""

    TEXT = "text"
    IMAGE = "images"
    EMBEDDING = "embeddings"
    VIDEO = "video"
    AUDIO = "audio"


LOG_DATA_PHRASES: dict[str, LogData] = {
    "text": LogData.TEXT,
    "image": LogData.IMAGE,
    "images": LogData.IMAGE,
    "embedding": LogData.EMBEDDING,
    "embeddings": LogData.EMBEDDING,
    "video": LogData.VIDEO,
    "videos": LogData.VIDEO,
    "audio": LogData.AUDIO,
}


class AlarmMetric(StrEnum):
    """What an `alarm when ...` line watches: one Bedrock Guardrails metric each."""

    INTERVENTIONS = "interventions"
    INVOCATIONS = "invocations"
    CLIENT_ERRORS = "client errors"
    SERVER_ERRORS = "server errors"
    THROTTLES = "throttles"
    LATENCY = "latency"
    TEXT_UNITS = "text units"


ALARM_METRIC_PHRASES: dict[str, AlarmMetric] = {m.value: m for m in AlarmMetric} | {
    "intervention": AlarmMetric.INTERVENTIONS,
    "errors on client": AlarmMetric.CLIENT_ERRORS,
    "throttling": AlarmMetric.THROTTLES,
}


class PolicyType(StrEnum):
    """`alarm when interventions by topics ...`: the guardrail policy that intervened."""

    CONTENT = "content filters"
    TOPICS = "topics"
    WORDS = "words"
    SENSITIVE = "sensitive information"


POLICY_TYPE_PHRASES: dict[str, PolicyType] = {p.value: p for p in PolicyType} | {
    "content": PolicyType.CONTENT,
    "filters": PolicyType.CONTENT,
    "pii": PolicyType.SENSITIVE,
}


class ThresholdUnit(StrEnum):
    """The unit written after an alarm's threshold: a count per period, a percentage of the
    guardrail's invocations, or a latency."""

    COUNT = "count"
    PERCENT = "%"
    MILLISECONDS = "ms"
    SECONDS = "seconds"


THRESHOLD_UNIT_WORDS: dict[str, ThresholdUnit] = {
    "%": ThresholdUnit.PERCENT,
    "percent": ThresholdUnit.PERCENT,
    "ms": ThresholdUnit.MILLISECONDS,
    "milliseconds": ThresholdUnit.MILLISECONDS,
    "s": ThresholdUnit.SECONDS,
    "second": ThresholdUnit.SECONDS,
    "seconds": ThresholdUnit.SECONDS,
}

WINDOW_UNIT_MINUTES: dict[str, int] = {"minute": 1, "minutes": 1, "hour": 60, "hours": 60}


class AlarmLike(Protocol):
    """What `alarm_phrase` reads: the alarm line's parts (`syntax.AlarmStmt`, `ir.Alarm`)."""

    @property
    def metric(self) -> AlarmMetric: ...
    @property
    def direction(self) -> Direction | None: ...
    @property
    def policy_type(self) -> PolicyType | None: ...
    @property
    def threshold(self) -> float: ...
    @property
    def unit(self) -> ThresholdUnit: ...
    @property
    def minutes(self) -> int: ...


def alarm_phrase(alarm: AlarmLike, written: str | None = None) -> str:
    """`alarm when interventions on input above 50 over 5 minutes`: an alarm line as `fmt`
    writes it (and as templates describe the alarm); `written` in place of the threshold's
    value (`parameter "P"`)."""
    text = f"alarm when {alarm.metric.value}"
    if alarm.direction is not None:
        text += f" on {alarm.direction.value}"
    if alarm.policy_type is not None:
        text += f" by {alarm.policy_type.value}"
    threshold = alarm.threshold
    shown = int(threshold) if threshold == int(threshold) else threshold
    text += f" above {shown!r}" if written is None else f" above {written}"
    if alarm.unit is ThresholdUnit.PERCENT:
        text += "%" if written is None else " %"  # `above 5%`, `above parameter "P" %`
    elif alarm.unit is not ThresholdUnit.COUNT:
        text += f" {alarm.unit.value}"
    minutes = alarm.minutes
    count, word = (minutes // 60, "hour") if minutes % 60 == 0 else (minutes, "minute")
    return text + f" over {count} {word}{'s' if count != 1 else ''}"
