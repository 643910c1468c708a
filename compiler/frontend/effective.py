"""Effective rules: one guardrail's statements → keyed IR entries, and `extends` as a merge.

Every statement becomes entries keyed by what they are about (`entries.Key`: `Key(FILTER,
"HATE")`, `Key(WORD, "project zeus")`, `Key(TIER)`...). Within one guardrail two statements with
the same key are E206; a child's entry replaces the inherited entry with the same key, whole;
order is inherited entries first, then the child's in source order. Which IR field each kind
fills, and how E206 names it, is the table in `entries.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple, assert_never

from .. import ir
from ..diagnostics.sink import Diagnostics, Label, nearest
from ..diagnostics.span import Span
from ..vocab import (
    FILTER_PHRASE,
    VERB_ACTION,
    Action,
    ContentCategory,
    Direction,
    ImageMode,
    PiiType,
    Strength,
    Verb,
)
from . import syntax as s
from .construct import made, maker
from .entries import EntryKind, Key, describe, info, ir_field
from .scope import Scope

Entry = tuple[Key, object]
_origin = maker(ir.Origin, "guardrail", "via", "span")
_word_rule = maker(ir.WordRule, "text", "input", "output", "origin", "span")
_pii_rule = maker(ir.PiiRule, "entity", "input", "output", "origin", "span")
_filter_rule = maker(
    ir.FilterRule, "category", "input_images", "output_images", "input", "output", "origin", "span"
)
_tag = maker(ir.Tag, "key", "value", "span")
_profanity_rule = maker(ir.ProfanityRule, "input", "output", "origin", "span")
_grounding_rule = maker(ir.GroundingRule, "check", "threshold", "action", "origin", "span")
_topic = maker(ir.Topic, "name", "definition", "examples", "span")
_topic_rule = maker(ir.TopicRule, "topic", "input", "output", "origin", "span")
_pattern_rule = maker(ir.PatternRule, *s.PATTERN_FIELDS, "input", "output", "origin", "span")
_PROFANITY = Key(EntryKind.PROFANITY)
_DESCRIPTION = Key(EntryKind.DESCRIPTION)
# the keys of every filter and PII entity, made once (asked for every rule of every guardrail)
_FILTER_KEYS = {category: Key(EntryKind.FILTER, category.value) for category in ContentCategory}
_PII_KEYS = {entity: Key(EntryKind.PII, entity.value) for entity in PiiType}
_MESSAGE_KEYS = {way: Key(EntryKind.MESSAGE, way.value) for way in Direction}
_TIER = Key(EntryKind.TIER)


class Setting(NamedTuple):
    """A single-valued setting (`description`, `tier`, ...) and where it was written (a named
    tuple: made for several statements of every guardrail, and held until resolve ends)."""

    value: object
    span: Span


@dataclass
class Effective:
    """A guardrail's effective entries by key, in rule order (dicts keep insertion order), and
    for entries with a value from a parameter, (statement field, parameter name) pairs."""

    entries: dict[Key, object] = field(default_factory=dict)
    params: dict[Key, tuple[tuple[str, str], ...]] = field(default_factory=dict)


@cache
def _config(action: Action, strength: Strength | None) -> ir.SideConfig:
    """Side configurations are frozen and few (action × strength): share them."""
    return ir.SideConfig(action=action, strength=strength)


@cache
def _both_sides(
    verb: Verb, strength: Strength | None, input_only: bool
) -> dict[str, ir.SideConfig | None]:
    """The sides of a statement without a direction clause: both (input only for prompt
    attacks), with its verb and strength. Shared (read, never changed): a few per file."""
    both = _config(VERB_ACTION[verb], strength)
    return {"input": both, "output": None if input_only else both}


def unknown(sink: Diagnostics, code: str, what: str, ref: s.Ref, known: Sequence[str]) -> None:
    """E104–E108, E217: a name no visible definition has, with the nearest visible name."""
    near = nearest(ref.name, list(known))
    sink.emit(
        code,
        f"unknown {what} `{ref.name}`",
        ref.span,
        note=f"no visible {what} has this name",
        help=f'did you mean `"{near}"`?' if near else "define it, or `use` the module defining it",
    )


_NUMBER_FIELDS = frozenset({"threshold", "confidence"})
_TEXT_FIELDS = frozenset({"account", "region", "deployers", "appliers"})


def mismatch(
    sink: Diagnostics, use: s.ParamUse | s.EnvSet, value: object, number: bool, declared: Span
) -> None:
    """E240: a parameter's value is a string where a number belongs, or the reverse."""
    got = "a number" if isinstance(value, float) else "a string"
    wanted = "a number" if number else "a string"
    if isinstance(use, s.EnvSet):
        message = f"parameter `{use.name}` is set to {got}, but its default is {wanted}"
    else:
        message = f"parameter `{use.name}` is {got} here, but {wanted} is needed"
    sink.emit(
        "E240",
        message,
        use.span,
        note=f"its value is {value:g}" if isinstance(value, float) else f"its value is {value!r}",
        labels=(Label(span=declared, message="declared here"),),
        help="a threshold, confidence or retention takes a number (`= 0.8`); everything else "
        "a string",
    )


