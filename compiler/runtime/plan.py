"""The evaluator plan: its JSON format, a checker for it, and its compiled (ready to run) form.

A plan is what `compiler.targets.evaluator.plan` writes and the zipapp bundles as plan.json:
plain JSON, reviewed and snapshotted like code because it is a security control. `Plan` and the
TypedDicts below are its shape, shared by the writer (mypy checks it builds exactly this) and
the reader here (which still checks every plan it is given: a plan file is input). Format
(`format` = PLAN_FORMAT):

    guardrail        the guardrail's name
    messages         {"INPUT": blocked input message, "OUTPUT": blocked output message}
    topics           [{name, definition, examples, input, output}]
    contentFilters   [{type, images, input, output}]   side: {"action", "strength"} | null
    words            [{text, input, output}]
    profanity        {input, output} | null
    piiEntities      [{type, input, output}]
    regexes          [{name, pattern, description, input, output}]
    grounding        [{type, threshold, action}]        output only, by Bedrock's definition
    notEvaluated     [str]   what the plan cannot evaluate locally (automated reasoning, images)
    calibration      optional: {engine: {"filters": {type: [low, medium, high]}, "topics": t,
                     "grounding": {type: t}}}: local cut points fitted by `guardc calibrate` on
                     Bedrock's recorded verdicts, used instead of that engine's own (each part
                     optional; docs/engines.md)

A side (`input`/`output`) is the configured action (`BLOCK`, `ANONYMIZE`, `NONE`), or null when
that side is disabled. `compile_plan` checks the plan and builds one `Side` per source with its
matchers compiled once.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple, NotRequired, TypedDict

from .patterns import PatternSet
from .words import WordMatcher

PLAN_FORMAT = "guardc-evaluator-plan/1"
SOURCES = ("INPUT", "OUTPUT")
ACTIONS = frozenset({"BLOCK", "ANONYMIZE", "NONE"})
STRENGTHS = ("NONE", "LOW", "MEDIUM", "HIGH")
CONFIDENCES = STRENGTHS  # the same four levels name a finding's confidence


# ── the format ─────────────────────────────────────────────────────────────────────────────
# A side is an action (`BLOCK`, `ANONYMIZE`, `NONE`), or None when the side is disabled.


class FilterSidePlan(TypedDict):
    """One side of a content filter: its action and strength (`NONE`..`HIGH`)."""

    action: str
    strength: str


class TopicPlan(TypedDict):
    """`topics[]`: a denied topic."""

    name: str
    definition: str
    examples: list[str]
    input: str | None
    output: str | None


class FilterPlan(TypedDict):
    """`contentFilters[]`: a content filter (image content is counted, not evaluated)."""

    type: str
    images: bool
    input: FilterSidePlan | None
    output: FilterSidePlan | None


class WordPlan(TypedDict):
    """`words[]`: a custom word or phrase."""

    text: str
    input: str | None
    output: str | None


class SidesPlan(TypedDict):
    """`profanity`: the managed profanity list on each side."""

    input: str | None
    output: str | None


class PiiPlan(TypedDict):
    """`piiEntities[]`: a PII entity type."""

    type: str
    input: str | None
    output: str | None


class RegexPlan(TypedDict):
    """`regexes[]`: a named regex."""

    name: str
    pattern: str
    description: str | None
    input: str | None
    output: str | None


class GroundingPlan(TypedDict):
    """`grounding[]`: a contextual grounding or relevance check (output only)."""

    type: str
    threshold: float
    action: str


class MessagesPlan(TypedDict):
    INPUT: str
    OUTPUT: str


class DeployedPlan(TypedDict):
    """`deployed`: the guardrail AWS holds, when compile knew its ARN (lock file or
    `--guardrail-arn`); the evaluator reports it in `appliedGuardrailDetails`."""

    id: str
    arn: str
    version: str  # a number, or DRAFT
    account: str


class Plan(TypedDict):
    """A whole plan, as `targets/evaluator.plan` writes it and `compile_plan` reads it."""

    format: str
    guardrail: str
    messages: MessagesPlan
    topics: list[TopicPlan]
    contentFilters: list[FilterPlan]
    words: list[WordPlan]
    profanity: SidesPlan | None
    piiEntities: list[PiiPlan]
    regexes: list[RegexPlan]
    grounding: list[GroundingPlan]
    notEvaluated: list[str]
    calibration: NotRequired[dict[str, Any]]  # engine → cut points (guardc calibrate)
    deployed: NotRequired[DeployedPlan]


class PlanError(ValueError):
    """A plan that does not follow the format (a bug in whoever wrote it)."""


# Plain named tuples rather than dataclasses: importing `dataclasses` (it pulls in `inspect`)
# cost the evaluator zipapp about a tenth of its cold start.
class Side(NamedTuple):
    """Everything evaluated for one source (INPUT or OUTPUT), in plan order.

    Each tuple pairs a rule with its action on this side; rules disabled on this side are left
    out, so they are neither evaluated, charged nor reported.
    """

    message: str
    topics: tuple[tuple[int, str, str], ...] = ()  # (index into Plan.topics, name, action)
    filters: tuple[tuple[str, str, str], ...] = ()  # (type, strength, action)
    words: WordMatcher | None = None
    word_actions: tuple[str, ...] = ()
    profanity: str | None = None  # the action, when the managed list is on for this side
    pii: tuple[tuple[str, str], ...] = ()  # (type, action)
    regexes: PatternSet | None = None
    regex_rules: tuple[tuple[str, str, str], ...] = ()  # (name, pattern, action)
    grounding: tuple[tuple[str, float, str], ...] = ()  # (type, threshold, action)


class Calibration(NamedTuple):
    """Local cut points fitted for one engine: per filter type the lowest scores of LOW, MEDIUM
    and HIGH, the topic threshold, and per grounding check the score below which it fires."""

    filters: Mapping[str, tuple[float, float, float]] = MappingProxyType({})
    topics: float | None = None
    grounding: Mapping[str, float] = MappingProxyType({})


class CompiledPlan(NamedTuple):
    """A checked plan with one compiled `Side` per source."""

    guardrail: str
    topics: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, definition, examples)
    sides: Mapping[str, Side]
    not_evaluated: tuple[str, ...] = ()
    source: Mapping[str, Any] = MappingProxyType({})  # the plan as given
    calibration: Mapping[str, Calibration] = MappingProxyType({})  # engine → its cut points

    def __repr__(self) -> str:  # the source plan can hold 10,000 words: not in the repr
        return (
            f"CompiledPlan(guardrail={self.guardrail!r}, topics={self.topics!r}, "
            f"sides={self.sides!r}, not_evaluated={self.not_evaluated!r})"
        )


def _need(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = obj.get(key)
    if not isinstance(value, kind):
        raise PlanError(f"{where}: `{key}` is missing or not a {kind}")
    return value


def _side_action(rule: Mapping[str, Any], source: str, where: str) -> str | None:
    value = rule.get(source.lower())
    if value is None:
        return None
    if value not in ACTIONS:
        raise PlanError(f"{where}: `{source.lower()}` is {value!r}, not an action")
    return str(value)


def _filter_side(rule: Mapping[str, Any], source: str, where: str) -> tuple[str, str] | None:
    value = rule.get(source.lower())
    if value is None:
        return None
    if not isinstance(value, Mapping) or value.get("action") not in ACTIONS:
        raise PlanError(f"{where}: `{source.lower()}` needs an action")
    if value.get("strength") not in STRENGTHS:
        raise PlanError(f"{where}: `{source.lower()}` needs a strength")
    return str(value["strength"]), str(value["action"])


def _rules(plan: Mapping[str, Any], key: str) -> Sequence[Mapping[str, Any]]:
    value = plan.get(key, [])
    if not isinstance(value, list):
        raise PlanError(f"`{key}` must be a list of objects")
    # plain dicts first: an ABC isinstance check per rule is slow on 10,000 words
    if not all(type(r) is dict for r in value) and not all(isinstance(r, Mapping) for r in value):
        raise PlanError(f"`{key}` must be a list of objects")
    return value


# Matchers built by `compile_plan`, keyed by their phrases or patterns: the two sides usually
# share one word list, and building a 10,000-word table twice would double the start-up cost.
_Shared = dict[tuple[str, ...], Any]


def _words_of(rules: Sequence[Mapping[str, Any]], source: str) -> tuple[list[str], list[str]]:
    """The phrases enabled on `source` and their actions (the plan's words, checked)."""
    key = source.lower()
    phrases: list[str] = []
    actions: list[str] = []
    for i, rule in enumerate(rules):
        action = rule.get(key)
        if action is None:
            continue
        text = rule.get("text")
        if action not in ACTIONS or type(text) is not str:
            _side_action(rule, source, f"words[{i}]")  # raises the precise error
            text = str(_need(rule, "text", str, f"words[{i}]"))
        phrases.append(text)
        actions.append(action)
    return phrases, actions


def _side(plan: Mapping[str, Any], source: str, message: str, shared: _Shared) -> Side:
    topics = []
    for i, rule in enumerate(_rules(plan, "topics")):
        action = _side_action(rule, source, f"topics[{i}]")
        if action is not None:
            topics.append((i, str(rule["name"]), action))
    filters = []
    for i, rule in enumerate(_rules(plan, "contentFilters")):
        side = _filter_side(rule, source, f"contentFilters[{i}]")
        # strength NONE filters nothing: not evaluated, like a disabled side
        if side is not None and side[0] != "NONE":
            filters.append((str(_need(rule, "type", str, f"contentFilters[{i}]")), *side))
    phrases, word_actions = _words_of(_rules(plan, "words"), source)
    profanity_rule = plan.get("profanity")
    profanity = (
        _side_action(profanity_rule, source, "profanity")
        if isinstance(profanity_rule, Mapping)
        else None
    )
    pii = []
    for i, rule in enumerate(_rules(plan, "piiEntities")):
        action = _side_action(rule, source, f"piiEntities[{i}]")
        if action is not None:
            pii.append((str(_need(rule, "type", str, f"piiEntities[{i}]")), action))
    regex_rules = []
    for i, rule in enumerate(_rules(plan, "regexes")):
        action = _side_action(rule, source, f"regexes[{i}]")
        if action is not None:
            where = f"regexes[{i}]"
            regex_rules.append(
                (_need(rule, "name", str, where), _need(rule, "pattern", str, where), action)
            )
    grounding = []
    if source == "OUTPUT":  # contextual grounding runs on model output only
        for i, rule in enumerate(_rules(plan, "grounding")):
            where = f"grounding[{i}]"
            threshold = _need(rule, "threshold", (int, float), where)
            action = rule.get("action", "BLOCK")
            if action not in ("BLOCK", "NONE"):
                raise PlanError(f"{where}: action must be BLOCK or NONE")
            grounding.append((str(_need(rule, "type", str, where)), float(threshold), str(action)))
    return Side(
        message=message,
        topics=tuple(topics),
        filters=tuple(filters),
        words=_shared(shared, WordMatcher, tuple(phrases)) if phrases else None,
        word_actions=tuple(word_actions),
        profanity=profanity,
        pii=tuple(pii),
        regexes=(
            _shared(shared, PatternSet, tuple(r[1] for r in regex_rules)) if regex_rules else None
        ),
        regex_rules=tuple(regex_rules),
        grounding=tuple(grounding),
    )


def _shared(shared: _Shared, build: Callable[[Sequence[str]], Any], items: tuple[str, ...]) -> Any:
    """`build(items)`, reusing the matcher already built from the same items (matchers are not
    changed after they are built, so the sides can share one)."""
    key = (build.__name__, *items)
    found = shared.get(key)
    if found is None:
        found = shared[key] = build(items)
    return found


def level(score: float, cuts: Sequence[float]) -> str:
    """NONE, LOW, MEDIUM or HIGH: how many of the ascending cut points `score` reaches."""
    return CONFIDENCES[sum(score >= cut for cut in cuts)]


def _number(value: Any, where: str) -> float:
    if type(value) not in (int, float) or not 0.0 <= value <= 2.0:
        raise PlanError(f"{where}: not a score cut point in 0..2")
    return float(value)


def read_calibration(raw: Any) -> dict[str, Calibration]:
    """The plan's `calibration` (absent: none), checked: cut points are numbers, ascending."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise PlanError("`calibration` must be an object keyed by engine")
    found: dict[str, Calibration] = {}
    for engine, entry in raw.items():
        where = f"calibration.{engine}"
        if not isinstance(entry, Mapping) or set(entry) - {"filters", "topics", "grounding"}:
            raise PlanError(f"{where}: expected filters, topics and grounding")
        filters: dict[str, tuple[float, float, float]] = {}
        for kind, cuts in (entry.get("filters") or {}).items():
            if not isinstance(cuts, list) or len(cuts) != 3:
                raise PlanError(f"{where}.filters.{kind}: expected [low, medium, high]")
            low, medium, high = (_number(c, f"{where}.filters.{kind}") for c in cuts)
            if not low <= medium <= high:
                raise PlanError(f"{where}.filters.{kind}: cut points must ascend")
            filters[str(kind)] = (low, medium, high)
        topics = entry.get("topics")
        grounding = {
            str(k): _number(v, f"{where}.grounding.{k}")
            for k, v in (entry.get("grounding") or {}).items()
        }
        found[str(engine)] = Calibration(
            MappingProxyType(filters),
            None if topics is None else _number(topics, f"{where}.topics"),
            MappingProxyType(grounding),
        )
    return found


def plan_calibration(entry: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A guardrail's entry of guardc.calibration.json (engine → cut points, sample counts,
    recordings) as a plan carries it: per engine the cut points only; None when empty."""
    if not entry:
        return None
    keys = ("filters", "topics", "grounding")
    return {e: {k: v[k] for k in keys if k in v} for e, v in sorted(entry.items())}


def compile_plan(plan: Plan | Mapping[str, Any]) -> CompiledPlan:
    """Check `plan` (a `Plan`, or JSON read from a file, which may be anything) and compile its
    matchers. Raises `PlanError` on a malformed plan."""
    if not isinstance(plan, Mapping) or plan.get("format") != PLAN_FORMAT:
        raise PlanError(f"not an evaluator plan (expected format {PLAN_FORMAT!r})")
    name = _need(plan, "guardrail", str, "plan")
    messages = _need(plan, "messages", Mapping, "plan")
    topics = tuple(
        (
            str(_need(t, "name", str, f"topics[{i}]")),
            str(t.get("definition", "")),
            tuple(str(e) for e in t.get("examples", ())),
        )
        for i, t in enumerate(_rules(plan, "topics"))
    )
    shared: _Shared = {}
    sides = {s: _side(plan, s, str(_need(messages, s, str, "messages")), shared) for s in SOURCES}
    not_evaluated = tuple(str(x) for x in plan.get("notEvaluated", ()))
    calibration = MappingProxyType(read_calibration(plan.get("calibration")))
    return CompiledPlan(name, topics, sides, not_evaluated, plan, calibration)
