"""The Bedrock target: a guardrail → the keyword arguments of `bedrock.create_guardrail`.

`payload` builds the CreateGuardrail request, `update_payload` the UpdateGuardrail one, and
`compile` writes `bedrock.json` after the project's strict check (`bedrock_model.check_payload`)
has accepted it. A payload the strict check rejects is a compiler bug: it becomes E901 at the
guardrail and no file is written, so a bad request never reaches AWS.

Choices the service model leaves open (docs/targets.md explains them to users):
- Every per-direction rule states both sides explicitly (`inputEnabled`/`outputEnabled`, and an
  action for each enabled side), so the request means the same whatever the service's defaults.
- Modalities are emitted only for a side that reads images (`including images`: TEXT and IMAGE;
  `images only`: IMAGE); TEXT is the service default, and leaving
  the field out keeps payloads valid in regions that predate image filters.
- The legacy single `action` that PII entities and regexes still require is the strongest action
  of the enabled sides (BLOCK > ANONYMIZE > NONE): a service that ignored the per-direction
  fields would then err on the side of protection.
- `tier` sets `tierConfig` on topics and content filters, as the language defines it; `tier X
  for topics|content filters|grounding` sets one policy's (the contextual-grounding tier only
  this way: CloudFormation cannot express it, W311).
- `clientRequestToken` is the SHA-256 of the canonical request without the token, so applying
  the same compiled payload twice is idempotent and any change gives a new token.

The request is built as plain dicts rather than pydantic output models: its shape is AWS's, and
the strict check validates it against a snapshot of AWS's own service model (every member, type,
length, enum and pattern), which hand-written models would only duplicate and let drift.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any, cast

from ..aws.bedrock_model import check_payload
from ..ir import FilterRule, Guardrail, PatternRule, PiiRule, Rule, TopicRule
from ..vocab import Action, Direction, Strength, TierPart
from . import Artefact, Context, canonical_json

JsonObject = dict[str, Any]

CREATE = "CreateGuardrail"
UPDATE = "UpdateGuardrail"

# Which legacy `action` wins when the two sides of a PII entity or regex differ.
_ACTION_RANK: dict[Action, int] = {Action.NONE: 0, Action.ANONYMIZE: 1, Action.BLOCK: 2}


def content_hash(document: object) -> str:
    """SHA-256 (hex) of the canonical JSON of `document`."""
    return hashlib.sha256(canonical_json(document)).hexdigest()


def payload(guardrail: Guardrail) -> JsonObject:
    """The CreateGuardrail request for `guardrail`: `bedrock.create_guardrail(**payload(g))`."""
    request = _common(guardrail)
    if guardrail.tags:
        request["tags"] = [{"key": tag.key, "value": tag.value} for tag in guardrail.tags]
    # The token covers everything else, tags included: a different request gets a new token.
    request["clientRequestToken"] = content_hash(request)
    return request


def update_payload(guardrail: Guardrail, identifier: str) -> JsonObject:
    """The UpdateGuardrail request: the full desired state (PUT semantics) for `identifier`.

    UpdateGuardrail takes neither `tags` (changed with TagResource) nor `clientRequestToken`.
    """
    request = _common(guardrail)
    request["guardrailIdentifier"] = identifier
    return request


def compile(guardrail: Guardrail, ctx: Context) -> list[Artefact]:
    """`bedrock.json` for `guardrail`, or nothing (with E901) if the strict check rejects it."""
    request = checked_payload(guardrail, ctx)
    if request is None:
        return []
    return [Artefact("bedrock.json", canonical_json(request))]


def checked_payload(guardrail: Guardrail, ctx: Context) -> JsonObject | None:
    """`payload(guardrail)` once the strict check has accepted it, else None (E901 reported).
    Built and checked once per guardrail and build (`ctx.memo`): the CloudFormation target
    reuses it, and nobody may change it."""
    key = ("bedrock.payload", id(guardrail))
    known = ctx.memo.get(key)
    if known is not None and known[0] is guardrail:
        return cast("JsonObject | None", known[1])
    request = payload(guardrail)
    checked = request if accepted(request, CREATE, guardrail, ctx) else None
    ctx.memo[key] = (guardrail, checked)
    return checked


def accepted(
    request: Mapping[str, object], operation: str, guardrail: Guardrail, ctx: Context
) -> bool:
    """Run the strict check on `request`; report each problem as E901 and say if there was none."""
    problems = check_payload(request, operation)
    for problem in problems:
        path = problem.path or "<payload>"
        message = problem.message
        ctx.sink.emit(
            "E901",
            f"internal error: the {operation} request for guardrail `{guardrail.name}` "
            f"fails the strict check at `{path}`: {message}",
            guardrail.span,
            help="this is a bug in guardc, not in your sources; please report it",
        )
    return not problems


# ── the request body shared by Create and Update ─────────────────────────────────────────────


def _common(guardrail: Guardrail) -> JsonObject:
    """Every member Create and Update share, with empty policies left out (min 1 everywhere)."""
    request: JsonObject = {
        "name": guardrail.bedrock_name,
        "blockedInputMessaging": guardrail.blocked_input_message,
        "blockedOutputsMessaging": guardrail.blocked_output_message,
    }
    if guardrail.description is not None:
        request["description"] = guardrail.description
    if guardrail.kms_key is not None:
        request["kmsKeyId"] = guardrail.kms_key
    if guardrail.cross_region_profile is not None:
        request["crossRegionConfig"] = {
            "guardrailProfileIdentifier": guardrail.cross_region_profile
        }
    for member, build in _POLICIES:
        policy = build(guardrail)
        if policy:
            request[member] = policy
    return request


def _tier(guardrail: Guardrail, part: TierPart) -> JsonObject:
    """`tierConfig` of one policy, or nothing when no tier was written for it."""
    tier = guardrail.tier_of(part)
    return {} if tier is None else {"tierConfig": {"tierName": tier.value}}


def _topic_policy(guardrail: Guardrail) -> JsonObject:
    if not guardrail.topics:
        return {}
    topics = [_topic(rule) for rule in guardrail.topics]
    return {"topicsConfig": topics, **_tier(guardrail, TierPart.TOPICS)}


def _content_policy(guardrail: Guardrail) -> JsonObject:
    if not guardrail.filters:
        return {}
    filters = [_filter(rule) for rule in guardrail.filters]
    return {"filtersConfig": filters, **_tier(guardrail, TierPart.FILTERS)}


def _word_policy(guardrail: Guardrail) -> JsonObject:
    policy: JsonObject = {}
    if guardrail.words:
        policy["wordsConfig"] = [{"text": rule.text, **_sides(rule)} for rule in guardrail.words]
    if guardrail.profanity is not None:
        policy["managedWordListsConfig"] = [{"type": "PROFANITY", **_sides(guardrail.profanity)}]
    return policy


def _sensitive_policy(guardrail: Guardrail) -> JsonObject:
    policy: JsonObject = {}
    if guardrail.pii:
        policy["piiEntitiesConfig"] = [_pii(rule) for rule in guardrail.pii]
    if guardrail.patterns:
        policy["regexesConfig"] = [_pattern(rule) for rule in guardrail.patterns]
    return policy


def _grounding_policy(guardrail: Guardrail) -> JsonObject:
    # Grounding checks run on model output only, so there is one `enabled` flag, not two.
    filters = [
        {"type": r.check.value, "threshold": r.threshold, "action": r.action.value, "enabled": True}
        for r in guardrail.grounding
    ]
    return {"filtersConfig": filters, **_tier(guardrail, TierPart.GROUNDING)} if filters else {}


def _reasoning_policy(guardrail: Guardrail) -> JsonObject:
    reasoning = guardrail.reasoning
    if reasoning is None:
        return {}
    policy: JsonObject = {"policies": list(reasoning.policies)}
    if reasoning.confidence is not None:
        policy["confidenceThreshold"] = reasoning.confidence
    return policy


# Request member → its builder, in the order of the API reference.
_POLICIES: tuple[tuple[str, Callable[[Guardrail], JsonObject]], ...] = (
    ("topicPolicyConfig", _topic_policy),
    ("contentPolicyConfig", _content_policy),
    ("wordPolicyConfig", _word_policy),
    ("sensitiveInformationPolicyConfig", _sensitive_policy),
    ("contextualGroundingPolicyConfig", _grounding_policy),
    ("automatedReasoningPolicyConfig", _reasoning_policy),
)


def _sides(rule: Rule) -> JsonObject:
    """`inputEnabled`/`outputEnabled` always, and an action for each enabled side only."""
    fields: JsonObject = {}
    for direction in Direction:
        side = rule.side(direction)
        fields[f"{direction.value}Enabled"] = side is not None
        if side is not None:
            fields[f"{direction.value}Action"] = side.action.value
    return fields


def _topic(rule: TopicRule) -> JsonObject:
    """One `topicsConfig` entry; `examples` only when there are some."""
    entry: JsonObject = {
        "name": rule.topic.name,
        "definition": rule.topic.definition,
        "type": "DENY",
        **_sides(rule),
    }
    if rule.topic.examples:
        entry["examples"] = list(rule.topic.examples)
    return entry


def _filter(rule: FilterRule) -> JsonObject:
    """One `filtersConfig` entry. Both strengths are required: a disabled side filters at NONE.

    Prompt attacks are input-only; the validator rejects an output side (E205), so a disabled
    output gives exactly what Bedrock demands (`outputStrength` NONE, `outputEnabled` false).
    """
    entry: JsonObject = {"type": rule.category.value, **_sides(rule)}
    for direction in Direction:
        side = rule.side(direction)
        if side is None:
            entry[f"{direction.value}Strength"] = Strength.NONE.value
            continue
        # An enabled side without a strength is an IR bug (the validator reports E207 for the
        # source); leaving the required member out makes the strict check turn it into E901
        # instead of a filter that silently filters nothing.
        if side.strength is not None:
            entry[f"{direction.value}Strength"] = side.strength.value
        modalities = rule.modalities(direction)
        if modalities is not None:
            entry[f"{direction.value}Modalities"] = list(modalities)
    return entry


def _legacy_action(rule: Rule) -> str:
    """The required single `action` of a PII entity or regex: the strongest enabled side."""
    actions = [side.action for side in (rule.input, rule.output) if side is not None]
    return max(actions, key=_ACTION_RANK.__getitem__, default=Action.NONE).value


def _pii(rule: PiiRule) -> JsonObject:
    """One `piiEntitiesConfig` entry."""
    return {"type": rule.entity.value, "action": _legacy_action(rule), **_sides(rule)}


def _pattern(rule: PatternRule) -> JsonObject:
    """One `regexesConfig` entry; `description` only when written (min length 1)."""
    entry: JsonObject = {
        "name": rule.name,
        "pattern": rule.regex,
        "action": _legacy_action(rule),
        **_sides(rule),
    }
    if rule.description is not None:
        entry["description"] = rule.description
    return entry