def merge(base: Effective, child: Effective) -> Effective:
    """`child extends base`: inherited entries the child does not replace, then the child's."""
    merged = {key: value for key, value in base.entries.items() if key not in child.entries}
    merged.update(child.entries)
    params = {key: uses for key, uses in base.params.items() if key not in child.entries}
    params.update(child.params)
    return Effective(merged, params)


def build(
    decl: s.GuardrailDecl,
    scope: Scope,
    sink: Diagnostics,
    values: Mapping[str, str | float] | None = None,
) -> Effective:
    """The entries a guardrail's own statements make.

    Two statements naming the same thing are E206. An entry that only comes from expanding a
    pii group or word list gives way silently to one named directly (in any order), so
    `block pii group "us identifiers"` and `mask driver ids` can stand together.
    """
    builder = _Builder(decl.name, scope, sink, values or {})
    first: dict[Key, s.Statement] = {}  # key → the statement that made its entry
    entries: dict[Key, object] = {}  # insertion order is the rule order
    params: dict[Key, tuple[tuple[str, str], ...]] = {}
    rules = _RULES
    for written in decl.statements:
        if written.__dict__.get("params"):  # (`bind`'s own test, without the call)
            bound = builder.bind(written)
            if bound is None:
                continue
            statement, used = bound
        else:
            statement, used = written, ()
        clash: s.Statement | None = None
        clash_what = ""
        rule = rules.get(type(statement))  # the most frequent statements, by exact class
        made_here = rule(builder, statement) if rule is not None else builder.entries(statement)
        for key, value in made_here:
            earlier = first.get(key)
            if earlier is not None:
                if earlier is statement or _expands(statement):
                    continue  # repeated within one statement, or an expansion overlapping
                if not _expands(earlier):  # named directly too
                    if clash is None:
                        clash, clash_what = earlier, describe(key)
                    continue
                del entries[key]  # named directly: replaces what a group or list expanded to
            first[key] = statement
            entries[key] = value
            if used:
                params[key] = used
        if clash is not None:
            sink.emit(
                "E206",
                f"duplicate statement: {clash_what} is configured twice",
                statement.span,
                note="configured again here",
                labels=(Label(span=clash.span, message="first configured here"),),
                help=_two_sides_hint(clash, statement)
                or "keep one statement; to change an inherited rule, write it in the child",
            )
    return Effective(entries, params)


def _two_sides_hint(first: s.Statement, again: s.Statement) -> str | None:
    """For `block X on input` then `mask X on output`: the second clause of the one statement
    that says both (`block X on input, mask on output`)."""
    a: tuple[s.Side, ...] = getattr(first, "sides", ())
    b: tuple[s.Side, ...] = getattr(again, "sides", ())
    if len(a) != 1 or len(b) != 1 or a[0].direction is b[0].direction:
        return None
    verb = b[0].verb or getattr(again, "verb", None)
    words: list[str] = []
    if verb is not None and verb is not (a[0].verb or getattr(first, "verb", None)):
        words.append(_VERB_WORD.get((type(again), verb), verb.value))
    strength = b[0].strength or getattr(again, "strength", None)
    if strength is not None:
        words.append(strength.value.lower())
    clause = " ".join([*words, "on", b[0].direction.value])
    return f"one statement sets both sides: add `, {clause}` to the first and delete this one"


