"""The evaluator plan: its JSON format, a checker for it, and its compiled (ready to run) form.

A plan is what `compiler.targets.evaluator.plan` writes and the zipapp bundles as plan.json:
plain JSON, reviewed and snapshotted like code because it is a security control. Format
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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .patterns import PatternSet
from .words import WordMatcher

PLAN_FORMAT = "guardc-evaluator-plan/1"
SOURCES = ("INPUT", "OUTPUT")
ACTIONS = frozenset({"BLOCK", "ANONYMIZE", "NONE"})
STRENGTHS = ("NONE", "LOW", "MEDIUM", "HIGH")


class PlanError(ValueError):
    """A plan that does not follow the format (a bug in whoever wrote it)."""


@dataclass(frozen=True)
class Side:
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


@dataclass(frozen=True)
class CompiledPlan:
    """A checked plan with one compiled `Side` per source."""

    guardrail: str
    topics: tuple[tuple[str, str, tuple[str, ...]], ...]  # (name, definition, examples)
    sides: Mapping[str, Side]
    not_evaluated: tuple[str, ...] = ()
    source: Mapping[str, Any] = field(default_factory=dict, repr=False)


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
    if not isinstance(value, list) or not all(isinstance(r, Mapping) for r in value):
        raise PlanError(f"`{key}` must be a list of objects")
    return value


def _side(plan: Mapping[str, Any], source: str, message: str) -> Side:
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
    phrases, word_actions = [], []
    for i, rule in enumerate(_rules(plan, "words")):
        action = _side_action(rule, source, f"words[{i}]")
        if action is not None:
            phrases.append(str(_need(rule, "text", str, f"words[{i}]")))
            word_actions.append(action)
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
        words=WordMatcher(phrases) if phrases else None,
        word_actions=tuple(word_actions),
        profanity=profanity,
        pii=tuple(pii),
        regexes=PatternSet([r[1] for r in regex_rules]) if regex_rules else None,
        regex_rules=tuple(regex_rules),
        grounding=tuple(grounding),
    )


def compile_plan(plan: Mapping[str, Any]) -> CompiledPlan:
    """Check `plan` and compile its matchers. Raises `PlanError` on a malformed plan."""
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
    sides = {s: _side(plan, s, str(_need(messages, s, str, "messages"))) for s in SOURCES}
    not_evaluated = tuple(str(x) for x in plan.get("notEvaluated", ()))
    return CompiledPlan(name, topics, sides, not_evaluated, plan)
