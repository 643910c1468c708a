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

A side (`input`/`output`) is the configured action (`BLOCK`, `ANONYMIZE`, `NONE`), or null when
that side is disabled. `compile_plan` checks the plan and builds one `Side` per source with its
matchers compiled once.

Standard library only: this module is bundled into the evaluator zipapp.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple, TypedDict

from .patterns import PatternSet
from .words import WordMatcher

PLAN_FORMAT = "guardc-evaluator-plan/1"
SOURCES = ("INPUT", "OUTPUT")
ACTIONS = frozenset({"BLOCK", "ANONYMIZE", "NONE"})
STRENGTHS = ("NONE", "LOW", "MEDIUM", "HIGH")


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


class CompiledPlan(NamedTuple):
    """A checked plan with one compiled `Side` per source."""

    guardrail: str
    topics: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, definition, examples)
    sides: Mapping[str, Side]
    not_evaluated: tuple[str, ...] = ()
    source: Mapping[str, Any] = MappingProxyType({})  # the plan as given

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
    return CompiledPlan(name, topics, sides, not_evaluated, plan)