_VERB_WORD: dict[tuple[type, Verb], str] = {
    (s.FilterStmt, Verb.BLOCK): "filter",
    (s.TopicStmt, Verb.BLOCK): "deny",
}


def _expands(statement: s.Statement) -> bool:
    # by exact class (statement classes have no subclasses): isinstance on a model is slower,
    # and this is asked of every statement of every guardrail
    kind = type(statement)
    return (kind is s.WordStmt and statement.from_list is not None) or (  # type: ignore[union-attr]
        kind is s.PiiStmt and statement.group is not None  # type: ignore[union-attr]
    )


class _Builder:
    """Turns one statement into keyed entries, binding names through the module's scope."""

    def __init__(
        self,
        guardrail: str,
        scope: Scope,
        sink: Diagnostics,
        values: Mapping[str, str | float],
    ) -> None:
        self.guardrail = guardrail
        self.scope = scope
        self.sink = sink
        self.values = values

    def bind(self, st: s.Statement) -> tuple[s.Statement, tuple[tuple[str, str], ...]] | None:
        """`st` with each `parameter "P"` replaced by its value (the environment's, else the
        default), and which fields came from which parameter; None after E120 (no such
        parameter) or E240 (a string where a number belongs, or the reverse)."""
        if not st.__dict__.get("params"):  # not a Parameterised statement, or none used
            return st, ()
        assert isinstance(st, s.Parameterised)
        update: dict[str, object] = {}
        for use in st.params:
            found = self.scope.get("parameter", use.name)
            if not isinstance(found, s.ParameterDef):
                ref = s.Ref(name=use.name, span=use.span)
                unknown(self.sink, "E120", "parameter", ref, self.scope.known("parameter"))
                return None
            value = self.values.get(use.name, found.value)
            wanted = use.field in _NUMBER_FIELDS
            if isinstance(value, float) != wanted:
                mismatch(self.sink, use, value, wanted, found.span)
                return None
            field_name, _, index = use.field.partition("[")
            if field_name in _TEXT_FIELDS:
                text = s.Text(value=str(value), span=use.span)
                if index:
                    items = list(update.get(field_name, getattr(st, field_name)))  # type: ignore[call-overload]
                    items[int(index.rstrip("]"))] = text
                    update[field_name] = tuple(items)
                else:
                    update[field_name] = text
            else:
                update[field_name] = value
        return st.model_copy(update=update), tuple((u.field, u.name) for u in st.params)

    def origin(self, statement: s.Statement, via: str | None = None) -> ir.Origin:
        return _origin(self.guardrail, via, statement.span)

    def entries(self, st: s.Statement) -> list[Entry]:
        rules = _RULES.get(type(st))  # the most frequent statements, by exact class
        if rules is not None:
            return rules(self, st)
        match st:
            case s.DescriptionStmt():
                return self.description(st)
            case s.KeyStmt():
                return [(Key(EntryKind.KEY), Setting(st.key, st.span))]
            case s.TagStmt():
                return self.tag(st)
            case s.TierStmt():
                return self.tier(st)
            case s.CrossRegionStmt():
                return [(Key(EntryKind.PROFILE), Setting(st.profile, st.span))]
            case s.MessageStmt():
                return self.message(st)
            case s.TopicStmt():
                return self.topic(st)
            case s.FilterStmt():
                return self.filter(st)
            case s.WordStmt():
                return self.words(st)
            case s.ProfanityStmt():
                return self.profanity(st)
            case s.PiiStmt():
                return self.pii(st)
            case s.PatternStmt():
                return self.pattern(st)
            case s.GroundingStmt():
                return self.grounding(st)
            case s.ReasoningStmt():
                reasoning = ir.Reasoning(
                    policies=tuple(p.value for p in st.policies),
                    confidence=st.confidence,
                    origin=self.origin(st),
                    span=st.span,
                )
                return [(Key(EntryKind.REASONING), reasoning)]
            case s.AccessStmt():
                return [(Key(EntryKind.ACCESS), self.access(st))]
            case s.EnforceStmt():
                enforcement = ir.Enforcement(
                    scope=st.scope,
                    models=tuple(t.value for t in st.models),
                    excluded=tuple(t.value for t in st.excluded),
                    system=st.system,
                    messages=st.messages,
                    roots=tuple(t.value for t in st.roots),
                    units=tuple(t.value for t in st.units),
                    accounts=tuple(t.value for t in st.accounts),
                    origin=self.origin(st),
                    spans=tuple(
                        (f"{name}[{i}]", text.span)
                        for name in ("models", "excluded", "roots", "units", "accounts")
                        for i, text in enumerate(getattr(st, name))
                    ),
                    span=st.span,
                )
                return [(Key(EntryKind.ENFORCE, st.scope.value), enforcement)]
            case _:
                assert_never(st)

    def description(self, st: s.DescriptionStmt) -> list[Entry]:
        return [(_DESCRIPTION, Setting(st.text, st.span))]

    def tag(self, st: s.TagStmt) -> list[Entry]:
        return [(Key(EntryKind.TAG, st.key), _tag(st.key, st.value, st.span))]

    def tier(self, st: s.TierStmt) -> list[Entry]:
        if st.part is not None:
            return [(Key(EntryKind.TIER_FOR, st.part.value), Setting(st.tier, st.span))]
        return [(_TIER, Setting(st.tier, st.span))]

    def message(self, st: s.MessageStmt) -> list[Entry]:
        return [(_MESSAGE_KEYS[st.direction], Setting(st.text, st.span))]

    def profanity(self, st: s.ProfanityStmt) -> list[Entry]:
        sides = self.sides(st, st.verb)
        origin = _origin(self.guardrail, None, st.span)
        rule = _profanity_rule(sides["input"], sides["output"], origin, st.span)
        return [(_PROFANITY, rule)]

    def grounding(self, st: s.GroundingStmt) -> list[Entry]:
        action = VERB_ACTION[st.verb]
        origin = _origin(self.guardrail, None, st.span)
        grounding = _grounding_rule(st.check, st.threshold, action, origin, st.span)
        return [(Key(EntryKind.GROUNDING, st.check.value), grounding)]

    def sides(
        self,
        st: s.TopicStmt | s.FilterStmt | s.WordStmt | s.ProfanityStmt | s.PiiStmt | s.PatternStmt,
        verb: Verb,
        strength: Strength | None = None,
        *,
        input_only: bool = False,
    ) -> dict[str, ir.SideConfig | None]:
        """Explicit directions: no clause = both sides (input only for prompt attacks) with the
        statement's verb and strength; a clause = only the sides it names."""
        if not st.sides:
            return _both_sides(verb, strength, input_only)
        result: dict[str, ir.SideConfig | None] = {"input": None, "output": None}
        for side in st.sides:
            result[side.direction.value] = _config(
                VERB_ACTION[side.verb or verb], side.strength or strength
            )
        return result

    def topic(self, st: s.TopicStmt) -> list[Entry]:
        if st.inline is not None:
            definition: s.TopicDef = st.inline
        else:
            found = self.scope.get("topic", st.topic.name)
            if not isinstance(found, s.TopicDef):
                unknown(self.sink, "E104", "topic", st.topic, self.scope.known("topic"))
                return []
            definition = found
        examples = tuple(e.value for e in definition.examples)
        topic = _topic(definition.name, definition.definition, examples, definition.span)
        sides = self.sides(st, st.verb)
        origin = _origin(self.guardrail, None, st.span)
        rule = _topic_rule(topic, sides["input"], sides["output"], origin, st.span)
        return [(Key(EntryKind.TOPIC, topic.name), rule)]

    def filter(self, st: s.FilterStmt) -> list[Entry]:
        attacks = st.category is ContentCategory.PROMPT_ATTACK
        if not st.sides and st.strength is not None:  # the common line: what follows, in short
            into, out = _both_sides(st.verb, st.strength, attacks).values()
            both = ImageMode.ONLY if st.images_only else ImageMode.WITH if st.images else None
            rule = _filter_rule(
                st.category,
                both if into is not None else None,
                both if out is not None else None,
                into,
                out,
                _origin(self.guardrail, None, st.span),
                st.span,
            )
            return [(_FILTER_KEYS[st.category], rule)]
        output_side = None
        if st.sides:
            output_side = next((x for x in st.sides if x.direction is Direction.OUTPUT), None)
        if attacks and output_side is not None and output_side.strength is Strength.NONE:
            # `on input, none on output` states exactly what Bedrock requires (an output
            # strength of NONE): the rule is input-only, as if the clause were not there.
            st = st.model_copy(update={"sides": tuple(x for x in st.sides if x is not output_side)})
            output_side = None
        if attacks and output_side is not None:
            self.sink.emit(
                "E205",
                "prompt attacks are checked on input only",
                output_side.span,
                note="Bedrock rejects an output strength for prompt attacks",
                help=(
                    "drop the `on output` clause (`filter prompt attacks at high`)"
                    " or say `none on output`"
                ),
            )
            return []
        sides = self.sides(st, st.verb, st.strength, input_only=attacks)
        missing = [name for name, c in sides.items() if c is not None and c.strength is None]
        if missing:
            where = "" if len(missing) == 2 else f" on {missing[0]}"
            phrase = FILTER_PHRASE[st.category]
            self.sink.emit(
                "E207",
                f"filter `{phrase}` has no strength{where}",
                st.span,
                note="no `at STRENGTH` for this filter",
                help=f"give a strength: `filter {phrase} at high` (or none, low, medium)",
            )
            return []
        # `including images` / `on images only` after the strength: every enabled side; inside a
        # side's clause: that side (lowering refuses a statement that says both, E232)
        both = ImageMode.ONLY if st.images_only else ImageMode.WITH if st.images else None
        own = {side.direction.value: side.images for side in st.sides} if st.sides else {}
        into, out = sides["input"], sides["output"]
        rule = _filter_rule(
            st.category,
            (own.get("input") or both) if into is not None else None,
            (own.get("output") or both) if out is not None else None,
            into,
            out,
            self.origin(st),
            st.span,
        )
        return [(_FILTER_KEYS[st.category], rule)]

    def words(self, st: s.WordStmt) -> list[Entry]:
        texts: list[str] = [w.value for w in st.words]
        via: str | None = None
        if st.from_list is not None:
            found = self.scope.get("words", st.from_list.name)
            if not isinstance(found, s.WordListDef):
                unknown(self.sink, "E105", "word list", st.from_list, self.scope.known("words"))
                return []
            texts = [w.value for w in found.words]
            via = f'words "{found.name}"'
        sides = self.sides(st, st.verb)
        into, out, origin, span = sides["input"], sides["output"], self.origin(st, via), st.span
        return [
            (Key(EntryKind.WORD, text.casefold()), _word_rule(text, into, out, origin, span))
            for text in texts
        ]

    def pii(self, st: s.PiiStmt) -> list[Entry]:
        entities = [e.entity for e in st.entities]
        via: str | None = None
        if st.group is not None:
            found = self.scope.get("pii_group", st.group.name)
            if not isinstance(found, s.PiiGroupDef):
                unknown(self.sink, "E106", "pii group", st.group, self.scope.known("pii_group"))
                return []
            entities = [e.entity for e in found.entities]
            via = f'pii group "{found.name}"'
        sides = self.sides(st, st.verb)
        into, out, origin, span = sides["input"], sides["output"], self.origin(st, via), st.span
        keys = _PII_KEYS
        return [(keys[e], _pii_rule(e, into, out, origin, span)) for e in entities]

    def pattern(self, st: s.PatternStmt) -> list[Entry]:
        name, regex, description = st.pattern.name, st.regex, st.description
        regex_span, regex_offsets, regex_lines = st.regex_span, st.regex_offsets, st.regex_lines
        if regex is None:
            found = self.scope.get("pattern", name)
            if not isinstance(found, s.PatternDef):
                unknown(self.sink, "E107", "pattern", st.pattern, self.scope.known("pattern"))
                return []
            regex, description = found.regex, found.description
            regex_span, regex_offsets = found.regex_span, found.regex_offsets
            regex_lines = found.regex_lines
        sides = self.sides(st, st.verb)
        rule = _pattern_rule(
            name,
            regex,
            description,
            regex_span,
            regex_offsets,
            regex_lines,
            sides["input"],
            sides["output"],
            _origin(self.guardrail, None, st.span),
            st.span,
        )
        return [(Key(EntryKind.PATTERN, name), rule)]

    def access(self, st: s.AccessStmt) -> ir.Access:
        def text(t: s.Text | None) -> str | None:
            return t.value if t is not None else None

        return ir.Access(
            account=text(st.account),
            region=text(st.region),
            partition=text(st.partition) or "aws",
            deployers=tuple(t.value for t in st.deployers),
            appliers=tuple(t.value for t in st.appliers),
            models=tuple(t.value for t in st.models),
            allow_delete=st.allow_delete,
            version=text(st.version),
            shared_accounts=tuple(t.value for t in st.shared_accounts),
            shared_organization=text(st.shared_organization),
            origin=self.origin(st),
            spans=_access_spans(st),
            span=st.span,
        )


_RULES: dict[type, Callable[[_Builder, Any], list[Entry]]] = {
    s.DescriptionStmt: _Builder.description,
    s.TagStmt: _Builder.tag,
    s.TierStmt: _Builder.tier,
    s.MessageStmt: _Builder.message,
    s.TopicStmt: _Builder.topic,
    s.FilterStmt: _Builder.filter,
    s.WordStmt: _Builder.words,
    s.PiiStmt: _Builder.pii,
    s.PatternStmt: _Builder.pattern,
    s.ProfanityStmt: _Builder.profanity,
    s.GroundingStmt: _Builder.grounding,
}


def _access_spans(st: s.AccessStmt) -> tuple[tuple[str, Span], ...]:
    """Where each value of an `access:` block was written: `account`, `deployers[1]`, ..."""
    spans: list[tuple[str, Span]] = []
    for name in ("account", "region", "partition", "version", "shared_organization"):
        value = getattr(st, name)
        if value is not None:
            spans.append((name, value.span))
    for name in ("deployers", "appliers", "models", "shared_accounts"):
        spans += [(f"{name}[{i}]", t.span) for i, t in enumerate(getattr(st, name))]
    return tuple(spans)


# per kind: the `Guardrail` field (`{}` for the key's name, when formatted), whether entries
# append to it, and whether it is formatted (`entries.ir_field`, looked up once per kind)
_ROWS: dict[EntryKind, tuple[str, bool, bool]] = {
    kind: (info(kind).field, info(kind).many, "{" in info(kind).field) for kind in EntryKind
}


def to_guardrail(decl: s.GuardrailDecl, effective: Effective) -> ir.Guardrail:
    """The IR guardrail from its effective entries (each kind keeps the entries' order)."""
    fields: dict[str, object] = {}
    lists: dict[str, list[object]] = {}
    spans: dict[str, Span] = {}
    rows = _ROWS
    for key, value in effective.entries.items():
        name, many, formatted = rows[key[0]]
        if formatted:
            name = name.format(key[1])
        if many:
            values = lists.get(name)
            if values is None:
                lists[name] = [value]
            else:
                values.append(value)
            continue
        if type(value) is Setting:
            fields[name] = value.value
            spans[name] = value.span
        else:
            fields[name] = value
    parameters: list[tuple[str, str]] = []
    for key, used in effective.params.items():
        if key in effective.entries:
            where = ir_field(key) + (f":{key.name}" if info(key.kind).many else "")
            for field_name, parameter in used:
                sub = (
                    f".{field_name}" if key.kind in (EntryKind.REASONING, EntryKind.ACCESS) else ""
                )
                parameters.append((where + sub, parameter))
    return made(
        ir.Guardrail,
        name=decl.name,
        parameters=tuple(parameters),
        extends=decl.extends.name if decl.extends is not None else None,
        **fields,
        **{name: tuple(values) for name, values in lists.items()},
        spans=made(ir.SettingSpans, **spans),
        span=decl.span,
    )
